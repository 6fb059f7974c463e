"""A second witness for a wrong gradient: the numerical gradient of the reference forward.

When a backward pass disagrees with the reference, centred differences of the reference
*forward* (``cnnlab.reference.gradcheck``) say independently which of the two is right, so a
student never has to take the reference backward's word for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from cnnlab.check.cases import Case
from cnnlab.check.catalog import FunctionSpec
from cnnlab.check.wire import Forward
from cnnlab.reference.gradcheck import numerical_gradient, rel_error

MAX_ENTRIES = 2000            # numerical gradients cost two forwards per entry: small cases only


def _forward(spec: FunctionSpec, case: Case) -> tuple[Callable[..., Any], list[Any]] | None:
    from cnnlab.reference import cs231n, dlai

    if spec.name == "conv_backward":
        return dlai.conv_forward, list(case.args[1])
    if spec.name == "pool_backward":
        A, hparameters = case.args[1]
        return dlai.pool_forward, [A, hparameters, case.args[2]]
    if spec.forward and isinstance(case.args[1], Forward):
        return getattr(cs231n, spec.forward.replace("naive", "fast")), list(case.args[1].args)
    return None


def witness(spec: FunctionSpec, case: Case, index: int, got: np.ndarray) -> str | None:
    """One sentence comparing the numerical gradient with the expected and the student's output
    ``index`` (the gradient of the forward's input number ``index``), or None."""
    found = _forward(spec, case)
    if found is None or got.shape != case.expected[index].shape:
        return None
    forward, args = found
    if np.size(args[index]) > MAX_ENTRIES:
        return None

    def f(value: np.ndarray) -> np.ndarray:
        return forward(*args[:index], value, *args[index + 1:])[0]

    numerical = numerical_gradient(f, args[index], case.args[0])
    name = [k for k in spec.keep if k][index]
    said = (f"second witness, case '{case.name}': the numerical gradient of the reference "
            f"forward agrees with the expected {name} (rel_error "
            f"{rel_error(numerical, case.expected[index]):.1e}), not with yours (rel_error "
            f"{rel_error(numerical, got):.1e})")
    if "conv" in spec.name and index == 0:         # the forward is linear in its input
        x, dout = np.asarray(args[0], dtype=np.float64), case.args[0]
        forward_x = np.sum((f(x) - f(np.zeros_like(x))) * dout)
        said += (f"; adjoint test ⟨C·x, dout⟩ = {forward_x:.6g}, ⟨x, your {name}⟩ = "
                 f"{np.sum(x * got):.6g}")
    return said

"""A case the checker runs: the arguments, the reference's answer and how closely to match it.

The batteries themselves live in ``battery_dlai`` and ``battery_cs231n``; the expected outputs
always come from ``cnnlab.reference`` (the courses' adapters), never from the student.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cnnlab.check.catalog import ECHO, SPECS, Convention, FunctionSpec
from cnnlab.check.wire import Forward


@dataclass(frozen=True)
class Case:
    """One call of a student function and what it must return.

    ``seed`` says how the inputs were drawn (the course's ``np.random.seed(1)`` or
    ``default_rng(N)``) so anyone can rebuild them; ``course`` marks the cases the course's own
    notebook checks.
    """

    name: str
    args: tuple[Any, ...]
    seed: str
    course: bool = False
    expected: tuple[np.ndarray, ...] = field(default=(), repr=False)
    rtol: float = 1e-5
    atol: float = 1e-8


def course_randn(seed: int, *shapes: tuple[int, ...]) -> list[np.ndarray]:
    """``np.random.seed(seed)`` then ``np.random.randn`` per shape, as the notebooks draw their
    inputs, without touching numpy's global random state."""
    state = np.random.RandomState(seed)
    return [state.randn(*shape) for shape in shapes]


def normal(seed: int, *shapes: tuple[int, ...], dtype=np.float64) -> list[np.ndarray]:
    """Standard normal arrays from ``np.random.default_rng(seed)``, one per shape."""
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape).astype(dtype) for shape in shapes]


def adapter(spec: FunctionSpec) -> Callable[..., Any]:
    """The reference function with the course's name and signature."""
    from cnnlab.reference import cs231n, dlai

    return getattr(dlai if spec.convention is Convention.DLAI else cs231n, spec.name)


def resolve(spec: FunctionSpec, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """``args`` with a ``Forward`` marker replaced by the reference forward's cache."""
    out = []
    for arg in args:
        if isinstance(arg, Forward):
            arg = adapter(SPECS[spec.forward])(*arg.args)[1]
        out.append(arg)
    return tuple(out)


def compared(spec: FunctionSpec, value: Any) -> tuple[np.ndarray, ...]:
    """The outputs of a return value that are compared (caches dropped, or their first item)."""
    items = (value,) if spec.single else value
    return tuple(np.asarray(v[0] if k == ECHO else v)
                 for v, k in zip(items, spec.keep, strict=True) if k)


def with_expected(spec: FunctionSpec, case: Case) -> Case:
    """``case`` with the reference's outputs filled in (float32 cases get looser tolerances)."""
    value = adapter(spec)(*resolve(spec, case.args))
    loose = any(getattr(a, "dtype", None) == np.float32 for a in case.args)
    tolerance = {"rtol": 1e-4, "atol": 1e-5} if loose else {}
    return Case(**{**case.__dict__, "expected": compared(spec, value), **tolerance})


def battery(spec: FunctionSpec) -> list[Case]:
    """Every case for ``spec``: the course's own first, then the edge cases courses miss."""
    from cnnlab.check import battery_cs231n, battery_dlai

    module = battery_dlai if spec.convention is Convention.DLAI else battery_cs231n
    return [with_expected(spec, case) for case in module.CASES[spec.name]()]

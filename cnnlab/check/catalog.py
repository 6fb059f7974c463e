"""The functions the checker knows: the courses' names, arities, outputs and helpers.

deeplearning.ai ("Convolution model - Step by Step", NHWC) and cs231n assignment 2 (NCHW) fix
the names and signatures students write; the checker finds functions by these names (or by a
``--map course_name=student_name``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.check.convention import Convention
from cnnlab.errors import CnnlabError


class CheckError(CnnlabError):
    """A file cannot be checked as asked (unknown function, unreadable file, bad option)."""


@dataclass(frozen=True)
class FunctionSpec:
    """One course function: its name, arity, which outputs are compared and its helpers.

    ``keep`` lists the output names in the order the function returns them; ``None`` marks one
    that is returned but not compared (a cache), ``ECHO`` a cache whose first item is compared.
    A single-output function returns the value itself, not a tuple; ``scalar`` functions must
    return a number, not an array.
    """

    name: str
    convention: Convention
    params: tuple[str, ...]
    keep: tuple[str | None, ...]
    helpers: tuple[str, ...] = ()
    forward: str | None = None          # cs231n: the forward whose cache a backward receives
    scalar: bool = False

    @property
    def single(self) -> bool:
        return len(self.keep) == 1


ECHO = "cache[0]"    # deeplearning.ai's tests also check the cache's first item: the input echoed

DLAI = (
    FunctionSpec("zero_pad", Convention.DLAI, ("X", "pad"), ("X_pad",)),
    FunctionSpec("conv_single_step", Convention.DLAI, ("a_slice_prev", "W", "b"), ("Z",),
                 scalar=True),
    FunctionSpec("conv_forward", Convention.DLAI, ("A_prev", "W", "b", "hparameters"),
                 ("Z", ECHO), helpers=("zero_pad", "conv_single_step")),
    FunctionSpec("conv_backward", Convention.DLAI, ("dZ", "cache"), ("dA_prev", "dW", "db"),
                 helpers=("zero_pad",)),
    FunctionSpec("pool_forward", Convention.DLAI, ("A_prev", "hparameters", "mode"), ("A", ECHO)),
    FunctionSpec("create_mask_from_window", Convention.DLAI, ("x",), ("mask",)),
    FunctionSpec("distribute_value", Convention.DLAI, ("dz", "shape"), ("a",)),
    FunctionSpec("pool_backward", Convention.DLAI, ("dA", "cache", "mode"), ("dA_prev",),
                 helpers=("create_mask_from_window", "distribute_value")),
)

CS231N = (
    FunctionSpec("conv_forward_naive", Convention.CS231N, ("x", "w", "b", "conv_param"),
                 ("out", None)),
    FunctionSpec("conv_backward_naive", Convention.CS231N, ("dout", "cache"), ("dx", "dw", "db"),
                 forward="conv_forward_naive"),
    FunctionSpec("max_pool_forward_naive", Convention.CS231N, ("x", "pool_param"), ("out", None)),
    FunctionSpec("max_pool_backward_naive", Convention.CS231N, ("dout", "cache"), ("dx",),
                 forward="max_pool_forward_naive"),
)

SPECS = {spec.name: spec for spec in DLAI + CS231N}


def specs_for(convention: Convention) -> tuple[FunctionSpec, ...]:
    """The functions of one course, in the order the assignment introduces them."""
    if convention is Convention.AUTO:
        raise CheckError("resolve the convention before asking for its functions")
    return DLAI if convention is Convention.DLAI else CS231N


def guess_convention(names: set[str]) -> Convention:
    """The course whose function names the file defines most of (``dlai`` on a tie of two)."""
    dlai = sum(spec.name in names for spec in DLAI)
    cs231n = sum(spec.name in names for spec in CS231N)
    if not dlai and not cs231n:
        raise CheckError("no course function found: expected deeplearning.ai names (zero_pad, "
                         "conv_forward, pool_backward, ...) or cs231n names (conv_forward_naive, "
                         "max_pool_backward_naive, ...); rename or use --map NAME=yours")
    return Convention.CS231N if cs231n > dlai else Convention.DLAI

"""Pooling: max / average windows, global pooling and adaptive pooling. No parameters."""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.arith import Padding, PoolMode, Receptive, check_pool_padding
from cnnlab.layers.base import (
    Layer,
    Outcome,
    check_at_least,
    join_spec,
    pair_text,
    require_spatial,
)
from cnnlab.layers.window import coverage_notes, window_sizes
from cnnlab.shape import Shape

__all__ = ["AdaptivePool2d", "GlobalPool2d", "Pool2d", "PoolMode"]


@dataclass(frozen=True)
class Pool2d(Layer):
    """Max or average pooling over f_h×f_w windows; the stride defaults to the window size.

    Notes
    -----
    Output size as for a convolution, optionally rounded up (``ceil_mode``, PyTorch/Caffe).
    Padding is at most half the window on each side, so no window lies entirely in it.
    Channels are unchanged and there is nothing to learn: 0 parameters.
    """

    kind = "pool"

    mode: PoolMode
    kernel: tuple[int, int]
    stride: tuple[int, int] | None = None
    padding: Padding = Padding()
    ceil_mode: bool = False

    def __post_init__(self) -> None:
        check_at_least(1, f=self.kernel)
        if self.stride is None:
            object.__setattr__(self, "stride", self.kernel)  # the default: windows side by side
        check_at_least(1, s=self.step)

    @property
    def step(self) -> tuple[int, int]:
        """The stride (after ``__post_init__`` never ``None``)."""
        return self.stride or self.kernel

    def apply(self, x: Shape) -> Outcome:
        sizes = window_sizes(
            x, self.kernel, self.step, self.padding, (1, 1), self.ceil_mode, f"{self.mode} pooling"
        )
        check_pool_padding(sizes)
        out = Shape(x.c, sizes[0].value, sizes[1].value)
        return Outcome(out, sizes=sizes, notes=coverage_notes(sizes))

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.through_window(self.kernel, self.step)

    def spec(self) -> str:
        return join_spec(
            "pool",
            self.mode.value,
            pair_text("f", self.kernel),
            pair_text("s", self.step, self.kernel),
            "" if self.padding == Padding() else f"p={self.padding}",
            "ceil" if self.ceil_mode else "",
        )


@dataclass(frozen=True)
class GlobalPool2d(Layer):
    """Global max/average pooling: H×W×C → 1×1×C (as PyTorch's AdaptiveAvgPool2d(1))."""

    kind = "gap"

    mode: PoolMode = PoolMode.AVG

    def apply(self, x: Shape) -> Outcome:
        require_spatial(x, "global pooling")
        return Outcome(Shape(x.c, 1, 1))

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.everything()

    def spec(self) -> str:
        return "gap" if self.mode is PoolMode.AVG else "gmp"


@dataclass(frozen=True)
class AdaptivePool2d(Layer):
    """Adaptive pooling to a fixed o_h×o_w output, whatever the input (PyTorch's AdaptiveAvgPool2d).

    Output cell i covers input rows ⌊i·n/o⌋ … ⌈(i + 1)·n/o⌉ − 1; an input smaller than the
    output repeats rows (AlexNet's 6×6 pool on a small image does this).
    """

    kind = "adaptivepool"

    mode: PoolMode
    output: tuple[int, int]

    def __post_init__(self) -> None:
        check_at_least(1, o=self.output)

    def apply(self, x: Shape) -> Outcome:
        h, w = require_spatial(x, "adaptive pooling")
        notes = ()
        if (h, w) == self.output:
            notes = (f"input is already {h}×{w}: adaptive pooling is the identity here",)
        return Outcome(Shape(x.c, *self.output), notes=notes)

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        h, w = require_spatial(x, "adaptive pooling")
        windows = tuple(-(-n // o) for n, o in zip((h, w), self.output, strict=True))
        strides = tuple(max(1, n // o) for n, o in zip((h, w), self.output, strict=True))
        return rf.through_window(windows, strides)  # type: ignore[arg-type]

    def spec(self) -> str:
        return join_spec("adaptivepool", self.mode.value, pair_text("o", self.output))

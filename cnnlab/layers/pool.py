"""Pooling: max / average windows, global pooling and adaptive pooling. No parameters."""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.arith import Padding, PoolMode, Receptive, check_pool_padding
from cnnlab.arith.coverage import adaptive_spans
from cnnlab.layers.base import (
    Layer,
    Outcome,
    check_at_least,
    join_spec,
    pair_text,
    require_spatial,
)
from cnnlab.layers.costs import Ops, Saved, Terms
from cnnlab.layers.window import coverage_notes, effective_kernel, window_sizes
from cnnlab.shape import Shape

__all__ = ["AdaptivePool2d", "GlobalPool2d", "Pool2d", "PoolMode"]


def reduce_ops(mode: PoolMode, outputs: int, inputs: int) -> Ops:
    """``outputs`` windows reading ``inputs`` values in all: max compares, average adds and
    divides once per output."""
    if mode is PoolMode.MAX:
        return Ops(other=inputs - outputs)
    return Ops(adds=inputs - outputs, other=outputs)


def saved_by(mode: PoolMode, out: Shape) -> Saved:
    """Max pooling's backward reads its input and the argmax indices; average reads nothing."""
    return Saved(input=True, indices=out.elements) if mode is PoolMode.MAX else Saved()


def _spans(n: int, o: int) -> int:
    """Σ of the adaptive window lengths along one axis: cell i covers ⌊i·n/o⌋ … ⌈(i+1)·n/o⌉."""
    return adaptive_spans(n, o)  # closed form: o may be 10¹²


@dataclass(frozen=True)
class Pool2d(Layer):
    """Max or average pooling over f_h×f_w windows; the stride defaults to the window size.

    Notes
    -----
    Output size as for a convolution, optionally rounded up (``ceil_mode``, PyTorch/Caffe),
    with taps ``d`` apart (``dilation``, as PyTorch's MaxPool2d). Padding is at most half the
    window on each side, so no window lies entirely in it. Channels are unchanged and there is
    nothing to learn: 0 parameters.
    """

    kind = "pool"

    mode: PoolMode
    kernel: tuple[int, int]
    stride: tuple[int, int] | None = None
    padding: Padding = Padding()
    ceil_mode: bool = False
    dilation: tuple[int, int] = (1, 1)

    def __post_init__(self) -> None:
        check_at_least(1, f=self.kernel, d=self.dilation)
        if self.stride is None:
            object.__setattr__(self, "stride", self.kernel)  # the default: windows side by side
        check_at_least(1, s=self.step)

    @property
    def step(self) -> tuple[int, int]:
        """The stride (after ``__post_init__`` never ``None``)."""
        return self.stride or self.kernel

    def apply(self, x: Shape) -> Outcome:
        sizes = window_sizes(
            x, self.kernel, self.step, self.padding, self.dilation, self.ceil_mode,
            f"{self.mode} pooling",
        )
        check_pool_padding(sizes)
        out = Shape(x.c, sizes[0].value, sizes[1].value)
        return Outcome(out, sizes=sizes, notes=coverage_notes(sizes))

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        return reduce_ops(self.mode, out.elements, self.kernel[0] * self.kernel[1] * out.elements)

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]] | None:
        return None

    def saved(self, x: Shape, out: Shape) -> Saved:
        return saved_by(self.mode, out)

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.through_window(effective_kernel(self.kernel, self.dilation), self.step)

    def spec(self) -> str:
        return join_spec(
            "pool",
            self.mode.value,
            pair_text("f", self.kernel),
            pair_text("s", self.step, self.kernel),
            "" if self.padding == Padding() else f"p={self.padding}",
            pair_text("d", self.dilation, (1, 1)),
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

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        return reduce_ops(self.mode, x.c, x.elements)

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]] | None:
        return None

    def saved(self, x: Shape, out: Shape) -> Saved:
        return saved_by(self.mode, out)

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

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        (o_h, o_w), (h, w) = self.output, (x.h or 1, x.w or 1)
        return reduce_ops(self.mode, x.c * o_h * o_w, x.c * _spans(h, o_h) * _spans(w, o_w))

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]] | None:
        return None

    def saved(self, x: Shape, out: Shape) -> Saved:
        return saved_by(self.mode, out)

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        h, w = require_spatial(x, "adaptive pooling")
        (o_h, o_w) = self.output
        windows = (-(-h // o_h), -(-w // o_w))
        return rf.through_window(windows, (max(1, h // o_h), max(1, w // o_w)))

    def spec(self) -> str:
        return join_spec("adaptivepool", self.mode.value, pair_text("o", self.output))

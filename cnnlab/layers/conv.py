"""Convolution: standard, grouped, depthwise, dilated (the transposed one is in transposed.py)."""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.arith import Padding, Receptive
from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.layers.base import (
    Layer,
    Outcome,
    check_at_least,
    join_spec,
    pair_text,
    require_spatial,
)
from cnnlab.layers.costs import Ops, Terms, gradient_ops, hits, weighted_ops
from cnnlab.layers.window import coverage_notes, effective_kernel, window_roles, window_sizes
from cnnlab.shape import Shape


def groups_for(x: Shape, groups: int, filters: int, kind: str) -> None:
    if x.c % groups or filters % groups:
        raise ShapeError(
            f"{kind} with g={groups} groups needs input channels and filters divisible by "
            f"{groups}, got C_in={x.c}, C_out={filters}"
        )


@dataclass(frozen=True)
class Conv2d(Layer):
    """2-D convolution (cross-correlation, as every framework computes it).

    ``filters=None`` with ``depthwise=True`` means ``multiplier·C_in`` filters, one group per
    input channel (MobileNet's depthwise convolution).

    Notes
    -----
    parameters = (f_h·f_w·C_in/g + bias)·C_out;  MACs = H_out·W_out·C_out·f_h·f_w·C_in/g.
    """

    kind = "conv"

    filters: int | None
    kernel: tuple[int, int]
    stride: tuple[int, int] = (1, 1)
    padding: Padding = Padding()
    dilation: tuple[int, int] = (1, 1)
    groups: int = 1
    bias: bool = True
    depthwise: bool = False
    multiplier: int = 1

    def __post_init__(self) -> None:
        check_at_least(1, f=self.kernel, s=self.stride, d=self.dilation, g=self.groups)
        check_at_least(1, m=self.multiplier)
        if self.filters is not None:
            check_at_least(1, k=self.filters)
        elif not self.depthwise:
            raise LayerArgumentError("conv needs the number of filters k")

    def resolved(self, x: Shape) -> tuple[int, int]:
        """(C_out, groups) for input ``x``."""
        if not self.depthwise:
            return self.filters or 0, self.groups
        c_out = self.filters if self.filters is not None else self.multiplier * x.c
        return c_out, x.c

    def apply(self, x: Shape) -> Outcome:
        kind = "depthwise conv" if self.depthwise else "conv"
        require_spatial(x, kind)
        c_out, g = self.resolved(x)
        groups_for(x, g, c_out, kind)
        sizes = window_sizes(x, self.kernel, self.stride, self.padding, self.dilation, kind=kind)
        out = Shape(c_out, sizes[0].value, sizes[1].value)
        f_h, f_w = self.kernel
        per_filter = f_h * f_w * (x.c // g)
        params = (per_filter + int(self.bias)) * c_out
        fan = f"{f_h}·{f_w}·{x.c}" + (f"/{g}" if g > 1 else "")
        formula = f"({fan}{' + 1' if self.bias else ''})·{c_out} = {params}"
        macs = self.products(x, out)
        return Outcome(out, params, 0, macs, sizes, formula, coverage_notes(sizes))

    def products(self, x: Shape, out: Shape) -> int:
        """MACs = H_out·W_out·C_out·f_h·f_w·C_in/g: one product per weight tap and output."""
        return out.elements * self.kernel[0] * self.kernel[1] * (x.c // self.resolved(x)[1])

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        return weighted_ops(self.products(x, out), out.elements, out.elements * self.bias)

    def backward_ops(self, x: Shape, out: Shape, needs_dx: bool) -> Ops:
        """dW = dY ⊗ X and dX = rot180(W) ⊗̃ dY each take the forward's products."""
        c_out, g = self.resolved(x)
        (f_h, f_w), (s_h, s_w), (d_h, d_w) = self.kernel, self.stride, self.dilation
        products = self.products(x, out)
        weights = f_h * f_w * (x.c // g) * c_out
        # dX is formed on the padded input: the positions the windows touch receive sums
        touched = hits(out.h or 1, f_h, s_h, d_h) * hits(out.w or 1, f_w, s_w, d_w) * x.c
        bias = out.elements - c_out if self.bias else 0  # db: each channel sums H_out·W_out
        return gradient_ops(Ops(products, weights), Ops(products, touched), needs_dx, bias)

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]]:
        c_out, g = self.resolved(x)
        inner = "f_h*f_w*c_in" + ("/g" if g > 1 or self.depthwise else "")
        terms = Terms("h_out*w_out*c_out", inner, "1", f"({inner} + {int(self.bias)})*c_out",
                      "h_out*w_out*c_out", self.bias, same_size=True, depthwise=self.depthwise)
        m = c_out // x.c if self.depthwise else 1
        return terms, window_roles(x, out, self.kernel) | {"g": g, "m": m}

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.through_window(effective_kernel(self.kernel, self.dilation), self.stride)

    def spec(self) -> str:
        kind = "dwconv" if self.depthwise else "conv"
        return join_spec(
            kind,
            pair_text("f", self.kernel),
            "" if self.filters is None else f"k={self.filters}",
            f"m={self.multiplier}" if self.multiplier != 1 else "",
            pair_text("s", self.stride, (1, 1)),
            "" if self.padding == Padding() else f"p={self.padding}",
            pair_text("d", self.dilation, (1, 1)),
            f"g={self.groups}" if self.groups != 1 and not self.depthwise else "",
            "" if self.bias else "bias=false",
        )

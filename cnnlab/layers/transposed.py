"""Transposed ("fractionally strided") convolution: the backward pass of a convolution."""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.arith import Padding, PadMode, Receptive, transposed_output_size
from cnnlab.errors import LayerArgumentError
from cnnlab.layers.base import Layer, Outcome, check_at_least, join_spec, pair_text, require_spatial
from cnnlab.layers.conv import groups_for
from cnnlab.layers.costs import Ops, Terms, gradient_ops, hits, weighted_ops
from cnnlab.layers.window import effective_kernel, window_roles
from cnnlab.shape import Shape


@dataclass(frozen=True)
class ConvTranspose2d(Layer):
    """Transposed ("fractionally strided") convolution: the backward pass of a convolution.

    Notes
    -----
    out = s·(n − 1) + d·(f − 1) + 1 − p + output_padding;
    parameters = C_in·f_h·f_w·C_out/g + bias·C_out;
    MACs = H_in·W_in·C_in·f_h·f_w·C_out/g, exactly the MACs of the convolution it mirrors.
    """

    kind = "convT"

    filters: int
    kernel: tuple[int, int]
    stride: tuple[int, int] = (1, 1)
    padding: Padding = Padding()
    dilation: tuple[int, int] = (1, 1)
    output_padding: tuple[int, int] = (0, 0)
    groups: int = 1
    bias: bool = True

    def __post_init__(self) -> None:
        check_at_least(1, k=self.filters, f=self.kernel, s=self.stride, d=self.dilation)
        check_at_least(1, g=self.groups)
        check_at_least(0, op=self.output_padding)
        if self.padding.mode not in (PadMode.EXPLICIT, PadMode.VALID):
            raise LayerArgumentError(
                f"convT takes numeric padding (p=N, p=HxW or p=top/bottom/left/right) or "
                f"p=valid, got p={self.padding.mode.value}"
            )

    def apply(self, x: Shape) -> Outcome:
        n = require_spatial(x, "convT")
        groups_for(x, self.groups, self.filters, "convT")
        sizes = tuple(
            transposed_output_size(
                n[axis],
                self.kernel[axis],
                self.stride[axis],
                *self.padding.resolve(axis, n[axis], 0, 1),
                self.dilation[axis],
                self.output_padding[axis],
                axis,
            )
            for axis in (0, 1)
        )
        out = Shape(self.filters, sizes[0].value, sizes[1].value)
        f_h, f_w = self.kernel
        per_input = f_h * f_w * (self.filters // self.groups)
        params = x.c * per_input + self.bias * self.filters
        fan = f"{x.c}·{f_h}·{f_w}·{self.filters}" + (f"/{self.groups}" if self.groups > 1 else "")
        formula = f"{fan}{f' + {self.filters}' if self.bias else ''} = {params}"
        return Outcome(out, params, 0, self.products(x), (sizes[0], sizes[1]), formula)

    def products(self, x: Shape) -> int:
        """MACs = H_in·W_in·C_in·f_h·f_w·C_out/g: each input meets every weight of its group."""
        return x.elements * self.kernel[0] * self.kernel[1] * (self.filters // self.groups)

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        (f_h, f_w), (s_h, s_w), (d_h, d_w) = self.kernel, self.stride, self.dilation
        sums = hits(x.h or 1, f_h, s_h, d_h) * hits(x.w or 1, f_w, s_w, d_w) * self.filters
        return weighted_ops(self.products(x), sums, out.elements * self.bias)

    def backward_ops(self, x: Shape, out: Shape, needs_dx: bool) -> Ops:
        products = self.products(x)
        weights = x.c * self.kernel[0] * self.kernel[1] * (self.filters // self.groups)
        bias = out.elements - self.filters if self.bias else 0
        return gradient_ops(Ops(products, weights), Ops(products, x.elements), needs_dx, bias)

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]]:
        div = "/g" if self.groups > 1 else ""
        terms = Terms("1", f"h_in*w_in*c_in*f_h*f_w*c_out{div}", "h_out*w_out*c_out",
                      f"c_in*f_h*f_w*c_out{div} + {int(self.bias)}*c_out", "h_out*w_out*c_out",
                      self.bias, exact_sums=False)
        return terms, window_roles(x, out, self.kernel) | {"g": self.groups}

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.through_transposed(effective_kernel(self.kernel, self.dilation), self.stride)

    def spec(self) -> str:
        return join_spec(
            "convT",
            pair_text("f", self.kernel),
            f"k={self.filters}",
            pair_text("s", self.stride, (1, 1)),
            "" if self.padding == Padding() else f"p={self.padding}",
            pair_text("d", self.dilation, (1, 1)),
            pair_text("op", self.output_padding, (0, 0)),
            f"g={self.groups}" if self.groups != 1 else "",
            "" if self.bias else "bias=false",
        )

"""Sliding-window arithmetic shared by convolution and pooling layers."""

from __future__ import annotations

from cnnlab.arith import OutputSize, Padding, conv_output_size
from cnnlab.layers.base import require_spatial
from cnnlab.shape import Shape


def effective_kernel(kernel: tuple[int, int], dilation: tuple[int, int]) -> tuple[int, int]:
    return (dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1)


def window_sizes(
    x: Shape,
    kernel: tuple[int, int],
    stride: tuple[int, int],
    padding: Padding,
    dilation: tuple[int, int],
    ceil_mode: bool = False,
    kind: str = "a window layer",
) -> tuple[OutputSize, OutputSize]:
    """Output-size arithmetic along height and width for a sliding window (``kind`` for errors)."""
    n = require_spatial(x, kind)
    f_eff = effective_kernel(kernel, dilation)
    sizes = []
    for axis in (0, 1):
        before, after = padding.resolve(axis, n[axis], f_eff[axis], stride[axis])
        sizes.append(
            conv_output_size(
                n[axis], kernel[axis], stride[axis], before, after, dilation[axis], ceil_mode, axis
            )
        )
    return sizes[0], sizes[1]


def coverage_notes(sizes: tuple[OutputSize, OutputSize]) -> tuple[str, ...]:
    """Uncovered rows and columns, said once when height and width work out alike."""
    if sizes[0] == sizes[1]:
        notes = (sizes[0].note(None),)
    else:
        notes = (sizes[0].note(0), sizes[1].note(1))
    return tuple(n for n in notes if n)


def window_roles(x: Shape, out: Shape, kernel: tuple[int, int]) -> dict[str, int]:
    """The role values of a window layer's formulas: input, output and kernel sizes."""
    (h_in, w_in), (h_out, w_out) = require_spatial(x, "a window"), require_spatial(out, "a window")
    return {"h_in": h_in, "w_in": w_in, "c_in": x.c, "h_out": h_out, "w_out": w_out,
            "c_out": out.c, "f_h": kernel[0], "f_w": kernel[1], "f": kernel[0]}

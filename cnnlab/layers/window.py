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

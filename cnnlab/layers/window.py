"""Sliding-window arithmetic shared by convolution and pooling layers (resolved in ``arith``)."""

from __future__ import annotations

from cnnlab.arith import OutputSize, Padding
from cnnlab.arith import effective_kernel as effective_kernel
from cnnlab.arith import window_sizes as _window_sizes
from cnnlab.layers.base import require_spatial
from cnnlab.shape import Shape


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
    return _window_sizes(n, kernel, stride, padding, dilation, ceil_mode)


def coverage_notes(sizes: tuple[OutputSize, OutputSize]) -> tuple[str, ...]:
    """Uncovered rows and columns, said once when height and width work out alike."""
    if sizes[0] == sizes[1]:
        notes = (sizes[0].note(None),)
    else:
        notes = (sizes[0].note(0), sizes[1].note(1))
    return tuple(n for n in notes if n)

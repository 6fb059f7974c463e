"""Sliding-window arithmetic: shared by convolution and pooling layers, and one window on its
own (``output_sizes``, what ``cnnlab shape --n 6 --f 3 --p 1 --s 2`` shows). Padding and output
sizes are resolved in ``cnnlab.arith`` (the resolver the numpy reference layers use too)."""

from __future__ import annotations

from cnnlab.arith import OutputSize, Padding, transposed_output_size
from cnnlab.arith import effective_kernel as effective_kernel
from cnnlab.arith import window_sizes as _window_sizes
from cnnlab.errors import LayerArgumentError
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


def window_roles(x: Shape, out: Shape, kernel: tuple[int, int]) -> dict[str, int]:
    """The role values of a window layer's formulas: input, output and kernel sizes."""
    (h_in, w_in), (h_out, w_out) = require_spatial(x, "a window"), require_spatial(out, "a window")
    return {"h_in": h_in, "w_in": w_in, "c_in": x.c, "h_out": h_out, "w_out": w_out,
            "c_out": out.c, "f_h": kernel[0], "f_w": kernel[1], "f": kernel[0]}


def output_sizes(
    n: tuple[int, int],
    f: tuple[int, int],
    s: tuple[int, int] = (1, 1),
    padding: Padding | None = None,
    d: tuple[int, int] = (1, 1),
    *,
    ceil_mode: bool = False,
    transposed: bool = False,
    output_padding: tuple[int, int] = (0, 0),
) -> tuple[OutputSize, OutputSize]:
    """Height and width arithmetic of one window (rounded up with ``ceil_mode``, or transposed).

    >>> h, w = output_sizes((6, 6), (3, 3), (2, 2), Padding.symmetric(1))
    >>> h.formula()
    '⌊(6 + 2·1 − 3)/2⌋ + 1 = 3'
    """
    padding = padding or Padding()
    if not transposed:
        if output_padding != (0, 0):
            raise LayerArgumentError("output padding (--op) only applies to --transposed")
        return window_sizes(Shape(1, n[0], n[1]), f, s, padding, d, ceil_mode)
    if ceil_mode:
        raise LayerArgumentError("ceil mode applies to pooling, not to --transposed")
    if padding.mode.value not in ("explicit", "valid"):
        raise LayerArgumentError(
            f"a transposed convolution takes numeric padding, got p={padding.mode.value}"
        )
    h, w = (
        transposed_output_size(
            n[a], f[a], s[a], *padding.resolve(a, n[a], 0, 1), d[a], output_padding[a], a
        )
        for a in (0, 1)
    )
    return h, w

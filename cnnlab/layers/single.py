"""One window computation on its own: ``cnnlab shape --n 6 --f 3 --p 1 --s 2``."""

from __future__ import annotations

from cnnlab.arith import OutputSize, Padding, transposed_output_size
from cnnlab.errors import LayerArgumentError
from cnnlab.layers.window import window_sizes
from cnnlab.shape import Shape


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

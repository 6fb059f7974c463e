"""The sparse matrix of a window layer: which kernel weight sits where (for pictures of C).

A convolution of an ``H×W`` input to an ``H_out×W_out`` output is a matrix product ``y = C x``
with ``x`` and ``y`` flattened row by row (as Dumoulin & Visin unroll them); ``C`` has one row per
output cell and one column per input cell, and entry ``(o, i)`` is the weight ``w[k_h, k_w]``
that output ``o`` multiplies input ``i`` by, or zero. A transposed convolution's matrix is the
transpose of the matrix of the convolution it mirrors.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.arith import Padding
from cnnlab.draw.picture import WindowPicture, picture_of_sizes


@dataclass(frozen=True)
class SparseMatrix:
    """Rows × columns and the non-zero entries ``(row, column, (k_h, k_w))``, row-major order."""

    shape: tuple[int, int]
    entries: tuple[tuple[int, int, tuple[int, int]], ...]

    def dense(self) -> list[list[tuple[int, int] | None]]:
        """Every entry: the weight index, or ``None`` for a structural zero."""
        rows: list[list[tuple[int, int] | None]] = [[None] * self.shape[1]
                                                    for _ in range(self.shape[0])]
        for r, c, weight in self.entries:
            rows[r][c] = weight
        return rows


def sparse_matrix(picture: WindowPicture) -> SparseMatrix:
    """The matrix ``C`` with ``y = C x`` for the layer of ``picture`` (one channel).

    Taps that fall on padding, inserted zeros or past the input contribute nothing.

    >>> from cnnlab.spec import parse_layer
    >>> from cnnlab.draw.picture import window_picture
    >>> from cnnlab.network.graph import LayerNode
    >>> from cnnlab.shape import Shape
    >>> p = window_picture(LayerNode(parse_layer("conv:f=2,k=1"), "conv"), Shape(1, 2, 3))
    >>> m = sparse_matrix(p)
    >>> m.shape, m.entries[:4]
    ((2, 6), ((0, 0, (0, 0)), (0, 1, (0, 1)), (0, 3, (1, 0)), (0, 4, (1, 1))))
    """
    in_w = picture.input.w or 0
    out_w = picture.out_hw[1]
    entries = []
    for frame in picture.frames():
        row = frame.out[0] * out_w + frame.out[1]
        for (r, c), weight in zip(frame.cells, frame.weights, strict=True):
            if r < picture.canvas[0] and c < picture.canvas[1]:
                source = picture.source(r, c)
                if source is not None:
                    entries.append((row, source[0] * in_w + source[1], weight))
    entries.sort()
    size_in = (picture.input.h or 0) * in_w
    return SparseMatrix((picture.out_hw[0] * out_w, size_in), tuple(entries))


def window_matrix(
    n: tuple[int, int],
    f: tuple[int, int],
    s: tuple[int, int] = (1, 1),
    padding: Padding | None = None,
    d: tuple[int, int] = (1, 1),
    *,
    transposed: bool = False,
    output_padding: tuple[int, int] = (0, 0),
) -> SparseMatrix:
    """``C`` for one channel of a convolution (or transposed convolution) on an ``n`` input.

    The settings are read as ``cnnlab shape --n … --f …`` reads them (and fail the same way).

    >>> c = window_matrix((4, 4), (3, 3))                  # Dumoulin & Visin's 4×16 example
    >>> c.shape, [col for row, col, w in c.entries if row == 0]
    ((4, 16), [0, 1, 2, 4, 5, 6, 8, 9, 10])
    >>> window_matrix((2, 2), (3, 3), transposed=True).shape
    (16, 4)
    """
    from cnnlab.layers.window import output_sizes

    sizes = output_sizes(n, f, s, padding, d, transposed=transposed, output_padding=output_padding)
    kind = "convT" if transposed else "conv"
    return sparse_matrix(picture_of_sizes(sizes, kind, kind))

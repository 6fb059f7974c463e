"""The geometry of a window layer's picture: the canvas, and what each output cell reads.

Pure data, built from the row of ``walk`` for one layer (its :class:`~cnnlab.arith.OutputSize`
per axis), so the picture uses exactly the padding and output-size rules ``cnnlab shape`` uses
and fails with the same messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from cnnlab.arith import OutputSize
from cnnlab.draw.axis import AxisPlan, CellKind, axis_plan
from cnnlab.errors import ShapeError, SpecError
from cnnlab.network import Network, walk
from cnnlab.network.graph import LayerNode
from cnnlab.shape import Shape

MAX_SIDE = 64
"""Largest canvas side (cells, padding included) a picture is drawn for."""
MAX_FRAMES = 1024
"""Most output cells (one frame each) a picture is drawn for."""
MAX_TAPS = 32768
"""Most window taps over all frames (each one a square in the animated SVG)."""
MAX_STILL_CELLS = 262144
"""Most cells over all still frames (each still frame draws the whole canvas)."""


class Cell(StrEnum):
    """What one canvas cell shows."""

    INPUT = "input"
    UNCOVERED = "uncovered"  # an input no window reads
    PAD_BEFORE = "pad-before"  # top or left padding
    PAD_AFTER = "pad-after"  # bottom or right padding (the extra side of asymmetric padding)
    ZERO = "zero"  # inserted between inputs (transposed convolution)
    OUTSIDE = "outside"  # past the padded input, reached only by a ceil-mode window


_PRECEDENCE = (CellKind.OUTSIDE, CellKind.PAD_AFTER, CellKind.PAD_BEFORE, CellKind.ZERO)


@dataclass(frozen=True)
class Frame:
    """One output cell and its window: canvas cells read, and the kernel weight each tap uses."""

    out: tuple[int, int]
    cells: tuple[tuple[int, int], ...]
    weights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class WindowPicture:
    """A window layer applied to one input, laid out for drawing.

    Attributes
    ----------
    text : the layer as the user wrote it.
    kind : the layer kind (``conv``, ``convT``, ``pool``, ...).
    input : the input shape; output : the output shape.
    rows, cols : the canvas and window positions along the height and the width.
    """

    text: str
    kind: str
    input: Shape
    output: Shape
    rows: AxisPlan
    cols: AxisPlan

    @property
    def sizes(self) -> tuple[OutputSize, OutputSize]:
        return self.rows.size, self.cols.size

    @property
    def transposed(self) -> bool:
        return self.rows.size.transposed

    @property
    def canvas(self) -> tuple[int, int]:
        """(rows, columns) of the canvas."""
        return len(self.rows.kinds), len(self.cols.kinds)

    @property
    def out_hw(self) -> tuple[int, int]:
        return len(self.rows.starts), len(self.cols.starts)

    @property
    def asymmetric(self) -> bool:
        """The padding differs between the top and bottom, or the left and right."""
        return any(
            plan.kinds.count(CellKind.PAD_BEFORE) != plan.kinds.count(CellKind.PAD_AFTER)
            for plan in (self.rows, self.cols)
        )

    def frame(self, i: int, j: int) -> Frame:
        rows, cols = self.rows.reads(i), self.cols.reads(j)
        cells = tuple((r, c) for r in rows for c in cols)
        weights = tuple(
            (self.rows.weight(a), self.cols.weight(b)) for a in range(len(rows))
            for b in range(len(cols))
        )
        return Frame((i, j), cells, weights)

    def frames(self) -> Iterator[Frame]:
        """Every output cell's window, row by row."""
        h, w = self.out_hw
        return (self.frame(i, j) for i in range(h) for j in range(w))

    def source(self, r: int, c: int) -> tuple[int, int] | None:
        """The input cell (row, column) canvas cell ``(r, c)`` shows, or ``None`` (a zero)."""
        a, b = self.rows.inputs[r], self.cols.inputs[c]
        return None if a is None or b is None else (a, b)

    @cached_property
    def _covered(self) -> tuple[frozenset[int], frozenset[int]]:
        return self.rows.covered(), self.cols.covered()

    def cell(self, r: int, c: int) -> Cell:
        """What canvas cell ``(r, c)`` shows."""
        a, b = self.rows.kinds[r], self.cols.kinds[c]
        for kind in _PRECEDENCE:
            if kind in (a, b):
                return Cell(kind.value)
        rows, cols = self._covered
        return Cell.INPUT if r in rows and c in cols else Cell.UNCOVERED

    def kinds(self) -> frozenset[Cell]:
        """Every kind of cell the canvas shows."""
        h, w = self.canvas
        return frozenset(self.cell(r, c) for r in range(h) for c in range(w))

    def uncovered(self) -> list[tuple[int, int]]:
        """Input cells (row, column) that no window reads."""
        h, w = self.canvas
        cells = (self.source(r, c) for r in range(h) for c in range(w)
                 if self.cell(r, c) is Cell.UNCOVERED)
        return [cell for cell in cells if cell is not None]


def check_size(picture: WindowPicture, stills: bool = False) -> None:
    """Refuse pictures too large to be useful, with the limit in the message.

    ``stills``: one still picture per frame will be written, each with the whole canvas.
    """
    h, w = picture.canvas
    if max(h, w) > MAX_SIDE:
        raise ShapeError(
            f"picture too large: the canvas is {h}×{w} cells (input and padding); the limit is "
            f"{MAX_SIDE} cells a side"
        )
    out_h, out_w = picture.out_hw
    frames = out_h * out_w
    if frames > MAX_FRAMES:
        raise ShapeError(
            f"picture too large: {out_h}×{out_w} = {frames} output cells (one frame each); "
            f"the limit is {MAX_FRAMES}"
        )
    taps = picture.rows.size.f * picture.cols.size.f
    if frames * taps > MAX_TAPS:
        raise ShapeError(
            f"picture too large: {frames} windows × {taps} taps = {frames * taps} tap squares; "
            f"the limit is {MAX_TAPS}"
        )
    if stills and frames * (h * w + frames) > MAX_STILL_CELLS:
        raise ShapeError(
            f"too many still frames: {frames} frames × {h * w + frames} cells = "
            f"{frames * (h * w + frames)} cells in all; the limit is {MAX_STILL_CELLS}"
        )


def window_picture(node: LayerNode, x: Shape) -> WindowPicture:
    """The picture of one window layer (conv, dwconv, convT, pooling, ...) applied to ``x``.

    Raises the errors ``cnnlab shape`` raises for the same layer and input, and a SpecError for
    a layer without a sliding window.

    >>> from cnnlab.spec import parse_layer
    >>> p = window_picture(LayerNode(parse_layer("conv:f=3,k=1,s=2,p=1"), "conv"), Shape(1, 5, 5))
    >>> p.canvas, p.out_hw, p.frame(0, 1).cells[:3]
    ((7, 7), (3, 3), ((0, 2), (0, 3), (0, 4)))
    """
    report = walk(Network((node,)), x)
    row = report.rows[0]
    if row.sizes is None:
        raise SpecError(
            f"cannot draw '{node.text}': only a layer with a sliding window (conv, dwconv, convT, "
            f"pool, maxpool, avgpool, subsample, tableconv) can be drawn"
        )
    return picture_of_sizes(row.sizes, node.text, row.kind, row.input.c)


def picture_of_sizes(
    sizes: tuple[OutputSize, OutputSize], text: str, kind: str, channels: int = 1
) -> WindowPicture:
    """The picture of a window whose height and width arithmetic is ``sizes``."""
    h, w = sizes
    return WindowPicture(
        text, kind, Shape(channels, h.n, w.n), Shape(channels, h.value, w.value), axis_plan(h),
        axis_plan(w),
    )

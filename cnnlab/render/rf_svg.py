"""The receptive field of one unit as an SVG: every feature map from the input to the unit.

Hand-written SVG text. Each map is drawn in a box at most ``BOX`` units a side (small maps with
their grid, large ones as one square); the traced rows × columns are filled, as one rectangle per
run of consecutive rows and columns, so a 224×224 map costs a handful of elements.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from cnnlab.draw.receptive import FieldMap, Trace
from cnnlab.render.draw_svg import FILL, FONT, LINE, MARGIN
from cnnlab.render.svg import document_head

BOX = 160
MAX_CELL = 20
GRID_FROM = 6  # draw every cell when cells are at least this large
PER_ROW = 5
GAP = 40
LABEL = 26  # characters of a layer's text shown above its map


def runs(indices: frozenset[int]) -> list[tuple[int, int]]:
    """Consecutive runs ``(first, last)`` of a set of indices.

    >>> runs(frozenset({0, 1, 2, 5, 7, 8}))
    [(0, 2), (5, 5), (7, 8)]
    """
    out: list[tuple[int, int]] = []
    for i in sorted(indices):
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def _map(fmap: FieldMap, x: float, y: float, colour: str) -> list[str]:
    h, w = fmap.size
    cell = min(MAX_CELL, BOX / max(h, w))
    parts = []
    if cell >= GRID_FROM:
        parts += [f'<rect x="{x + c * cell:.4g}" y="{y + r * cell:.4g}" width="{cell:.4g}" '
                  f'height="{cell:.4g}" fill="{FILL["input"]}" class="c"/>'
                  for r in range(h) for c in range(w)]
    else:
        parts.append(f'<rect x="{x}" y="{y}" width="{w * cell:.4g}" height="{h * cell:.4g}" '
                     f'fill="{FILL["input"]}" class="c"/>')
    inset = 2 if cell >= GRID_FROM else 0
    for r0, r1 in runs(fmap.rows):
        for c0, c1 in runs(fmap.cols):
            parts.append(
                f'<rect x="{x + c0 * cell + inset:.4g}" y="{y + r0 * cell + inset:.4g}" '
                f'width="{(c1 - c0 + 1) * cell - 2 * inset:.4g}" '
                f'height="{(r1 - r0 + 1) * cell - 2 * inset:.4g}" fill="{colour}"/>'
            )
    return parts


def _label(text: str) -> str:
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"


def _describe(fmap: FieldMap) -> str:
    (r0, r1), (c0, c1) = (min(fmap.rows), max(fmap.rows)), (min(fmap.cols), max(fmap.cols))
    return f"rows {r0}–{r1}, columns {c0}–{c1}"


def receptive_svg(trace: Trace, notes: tuple[str, ...] = ()) -> str:
    """Every map of ``trace`` left to right (``PER_ROW`` a row), the traced cells filled."""
    slot = BOX + GAP
    rows = -(-len(trace.maps) // PER_ROW)
    width = MARGIN * 2 + min(len(trace.maps), PER_ROW) * slot - GAP
    band = LINE * 2 + BOX + LINE * 2
    first = trace.maps[0]
    lines = [
        f"receptive field of unit ({trace.unit[0]}, {trace.unit[1]}) of the last map (rows and "
        f"columns from 0):",
        f"{first.extent[0]}×{first.extent[1]} input cells, {_describe(first)}",
        *notes,
    ]
    width = max(width, MARGIN * 2 + max(len(line) for line in lines) * 0.62 * FONT)
    height = MARGIN * 2 + rows * band + LINE * len(lines)
    parts = [
        *document_head(width, height, f"receptive field of unit {trace.unit[0]},{trace.unit[1]}",
                       ".c{stroke:#555;stroke-width:0.5}"),
    ]
    for k, fmap in enumerate(trace.maps):
        x = MARGIN + (k % PER_ROW) * slot
        y = MARGIN + (k // PER_ROW) * band + LINE * 2
        last = k == len(trace.maps) - 1
        parts.append(f'<text x="{x}" y="{y - LINE - 4}">{escape(_label(fmap.label))}</text>')
        parts.append(f'<text x="{x}" y="{y - 6}">{fmap.size[0]}×{fmap.size[1]}</text>')
        parts += _map(fmap, x, y, FILL["current"] if last else FILL["window"])
        extent = f"field {fmap.extent[0]}×{fmap.extent[1]}" if not last else "the unit"
        parts.append(f'<text x="{x}" y="{y + BOX + LINE}">{extent}</text>')
    y = MARGIN + rows * band + LINE
    for line in lines:
        parts.append(f'<text x="{MARGIN}" y="{y}">{escape(line)}</text>')
        y += LINE
    parts.append("</svg>")
    return "\n".join(parts)

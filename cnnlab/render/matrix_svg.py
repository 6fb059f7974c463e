"""The sparse matrix C of a window layer (y = C x) as an SVG: which weight sits where.

One row per output cell, one column per input cell (both flattened row by row); a non-zero entry
is coloured by its kernel position and labelled ``w₀₁`` etc., structural zeros are left blank.
Meant for ``cnnlab prove transpose --svg``; hand-written SVG text, no plotting library.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from cnnlab.draw.matrix import SparseMatrix
from cnnlab.errors import ShapeError
from cnnlab.render.draw_svg import MARGIN
from cnnlab.render.svg import document_head

CELL = 22
MAX_ENTRIES = 128  # rows or columns drawn at most
PALETTE = ("#c6dbef", "#9ecae1", "#6baed6", "#fdd0a2", "#fdae6b", "#fd8d3c", "#c7e9c0",
           "#a1d99b", "#74c476", "#dadaeb", "#bcbddc", "#9e9ac8")
CSS = ".w{font-size:9px;text-anchor:middle}.c{stroke:#bbb;stroke-width:0.5}"
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def weight_name(weight: tuple[int, int]) -> str:
    """``'w₀₁'`` (row 0, column 1 of the kernel); a comma when an index has two digits.

    >>> weight_name((0, 1)), weight_name((10, 2))
    ('w₀₁', 'w₁₀,₂')
    """
    sep = "," if max(weight) > 9 else ""
    return f"w{str(weight[0]).translate(SUBSCRIPT)}{sep}{str(weight[1]).translate(SUBSCRIPT)}"


def matrix_svg(
    matrix: SparseMatrix,
    f_w: int,
    title: str,
    transposed: bool = False,
    label: Callable[[tuple[int, int]], str] = weight_name,
) -> str:
    """The matrix as an SVG grid; ``f_w`` is the kernel width (to colour weights apart).

    With ``transposed`` the grid shows Cᵀ (rows ↔ columns) under the same labels; ``label``
    names a weight (default ``w₀₁``, 0-based as Dumoulin & Visin; NNDL counts from 1).
    """
    rows, cols = matrix.shape[::-1] if transposed else matrix.shape
    if max(rows, cols) > MAX_ENTRIES:
        raise ShapeError(
            f"matrix too large to draw: {rows}×{cols}; the limit is {MAX_ENTRIES} rows and columns"
        )
    axes = ("input", "output") if transposed else ("output", "input")
    footer = (f"{rows}×{cols}: one row per {axes[0]} cell, one column per {axes[1]} cell "
              f"(row by row)")
    top = MARGIN + 24
    longest = max(len(footer), len(title)) * 0.62 * 13
    width = round(MARGIN * 2 + max(cols * CELL, longest))
    height = top + rows * CELL + MARGIN + 20
    parts = [
        *document_head(width, height, title, CSS),
        f'<text x="{MARGIN}" y="{MARGIN + 12}">{escape(title)}</text>',
        f'<rect x="{MARGIN}" y="{top}" width="{cols * CELL}" height="{rows * CELL}" '
        f'fill="#ffffff" class="c"/>',
    ]
    for r, c, weight in matrix.entries:
        if transposed:
            r, c = c, r
        x, y = MARGIN + c * CELL, top + r * CELL
        colour = PALETTE[(weight[0] * f_w + weight[1]) % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{colour}" '
                     f'class="c"/>')
        parts.append(f'<text x="{x + CELL / 2:g}" y="{y + CELL / 2 + 3:g}" class="w">'
                     f"{escape(label(weight))}</text>")
    parts.append(f'<text x="{MARGIN}" y="{height - MARGIN}">{escape(footer)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)

"""A small aligned text table with no dependencies.

``cnnlab shape`` must start within 1.3× of a bare Typer app; importing and first-rendering a
rich table costs about 40 ms, more than that whole budget, so its table is drawn here.
"""

from __future__ import annotations

import textwrap
from typing import NamedTuple


class Column(NamedTuple):
    """A column: ``align`` is ``"left"`` or ``"right"``; one ``wrap`` column may be folded."""

    header: str
    align: str = "left"
    footer: str = ""
    wrap: bool = False


def _fit(cell: str, width: int, align: str) -> str:
    return cell.rjust(width) if align == "right" else cell.ljust(width)


def _wrap_cell(cell: str, width: int) -> list[str]:
    """Fold each line of ``cell`` to ``width``, keeping its indentation (+2 on continuations)."""
    lines: list[str] = []
    for line in cell.splitlines() or [""]:
        if len(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        lines += textwrap.wrap(
            line.strip(),
            width,
            initial_indent=indent,
            subsequent_indent=indent + "  ",
            break_on_hyphens=False,
        ) or [""]
    return lines


def render_table(columns: list[Column], rows: list[list[str]], width: int = 120) -> str:
    """Rows of cells (cells may hold several lines) as text no wider than ``width`` if possible.

    >>> print(render_table([Column("a"), Column("n", "right", "3")], [["x", "1"], ["y", "2"]]))
     a   n
     ─────
     x   1
     y   2
     ─────
         3
    """
    has_footer = any(c.footer for c in columns)
    footer = [[c.footer for c in columns]] if has_footer else []
    cells = [[c.header for c in columns], *rows, *footer]
    widths = [max(len(line) for row in cells for line in (row[i].splitlines() or [""]))
              for i in range(len(columns))]
    gap = 3
    total = sum(widths) + gap * (len(columns) - 1) + 1
    for i, column in enumerate(columns):
        if column.wrap and total > width:
            widths[i] = max(24, widths[i] - (total - width))
    body: list[list[list[str]]] = []
    for row in cells:
        body.append(
            [_wrap_cell(cell, widths[i]) if columns[i].wrap else (cell.splitlines() or [""])
             for i, cell in enumerate(row)]
        )
    rule = " " + "─" * (sum(widths) + gap * (len(columns) - 1))
    out = []
    for number, row in enumerate(body):
        if number == 1 or (has_footer and number == len(body) - 1):
            out.append(rule)
        for k in range(max(len(cell) for cell in row)):
            parts = [
                _fit(cell[k] if k < len(cell) else "", widths[i], columns[i].align)
                for i, cell in enumerate(row)
            ]
            out.append((" " + (" " * gap).join(parts)).rstrip())
    return "\n".join(out)

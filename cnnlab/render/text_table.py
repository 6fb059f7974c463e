"""A small aligned text table with no dependencies, fitted to the terminal's width.

``cnnlab shape`` must start within 1.3× of a bare Typer app; importing and first-rendering a
rich table costs about 40 ms, more than that whole budget, so its table is drawn here.

Fitting a table into ``width`` columns goes in a stated order, stopping as soon as it fits:

1. narrow the gap between columns from 3 spaces to 2;
2. use the columns' ``short`` headers (``activations`` → ``acts``);
3. fold the ``wrap`` columns (formulas at spaces, layer text also after a comma), down to
   their ``min_width`` and never inside a word, so a number is never split or cut;
4. leave out columns by their ``drop`` rank (1 first, then 2, …), saying so under the table.

A table that still does not fit is printed wider than asked rather than cut. ``width=None``
(output to a pipe) draws every column at its natural width.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Column(NamedTuple):
    """A column: ``align`` is ``"left"`` or ``"right"``; see the module for the others.

    (A NamedTuple, not a dataclass: defining one costs less on ``cnnlab shape``'s start-up.)
    """

    header: str
    align: str = "left"
    footer: str = ""
    wrap: bool = False
    short: str | None = None
    drop: int = 0  # 0: always shown
    min_width: int = 12
    commas: bool = False  # a wrapped line may also break after a comma (layer text)


def _fit(cell: str, width: int, align: str) -> str:
    return cell.rjust(width) if align == "right" else cell.ljust(width)


def _pieces(text: str, commas: bool) -> list[tuple[str, bool]]:
    """Unbreakable pieces of a line, each with whether a space goes before it."""
    pieces = []
    for word in text.split():
        parts = re.findall(r"[^,]+,?|,", word) if commas else [word]
        pieces += [(part, number == 0) for number, part in enumerate(parts)]
    return pieces


def _fold(line: str, width: int, commas: bool) -> list[str]:
    """Fold one line to ``width``, keeping its indentation (+2 on continuations)."""
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip(" "))]
    lines, current = [], indent
    for part, spaced in _pieces(line, commas):
        sep = " " if spaced and current.strip() else ""
        if current.strip() and len(current) + len(sep) + len(part) > width:
            lines.append(current)
            current = indent + "  " + part
        else:
            current += sep + part
    return [*lines, current]


def _wrap_cell(cell: str, width: int, commas: bool = False) -> list[str]:
    return [folded for line in cell.splitlines() or [""] for folded in _fold(line, width, commas)]


def _floor(column: Column, texts: list[str]) -> int:
    """The narrowest a wrap column may get: its minimum, or its longest unbreakable piece."""
    longest = max((len(line) - len(line.lstrip(" ")) + 2 + len(part)
                   for text in texts for line in text.splitlines()
                   for part, _ in _pieces(line, column.commas)), default=0)
    return max(column.min_width, longest)


class _Plan:
    """Which columns are kept, how wide each is, the gap, whether headers are short."""

    def __init__(self, kept: list[int], widths: dict[int, int], gap: int, short: bool) -> None:
        self.kept, self.widths, self.gap, self.short = kept, widths, gap, short

    def total(self) -> int:
        return sum(self.widths[i] for i in self.kept) + self.gap * (len(self.kept) - 1) + 1


def _plan(columns: list[Column], cells: list[list[str]], kept: list[int], gap: int, short: bool,
          width: int, fold: bool = True) -> _Plan:
    widths = {}
    for i in kept:
        header = (columns[i].short or columns[i].header) if short else columns[i].header
        texts = [header, *(row[i] for row in cells[1:])]
        widths[i] = max(len(line) for text in texts for line in (text.splitlines() or [""]))
    plan = _Plan(kept, widths, gap, short)
    for i in sorted((i for i in kept if fold and columns[i].wrap), key=lambda i: -widths[i]):
        excess = plan.total() - width
        if excess > 0:
            floor = _floor(columns[i], [row[i] for row in cells[1:]])
            widths[i] = max(min(floor, widths[i]), widths[i] - excess)
    return plan


def _choose(columns: list[Column], cells: list[list[str]], width: int) -> _Plan:
    kept = list(range(len(columns)))
    plan = _plan(columns, cells, kept, 3, False, width, fold=False)
    ranks = sorted({c.drop for c in columns if c.drop})
    steps = [(2, False, False, 0), (2, True, False, 0), (2, True, True, 0),
             *((2, True, True, rank) for rank in ranks)]
    for gap, short, fold, rank in steps:
        if plan.total() <= width:
            break
        kept = [i for i in kept if not (rank and columns[i].drop == rank)]
        plan = _plan(columns, cells, kept, gap, short, width, fold)
    return plan


def render_table(columns: list[Column], rows: list[list[str]], width: int | None = 120) -> str:
    """Rows of cells (cells may hold several lines) fitted into ``width`` columns if possible.

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
    plan = _choose(columns, cells, width if width is not None else 10**9)
    cells[0] = [(c.short or c.header) if plan.short else c.header for c in columns]
    out = _draw(columns, cells, plan, has_footer)
    dropped = [columns[i].header for i in range(len(columns)) if i not in plan.kept]
    if dropped and width is not None:
        note = (f" left out to fit {width} columns: {', '.join(dropped)} (a wider terminal or "
                f"--json shows every column)")
        out += _fold(note, width, False)
    return "\n".join(out)


def _draw(columns: list[Column], cells: list[list[str]], plan: _Plan,
          has_footer: bool) -> list[str]:
    kept, widths, gap = plan.kept, plan.widths, plan.gap
    rule = " " + "─" * (sum(widths[i] for i in kept) + gap * (len(kept) - 1))
    out = []
    for number, row in enumerate(cells):
        if number == 1 or (has_footer and number == len(cells) - 1):
            out.append(rule)
        parts = [_wrap_cell(row[i], widths[i], columns[i].commas) if columns[i].wrap
                 else (row[i].splitlines() or [""]) for i in kept]
        for k in range(max(len(cell) for cell in parts)):
            line = [_fit(cell[k] if k < len(cell) else "", widths[i], columns[i].align)
                    for i, cell in zip(kept, parts, strict=True)]
            out.append((" " + (" " * gap).join(line)).rstrip())
    return out


def fold_text(text: str, width: int | None) -> str:
    """Fold every line of running text (notes under a table) to ``width``, indenting
    continuations by two spaces; ``None`` leaves it as it is."""
    if width is None:
        return text
    return "\n".join(folded for line in text.splitlines() for folded in _fold(line, width, False))

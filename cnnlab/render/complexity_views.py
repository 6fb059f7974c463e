"""The views of ``cnnlab complexity``: one analysis, or two designs compared (``--vs``).

Drawn from the same cells as the terminal's tables (``cnnlab.render.complexity_grid``); see
``cnnlab.render.views`` for what a view is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cnnlab.complexity import ComplexityReport
from cnnlab.complexity.compare import Comparison
from cnnlab.render.views import View, plain_text
from cnnlab.shape import Layout


@dataclass(frozen=True, repr=False)
class ComplexityView(View):
    """``cnnlab complexity``: header, per-layer costs, totals, notes (and ``extra``: formulas
    shown as the terminal draws them)."""

    report: ComplexityReport
    layout: Layout = Layout.NHWC
    per_layer: bool = True
    binary: bool = False
    connections: bool = False
    width: int | None = 120
    extra: Any = None
    depth: int | None = None

    def terminal(self) -> Any:
        from rich.console import Group

        from cnnlab.render.complexity import complexity_view

        view = complexity_view(self.report, self.layout, self.per_layer, self.binary,
                               self.connections, self.width, self.depth)
        return view if self.extra is None else Group(view, self.extra)

    def _parts(self) -> tuple[list[str], Any, list[tuple[str, str]], list[str]]:
        from cnnlab.render.complexity_grid import cost_grid, header_lines, note_lines, summary_rows

        r = self.report
        shown = self.per_layer or self.depth is not None
        grid = None
        if shown:
            grid = cost_grid(r, self.layout, self.binary, self.connections, self.depth)
        return (header_lines(r, self.layout), grid, summary_rows(r, self.binary, self.connections),
                note_lines(r))

    def html(self) -> str:
        from cnnlab.render import html as h

        head, grid, totals, notes = self._parts()
        parts = [h.lines_html(head, bold=True)]
        parts += [h.html_table(*grid)] if grid else []
        parts += [h.pairs_table(totals), h.lines_html(notes, dim=True)]
        if self.extra is not None:
            parts.append(h.preformatted(plain_text(self.extra, self.width)))
        return h.html_box("complexity", parts)

    def markdown(self) -> str:
        from cnnlab.render import markdown as md

        head, grid, totals, notes = self._parts()
        parts = [f"**{md.markdown_text(line)}**  " for line in head]
        parts += [md.markdown_table(*grid)] if grid else []
        parts.append(md.markdown_pairs(totals))
        parts.append("\n".join(f"*{md.markdown_text(x)}*  " for x in notes))
        if self.extra is not None:
            parts.append("```text\n" + plain_text(self.extra, self.width) + "\n```")
        return "\n\n".join(parts)

    def __repr__(self) -> str:
        return f"<ComplexityView {self.report!r}>"


@dataclass(frozen=True, repr=False)
class ComparisonView(View):
    """``cnnlab complexity --vs``: both designs' costs, then B against A."""

    comparison: Comparison
    layout: Layout = Layout.NHWC
    binary: bool = False
    width: int | None = 120
    extra: Any = None

    def terminal(self) -> Any:
        from rich.console import Group

        from cnnlab.render.complexity import comparison_view

        view = comparison_view(self.comparison, self.layout, self.binary, self.width)
        return view if self.extra is None else Group(view, self.extra)

    def _designs(self) -> list[tuple[str, Any]]:
        from cnnlab.render.complexity_grid import cost_grid, design_title

        c = self.comparison
        return [(design_title(label, r), cost_grid(r, self.layout, self.binary))
                for label, r in (("A", c.a), ("B", c.b))]

    def _table(self) -> tuple[Any, list[list[str]], str]:
        from cnnlab.render.complexity_grid import comparison_grid, comparison_title

        columns, rows = comparison_grid(self.comparison, self.binary)
        return columns, rows, comparison_title(self.comparison)

    def html(self) -> str:
        from cnnlab.render import html as h

        c = self.comparison
        parts = [h.lines_html([f"time counted as {c.a.convention.describe()}"], bold=True)]
        for title, grid in self._designs():
            parts += [h.lines_html([title], bold=True), h.html_table(*grid)]
        columns, rows, title = self._table()
        parts.append(h.html_table(columns, rows, caption=title))
        parts.append(h.lines_html([f"note: {note}" for note in c.notes], dim=True))
        if self.extra is not None:
            parts.append(h.preformatted(plain_text(self.extra, self.width)))
        return h.html_box("comparison", parts)

    def markdown(self) -> str:
        from cnnlab.render import markdown as md

        c = self.comparison
        parts = [f"**time counted as {md.markdown_text(c.a.convention.describe())}**"]
        for title, grid in self._designs():
            parts += [f"**{md.markdown_text(title)}**", md.markdown_table(*grid)]
        columns, rows, title = self._table()
        parts += [f"**{md.markdown_text(title)}**", md.markdown_table(columns, rows)]
        parts += [f"*note: {md.markdown_text(note)}*" for note in c.notes]
        if self.extra is not None:
            parts.append("```text\n" + plain_text(self.extra, self.width) + "\n```")
        return "\n\n".join(parts)

    def __repr__(self) -> str:
        return f"<ComparisonView {self.comparison!r}>"

"""Reports with the options they were asked with, drawn for a terminal, HTML or Markdown.

A view is what a command hands to ``emit``: the terminal prints ``view.terminal()``; a notebook
displays the same object through IPython's display protocol (``_repr_html_``,
``_repr_markdown_``), drawn from the same grids (``shape_grid``, ``cost_grid``, ...). ``repr``
stays one line; ``str`` is the terminal text. ``cnnlab shape`` imports this module on its
start-up path, so what draws HTML, Markdown or rich is imported where it is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cnnlab.shape import Layout

if TYPE_CHECKING:
    from cnnlab.complexity import ComplexityReport
    from cnnlab.complexity.compare import Comparison
    from cnnlab.network import NetworkReport


def plain_text(renderable: Any, width: int = 120) -> str:
    """A rich renderable as plain text (no colours), as a terminal of ``width`` shows it."""
    if isinstance(renderable, str):
        return renderable
    from rich.console import Console

    console = Console(width=width, color_system=None, record=True, file=_Null())
    console.print(renderable, crop=False)
    return console.export_text().rstrip("\n")


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


class View:
    """The display protocol, from ``terminal()``, ``html()`` and ``markdown()``."""

    width: int = 120

    def terminal(self) -> Any:
        raise NotImplementedError

    def html(self) -> str:
        from cnnlab.render import html as h

        return h.html_box("text", [h.preformatted(str(self))])

    def markdown(self) -> str:
        return "```text\n" + str(self) + "\n```"

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return plain_text(self.terminal(), self.width)


@dataclass(frozen=True, repr=False)
class TextView(View):
    """Anything a command prints that has no table of its own (a formula, help)."""

    body: Any
    width: int = 120

    def terminal(self) -> Any:
        return self.body

    def __repr__(self) -> str:
        return str(self)


@dataclass(frozen=True, repr=False)
class ShapeView(View):
    """``cnnlab shape``: the layer table, the totals, the notes."""

    report: NetworkReport
    layout: Layout = Layout.NHWC
    receptive: bool = False
    width: int = 120

    def terminal(self) -> str:
        from cnnlab.render.shape import shape_view

        return shape_view(self.report, self.layout, self.receptive, self.width)

    def html(self) -> str:
        from cnnlab.render import html as h
        from cnnlab.render.shape import shape_grid, shape_heading, shape_note_lines

        columns, rows = shape_grid(self.report, self.layout, self.receptive)
        heading = h.lines_html([shape_heading(self.report, self.layout)], bold=True)
        notes = h.lines_html(shape_note_lines(self.report), dim=True)
        return h.html_box("shape", [heading, h.html_table(columns, rows), notes])

    def markdown(self) -> str:
        from cnnlab.render import markdown as md
        from cnnlab.render.shape import shape_grid, shape_heading, shape_note_lines

        columns, rows = shape_grid(self.report, self.layout, self.receptive)
        notes = [f"*{md.markdown_text(line)}*  " for line in shape_note_lines(self.report)]
        heading = f"**{md.markdown_text(shape_heading(self.report, self.layout))}**"
        return "\n\n".join([heading, md.markdown_table(columns, rows), "\n".join(notes)])

    def __repr__(self) -> str:
        return f"<ShapeView {self.report!r}>"


@dataclass(frozen=True, repr=False)
class ComplexityView(View):
    """``cnnlab complexity``: header, per-layer costs, totals, notes (and ``extra``: formulas
    shown as the terminal draws them)."""

    report: ComplexityReport
    layout: Layout = Layout.NHWC
    per_layer: bool = True
    binary: bool = False
    connections: bool = False
    width: int = 120
    extra: Any = None

    def terminal(self) -> Any:
        from rich.console import Group

        from cnnlab.render.complexity import complexity_view

        view = complexity_view(self.report, self.layout, self.per_layer, self.binary,
                               self.connections, self.width)  # fmt: skip
        return view if self.extra is None else Group(view, self.extra)

    def _parts(self) -> tuple[list[str], Any, list[tuple[str, str]], list[str]]:
        from cnnlab.render.complexity_grid import cost_grid, header_lines, note_lines, summary_rows

        r = self.report
        grid = cost_grid(r, self.layout, self.binary, self.connections) if self.per_layer else None
        return (header_lines(r, self.layout), grid, summary_rows(r, self.binary, self.connections),
                note_lines(r))  # fmt: skip

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
    width: int = 120
    extra: Any = None

    def terminal(self) -> Any:
        from rich.console import Group

        from cnnlab.render.complexity import comparison_view

        view = comparison_view(self.comparison, self.layout, self.binary, self.width)
        return view if self.extra is None else Group(view, self.extra)

    def _designs(self) -> list[tuple[str, Any]]:
        from cnnlab.render.complexity_grid import cost_grid

        c = self.comparison
        return [(f"{label}: {r.name}" if r.name else label, cost_grid(r, self.layout, self.binary))
                for label, r in (("A", c.a), ("B", c.b))]  # fmt: skip

    def _table(self) -> tuple[Any, list[list[str]], str]:
        from cnnlab.render.complexity_grid import (
            COMPARISON_HEADERS,
            comparison_rows,
            comparison_title,
        )
        from cnnlab.render.text_table import Column

        columns = [Column(name, align) for name, align in COMPARISON_HEADERS]
        c = self.comparison
        return columns, comparison_rows(c, self.binary), comparison_title(c)

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

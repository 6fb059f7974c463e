"""Reports with the options they were asked with, drawn for a terminal, HTML or Markdown.

A view is what a command hands to ``emit``: the terminal prints ``view.terminal()``; a notebook
displays the same object through IPython's display protocol (``_repr_html_``,
``_repr_markdown_``), drawn from the same grids (``shape_grid``, ``cost_grid``, ...). ``repr``
stays one line; ``str`` is the terminal text. ``cnnlab shape`` imports this module on its
start-up path: what draws HTML, Markdown or rich is imported where it is used, and the views are
plain classes (making a dataclass costs ~1 ms each at import). The views of ``cnnlab complexity``
are in ``complexity_views.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cnnlab.shape import Layout

if TYPE_CHECKING:
    from cnnlab.network import NetworkReport


def plain_text(renderable: Any, width: int | None = 120) -> str:
    """A rich renderable as plain text (no colours), as a terminal of ``width`` shows it."""
    if isinstance(renderable, str):
        return renderable
    from rich.console import Console

    console = Console(width=width or 120, color_system=None, record=True, file=_Null())
    console.print(renderable, crop=False)
    return console.export_text().rstrip("\n")


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


class View:
    """The display protocol, from ``terminal()``, ``html()`` and ``markdown()``."""

    width: int | None = 120

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


class TextView(View):
    """Anything a command prints that has no table of its own (a formula, help)."""

    def __init__(self, body: Any, width: int = 120) -> None:
        self.body = body
        self.width = width

    def terminal(self) -> Any:
        return self.body

    def __repr__(self) -> str:
        return str(self)


class ShapeView(View):
    """``cnnlab shape``: the layer table, the totals, the notes."""

    def __init__(self, report: NetworkReport, layout: Layout = Layout.NHWC,
                 receptive: bool = False, width: int | None = 120, macs: bool = False,
                 depth: int | None = None, columns: tuple[str, ...] | None = None) -> None:
        self.report = report
        self.layout = layout
        self.receptive = receptive
        self.width = width
        self.options = (receptive, macs, depth, columns)
        self.macs_note = macs or "macs" in (columns or ())

    def terminal(self) -> str:
        from cnnlab.render.shape import shape_view

        return shape_view(self.report, self.layout, self.receptive, self.width, *self.options[1:])

    def html(self) -> str:
        from cnnlab.render import html as h
        from cnnlab.render.shape import shape_grid, shape_heading, shape_note_lines

        columns, rows = shape_grid(self.report, self.layout, *self.options)
        heading = h.lines_html([shape_heading(self.report, self.layout)], bold=True)
        notes = h.lines_html(shape_note_lines(self.report, self.macs_note), dim=True)
        return h.html_box("shape", [heading, h.html_table(columns, rows), notes])

    def markdown(self) -> str:
        from cnnlab.render import markdown as md
        from cnnlab.render.shape import shape_grid, shape_heading, shape_note_lines

        columns, rows = shape_grid(self.report, self.layout, *self.options)
        notes = [f"*{md.markdown_text(line)}*  "
                 for line in shape_note_lines(self.report, self.macs_note)]
        heading = f"**{md.markdown_text(shape_heading(self.report, self.layout))}**"
        return "\n\n".join([heading, md.markdown_table(columns, rows), "\n".join(notes)])

    def __repr__(self) -> str:
        return f"<ShapeView {self.report!r}>"

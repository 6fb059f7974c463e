"""The view of ``cnnlab check``: the table of functions, what went wrong and the totals, for a
terminal (rich), a notebook (HTML) or Markdown, from the same rows (``cnnlab.render.check``)."""

from __future__ import annotations

from typing import Any

from cnnlab.render.views import View

# how each kind of detail line reads in HTML and Markdown (``detail_lines``)
_HTML_STYLE = {"title": "font-weight: bold; margin-top: 0.6em", "hint": "margin-left: 1em",
               "note": "margin-left: 1em; opacity: 0.75", "case": "margin-left: 1em",
               "detail": "margin-left: 2.5em", "numbers": "margin-left: 2.5em; opacity: 0.75",
               "more": "margin-left: 1em; opacity: 0.75"}
_MD_INDENT = {"title": "", "hint": "- ", "note": "- ", "case": "- ", "detail": "  - ",
              "numbers": "  - ", "more": "- "}


def _line_html(kind: str, line: str) -> str:
    """One detail line; a hint's label (``likely mistake at …:``) in bold."""
    from cnnlab.render.html import text_html

    if kind != "hint":
        return text_html(line)
    label, _, hint = line.partition(": ")
    return f"<b>{text_html(label)}:</b> {text_html(hint)}"


class CheckView(View):
    """A check report: pass/fail per function, the failing cases, the mistake recognised."""

    def __init__(self, report: Any, width: int = 120) -> None:
        self.report = report
        self.width = width

    def terminal(self) -> Any:
        from cnnlab.render.check import check_view

        return check_view(self.report)

    def _failed(self) -> list[Any]:
        from cnnlab.check.report import Status

        return [f for f in self.report.found if f.status is not Status.PASS]

    def html(self) -> str:
        from cnnlab.render import check as c
        from cnnlab.render import html as h
        from cnnlab.render.text_table import Column

        r = self.report
        parts = [h.lines_html([c.heading(r)], bold=True)]
        if r.not_gradable:
            return h.html_box("check", [*parts, h.lines_html([f"not gradable: {r.not_gradable}"])])
        columns = [Column(name, align) for name, align in c.TABLE_HEADERS]
        parts.append(h.html_table(columns, c.check_rows(r)))
        if c.missing(r):
            parts.append(h.lines_html([f"not found in {r.file}: {', '.join(c.missing(r))}"],
                                      dim=True))
        for function in self._failed():
            parts += [f'<div style="{_HTML_STYLE[kind]}">{_line_html(kind, line)}</div>'
                      for kind, line in c.detail_lines(function)]
        parts.append(h.lines_html([f"note: skipped {note}" for note in r.notes], dim=True))
        parts.append(h.lines_html([c.summary_line(r)], bold=True))
        return h.html_box("check", parts)

    def markdown(self) -> str:
        from cnnlab.render import check as c
        from cnnlab.render import markdown as md
        from cnnlab.render.text_table import Column

        r = self.report
        parts = [f"**{md.markdown_text(c.heading(r))}**"]
        if r.not_gradable:
            return "\n\n".join([*parts, md.markdown_text(f"not gradable: {r.not_gradable}")])
        columns = [Column(name, align) for name, align in c.TABLE_HEADERS]
        parts.append(md.markdown_table(columns, c.check_rows(r)))
        if c.missing(r):
            parts.append(md.markdown_text(f"not found in {r.file}: {', '.join(c.missing(r))}"))
        for function in self._failed():
            lines = c.detail_lines(function)
            parts.append("\n".join(f"{_MD_INDENT[kind]}{md.markdown_text(line)}"
                                   if kind != "title" else f"**{md.markdown_text(line)}**"
                                   for kind, line in lines))
        parts += [f"*note: skipped {md.markdown_text(note)}*" for note in r.notes]
        parts.append(f"**{md.markdown_text(c.summary_line(r))}**")
        return "\n\n".join(parts)

    def __repr__(self) -> str:
        return f"<CheckView {self.report!r}>"

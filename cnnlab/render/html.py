"""Self-contained HTML fragments for notebooks: the same grids the terminal draws, as tables.

No stylesheet, no script, no colour of its own: every style is inline, text and backgrounds
inherit the notebook's theme (light or dark), rules are a half-transparent grey that reads on
both. No rich here.

>>> from cnnlab.render.text_table import Column
>>> print(html_table([Column("a"), Column("n", "right", "3")], [["x<y", "1"]]))
... # doctest: +ELLIPSIS
<table ...><thead><tr><th ...>a</th><th ...>n</th></tr></thead><tbody><tr><td ...>x&lt;y</td>...
"""

from __future__ import annotations

from html import escape

from cnnlab.render.text_table import Column

RULE = "1px solid rgba(128, 128, 128, 0.6)"
TABLE = ("border-collapse: collapse; margin: 0.3em 0; color: inherit; background: transparent; "
         "font-size: inherit; font-variant-numeric: tabular-nums")
CELL = "padding: 0.15em 0.7em; vertical-align: top; color: inherit"
BOX = "color: inherit; background: transparent; line-height: 1.45"
DIM = "opacity: 0.75; font-size: 0.92em"


def text_html(text: str) -> str:
    """Escaped text; each line break becomes ``<br>``."""
    return "<br>".join(escape(line) for line in text.splitlines())


def _cell(tag: str, text: str, align: str, wrap: bool, extra: str = "") -> str:
    space = "pre-wrap" if wrap else "pre"
    style = f"{CELL}; text-align: {align}; white-space: {space}{extra}"
    return f'<{tag} style="{style}">{text_html(text)}</{tag}>'


def html_table(columns: list[Column], rows: list[list[str]], caption: str | None = None) -> str:
    """A grid of cells (cells may hold several lines) as one ``<table>``, footer in ``<tfoot>``."""
    head = "".join(_cell("th", c.header, c.align, False, f"; border-bottom: {RULE}")
                   for c in columns)
    body = "".join(
        "<tr>" + "".join(_cell("td", cell, c.align, c.wrap)
                         for c, cell in zip(columns, row, strict=True)) + "</tr>"
        for row in rows
    )
    parts = [f'<table style="{TABLE}">']
    if caption:
        parts.append(f'<caption style="text-align: left; font-weight: bold; padding: 0.2em 0">'
                     f"{escape(caption)}</caption>")
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>")
    if any(c.footer for c in columns):
        foot = "".join(_cell("td", c.footer, c.align, False,
                             f"; border-top: {RULE}; font-weight: bold") for c in columns)
        parts.append(f"<tfoot><tr>{foot}</tr></tfoot>")
    parts.append("</table>")
    return "".join(parts)


def pairs_table(rows: list[tuple[str, str]]) -> str:
    """Label and text, two columns, no header (the totals under a table)."""
    body = "".join(
        f'<tr><td style="{CELL}; text-align: left; font-weight: bold; white-space: nowrap">'
        f'{escape(label)}</td><td style="{CELL}; text-align: left">{text_html(text)}</td></tr>'
        for label, text in rows
    )
    return f'<table style="{TABLE}"><tbody>{body}</tbody></table>'


def lines_html(lines: list[str], bold: bool = False, dim: bool = False) -> str:
    """Paragraph lines (a heading when ``bold``, notes when ``dim``)."""
    style = "margin: 0.2em 0; text-align: left"
    style += "; font-weight: bold" if bold else ""
    style += f"; {DIM}" if dim else ""
    return "".join(f'<div style="{style}">{text_html(line)}</div>' for line in lines)


def preformatted(text: str) -> str:
    """Text drawn for a terminal, kept as it is (no colours)."""
    return (f'<pre style="{BOX}; margin: 0.3em 0; white-space: pre">{escape(text)}</pre>')


def html_box(kind: str, parts: list[str]) -> str:
    """The outer ``<div>`` of one report; ``kind`` names it (``cnnlab-shape``, ...)."""
    return f'<div class="cnnlab cnnlab-{kind}" style="{BOX}">{"".join(parts)}</div>'

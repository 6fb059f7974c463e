"""Read HTML back with the standard library's parser: check it is well-formed, collect its tables.

Used by the tests of the notebook displays (imported through the ``html_tables`` fixture in
conftest.py, since tests are imported in importlib mode).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "meta", "link", "input", "col", "wbr"}


@dataclass
class Table:
    caption: str = ""
    head: list[list[str]] = field(default_factory=list)
    body: list[list[str]] = field(default_factory=list)
    foot: list[list[str]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tables: list[Table] = []
        self.section = "body"
        self.cell: list[str] | None = None
        self.in_caption = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            (self.cell if self.cell is not None else self.text).append("\n")
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "table":
            self.tables.append(Table())
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr":
            getattr(self.tables[-1], self.section).append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "caption":
            self.in_caption = True

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack, f"</{tag}> closes nothing"
        opened = self.stack.pop()
        assert opened == tag, f"<{opened}> closed by </{tag}>"
        if tag in ("td", "th"):
            getattr(self.tables[-1], self.section)[-1].append("".join(self.cell or []))
            self.cell = None
        elif tag == "caption":
            self.in_caption = False
        elif tag in ("thead", "tfoot"):
            self.section = "body"

    def handle_data(self, data: str) -> None:
        if self.in_caption:
            self.tables[-1].caption += data
        elif self.cell is not None:
            self.cell.append(data)
        else:
            self.text.append(data)


def read_html(html: str) -> tuple[list[Table], str]:
    """The tables and the text outside them; fails unless every tag is closed in order."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    assert not reader.stack, f"unclosed tags: {reader.stack}"
    return reader.tables, "".join(reader.text)


def number(cell: str) -> int:
    """``'44,950'`` → 44950."""
    return int(cell.replace(",", ""))

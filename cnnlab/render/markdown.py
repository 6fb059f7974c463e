"""Markdown (GitHub pipe tables) of the same grids the terminal draws. No rich here.

>>> from cnnlab.render.text_table import Column
>>> print(markdown_table([Column("layer", footer="total"), Column("n", "right", "3")],
...                      [["  b1 conv|x", "1"], ["2*relu", "2"]]))
| layer | n |
| :-- | --: |
| \u00a0\u00a0b1 conv\\|x | 1 |
| 2\\*relu | 2 |
| **total** | **3** |
"""

from __future__ import annotations

from cnnlab.render.text_table import Column

_SPECIAL = str.maketrans({"\\": "\\\\", "|": "\\|", "*": "\\*", "_": "\\_", "`": "\\`",
                          "<": "&lt;", ">": "&gt;"})


def markdown_text(text: str) -> str:
    """One cell: Markdown's marks escaped, leading spaces kept, line breaks as ``<br>``."""
    lines = []
    for line in text.splitlines():
        body = line.lstrip(" ")
        lines.append("\u00a0" * (len(line) - len(body)) + body.translate(_SPECIAL))
    return "<br>".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown_table(columns: list[Column], rows: list[list[str]]) -> str:
    """A pipe table; the footer (totals) is a last row in bold."""
    lines = [_row([markdown_text(c.header) for c in columns]),
             _row([("--:" if c.align == "right" else ":--") for c in columns])]
    lines += [_row([markdown_text(cell) for cell in row]) for row in rows]
    if any(c.footer for c in columns):
        lines.append(_row([f"**{markdown_text(c.footer)}**" if c.footer else "" for c in columns]))
    return "\n".join(lines)


def markdown_pairs(rows: list[tuple[str, str]]) -> str:
    """Label and text, one line each (the totals under a table)."""
    return "\n".join(f"- **{markdown_text(label)}** {markdown_text(text)}" if label
                     else f"- {markdown_text(text)}" for label, text in rows)

"""A text table (``render_table``) as a rich renderable, fitted to the width rich gives it.

Rich's own tables cut a cell that does not fit with an ellipsis, numbers included
(``5,898,240,…``). This one folds text, shortens headers and leaves out columns in the order
its columns state (see ``cnnlab.render.text_table``), and never cuts a number. On a pipe,
without ``COLUMNS``, it is drawn at its natural width.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from rich.console import Console, ConsoleOptions
from rich.text import Text

from cnnlab.render.text_table import Column, fold_text, render_table


class FittedTable:
    """Columns and rows, with an optional bold title folded to the same width."""

    def __init__(self, columns: list[Column], rows: list[list[str]], title: str = "") -> None:
        self.columns, self.rows, self.title = columns, rows, title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width: int | None = options.max_width
        if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
            width = None  # a pipe or a file: nothing to fit
        if self.title:
            yield Text(fold_text(self.title, width), style="bold")
        yield Text(render_table(self.columns, self.rows, width), no_wrap=True, overflow="ignore")

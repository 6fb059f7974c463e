"""The layer language as a table (``cnnlab layers``) and as data."""

from __future__ import annotations

from typing import Any

from cnnlab.render.fitted import FittedTable
from cnnlab.render.text_table import Column
from cnnlab.spec import KINDS


def kinds_data() -> list[dict[str, Any]]:
    return [
        {
            "kind": kind.name,
            "aliases": list(kind.aliases),
            "summary": kind.summary,
            "example": kind.example,
            "keys": {key.name: key.meaning for key in kind.keys},
            "words": list(kind.words),
            "positional": kind.positional,
        }
        for kind in KINDS
    ]


def kinds_table() -> FittedTable:
    """Every kind with its aliases, an example, and its keys (keys fold first, then the
    example column is left out on a narrow terminal)."""
    columns = [Column("kind", wrap=True, min_width=8, commas=True),
               Column("example", drop=1), Column("keys and words", wrap=True, min_width=20)]
    rows = []
    for kind in KINDS:
        name = kind.name + (f" ({', '.join(kind.aliases)})" if kind.aliases else "")
        keys = [f"{key.name}: {key.meaning}" for key in kind.keys]
        if kind.words:
            keys.append("words: " + ", ".join(kind.words))
        if kind.positional:
            keys.append(f"a bare value is {kind.positional}")
        rows.append([name, kind.example, "\n".join(keys) or kind.summary])
    return FittedTable(columns, rows, "The layer language: KIND or KIND:key=value,...")

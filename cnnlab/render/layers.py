"""The layer language as a table (``cnnlab layers``) and as data."""

from __future__ import annotations

from typing import Any

from rich.table import Table

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


def kinds_table() -> Table:
    table = Table(title="The layer language: KIND or KIND:key=value,...", title_justify="left")
    table.add_column("kind", no_wrap=True)
    table.add_column("example", no_wrap=True)
    table.add_column("keys and words")
    for kind in KINDS:
        name = kind.name + (f" ({', '.join(kind.aliases)})" if kind.aliases else "")
        keys = [f"{key.name}: {key.meaning}" for key in kind.keys]
        if kind.words:
            keys.append("words: " + ", ".join(kind.words))
        if kind.positional:
            keys.append(f"a bare value is {kind.positional}")
        table.add_row(name, kind.example, "\n".join(keys) or kind.summary)
    return table

"""``cnnlab layers``: every layer kind of the language, its keys and an example."""

from typing import Annotated

import typer

from cnnlab.cli.app import app
from cnnlab.cli.output import emit
from cnnlab.limits import MAX_DEPTH, MAX_LAYERS

EXAMPLES = f"""
[b]Examples[/b]

  cnnlab layers

  cnnlab layers --json                     (every kind, alias, key and example, for scripts)

  cnnlab shape 32x32x3 conv:f=5,k=8 pool:max,f=2 fc:10    (the language in use)

[b]Layer language[/b]: KIND or KIND:key=value,... (keys and kinds are case-insensitive);
bare words are modes and flags (pool:max,f=2,ceil); fc:120 takes one bare number.
Blocks: concat[ a | b ], add[ a | b ], res[ body | shortcut ], 2*[ ... ], 3*relu.
Limits: {MAX_LAYERS:,} layers once repeats are expanded, blocks nested {MAX_DEPTH} deep.
"""


@app.command(epilog=EXAMPLES)
def layers(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the layer kinds of the layer language, with their keys and an example."""
    from cnnlab.render.layers import kinds_data, kinds_table

    emit(kinds_data() if as_json else None, kinds_table, as_json)

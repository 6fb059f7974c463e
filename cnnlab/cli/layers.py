"""``cnnlab layers``: every layer kind of the language, its keys and an example."""

from typing import Annotated

import typer

from cnnlab.cli.app import app
from cnnlab.cli.output import emit


@app.command()
def layers(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the layer kinds of the layer language, with their keys and an example."""
    from cnnlab.render.layers import kinds_data, kinds_table

    emit(kinds_data() if as_json else None, kinds_table, as_json)

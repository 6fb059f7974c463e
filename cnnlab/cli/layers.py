"""``cnnlab layers``: every layer kind of the language, its keys and an example."""

from typing import Annotated

import typer

from cnnlab.cli import app


@app.command()
def layers(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the layer kinds of the layer language, with their keys and an example."""
    if as_json:
        import json

        from cnnlab.render.layers import kinds_data

        print(json.dumps(kinds_data(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    from cnnlab.render.layers import kinds_table

    Console().print(kinds_table())

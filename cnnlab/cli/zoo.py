"""``cnnlab zoo``: the built-in models, their sources and totals."""

from typing import Annotated

import typer

from cnnlab.cli.app import app
from cnnlab.cli.output import command_errors, emit

EXAMPLES = """
[b]Examples[/b]

  cnnlab zoo

  cnnlab zoo --sources            (where each model comes from, and its errata)

  cnnlab zoo --json

  cnnlab complexity --model resnet50 --per-layer      (one model in detail)
"""


@app.command(epilog=EXAMPLES)
def zoo(
    sources: Annotated[
        bool, typer.Option("--sources", help="Each model's source, notes and errata.")
    ] = False,
    examples: Annotated[
        bool, typer.Option("--examples/--no-examples", help="Include the worked examples' designs.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the built-in models with their input, parameters, MACs and source."""
    with command_errors(as_json):
        from cnnlab.zoo import list_models

        rows = list_models(examples)                    # metadata only: nothing is analysed
        if as_json:
            from cnnlab.render.complexity_data import zoo_data

            emit(zoo_data(rows), None, as_json)
            return
        from cnnlab.render.zoo import zoo_view

        emit(None, zoo_view(rows, sources), as_json)

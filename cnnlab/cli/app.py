"""The one Typer application every command registers on (``from cnnlab.cli.app import app``)."""

from typing import Annotated

import typer

from cnnlab import __version__

app = typer.Typer(
    name="cnnlab",
    help="CNN arithmetic, complexity, proofs and homework checking — no framework needed.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cnnlab {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """CNN arithmetic, complexity, proofs and homework checking — no framework needed."""

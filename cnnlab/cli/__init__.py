"""The ``cnnlab`` command line: parse, call the library, hand the result to ``cnnlab.render``.

Command modules import only typer and light parts of cnnlab at the top; anything heavy (numpy,
sympy) is imported inside the command that needs it, so ``cnnlab shape`` starts fast.
"""

from __future__ import annotations

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


from cnnlab.cli import complexity as _complexity  # noqa: E402,F401
from cnnlab.cli import layers as _layers  # noqa: E402,F401  (registers its commands)
from cnnlab.cli import shape as _shape  # noqa: E402,F401
from cnnlab.cli import zoo as _zoo  # noqa: E402,F401


def main() -> None:
    app()

"""The CLI's parser driven from inside this process, for front ends without a terminal (the
notebook's magics): a command line runs as ``cnnlab`` would run it, without ending the process.
"""

from __future__ import annotations

from typing import Any

import typer

from cnnlab.cli import app
from cnnlab.cli.app import usage_message


class RefusedLine(Exception):
    """A command line the parser refused: its one-line message and exit code (2 if misused)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _click_error() -> type[Exception]:
    """The parser's base exception (typer bundles click in recent versions, uses it in older)."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def invoke(argv: list[str]) -> Any:
    """Run ``cnnlab ARGV...`` (``--help`` when empty) and return its exit code.

    Raises :class:`RefusedLine` for a command line the parser refuses, and KeyboardInterrupt
    when the parser turned Ctrl-C into an abort.
    """
    command = typer.main.get_command(app)
    try:
        return command.main(argv or ["--help"], prog_name="cnnlab", standalone_mode=False)
    except _click_error() as error:
        raise RefusedLine(usage_message(error), getattr(error, "exit_code", 2)) from None
    except typer.Abort:
        raise KeyboardInterrupt from None
    except SystemExit as end:  # a command that ends the process itself: not this one
        return end.code


def check_names_a_file(argv: list[str]) -> bool:
    """Whether ``cnnlab check ARGV...`` names its FILE, read by the check command's own parser;
    a line it cannot read counts as naming one (running it lets the CLI say why)."""
    group = typer.main.get_command(app)
    command = group.get_command(group.make_context("cnnlab", ["check"], resilient_parsing=True),
                                "check")
    try:
        context = command.make_context("check", [], resilient_parsing=True)
        options, _, _ = command.make_parser(context).parse_args(args=list(argv))
    except Exception:  # noqa: BLE001 - the CLI reports it
        return True
    return options.get("file") is not None

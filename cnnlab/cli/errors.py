"""Turning domain errors and usage mistakes into one line on stderr and an exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from cnnlab.errors import CnnlabError


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` on stderr and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def domain_errors() -> Iterator[None]:
    """A CnnlabError becomes ``error: …`` on stderr and exit code 1, never a traceback."""
    try:
        yield
    except CnnlabError as error:
        raise fail(str(error)) from None

"""The one way every command ends: a table or JSON on stdout, or one error line and an exit code.

Every command, present and coming, goes through these helpers:

- ``emit(data, view, as_json)`` prints ``data`` as JSON under ``--json``, else ``view`` (a string,
  or a rich renderable); either may be a zero-argument callable that builds it, so only the one
  printed is built (and rich is imported only when a person reads the output);
- ``with command_errors(as_json):`` turns a ``CnnlabError`` into ``error: …`` on stderr and exit 1,
  and under ``--json`` also a JSON error object on stdout, so scripts never parse stderr;
- ``fail(message, code, as_json)`` is the same for mistakes the command line itself finds (exit 2
  for a misused command line, as Typer does).

A view with a ``terminal()`` method (``cnnlab.render.views``) prints what that returns. Inside
``with captured() as capture:`` nothing is printed: ``emit`` and ``fail`` record what they were
given, so the notebook front door (``cnnlab.notebook``) runs the very same commands, parsed by
the same parser, and displays the views.

``main()`` (in ``cnnlab.cli``) makes Ctrl-C end any command at once with exit 130 and no traceback;
a command that starts child processes registers their clean-up with ``on_interrupt``.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer

from cnnlab.errors import CnnlabError

USAGE = 2
MISTAKE = 1
INTERRUPTED = 130

_cleanups: list[Callable[[], None]] = []


class Capture:
    """What commands emitted while captured: ``(data, view, as_json)`` each, and error lines."""

    def __init__(self) -> None:
        self.emitted: list[tuple[Any, Any, bool]] = []
        self.errors: list[str] = []


_capture: Capture | None = None


@contextmanager
def captured() -> Iterator[Capture]:
    """Record what ``emit`` and ``fail`` are given instead of printing it."""
    global _capture
    previous, _capture = _capture, Capture()
    try:
        yield _capture
    finally:
        _capture = previous


def print_json(data: Any) -> None:
    """The JSON every ``--json`` prints: UTF-8 text, indented, one document."""
    import json  # not on the start-up path of the table commands

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def emit(data: Any, view: Any, as_json: bool) -> None:
    """Print ``data`` as JSON, or the human ``view`` (text or a renderable); either may be a
    callable making it, so nothing is drawn for a script and no JSON is built for a person."""
    if _capture is not None:
        _capture.emitted.append((data, view, as_json))
        return
    if as_json:
        print_json(data() if callable(data) else data)
        return
    if callable(view):
        view = view()
    if hasattr(view, "terminal"):
        view = view.terminal()
    if isinstance(view, str):
        typer.echo(view)
        return
    from rich.console import Console

    Console().print(view, crop=False)


def terminal_width() -> int | None:
    """Columns to fit tables into: ``COLUMNS`` if set, else the terminal's; ``None`` when the
    output goes to a pipe or a file (tables are then drawn at their natural width)."""
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return None


def error_data(message: str, code: int, kind: str = "error") -> dict[str, Any]:
    """The JSON error object: ``{"error": {"type", "message", "exit_code"}}``."""
    return {"error": {"type": kind, "message": message, "exit_code": code}}


def fail(
    message: str, code: int = MISTAKE, as_json: bool = False, kind: str = "usage"
) -> typer.Exit:
    """Print ``error: message`` on stderr (and the JSON error object under ``--json``); return
    the Exit to raise."""
    if _capture is not None:
        _capture.errors.append(message)
        return typer.Exit(code)
    if as_json:
        print_json(error_data(message, code, kind))
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def command_errors(as_json: bool = False) -> Iterator[None]:
    """A ``CnnlabError`` becomes one error line (and JSON under ``--json``), exit 1."""
    try:
        yield
    except CnnlabError as error:
        raise fail(str(error), MISTAKE, as_json, type(error).__name__) from None


def on_interrupt(cleanup: Callable[[], None]) -> Callable[[], None]:
    """Run ``cleanup`` (fast, no output) if Ctrl-C ends the command; returns it for removal."""
    _cleanups.append(cleanup)
    return cleanup


def forget_interrupt(cleanup: Callable[[], None]) -> None:
    """Stop running ``cleanup`` on Ctrl-C (the resource it frees is gone)."""
    if cleanup in _cleanups:
        _cleanups.remove(cleanup)


def _interrupted(signum: int, frame: object) -> None:
    for cleanup in reversed(_cleanups):
        try:
            cleanup()
        except Exception:  # noqa: BLE001, S110 - ending anyway
            pass
    sys.stderr.write("\ninterrupted\n")
    sys.stderr.flush()
    os._exit(INTERRUPTED)


def install_interrupt_handler() -> None:
    """Ctrl-C (SIGINT) and SIGTERM end the process at once: exit 130, one line, no traceback."""
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)

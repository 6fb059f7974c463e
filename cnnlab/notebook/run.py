"""Run a ``cnnlab`` command line in this process, the way the terminal would, and keep its result.

The command line is parsed by the CLI's own parser (the Typer app's click command), so a magic
accepts exactly what ``cnnlab`` accepts and refuses the rest with the same message. Inside
``captured()`` the commands print nothing: what they hand to ``emit`` comes back here as a view
that displays itself, or as the JSON data under ``--json``.
"""

from __future__ import annotations

import shlex
from typing import Any

from cnnlab.errors import CnnlabError


class CommandError(CnnlabError):
    """A command line the CLI refused: ``exit_code`` 2 for a misused one, 1 for a mistake."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def split(line: str) -> list[str]:
    """Words of a magic's line as a POSIX shell splits them (quotes group, backslash escapes)."""
    try:
        return shlex.split(line)
    except ValueError as error:  # an unclosed quote
        raise CommandError(f"cannot split the command line: {error}", 2) from None


def _click_error(typer: Any) -> type[Exception]:
    """The parser's base exception (typer bundles click in recent versions, uses it in older)."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def shown(emitted: tuple[Any, Any, bool]) -> Any:
    """What the notebook displays for one ``emit``: the JSON data, or a view."""
    from cnnlab.render.views import TextView

    data, view, as_json = emitted
    if as_json:
        return data() if callable(data) else data
    if callable(view):
        view = view()
    return view if hasattr(view, "terminal") else TextView(view)


def run(argv: list[str]) -> list[Any]:
    """Run ``cnnlab ARGV...``; return what it emitted (views or JSON data), in order.

    Raises ``CommandError`` with the CLI's one-line message when the CLI would print an error
    (exit 1 or 2); a command that shows its report and then exits 1 returns the report.
    """
    import typer

    from cnnlab.cli import app
    from cnnlab.cli.output import captured

    command = typer.main.get_command(app)
    with captured() as capture:
        try:
            code = command.main(argv or ["--help"], prog_name="cnnlab", standalone_mode=False)
        except _click_error(typer) as error:
            raise CommandError(error.format_message(), getattr(error, "exit_code", 2)) from None
        except typer.Abort:
            raise KeyboardInterrupt from None
    if capture.errors or (code and not capture.emitted):
        message = capture.errors[-1] if capture.errors else f"exit code {code}"
        raise CommandError(message, code if isinstance(code, int) else 1)
    # a report that says "not everything passed" (cnnlab check's exit 1) is still the answer
    return [shown(item) for item in capture.emitted]


def run_line(line: str) -> list[Any]:
    """``run`` on a command line written as in a shell (without the leading ``cnnlab``)."""
    words = split(line)
    if words[:1] == ["cnnlab"]:
        words = words[1:]
    return run(words)

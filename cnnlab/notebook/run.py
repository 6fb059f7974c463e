"""Run a ``cnnlab`` command line in this process, the way the terminal would, and keep its result.

The command line is parsed by the CLI's own parser (``cnnlab.cli.embedded``), so a magic
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


def shown(emitted: tuple[Any, Any, bool]) -> Any:
    """What the notebook displays for one ``emit``: the JSON data, or a view."""
    from cnnlab.render.views import TextView

    data, view, as_json = emitted
    if as_json:
        return data() if callable(data) else data
    if callable(view):
        view = view()
    return view if hasattr(view, "terminal") else TextView(view)


def run_raw(argv: list[str]) -> list[tuple[Any, Any, bool]]:
    """Run ``cnnlab ARGV...``; return what it handed to ``emit``, as given.

    Raises ``CommandError`` with the CLI's one-line message when the CLI would print an error
    (exit 1 or 2); a command that shows its report and then exits 1 returns the report.
    """
    from cnnlab.cli.embedded import RefusedLine, invoke
    from cnnlab.cli.output import INTERRUPTED, captured

    with captured() as capture:
        try:
            code = invoke(argv)
        except RefusedLine as refused:
            raise CommandError(str(refused), refused.exit_code) from None
    if code == INTERRUPTED:  # Ctrl-C, which the parser turned into an exit code
        raise KeyboardInterrupt
    if capture.errors or (code and not capture.emitted):
        message = capture.errors[-1] if capture.errors else f"exit code {code}"
        raise CommandError(message, code if isinstance(code, int) else 1)
    # a report that says "not everything passed" (cnnlab check's exit 1) is still the answer
    return capture.emitted


def run(argv: list[str]) -> list[Any]:
    """Run ``cnnlab ARGV...``; return what it showed (views or JSON data), in order."""
    return [shown(item) for item in run_raw(argv)]


def names_a_file(argv: list[str]) -> bool:
    """Whether ``cnnlab check ARGV...`` names its FILE (else: check the kernel's functions).
    Read by the check command's own parser; a line it cannot read goes to the CLI, which says
    why."""
    from cnnlab.cli.embedded import check_names_a_file

    return check_names_a_file(argv)

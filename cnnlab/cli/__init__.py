"""The ``cnnlab`` command line: parse, call the library, hand the result to ``cnnlab.render``.

The Typer app lives in ``cnnlab.cli.app``; each command module registers on it and is imported
here once. Command modules import only typer and light parts of cnnlab at the top; anything
heavy (numpy, sympy, rich) is imported inside the command that needs it, so ``cnnlab shape``
starts fast. Every command ends through ``cnnlab.cli.output``.
"""

from cnnlab.cli import check as _check  # noqa: F401  (registers its command)
from cnnlab.cli import complexity as _complexity  # noqa: F401
from cnnlab.cli import draw as _draw  # noqa: F401
from cnnlab.cli import exercises as _exercises  # noqa: F401
from cnnlab.cli import layers as _layers  # noqa: F401
from cnnlab.cli import prove as _prove  # noqa: F401
from cnnlab.cli import shape as _shape  # noqa: F401
from cnnlab.cli import zoo as _zoo  # noqa: F401
from cnnlab.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """The ``cnnlab`` console script: Ctrl-C ends any command at once with exit 130."""
    import sys

    from cnnlab.cli.output import install_interrupt_handler

    install_interrupt_handler()
    keep_only(sys.argv[1:2])
    app()


def keep_only(first: list[str]) -> None:
    """Build only the command being run (when ``first`` names one) into the click app.

    Typer turns every registered command's signature into click parameters on each start
    (~2 ms a command here: type hints evaluated, options built), so ``cnnlab shape`` would pay
    for every other command's options. The console script runs one command per process;
    ``cnnlab --help`` and anything that names no command still see them all.
    """
    from typer.main import get_command_name

    if not first:
        return
    commands = [c for c in app.registered_commands
                if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == first[0]]
    groups = [g for g in app.registered_groups if g.name == first[0]]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups

"""The ``cnnlab`` command line: parse, call the library, hand the result to ``cnnlab.render``.

The Typer app lives in ``cnnlab.cli.app``; each command module registers on it and is imported
here once. Command modules import only typer and light parts of cnnlab at the top; anything
heavy (numpy, sympy, rich) is imported inside the command that needs it, so ``cnnlab shape``
starts fast. Every command ends through ``cnnlab.cli.output``.
"""

from cnnlab.cli import complexity as _complexity  # noqa: F401  (registers its command)
from cnnlab.cli import draw as _draw  # noqa: F401
from cnnlab.cli import exercises as _exercises  # noqa: F401
from cnnlab.cli import layers as _layers  # noqa: F401
from cnnlab.cli import shape as _shape  # noqa: F401
from cnnlab.cli import zoo as _zoo  # noqa: F401
from cnnlab.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """The ``cnnlab`` console script: Ctrl-C ends any command at once with exit 130."""
    from cnnlab.cli.output import install_interrupt_handler

    install_interrupt_handler()
    app()

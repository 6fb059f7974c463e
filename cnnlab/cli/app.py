"""The one Typer application every command registers on (``from cnnlab.cli.app import app``)."""

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cnnlab import __version__


def _is(error: BaseException, name: str) -> bool:
    """Whether ``error`` is a click exception called ``name``: typer vendors click in some
    versions (``typer._click``) and depends on it in others, so classes are matched by name."""
    return any(kind.__name__ == name for kind in type(error).__mro__)


def _no_type(option: Any) -> Any:
    if option is not None and getattr(option, "is_flag", False):
        option.metavar = ""  # typer >= 0.16 would show "<bool>" beside every flag
    return option


def _quiet_flags(command: Any) -> None:
    """Help shows a flag as ``--json``, not ``--json <bool>``: no type beside a flag, whatever
    version of typer renders the help (``--help`` itself included)."""
    if getattr(command, "cnnlab_quiet", False):  # a command object run twice (tests)
        return
    command.cnnlab_quiet = True
    for param in command.params:
        _no_type(param)
    original = command.get_help_option
    command.get_help_option = lambda ctx: _no_type(original(ctx))


class OneLineErrors(TyperGroup):
    """Typer's own usage errors (a bad ``--batch``, an unknown command) as one ``error:`` line,
    exit 2, and the JSON error object under ``--json``, like every other mistake."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, *rest, standalone_mode=False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        for command in (self, *self.commands.values()):
            _quiet_flags(command)
        try:
            code = super().main(argv, *rest, standalone_mode=False, **extra)
        except Exception as error:
            sys.exit(usage_error(error, argv))
        sys.exit(code if isinstance(code, int) else 0)


def usage_error(error: Exception, argv: list[str]) -> int:
    """Print a click error the way every cnnlab mistake is printed; return the exit code."""
    from cnnlab.cli.output import fail

    if _is(error, "NoArgsIsHelpError"):
        # click formats the help as it builds the error; typer's rich help has printed itself
        # then, and left the message empty: print it only when it holds the text
        text = getattr(error, "format_message", lambda: "")()
        if text.strip():
            typer.echo(text, err=True)
        return int(getattr(error, "exit_code", 2))
    if _is(error, "Abort"):
        return 1
    if not _is(error, "ClickException"):
        raise error
    found: Any = error  # a click exception: format_message() and exit_code
    return fail(usage_message(error), found.exit_code, "--json" in argv).exit_code


def usage_message(error: Any) -> str:
    """A click error's message on one line, pointing a misused command line to its help."""
    message = " ".join(error.format_message().split())
    context = getattr(error, "ctx", None)
    if _is(error, "UsageError") and context is not None:
        message += f" (see {context.command_path} --help)"
    return message


EXAMPLES = """
[b]Examples[/b]

  cnnlab shape 39x39x3 conv:f=3,k=10 conv:f=5,s=2,k=20 flatten fc:10

  cnnlab shape --n 6 --f 3 --p 1 --s 2          (one output-size formula, worked)

  cnnlab complexity 100x100x256 conv:f=3,k=256,p=same --vs "conv:f=1,k=64 conv:f=3,k=256,p=same"

  cnnlab complexity --model resnet50 --per-layer

  cnnlab layers                                  (the layer language: every kind and key)

  cnnlab zoo                                     (the built-in models)

Every command takes [b]--json[/b] and [b]--help[/b]. A mistake is one line on stderr: exit 1,
or 2 for a misused command line.
"""

app = typer.Typer(
    cls=OneLineErrors,
    epilog=EXAMPLES,
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

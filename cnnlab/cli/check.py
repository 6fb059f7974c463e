"""``cnnlab check FILE``: a student's conv/pool homework judged against the reference layers."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cnnlab.check.convention import Convention
from cnnlab.cli.app import app
from cnnlab.cli.output import (
    USAGE,
    command_errors,
    emit,
    fail,
    forget_interrupt,
    on_interrupt,
)

EXAMPLES = """
[b]Examples[/b]

  cnnlab check homework.py                     (deeplearning.ai or cs231n names, found by name)

  cnnlab check "Convolution_model_Step_by_Step_v2a.ipynb" --only conv_backward

  cnnlab check layers.py --convention cs231n --json

  cnnlab check mine.py --map conv_backward=my_conv_backward --timeout 5

  cnnlab check submission.py --format gradescope > /autograder/results/results.json

Exit code 0 only when every function found passes; 1 otherwise; 2 for a misused command line.
Student code runs in a child process (time, memory and CPU limits, stdin closed): never here.
"""


class Format(StrEnum):
    table = "table"
    json = "json"
    gradescope = "gradescope"


def _mapping(pairs: list[str], as_json: bool) -> tuple[tuple[str, str], ...]:
    mapping = []
    for pair in pairs:
        course, _, mine = pair.partition("=")
        if not course or not mine.isidentifier():
            raise fail(f"--map expects COURSE_NAME=YOUR_NAME, got {pair!r}", USAGE, as_json)
        mapping.append((course, mine))
    return tuple(mapping)


@app.command(epilog=EXAMPLES)
def check(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", help="A .py file or a Jupyter notebook (.ipynb).", exists=True,
        dir_okay=False, readable=True)],
    convention: Annotated[Convention, typer.Option(
        help="Which course's functions: deeplearning.ai (NHWC), cs231n (NCHW), or guess.")
    ] = Convention.AUTO,
    only: Annotated[list[str] | None, typer.Option(
        "--only", help="Check only this course function (repeatable).")] = None,
    mapping: Annotated[list[str] | None, typer.Option(
        "--map", help="COURSE_NAME=YOUR_NAME when you named a function differently.")] = None,
    timeout: Annotated[float, typer.Option(
        min=0.1, max=600, help="Wall-clock seconds allowed per function.")] = 10.0,
    course_only: Annotated[bool, typer.Option(
        "--course-only", help="Grade like the course: only the notebook's own cases.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")
                       ] = False,
    output: Annotated[Format, typer.Option(
        "--format", help="table, json, or gradescope (the autograder's results.json).")
    ] = Format.table,
) -> None:
    """Check conv/pool homework functions against the reference layers, and name the mistake."""
    as_json = as_json or output is not Format.table
    with command_errors(as_json):
        from cnnlab.check import check_file
        from cnnlab.check.runner import Options
        from cnnlab.check.sandbox import kill_children

        options = Options(convention, tuple(only or ()),
                          _mapping(mapping or [], as_json), timeout, course_only)
        cleanup = on_interrupt(kill_children)
        try:
            report = check_file(file, options)
        finally:
            forget_interrupt(cleanup)
        _show(report, output, as_json)
    if not report.ok:
        raise typer.Exit(1)


def _show(report, output: Format, as_json: bool) -> None:
    from cnnlab.render import check as render

    if output is Format.gradescope:
        emit(render.gradescope_data(report), None, True)
    else:
        emit(lambda: render.check_data(report), lambda: _view(report), as_json)


def _view(report):
    from cnnlab.render.check_views import CheckView

    return CheckView(report)

"""``cnnlab exercises``: the courses' exercise sets, answer sheets, grading and fresh variants."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cnnlab.cli.app import app
from cnnlab.cli.output import (
    MISTAKE,
    USAGE,
    command_errors,
    emit,
    fail,
    forget_interrupt,
    on_interrupt,
)

MAX_SHEET_BYTES = 1_000_000

EXAMPLES = """
[b]Examples[/b]

  cnnlab exercises list --source nndl

  cnnlab exercises show nndl-5-4 --lang zh --solution

  cnnlab exercises template ng-c4w1-lenet5 --out hw      (fill it in, then:)

  cnnlab exercises grade hw/ng-c4w1-lenet5.toml

  cnnlab exercises new bottleneck --seed 3 --count 5 --markdown --key
"""

exercises_app = typer.Typer(
    help="The courses' exercises: read them, get a sheet or starter code, grade, make variants.",
    epilog=EXAMPLES,
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(exercises_app, name="exercises")


class Course(StrEnum):
    NNDL = "nndl"
    NG = "ng"
    DLAI = "dlai"
    CS231N = "cs231n"


class Lang(StrEnum):
    EN = "en"
    ZH = "zh"


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of the statements: en or zh.")]
SourceOpt = Annotated[
    Course | None, typer.Option("--source", help="Only one course: nndl, ng, dlai or cs231n.")
]
MarkdownOpt = Annotated[bool, typer.Option("--markdown", help="A printable Markdown worksheet.")]
LatexOpt = Annotated[bool, typer.Option("--latex", help="A printable LaTeX worksheet (xelatex).")]
KeyOpt = Annotated[
    bool, typer.Option("--key", help="Worksheets: add the answer key on a separate page.")
]
SolutionOpt = Annotated[
    bool, typer.Option("--solution", help="Show the worked answers: formulas, numbers, commands.")
]

LIST_EXAMPLES = """
[b]Examples[/b]

  cnnlab exercises list

  cnnlab exercises list --source nndl --lang zh

  cnnlab exercises list --json
"""


@exercises_app.command("list", epilog=LIST_EXAMPLES)
def list_(source: SourceOpt = None, lang: LangOpt = Lang.EN, as_json: JsonOpt = False) -> None:
    """List the exercises: id, course, kind (numeric, code, proof, open), title."""
    with command_errors(as_json):
        from cnnlab.exercises import exercises

        found = exercises(source.value if source else None)
        from cnnlab.render.exercises_data import summary_data

        data = {"exercises": [summary_data(e, lang.value) for e in found]}

        def view():  # noqa: ANN202
            from cnnlab.render.exercises import list_table

            return list_table(found, lang.value)

        emit(data, view, as_json)


SHOW_EXAMPLES = """
[b]Examples[/b]

  cnnlab exercises show ng-c4w1-chain

  cnnlab exercises show nndl-5-4 --lang zh --solution

  cnnlab exercises show --source ng --markdown --key > worksheet.md

  cnnlab exercises show nndl-5-4 nndl-5-8 --latex --key > worksheet.tex
"""


def _pick(ids: list[str] | None, source: Course | None, as_json: bool) -> list:
    from cnnlab.exercises import exercises, find

    if not ids and source is None:
        raise fail("give exercise ids or --source (see cnnlab exercises list)", USAGE, as_json)
    chosen = [find(i) for i in ids or []]
    if source is not None:
        chosen += [e for e in exercises(source.value) if e not in chosen]
    return chosen


def _emit_exercises(chosen: list, lang: Lang, solution: bool, markdown: bool, latex: bool,
                    key: bool, as_json: bool) -> None:
    if sum((markdown, latex, as_json)) > 1:
        raise fail("choose one of --markdown, --latex and --json", USAGE, as_json)
    if key and not (markdown or latex):
        raise fail("--key goes with --markdown or --latex (use --solution on screen)", USAGE,
                   as_json)
    if markdown or latex:
        from cnnlab.render import worksheet

        make = worksheet.markdown if markdown else worksheet.latex
        typer.echo(make(chosen, lang.value, key), nl=False)
        return
    from cnnlab.render.exercises_data import exercise_data

    data = {"exercises": [exercise_data(e, lang.value, solution) for e in chosen]}

    def view():  # noqa: ANN202
        from rich.console import Group
        from rich.rule import Rule

        from cnnlab.render.exercises import show_view

        parts = []
        for number, e in enumerate(chosen):
            parts += ([Rule()] if number else []) + [show_view(e, lang.value, solution)]
        return Group(*parts)

    emit(data, view, as_json)


@exercises_app.command(epilog=SHOW_EXAMPLES)
def show(
    ids: Annotated[list[str] | None, typer.Argument(metavar="ID...", show_default=False)] = None,
    source: SourceOpt = None,
    lang: LangOpt = Lang.EN,
    solution: SolutionOpt = False,
    markdown: MarkdownOpt = False,
    latex: LatexOpt = False,
    key: KeyOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Show exercises (statement, questions, errata), or print them as a worksheet."""
    with command_errors(as_json):
        chosen = _pick(ids, source, as_json)
        _emit_exercises(chosen, lang, solution, markdown, latex, key, as_json)


TEMPLATE_EXAMPLES = """
[b]Examples[/b]

  cnnlab exercises template ng-c4w1-chain                (an answer sheet on stdout)

  cnnlab exercises template nndl-5-4 nndl-5-8 --out hw5    (hw5/answers.toml)

  cnnlab exercises template dlai-step-by-step --out hw     (hw/starter_dlai.py)

  cnnlab exercises template --source ng --out ng-week1
"""


@exercises_app.command(epilog=TEMPLATE_EXAMPLES)
def template(
    ids: Annotated[list[str] | None, typer.Argument(metavar="ID...", show_default=False)] = None,
    source: SourceOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the files into this directory.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite files in --out.")] = False,
    lang: LangOpt = Lang.EN,
    as_json: JsonOpt = False,
) -> None:
    """An answer sheet (TOML, one field per question) or starter code (code exercises)."""
    with command_errors(as_json):
        from cnnlab.exercises import make_sheet, starter_text

        chosen = _pick(ids, source, as_json)
        files = [(e.starter, starter_text(e)) for e in chosen if e.starter]
        sheet_for = [e for e in chosen if not e.starter]
        if sheet_for:
            name = f"{sheet_for[0].id}.toml" if len(sheet_for) == 1 else "answers.toml"
            files.insert(0, (name, make_sheet(sheet_for, lang.value)))
        if out is None:
            if len(files) > 1:
                raise fail("these make several files: give --out DIR", USAGE, as_json)
            emit({"files": [{"name": n, "content": c} for n, c in files]},
                 files[0][1].rstrip("\n"), as_json)
            return
        written = _write(files, out, force, as_json)
        emit({"written": written}, "\n".join(f"wrote {p}" for p in written), as_json)


def _write(files: list[tuple[str, str]], out: Path, force: bool, as_json: bool) -> list[str]:
    targets = [(out / name, content) for name, content in files]
    existing = [str(p) for p, _ in targets if p.exists()]
    if existing and not force:
        raise fail(f"{existing[0]} exists; not overwritten (use --force)", MISTAKE, as_json)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for path, content in targets:
            path.write_text(content, encoding="utf-8")
    except OSError as error:
        raise fail(f"cannot write into {out}: {error.strerror}", MISTAKE, as_json) from None
    return [str(p) for p, _ in targets]


GRADE_EXAMPLES = """
[b]Examples[/b]

  cnnlab exercises template ng-c4w1-chain --out hw   (fill hw/ng-c4w1-chain.toml, then:)

  cnnlab exercises grade hw/ng-c4w1-chain.toml

  cnnlab exercises grade hw/ng-c4w1-chain.toml --json

  cnnlab exercises grade hw/nndl-5-7.toml   (dx_matrix = "T(C) @ dz": proved by cnnlab prove)

  cnnlab exercises template dlai-step-by-step --out hw   (write the functions, then:)

  cnnlab exercises grade hw/starter_dlai.py              (graded by cnnlab check)

Exit code 0 when every answer is right, 1 otherwise (or for a sheet that cannot be read).
"""


@exercises_app.command(epilog=GRADE_EXAMPLES)
def grade(
    sheet: Annotated[Path, typer.Argument(
        metavar="FILE", help="A filled answer sheet (TOML), or code (.py, .ipynb).")],
    exercise: Annotated[str | None, typer.Option(
        "--exercise", help="Code: which exercise (default: found from the function names).")
    ] = None,
    timeout: Annotated[float, typer.Option(
        min=0.1, max=600, help="Code: wall-clock seconds allowed per function.")] = 10.0,
    lang: LangOpt = Lang.EN,
    as_json: JsonOpt = False,
) -> None:
    """Grade a filled answer sheet (right or wrong, the formula, a hint for a known slip), or a
    code exercise's file through cnnlab check."""
    if sheet.suffix in (".py", ".ipynb"):
        _grade_code(sheet, exercise, timeout, as_json)
        return
    if exercise is not None:
        raise fail("--exercise is for code files; a sheet names its exercises", USAGE, as_json)
    text = _read_sheet(sheet, as_json)
    with command_errors(as_json):
        from cnnlab.exercises import grade_text
        from cnnlab.render.exercises_data import grade_data

        report = grade_text(text)

        def view():  # noqa: ANN202
            from cnnlab.render.exercises import grade_view

            return grade_view(report, lang.value)

        emit(grade_data(report), view, as_json)
    if not report.all_right:
        raise typer.Exit(MISTAKE)


def _grade_code(path: Path, exercise: str | None, timeout: float, as_json: bool) -> None:
    if not path.is_file():
        raise fail(f"no such file: {path}", MISTAKE, as_json)
    with command_errors(as_json):
        from cnnlab.check.sandbox import kill_children
        from cnnlab.exercises.code import grade_code
        from cnnlab.render.exercises import code_grade_view
        from cnnlab.render.exercises_data import code_grade_data

        cleanup = on_interrupt(kill_children)
        try:
            graded = grade_code(path, exercise, timeout)
        finally:
            forget_interrupt(cleanup)
        emit(code_grade_data(graded), lambda: code_grade_view(graded), as_json)
    if not graded.all_right:
        raise typer.Exit(MISTAKE)


def _read_sheet(sheet: Path, as_json: bool) -> str:
    try:
        if sheet.stat().st_size > MAX_SHEET_BYTES:
            raise fail(f"{sheet} is over 1 MB: not an answer sheet", MISTAKE, as_json)
        return sheet.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"no such file: {sheet}", MISTAKE, as_json) from None
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"cannot read {sheet}: {error}", MISTAKE, as_json) from None


NEW_EXAMPLES = """
[b]Examples[/b]

  cnnlab exercises new shape --seed 7

  cnnlab exercises new bottleneck --seed 3 --count 2 --solution

  cnnlab exercises new params --seed 11 --sheet > my-sheet.toml   (then grade it)

  cnnlab exercises new macs --seed 1 --count 5 --markdown --key > practice.md

Kinds: shape, params, macs, bottleneck, rf, padding. The same kind and seed always give the
same exercise; its id (new-KIND-SEED) is all a sheet needs.
"""


@exercises_app.command(epilog=NEW_EXAMPLES)
def new(
    kind: Annotated[str, typer.Argument(help="shape, params, macs, bottleneck, rf or padding.")],
    seed: Annotated[int, typer.Option("--seed", min=0, max=999_999_999, help="First seed.")] = 0,
    count: Annotated[int, typer.Option("--count", min=1, max=100, help="How many.")] = 1,
    sheet: Annotated[bool, typer.Option("--sheet", help="Print a blank answer sheet.")] = False,
    lang: LangOpt = Lang.EN,
    solution: SolutionOpt = False,
    markdown: MarkdownOpt = False,
    latex: LatexOpt = False,
    key: KeyOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Fresh variants of a numeric exercise, reproducible from a seed, with their answers."""
    with command_errors(as_json):
        from cnnlab.exercises import KINDS, generate, make_sheet

        if kind not in KINDS:
            raise fail(f"no variants of kind {kind!r}; kinds: {', '.join(KINDS)}", USAGE, as_json)
        made = [generate(kind, s) for s in range(seed, seed + count)]
        if sheet:
            text = make_sheet(made, lang.value)
            emit({"files": [{"name": "answers.toml", "content": text}]}, text.rstrip("\n"),
                 as_json)
            return
        _emit_exercises(made, lang, solution, markdown, latex, key, as_json)

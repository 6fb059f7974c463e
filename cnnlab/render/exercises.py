"""Exercises for people: the list, one exercise (with its worked answers), a graded sheet."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cnnlab.exercises import Exercise, Graded, GradeReport, Mark, Status, ValueType, answer

_LABELS = {
    "en": {"points": "pt", "errata": "Errata", "answers": "Worked answers", "rubric": "A grader "
           "looks for", "model": "Model answer", "solution": "Solution", "source": "Source"},
    "zh": {"points": "分", "errata": "勘误", "answers": "解答", "rubric": "评分要点",
           "model": "参考答案", "solution": "解题过程", "source": "出处"},
}
_STATUS = {Status.RIGHT: ("✓", "green"), Status.WRONG: ("✗", "red"), Status.BLANK: ("–", "yellow")}


def _points(value: float) -> str:
    return f"{value:g}"


def list_table(exercises: tuple[Exercise, ...], lang: str) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "course", "kind", "questions", "title"):
        table.add_column(column)
    for e in exercises:
        table.add_row(e.id, e.source.course, e.kind.value, str(len(e.asks)), e.title.get(lang))
    return table


def show_view(exercise: Exercise, lang: str, solution: bool) -> Group:
    words = _LABELS[lang]
    parts: list[RenderableType] = [
        Text(f"{exercise.id}  {exercise.title.get(lang)}", style="bold"),
        Text(f"{words['source']}: {exercise.source.name} — {exercise.source.item}", style="dim"),
        Text(""),
        Text(exercise.statement.get(lang)),
        Text(""),
    ]
    for number, ask in enumerate(exercise.asks, start=1):
        extra = "" if ask.tolerance.mode == "exact" else f", {ask.tolerance.describe()}"
        parts.append(Text(f"  {number}. [{ask.key}] {ask.text.get(lang)} "
                          f"({_points(ask.points)} {words['points']}{extra})"))
    if exercise.errata:
        parts.append(Text(f"\n{words['errata']}", style="bold yellow"))
        parts += [Text(f"  • {e.get(lang)}") for e in exercise.errata]
    parts.append(Text(f"\n{_next_step(exercise)}", style="dim"))
    if solution:
        parts += _solution_parts(exercise, lang)
    return Group(*parts)


def _next_step(exercise: Exercise) -> str:
    if exercise.starter:
        return (f"starter code: cnnlab exercises template {exercise.id} --out DIR; then "
                f"cnnlab check FILE --convention {exercise.convention}")
    step = f"answer sheet: cnnlab exercises template {exercise.id} --out DIR"
    if exercise.prove:
        step += f"; the proof, checked: cnnlab prove {exercise.prove}"
    return step


def _solution_parts(exercise: Exercise, lang: str) -> list[RenderableType]:
    words = _LABELS[lang]
    parts: list[RenderableType] = []
    numeric = [a for a in exercise.asks if a.of != "function"]
    if numeric:
        parts.append(Text(f"\n{words['answers']}", style="bold green"))
        for ask in numeric:
            right = answer(exercise, ask)
            parts.append(Text(f"  [{ask.key}] {right.text()}", style="bold"))
            parts.append(Text(f"      {right.formula}"))
            parts.append(Text(f"      $ {right.command}", style="dim"))
    for key, text in (("solution", exercise.solution), ("model", exercise.model_answer)):
        if text is not None:
            parts += [Text(f"\n{words[key]}", style="bold green"), Text(text.get(lang))]
    if exercise.rubric:
        parts.append(Text(f"\n{words['rubric']}", style="bold green"))
        parts += [Text(f"  • {r.get(lang)}") for r in exercise.rubric]
    return parts


def _mark_rows(table: Table, mark: Mark) -> None:
    sign, style = _STATUS[mark.status]
    given = "" if mark.given is None else str(mark.given)
    if mark.status is Status.RIGHT:
        table.add_row(Text(sign, style=style), mark.ask.key, given, "")
        return
    right = mark.answer
    claim = right.type is ValueType.CLAIM  # its formula already reads "lhs = rhs"
    shown = right.formula if claim else f"{right.text()}  =  {right.formula}"
    table.add_row(Text(sign, style=style), mark.ask.key, given or "(blank)", shown)
    if mark.slip is not None:
        table.add_row("", "", "", Text(f"hint: {mark.slip.hint}", style="yellow"))
    if mark.why is not None:
        table.add_row("", "", "", Text(f"prover: {mark.why}", style="yellow"))


def graded_block(graded: Graded, lang: str = "en") -> Group:
    title = (f"{graded.exercise.id}  {graded.exercise.title.get(lang)}  "
             f"{_points(graded.earned)}/{_points(graded.points)}")
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("", "field", "your answer", "right answer"):
        table.add_column(column, overflow="fold")
    for mark in graded.marks:
        _mark_rows(table, mark)
    parts: list[RenderableType] = [Text(title, style="bold"), table]
    if graded.elsewhere:
        parts.append(Text(f"note: {graded.elsewhere}", style="dim"))
    return Group(*parts)


def grade_view(report: GradeReport, lang: str = "en") -> Group:
    parts: list[RenderableType] = []
    for graded in report.exercises:
        parts += [graded_block(graded, lang), Text("")]
    right = sum(m.status is Status.RIGHT for m in report.marks)
    parts.append(Text(
        f"{right} of {len(report.marks)} answers right: {_points(report.earned)} of "
        f"{_points(report.points)} points", style="bold"))
    return Group(*parts)


def code_grade_view(grade: Any) -> Group:
    """``cnnlab check``'s table for the file, then the exercise's points."""
    from cnnlab.render.check import check_view

    title = f"{grade.exercise.id}  {grade.exercise.title.en}"
    points = f"{_points(grade.earned)} of {_points(grade.points)} points"
    return Group(check_view(grade.report), Text(""), Text(f"{title}: {points}", style="bold"))

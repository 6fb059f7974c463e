"""Exercises, answers and grades as JSON-ready data. No rich here."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from cnnlab.exercises import Answer, Exercise, Graded, GradeReport, Mark, answer
from cnnlab.exercises.model import Exact, Text


def value_data(value: Exact) -> Any:
    """A shape as a list, an integer as itself, a fraction as a float."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def answer_data(right: Answer) -> dict[str, Any]:
    return {
        "value": value_data(right.value),
        "text": right.text(),
        "formula": right.formula,
        "command": right.command,
    }


def _text(text: Text | None, lang: str) -> str | None:
    return None if text is None else text.get(lang)


def summary_data(exercise: Exercise, lang: str) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "aliases": list(exercise.aliases),
        "course": exercise.source.course,
        "kind": exercise.kind.value,
        "title": exercise.title.get(lang),
        "source": f"{exercise.source.name}, {exercise.source.item}",
        "asks": len(exercise.asks),
        "points": exercise.points,
    }


def exercise_data(exercise: Exercise, lang: str, solution: bool) -> dict[str, Any]:
    """Everything ``show`` prints; answers, solution and model answer only with ``solution``."""
    data = summary_data(exercise, lang)
    data["statement"] = exercise.statement.get(lang)
    data["errata"] = [e.get(lang) for e in exercise.errata]
    if exercise.seed is not None:
        data["seed"] = exercise.seed
    if exercise.prove:
        data["prove"] = f"cnnlab prove {exercise.prove}"
    if exercise.starter:
        data["starter"] = f"cnnlab exercises template {exercise.id}"
    asks = []
    for ask in exercise.asks:
        item: dict[str, Any] = {
            "key": ask.key,
            "question": ask.text.get(lang),
            "of": ask.of,
            "points": ask.points,
            "tolerance": ask.tolerance.to_data(),
        }
        if solution and ask.of != "function":
            item["answer"] = answer_data(answer(exercise, ask))
        asks.append(item)
    data["questions"] = asks
    if solution:
        data["solution"] = _text(exercise.solution, lang)
        data["model_answer"] = _text(exercise.model_answer, lang)
        data["rubric"] = [r.get(lang) for r in exercise.rubric]
    return data


def mark_data(mark: Mark) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": mark.ask.key,
        "status": mark.status.value,
        "given": mark.given,
        "points": mark.ask.points,
        "earned": mark.earned,
        "tolerance": mark.ask.tolerance.describe(),
    }
    if mark.status.value != "right":
        data["expected"] = answer_data(mark.answer)
    if mark.slip is not None:
        data["slip"] = mark.slip.name
        data["hint"] = mark.slip.hint
    if mark.why is not None:
        data["prover"] = mark.why
    return data


def graded_data(graded: Graded) -> dict[str, Any]:
    return {
        "id": graded.exercise.id,
        "earned": graded.earned,
        "points": graded.points,
        "not_on_sheet": graded.elsewhere,
        "marks": [mark_data(m) for m in graded.marks],
    }


def grade_data(report: GradeReport) -> dict[str, Any]:
    return {
        "earned": report.earned,
        "points": report.points,
        "all_right": report.all_right,
        "exercises": [graded_data(g) for g in report.exercises],
    }


def code_grade_data(grade: Any) -> dict[str, Any]:
    """A ``CodeGrade``: points per asked function, and ``cnnlab check``'s whole report."""
    from cnnlab.render.check import check_data

    return {
        "id": grade.exercise.id,
        "earned": grade.earned,
        "points": grade.points,
        "all_right": grade.all_right,
        "functions": [
            {"key": a.key, "points": a.points, "earned": a.points if grade.passed(a.key) else 0}
            for a in grade.exercise.asks
        ],
        "check": check_data(grade.report),
    }

"""Code exercises graded through ``cnnlab.check``: the student's file is run against the
reference layers in a sandbox, and each function the exercise asks for earns its points when
every case passes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cnnlab.errors import ExerciseError
from cnnlab.exercises.catalog import exercises, find
from cnnlab.exercises.model import Exercise, Kind

if TYPE_CHECKING:
    from cnnlab.check import CheckReport, FunctionReport


@dataclass(frozen=True)
class CodeGrade:
    """The check of one file against one code exercise."""

    exercise: Exercise
    report: CheckReport

    def function(self, name: str) -> FunctionReport | None:
        return next((f for f in self.report.functions if f.name == name), None)

    def passed(self, name: str) -> bool:
        found = self.function(name)
        return found is not None and found.status.value == "pass"

    @property
    def earned(self) -> float:
        return sum(a.points for a in self.exercise.asks if self.passed(a.key))

    @property
    def points(self) -> float:
        return self.exercise.points

    @property
    def all_right(self) -> bool:
        asks = self.exercise.asks
        return self.report.not_gradable is None and all(self.passed(a.key) for a in asks)


def code_exercise(exercise_id: str | None, convention: str | None = None) -> Exercise | None:
    """The code exercise named, or the one of ``convention`` (``None`` when it is still open)."""
    if exercise_id is not None:
        exercise = find(exercise_id)
        if exercise.kind is not Kind.CODE:
            raise ExerciseError(
                f"{exercise.id} is a {exercise.kind} exercise: grade its answer sheet instead"
            )
        return exercise
    if convention is None:
        return None
    return next((e for e in exercises() if e.kind is Kind.CODE and e.convention == convention),
                None)


def grade_code(
    path: str | Path, exercise_id: str | None = None, timeout: float = 10.0
) -> CodeGrade:
    """Check ``path`` (a ``.py`` or ``.ipynb``) for the functions of a code exercise.

    Without ``exercise_id`` the convention is guessed from the function names (as
    ``cnnlab check`` does) and the exercise follows from it.
    """
    from cnnlab.check import check_file
    from cnnlab.check.convention import Convention
    from cnnlab.check.runner import Options

    exercise = code_exercise(exercise_id)
    convention = Convention(exercise.convention) if exercise else Convention.AUTO
    only = tuple(a.key for a in exercise.asks) if exercise else ()
    report = check_file(path, Options(convention, only, timeout=timeout))
    exercise = exercise or code_exercise(None, report.convention)
    if exercise is None:
        raise ExerciseError(f"{path}: no code exercise for the convention {report.convention!r}")
    return CodeGrade(exercise, report)

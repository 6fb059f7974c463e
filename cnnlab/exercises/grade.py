"""Grading a filled answer sheet: right or wrong per answer, the right value with its formula,
and a hint when a wrong value is what a known slip gives."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from cnnlab.errors import SheetError
from cnnlab.exercises.compute import answer
from cnnlab.exercises.model import Answer, Ask, Exact, Exercise, Kind, ValueType
from cnnlab.exercises.sheet import Filled, gradable
from cnnlab.exercises.slips import Slip, slips
from cnnlab.exercises.tolerance import Tolerance
from cnnlab.exercises.values import ValueProblem, parse_number, parse_shape


class Status(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"
    BLANK = "blank"


@dataclass(frozen=True)
class Mark:
    """One graded answer. ``given`` is the value as written on the sheet."""

    ask: Ask
    status: Status
    given: object
    answer: Answer
    slip: Slip | None = None
    why: str | None = None  # a claim's counterexample, in words

    @property
    def earned(self) -> float:
        return self.ask.points if self.status is Status.RIGHT else 0.0


@dataclass(frozen=True)
class Graded:
    """One exercise's marks, and what a sheet cannot grade (a proof, a written answer)."""

    exercise: Exercise
    marks: tuple[Mark, ...]
    elsewhere: str | None = None

    @property
    def earned(self) -> float:
        return sum(m.earned for m in self.marks)

    @property
    def points(self) -> float:
        return sum(m.ask.points for m in self.marks)


@dataclass(frozen=True)
class GradeReport:
    exercises: tuple[Graded, ...]

    @property
    def marks(self) -> list[Mark]:
        return [m for g in self.exercises for m in g.marks]

    @property
    def earned(self) -> float:
        return sum(g.earned for g in self.exercises)

    @property
    def points(self) -> float:
        return sum(g.points for g in self.exercises)

    @property
    def all_right(self) -> bool:
        return all(m.status is Status.RIGHT for m in self.marks)


def read_value(raw: object, kind: ValueType, where: str) -> Exact:
    """A sheet value as a shape or an exact number; a malformed one names its field."""
    try:
        if kind is ValueType.SHAPE:
            return parse_shape(raw)
        return parse_number(raw)
    except ValueProblem as problem:
        raise SheetError(f"field {where}: {problem}") from None


def matches(got: Exact, want: Exact, tolerance: Tolerance) -> bool:
    if isinstance(want, tuple) or isinstance(got, tuple):
        return got == want
    return tolerance.accepts(Fraction(got), want)


def mark(exercise: Exercise, ask: Ask, given: object) -> Mark:
    """Grade one value against cnnlab's answer, looking for a known slip when it is wrong."""
    right = answer(exercise, ask)
    if given is None or (isinstance(given, str) and not given.strip()):
        return Mark(ask, Status.BLANK, given, right)
    if right.type is ValueType.CLAIM:
        from cnnlab.exercises.claims import judge_claim

        verdict = judge_claim(ask.args["lhs"], given, f"{exercise.id}.{ask.key}")
        status = Status.RIGHT if verdict.holds else Status.WRONG
        return Mark(ask, status, given, right, why=verdict.why)
    got = read_value(given, right.type, f"{exercise.id}.{ask.key}")
    if matches(got, right.value, ask.tolerance):
        return Mark(ask, Status.RIGHT, given, right)
    for slip in slips(exercise, ask, right):
        if matches(got, slip.value, ask.tolerance):
            return Mark(ask, Status.WRONG, given, right, slip)
    return Mark(ask, Status.WRONG, given, right)


def _elsewhere(exercise: Exercise) -> str | None:
    if exercise.kind is Kind.PROOF:
        return (f"the written proof is not on the sheet; the identities were checked by the "
                f"prover, and cnnlab prove {exercise.prove} shows the argument")
    if exercise.kind is Kind.OPEN:
        return (
            "the written answer is graded by a person: compare it with the points in "
            f"cnnlab exercises show {exercise.id} --solution"
        )
    return None


def grade(filled: list[Filled]) -> GradeReport:
    """Every exercise on the sheet, every field it asks (missing fields are blank)."""
    graded = []
    for part in filled:
        exercise = part.exercise
        marks = tuple(
            mark(exercise, exercise.ask(key), part.values.get(key))
            for key in gradable(exercise)
        )
        graded.append(Graded(exercise, marks, _elsewhere(exercise)))
    return GradeReport(tuple(graded))

"""What a check found, as plain data: per case, per function, per file (no printing here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    TIMEOUT = "timeout"
    MISSING = "missing"
    NOT_RUN = "not run"


@dataclass
class CaseReport:
    """One case: how it ended and, when wrong, expected vs got (shapes first, then numbers)."""

    name: str
    seed: str
    course: bool
    status: Status
    message: str = ""
    expected_shapes: list[tuple[int, ...]] = field(default_factory=list)
    got_shapes: list[tuple[int, ...]] = field(default_factory=list)
    max_difference: float | None = None
    where: str = ""
    rel_error: float | None = None
    tolerance: str = ""
    line: int | None = None
    at: str = ""                        # the line as the student sees it ("cell 4, line 3")

    @property
    def passed(self) -> bool:
        return self.status is Status.PASS


@dataclass
class FunctionReport:
    """One course function: its verdicts on the course's cases and on all cases, and why."""

    name: str
    status: Status
    student_name: str | None = None
    cases: list[CaseReport] = field(default_factory=list)
    hint: str | None = None
    hint_where: str | None = None
    mistake: str | None = None          # the recognised mistake's key, e.g. "unpad"
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def course_passed(self) -> bool | None:
        """Would the course's own check pass? (None: the course does not test it here.)"""
        course = [c for c in self.cases if c.course]
        return all(c.passed for c in course) if course else None

    @property
    def counts(self) -> tuple[int, int]:
        """(passed, ran) over the cases that ran."""
        ran = [c for c in self.cases if c.status is not Status.NOT_RUN]
        return sum(c.passed for c in ran), len(ran)


@dataclass
class CheckReport:
    """The whole file: which convention, every function found, and what could not be graded."""

    file: str
    convention: str
    functions: list[FunctionReport] = field(default_factory=list)
    not_gradable: str | None = None
    notes: list[str] = field(default_factory=list)
    course_only: bool = False

    @property
    def found(self) -> list[FunctionReport]:
        return [f for f in self.functions if f.status is not Status.MISSING]

    @property
    def passed(self) -> int:
        return sum(f.status is Status.PASS for f in self.found)

    @property
    def failed(self) -> int:
        return len(self.found) - self.passed

    def __repr__(self) -> str:
        """One line: the file and how many of the functions found pass."""
        if self.not_gradable:
            return f"CheckReport({self.file}: not gradable)"
        return (f"CheckReport({self.file}, {self.convention}: {self.passed} of "
                f"{len(self.found)} functions pass)")

    @property
    def ok(self) -> bool:
        """Exit-code truth: something was found, and everything found passed."""
        return self.not_gradable is None and bool(self.found) and self.failed == 0

"""The courses' exercise sets as data: statements, answers computed by cnnlab, answer sheets,
grading with hints, and seeded variants.

>>> from cnnlab.exercises import find, answer
>>> exercise = find("ng-c4w1-lenet5")
>>> answer(exercise, exercise.ask("total_params")).value
62958
>>> report = grade_text('[ng-c4w1-params]\\nparams = "270"\\nparams_large = 280\\n')
>>> [(m.status.value, m.slip.name if m.slip else None) for m in report.marks]
[('wrong', 'bias'), ('right', None)]
"""

from cnnlab.exercises.catalog import exercises, find
from cnnlab.exercises.compute import answer
from cnnlab.exercises.data import starter_text
from cnnlab.exercises.grade import Graded, GradeReport, Mark, Status, grade
from cnnlab.exercises.model import Answer, Ask, Exercise, Kind, Text, ValueType
from cnnlab.exercises.sheet import make_sheet, read_sheet
from cnnlab.exercises.variants import KINDS, generate


def grade_text(text: str) -> GradeReport:
    """Grade a filled sheet given as TOML text."""
    return grade(read_sheet(text, find))


__all__ = [
    "KINDS",
    "Answer",
    "Ask",
    "Exercise",
    "GradeReport",
    "Graded",
    "Kind",
    "Mark",
    "Status",
    "Text",
    "ValueType",
    "answer",
    "exercises",
    "find",
    "generate",
    "grade",
    "grade_text",
    "make_sheet",
    "read_sheet",
    "starter_text",
]

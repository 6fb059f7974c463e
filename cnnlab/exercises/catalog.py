"""Finding exercises: by id or alias, by course, and the generated variants ``new-KIND-SEED``."""

from __future__ import annotations

import difflib

from cnnlab.errors import ExerciseError
from cnnlab.exercises.data import COURSES, load_all
from cnnlab.exercises.model import Exercise
from cnnlab.exercises.variants import generate, parse_variant_id


def exercises(course: str | None = None) -> tuple[Exercise, ...]:
    """The shipped exercises, all or one course's (nndl, ng, dlai, cs231n)."""
    if course is not None and course not in COURSES:
        raise ExerciseError(f"no course {course!r}; courses: {', '.join(COURSES)}")
    return tuple(e for e in load_all() if course is None or e.source.course == course)


def find(exercise_id: str) -> Exercise:
    """An exercise by its id or one of its aliases (case-insensitive), or a variant's id.

    >>> find("NNDL-5-6-draft").id
    'nndl-5-7'
    >>> find("new-shape-7").seed
    7
    """
    wanted = exercise_id.strip().lower()
    for exercise in load_all():
        if wanted == exercise.id or wanted in exercise.aliases:
            return exercise
    variant = parse_variant_id(wanted)
    if variant is not None:
        return generate(*variant)
    names = [e.id for e in load_all()] + [a for e in load_all() for a in e.aliases]
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else " (see cnnlab exercises list)"
    raise ExerciseError(f"no exercise {exercise_id!r}{hint}")

"""Answer sheets: TOML with one table per exercise and one field per asked quantity.

A sheet is only ever parsed (``tomllib``) and its values read as numbers, shapes or, for an
identity, by the claim parser of ``cnnlab.symbolic``; nothing in it is evaluated. A sheet that
cannot be read is refused with one message naming the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from cnnlab.errors import CnnlabError, SheetError
from cnnlab.exercises.model import Ask, Exercise, Kind

HEADER = """\
# cnnlab answer sheet. Write each answer between the quotes, then run:
#   cnnlab exercises grade THIS_FILE
# Shapes as 37x37x10 (H×W×C); numbers as 1960, "1,960" or 1.96e3; identities as the
# right side only, in cnnlab prove's claim language (see: cnnlab prove claim --help).
"""
_TYPES = (str, int, float, list)


@dataclass(frozen=True)
class Filled:
    """One exercise's part of a filled sheet: the exercise and the values given, by ask key."""

    exercise: Exercise
    values: dict[str, object]


def gradable(exercise: Exercise) -> list[str]:
    """The ask keys a sheet holds for ``exercise`` (code exercises have none: their file is it)."""
    if exercise.kind is Kind.CODE:
        return []
    return [a.key for a in exercise.asks if a.of != "function"]


def make_sheet(exercises: list[Exercise], lang: str = "en") -> str:
    """A blank sheet for ``exercises``, each field under a comment with its question."""
    parts = [HEADER]
    for exercise in exercises:
        keys = gradable(exercise)
        if not keys:
            continue
        parts.append(f"\n# {exercise.title.get(lang)}\n[{exercise.id}]\n")
        for key in keys:
            ask = exercise.ask(key)
            parts.append(f"# {ask.text.get(lang)}\n{_claim_line(ask)}{key} = \"\"\n")
    return "".join(parts)


def _claim_line(ask: Ask) -> str:
    """For an identity, the left side the answer completes (the prover checks the whole)."""
    if ask.of != "claim":
        return ""
    return f"# {ask.args['lhs']} == (your answer)   checked by: cnnlab prove claim\n"


def read_sheet(text: str, find) -> list[Filled]:  # noqa: ANN001 - find: str -> Exercise
    """Parse a filled sheet; ``find`` turns a table name into its exercise."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SheetError(f"the sheet is not valid TOML: {error}") from None
    if not raw:
        raise SheetError("the sheet has no exercise tables (make one: cnnlab exercises template)")
    filled = []
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise SheetError(f"field {name!r}: expected a table [{name}] of answers, got a value")
        try:
            exercise = find(name)
        except CnnlabError as error:
            raise SheetError(f"table [{name}]: {error}") from None
        keys = gradable(exercise)
        for key, value in table.items():
            if key not in keys:
                known = ", ".join(keys) or "none (grade code with cnnlab check)"
                raise SheetError(
                    f"field {name}.{key}: not asked by {exercise.id} (fields: {known})"
                )
            if not isinstance(value, _TYPES) or isinstance(value, bool):
                raise SheetError(f"field {name}.{key}: expected a number or text, got {value!r}")
        filled.append(Filled(exercise, dict(table)))
    return filled

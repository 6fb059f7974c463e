"""Type checks for the fields of a network file, with messages naming the field and the type.

TOML gives strings, integers, floats, booleans, dates, arrays and tables; each field of the
format accepts only some of them. A wrong one is reported as what the field expects and what
was found: ``batch: expected a whole number >= 1, got the string 'eight'``.
"""

from __future__ import annotations

from typing import Any

from cnnlab.errors import SpecError, quoted
from cnnlab.limits import MAX_DIGITS


def describe(value: Any) -> str:
    """What a TOML value is, in words, quoting short scalars.

    >>> describe(True), describe(2.5), describe("x"), describe([1]), describe({})
    ('the boolean true', 'the number 2.5', "the string 'x'", 'an array', 'a table')
    """
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the integer {value}" if len(str(value)) <= 40 else "a huge integer"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {quoted(value, 40)}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__} (date or time)"


class Fields:
    """Checks that report ``origin: where: expected …, got …``."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, message: str) -> SpecError:
        return SpecError(f"{self.origin}: {where}: {message}")

    def wrong(self, where: str, expected: str, value: Any) -> SpecError:
        return self.fail(where, f"expected {expected}, got {describe(value)}")

    def text(self, value: Any, where: str, expected: str = "a string") -> str:
        if not isinstance(value, str):
            raise self.wrong(where, expected, value)
        return value

    def whole(self, value: Any, where: str) -> int:
        """A whole number from 1 to the number limit (a boolean is not a number here)."""
        expected = f"a whole number from 1 to {10**MAX_DIGITS - 1:,}"
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong(where, expected, value)
        if not 1 <= value < 10**MAX_DIGITS:
            raise self.fail(where, f"expected {expected}, got {describe(value)}")
        return value

    def texts(self, value: Any, where: str) -> tuple[str, ...]:
        """A string or an array of strings."""
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise self.wrong(where, "a string or an array of strings", value)
        for number, entry in enumerate(value):
            self.text(entry, f"{where}[{number}]")
        return tuple(value)

    def table(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.wrong(where, "a table", value)
        return value

    def keys(self, table: dict[str, Any], accepted: tuple[str, ...], where: str) -> None:
        unknown = sorted(set(table) - set(accepted))
        if unknown:
            listed = ", ".join(accepted)
            raise self.fail(where, f"unknown key {quoted(unknown[0])}; accepted: {listed}")

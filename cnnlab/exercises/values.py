"""Reading a submitted value: numbers in their usual written forms, and shapes.

Nothing is evaluated: a number is read with ``decimal.Decimal`` after removing digit grouping,
a shape is split on its separators. ``1960``, ``"1,960"``, ``"1 960"``, ``"1.96e3"`` and
``"1.96×10^3"`` are the same number; ``"37x37x10"``, ``"37×37×10"``, ``"(37, 37, 10)"`` and the
TOML array ``[37, 37, 10]`` the same shape.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

_GROUPED = re.compile(r"^[+-]?\d{1,3}([,\s_\u2009\u202f']\d{3})+(\.\d*)?$")
_POWER = re.compile(r"^(?P<m>[^×x*·]+)\s*[×x*·]\s*10\s*(\^|\*\*)\s*(?P<e>[+-−]?\d+)$")
_SHAPE_SPLIT = re.compile(r"\s*(?:[x×X*,;]|\s)\s*")


MAX_EXPONENT = 100  # no answer needs more; 1e999999999 would be a 400 MB integer


class ValueProblem(ValueError):
    """A value that cannot be read; the message says what was expected."""


def parse_number(raw: object) -> Fraction:
    """A submitted number as an exact fraction.

    >>> parse_number("1,960"), parse_number("1.96e3"), parse_number(1960.0)
    (Fraction(1960, 1), Fraction(1960, 1), Fraction(1960, 1))
    >>> parse_number("1.96×10^3")
    Fraction(1960, 1)
    """
    if isinstance(raw, bool):
        raise ValueProblem(f"expected a number, got {str(raw).lower()}")
    if isinstance(raw, int):
        return Fraction(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueProblem(f"expected a finite number, got {raw}")
        return Fraction(Decimal(repr(raw)))
    if not isinstance(raw, str):
        raise ValueProblem(f"expected a number, got {_kind(raw)}")
    return _number_text(raw)


def _number_text(raw: str) -> Fraction:
    text = raw.strip().replace("−", "-").replace("\u00a0", " ")
    power = _POWER.match(text)
    if power:
        text = f"{power['m'].strip()}e{power['e'].replace('−', '-')}"
    elif _GROUPED.match(text):
        text = re.sub(r"[,\s_\u2009\u202f']", "", text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueProblem(
            f"cannot read {raw!r} as a number (e.g. 1960, 1,960 or 1.96e3)"
        ) from None
    if not value.is_finite():
        raise ValueProblem(f"expected a finite number, got {raw!r}")
    if value and abs(value.adjusted()) > MAX_EXPONENT:
        raise ValueProblem(f"{raw!r} is out of range (|exponent| > {MAX_EXPONENT})")
    return Fraction(value)


def parse_shape(raw: object) -> tuple[int, ...]:
    """A shape as a tuple of whole numbers.

    >>> parse_shape("37x37x10"), parse_shape("(37, 37, 10)"), parse_shape([37, 37, 10])
    ((37, 37, 10), (37, 37, 10), (37, 37, 10))
    >>> parse_shape(1960)
    (1960,)
    """
    if isinstance(raw, list):
        parts: list[object] = list(raw)
    elif isinstance(raw, int) and not isinstance(raw, bool):
        parts = [raw]
    elif isinstance(raw, str):
        text = raw.strip().strip("()[]{} ")
        parts = [p for p in _SHAPE_SPLIT.split(text) if p]
    else:
        raise ValueProblem(f"expected a shape like \"37x37x10\", got {_kind(raw)}")
    if not parts:
        raise ValueProblem("expected a shape like \"37x37x10\", got nothing")
    dims = []
    for part in parts:
        try:
            number = parse_number(part)
        except ValueProblem:
            raise ValueProblem(f"cannot read {raw!r} as a shape (e.g. 37x37x10)") from None
        if number.denominator != 1 or number < 0:
            raise ValueProblem(f"a shape has whole sizes, got {part!r} in {raw!r}")
        dims.append(int(number))
    return tuple(dims)


def _kind(raw: object) -> str:
    names = {dict: "a table", list: "a list", bool: "true/false", float: "a number"}
    return names.get(type(raw), type(raw).__name__)

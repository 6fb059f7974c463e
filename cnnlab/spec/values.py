"""Parsers for the values of layer keys: sizes, pairs, padding, booleans, rates."""

from __future__ import annotations

import re

from cnnlab.arith import Padding, PadMode
from cnnlab.errors import SpecError, quoted
from cnnlab.limits import check_digits

_INT = re.compile(r"[+-]?\d+")


def shown(text: str) -> str:
    """A value as written, shortened for a one-line message."""
    return quoted(text)[1:-1] if len(text) > 60 else text


def parse_int(key: str, text: str, minimum: int = 1) -> int:
    """A whole number >= ``minimum``.

    >>> parse_int("s", "2")
    2
    """
    if not _INT.fullmatch(text):
        raise SpecError(f"{key}={shown(text)}: expected a whole number")
    check_digits(f"{key}={shown(text)}", text)
    value = int(text)
    if value < minimum:
        raise SpecError(f"{key}={shown(text)}: must be >= {minimum}")
    return value


def parse_pair(key: str, text: str, minimum: int = 1) -> tuple[int, int]:
    """``'3'`` → (3, 3); ``'3x5'`` → (3, 5), height first.

    >>> parse_pair("f", "3x5")
    (3, 5)
    """
    parts = re.split(r"[x×]", text)
    if len(parts) == 1:
        value = parse_int(key, parts[0], minimum)
        return value, value
    if len(parts) == 2:
        return parse_int(key, parts[0], minimum), parse_int(key, parts[1], minimum)
    raise SpecError(f"{key}={shown(text)}: expected N or HxW (height x width)")


def parse_padding(text: str) -> Padding:
    """``valid``, ``same``, ``full``, ``tf-same``, ``N``, ``HxW`` or ``top/bottom/left/right``.

    >>> parse_padding("1/2/0/1").amounts
    (1, 2, 0, 1)
    >>> parse_padding("tf-same").mode.value
    'tf-same'
    """
    mode = PadMode.named(text)
    if mode is not None:
        return Padding(mode)
    if "/" in text:
        parts = text.split("/")
        if len(parts) != 4:
            raise SpecError(f"p={text}: explicit padding takes 4 numbers, top/bottom/left/right")
        top, bottom, left, right = (parse_int("p", part, 0) for part in parts)
        return Padding(PadMode.EXPLICIT, (top, bottom, left, right))
    try:
        p_h, p_w = parse_pair("p", text, 0)
    except SpecError:
        raise SpecError(
            f"p={text}: expected valid, same, full, tf-same, N, HxW or top/bottom/left/right"
        ) from None
    return Padding.pair(p_h, p_w)


def parse_bool(key: str, text: str) -> bool:
    lowered = text.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise SpecError(f"{key}={shown(text)}: expected true or false")


def parse_rate(key: str, text: str) -> str:
    """A number in [0, 1), kept as written (dropout rate, leaky-ReLU slope)."""
    try:
        value = float(text)
    except ValueError:
        raise SpecError(f"{key}={shown(text)}: expected a number between 0 and 1") from None
    if not 0 <= value < 1:
        raise SpecError(f"{key}={shown(text)}: expected a number between 0 and 1")
    return text

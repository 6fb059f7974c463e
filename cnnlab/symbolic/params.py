"""Sizes and settings of a proof, read from the user's text, and the limits a proof refuses past.

>>> size("4x3"), size("5"), channels("2:3"), padding("1/0/0/1")
((4, 3), (5, 5), (1, 2, 3), ((1, 0), (0, 1)))
"""

from __future__ import annotations

from cnnlab.errors import LayerArgumentError, SpecError

MAX_SIDE = 32
"""Largest input side a proof accepts (a 32×32 input already has 1,024 symbols)."""

MAX_KERNEL = 9
MAX_CHANNELS = 8
MAX_NONZEROS = 60_000
"""Largest number of nonzero entries of C (the work of every proof is proportional to it):
about 5 s here. Beyond it the instance says nothing a smaller one does not."""


def size(text: str, what: str = "size", limit: int = MAX_SIDE) -> tuple[int, int]:
    """``"MxN"`` (or ``"N"`` for a square) as ``(M, N)``, each from 1 to ``limit``."""
    parts = str(text).lower().replace("×", "x").split("x")
    if len(parts) not in (1, 2) or not all(p.strip().isdigit() for p in parts):
        raise SpecError(f"cannot read {what} {text!r}: expected MxN (e.g. 3x3) or N")
    values = tuple(int(p) for p in parts)
    values = values * 2 if len(values) == 1 else values
    for v in values:
        if not 1 <= v <= limit:
            why = ", the largest a proof shows and checks in a few seconds" if v > limit and \
                what in ("size", "kernel", "window") else ""
            raise LayerArgumentError(f"{what} {text!r}: each value must be between 1 and "
                                     f"{limit}{why}")
    return values


def channels(text: str) -> tuple[int, int, int]:
    """``"C_in:C_out"`` (or ``"C"`` for both) as ``(1, C_in, C_out)``: batch, in, out."""
    parts = str(text).split(":")
    if len(parts) not in (1, 2) or not all(p.strip().isdigit() for p in parts):
        raise SpecError(f"cannot read channels {text!r}: expected C_in:C_out (e.g. 2:3)")
    c_in, c_out = (int(parts[0]), int(parts[-1]))
    for c in (c_in, c_out):
        if not 1 <= c <= MAX_CHANNELS:
            raise LayerArgumentError(f"channels {text!r}: each count must be between 1 and "
                                     f"{MAX_CHANNELS}")
    return (1, c_in, c_out)


def padding(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """``"P"``, ``"PHxPW"`` or ``"top/bottom/left/right"`` as ``((top, bottom), (left, right))``."""
    raw = str(text).lower().replace("×", "x")
    parts = raw.split("/") if "/" in raw else raw.split("x")
    if len(parts) not in (1, 2, 4) or not all(p.strip().isdigit() for p in parts):
        raise SpecError(f"cannot read padding {text!r}: expected P, PHxPW or top/bottom/left/right")
    v = [int(p) for p in parts]
    if len(v) == 1:
        return ((v[0], v[0]), (v[0], v[0]))
    if len(v) == 2:
        return ((v[0], v[0]), (v[1], v[1]))
    return ((v[0], v[1]), (v[2], v[3]))


def positive(value: int, what: str, limit: int = MAX_SIDE) -> int:
    """A whole number from 1 to ``limit``."""
    if not 1 <= int(value) <= limit:
        raise LayerArgumentError(f"{what} must be between 1 and {limit}, got {value}")
    return int(value)


def check_work(nonzeros: int, what: str) -> None:
    """Refuse an instance whose operator has more than :data:`MAX_NONZEROS` nonzero entries."""
    if nonzeros > MAX_NONZEROS:
        raise LayerArgumentError(
            f"{what} needs {nonzeros:,} exact products (the nonzero entries of its matrix), more "
            f"than the limit of {MAX_NONZEROS:,} (a few seconds of exact algebra); choose a "
            "smaller size, kernel or channel count: the argument is index-level, a small "
            "instance shows the same")


def fmt_size(shape) -> str:
    """``(4, 3)`` as ``"4×3"``."""
    return "×".join(str(int(s)) for s in shape)


def fmt_padding(pad) -> str:
    """Padding as ``"1"`` when uniform, else ``"top/bottom/left/right"``."""
    (t, b), (left, r) = pad
    return str(t) if t == b == left == r else f"{t}/{b}/{left}/{r}"

"""Numbers for people: thousands separators, decimal or binary units, percentages.

Integer arithmetic only (a ``Fraction`` rounded half to even), so a count of 10³⁰ or more
prints as ``1.00 Q`` or ``4,000,000.00 Q``, not as ``3999999999999984217860611755737088.00 T``.
"""

from __future__ import annotations

from fractions import Fraction


def n(value: int) -> str:
    """An exact integer with thousands separators: ``5,898,240,000``."""
    return f"{value:,}"


DECIMAL = ("", "k", "M", "G", "T", "P", "E", "Z", "Y", "R", "Q")
BINARY = ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi")


def units(value: int | float, binary: bool = False, suffix: str = "") -> str:
    """``value`` with a decimal (1 M = 10⁶) or binary (1 Mi = 2²⁰) prefix and two decimals.

    >>> units(5_898_240_000)
    '5.90 G'
    >>> units(3 * 2**20, binary=True, suffix="B")
    '3.00 MiB'
    >>> units(999)
    '999'
    >>> units(4 * 10**36, suffix="B")
    '4,000,000.00 QB'
    """
    base, names = (1024, BINARY) if binary else (1000, DECIMAL)
    step = 0
    while step < len(names) - 1 and abs(value) >= base ** (step + 1):
        step += 1
    if step == 0:
        return f"{value:,} {suffix}".rstrip()
    hundredths = round(Fraction(value) * 100 / base**step)
    whole, cents = divmod(abs(hundredths), 100)
    sign = "-" if hundredths < 0 else ""
    return f"{sign}{whole:,}.{cents:02d} {names[step]}{suffix}"


def fixed(value: int, scale: int, places: int = 2) -> str:
    """``value / scale`` with ``places`` decimals, exactly (``fixed(4_089_184_256, 10**9)``
    is ``'4.09'``; ``fixed(10**40, 10**9)`` is ``'10,000,000,000,000,000,000,000,000,000,000.00'``).

    >>> fixed(4_089_184_256, 10**9)
    '4.09'
    """
    hundredths = round(Fraction(value * 10**places, scale))
    whole, rest = divmod(abs(hundredths), 10**places)
    sign = "-" if hundredths < 0 else ""
    return f"{sign}{whole:,}.{rest:0{places}d}"


def nbytes(value: int, binary: bool) -> str:
    return units(value, binary, "B")


def percent(value: Fraction | None) -> str:
    return "-" if value is None else f"{float(value):.1%}"

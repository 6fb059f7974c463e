"""Numbers for people: thousands separators, decimal or binary units, percentages."""

from __future__ import annotations

from fractions import Fraction


def n(value: int) -> str:
    """An exact integer with thousands separators: ``5,898,240,000``."""
    return f"{value:,}"


def units(value: float, binary: bool = False, suffix: str = "") -> str:
    """A human-readable size: decimal (1 M = 10⁶) or binary (1 Mi = 2²⁰).

    >>> units(5_898_240_000)
    '5.90 G'
    >>> units(3 * 2**20, binary=True, suffix="B")
    '3.00 MiB'
    """
    base = 1024 if binary else 1000
    names = ("", "Ki", "Mi", "Gi", "Ti") if binary else ("", "k", "M", "G", "T")
    scaled, step = float(value), 0
    while abs(scaled) >= base and step < len(names) - 1:
        scaled /= base
        step += 1
    if step == 0:
        return f"{int(value):,} {suffix}".rstrip()
    return f"{scaled:.2f} {names[step]}{suffix}"


def nbytes(value: int, binary: bool) -> str:
    return units(value, binary, "B")


def percent(value: Fraction | None) -> str:
    return "-" if value is None else f"{float(value):.1%}"

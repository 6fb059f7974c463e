"""How close an answer must be: exact, absolute, relative or significant figures.

As PrairieLearn's number input and R/exams do: ``exact`` (the default for counts and shapes),
``abs`` (|got − want| ≤ a), ``rel`` (|got − want| ≤ r·|want|) and ``sigfig`` (got agrees with
want to n significant figures: within half a unit of want's n-th significant digit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from cnnlab.errors import ExerciseError

MODES = ("exact", "abs", "rel", "sigfig")


@dataclass(frozen=True)
class Tolerance:
    """``mode`` is one of MODES; ``amount`` is a, r or n (unused for exact).

    >>> Tolerance("rel", 0.01).accepts(Fraction(995), 1000)
    True
    >>> Tolerance("sigfig", 3).accepts(Fraction(9.68), Fraction(120422400, 12443648))
    True
    >>> Tolerance().accepts(Fraction(1961), 1960)
    False
    """

    mode: str = "exact"
    amount: float = 0

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ExerciseError(f"tolerance must be one of {', '.join(MODES)}, got {self.mode!r}")
        if self.mode != "exact" and not self.amount > 0:
            raise ExerciseError(f"tolerance {self.mode} needs an amount > 0, got {self.amount}")
        if self.mode == "sigfig" and self.amount != int(self.amount):
            raise ExerciseError(f"tolerance sigfig needs a whole number, got {self.amount}")

    def accepts(self, got: Fraction, want: int | Fraction) -> bool:
        want = Fraction(want)
        if self.mode == "exact" or want == 0:
            return got == want
        error = abs(got - want)
        if self.mode == "abs":
            return error <= Fraction(self.amount)
        if self.mode == "rel":
            return error <= Fraction(self.amount) * abs(want)
        exponent = math.floor(math.log10(abs(want))) - int(self.amount) + 1
        return error <= Fraction(1, 2) * Fraction(10) ** exponent

    def describe(self) -> str:
        """``'exact'``, ``'±0.5'``, ``'±1%'``, ``'3 significant figures'``."""
        if self.mode == "exact":
            return "exact"
        if self.mode == "abs":
            return f"±{self.amount:g}"
        if self.mode == "rel":
            return f"±{100 * self.amount:g}%"
        return f"{int(self.amount)} significant figures"

    def to_data(self) -> dict[str, object]:
        return {"mode": self.mode, "amount": self.amount}


def parse_tolerance(raw: object, where: str) -> Tolerance:
    """From a data file: ``"exact"`` or a one-entry table such as ``{rel = 0.01}``."""
    if raw is None or raw == "exact":
        return Tolerance()
    if isinstance(raw, dict) and len(raw) == 1:
        ((mode, amount),) = raw.items()
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            return Tolerance(mode, amount)
    raise ExerciseError(
        f"{where}: tolerance must be \"exact\" or a table like {{rel = 0.01}}, got {raw!r}"
    )

"""The units of time complexity, each with its weights: the one place a count is defined.

Kept apart from ``conventions`` and light (no dataclass): ``cnnlab``'s start-up reads it to
write ``--count``'s help.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Weights(NamedTuple):
    """What one count is made of: time = products·``products`` + sums·``sums`` (+ bias) + extras.

    ``products`` are the multiplications feeding dot products and ``sums`` the dot products
    they accumulate into (a sum of n products takes n − 1 additions); ``bias`` says whether bias
    additions can count; ``extras`` names the other operations counted once each.
    """

    label: str
    meaning: str  # for --help
    unit: str  # for the sentence every table starts with
    products: int
    sums: int = 0
    bias: bool = True
    extras: tuple[str, ...] = ("mults", "adds", "other")


class Count(StrEnum):
    """The unit of time complexity; each one's weights are in ``Count.weights``."""

    MACS = "macs"
    FLOPS = "flops"
    MULTS = "mults"
    MULTS_ADDS = "mults+adds"

    @property
    def weights(self) -> Weights:
        return _WEIGHTS[self]

    @property
    def label(self) -> str:
        return self.weights.label


_WEIGHTS = {
    Count.MACS: Weights(
        "MACs", "multiply-accumulates (default)", "MACs (1 multiply-accumulate = 1)", 1
    ),
    Count.FLOPS: Weights(
        "FLOPs", "2 per multiply-accumulate", "FLOPs (1 multiply-accumulate = 2)", 2
    ),
    Count.MULTS: Weights(
        "mults", "multiplications only (Ng's count; = MACs for conv and fc)", "multiplications",
        1, bias=False, extras=("mults",),
    ),
    Count.MULTS_ADDS: Weights(
        "mults+adds", "exact: a dot product of n terms is n multiplications + n − 1 additions",
        "multiplications + additions, exactly (n terms: n + n − 1)", 2, sums=-1,
    ),
}


def count_help() -> str:
    """The ``--count`` choices with their meaning, written from the weights."""
    return "; ".join(f"{c.value}: {c.weights.meaning}" for c in Count) + "."

"""Element-wise layers that keep the shape: ReLU, softmax, dropout, LRN, ...

What each one costs and keeps is one table, ``ACTIVATIONS`` (``layers/elementwise.py``, light
enough for the layer language to list its kinds from at start-up); a name not in it is an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.errors import LayerArgumentError
from cnnlab.layers.base import Layer, Outcome
from cnnlab.layers.costs import Ops, Saved, Terms
from cnnlab.layers.elementwise import ACTIVATIONS, Rule
from cnnlab.shape import Shape


@dataclass(frozen=True)
class Activation(Layer):
    """A parameter-free layer that keeps the shape; ``name`` is a key of ``ACTIVATIONS``."""

    kind = "act"

    name: str
    rate: str | None = None  # dropout rate or leaky-ReLU slope, as written

    def __post_init__(self) -> None:
        if self.name not in ACTIVATIONS:
            known = ", ".join(ACTIVATIONS)
            raise LayerArgumentError(f"unknown activation {self.name!r}; known: {known}")

    @property
    def rule(self) -> Rule:
        return ACTIVATIONS[self.name]

    def apply(self, x: Shape) -> Outcome:
        return Outcome(x)

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        r, e = self.rule, out.elements
        adds = r.adds * e - ((out.h or 1) * (out.w or 1) if r.softmax else 0)
        return Ops(mults=r.mults * e, adds=adds, other=r.other * e)

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]] | None:
        return None

    def saved(self, x: Shape, out: Shape) -> Saved:
        r = self.rule
        return Saved(r.input, r.output, masks=out.elements * r.mask)

    @property
    def is_view(self) -> bool:
        return self.rule.view

    def spec(self) -> str:
        return self.name if self.rate is None else f"{self.name}:{self.rate}"

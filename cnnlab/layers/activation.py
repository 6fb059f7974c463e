"""Element-wise layers that keep the shape: ReLU, softmax, dropout, LRN, ...

One table, ``ACTIVATIONS``, says everything about each one: its operations per element, what
its backward pass reads, whether it is a no-op at inference, whether it takes a rate. The layer
language lists its activation kinds from this table; a name not in it is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from cnnlab.errors import LayerArgumentError
from cnnlab.layers.base import Layer, Outcome
from cnnlab.layers.costs import Ops, Saved, Terms
from cnnlab.shape import Shape


class Rule(NamedTuple):
    """Per output element: ``mults``, ``adds`` and ``other`` operations (comparisons,
    evaluations); ``softmax`` sums over the channels at each position (one addition fewer per
    position). ``input`` / ``output``: what the backward pass reads. ``view``: nothing happens
    at inference. ``mask``: training keeps a mask element per output. ``rate``: takes a rate or
    slope (``dropout:0.5``)."""

    mults: int = 0
    adds: int = 0
    other: int = 0
    softmax: bool = False
    input: bool = False
    output: bool = False
    view: bool = False
    mask: bool = False
    rate: bool = False


ACTIVATIONS: dict[str, Rule] = {
    "relu": Rule(other=1, output=True),  # a comparison
    "relu6": Rule(other=2, output=True),  # two comparisons
    "leakyrelu": Rule(mults=1, other=1, input=True, rate=True),
    "sigmoid": Rule(other=1, output=True),  # one function evaluation
    "tanh": Rule(other=1, output=True),
    "softmax": Rule(adds=1, other=2, softmax=True, output=True),  # exp and division
    "gelu": Rule(mults=1, other=1, input=True),
    "silu": Rule(mults=1, other=1, input=True),
    "dropout": Rule(view=True, mask=True, rate=True),  # nothing at inference; a training mask
    "lrn": Rule(mults=6, adds=5, other=2, input=True, output=True),  # 5 neighbours
    "identity": Rule(view=True),
}


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

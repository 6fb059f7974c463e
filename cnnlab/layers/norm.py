"""Batch normalisation: 2·C trainable parameters and 2·C running statistics."""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.layers.base import Layer, Outcome
from cnnlab.layers.costs import Ops, Saved, Terms
from cnnlab.shape import Shape


@dataclass(frozen=True)
class BatchNorm(Layer):
    """Batch normalisation over the channels (the features of a vector input).

    Notes
    -----
    2·C trainable parameters (γ, β); the 2·C running mean and variance are buffers.
    """

    kind = "bn"

    def apply(self, x: Shape) -> Outcome:
        return Outcome(x, 2 * x.c, 2 * x.c, 0, None, f"2·{x.c} = {2 * x.c}")

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        """The inference form, y = a·x + b per element (the statistics folded in)."""
        return Ops(mults=x.elements, adds=x.elements)

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]] | None:
        return None

    def saved(self, x: Shape, out: Shape) -> Saved:
        return Saved(input=True, extra=2 * x.c)  # per-channel mean and inverse deviation

    def spec(self) -> str:
        return "bn"

"""Fully connected layers, flattening, batch normalisation and element-wise activations."""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.arith import Receptive
from cnnlab.layers.base import Layer, Outcome, check_at_least, join_spec
from cnnlab.shape import Shape


@dataclass(frozen=True)
class Linear(Layer):
    """Fully connected layer; a spatial input is flattened first (as in Ng's LeNet-5 table).

    Notes
    -----
    parameters = (n_in + bias)·n_out;  MACs = n_in·n_out.
    """

    kind = "fc"

    units: int
    bias: bool = True

    def __post_init__(self) -> None:
        check_at_least(1, n=self.units)

    def apply(self, x: Shape) -> Outcome:
        n_in = x.elements
        params = (n_in + int(self.bias)) * self.units
        formula = f"({n_in}{' + 1' if self.bias else ''})·{self.units} = {params}"
        notes = (f"flattens {x} = {n_in} inputs",) if x.spatial else ()
        return Outcome(Shape(self.units), params, 0, n_in * self.units, None, formula, notes)

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.everything()

    def spec(self) -> str:
        return join_spec("fc", str(self.units), "" if self.bias else "bias=false")


@dataclass(frozen=True)
class Flatten(Layer):
    """H×W×C → a vector of H·W·C features."""

    kind = "flatten"

    def apply(self, x: Shape) -> Outcome:
        return Outcome(Shape(x.elements))

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.everything() if x.spatial else rf

    def spec(self) -> str:
        return "flatten"


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

    def spec(self) -> str:
        return "bn"


@dataclass(frozen=True)
class Activation(Layer):
    """A parameter-free layer that keeps the shape: ReLU, softmax, dropout, LRN, ..."""

    kind = "act"

    name: str
    rate: str | None = None  # dropout rate or leaky-ReLU slope, as written

    def apply(self, x: Shape) -> Outcome:
        return Outcome(x)

    def spec(self) -> str:
        return self.name if self.rate is None else f"{self.name}:{self.rate}"

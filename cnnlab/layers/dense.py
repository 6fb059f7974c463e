"""Fully connected layers and flattening."""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.arith import Receptive
from cnnlab.layers.base import Layer, Outcome, check_at_least, join_spec
from cnnlab.layers.costs import Ops, Saved, Terms, gradient_ops, weighted_ops
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

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        return weighted_ops(x.elements * self.units, self.units, self.units * self.bias)

    def backward_ops(self, x: Shape, out: Shape, needs_dx: bool) -> Ops:
        products = x.elements * self.units  # dW = dY·xᵀ: one product per weight, no additions
        return gradient_ops(Ops(products, products), Ops(products, x.elements), needs_dx)

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]]:
        has = int(self.bias)
        terms = Terms("n_out", "n_in", "1", f"(n_in + {has})*n_out", "n_out", self.bias)
        return terms, {"n_in": x.elements, "n_out": out.c}

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

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        return Ops()  # a reshape

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]] | None:
        return None

    def saved(self, x: Shape, out: Shape) -> Saved:
        return Saved()

    @property
    def is_view(self) -> bool:
        return True

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.everything() if x.spatial else rf

    def spec(self) -> str:
        return "flatten"

"""Every layer kind of the language, and every activation, through every question cnnlab asks.

A kind added to ``cnnlab.spec.KINDS`` is walked here without a line of this file changing: its
shape, parameters, forward and backward operations, what its backward pass keeps and its
symbolic formula must all be answered and agree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cnnlab.arith import Receptive
from cnnlab.complexity import Convention, Count, Scope, analyse
from cnnlab.complexity.ops import count
from cnnlab.complexity.symbolic import layer_formulas
from cnnlab.errors import LayerArgumentError
from cnnlab.layers.activation import Activation
from cnnlab.layers.base import Layer, Outcome
from cnnlab.layers.costs import Ops
from cnnlab.layers.elementwise import ACTIVATIONS
from cnnlab.network import Network
from cnnlab.shape import Shape
from cnnlab.spec import KINDS, parse_items, parse_layer

X = Shape(6, 12, 12)  # fits every kind's example (tableconv:lenet5 needs 6 maps, f=5)
CONVENTIONS = [Convention(c, bias=b, scope=s) for c in Count for b in (False, True)
               for s in Scope]


def _example(kind):
    layer = parse_layer(kind.example)
    return layer, layer.apply(X)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_answers_every_question(kind):
    layer, outcome = _example(kind)
    out = outcome.out
    assert out.elements > 0 and outcome.params >= 0
    assert parse_layer(layer.spec()) == layer
    forward = layer.forward_ops(X, out)
    with_dx, without_dx = (layer.backward_ops(X, out, needs) for needs in (True, False))
    for ops in (forward, with_dx, without_dx):
        assert isinstance(ops, Ops) and all(count(ops, c) >= 0 for c in CONVENTIONS)
    assert forward.weighted == (outcome.params > 0) or kind.name == "bn"
    if forward.weighted:  # dW and dX each take the forward's products (for every weighted kind)
        assert (without_dx.products, with_dx.products) == (forward.products, 2 * forward.products)
    else:
        assert without_dx == Ops()
    if forward.weighted:
        assert forward.products == outcome.macs  # the MACs shown by `shape` are these products
    saved = layer.saved(X, out)
    assert min(saved.indices, saved.masks, saved.extra) >= 0
    assert layer.receptive(Receptive(), X).size >= (1, 1)


@pytest.mark.parametrize("convention", CONVENTIONS, ids=lambda c: c.label())
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_formula_gives_the_counted_numbers(kind, convention):
    report = analyse(Network(parse_items([kind.example])), X, convention=convention)
    cost = report.costs[0]
    found = layer_formulas(cost, convention)
    if cost.row.layer.terms(X, cost.row.output) is None:
        assert found is None
        return
    values = {f.quantity: f.value for f in found.formulas}
    assert values.get("time", cost.forward) == cost.forward
    assert (values["params"], values["space"]) == (cost.row.params, cost.activations)


# Hand-computed from the formulas on a 12×12×6 input: output, parameters, forward MACs with
# every layer counted (--scope all), each elementary operation once.
EXPECTED = {
    "conv:f=3,k=64,s=1,p=same": ("12×12×64", 3520, 12 * 12 * 64 * 9 * 6),
    "dwconv:f=3,s=2,p=1": ("6×6×6", 60, 6 * 6 * 6 * 9),
    "convT:f=4,k=64,s=2,p=1": ("24×24×64", 6 * 16 * 64 + 64, 12 * 12 * 6 * 16 * 64),
    "pool:max,f=2,d=2": ("5×5×6", 0, 3 * 150),  # dilated: spans 3, stride 2: ⌊(12 − 3)/2⌋ + 1
    "avgpool:f=2": ("6×6×6", 0, 3 * 216 + 216),
    "gap": ("1×1×6", 0, 6 * 143 + 6),
    "adaptivepool:avg,o=6": ("6×6×6", 0, 3 * 216 + 216),
    "fc:120": ("120", 865 * 120, 864 * 120),
    "bn": ("12×12×6", 12, 2 * 864),
    "subsample:f=2": ("6×6×6", 12, 216 + 3 * 216),
    "tableconv:f=5,table=lenet5": ("8×8×16", 25 * 60 + 16, 8 * 8 * 25 * 60),
    "rbf:10": ("10", 8640, 2 * 8640),
    "upsample:2": ("24×24×6", 0, 0),
    "softmax": ("12×12×6", 0, (864 - 144) + 2 * 864),  # sums per position; exp and division
}


@pytest.mark.parametrize(("text", "expected"), EXPECTED.items())
def test_published_arithmetic_of_each_kind(text, expected):
    layer = parse_layer(text)
    outcome = layer.apply(X)
    time = count(layer.forward_ops(X, outcome.out), Convention(scope=Scope.ALL))
    assert (str(outcome.out), outcome.params, time) == expected


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_every_activation_parses_counts_and_keeps_the_shape(name):
    layer = parse_layer(name)
    assert isinstance(layer, Activation) and layer.apply(X).out == X
    ops = layer.forward_ops(X, X)
    rule = ACTIVATIONS[name]
    assert (ops.mults, ops.other) == (rule.mults * 864, rule.other * 864)
    assert layer.is_view == (count(ops, Convention(scope=Scope.ALL)) == 0)


def test_an_unknown_activation_is_an_error_not_zero_operations():
    with pytest.raises(LayerArgumentError, match="unknown activation 'swish'"):
        Activation("swish")


def test_a_kind_without_its_operations_cannot_be_made():
    @dataclass(frozen=True)
    class HalfAdded(Layer):
        kind = "half"

        def apply(self, x: Shape) -> Outcome:
            return Outcome(x)

        def spec(self) -> str:
            return "half"

    with pytest.raises(TypeError, match="abstract"):
        HalfAdded()

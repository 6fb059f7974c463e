"""Formulas: the symbols reproduce every count; sympy stays out of the fast paths."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import pytest

from cnnlab.complexity import Convention, Count, Notation, analyse
from cnnlab.complexity.chain import chain_ratio
from cnnlab.complexity.symbolic import layer_formulas, network_formulas
from cnnlab.network import Network
from cnnlab.shape import Shape
from cnnlab.spec import parse_items
from cnnlab.zoo import load_model

CONVENTIONS = [Convention(), Convention(Count.FLOPS, bias=True), Convention(Count.MULTS_ADDS),
               Convention(Count.MULTS_ADDS, bias=True), Convention(Count.MULTS)]


@pytest.mark.parametrize("convention", CONVENTIONS, ids=lambda c: c.short() + str(c.bias))
@pytest.mark.parametrize("name", ["lenet5", "alexnet-original", "mobilenet_v2", "googlenet"])
def test_formulas_give_the_counted_numbers(name, convention):
    report = analyse(load_model(name), convention=convention)
    found = {f.index: f for f in network_formulas(report.costs, convention, Notation.NNDL)}
    assert found
    for cost in report.costs:
        if cost.row.index not in found:
            continue
        values = {f.quantity: f.value for f in found[cost.row.index].formulas}
        assert values.get("time", cost.forward) == cost.forward
        assert values["params"] == cost.row.params
        assert values["space"] == cost.activations


def one(layer: str, shape: Shape, notation: Notation, convention: Convention | None = None):
    report = analyse(Network(parse_items([layer])), shape, convention=convention)
    found = layer_formulas(report.costs[0], report.convention, notation)
    assert found is not None
    return {f.quantity: f for f in found.formulas}, found


def test_nndl_notation_as_a_student_writes_it():
    formulas, found = one("conv:f=3,k=256,p=same", Shape(256, 100, 100), Notation.NNDL)
    time = formulas["time"]
    assert (time.general, time.simplified) == ("M'·N'·P·U·V·D", "M·N·P·U·V·D")
    assert time.numbers == "100·100·256·3·3·256" and time.value == 5_898_240_000
    assert time.order == "O(M·N·P·U·V·D)"
    assert formulas["params"].numbers == "256·(3·3·256 + 1)"
    assert found.equalities == ("M' = M", "N' = N")


def test_generic_and_ng_notations():
    formulas, _ = one("conv:f=5,k=32,s=2", Shape(192, 28, 28), Notation.GENERIC)
    assert formulas["time"].simplified == "H_out·W_out·C_out·f²·C_in"
    formulas, _ = one("conv:f=5,k=32,p=same", Shape(192, 28, 28), Notation.NG)
    assert formulas["time"].general == "n_H·n_W·n_C·f·f·n_C_prev"
    assert formulas["time"].numbers == "28·28·32·5·5·192"


def test_exact_count_and_depthwise_simplification():
    exact = Convention(Count.MULTS_ADDS)
    formulas, found = one("dwconv:f=3,p=1,nobias", Shape(32, 112, 112), Notation.GENERIC, exact)
    assert formulas["time"].general == "H_out·W_out·C_out·(2·f_h·f_w·C_in/g − 1)"
    assert formulas["time"].simplified == "H_in·W_in·C_in·m·(2·f² − 1)"
    assert formulas["time"].value == 112 * 112 * 32 * 17
    assert "g = C_in, C_out = m·C_in (depthwise)" in found.equalities


def test_transposed_conv_formula_runs_over_the_input_grid():
    formulas, _ = one("convT:f=4,k=8,s=2,p=1", Shape(16, 8, 8), Notation.GENERIC)
    assert formulas["time"].general == "H_in·W_in·C_out·f_h·f_w·C_in"
    assert formulas["time"].value == 8 * 8 * 16 * 16 * 8


def test_layers_without_a_formula_are_skipped():
    report = analyse(Network(parse_items(["relu maxpool:f=2"])), Shape(1, 4, 4))
    assert network_formulas(report.costs, report.convention) == ()


def test_bottleneck_ratios_in_shared_symbols():
    a, b = (analyse(load_model(n)) for n in ("nndl-5-4", "nndl-5-4-bottleneck"))
    ratio = chain_ratio(a, b, Notation.NNDL)
    assert ratio is not None
    assert (ratio.a, ratio.b) == ("M·N·P·U·V·D", "M·N·D'·D + M·N·P·U·V·D'")
    assert ratio.ratio == "D'/D + D'/(P·U·V)"
    assert [v for _, v in ratio.terms] == [Fraction(1, 4), Fraction(1, 36)]
    a, b = (analyse(load_model(n)) for n in ("inception-1x1", "inception-1x1-bottleneck"))
    ratio = chain_ratio(a, b, Notation.NG)
    assert ratio is not None and ratio.value == Fraction(12_443_648, 120_422_400)
    assert ratio.ratio == "n_C'/n_C_prev + n_C'/(n_C·f²)"


def test_no_chain_ratio_for_branches_or_scope_all():
    a, b = (analyse(load_model(n)) for n in ("resnet18", "resnet50"))
    assert chain_ratio(a, b, Notation.GENERIC) is None


def _imports(*args: str) -> set[str]:
    code = ("import sys; from cnnlab.cli import app\n"
            f"try:\n    app({list(args)!r})\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(m for m in sys.modules if m in ('sympy', 'numpy'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return set(done.stdout.split("\n")[-2].split())


def test_sympy_only_with_symbolic_and_never_numpy():
    assert _imports("complexity", "--model", "resnet50", "--json") == set()
    assert _imports("shape", "8x8x3", "conv:f=3,k=4") == set()
    assert _imports("complexity", "8x8x3", "conv:f=3,k=4", "--symbolic") == {"sympy"}

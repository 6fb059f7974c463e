"""Reading submitted values and the tolerance model."""

from fractions import Fraction

import pytest

from cnnlab.errors import ExerciseError
from cnnlab.exercises.tolerance import Tolerance, parse_tolerance
from cnnlab.exercises.values import ValueProblem, parse_number, parse_shape


@pytest.mark.parametrize(
    "raw", [1960, 1960.0, "1960", "1,960", "1 960", "1_960", "1.96e3", "1.96E+3", "1.96×10^3",
            "1.96 x 10^3", "1.96*10**3", " 1960 ", "1\u202f960"],
)
def test_equivalent_forms_of_1960(raw):
    assert parse_number(raw) == 1960


@pytest.mark.parametrize(
    "raw", ["", "abc", "1,96", "19,60", "1e", "nan", "inf", True, {}, [1], "1e999999999",
            "1e-999999999"],
)
def test_not_numbers(raw):
    with pytest.raises(ValueProblem):
        parse_number(raw)


def test_negative_and_decimal_numbers_are_exact():
    assert parse_number("−2.5") == Fraction(-5, 2)
    assert parse_number(0.1) == Fraction(1, 10)


@pytest.mark.parametrize(
    "raw", ["37x37x10", "37×37×10", "37 X 37 X 10", "(37, 37, 10)", "[37,37,10]", "37*37*10",
            [37, 37, 10], "37 37 10"],
)
def test_shape_forms(raw):
    assert parse_shape(raw) == (37, 37, 10)


@pytest.mark.parametrize("raw", ["37y37", "37x3.5", "x", "", [], [1.5], {"a": 1}, "37x-1"])
def test_not_shapes(raw):
    with pytest.raises(ValueProblem):
        parse_shape(raw)


def test_exact():
    assert Tolerance().accepts(Fraction(1960), 1960)
    assert not Tolerance().accepts(Fraction(19601, 10), 1960)


def test_abs_and_rel_bounds_are_inclusive():
    assert Tolerance("abs", 0.5).accepts(Fraction(21, 2), 10)
    assert not Tolerance("abs", 0.5).accepts(Fraction(106, 10), 10)
    assert Tolerance("rel", 0.01).accepts(Fraction(101), 100)
    assert not Tolerance("rel", 0.01).accepts(Fraction(1011, 10), 100)


def test_sigfig_is_half_a_unit_of_the_last_figure():
    want = Fraction(120422400, 12443648)  # 9.6774...
    three = Tolerance("sigfig", 3)
    assert three.accepts(Fraction("9.68"), want) and three.accepts(Fraction("9.675"), want)
    assert not three.accepts(Fraction("9.7"), want) and not three.accepts(Fraction("9.67"), want)
    assert Tolerance("sigfig", 2).accepts(Fraction("9.7"), want)
    assert Tolerance("sigfig", 2).accepts(Fraction(1200), 1234)


def test_tolerance_from_data():
    assert parse_tolerance("exact", "x") == Tolerance()
    assert parse_tolerance({"rel": 0.02}, "x") == Tolerance("rel", 0.02)
    for bad in ({"rel": 0}, {"near": 1}, {"sigfig": 2.5}, "close", {"rel": 1, "abs": 1}):
        with pytest.raises(ExerciseError):
            parse_tolerance(bad, "x")
    assert Tolerance("rel", 0.01).describe() == "±1%"

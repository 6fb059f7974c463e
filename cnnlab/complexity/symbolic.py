"""The formula behind each number: a layer's time, parameters and space in its symbols.

What a student writes in a homework answer: the general formula in the course's notation
(NNDL: M'·N'·P·U·V·D), the same formula for this layer once its own equalities are used
(M' = M for a 'same' convolution, g = C_in for a depthwise one), simplified with sympy, then
the numbers, and the asymptotic order. sympy is imported here and only here.

>>> from cnnlab.complexity import analyse
>>> from cnnlab.network import Network
>>> from cnnlab.shape import Shape
>>> from cnnlab.spec import parse_items
>>> report = analyse(Network(parse_items(["conv:f=3,k=256,p=same"])), Shape(256, 100, 100))
>>> time = layer_formulas(report.costs[0], report.convention, Notation.NNDL).formulas[0]
>>> time.general, time.simplified, time.numbers, time.value, time.order
("M'·N'·P·U·V·D", 'M·N·P·U·V·D', '100·100·256·3·3·256', 5898240000, 'O(M·N·P·U·V·D)')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

from cnnlab.complexity.analysis import LayerCost
from cnnlab.complexity.conventions import Convention, Count, Notation
from cnnlab.complexity.formula_text import show
from cnnlab.layers.costs import ROLES, Terms

SYMBOL = {role: sp.Symbol(role, positive=True) for role in ROLES}
RANK = {SYMBOL[role]: i for i, role in enumerate(ROLES)} | {SYMBOL["h_in"]: 0,
                                                            SYMBOL["w_in"]: 1}
LEGEND = ("h_in", "w_in", "c_in", "f_h", "f_w", "f", "g", "m", "S", "h_out", "w_out", "c_out",
          "n_in", "n_out")  # inputs, kernel, outputs: the order a statement gives them
NAMES: dict[Notation, dict[str, str]] = {
    Notation.GENERIC: {"h_in": "H_in", "w_in": "W_in", "c_in": "C_in", "h_out": "H_out",
                       "w_out": "W_out", "c_out": "C_out", "f_h": "f_h", "f_w": "f_w"},
    Notation.NNDL: {"h_in": "M", "w_in": "N", "c_in": "D", "h_out": "M'", "w_out": "N'",
                    "c_out": "P", "f_h": "U", "f_w": "V"},
    Notation.NG: {"h_in": "n_H_prev", "w_in": "n_W_prev", "c_in": "n_C_prev", "h_out": "n_H",
                  "w_out": "n_W", "c_out": "n_C", "f_h": "f", "f_w": "f"},
}
COMMON = {"f": "f", "m": "m", "g": "g", "S": "S", "n_in": "n_in", "n_out": "n_out"}


@dataclass(frozen=True)
class Formula:
    """One quantity: in symbols, for this layer, with numbers, its value and order."""

    quantity: str  # 'time', 'params' or 'space'
    general: str
    simplified: str
    numbers: str
    value: int
    order: str = ""


@dataclass(frozen=True)
class LayerFormulas:
    """The formulas of one layer, its symbols' values and the equalities it used."""

    index: int
    text: str
    name: str | None
    legend: tuple[tuple[str, int], ...]
    equalities: tuple[str, ...]
    formulas: tuple[Formula, ...]


@dataclass(frozen=True)
class _Key:
    """What decides a layer's formulas (numbers aside): cached by it."""

    terms: Terms
    weights: tuple[int, int]  # (a, b) of time = outer·(a·inner + b·per)
    mults_adds: bool  # the exact count (no closed form when the sums vary)
    notation: Notation
    same_h: bool = False
    same_w: bool = False
    square: bool = False


def _names(notation: Notation) -> dict[sp.Symbol, str]:
    return {SYMBOL[r]: name for r, name in (COMMON | NAMES[notation]).items()}


@cache
def read(text: str) -> sp.Expr:
    """A formula of ``Terms`` (role names, sympy syntax) as an expression in the role symbols.

    >>> read("(f_h*f_w*c_in + 1)*c_out")
    c_out*(c_in*f_h*f_w + 1)
    """
    return sp.sympify(text, locals=SYMBOL)


def _general(key: _Key) -> dict[str, sp.Expr]:
    """time, params and space (output elements) of the layer, in the roles' symbols."""
    t, (a, b) = key.terms, key.weights
    time = read(t.outer) * (a * read(t.inner) + b * read(t.per))
    return {"time": time, "params": read(t.params), "space": read(t.space)}


def _equalities(key: _Key) -> tuple[dict[sp.Symbol, sp.Expr], tuple[str, ...]]:
    s, names = SYMBOL, NAMES[key.notation]
    subs: dict[sp.Symbol, sp.Expr] = {}
    said = []
    for out, inp, flag in (("h_out", "h_in", key.same_h), ("w_out", "w_in", key.same_w)):
        if flag and key.terms.same_size:
            subs[s[out]] = s[inp]
            said.append(f"{names[out]} = {names[inp]}")
    if key.square and key.notation is not Notation.NNDL:
        subs |= {s["f_h"]: s["f"], s["f_w"]: s["f"]}
        if key.notation is Notation.GENERIC:
            said.append("f_h = f_w = f")
    if key.terms.depthwise:
        subs |= {s["g"]: s["c_in"], s["c_out"]: s["m"] * s["c_in"]}
        said.append(f"g = {names['c_in']}, {names['c_out']} = m·{names['c_in']} (depthwise)")
    return subs, tuple(said)


def _order(expr: sp.Expr) -> sp.Expr:
    symbols = sorted(expr.free_symbols, key=str)
    return sp.Order(expr, *[(x, sp.oo) for x in symbols]).expr


@cache
def _template(key: _Key) -> tuple[tuple[str, sp.Expr, sp.Expr, str], ...]:
    """(quantity, general, simplified, order) for every quantity with a formula."""
    parts = _general(key)
    subs, _ = _equalities(key)
    quantities = ["time", "params", "space"]
    if key.mults_adds and not key.terms.exact_sums:  # its sums vary: no formula
        quantities.remove("time")
    names = _names(key.notation)
    out = []
    for quantity in quantities:
        general = parts[quantity]
        simple = general.subs(subs)
        order = f"O({show(_order(simple), names, RANK)})" if quantity == "time" else ""
        out.append((quantity, general, simple, order))
    return tuple(out)


def _describe(
    cost: LayerCost, convention: Convention, notation: Notation
) -> tuple[_Key, dict[str, int]] | None:
    """(key, role values) of a layer with a formula, else None."""
    layer, x, y = cost.row.layer, cost.row.input, cost.row.output
    found = layer.terms(x, y) if layer is not None else None
    if found is None:
        return None
    terms, values = found
    f_h, f_w = values.get("f_h"), values.get("f_w")
    key = _Key(terms, convention.time_weights(terms.has_bias),
               convention.count is Count.MULTS_ADDS, notation, same_h=x.h == y.h,
               same_w=x.w == y.w, square=f_h is not None and f_h == f_w)
    return key, values


def layer_formulas(
    cost: LayerCost, convention: Convention, notation: Notation = Notation.GENERIC
) -> LayerFormulas | None:
    """The formulas of one layer (every kind whose ``terms`` are not ``None``: conv, depthwise,
    transposed, connection-table conv, fc).

    Time follows ``convention`` (forward pass, one sample); ``None`` for other layers.
    """
    found = _describe(cost, convention, notation)
    if found is None:
        return None
    key, values = found
    names = _names(notation)
    numbers = {SYMBOL[r]: v for r, v in values.items()}
    formulas = tuple(
        Formula(q, show(general, names, RANK), show(simple, names, RANK),
                show(general, names, RANK, numbers), int(general.subs(numbers)), order)
        for q, general, simple, order in _template(key)
    )
    used = {s for _, g, simple, _ in _template(key) for s in g.free_symbols | simple.free_symbols}
    ordered = [SYMBOL[r] for r in LEGEND if SYMBOL[r] in used]
    legend = tuple(dict((names[s], numbers[s]) for s in ordered).items())
    return LayerFormulas(
        cost.row.index, cost.row.text, cost.row.name, legend, _equalities(key)[1], formulas
    )


def network_formulas(
    costs: tuple[LayerCost, ...], convention: Convention, notation: Notation = Notation.GENERIC
) -> tuple[LayerFormulas, ...]:
    """The formulas of every layer that has one, in order."""
    found = (layer_formulas(cost, convention, notation) for cost in costs)
    return tuple(f for f in found if f is not None)

"""The ratio of two designs' time in shared symbols: why the 1×1 bottleneck saves what it does.

Both designs start from the same input and (usually) end with the same output, so their
sizes can share symbols: in NNDL 5-4 the direct 3×3 convolution costs M·N·P·U·V·D, the
bottleneck M·N·D'·D + M·N·P·U·V·D', and their ratio simplifies to D'/D + D'/(P·U·V):
a quarter for the 1×1 layer's narrower output, plus a ninth of that for the 3×3 layer.

>>> from cnnlab.complexity import analyse
>>> from cnnlab.complexity.conventions import Notation
>>> from cnnlab.zoo import load_model
>>> a, b = (analyse(load_model(n)) for n in ("nndl-5-4", "nndl-5-4-bottleneck"))
>>> found = chain_ratio(a, b, Notation.NNDL)
>>> found.a, found.b, found.ratio, found.value
('M·N·P·U·V·D', "M·N·D'·D + M·N·P·U·V·D'", "D'/D + D'/(P·U·V)", Fraction(5, 18))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from cnnlab.complexity.analysis import ComplexityReport
from cnnlab.complexity.conventions import Notation, Scope
from cnnlab.complexity.formula_text import show
from cnnlab.complexity.symbolic import SYMBOL, read
from cnnlab.layers.costs import Terms
from cnnlab.network import LayerReport
from cnnlab.shape import Shape

# display names: heights, widths, (input, output, intermediate) channels, kernels
_HEIGHTS = {Notation.NNDL: ("M", "M'", "M''"), Notation.NG: ("n_H", "n_H'", "n_H''")}
_WIDTHS = {Notation.NNDL: ("N", "N'", "N''"), Notation.NG: ("n_W", "n_W'", "n_W''")}
_CHANNELS = {Notation.NNDL: ("D", "P", "D'", "D''", "D'''"),
             Notation.NG: ("n_C_prev", "n_C", "n_C'", "n_C''", "n_C'''"),
             Notation.GENERIC: ("C_in", "C_out", "C_1", "C_2", "C_3")}
_KERNELS = {Notation.NNDL: (("U", "V"), ("U'", "V'")), Notation.NG: (("f", "f"), ("f'", "f'")),
            Notation.GENERIC: (("f", "f"), ("f'", "f'"))}


@dataclass(frozen=True)
class Ratio:
    """Time of design b over design a, in shared symbols."""

    a: str
    b: str
    ratio: str
    terms: tuple[tuple[str, Fraction], ...]  # each term of the ratio and its value
    legend: tuple[tuple[str, int], ...]
    value: Fraction


class _Symbols:
    """Symbols handed out by value (sizes, kernels) or by position (channels)."""

    def __init__(self, notation: Notation) -> None:
        self.notation = notation
        self.by_key: dict[tuple[str, int], sp.Symbol] = {}
        self.names: dict[sp.Symbol, str] = {}
        self.rank: dict[sp.Symbol, int] = {}
        self.values: dict[sp.Symbol, int] = {}
        self.kernels: dict[tuple[str, int], tuple[sp.Expr, sp.Expr]] = {}
        self.counts = {"h": 0, "w": 0, "c": 2, "k": 0}

    def _new(self, key: tuple[str, int], name: str, rank: int, value: int) -> sp.Symbol:
        symbol = sp.Symbol(f"s{len(self.by_key)}", positive=True)
        self.by_key[key], self.names[symbol], self.rank[symbol] = symbol, name, rank
        self.values[symbol] = value
        return symbol

    def size(self, axis: str, value: int) -> sp.Symbol:
        if (axis, value) not in self.by_key:
            table = (_HEIGHTS if axis == "h" else _WIDTHS).get(self.notation)
            n = self.counts[axis]
            self.counts[axis] += 1
            base = table[0] if table else ("H", "W")[axis == "w"]
            name = table[n] if table and n < len(table) else f"{base}_{n}" if n else base
            return self._new((axis, value), name, n * 2 + (axis == "w"), value)
        return self.by_key[(axis, value)]

    def channels(self, position: str, value: int) -> sp.Symbol:
        """``position``: 'in', 'out' or an intermediate tensor's id."""
        key = (f"c:{position}", value)
        if key not in self.by_key:
            names = _CHANNELS[self.notation]
            slot = {"in": 0, "out": 1}.get(position)
            if slot is None:
                slot, self.counts["c"] = self.counts["c"], self.counts["c"] + 1
            rank = {0: 60, 1: 10}.get(slot, 40 + slot)  # P …kernel… D' … D
            name = names[slot] if slot < len(names) else f"{names[-1].rstrip(chr(39))}_{slot}"
            return self._new(key, name, rank, value)
        return self.by_key[key]

    def kernel(self, f_h: int, f_w: int) -> tuple[sp.Expr, sp.Expr]:
        """f_h and f_w of a kernel: 1 for 1×1, else symbols handed out by size (U and V, ...)."""
        if (f_h, f_w) == (1, 1):
            return sp.Integer(1), sp.Integer(1)
        key = ("kernel", f_h * 10_000 + f_w)
        if key not in self.kernels:
            n = self.counts["k"]
            self.counts["k"] += 1
            h_name, w_name = _KERNELS[self.notation][min(n, 1)]
            if n > 1:
                h_name, w_name = f"{h_name}_{n}", f"{w_name}_{n}"
            h = self._new(key, h_name, 30, f_h)
            square = f_h == f_w and h_name == w_name
            w = h if square else self._new(("kernel-w", key[1]), w_name, 31, f_w)
            self.kernels[key] = (h, w)
        return self.kernels[key]


def _axes(sym: _Symbols, shape: Shape) -> tuple[sp.Expr, sp.Expr]:
    """Height and width symbols of a spatial shape (1 for a size of 1)."""
    h = sp.Integer(1) if shape.h == 1 else sym.size("h", shape.h or 1)
    return h, sp.Integer(1) if shape.w == 1 else sym.size("w", shape.w or 1)


def _spatial(sym: _Symbols, shape: Shape) -> sp.Expr:
    if not shape.spatial:
        return sp.Integer(1)
    h, w = _axes(sym, shape)
    return h * w


# the roles a chain can share between designs (others: grouped, transposed, ... no closed form)
_SHARED = {SYMBOL[r] for r in ("h_out", "w_out", "c_out", "f_h", "f_w", "c_in", "n_in", "n_out")}


class _Chain:
    """Walks one design's rows, handing out shared symbols and collecting each layer's time."""

    def __init__(self, report: ComplexityReport, sym: _Symbols, same_output: bool) -> None:
        self.report, self.sym, self.same_output = report, sym, same_output
        self.spatial = _spatial(sym, report.network.input)
        self.size: sp.Expr = sym.channels("in", report.network.input.c)

    def reshape(self, row: LayerReport) -> None:
        """A layer without a formula: only the sizes move on (flatten: H·W·C values)."""
        if row.input.spatial and not row.output.spatial:
            self.size, self.spatial = self.spatial * self.size, sp.Integer(1)
        self.spatial = _spatial(self.sym, row.output) if row.output.spatial else self.spatial

    def time(
        self, i: int, row: LayerReport, terms: Terms, values: dict[str, int]
    ) -> sp.Expr | None:
        """outer·(a·inner + b·per) of the layer in shared symbols, or None."""
        y = row.output
        parts = [read(t) for t in (terms.outer, terms.inner, terms.per)]
        if values.get("g") == 1:
            parts = [p.subs(SYMBOL["g"], 1) for p in parts]
        if not set().union(*(p.free_symbols for p in parts)) <= _SHARED:
            return None
        subs: dict[sp.Expr, sp.Expr] = {SYMBOL["c_in"]: self.size}
        subs[SYMBOL["n_in"]] = self.spatial * self.size
        if "f_h" in values:
            subs[SYMBOL["f_h"]], subs[SYMBOL["f_w"]] = self.sym.kernel(values["f_h"], values["f_w"])
        rows = self.report.network.rows
        final = self.same_output and all(r.output.c == y.c for r in rows[i:])
        out = self.sym.channels("out" if final else str(i), y.c)
        subs |= {SYMBOL["c_out"]: out, SYMBOL["n_out"]: out}
        if y.spatial:
            subs[SYMBOL["h_out"]], subs[SYMBOL["w_out"]] = _axes(self.sym, y)
        self.spatial, self.size = _spatial(self.sym, y), out
        outer, inner, per = (p.subs(subs, simultaneous=True) for p in parts)
        a, b = self.report.convention.time_weights(terms.has_bias)
        return outer * (a * inner + b * per)


def _total(report: ComplexityReport, sym: _Symbols, same_output: bool) -> list[sp.Expr] | None:
    """The time of each layer with a formula, or None without a closed form."""
    rows = report.network.rows
    if any(r.layer is None for r in rows):
        return None  # branches
    chain, total = _Chain(report, sym, same_output), []
    for i, row in enumerate(rows):
        found = row.layer.terms(row.input, row.output) if row.layer is not None else None
        if found is None:
            if row.params:
                return None  # weights without a formula (LeNet-5's subsampling, RBF)
            chain.reshape(row)
            continue
        time = chain.time(i, row, *found)
        if time is None:
            return None
        total.append(time)
    return total


def chain_ratio(a: ComplexityReport, b: ComplexityReport, notation: Notation) -> Ratio | None:
    """b's time over a's in shared symbols, for sequential designs of plain convs and fcs.

    ``None`` when a design has branches, grouped convolutions or other layers with weights,
    or when the convention counts all layers or the backward pass (no closed form here).
    """
    convention = a.convention
    if convention.scope is not Scope.CONV_FC or convention.backward:
        return None
    sym = _Symbols(notation)
    same = a.network.output == b.network.output
    terms_a, terms_b = _total(a, sym, same), _total(b, sym, same)
    if not terms_a or terms_b is None:
        return None
    ratio = sp.expand(sp.simplify(sum(terms_b) / sum(terms_a)))
    value = Fraction(b.forward, a.forward)
    if sp.Rational(value.numerator, value.denominator) != ratio.subs(sym.values):
        return None  # never expected: the symbols must reproduce the counts
    terms = tuple(
        (show(t, sym.names, sym.rank), Fraction(str(t.subs(sym.values))))
        for t in sp.Add.make_args(ratio)
    )
    legend = tuple((sym.names[s], sym.values[s]) for s in sorted(sym.values, key=sym.rank.get))
    a_text, b_text = (" + ".join(show(t, sym.names, sym.rank) for t in ts) or "0"
                      for ts in (terms_a, terms_b))
    return Ratio(a_text, b_text, show(ratio, sym.names, sym.rank), terms, legend, value)

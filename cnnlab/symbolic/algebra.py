"""Exact symbolic arrays for the proofs: sympy's sparse polynomials over ZZ (or QQ).

The reference layers run on ``dtype=object`` arrays; filled with the generators of a
:class:`sympy.polys.rings.PolyRing`, they compute sparse polynomials. Two polynomials are equal
exactly when their term dictionaries are, so an identity is checked entry by entry without
``simplify`` or ``expand``: at 16×16 / 5×5 the reference backward on ring elements takes ~0.15 s,
against ~1.4 s on sympy expressions, where every partial sum of numpy's object matmul is a new
``Add`` that flattens and sorts all its terms again (quadratic in the number of terms).

>>> algebra = Algebra.build({"x": (2, 2), "w": (1, 1)})
>>> x, w = algebra["x"], algebra["w"]
>>> algebra.text(x[0, 0] * w[0, 0] + 2 * x[1, 1])
'w₁₁·x₁₁ + 2·x₂₂'
>>> algebra.latex(x[0, 1])
'x_{12}'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SUB = str.maketrans("0123456789,-", "₀₁₂₃₄₅₆₇₈₉‚₋")
SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")

GREEK = {"d": ("δ", r"\delta")}


@dataclass(frozen=True)
class Name:
    """How one generator is written: Unicode for the terminal, LaTeX for documents."""

    text: str
    latex: str


def name_of(base: str, index: tuple[int, ...], shape: tuple[int, ...]) -> Name:
    """Name of entry ``index`` (0-based) of an array ``base`` of ``shape``, 1-based as in NNDL.

    A 2-D array gives ``x₁₂`` (``x₁‚₁₂`` once an index passes 9); a 3-D array (channel first)
    gives ``x⁽ᶜ⁾₁₂``; a 4-D weight array ``(c_out, c_in, u, v)`` gives ``w⁽ᵒ‚ᶜ⁾₁₂``.

    >>> name_of("x", (0, 1), (3, 3)).text, name_of("w", (1, 0, 2), (2, 3, 3)).latex
    ('x₁₂', 'w^{(2)}_{13}')
    """
    text_base, latex_base = GREEK.get(base, (base, base))
    one = [i + 1 for i in index]
    spatial, channels = one[-2:], one[:-2]
    comma = "," if max(shape[-2:], default=0) > 9 else ""
    sub = comma.join(str(i) for i in spatial)
    text, latex = f"{text_base}", f"{latex_base}"
    if channels:
        sup = ",".join(str(c) for c in channels)
        text += f"({sup})".translate(SUP).replace(",", "˒")
        latex += f"^{{({sup})}}"
    return Name(text + sub.translate(SUB), f"{latex}_{{{sub}}}")


class Algebra:
    """A polynomial ring whose generators are the entries of named symbolic arrays.

    Build it with every array the proof needs (the ring's generators are fixed at creation),
    then read the arrays with ``algebra[base]``: object ndarrays of ring generators.
    """

    def __init__(self, ring, arrays: dict[str, np.ndarray], names: list[Name]):
        self.ring, self.arrays, self.names = ring, arrays, names
        self.zero = ring.zero

    @classmethod
    def build(cls, shapes: dict[str, tuple[int, ...]], rational: bool = False) -> Algebra:
        """A ring over ZZ (QQ when ``rational``) with one generator per entry of each array."""
        from sympy import Symbol
        from sympy.polys.domains import QQ, ZZ
        from sympy.polys.rings import ring

        names, symbols, sizes = [], [], {}
        for base, shape in shapes.items():
            for index in np.ndindex(*shape):
                names.append(name_of(base, index, shape))
                symbols.append(Symbol(f"{base}_{'_'.join(map(str, index))}"))
            sizes[base] = shape
        R, *gens = ring(symbols, QQ if rational else ZZ)
        arrays, start = {}, 0
        for base, shape in sizes.items():
            count = int(np.prod(shape, dtype=np.int64))
            arrays[base] = np.array(gens[start:start + count] + [None], dtype=object)[:-1] \
                .reshape(shape)
            start += count
        return cls(R, arrays, names)

    def __getitem__(self, base: str) -> np.ndarray:
        return self.arrays[base]

    def element(self, value):
        """``value`` as a ring element (the layers leave plain ``0`` where nothing was added)."""
        return value if getattr(value, "ring", None) is self.ring else self.ring(value)

    def elements(self, array: np.ndarray) -> np.ndarray:
        """Every entry of ``array`` as a ring element (an object array of the same shape)."""
        out = np.empty(np.shape(array), dtype=object)
        for index, value in np.ndenumerate(np.asarray(array, dtype=object)):
            out[index] = self.element(value)
        return out

    def text(self, poly) -> str:
        """Unicode form of a polynomial, terms in the ring's order."""
        return _written(self.element(poly), [n.text for n in self.names], "·", str)

    def latex(self, poly) -> str:
        """LaTeX form of a polynomial."""
        return _written(self.element(poly), [n.latex for n in self.names], " ", _latex_number)

    def value(self, poly, point: dict[int, int]) -> object:
        """Exact value of ``poly`` with generator ``k`` set to ``point.get(k, 0)``."""
        total = 0
        for monom, coeff in self.element(poly).terms():
            term = _number(coeff)
            for k, e in enumerate(monom):
                if e:
                    term *= point.get(k, 0) ** e
            total += term
        return total


def _number(coeff):
    from fractions import Fraction

    return int(coeff) if getattr(coeff, "denominator", 1) == 1 else Fraction(
        int(coeff.numerator), int(coeff.denominator))


def _latex_number(coeff) -> str:
    n = _number(coeff)
    return str(n) if isinstance(n, int) else rf"\tfrac{{{n.numerator}}}{{{n.denominator}}}"


def _weights_first(name: str) -> bool:
    return not name.startswith("w")


def _written(poly, names: list[str], times: str, number) -> str:
    if not poly:
        return "0"
    parts = []
    for monom, coeff in poly.terms():
        factors = [names[k] + ("" if e == 1 else f"^{e}") for k, e in enumerate(monom) if e]
        factors.sort(key=_weights_first)
        c = _number(coeff)
        sign = "-" if c < 0 else "+"
        magnitude = number(-coeff if c < 0 else coeff)
        body = times.join(factors) if factors else magnitude
        if factors and abs(c) != 1:
            body = magnitude + times + body
        parts.append((sign, body))
    first_sign, first = parts[0]
    out = ("-" if first_sign == "-" else "") + first
    return out + "".join(f" {s} {b}" for s, b in parts[1:])

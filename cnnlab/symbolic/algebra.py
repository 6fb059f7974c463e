"""Exact symbolic arrays for the proofs: named generators of sparse polynomials.

The reference layers run on ``dtype=object`` arrays; filled with :class:`~cnnlab.symbolic.poly.Poly`
generators, they compute exact sparse polynomials, and an identity is checked entry by entry by
comparing term dictionaries — no ``simplify``, no ``expand``. On sympy expressions the same
reference backward takes ~1.4 s at 16×16 / 5×5: numpy's object matmul for ``dw = colsᵀ·dout``
adds the 144 products one at a time, and every partial sum is a new ``Add`` that flattens and
sorts all its terms again (quadratic); on these polynomials it takes ~0.1 s.

>>> algebra = Algebra.build({"x": (2, 2), "w": (1, 1)})
>>> x, w = algebra["x"], algebra["w"]
>>> algebra.text(x[0, 0] * w[0, 0] + 2 * x[1, 1])
'w₁₁·x₁₁ + 2·x₂₂'
>>> algebra.latex(x[0, 1])
'x_{12}'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from cnnlab.symbolic.poly import Poly

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
    """Named symbolic arrays whose entries are the generators of sparse polynomials.

    Build it with every array the proof needs (generators are numbered in the order given, so
    the first array's come first), then read them with ``algebra[base]``: object ndarrays.
    """

    def __init__(self, arrays: dict[str, np.ndarray], names: list[Name]):
        self.arrays, self.names = arrays, names
        self.zero = Poly()
        self.one = Poly.of(1)

    @classmethod
    def build(cls, shapes: dict[str, tuple[int, ...]]) -> Algebra:
        """One generator per entry of each array, numbered in order."""
        names, arrays, k = [], {}, 0
        for base, shape in shapes.items():
            array = np.empty(shape, dtype=object)
            for index in np.ndindex(*shape):
                names.append(name_of(base, index, shape))
                array[index] = Poly.gen(k)
                k += 1
            arrays[base] = array
        return cls(arrays, names)

    def __getitem__(self, base: str) -> np.ndarray:
        return self.arrays[base]

    def element(self, value) -> Poly:
        """``value`` as a polynomial (the layers leave plain ``0`` where nothing was added)."""
        return Poly.of(value)

    def text(self, poly) -> str:
        """Unicode form of a polynomial, terms in generator order."""
        return _written(Poly.of(poly), [n.text for n in self.names], "·", str)

    def latex(self, poly) -> str:
        """LaTeX form of a polynomial."""
        return _written(Poly.of(poly), [n.latex for n in self.names], " ", _latex_number)

    def value(self, poly, point: dict[int, int]) -> int | Fraction:
        """Exact value of ``poly`` with generator ``k`` set to ``point.get(k, 0)``."""
        total = 0
        for monom, coeff in Poly.of(poly).items():
            term = coeff
            for k in monom:
                term *= point.get(k, 0)
            total += term
        return total


def _latex_number(n) -> str:
    return str(n) if isinstance(n, int) else rf"\tfrac{{{n.numerator}}}{{{n.denominator}}}"


def _weights_first(name: str) -> bool:
    return not name.startswith("w")


def _written(poly: Poly, names: list[str], times: str, number) -> str:
    if not poly:
        return "0"
    parts = []
    for monom, c in sorted(poly.items()):
        powers: dict[int, int] = {}
        for k in monom:
            powers[k] = powers.get(k, 0) + 1
        factors = [names[k] + ("" if e == 1 else f"^{e}") for k, e in powers.items()]
        factors.sort(key=_weights_first)
        magnitude = number(-c if c < 0 else c)
        body = times.join(factors) if factors else magnitude
        if factors and abs(c) != 1:
            body = magnitude + times + body
        parts.append(("-" if c < 0 else "+", body))
    first_sign, first = parts[0]
    out = ("-" if first_sign == "-" else "") + first
    return out + "".join(f" {s} {b}" for s, b in parts[1:])

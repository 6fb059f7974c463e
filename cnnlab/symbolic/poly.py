"""Sparse polynomials with exact integer or rational coefficients, for the layers to run on.

A monomial is the sorted tuple of its generators' numbers (``x₀²·x₃`` is ``(0, 0, 3)``), so
multiplying two monomials costs their degree, not the number of generators. (sympy's
``PolyRing`` stores every monomial as a dense exponent vector over all generators: at 16×16 /
5×5 that is 425 exponents per term, and a proof's time grew like nnz(C)²; here it grows like
nnz(C).) Equal polynomials have equal term dictionaries (zero coefficients are never stored),
so comparing two is exact and needs no ``expand`` or ``simplify``.

>>> x, y = Poly.gen(0), Poly.gen(1)
>>> p = (x + y) * (x - y)
>>> sorted(p.items())
[((0, 0), 1), ((1, 1), -1)]
>>> p == x * x - y * y, (p / 2).coefficient((0, 0))
(True, Fraction(1, 2))
"""

from __future__ import annotations

from fractions import Fraction
from numbers import Rational

Monomial = tuple[int, ...]


class Poly:
    """An immutable sparse polynomial: ``{monomial: coefficient}`` with no zero coefficient."""

    __slots__ = ("terms",)

    def __init__(self, terms: dict[Monomial, int | Fraction] | None = None):
        self.terms = terms or {}

    @classmethod
    def gen(cls, k: int) -> Poly:
        """The generator number ``k``."""
        return cls({(k,): 1})

    @classmethod
    def of(cls, value) -> Poly:
        """``value`` (a Poly or an exact number) as a Poly."""
        if isinstance(value, Poly):
            return value
        if isinstance(value, bool) or not isinstance(value, Rational):
            raise TypeError(f"only exact numbers mix with polynomials, got {value!r}")
        return cls({(): value}) if value else cls()

    def items(self):
        return self.terms.items()

    def monoms(self):
        return self.terms.keys()

    def coefficient(self, monomial: Monomial):
        return self.terms.get(monomial, 0)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def __eq__(self, other) -> bool:
        try:
            return self.terms == Poly.of(other).terms
        except TypeError:
            return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"Poly({self.terms!r})"

    def __add__(self, other) -> Poly:
        try:
            other = Poly.of(other)
        except TypeError:
            return NotImplemented
        if len(other.terms) > len(self.terms):
            self, other = other, self
        terms = dict(self.terms)
        for m, c in other.terms.items():
            total = terms.get(m, 0) + c
            if total:
                terms[m] = total
            else:
                terms.pop(m, None)
        return Poly(terms)

    __radd__ = __add__

    def __neg__(self) -> Poly:
        return Poly({m: -c for m, c in self.terms.items()})

    def __sub__(self, other) -> Poly:
        return self + (-Poly.of(other))

    def __rsub__(self, other) -> Poly:
        return Poly.of(other) + (-self)

    def __mul__(self, other) -> Poly:
        if not isinstance(other, Poly):
            if isinstance(other, bool) or not isinstance(other, Rational):
                return NotImplemented
            return Poly({m: c * other for m, c in self.terms.items()}) if other else Poly()
        terms: dict[Monomial, int | Fraction] = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in other.terms.items():
                m = tuple(sorted(m1 + m2)) if m1 and m2 else m1 or m2
                total = terms.get(m, 0) + c1 * c2
                if total:
                    terms[m] = total
                else:
                    terms.pop(m, None)
        return Poly(terms)

    __rmul__ = __mul__

    def __truediv__(self, other) -> Poly:
        if isinstance(other, bool) or not isinstance(other, Rational) or not other:
            return NotImplemented
        return Poly({m: _exact(Fraction(c) / other) for m, c in self.terms.items()})


def _exact(value: Fraction) -> int | Fraction:
    return int(value) if value.denominator == 1 else value

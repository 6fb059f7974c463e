"""Writing sympy expressions the way the courses write them: M'·N'·P·U·V·D, f², C_in/g.

sympy sorts the factors of a product alphabetically; the courses put the output size first,
then the channels, the kernel, the input channels. ``show`` prints factors in the order of a
rank table and writes the numbers of a substitution unevaluated (3·3, not 9).
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _power(base: str, exp: int, numbers: bool) -> str:
    if exp == 1:
        return base
    if numbers:
        return "·".join([base] * exp)
    return f"{base}{str(exp).translate(_SUPERSCRIPT)}"


def _degree(term: sp.Expr) -> int:
    powers = term.as_powers_dict()
    return int(sum(e for b, e in powers.items() if not b.is_number and e.is_number))


class Writer:
    """Prints expressions with display names (or numbers) and factors in rank order."""

    def __init__(self, names: Mapping[sp.Symbol, str], rank: Mapping[sp.Symbol, int]) -> None:
        self.names = names
        self.rank = rank
        self.numbers = False

    def __call__(self, expr: sp.Expr) -> str:
        if isinstance(expr, sp.Add):
            return self._sum(expr)
        if isinstance(expr, sp.Mul):
            return self._product(expr)
        if isinstance(expr, sp.Pow):
            return self._product(sp.Mul(expr, evaluate=False))
        if isinstance(expr, sp.Symbol):
            return self.names[expr]
        return str(expr)

    def _sum(self, expr: sp.Add) -> str:
        terms = sorted(expr.args, key=lambda t: (-_degree(t), self._key(t)))
        text = ""
        for term in terms:
            coeff, rest = term.as_coeff_Mul()
            sign = "−" if coeff < 0 else "+"
            body = self(abs(coeff) * rest) if rest != 1 else str(abs(coeff))
            text = body if not text and sign == "+" else f"{text} {sign} {body}".strip()
        return text

    def _key(self, term: sp.Expr) -> tuple[int, ...]:
        return tuple(sorted(self.rank.get(s, 99) for s in term.free_symbols))

    def _factor(self, base: sp.Expr, exp: int) -> str:
        text = self(base)
        if isinstance(base, sp.Add):
            text = f"({text})"
        return _power(text, exp, self.numbers)

    def _product(self, expr: sp.Mul) -> str:
        coeff, rest = expr.as_coeff_Mul()
        top, bottom = [], []
        for factor in sp.Mul.make_args(rest):
            base, exp = factor.as_base_exp()
            (top if exp > 0 else bottom).append((base, abs(int(exp))))
        order = lambda item: self.rank.get(item[0], 50)  # noqa: E731
        parts = [] if coeff == 1 else [str(coeff)]
        parts += [self._factor(b, e) for b, e in sorted(top, key=order)]
        text = "·".join(parts) or "1"
        under = [self._factor(b, e) for b, e in sorted(bottom, key=order)]
        if len(under) == 1:
            return f"{text}/{under[0]}"
        return f"{text}/({'·'.join(under)})" if under else text


def show(
    expr: sp.Expr,
    names: Mapping[sp.Symbol, str],
    rank: Mapping[sp.Symbol, int],
    values: Mapping[sp.Symbol, int] | None = None,
) -> str:
    """``expr`` in display names, or with ``values`` written in (unevaluated).

    >>> h, c, f = sp.symbols("h c f", positive=True)
    >>> names, rank = {h: "M'", c: "P", f: "U"}, {h: 0, c: 1, f: 2}
    >>> show(2 * f**2 * c * h, names, rank)
    "2·M'·P·U²"
    >>> show(2 * f**2 * c * h, names, rank, {h: 100, c: 256, f: 3})
    '2·100·256·3·3'
    >>> show(h / (c * f) + h / c, names, rank)
    "M'/P + M'/(P·U)"
    """
    if values is None:
        return Writer(names, rank)(expr)
    writer = Writer({s: str(v) for s, v in values.items()}, rank)
    writer.numbers = True
    return writer(expr)

"""The claim language: a small grammar for a student's own identity, parsed without ``eval``.

::

    claim  := expr ("==" | "=") expr
    expr   := term (("+" | "-") term)*
    term   := factor (op factor)*          op: "(*)" ⊗, "(*)~" ⊗̃, "*" "·" "@" matrix product
    factor := "-" factor | func "(" expr ")" | NAME | INT | "(" expr ")"
    func   := "rot180" | "T"

Names: ``X`` input, ``W`` kernel, ``G`` (also ``δ``, ``dY``) = ∂L/∂Y, ``Y`` = the layer's output,
``dX``, ``dW`` its gradients; matrix view: ``C``, ``x``, ``z``, ``dz`` (``δz``), ``dx`` (``δx``).

>>> parse("rot180(W) (*)~ X == X (*)~ rot180(W)").lhs
('(*)~', ('rot180', ('name', 'W')), ('name', 'X'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cnnlab.errors import SpecError

NAMES = {"X": "X", "W": "W", "G": "G", "δ": "G", "dY": "G", "Y": "Y", "dX": "dX", "dW": "dW",
         "C": "C", "x": "x", "z": "z", "dz": "dz", "δz": "dz", "dx": "dx", "δx": "dx"}
FUNCTIONS = {"rot180", "T"}
PRODUCTS = {"(*)": "(*)", "(*)~": "(*)~", "⊗": "(*)", "⊗̃": "(*)~", "*": "@", "·": "@", "@": "@"}

TOKEN = re.compile(r"\s*(?:(?P<op>\(\*\)~|\(\*\)|⊗̃|⊗|==|=|[-+*·@()])|(?P<int>\d+)"
                   r"|(?P<name>rot180|[A-Za-zδ][A-Za-z0-9δ]*))")


@dataclass(frozen=True)
class Claim:
    """A parsed claim: two expression trees (nested tuples) and the text they came from."""

    lhs: tuple
    rhs: tuple
    text: str


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = TOKEN.match(text, pos)
        if not match:
            start = len(text) - len(text[pos:].lstrip())
            raise _error(text, start, text[start])
        kind = match.lastgroup
        value = match.group(kind)
        out.append((kind, value, match.start(kind)))
        pos = match.end()
    out.append(("end", "", len(text)))
    return out


def _error(text: str, pos: int, token: str, expected: str = "") -> SpecError:
    what = f"unexpected {token!r}" if token else "unexpected end"
    hint = f", expected {expected}" if expected else ""
    return SpecError(f"cannot read the claim {text!r}: {what} at column {pos + 1}{hint}")


class _Parser:
    def __init__(self, text: str):
        self.text, self.tokens, self.i = text, _tokens(text), 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self, value: str | None = None, expected: str = "") -> tuple[str, str, int]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise _error(self.text, token[2], token[1], expected or repr(value))
        self.i += 1
        return token

    def claim(self) -> Claim:
        lhs = self.expr()
        if self.peek()[1] not in ("==", "="):
            kind, value, pos = self.peek()
            raise _error(self.text, pos, value, "'==' between the two sides")
        self.take()
        rhs = self.expr()
        kind, value, pos = self.peek()
        if kind != "end":
            raise _error(self.text, pos, value, "the end of the claim")
        return Claim(lhs, rhs, self.text)

    def expr(self) -> tuple:
        node = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = (op, node, self.term())
        return node

    def term(self) -> tuple:
        node = self.factor()
        while self.peek()[0] == "op" and self.peek()[1] in PRODUCTS:
            node = (PRODUCTS[self.take()[1]], node, self.factor())
        return node

    def factor(self) -> tuple:
        kind, value, pos = self.peek()
        if value == "-":
            self.take()
            return ("neg", self.factor())
        if value == "(":
            self.take()
            node = self.expr()
            self.take(")", "')'")
            return node
        if kind == "int":
            self.take()
            return ("int", int(value))
        if kind == "name" and value in FUNCTIONS:
            self.take()
            self.take("(", f"'(' after {value}")
            node = self.expr()
            self.take(")", "')'")
            return (value, node)
        if kind == "name" and value in NAMES:
            self.take()
            return ("name", NAMES[value])
        if kind == "name":
            known = ", ".join(sorted(set(NAMES) | FUNCTIONS))
            raise SpecError(f"cannot read the claim {self.text!r}: unknown name {value!r} at "
                            f"column {pos + 1}; known names: {known}")
        raise _error(self.text, pos, value, "a matrix name, rot180(…), T(…) or '('")


def parse(text: str) -> Claim:
    """Parse a claim; a malformed one raises :class:`SpecError` naming the token and column."""
    if not text.strip():
        raise SpecError("the claim is empty: write LHS == RHS, e.g. \"W (*)~ X == X (*)~ W\"")
    return _Parser(text).claim()


def names_in(node: tuple) -> set[str]:
    """The matrix names an expression tree uses."""
    if node[0] == "name":
        return {node[1]}
    if node[0] == "int":
        return set()
    return set().union(*(names_in(child) for child in node[1:]))


DEGREE = {"X": 1, "W": 1, "G": 1, "C": 1, "x": 1, "dz": 1, "Y": 2, "z": 2, "dX": 2, "dW": 2,
          "dx": 2}
"""How many symbols multiply in each term of a name's entries (Y = W ⊗ X is bilinear, ...)."""

MAX_DEGREE = 4


def degree(node: tuple) -> int:
    """The largest number of symbols multiplied in a term of the expression's entries.

    >>> degree(parse("T(C) * (C * x) == x").lhs)
    3
    """
    kind = node[0]
    if kind == "name":
        return DEGREE[node[1]]
    if kind == "int":
        return 0
    if kind in ("neg", "rot180", "T"):
        return degree(node[1])
    if kind in ("+", "-"):
        return max(degree(node[1]), degree(node[2]))
    return degree(node[1]) + degree(node[2])


def check_degree(claim: Claim) -> None:
    """Refuse a claim whose terms multiply more than :data:`MAX_DEGREE` symbols (its exact
    expansion grows exponentially with the degree)."""
    worst = max(degree(claim.lhs), degree(claim.rhs))
    if worst > MAX_DEGREE:
        raise SpecError(f"the claim {claim.text!r} multiplies {worst} symbols in a term; at most "
                        f"{MAX_DEGREE} are checked (the expansion grows exponentially with each "
                        "product): split it into smaller claims")

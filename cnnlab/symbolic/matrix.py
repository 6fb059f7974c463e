"""A linear layer's matrix, read off its symbolic output, and pictures of its sparse structure.

A layer that is linear in ``x`` computes ``z_o = Σ_i C[o, i]·x_i``: run it on symbols and the
coefficient of ``x_i`` in ``z_o`` *is* ``C[o, i]`` (column ``i`` is the layer's answer to the unit
input ``e_i``). The matrix is kept sparse, one ``{i: coefficient}`` dict per row.

>>> import numpy as np
>>> from cnnlab.symbolic.algebra import Algebra
>>> algebra = Algebra.build({"x": (1, 3), "w": (1, 2)})
>>> x, w = algebra["x"].ravel(), algebra["w"].ravel()
>>> C = read_matrix(algebra, [w[0] * x[0] + w[1] * x[1], w[0] * x[1] + w[1] * x[2]], 3)
>>> [[algebra.text(c) for c in row.values()] for row in C]
[['w₁₁', 'w₁₂'], ['w₁₁', 'w₁₂']]
"""

from __future__ import annotations

import string

import numpy as np

from cnnlab.errors import ShapeError
from cnnlab.symbolic.poly import Poly
from cnnlab.symbolic.proof import Picture

Rows = list[dict[int, Poly]]

PICTURE_LIMIT = (40, 96)
"""Rows and columns of C drawn in the terminal; larger matrices are cut (and say so)."""

MARKS = string.ascii_lowercase + string.ascii_uppercase


def read_matrix(algebra, outputs, n_inputs: int) -> Rows:
    """The sparse rows of ``C`` with ``outputs = C·x``, ``x`` the ring's first ``n_inputs``
    generators.

    Raises
    ------
    ShapeError
        If an output has a term free of every input generator (the map is affine, not linear).
    """
    rows = []
    for z in outputs:
        row: dict[int, Poly] = {}
        for monom, coeff in algebra.element(z).items():
            inputs = [k for k in monom if k < n_inputs]        # x's generators come first
            if len(inputs) != 1:
                raise ShapeError("the map is not linear in x: an output has the term "
                                 f"{algebra.text(Poly({monom: coeff}))}")
            i = inputs[0]
            rest = tuple(k for k in monom if k != i)
            row[i] = row.get(i, algebra.zero) + Poly({rest: coeff})
        rows.append(dict(sorted(row.items())))
    return rows


def apply(algebra, rows: Rows, x) -> np.ndarray:
    """``C·x`` for a sparse ``C``: one polynomial per row."""
    out = np.empty(len(rows), dtype=object)
    for o, row in enumerate(rows):
        out[o] = sum((c * x[i] for i, c in row.items()), algebra.zero)
    return out


def apply_transpose(algebra, rows: Rows, g, n_inputs: int) -> np.ndarray:
    """``Cᵀ·g`` for a sparse ``C`` with ``n_inputs`` columns."""
    if len(g) != len(rows):
        raise ShapeError(f"Cᵀ·g needs g with {len(rows)} entries, got {len(g)}")
    out = np.array([algebra.zero] * n_inputs + [None], dtype=object)[:-1]
    for o, row in enumerate(rows):
        for i, c in row.items():
            out[i] = out[i] + c * g[o]
    return out


def dense(algebra, rows: Rows, n_inputs: int) -> np.ndarray:
    """``C`` as a dense object matrix (for small instances)."""
    out = np.array([[algebra.zero] * n_inputs for _ in rows] + [[None] * n_inputs],
                   dtype=object)[:-1]
    for o, row in enumerate(rows):
        for i, c in row.items():
            out[o, i] = c
    return out


def nonzeros(rows: Rows) -> int:
    """Number of nonzero entries of ``C``."""
    return sum(sum(1 for c in row.values() if c) for row in rows)


def weight_positions(rows: Rows, first: int, kernel: tuple[int, int]):
    """``(row, column, (u, v))`` for every entry of ``C`` that is one weight generator, the
    kernel's generators numbered from ``first`` row by row; None if any entry is not."""
    found = []
    for o, row in enumerate(rows):
        for i, c in row.items():
            terms = list(c.items())
            if len(terms) != 1 or terms[0][1] != 1 or len(terms[0][0]) != 1:
                return None
            found.append((o, i, divmod(terms[0][0][0] - first, kernel[1])))
    return tuple(found)


def picture(algebra, name: str, rows: Rows, n_inputs: int, limit=PICTURE_LIMIT,
            weights=()) -> Picture:
    """One character per entry of ``C``: ``·`` for 0, a letter per distinct weight (``#`` once
    the letters run out), with the legend; cut at ``limit`` rows and columns."""
    keys = sorted({tuple(sorted(c.items())) for row in rows for c in row.values() if c})
    marks = {key: MARKS[n] if n < len(MARKS) else "#" for n, key in enumerate(keys)}
    lines = []
    for row in rows[: limit[0]]:
        chars = []
        for i in range(min(n_inputs, limit[1])):
            c = row.get(i)
            if not c:
                chars.append("·")
                continue
            chars.append(marks[tuple(sorted(c.items()))])
        lines.append("".join(chars))
    legend = tuple((mark, algebra.text(Poly(dict(key)))) for key, mark in marks.items()
                   if mark != "#")
    if "#" in marks.values():
        legend += (("#", "any other weight"),)
    return Picture(name, tuple(lines), legend, (len(rows), n_inputs), nonzeros(rows),
                   (max(len(rows) - limit[0], 0), max(n_inputs - limit[1], 0)), weights or ())

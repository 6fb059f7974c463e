"""Entry-by-entry comparison of symbolic arrays, and the matrices a proof shows.

>>> from cnnlab.symbolic.algebra import Algebra
>>> from cnnlab.symbolic.proof import Formula
>>> algebra = Algebra.build({"x": (1, 2)})
>>> x = algebra["x"]
>>> compare(algebra, Formula("a = b", "a = b"), x, x[:, ::-1]).first_difference
'2 of 2 entries; first (1, 1): x₁₁ ≠ x₁₂'
"""

from __future__ import annotations

import numpy as np

from cnnlab.errors import ShapeError
from cnnlab.symbolic.proof import Check, Formula, Shown

SHOW_LIMIT = (8, 8)
"""Rows and columns of a matrix shown in full; larger ones are elided in the middle."""


def compare(algebra, equation: Formula, lhs: np.ndarray, rhs: np.ndarray) -> Check:
    """Check ``lhs == rhs`` exactly, every entry; the differing entries are counted and the first
    one is described.

    Raises
    ------
    ShapeError
        When the two sides do not have the same shape.
    """
    lhs, rhs = np.asarray(lhs, dtype=object), np.asarray(rhs, dtype=object)
    if lhs.shape != rhs.shape:
        raise ShapeError(f"{equation.text}: the sides have shapes {lhs.shape} and {rhs.shape}")
    first, differ = None, 0
    for index, (a, b) in enumerate(zip(lhs.ravel(), rhs.ravel(), strict=True)):
        a, b = algebra.element(a), algebra.element(b)
        if a != b:
            differ += 1
            first = first or (index, a, b)
    if first is None:
        return Check(equation, lhs.size, True)
    index, a, b = first
    where = tuple(int(i) + 1 for i in np.unravel_index(index, lhs.shape))
    return Check(equation, lhs.size, False, f"{differ} of {lhs.size} entries; first {where}: "
                                            f"{algebra.text(a)} ≠ {algebra.text(b)}")


def first_difference(algebra, lhs: np.ndarray, rhs: np.ndarray):
    """``(index, a, b)`` of the first entry (row-major) where the arrays differ, or None."""
    for index, (a, b) in enumerate(zip(lhs.ravel(), rhs.ravel(), strict=True)):
        a, b = algebra.element(a), algebra.element(b)
        if a != b:
            return np.unravel_index(index, lhs.shape), a, b
    return None


def _kept(n: int, limit: int) -> list[int | None]:
    """Indices shown along an axis of ``n``: all, or the first and last ones with a gap (None)."""
    if n <= limit:
        return list(range(n))
    head = limit // 2
    return [*range(head), None, *range(n - (limit - head - 1), n)]


def show(algebra, name: str, caption: str, array: np.ndarray, limit=SHOW_LIMIT,
         cell=None) -> Shown:
    """A 2-D array as text and LaTeX cells, elided in the middle beyond ``limit``.

    ``cell(value) -> (text, latex)`` writes one entry (default: the algebra's polynomials).
    """
    array = np.asarray(array, dtype=object)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    cell = cell or (lambda v: (algebra.text(v), algebra.latex(v)))
    rows, cols = _kept(array.shape[0], limit[0]), _kept(array.shape[1], limit[1])
    text, latex = [], []
    for i in rows:
        if i is None:
            text.append(tuple("⋮" if j is not None else "⋱" for j in cols))
            latex.append(tuple(r"\vdots" if j is not None else r"\ddots" for j in cols))
            continue
        cells = [("…", r"\cdots") if j is None else cell(array[i, j]) for j in cols]
        text.append(tuple(c[0] for c in cells))
        latex.append(tuple(c[1] for c in cells))
    elided = (array.shape[0] - len([r for r in rows if r is not None]),
              array.shape[1] - len([c for c in cols if c is not None]))
    return Shown(name, caption, tuple(text), tuple(latex), elided)

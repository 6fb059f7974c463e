"""Which input rows no window reads: after the last window, between windows, between taps.

Along one axis the padded input has positions ``0 … n + p − 1``; the input rows are
``p_before … p_before + n − 1``. Window ``k`` (``0 ≤ k < out``) reads positions
``k·s + j·d`` for ``0 ≤ j < f``. A row is *uncovered* when no window reads it: the rows after
the last window (``(n + p − f_eff) mod s`` of them, less the padding), the ``s − f`` rows
between consecutive windows when the stride is larger than the kernel, and, with dilation,
rows between the taps that no other window fills.

Exact for any size when ``d = 1`` (a closed form); with dilation the rows are enumerated,
which is done only up to ``MAX_ENUMERATED`` padded positions (beyond that, ``None``).
"""

from __future__ import annotations

from math import gcd
from typing import NamedTuple

MAX_ENUMERATED = 1_000_000
MAX_LISTED = 8


class Coverage(NamedTuple):
    """``count`` input rows no window reads; ``rows`` lists them (from 0) when there are few."""

    count: int
    rows: tuple[int, ...] | None = None


def _read_before(x: int, f: int, s: int, out: int) -> int:
    """Padded positions ``< x`` read by some window, kernel ``f`` (no dilation)."""
    if s <= f:  # windows touch or overlap: one run from 0 to the end of the last window
        return max(0, min(x, (out - 1) * s + f))
    q, r = divmod(max(x, 0), s)
    return min(q, out) * f + (min(r, f) if q < out else 0)


def _dense(n: int, f: int, s: int, d: int, p_before: int, out: int) -> Coverage | None:
    """Mark the positions read (dilation), one strided slice per tap: ``f`` steps of C-speed
    work, bounded by ``MAX_ENUMERATED`` positions and taps × windows."""
    size = n + p_before
    if size > MAX_ENUMERATED or f > MAX_ENUMERATED // 10 or out * f > 10 * MAX_ENUMERATED:
        return None
    read = bytearray(size)
    for j in range(f):
        start = j * d
        if start < size:
            taps = len(range(start, min(size, start + (out - 1) * s + 1), s))
            read[start : start + (taps - 1) * s + 1 : s] = b"\x01" * taps
    unread = read[p_before:size]
    count = unread.count(0)
    rows: list[int] = []
    at = unread.find(0)
    while at != -1 and len(rows) <= MAX_LISTED:
        rows.append(at)
        at = unread.find(0, at + 1)
    return Coverage(count, tuple(rows) if count <= MAX_LISTED else None)


def coverage(n: int, f: int, s: int, d: int, p_before: int, out: int) -> Coverage | None:
    """The input rows that ``out`` windows leave unread (``None``: too large to enumerate).

    >>> coverage(8, 2, 3, 1, 0, 3)        # windows [0,1], [3,4], [6,7]
    Coverage(count=2, rows=(2, 5))
    >>> coverage(8, 3, 2, 1, 0, 3)        # [0,2], [2,4], [4,6]: row 7 is left
    Coverage(count=1, rows=(7,))
    >>> coverage(5, 2, 1, 4, 0, 1).rows   # one window reads rows 0 and 4
    (1, 2, 3)
    """
    if d > 1:
        return _dense(n, f, s, d, p_before, out)
    first, end = p_before, p_before + n
    count = n - (_read_before(end, f, s, out) - _read_before(first, f, s, out))
    if count == 0:
        return Coverage(0, ())
    rows: list[int] = []
    if count <= MAX_LISTED:
        if s <= f:  # only a tail is unread
            rows = list(range(n - count, n))
        else:
            rows = [x - first for x in _unread(first, end, f, s, out)]
    return Coverage(count, tuple(rows) if rows else None)


def _unread(first: int, end: int, f: int, s: int, out: int) -> list[int]:
    """The unread positions in ``[first, end)``, gap by gap (stride larger than the kernel),
    stopping past ``MAX_LISTED``: the gap after window ``k`` is ``[k·s + f, (k + 1)·s)``, and
    after the last window everything to the end."""
    found: list[int] = []
    k = max(0, first // s - 1)
    while k < out and k * s < end and len(found) <= MAX_LISTED:
        stop = (k + 1) * s if k + 1 < out else end
        found += range(max(k * s + f, first), min(stop, end))
        k += 1
    return found


def hits(n: int, f: int, s: int, d: int) -> int:
    """Distinct positions ``i·s + k·d`` (``i < n`` windows, ``k < f`` taps), in closed form.

    Dividing by ``g = gcd(s, d)`` leaves coprime steps ``s′, d′``. Taps ``k`` and ``k + s′``
    land in the same residue class mod ``s′``, ``d′`` class steps apart, each on ``n``
    consecutive class steps: ``m`` such taps cover ``(m − 1)·d′ + n`` steps when ``d′ ≤ n``
    (their runs touch) and ``m·n`` otherwise. The ``min(f, s′)`` classes hold
    ``⌈(f − k₀)/s′⌉`` taps each: ``f mod s′`` of them one more than the rest.

    >>> hits(4, 3, 2, 1), hits(4, 1, 2, 1), hits(3, 2, 1, 3)
    (9, 4, 6)
    """
    g = gcd(s, d)
    s1, d1 = s // g, d // g

    def union(m: int) -> int:
        if m == 0:
            return 0
        return (m - 1) * d1 + n if d1 <= n else m * n

    q, rem = divmod(f, s1)
    return rem * union(q + 1) + (min(f, s1) - rem) * union(q)


def adaptive_spans(n: int, o: int) -> int:
    """Σ of the adaptive-pooling window lengths along one axis, in closed form.

    Cell ``i`` of ``o`` covers rows ``⌊i·n/o⌋ … ⌈(i + 1)·n/o⌉ − 1``: the lengths add up to
    ``n`` (the floors telescope) plus one for every boundary ``i·n/o`` that is not whole,
    ``o − gcd(n, o)`` of them.

    >>> adaptive_spans(13, 6), adaptive_spans(12, 6), adaptive_spans(2, 6)
    (18, 12, 6)
    """
    return n + o - gcd(n, o)

"""Where the windows of one axis fall, read off the library's own output-size arithmetic.

An axis is laid out as a *canvas*: the cells a picture draws in a line. For a convolution or a
pooling window that is ``p_before`` padding cells, the ``n`` inputs, ``p_after`` padding cells
and, in ceil mode, the cells a last window hangs past the padded input. Output ``i`` reads the
canvas cells ``i·s + d·k`` for the taps ``k = 0 … f − 1``.

A transposed convolution is drawn as Dumoulin & Visin's conv_arithmetic draws it: the stride
becomes ``s − 1`` zeros inserted between the inputs, the canvas is padded with
``d·(f − 1) − p_before`` cells before and ``d·(f − 1) − p_after + op`` after (a negative amount
crops the stretched input instead), and a stride-1 window with the flipped kernel slides over it.
Output ``i`` then reads the cells ``i + d·k`` (after any cropping); tap ``k`` holds weight
``f − 1 − k``.

Everything here is derived from an :class:`~cnnlab.arith.OutputSize` (``n, f, s, d``, the padding
and ``value``), so a picture can never disagree with ``cnnlab shape``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cnnlab.arith import OutputSize


class CellKind(StrEnum):
    """What sits in one canvas cell along an axis."""

    PAD_BEFORE = "pad-before"  # zero padding on the top / left
    INPUT = "input"
    ZERO = "zero"  # a zero inserted between inputs (transposed convolution)
    PAD_AFTER = "pad-after"  # zero padding on the bottom / right (with output padding)
    OUTSIDE = "outside"  # beyond the padded input: only a ceil-mode window reaches it


@dataclass(frozen=True)
class AxisPlan:
    """The canvas of one axis and where each output's window starts on it.

    Attributes
    ----------
    kinds : the kind of every canvas cell, in order.
    inputs : for every canvas cell, the input index it shows, or ``None``.
    starts : canvas position of tap 0 of each output's window.
    step : canvas distance between neighbouring taps (the dilation).
    flipped : taps hold the kernel's weights in reverse order (transposed convolution).
    size : the arithmetic this plan was read from.
    """

    kinds: tuple[CellKind, ...]
    inputs: tuple[int | None, ...]
    starts: tuple[int, ...]
    step: int
    flipped: bool
    size: OutputSize

    @property
    def taps(self) -> int:
        return self.size.f

    def reads(self, i: int) -> tuple[int, ...]:
        """Canvas positions output ``i`` reads, tap by tap."""
        return tuple(self.starts[i] + self.step * k for k in range(self.size.f))

    def weight(self, k: int) -> int:
        """The kernel index tap ``k`` multiplies."""
        return self.size.f - 1 - k if self.flipped else k

    def cropped(self) -> tuple[int, int]:
        """Canvas cells before the first and after the last window (a transposed convolution
        with ``p > d·(f − 1)`` crops the stretched input there)."""
        if not self.starts:
            return 0, 0
        last = self.starts[-1] + self.step * (self.size.f - 1)
        return self.starts[0], max(0, len(self.kinds) - 1 - last)

    def unread(self) -> tuple[int, ...]:
        """Input indices no window reads (past the last window, or skipped between windows)."""
        covered = self.covered()
        return tuple(i for c, i in enumerate(self.inputs) if i is not None and c not in covered)

    def covered(self) -> frozenset[int]:
        """Canvas positions read by at least one window."""
        return frozenset(c for i in range(len(self.starts)) for c in self.reads(i))


def _conv_plan(size: OutputSize) -> AxisPlan:
    n, s, d = size.n, size.s, size.d
    kinds = (
        [CellKind.PAD_BEFORE] * size.p_before
        + [CellKind.INPUT] * n
        + [CellKind.PAD_AFTER] * size.p_after
        + [CellKind.OUTSIDE] * size.overhang  # ceil mode's last window, past the padded input
    )
    inputs = [None] * size.p_before + list(range(n)) + [None] * (len(kinds) - size.p_before - n)
    starts = tuple(i * s for i in range(size.value))
    return AxisPlan(tuple(kinds), tuple(inputs), starts, d, False, size)


def _transposed_plan(size: OutputSize) -> AxisPlan:
    n, s, d = size.n, size.s, size.d
    reach = d * (size.f - 1)
    before = reach - size.p_before
    after = reach - size.p_after + size.output_padding
    stretched: list[tuple[CellKind, int | None]] = []
    for i in range(n):
        stretched.append((CellKind.INPUT, i))
        if i < n - 1:
            stretched += [(CellKind.ZERO, None)] * (s - 1)
    cells = (
        [(CellKind.PAD_BEFORE, None)] * max(before, 0)
        + stretched
        + [(CellKind.PAD_AFTER, None)] * max(after, 0)
    )
    offset = max(-before, 0)  # p_before > d·(f − 1): the first outputs are cropped away
    starts = tuple(offset + i for i in range(size.value))
    kinds, inputs = zip(*cells, strict=True)
    return AxisPlan(tuple(kinds), tuple(inputs), starts, d, True, size)


def axis_plan(size: OutputSize) -> AxisPlan:
    """The canvas and window positions for one axis of a window layer.

    >>> from cnnlab.arith import conv_output_size
    >>> plan = axis_plan(conv_output_size(5, 3, s=2, p_before=1, p_after=1))
    >>> [plan.reads(i) for i in range(3)]
    [(0, 1, 2), (2, 3, 4), (4, 5, 6)]
    >>> from cnnlab.arith import transposed_output_size
    >>> t = axis_plan(transposed_output_size(2, 3, s=2))
    >>> "".join(k.value[0] for k in t.kinds), t.reads(0)
    ('ppizipp', (0, 1, 2))
    """
    return _transposed_plan(size) if size.transposed else _conv_plan(size)

"""Output-size arithmetic along one spatial axis, with the formula written out.

Convolution and pooling::

    out = ⌊(n + p_before + p_after − d·(f − 1) − 1)/s⌋ + 1         (floor mode)
    out = ⌈(n + p_before + p_after − d·(f − 1) − 1)/s⌉ + 1         (ceil_mode, PyTorch/Caffe)

Transposed convolution (the shape inverse of the convolution with the same f, s, p, d)::

    out = s·(n − 1) + d·(f − 1) + 1 − (p_before + p_after) + output_padding
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.arith.coverage import Coverage, coverage
from cnnlab.errors import LayerArgumentError, ShapeError

AXIS_NAMES = ("height", "width")
AXIS_UNITS = ("row", "column")


def _check_arguments(n: int, f: int, s: int, d: int, p_before: int, p_after: int) -> None:
    for name, value in (("n", n), ("f", f), ("s", s), ("d", d)):
        if value < 1:
            raise LayerArgumentError(f"{name} must be >= 1, got {name}={value}")
    if p_before < 0 or p_after < 0:
        raise LayerArgumentError(f"padding must be >= 0, got p={p_before}/{p_after}")


@dataclass(frozen=True)
class OutputSize:
    """The output size along one axis, with everything needed to show how it was computed."""

    n: int
    f: int
    s: int = 1
    d: int = 1
    p_before: int = 0
    p_after: int = 0
    value: int = 0
    ceil_mode: bool = False
    transposed: bool = False
    output_padding: int = 0

    @property
    def p(self) -> int:
        return self.p_before + self.p_after

    @property
    def f_eff(self) -> int:
        """Effective (dilated) kernel extent d·(f − 1) + 1."""
        return self.d * (self.f - 1) + 1

    @property
    def remainder(self) -> int:
        """(n + p − f_eff) mod s: padded rows after the last window (floor mode, convolution)."""
        if self.transposed:
            return 0
        return (self.n + self.p - self.f_eff) % self.s

    @property
    def uncovered(self) -> int:
        """Input rows (not padding) that no window reads: after the last window, between
        windows (stride larger than the kernel) and between dilated taps."""
        if self.transposed:
            return 0
        found = self.coverage()
        if found is None:  # dilated and too large to enumerate: the rows after the last window
            return 0 if self.ceil_mode else max(0, self.remainder - self.p_after)
        return found.count

    def coverage(self) -> Coverage | None:
        """Which input rows no window reads (``None`` for a transposed convolution, or when
        dilation makes them too many to enumerate)."""
        if self.transposed:
            return None
        return coverage(self.n, self.f, self.s, self.d, self.p_before, self.value)

    @property
    def overhang(self) -> int:
        """Rows past the padded input that ceil mode's last window covers (clipped); else 0.

        >>> conv_output_size(6, 3, s=2, ceil_mode=True).overhang
        1
        """
        if self.transposed:
            return 0
        return max(0, (self.value - 1) * self.s + self.f_eff - (self.n + self.p))

    def _kernel_term(self) -> str:
        if self.d == 1:
            return f"{self.f}"
        return f"{self.d}·({self.f} − 1) − 1"

    def _pad_term(self) -> str:
        if self.p == 0:
            return "0"
        if self.p_before == self.p_after:
            return f"2·{self.p_before}"
        return f"{self.p_before} + {self.p_after}"

    def template(self) -> str:
        """The formula in letters: ``'⌊(n + 2p − f)/s⌋ + 1'``, or p₁ + p₂ for uneven padding."""
        pad = "2p" if self.p_before == self.p_after else "p₁ + p₂"
        if self.transposed:
            kernel = "(f − 1)" if self.d == 1 else "d·(f − 1)"
            return f"s·(n − 1) + {kernel} + 1 − {pad}" + (" + op" if self.output_padding else "")
        kernel = "f" if self.d == 1 else "d·(f − 1) − 1"
        left, right = ("⌈", "⌉") if self.ceil_mode else ("⌊", "⌋")
        return f"{left}(n + {pad} − {kernel})/s{right} + 1"

    def formula(self) -> str:
        """The formula with the numbers substituted.

        >>> conv_output_size(39, 3).formula()
        '⌊(39 + 0 − 3)/1⌋ + 1 = 37'
        >>> conv_output_size(7, 3, d=2, p_before=1, p_after=1).formula()
        '⌊(7 + 2·1 − 2·(3 − 1) − 1)/1⌋ + 1 = 5'
        >>> conv_output_size(64, 4, p_before=1, p_after=2).formula()
        '⌊(64 + 1 + 2 − 4)/1⌋ + 1 = 64'
        >>> transposed_output_size(4, 3, s=2, p_before=1, p_after=1, output_padding=1).formula()
        '2·(4 − 1) + (3 − 1) + 1 − 2·1 + 1 = 8'
        """
        if self.transposed:
            kernel = f"({self.f} − 1)" if self.d == 1 else f"{self.d}·({self.f} − 1)"
            text = f"{self.s}·({self.n} − 1) + {kernel} + 1 − {self._pad_term()}"
            if self.output_padding:
                text += f" + {self.output_padding}"
            return f"{text} = {self.value}"
        inner = f"({self.n} + {self._pad_term()} − {self._kernel_term()})/{self.s}"
        if not self.ceil_mode:
            return f"⌊{inner}⌋ + 1 = {self.value}"
        raw = -(-(self.n + self.p - self.f_eff) // self.s) + 1
        if raw != self.value:  # the last window would start inside the right padding: dropped
            return f"⌈{inner}⌉ + 1 − 1 = {self.value}"
        return f"⌈{inner}⌉ + 1 = {self.value}"

    def note(self, axis: int | None) -> str | None:
        """A sentence about rows/columns the windows leave out, or ``None`` when all is covered.

        ``axis`` 0 speaks of rows, 1 of columns, ``None`` of both (height and width alike).

        >>> conv_output_size(8, 3, s=2).note(0)
        '(8 + 0 − 3) mod 2 = 1: the last input row is never covered by a window'
        >>> conv_output_size(9, 3, s=2, p_before=1, p_after=2).note(None)[:47]
        '(9 + 1 + 2 − 3) mod 2 = 1: only padding is left'
        >>> conv_output_size(8, 2, s=3).note(0)[-31:]
        ': rows 2 and 5, counting from 0'
        """
        if self.transposed:
            return None
        unit = "row and column" if axis is None else AXIS_UNITS[axis]
        units = "rows and columns" if axis is None else f"{unit}s"
        notes = [self._ceil_note(unit, units)] if self.ceil_mode else []
        found = self.coverage()
        gaps = self.s > self.f_eff or self.d > 1
        if found is not None and found.count and (gaps or self.ceil_mode):
            notes.append(self._gap_note(found, units))
        elif not self.ceil_mode:
            notes.append(self._tail_note(unit, units))
        text = "; ".join(note for note in notes if note)
        return text or None

    def _tail_note(self, unit: str, units: str) -> str | None:
        r = self.remainder
        if r == 0:
            return None
        head = f"({self.n} + {self._pad_term()} − {self.f_eff}) mod {self.s} = {r}"
        k = max(0, r - self.p_after)
        if k == 0:
            return f"{head}: only padding is left over; every input {unit} is covered"
        if k == 1:
            verb = "are" if " and " in unit else "is"
            return f"{head}: the last input {unit} {verb} never covered by a window"
        return f"{head}: the last {k} input {units} are never covered by a window"

    def _gap_note(self, found: Coverage, units: str) -> str:
        if self.s > self.f_eff:
            why = f"the stride {self.s} is larger than the kernel {self.f_eff}"
        else:
            why = f"dilation {self.d} leaves gaps between the kernel's taps"
        plural = units if found.count > 1 else units.replace("rows", "row").replace("columns",
                                                                                  "column")
        verb = "are" if found.count > 1 or " and " in plural else "is"
        text = f"{found.count:,} input {plural} {verb} never covered by a window ({why})"
        if found.rows:
            listed = [str(row) for row in found.rows]
            shown = listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"
            text += f": {units if len(listed) > 1 else plural} {shown}, counting from 0"
        return text

    def _ceil_note(self, unit: str, units: str) -> str | None:
        raw = -(-(self.n + self.p - self.f_eff) // self.s) + 1
        if raw != self.value:
            return (
                f"ceil mode: ⌈…⌉ + 1 = {raw} windows, but the last would start inside the "
                f"right padding, so it is dropped (− 1), as PyTorch does: {self.value}"
            )
        over = self.overhang
        if over <= 0:
            return None
        return (
            f"ceil mode: the last window hangs {over} {unit if over == 1 else units} past "
            f"the {'padded ' if self.p else ''}input and is clipped"
        )


def _check_fit(n: int, p: int, f: int, d: int, axis: int | None) -> None:
    f_eff = d * (f - 1) + 1
    if n + p >= f_eff:
        return
    where = f" along the {AXIS_NAMES[axis]}" if axis is not None else ""
    kernel = f"f = {f}" if d == 1 else f"d·(f − 1) + 1 = {d}·({f} − 1) + 1 = {f_eff}"
    raise ShapeError(
        f"window does not fit{where}: n + p = {n} + {p} = {n + p} is smaller than the kernel "
        f"{kernel}"
    )


def conv_output_size(
    n: int,
    f: int,
    s: int = 1,
    p_before: int = 0,
    p_after: int = 0,
    d: int = 1,
    ceil_mode: bool = False,
    axis: int | None = None,
) -> OutputSize:
    """Output size of a convolution or pooling window sliding along one axis.

    Parameters
    ----------
    n : input size; f : kernel size; s : stride; p_before, p_after : zero padding on each side;
    d : dilation; ceil_mode : round up (PyTorch/Caffe pooling) instead of down;
    axis : 0 (height) or 1 (width), only used to word error messages.

    Notes
    -----
    ``⌊(n + p − d·(f − 1) − 1)/s⌋ + 1`` with ``p = p_before + p_after``. In ceil mode PyTorch
    drops a last window that would start inside the right padding; so does this.

    >>> conv_output_size(6, 3, s=2, p_before=1, p_after=1).value
    3
    >>> conv_output_size(5, 2, s=2, ceil_mode=True).value
    3
    """
    _check_arguments(n, f, s, d, p_before, p_after)
    span = n + p_before + p_after - d * (f - 1) - 1
    if ceil_mode:  # as PyTorch: a window wider than the padded input still gives one output
        value = -(-span // s) + 1
        if (value - 1) * s >= n + p_before:
            value -= 1
        if value < 1:
            _check_fit(n, p_before + p_after, f, d, axis)
    else:
        _check_fit(n, p_before + p_after, f, d, axis)
        value = span // s + 1
    return OutputSize(n, f, s, d, p_before, p_after, value, ceil_mode=ceil_mode)


def transposed_output_size(
    n: int,
    f: int,
    s: int = 1,
    p_before: int = 0,
    p_after: int = 0,
    d: int = 1,
    output_padding: int = 0,
    axis: int | None = None,
) -> OutputSize:
    """Output size of a transposed convolution along one axis.

    Notes
    -----
    ``s·(n − 1) + d·(f − 1) + 1 − (p_before + p_after) + output_padding``. The output padding
    picks which of the ``s`` input sizes that a strided convolution maps to ``n`` is produced,
    so it must be smaller than the stride or the dilation (as in PyTorch).

    >>> transposed_output_size(3, 3, s=2, p_before=1, p_after=1, output_padding=1).value
    6
    """
    _check_arguments(n, f, s, d, p_before, p_after)
    if output_padding < 0 or output_padding >= max(s, d):
        raise LayerArgumentError(
            f"output_padding must be >= 0 and smaller than the stride or the dilation, "
            f"got op={output_padding} with s={s}, d={d}"
        )
    value = s * (n - 1) + d * (f - 1) + 1 - (p_before + p_after) + output_padding
    if value < 1:
        where = f" along the {AXIS_NAMES[axis]}" if axis is not None else ""
        raise ShapeError(
            f"transposed convolution has no output{where}: s·(n − 1) + d·(f − 1) + 1 − p + op = "
            f"{s}·({n} − 1) + {d}·({f} − 1) + 1 − {p_before + p_after} + {output_padding} = "
            f"{value}"
        )
    return OutputSize(
        n, f, s, d, p_before, p_after, value, transposed=True, output_padding=output_padding
    )

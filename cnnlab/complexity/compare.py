"""Two designs for the same job, side by side: is the 1×1 bottleneck worth it?

>>> from cnnlab.complexity import analyse
>>> from cnnlab.zoo import load_model
>>> c = compare(analyse(load_model("nndl-5-4")), analyse(load_model("nndl-5-4-bottleneck")))
>>> [(line.quantity, line.a, line.b, f"{float(line.ratio):.1%}") for line in c.lines[:2]]
[('time', 5898240000, 1638400000, '27.8%'), ('params', 590080, 164160, '27.8%')]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from cnnlab.complexity.analysis import ComplexityReport


@dataclass(frozen=True)
class Line:
    """One quantity of both designs; ``ratio`` is b/a (``None`` when a is 0)."""

    quantity: str
    meaning: str
    a: int
    b: int

    @property
    def ratio(self) -> Fraction | None:
        return Fraction(self.b, self.a) if self.a else None

    @property
    def fewer(self) -> Fraction | None:
        """How many times smaller b is (a/b)."""
        return Fraction(self.a, self.b) if self.b else None


@dataclass(frozen=True)
class Comparison:
    """Design ``a`` (the reference) against design ``b`` under the same convention."""

    a: ComplexityReport
    b: ComplexityReport
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        """One line: each quantity of B as a share of A."""
        shares = ", ".join(f"{x.quantity} {float(x.ratio):.1%}" for x in self.lines if x.ratio)
        return f"Comparison(B against A: {shares})"


def compare(a: ComplexityReport, b: ComplexityReport) -> Comparison:
    """Time, parameters and memory of ``b`` against ``a`` (both analysed the same way)."""
    if (a.convention, a.dtype, a.batch) != (b.convention, b.dtype, b.batch):
        raise ValueError("compare two reports made with the same convention, dtype and batch")
    d = a.dtype.value
    lines = (
        Line("time", a.convention.describe(), a.time, b.time),
        Line("params", "trainable parameters", a.params, b.params),
        Line("activations", "output values of every layer (NNDL 5-4's space complexity)",
             a.activations, b.activations),
        Line("peak memory", f"bytes of activations alive at once in inference ({d})",
             a.peak_bytes, b.peak_bytes),
        Line("training memory", f"bytes kept for the backward pass ({d})",
             a.saved_bytes, b.saved_bytes),
    )
    notes = []
    if a.network.output != b.network.output:
        notes.append(
            f"the designs do not give the same output: {a.network.output} against "
            f"{b.network.output}"
        )
    return Comparison(a, b, lines, tuple(notes))

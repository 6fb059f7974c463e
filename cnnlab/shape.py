"""Tensor shapes of one sample: spatial ``H×W×C`` or flat ``n``.

The maths is layout-free; the layout only changes how a shape is written and read
(``H×W×C`` in the courses, ``C×H×W`` with ``--layout nchw``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cnnlab.errors import SpecError


class Layout(StrEnum):
    """How shapes are written: channels last (courses, TensorFlow) or first (PyTorch, cs231n)."""

    NHWC = "nhwc"
    NCHW = "nchw"


@dataclass(frozen=True)
class Shape:
    """The shape of one sample.

    ``h`` and ``w`` are ``None`` for a flat vector of ``c`` features (after ``flatten`` or ``fc``).
    """

    c: int
    h: int | None = None
    w: int | None = None

    @property
    def spatial(self) -> bool:
        return self.h is not None

    @property
    def elements(self) -> int:
        """Number of scalars in one sample, H·W·C (or n for a vector)."""
        if self.h is None or self.w is None:
            return self.c
        return self.h * self.w * self.c

    def dims(self, layout: Layout = Layout.NHWC) -> tuple[int, ...]:
        if self.h is None or self.w is None:
            return (self.c,)
        if layout is Layout.NCHW:
            return (self.c, self.h, self.w)
        return (self.h, self.w, self.c)

    def format(self, layout: Layout = Layout.NHWC) -> str:
        """``'37×37×10'`` (or ``'10×37×37'`` in NCHW); a vector is just its length."""
        return "×".join(str(n) for n in self.dims(layout))

    def __str__(self) -> str:
        return self.format()


_SEPARATORS = re.compile(r"\s*[x×*,]\s*")


def parse_shape(
    text: str, layout: Layout = Layout.NHWC, plane: bool = False
) -> tuple[Shape, int | None]:
    """Read ``'39x39x3'`` (or ``'8x39x39x3'`` with a batch, ``'784'`` for a vector).

    Returns the per-sample shape and the batch size (``None`` when not given).
    Separators ``x``, ``×``, ``*`` and ``,`` are accepted. With ``plane``, two numbers are
    the H×W of one channel (where only the plane matters, as in ``cnnlab draw``).

    >>> parse_shape("39x39x3")
    (Shape(c=3, h=39, w=39), None)
    >>> parse_shape("8x3x32x32", Layout.NCHW)
    (Shape(c=3, h=32, w=32), 8)
    """
    parts = [p for p in _SEPARATORS.split(text.strip().lower())]
    order = "C×H×W" if layout is Layout.NCHW else "H×W×C"
    if not parts or len(parts) > 4 or not all(parts):
        raise SpecError(
            f"cannot read shape {text!r}: expected {order} (e.g. "
            f"{'3x32x32' if layout is Layout.NCHW else '32x32x3'}), optionally with a batch "
            f"size in front, or a vector length"
        )
    values = []
    for part in parts:
        if not re.fullmatch(r"[+-]?\d+", part):
            raise SpecError(f"cannot read shape {text!r}: {part!r} is not a whole number")
        values.append(int(part))
    for value in values:
        if value <= 0:
            raise SpecError(f"shape {text!r}: every size must be a positive integer, got {value}")
    if len(values) == 1:
        return Shape(c=values[0]), None
    if len(values) == 2 and plane:
        return Shape(c=1, h=values[0], w=values[1]), None
    if len(values) == 2:
        raise SpecError(
            f"cannot read shape {text!r}: two numbers are ambiguous; write {order} "
            f"(e.g. {text}x1 for one channel)"
        )
    batch = values[0] if len(values) == 4 else None
    a, b, c = values[-3:]
    if layout is Layout.NCHW:
        return Shape(c=a, h=b, w=c), batch
    return Shape(c=c, h=a, w=b), batch

"""Tensor shapes of one sample: spatial ``H×W×C`` or flat ``n``.

The maths is layout-free; the layout only changes how a shape is written and read
(``H×W×C`` in the courses, ``C×H×W`` with ``--layout nchw``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cnnlab.errors import LayerArgumentError, SpecError, quoted
from cnnlab.limits import MAX_DIGITS


class Layout(StrEnum):
    """Channels last (courses, TensorFlow) or first (PyTorch, cs231n): the one layout vocabulary.

    It says how shapes are written (``H×W×C`` or ``C×H×W``) and how the numpy reference layers
    store arrays: ``NHWC`` images ``(N, H, W, C)`` with weights ``(HH, WW, C_in, F)``
    (deeplearning.ai), ``NCHW`` images ``(N, C, H, W)`` with weights ``(F, C_in, HH, WW)``
    (cs231n, PyTorch).
    """

    NHWC = "nhwc"
    NCHW = "nchw"

    @property
    def image_axes(self) -> str:
        """The axis names of an activation array, e.g. ``"(N, H, W, C)"``."""
        return "(N, H, W, C)" if self is Layout.NHWC else "(N, C, H, W)"

    @property
    def weight_axes(self) -> str:
        """The axis names of a convolution weight array."""
        return "(HH, WW, C_in, F)" if self is Layout.NHWC else "(F, C_in, HH, WW)"


def as_layout(layout: Layout | str) -> Layout:
    """Return ``layout`` as a :class:`Layout`, accepting ``"nhwc"``/``"nchw"`` in any case.

    >>> as_layout("NCHW")
    <Layout.NCHW: 'nchw'>

    Raises
    ------
    LayerArgumentError
        If ``layout`` names neither layout.
    """
    if isinstance(layout, Layout):
        return layout
    try:
        return Layout(str(layout).lower())
    except ValueError:
        raise LayerArgumentError(
            f"unknown layout {layout!r}; expected 'nhwc' (deeplearning.ai) or 'nchw' (cs231n)"
        ) from None


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
            f"cannot read shape {quoted(text)}: expected {order} (e.g. "
            f"{'3x32x32' if layout is Layout.NCHW else '32x32x3'}), optionally with a batch "
            f"size in front, or a vector length"
        )
    values = []
    for part in parts:
        if not re.fullmatch(r"[+-]?\d+", part):
            raise SpecError(
                f"cannot read shape {quoted(text)}: {quoted(part)} is not a whole number"
            )
        if len(part.lstrip("+-").lstrip("0")) > MAX_DIGITS:
            raise SpecError(f"shape {quoted(text)}: a size has at most {MAX_DIGITS} digits")
        values.append(int(part))
    for value in values:
        if value <= 0:
            raise SpecError(
                f"shape {quoted(text)}: every size must be a positive integer, got {value}"
            )
    if len(values) == 1:
        return Shape(c=values[0]), None
    if len(values) == 2 and plane:
        return Shape(c=1, h=values[0], w=values[1]), None
    if len(values) == 2:
        raise SpecError(
            f"cannot read shape {quoted(text)}: two numbers are ambiguous; write {order} "
            f"(e.g. {text}x1 for one channel)"
        )
    batch = values[0] if len(values) == 4 else None
    a, b, c = values[-3:]
    if layout is Layout.NCHW:
        return Shape(c=a, h=b, w=c), batch
    return Shape(c=c, h=a, w=b), batch

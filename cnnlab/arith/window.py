"""The geometry of a 2-D sliding window: the one resolver of padding and output size.

Every window layer of cnnlab, in the layer language (``conv:f=3,s=2,p=same``), in the layer
objects (``Conv2d.apply``) and in the numpy reference layers (``conv2d_forward(..., padding=
"same")``), asks :func:`window_sizes` for its output size and its explicit per-side padding, so
``same`` means the same rows of zeros everywhere. Pooling adds its vocabulary here too: the
mode (:class:`PoolMode`) and the rule that no window may lie entirely in the padding.

>>> h, w = window_sizes((4, 4), (3, 3), (2, 2), Padding(PadMode.SAME))
>>> (h.value, w.value), explicit_padding((h, w))
((2, 2), ((1, 1), (1, 1)))
"""

from __future__ import annotations

from enum import StrEnum

from cnnlab.arith.output import AXIS_NAMES, AXIS_UNITS, OutputSize, conv_output_size
from cnnlab.arith.padding import Padding, PadMode  # noqa: F401 (PadMode: the doctest)
from cnnlab.errors import LayerArgumentError

__all__ = [
    "PoolMode",
    "check_pool_padding",
    "effective_kernel",
    "explicit_padding",
    "window_sizes",
]


class PoolMode(StrEnum):
    """What a pooling window computes: its maximum or its mean (one name each, ``avg``)."""

    MAX = "max"
    AVG = "avg"

    @classmethod
    def parse(cls, value: object) -> PoolMode:
        """Read a mode given as text: ``max``, ``avg`` or deeplearning.ai's ``average``.

        >>> PoolMode.parse("average")
        <PoolMode.AVG: 'avg'>
        """
        if isinstance(value, PoolMode):
            return value
        name = str(value).strip().lower()
        mode = {"max": cls.MAX, "avg": cls.AVG, "average": cls.AVG}.get(name)
        if mode is None:
            raise LayerArgumentError(
                f"unknown pool mode {value!r}; expected 'max' or 'avg' (also 'average')"
            )
        return mode


def effective_kernel(kernel: tuple[int, int], dilation: tuple[int, int]) -> tuple[int, int]:
    """Rows and columns one window spans: ``d·(f − 1) + 1`` per axis."""
    return (dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1)


def window_sizes(
    n: tuple[int, int],
    kernel: tuple[int, int],
    stride: tuple[int, int],
    padding: Padding,
    dilation: tuple[int, int] = (1, 1),
    ceil_mode: bool = False,
) -> tuple[OutputSize, OutputSize]:
    """Output size along height and width, padding resolved against the input ``n = (H, W)``.

    Raises
    ------
    ShapeError
        A window that does not fit, or ``same`` padding with an even (effective) kernel; the
        message shows the formula with the numbers.
    LayerArgumentError
        Sizes, kernels, strides or dilations below 1.
    """
    f_eff = effective_kernel(kernel, dilation)
    sizes = []
    for axis in (0, 1):
        before, after = padding.resolve(axis, n[axis], f_eff[axis], stride[axis])
        sizes.append(
            conv_output_size(
                n[axis], kernel[axis], stride[axis], before, after, dilation[axis], ceil_mode, axis
            )
        )
    return sizes[0], sizes[1]


def explicit_padding(sizes: tuple[OutputSize, OutputSize]) -> tuple[tuple[int, int], ...]:
    """``((top, bottom), (left, right))``: the padding the sizes were computed with."""
    return tuple((size.p_before, size.p_after) for size in sizes)


def check_pool_padding(sizes: tuple[OutputSize, OutputSize]) -> None:
    """Refuse pooling padding wider than half the window (as PyTorch does), and a dilated
    window whose taps all fall in the padding.

    Either would leave a window with no input entry: a max over nothing but ``-inf``, or an
    average of zeros. Without dilation the first rule is enough; with it, taps ``d`` apart can
    step over a small input, so every window is checked.

    >>> check_pool_padding(window_sizes((5, 5), (2, 2), (1, 1), Padding.symmetric(2)))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cnnlab.errors.LayerArgumentError: pooling padding must be at most half the window extent ...
    """
    for axis, size in enumerate(sizes):
        if max(size.p_before, size.p_after) > size.f_eff // 2:
            raise LayerArgumentError(
                f"pooling padding must be at most half the window extent along the "
                f"{AXIS_NAMES[axis]} ({size.f_eff} // 2 = {size.f_eff // 2}) so that no window "
                f"lies entirely in the padding, got p={size.p_before}/{size.p_after}"
            )
        empty = _window_in_the_padding(size)
        if empty is not None:
            taps = ", ".join(str(empty * size.s - size.p_before + t * size.d)
                             for t in range(size.f))
            raise LayerArgumentError(
                f"pooling window {empty} along the {AXIS_NAMES[axis]} reads only padding: its "
                f"taps ({taps}, d={size.d}) miss every input {AXIS_UNITS[axis]} 0…{size.n - 1}"
            )


def _window_in_the_padding(size: OutputSize) -> int | None:
    """The first output whose dilated taps all miss the input, or None (always None at d = 1)."""
    if size.d == 1:
        return None
    for i in range(size.value):
        start = i * size.s - size.p_before
        if not any(0 <= start + t * size.d < size.n for t in range(size.f)):
            return i
    return None

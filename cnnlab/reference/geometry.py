"""Sliding-window geometry shared by convolution and pooling: window views and folding.

A window of ``f`` taps with dilation ``d`` spans ``d·(f - 1) + 1`` input rows (its *extent*). Along
an axis of ``n`` inputs padded by ``p_before`` and ``p_after`` and walked with stride ``s``, the
number of outputs is

    n_out = floor((n + p_before + p_after - d·(f - 1) - 1) / s) + 1.

That formula, and how ``"same"``, ``"valid"``, ``"full"`` and ``"tf-same"`` become numbers, live
in ``cnnlab.arith`` (:func:`~cnnlab.arith.window_sizes`), shared with the layer language:
:meth:`Window.build` asks it and keeps the explicit result.

The vectorized layers never loop over output positions: :func:`windows` is a read-only strided
view ``(N, H_out, W_out, HH, WW, C)`` of the padded input (the "im2col" matrix, without copying),
and :func:`fold_add` is its adjoint, adding per-window values back onto the input positions they
came from with one strided ``+=`` per kernel tap.

>>> window = Window.build(kernel=3, stride=2, padding=1, dilation=1, size=(7, 7))
>>> window.output_size(7, 7)
(4, 4)
"""

from dataclasses import dataclass, field
from functools import cached_property
from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import as_strided

from cnnlab.arith import (
    OutputSize,
    Padding,
    conv_output_size,
    effective_kernel,
    explicit_padding,
    window_sizes,
)
from cnnlab.errors import LayerArgumentError
from cnnlab.reference.padding import Sides

__all__ = ["Window", "fold_add", "pair", "windows"]


def pair(value: object, name: str, minimum: int = 1) -> tuple[int, int]:
    """Return ``value`` as ``(v_h, v_w)``: an int is used for both axes.

    Raises
    ------
    LayerArgumentError
        If a value is not a whole number ``>= minimum``.
    """
    if type(value) is int and value >= minimum:                 # the common case, fast
        return (value, value)
    values = value if isinstance(value, tuple | list) else (value, value)
    if len(values) != 2 or not all(
        isinstance(v, Integral) and not isinstance(v, bool) and int(v) >= minimum for v in values
    ):
        raise LayerArgumentError(
            f"{name} must be a whole number >= {minimum} or a pair of them, got {name}={value!r}"
        )
    return (int(values[0]), int(values[1]))


@dataclass(frozen=True)
class Window:
    """Kernel size, stride, dilation and explicit padding of a 2-D sliding window.

    Attributes
    ----------
    kernel : (HH, WW)
    stride : (s_h, s_w)
    dilation : (d_h, d_w)
    padding : ((top, bottom), (left, right)), the rows and columns of padding the windows read
    sizes : the output size along height and width as ``cnnlab.arith`` worked it out (with
        the padding asked for)
    overhang : (rows, columns) of ``padding``'s bottom and right that are not padding asked for
        but room for ceil mode's last, clipped window; (0, 0) otherwise
    """

    kernel: tuple[int, int]
    stride: tuple[int, int]
    dilation: tuple[int, int]
    padding: Sides
    sizes: tuple[OutputSize, OutputSize] = field(compare=False, repr=False)
    overhang: tuple[int, int] = (0, 0)

    @classmethod
    def build(cls, kernel: object, stride: object, padding: object, dilation: object,
              size: tuple[int, int], ceil_mode: bool = False) -> "Window":
        """Validate user arguments; resolve the padding against the input ``size = (H, W)``.

        ``padding`` is anything :meth:`cnnlab.arith.Padding.of` reads. The output size and the
        explicit padding come from :func:`cnnlab.arith.window_sizes`, the resolver the layer
        language uses. With ``ceil_mode`` the bottom and right padding grow by the overhang of
        the last window, so that the windows can be read as in floor mode.

        Raises
        ------
        ShapeError
            A window larger than the padded input; ``"same"`` with an even kernel.
        LayerArgumentError
            Kernel, stride or dilation below 1; a padding that cannot be read.
        """
        kernel, stride = pair(kernel, "kernel size"), pair(stride, "stride")
        dilation = pair(dilation, "dilation")
        sizes = window_sizes(size, kernel, stride, Padding.of(padding), dilation, ceil_mode)
        (top, bottom), (left, right) = explicit_padding(sizes)
        over = (sizes[0].overhang, sizes[1].overhang)
        return cls(kernel, stride, dilation, ((top, bottom + over[0]), (left, right + over[1])),
                   sizes, over)

    @cached_property
    def extent(self) -> tuple[int, int]:
        """Rows and columns one window spans: ``d·(f - 1) + 1`` per axis."""
        return effective_kernel(self.kernel, self.dilation)

    @property
    def declared(self) -> Sides:
        """The padding asked for: :attr:`padding` without ceil mode's overhang."""
        (top, bottom), (left, right) = self.padding
        return ((top, bottom - self.overhang[0]), (left, right - self.overhang[1]))

    def output_size(self, H: int, W: int) -> tuple[int, int]:
        """``(H_out, W_out)`` for an ``H × W`` input (``cnnlab.arith.conv_output_size``).

        Raises
        ------
        ShapeError
            If the window does not fit the padded input along an axis; the message shows the
            formula with the numbers filled in.
        """
        h, w = (conv_output_size(n, f, s, p, q, d, axis=axis).value
                for axis, (n, f, s, d, (p, q)) in enumerate(zip(
                    (H, W), self.kernel, self.stride, self.dilation, self.padding, strict=True)))
        return (h, w)


def windows(x_pad: np.ndarray, window: Window, H_out: int, W_out: int) -> np.ndarray:
    """Read-only view of every window of a padded NHWC batch.

    Parameters
    ----------
    x_pad : ndarray, shape (N, H_pad, W_pad, C)
    window : the geometry; its padding is assumed already applied.
    H_out, W_out : number of window positions along H and W (may be fewer than all).

    Returns
    -------
    ndarray, shape (N, H_out, W_out, HH, WW, C)
        ``result[n, i, j, p, q, c] = x_pad[n, i·s_h + p·d_h, j·s_w + q·d_w, c]``.
    """
    sN, sH, sW, sC = x_pad.strides
    (s_h, s_w), (d_h, d_w) = window.stride, window.dilation
    shape = (x_pad.shape[0], H_out, W_out, *window.kernel, x_pad.shape[3])
    strides = (sN, s_h * sH, s_w * sW, d_h * sH, d_w * sW, sC)
    return as_strided(x_pad, shape, strides, writeable=False)


def fold_add(dx_pad: np.ndarray, pieces: np.ndarray, window: Window) -> None:
    """Add per-window values back onto the input positions they were read from (in place).

    The adjoint of :func:`windows`: where windows overlap, contributions are summed.

    Parameters
    ----------
    dx_pad : ndarray, shape (N, H_pad, W_pad, C), updated in place.
    pieces : ndarray, shape (N, H_out, W_out, HH, WW, *channels), ``prod(channels) == C``
        (``channels`` is ``(C,)``, or ``(groups, C // groups)`` for a grouped convolution).
    window : the geometry used to read the windows.
    """
    N, H_out, W_out, HH, WW = pieces.shape[:5]
    (s_h, s_w), (d_h, d_w) = window.stride, window.dilation
    for p in range(HH):
        rows = slice(p * d_h, p * d_h + s_h * (H_out - 1) + 1, s_h)
        for q in range(WW):
            cols = slice(q * d_w, q * d_w + s_w * (W_out - 1) + 1, s_w)
            target = dx_pad[:, rows, cols, :]
            if pieces.ndim > 6:                          # channels split into groups
                target = target.reshape(N, H_out, W_out, *pieces.shape[5:])
            target += pieces[:, :, :, p, q]

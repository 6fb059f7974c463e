"""Vectorized 2-D max and average pooling: forward and backward, in either layout.

Each channel is pooled on its own over ``HH × WW`` windows (with stride, dilation and padding);
windows may overlap (stride < kernel), and their gradients then add up.

Max pooling pads with ``-inf``, so padding never wins. **Ties**: when several entries of a window
share the maximum, ``ties="first"`` (the default, as in PyTorch) sends the window's gradient to the
first of them in row-major order of the window (top row first, left to right), so the gradient is
a true subgradient and sums to ``dout``. ``ties="all"`` is the courses' behaviour
(deeplearning.ai's ``create_mask_from_window``, cs231n's ``x == max`` mask): every tied maximum
receives the full gradient.

Average pooling pads with zeros and divides by ``HH·WW`` when ``count_include_pad`` (PyTorch's
default), or by the number of real (unpadded) entries of each window otherwise.

``ceil_mode`` rounds the output size up, as PyTorch does (``cnnlab.arith`` decides the size, the
same rule as ``pool:...,ceil`` in the layer language): the last window may hang past the padded
input and is clipped. What it hangs over counts neither for the maximum nor for the average's
divisor (PyTorch's ``avg_pool2d`` divides such a window by its part inside the padded input).

Neither pass loops over output positions, pads the input or copies it to another layout: both
make one whole-array operation per kernel tap, on the strided slice of the input that tap reads,
block by block (see ``pool_taps``). The max-pool forward records where each window's first
maximum is, so its backward needs neither the windows nor their maxima again.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from cnnlab.arith import PoolMode, check_pool_padding
from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.reference import pool_max, pool_taps
from cnnlab.reference.geometry import Window
from cnnlab.reference.layouts import Layout, as_layout, check_4d, to_nhwc, working_dtype

__all__ = ["PoolCache", "PoolMode", "Ties", "pool2d_backward", "pool2d_forward", "pool2d_setup"]


class Ties(StrEnum):
    """Which tied maxima of a max-pooling window receive the window's gradient."""

    FIRST = "first"
    ALL = "all"


def _choice(enum: type[StrEnum], value: object, name: str) -> StrEnum:
    try:
        return enum(str(value).lower())
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in enum)
        raise LayerArgumentError(f"unknown {name} {value!r}; expected one of {allowed}") from None


@dataclass(frozen=True)
class PoolCache:
    """What :func:`pool2d_backward` needs: the input by reference and the layer's settings.

    After a max-pooling forward pass, ``argmax`` holds per output (in ``layout``) the
    row-major tap ``p·WW + q`` of its window's first maximum, and for ``ties="all"`` ``tied``
    flags the windows with more than one maximum; both are None in a cache from
    :func:`pool2d_setup` (the backward pass then finds them itself).
    """

    x: np.ndarray
    window: Window
    mode: PoolMode
    ties: Ties
    count_include_pad: bool
    layout: Layout
    out_hw: tuple[int, int]
    argmax: np.ndarray | None = None
    tied: np.ndarray | None = None

    @property
    def out_shape(self) -> tuple[int, int, int, int]:
        """Shape of the output, in ``layout``."""
        N, _, _, C = to_nhwc(self.x, self.layout).shape
        H_out, W_out = self.out_hw
        return (N, H_out, W_out, C) if self.layout is Layout.NHWC else (N, C, H_out, W_out)


def pool2d_setup(x, kernel_size, *, stride=None, padding=0, dilation=1, mode="max",
                 ties="first", count_include_pad=True, ceil_mode=False,
                 layout="nhwc") -> PoolCache:
    """Validate the arguments of a pooling layer and return its (input-only) cache.

    Shared by the vectorized and the naive layers. Arguments are those of
    :func:`pool2d_forward`.

    Raises
    ------
    ShapeError
        Non-4-D ``x``; a window larger than the padded input.
    LayerArgumentError
        Unknown mode, ties or layout; kernel, stride or dilation below 1; padding wider than half
        the window (a window would then lie entirely in the padding).
    """
    layout = as_layout(layout)
    mode, ties = PoolMode.parse(mode), _choice(Ties, ties, "ties rule")
    x = np.asarray(x)
    check_4d("x", x, layout.image_axes)
    working_dtype(x)
    N, H, W, C = to_nhwc(x, layout).shape
    stride = kernel_size if stride is None else stride
    window = Window.build(kernel_size, stride, padding, dilation, (H, W), bool(ceil_mode))
    check_pool_padding(window.sizes)
    return PoolCache(x, window, mode, ties, bool(count_include_pad), layout,
                     window.output_size(H, W))


def pool2d_forward(x, kernel_size, *, stride=None, padding=0, dilation=1, mode="max",
                   ties="first", count_include_pad=True, ceil_mode=False, layout="nhwc"):
    """Forward pass of a 2-D pooling layer.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C) for ``layout="nhwc"``, (N, C, H, W) for ``"nchw"``
    kernel_size : int or (HH, WW)
    stride : int or (s_h, s_w); defaults to ``kernel_size`` (non-overlapping windows)
    padding : int, (p_h, p_w), ((top, bottom), (left, right)) or a mode ("valid", "same",
        "full", "tf-same", resolved by ``cnnlab.arith``); each side at most half the window extent
    dilation : int or (d_h, d_w)
    mode : "max" or "avg" (deeplearning.ai's "average" is read as "avg")
    ties : "first" or "all", which tied maxima get the gradient (see the module docstring)
    count_include_pad : bool, whether average pooling divides by ``HH·WW`` even at the borders
    ceil_mode : bool, round the output size up (PyTorch's ``ceil_mode``)
    layout : "nhwc" (deeplearning.ai) or "nchw" (cs231n)

    Returns
    -------
    out : ndarray, shape (N, H_out, W_out, C) or (N, C, H_out, W_out), with
        ``H_out = floor((H + top + bottom - d_h·(HH-1) - 1) / s_h) + 1`` (and likewise W_out;
        ``ceil`` instead of ``floor`` in ceil mode, see ``cnnlab.arith.conv_output_size``)
    cache : PoolCache, for :func:`pool2d_backward`

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1., 3., 2., 0.], [4., 2., 1., 1.], [0., 0., 5., 6.], [1., 2., 7., 8.]])
    >>> out, _ = pool2d_forward(x.reshape(1, 1, 4, 4), 2, layout="nchw")
    >>> out[0, 0]
    array([[4., 2.],
           [2., 8.]])
    >>> pool2d_forward(x.reshape(1, 4, 4, 1), 2, mode="avg")[0][0, :, :, 0]
    array([[2.5 , 1.  ],
           [0.75, 6.5 ]])
    """
    cache = pool2d_setup(x, kernel_size, stride=stride, padding=padding, dilation=dilation,
                         mode=mode, ties=ties, count_include_pad=count_include_pad,
                         ceil_mode=ceil_mode, layout=layout)
    dtype = working_dtype(cache.x)
    if cache.mode is PoolMode.MAX:
        out, argmax, tied = pool_max.max_forward(cache.x, cache.window, cache.layout,
                                                 cache.out_hw, dtype, cache.ties is Ties.ALL)
        return out, replace(cache, argmax=argmax, tied=tied)
    out = pool_taps.average_forward(cache.x, cache.window, cache.layout, cache.out_hw, dtype,
                                    cache.count_include_pad, cache.window.declared)
    return out, cache


def pool2d_backward(dout, cache: PoolCache, *, out=None):
    """Backward pass of :func:`pool2d_forward`.

    Parameters
    ----------
    dout : ndarray, shape (N, H_out, W_out, C) or (N, C, H_out, W_out) per the cache's layout
    cache : PoolCache from the forward pass (or :func:`pool2d_setup`)
    out : ndarray, optional
        Where to write ``dx`` (numpy's ``out=``): a writeable, C-contiguous array of the input's
        shape and of the result's dtype, sharing no memory with ``x``, ``dout`` or the cache.
        Its contents are overwritten. A training loop that passes the same array each step
        spares the new ``dx``'s first writes: on a large input the operating system maps
        and zeroes fresh pages then, which can take as long as the pass itself.

    Returns
    -------
    dx : ndarray, same shape and layout as the input x (``out`` itself when given)

    Raises
    ------
    ShapeError
        ``dout`` or ``out`` of the wrong shape.
    LayerArgumentError
        An ``out`` that is not a writeable C-contiguous ndarray (or memmap) of the result's
        dtype, or that overlaps ``x``, ``dout`` or the cache.
    """
    dout = np.asarray(dout)
    if dout.shape != cache.out_shape:
        raise ShapeError(f"dout must have the forward output's shape {cache.out_shape} "
                         f"{cache.layout.image_axes}, got dout.shape={dout.shape}")
    dtype = working_dtype(cache.x, dout)
    if out is not None:
        _check_out(out, cache, dout, dtype)
    dout = dout.astype(dtype, copy=False)
    x, window, layout = cache.x, cache.window, cache.layout
    if cache.mode is not PoolMode.MAX:
        return pool_taps.average_backward(dout, x, window, layout, cache.count_include_pad, dtype,
                                          window.declared, dx=out)
    argmax, tied = cache.argmax, cache.tied
    if argmax is None:                                           # a cache from pool2d_setup
        _, argmax, tied = pool_max.max_forward(x, window, layout, cache.out_hw, working_dtype(x),
                                               cache.ties is Ties.ALL)
    return pool_max.max_backward(dout, x, argmax, window, layout, dtype, tied, dx=out)


def _check_out(out, cache: PoolCache, dout: np.ndarray, dtype: np.dtype) -> None:
    """Refuse an ``out`` that :func:`pool2d_backward` could not fill as it fills a new dx."""
    if not (type(out) is np.ndarray or isinstance(out, np.memmap)):   # a masked array would
        raise LayerArgumentError(                                     # keep hiding entries
            f"out must be a numpy array (ndarray or memmap), got {type(out).__name__}")
    if out.shape != cache.x.shape:
        raise ShapeError(f"out must have the input's shape {cache.x.shape} "
                         f"{cache.layout.image_axes}, got out.shape={out.shape}")
    if out.dtype != dtype:
        raise LayerArgumentError(f"out must have the gradient's dtype {dtype}, got {out.dtype}")
    if not out.flags.writeable:
        raise LayerArgumentError("out must be writeable, got a read-only array")
    if not out.flags.c_contiguous:
        raise LayerArgumentError("out must be C-contiguous (np.empty(x.shape), not a view "
                                 "with strides)")
    for name, other in (("x", cache.x), ("dout", dout), ("the cache", cache.argmax),
                        ("the cache", cache.tied)):
        if other is not None and np.may_share_memory(out, other):
            raise LayerArgumentError(f"out must not share memory with {name}")

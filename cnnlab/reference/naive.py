"""Loop versions of the convolution and pooling layers, written the way the courses teach them.

One Python loop per output index (example, row, column, channel), a slice of the padded input per
position, and the gradients accumulated window by window. They are slow on purpose: they are the
readable statement of what the vectorized layers in ``conv`` and ``pool`` compute, and the tests
cross-check the two on random shapes. They take the same arguments, validate through the same
functions, and exchange caches with the vectorized layers.

The backward passes crop the padding with ``[top:top + H]``, not the courses' ``[pad:-pad]``,
which is empty when ``pad = 0``.

>>> import numpy as np
>>> x = np.arange(16.0).reshape(1, 4, 4, 1)
>>> out, _ = conv2d_forward_naive(x, np.ones((2, 2, 1, 1)), np.zeros(1), stride=2)
>>> out[0, :, :, 0]
array([[10., 18.],
       [42., 50.]])
"""

import numpy as np

from cnnlab.reference.conv import ConvCache, conv2d_setup
from cnnlab.reference.geometry import Window
from cnnlab.reference.layouts import (
    from_nhwc,
    to_nhwc,
    weights_from_hwio,
    weights_to_hwio,
    working_dtype,
)
from cnnlab.reference.padding import pad_nhwc
from cnnlab.reference.pool import PoolCache, PoolMode, Ties, pool2d_setup

__all__ = [
    "conv2d_backward_naive",
    "conv2d_forward_naive",
    "pool2d_backward_naive",
    "pool2d_forward_naive",
]


def _corners(i: int, j: int, window: Window) -> tuple[slice, slice]:
    """Rows and columns of the padded input read by output position ``(i, j)``."""
    (s_h, s_w), (d_h, d_w), (e_h, e_w) = window.stride, window.dilation, window.extent
    vert_start, horiz_start = i * s_h, j * s_w
    vert_end, horiz_end = vert_start + e_h, horiz_start + e_w
    return slice(vert_start, vert_end, d_h), slice(horiz_start, horiz_end, d_w)


def conv2d_forward_naive(x, w, b=None, *, stride=1, padding=0, dilation=1, groups=1,
                         layout="nhwc"):
    """Loop version of :func:`cnnlab.reference.conv2d_forward` (same arguments and results)."""
    cache = conv2d_setup(x, w, b, stride=stride, padding=padding, dilation=dilation,
                         groups=groups, layout=layout)
    dtype = cache.dtype
    x_pad = pad_nhwc(to_nhwc(cache.x, cache.layout), cache.window.padding, dtype)
    w = weights_to_hwio(cache.w, cache.layout)                   # (HH, WW, C_g, F)
    N, H_out, W_out, F = x_pad.shape[0], *cache.out_hw, w.shape[3]
    C_g, F_g = w.shape[2], F // groups
    out = np.zeros((N, H_out, W_out, F), dtype)
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                rows, cols = _corners(i, j, cache.window)
                for f in range(F):
                    g = f // F_g                                 # the group filter f belongs to
                    a_slice = x_pad[n, rows, cols, g * C_g:(g + 1) * C_g]
                    out[n, i, j, f] = np.sum(a_slice * w[:, :, :, f])
                    if cache.b is not None:
                        out[n, i, j, f] += cache.b[f]
    return from_nhwc(out, cache.layout), cache


def conv2d_backward_naive(dout, cache: ConvCache):
    """Loop version of :func:`cnnlab.reference.conv2d_backward`: returns ``(dx, dw, db)``."""
    groups, dout = cache.groups, np.asarray(dout)
    dtype = working_dtype(cache.x, cache.w, cache.b, dout)
    dout = to_nhwc(dout, cache.layout)                           # (N, H_out, W_out, F)
    x = to_nhwc(cache.x, cache.layout)
    x_pad = pad_nhwc(x, cache.window.padding, dtype)
    w = weights_to_hwio(cache.w, cache.layout)                   # (HH, WW, C_g, F)
    (N, H, W, _), (C_g, F) = x.shape, w.shape[2:]
    F_g = F // groups
    dx_pad, dw, db = np.zeros(x_pad.shape, dtype), np.zeros(w.shape, dtype), np.zeros(F, dtype)
    for n in range(N):
        for i in range(dout.shape[1]):
            for j in range(dout.shape[2]):
                rows, cols = _corners(i, j, cache.window)
                for f in range(F):
                    channels = slice(f // F_g * C_g, (f // F_g + 1) * C_g)
                    dx_pad[n, rows, cols, channels] += w[:, :, :, f] * dout[n, i, j, f]
                    dw[:, :, :, f] += x_pad[n, rows, cols, channels] * dout[n, i, j, f]
                    db[f] += dout[n, i, j, f]
    (top, _), (left, _) = cache.window.padding
    dx = dx_pad[:, top:top + H, left:left + W]                   # never [pad:-pad]
    return (from_nhwc(dx, cache.layout), weights_from_hwio(dw, cache.layout),
            None if cache.b is None else db)


def pool2d_forward_naive(x, kernel_size, *, stride=None, padding=0, dilation=1, mode="max",
                         ties="first", count_include_pad=True, ceil_mode=False, layout="nhwc"):
    """Loop version of :func:`cnnlab.reference.pool2d_forward` (same arguments and results)."""
    cache = pool2d_setup(x, kernel_size, stride=stride, padding=padding, dilation=dilation,
                         mode=mode, ties=ties, count_include_pad=count_include_pad,
                         ceil_mode=ceil_mode, layout=layout)
    x_pad, real = _padded(cache)
    N, _, _, C = x_pad.shape
    H_out, W_out = cache.out_hw
    out = np.zeros((N, H_out, W_out, C), x_pad.dtype)
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                rows, cols = _corners(i, j, cache.window)
                for c in range(C):
                    a_slice = x_pad[n, rows, cols, c]
                    if cache.mode is PoolMode.MAX:
                        out[n, i, j, c] = np.max(a_slice)
                    else:
                        out[n, i, j, c] = np.sum(a_slice) / _count(real, rows, cols, cache)
    return from_nhwc(out, cache.layout), cache


def pool2d_backward_naive(dout, cache: PoolCache):
    """Loop version of :func:`cnnlab.reference.pool2d_backward`: returns ``dx``."""
    dout = to_nhwc(np.asarray(dout), cache.layout)               # (N, H_out, W_out, C)
    x_pad, real = _padded(cache)
    dx_pad = np.zeros(x_pad.shape, working_dtype(x_pad, dout))
    N, H_out, W_out, C = dout.shape
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                rows, cols = _corners(i, j, cache.window)
                for c in range(C):
                    if cache.mode is PoolMode.MAX:
                        mask = _mask(x_pad[n, rows, cols, c], cache.ties)
                        dx_pad[n, rows, cols, c] += np.where(mask, dout[n, i, j, c], 0)
                    else:
                        share = dout[n, i, j, c] / _count(real, rows, cols, cache)
                        dx_pad[n, rows, cols, c] += share
    (top, _), (left, _) = cache.window.padding
    H, W = to_nhwc(cache.x, cache.layout).shape[1:3]
    return from_nhwc(dx_pad[:, top:top + H, left:left + W], cache.layout)


def _padded(cache: PoolCache) -> tuple[np.ndarray, np.ndarray]:
    """The padded input (-inf for max, 0 for average) and a 0/1 map of the pixels an average
    counts: the real ones, plus the padding asked for when ``count_include_pad`` (never ceil
    mode's overhang)."""
    x = to_nhwc(cache.x, cache.layout)
    fill = -np.inf if cache.mode is PoolMode.MAX else 0
    x_pad = pad_nhwc(x, cache.window.padding, working_dtype(x), fill)
    N, H, W, C = x.shape
    counted = pad_nhwc(np.ones((1, H, W, 1), np.int64), cache.window.padding,
                       np.dtype(np.int64))
    if cache.count_include_pad:
        (top, bottom), (left, right) = cache.window.declared
        counted[:, :top + H + bottom, :left + W + right] = 1
    return x_pad, counted[0, :, :, 0]


def _count(counted: np.ndarray, rows: slice, cols: slice, cache: PoolCache) -> int:
    """Average pooling's divisor at one window: the entries of it that count."""
    return int(counted[rows, cols].sum())


def _mask(a_slice: np.ndarray, ties: Ties) -> np.ndarray:
    """Where a window's gradient goes: every maximum, or only the first in row-major order."""
    if ties is Ties.ALL:
        return a_slice == np.max(a_slice)
    mask = np.zeros(a_slice.shape, bool)
    mask.flat[np.argmax(a_slice)] = True
    return mask

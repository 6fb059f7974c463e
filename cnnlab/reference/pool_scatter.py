"""Max pooling's backward pass as one scatter-add per block: ``np.bincount``.

Each window sends its gradient to one entry, its first maximum (the forward's tap index
``first``). Over a block, the flat index of that entry in zero-padded "bins" is the window's
corner plus a per-tap offset (a table lookup), and ``np.bincount(index, weights=dout)`` adds
every window's gradient into the bins in one pass; the bins' real entries are then stored in
``dx``. This replaces ``HH·WW`` masked passes over the block (one per tap) by about three, and
needs no multiplication by a mask, so it is exact for any dout, ``inf`` and NaN included.

Blocks: in NCHW, a group of channels of one image (whole padded planes); in NHWC, a band of
output rows of one image, whose padded rows overlap the next band's by ``extent - stride``
rows: the first band to reach a row stores it, the next adds to it.

``np.bincount`` sums in float64, in the windows' row-major order, so ``dx`` may differ from the
tap-by-tap sums in the last bit (float32: rounded once, from float64 sums). It is used for
float64, and for float32 where it pays (:func:`applies`); ``longdouble`` would lose digits, and
``dtype=object`` keeps the tap-by-tap kernel, as do windows that tile an NHWC input exactly
(written once, in memory order, by ``pool_max``).
"""

import numpy as np

from cnnlab.reference.geometry import Window
from cnnlab.reference.im2col import Scratch
from cnnlab.reference.layouts import Layout

__all__ = ["applies", "scatter_backward_into"]


def applies(window: Window, layout: Layout, dtype) -> bool:
    """float64; float32 only for NCHW windows that overlap. (``np.bincount`` adds in float64,
    so float32 gradients are converted on the way in and out: measured on 112×112×64, that
    costs what the scatter saves in NHWC and for disjoint windows, 0.8–1.25× the taps' time,
    while overlapping NCHW windows take 0.4–0.8× their time, and float64 0.3–0.7×.)"""
    if np.dtype(dtype) == np.float64:
        return True
    return (np.dtype(dtype) == np.float32 and layout is Layout.NCHW
            and any(s < k for s, k in zip(window.stride, window.kernel, strict=True)))


class _Geometry:
    """Padded extent and per-tap offsets of one layer, in units of entries of the bins."""

    def __init__(self, window: Window, in_hw, out_hw, layout: Layout, channels: int):
        (HH, WW), (self.s_h, self.s_w), (d_h, d_w) = window.kernel, window.stride, window.dilation
        (self.top, bottom), (self.left, right) = window.padding
        self.in_hw, self.out_hw = in_hw, out_hw
        self.reach = (HH - 1) * d_h + 1                           # rows one window spans
        H_out, W_out = out_hw
        self.Hp = max(in_hw[0] + self.top + bottom, (H_out - 1) * self.s_h + self.reach)
        self.Wp = max(in_hw[1] + self.left + right, (W_out - 1) * self.s_w + (WW - 1) * d_w + 1)
        step = channels if layout is Layout.NHWC else 1          # entries per padded column
        self.table = np.array([(p * d_h * self.Wp + q * d_w) * step
                               for p in range(HH) for q in range(WW)], np.intp)


def scatter_backward_into(dx, dout, first, window: Window, layout: Layout, out_hw,
                          budget: int) -> None:
    """``dx`` (zeros) receives each window's gradient at its first maximum (``first``)."""
    if layout is Layout.NCHW:
        _nchw(dx, dout, first, _Geometry(window, dx.shape[2:], out_hw, layout, 1), budget)
    else:
        _nhwc(dx, dout, first, _Geometry(window, dx.shape[1:3], out_hw, layout, dx.shape[3]),
              budget)


def _nchw(dx, dout, first, g: _Geometry, budget: int) -> None:
    H, W = g.in_hw
    H_out, W_out = g.out_hw
    plane = g.Hp * g.Wp
    channels = max(1, min(dx.shape[1], budget // (plane * 8)))
    corner = (np.arange(channels)[:, None, None] * plane
              + np.arange(H_out)[:, None] * (g.s_h * g.Wp) + np.arange(W_out) * g.s_w)
    index = Scratch(np.dtype(np.intp))
    for n in range(dx.shape[0]):
        for c0 in range(0, dx.shape[1], channels):
            c = min(channels, dx.shape[1] - c0)
            at = index.take((c, H_out, W_out))
            np.take(g.table, first[n, c0:c0 + c], out=at)
            np.add(at, corner[:c], out=at)
            bins = np.bincount(at.reshape(-1), weights=dout[n, c0:c0 + c].reshape(-1),
                               minlength=c * plane).reshape(c, g.Hp, g.Wp)
            dx[n, c0:c0 + c] = bins[:, g.top:g.top + H, g.left:g.left + W]


def _nhwc(dx, dout, first, g: _Geometry, budget: int) -> None:
    H, W = g.in_hw
    H_out, W_out = g.out_hw
    C = dx.shape[3]
    row = g.Wp * C                                               # entries per padded row
    rows = max(1, min(H_out, (budget // (row * 8) - g.reach) // g.s_h + 1))
    corner = ((np.arange(rows)[:, None, None] * (g.s_h * g.Wp) + np.arange(W_out)[:, None] * g.s_w)
              * C + np.arange(C))
    index = Scratch(np.dtype(np.intp))
    for n in range(dx.shape[0]):
        stored = 0                                               # padded rows already in dx
        for r0 in range(0, H_out, rows):
            r = min(rows, H_out - r0)
            at = index.take((r, W_out, C))
            np.take(g.table, first[n, r0:r0 + r], out=at)
            np.add(at, corner[:r], out=at)
            y0, span = r0 * g.s_h, (r - 1) * g.s_h + g.reach     # padded rows of the band
            bins = np.bincount(at.reshape(-1), weights=dout[n, r0:r0 + r].reshape(-1),
                               minlength=span * row).reshape(span, g.Wp, C)
            lo, hi = max(y0, g.top), min(y0 + span, g.top + H)  # the band's real rows
            seen = min(max(stored, lo), hi)
            if lo < seen:                                        # rows an earlier band stored
                target = dx[n, lo - g.top:seen - g.top]
                np.add(target, bins[lo - y0:seen - y0, g.left:g.left + W], out=target)
            if seen < hi:
                dx[n, seen - g.top:hi - g.top] = bins[seen - y0:hi - y0, g.left:g.left + W]
            stored = max(stored, hi)

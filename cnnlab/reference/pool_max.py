"""The max-pooling kernels: a running maximum and the tap of its first occurrence.

Built on the tap slices of ``pool_taps`` (one whole-array operation per kernel tap, in the
caller's layout, block by block). A tap replaces a window's running maximum only when it is
strictly greater, so among tied maxima the first in row-major order of the window keeps it; its
tap ``p·WW + q`` is recorded per output (one byte for windows of up to 256 taps). That index is
all the backward pass needs for the "first" tie rule: it sends each window's gradient there, by
one scatter-add per block for float64 (and float32 NCHW overlapping windows; ``pool_scatter``),
in memory order for windows tiling an NHWC input, else tap by tap.

For the "all" rule the forward also flags the windows where another tap equals the maximum
(a tap equal to the running maximum sets the flag, a strictly greater one clears it). The
backward gives every window's gradient to its first maximum as for "first", then adds it to the
other maxima of the flagged windows only, gathered by index: with real-valued data ties are rare,
so the "all" rule costs about what "first" does.

Padding acts as ``-inf``: it never wins, and a window whose real entries are all ``-inf`` keeps
tap 0 (whose gradient is lost when tap 0 is padding), as the padded loops do. A window holding
a NaN has a NaN maximum (``np.maximum`` spreads it); its index is its strict maximum before the
NaN in row-major order (the loops' ``np.argmax`` would pick the NaN), and it is never flagged as
tied, so under either rule its gradient goes to that index (the loops' "all" mask, ``== NaN``,
would give it to nobody).
"""

import numpy as np

from cnnlab.reference import pool_flat, pool_scatter
from cnnlab.reference.geometry import Window
from cnnlab.reference.im2col import Scratch
from cnnlab.reference.layouts import Layout
from cnnlab.reference.pool_taps import (
    as_tiles,
    backward_on_cores,
    blocks,
    covers_once,
    disjoint,
    forward_on_cores,
    hw,
    is_whole,
    out_shape,
    region,
    tap_slices,
    tiles_exactly,
    zeroed,
)

__all__ = ["max_backward", "max_forward"]


def max_forward(x, window: Window, layout: Layout, out_hw, dtype, flag_ties: bool = False):
    """Max pooling of ``x`` (in ``layout``).

    Returns
    -------
    out : ndarray in ``layout``, ``dtype``
    first : ndarray, same shape: the row-major tap of each window's first maximum, in the
        smallest unsigned dtype that holds ``HH·WW - 1``
    tied : bool ndarray of the same shape when ``flag_ties`` (windows with more than one
        maximum), else None
    """
    out = np.empty(out_shape(x, layout, out_hw), dtype)
    first = np.empty(out.shape, np.min_scalar_type(window.kernel[0] * window.kernel[1] - 1))
    tied = np.zeros(out.shape, bool) if flag_ties else None

    into = (_flat_forward_into if pool_flat.applies(window, layout, dtype)
            else _strided_forward_into if pool_flat.strided_applies(window, layout, dtype)
            else _forward_into)

    def work(images: range, budget: int) -> None:
        part = slice(images.start, images.stop)
        into(x[part], window, layout, out_hw, out[part], first[part],
             None if tied is None else tied[part], budget)

    forward_on_cores(work, x.shape[0], dtype, x.nbytes + out.nbytes, layout)
    if tied is not None and out.dtype.kind == "f":     # a NaN window is never tied
        np.greater(tied, np.isnan(out), out=tied)
    return out, first, tied


def _forward_into(x, window: Window, layout: Layout, out_hw, out, first, tied,
                  budget: int) -> None:
    scratch = _Buffers(first.dtype)
    for n, rows in blocks(x, layout, out_hw, out.itemsize, budget):
        block = region(layout, n, rows, slice(None))
        best, where = out[block], first[block]
        taps = list(tap_slices(window, hw(x, layout), out_hw, rows))
        t, o_r, o_c, i_r, i_c = taps[0]
        if t == 0 and is_whole(o_r, o_c, best, layout):  # tap 0 initialises the block
            best[...], taps = x[region(layout, n, i_r, i_c)], taps[1:]
            where.fill(t)
        else:
            best.fill(-np.inf)
            where.fill(0)
        for t, o_r, o_c, i_r, i_c in taps:
            at = region(layout, slice(None), o_r, o_c)
            _step(x[region(layout, n, i_r, i_c)], best[at], where[at],
                  None if tied is None else tied[block][at], first.dtype.type(t), scratch)


def _flat_forward_into(x, window: Window, layout: Layout, out_hw, out, first, tied,
                       budget: int) -> None:
    """:func:`_forward_into` for NCHW over padded planes (``pool_flat``; the ``-inf`` padding
    never wins, as skipped taps don't), separably: first each padded row's maximum over a
    window's columns and its first column (and whether it is tied), then the maximum of those
    over a window's rows. A later row takes over only when strictly greater, and ``p·WW + q``
    grows with the row ``p`` whatever the column ``q``, so the first maximum in row-major order
    is found as the taps find it, and a window is tied when its winning row is, or another row
    reaches the same maximum. ``HH + WW`` passes instead of ``HH·WW``. A block whose output
    holds a NaN (which ``maximum`` spreads, while comparisons skip it) is redone tap by tap,
    in the taps' order: the first index then depends on where the NaN sits in that order."""
    planes = pool_flat.FlatPlanes(window, hw(x, layout), out_hw, out.dtype, budget)
    scratch, folds = _Buffers(first.dtype), _Folds(first.dtype, out.dtype)
    for n in range(x.shape[0]):
        for cs in planes.blocks(x.shape[1]):
            c = cs.stop - cs.start
            flat = planes.load(x[n, cs], -np.inf)
            best, where, tie = folds.separable(planes, flat, c, tied is not None, scratch)
            planes.crop(best, out[n, cs])
            if np.isnan(out[n, cs]).any():
                best, where, tie = folds.by_taps(planes, flat, c, tied is not None, scratch)
                planes.crop(best, out[n, cs])
            planes.crop(where, first[n, cs])
            if tie is not None:
                planes.crop(tie, tied[n, cs])


def _strided_forward_into(x, window: Window, layout: Layout, out_hw, out, first, tied,
                          budget: int) -> None:
    """:func:`_flat_forward_into`'s separable fold for NCHW windows that don't overlap (no
    padding), read straight from ``x`` (``pool_flat.StridedRows``). A block whose output holds a
    NaN is redone by the tap slices."""
    rows = pool_flat.StridedRows(window, out_hw, out.dtype, budget)
    scratch, folds = _Buffers(first.dtype), _Folds(first.dtype, out.dtype)
    for n in range(x.shape[0]):
        for cs in rows.blocks(x.shape[1]):
            block = (slice(n, n + 1), cs)
            folds.separable(rows, x[n, cs], cs.stop - cs.start, tied is not None, scratch,
                            (out[n, cs], first[n, cs], None if tied is None else tied[n, cs]))
            if np.isnan(out[n, cs]).any():
                if tied is not None:
                    tied[block] = False                  # the taps fold the flags from scratch
                _forward_into(x[block], window, layout, out_hw, out[block], first[block],
                              None if tied is None else tied[block], budget)


class _Folds:
    """The running arrays of :func:`_flat_forward_into`, reused from block to block."""

    def __init__(self, index_dtype, dtype):
        self.index_dtype = index_dtype
        self.rows = (Scratch(dtype), Scratch(index_dtype), Scratch(np.dtype(bool)))
        self.wide = (Scratch(dtype), Scratch(index_dtype), Scratch(np.dtype(bool)))
        self.candidate, self.kept = Scratch(index_dtype), Scratch(np.dtype(bool))

    def _take(self, scratches, shape, flag_ties: bool):
        best, where, tie = (scratch.take(shape) for scratch in scratches)
        if flag_ties:
            tie.fill(False)
        return best, where, tie if flag_ties else None

    def _fold(self, taps, best, where, tie, scratch) -> None:
        """Fold ``(t, view)`` taps, tap 0 first, into the running arrays."""
        for t, tap in taps:
            if t == 0:
                best[...] = tap
                where.fill(0)
            else:
                _step(tap, best, where, tie, self.index_dtype.type(t), scratch)

    def by_taps(self, planes, flat, c: int, flag_ties: bool, scratch):
        """Every tap in row-major order, as :func:`_forward_into` folds them."""
        best, where, tie = self._take(self.wide, (c, planes.wide), flag_ties)
        self._fold(planes.taps(flat, c), best, where, tie, scratch)
        return best, where, tie

    def separable(self, planes, flat, c: int, flag_ties: bool, scratch, into=None):
        """A window's rows first, then its columns (see :func:`_flat_forward_into`), into
        reused arrays or ``into``'s (maxima, first maxima, tie flags or None)."""
        row_best, row_where, row_tie = self._take(self.rows, planes.rows_shape(c), flag_ties)
        self._fold(planes.row_taps(flat, c), row_best, row_where, row_tie, scratch)
        best, where, tie = into or self._take(self.wide, planes.outputs_shape(c), flag_ties)
        for p in range(planes.HH):
            value, q = planes.column_tap(row_best, p), planes.column_tap(row_where, p)
            q_tied = None if tie is None else planes.column_tap(row_tie, p)
            if p == 0:
                best[...], where[...] = value, q
                if tie is not None:
                    tie[...] = q_tied
                continue
            wins = np.greater(value, best, out=scratch.wins.take(best.shape))
            if tie is not None:                          # kept unless beaten; or equalled;
                np.greater(tie, wins, out=tie)           # or a winner tied within its row
                np.logical_or(tie, np.equal(value, best, out=scratch.equal.take(best.shape)),
                              out=tie)
                np.logical_or(tie, np.logical_and(wins, q_tied, out=self.kept.take(best.shape)),
                              out=tie)
            np.maximum(best, value, out=best)
            tap = np.add(q, self.index_dtype.type(p * planes.WW),
                         out=self.candidate.take(best.shape))
            np.maximum(where, np.multiply(wins, tap, out=tap), out=where)   # p·WW + q grows
        return best, where, tie


class _Buffers:
    """Reused temporaries of one forward pass."""

    def __init__(self, index_dtype):
        self.wins, self.equal, self.won = (Scratch(np.dtype(bool)), Scratch(np.dtype(bool)),
                                           Scratch(index_dtype))


def _step(tap, running, where, tied, t, scratch: _Buffers) -> None:
    """Fold one tap into the running maximum, its first tap and (optionally) the tie flags."""
    wins = np.greater(tap, running, out=scratch.wins.take(running.shape))
    if tied is not None:
        np.greater(tied, wins, out=tied)                 # a new maximum: no tie (yet)
        np.logical_or(tied, np.equal(tap, running, out=scratch.equal.take(running.shape)),
                      out=tied)
    np.maximum(running, tap, out=running)
    # taps come in increasing order, so "t where wins" is max(where, wins·t): no branches
    np.maximum(where, np.multiply(wins, t, out=scratch.won.take(wins.shape)), out=where)


def max_backward(dout, x, first, window: Window, layout: Layout, dtype, tied=None, dx=None):
    """∂L/∂x of max pooling: each window's gradient to its first maximum (``first``), and, when
    ``tied`` is given (the "all" rule), to the other maxima of the flagged windows too. Written
    into ``dx`` when given (x's shape, ``dtype``, C-contiguous; any contents)."""
    in_hw, out_hw = hw(x, layout), hw(dout, layout)
    multipliable = _multipliable(dout, dtype)

    tiled = multipliable and tiles_exactly(window, in_hw, out_hw, layout)
    scatter = not tiled and pool_scatter.applies(window, layout, dtype)
    covered = multipliable and covers_once(window, in_hw, out_hw)    # each entry one product
    dx = zeroed(dx, x.shape, dtype, writes_all=covered or (scatter and layout is Layout.NCHW))

    def work(images: range, budget: int) -> None:
        part = slice(images.start, images.stop)
        if tiled:
            _tiled_backward_into(dx[part], dout[part], first[part], window, layout, out_hw,
                                 budget)
        elif scatter:
            pool_scatter.scatter_backward_into(dx[part], dout[part], first[part], window,
                                               layout, out_hw, budget)
        else:
            _backward_into(dx[part], dout[part], first[part], window, layout, in_hw, out_hw,
                           dtype, multipliable, budget)
        if tied is not None:
            _add_other_maxima(dx[part], dout[part], x[part], first[part], tied[part], window,
                              layout)

    backward_on_cores(work, x.shape[0], dtype, dx.nbytes + dout.nbytes)
    return dx


def _backward_into(dx, dout, first, window: Window, layout: Layout, in_hw, out_hw, dtype,
                   multipliable: bool, budget: int) -> None:
    is_tap = Scratch(np.dtype(bool))
    pieces = Scratch(dtype) if multipliable else None
    alone = disjoint(window)
    for n, rows in blocks(dx, layout, out_hw, np.dtype(dtype).itemsize, budget):
        block = region(layout, n, rows, slice(None))
        for t, o_r, o_c, i_r, i_c in tap_slices(window, in_hw, out_hw, rows):
            at, target = region(layout, slice(None), o_r, o_c), dx[region(layout, n, i_r, i_c)]
            mask = np.equal(first[block][at], t, out=is_tap.take(target.shape))
            _add_where(target, dout[block][at], mask, pieces, alone)


def _tiled_backward_into(dx, dout, first, window: Window, layout: Layout, out_hw,
                         budget: int) -> None:
    """dx of windows that tile an NHWC input, in two whole-block operations written in dx's
    memory order: seen as ``(N, H_out, HH, W_out, WW, C)``, each entry is its window's gradient
    where its tap is the window's first maximum, else 0 (finite floats only: ``dout · mask``)."""
    HH, WW = window.kernel
    taps = (np.arange(HH)[:, None] * WW + np.arange(WW)).astype(first.dtype)
    taps = taps[:, None, :, None]                                 # (HH, 1, WW, 1)
    tiles, spread = as_tiles(dx, window, out_hw)
    is_tap = Scratch(np.dtype(bool))
    for n, rows in blocks(dout, layout, out_hw, dx.itemsize * HH * WW, budget):
        block = region(layout, n, rows, slice(None))
        target = tiles[block]
        mask = np.equal(spread(first[block]), taps, out=is_tap.take(target.shape))
        np.multiply(spread(dout[block]), mask, out=target)


def _multipliable(dout: np.ndarray, dtype) -> bool:
    """Can ``dout · mask`` stand for ``where(mask, dout, 0)``? Only for finite real numbers
    (``inf · 0`` is NaN; sympy refuses ``True · Rational``)."""
    return np.dtype(dtype).kind == "f" and bool(np.isfinite(dout).all())


def _add_where(target, grad, mask, pieces: Scratch | None, alone: bool) -> None:
    """``target += grad`` where ``mask``: as ``grad · mask`` (branch-free; a masked ufunc is
    many times slower on random masks) when ``pieces`` is given, else as a masked add. When the
    windows are ``alone`` (disjoint), ``target`` holds zeros and is simply overwritten."""
    if pieces is None:
        np.add(target, grad, out=target, where=mask)
    elif alone:
        np.multiply(grad, mask, out=target)
    else:
        np.add(target, np.multiply(grad, mask, out=pieces.take(grad.shape)), out=target)


def _add_other_maxima(dx, dout, x, first, tied, window: Window, layout: Layout) -> None:
    """The "all" rule's extra: in each flagged window, every other entry equal to the
    maximum also receives the window's gradient. Works on the flagged windows only."""
    flagged = np.nonzero(tied)
    if not flagged[0].size:
        return
    n, c, i, j = flagged if layout is Layout.NCHW else (flagged[0], flagged[3], *flagged[1:3])
    H, W = hw(x, layout)
    (HH, WW), (s_h, s_w), (d_h, d_w) = window.kernel, window.stride, window.dilation
    (top, _), (left, _) = window.padding
    grad, chosen = dout[flagged], first[flagged].astype(np.intp)

    def read(p, q):                                      # entries at tap (p, q), and validity
        r, col = i * s_h + p * d_h - top, j * s_w + q * d_w - left
        inside = (r >= 0) & (r < H) & (col >= 0) & (col < W)
        r, col = np.where(inside, r, 0), np.where(inside, col, 0)
        index = (n, r, col, c) if layout is Layout.NHWC else (n, c, r, col)
        return index, x[index], inside

    _, peak, inside = read(chosen // WW, chosen % WW)
    peak = np.where(inside, peak, -np.inf)
    for t in range(HH * WW):
        index, value, inside = read(t // WW, t % WW)
        hit = inside & (chosen != t) & (value == peak)
        np.add.at(dx, tuple(a[hit] for a in index), grad[hit])

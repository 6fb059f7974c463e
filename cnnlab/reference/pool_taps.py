"""Pooling as one pass per kernel tap, in the caller's layout, block by block; and the average
pooling kernels built on it (max pooling's are in ``pool_max``).

Tap ``(p, q)`` of every window reads the input at ``(i·s_h + p·d_h - top, j·s_w + q·d_w - left)``:
over all outputs ``(i, j)`` that is one strided slice of the input, and one of the output. A
kernel therefore walks the ``HH·WW`` taps in row-major order and updates the output with a
whole-array operation per tap. Only the outputs whose tap lands inside the input take part (the
padding is never materialised), and the output is processed in blocks of a few images, or of a
band of output rows, of about :data:`BLOCK_BYTES`, so that a block's running arrays stay in cache
across the taps. Disjoint windows (stride at least the extent) let a backward pass write ``dx``
instead of adding to it.

All functions work on NHWC ``(N, H, W, C)`` and NCHW ``(N, C, H, W)`` arrays alike, and on
``dtype=object`` arrays. NCHW float layers whose windows overlap take padded planes instead
(``pool_flat``), where each tap is one run per channel rather than one per output row.
"""

import numpy as np

from cnnlab.reference import pool_flat, threads
from cnnlab.reference.geometry import Window
from cnnlab.reference.im2col import Scratch, chunks
from cnnlab.reference.layouts import Layout

__all__ = ["BACKWARD_BLOCK_BYTES", "BLOCK_BYTES", "SHARED_BLOCK_BYTES", "SHARED_NCHW_BLOCK_BYTES",
           "as_tiles", "average_backward", "average_forward", "axis_spans", "backward_on_cores",
           "blocks", "covers_once", "disjoint", "divisor", "forward_on_cores", "hw", "is_whole",
           "on_cores", "out_shape", "region", "tap_slices", "tiles_exactly", "zeroed"]

BLOCK_BYTES = 256 << 10
"""Target size of the output block one sweep over the taps works on."""

SHARED_BLOCK_BYTES = 1 << 20
"""The same when the images are shared among threads: larger blocks, fewer ufunc calls, so that
the threads wait less on each other for the GIL between calls (measured: 1 MiB beats 256 KiB
with two threads, and loses alone)."""

SHARED_NCHW_BLOCK_BYTES = 4 << 20
"""The forward's NCHW blocks on threads (padded planes of a group of channels, or bands of the
tap slices): fewer, larger ufunc calls still (measured on 16×112×112×64 with two threads,
against 1 MiB: max 3×3 windows 0.74-0.87× the time, others 0.96-1.02×; NHWC gained
nothing)."""

BACKWARD_BLOCK_BYTES = 1 << 20
"""Block size of every backward pass, on threads or not. Where windows overlap, an entry of
``dx`` on the edge of two blocks of output rows adds their gradients in an order the edge
decides (in float64 ``np.bincount`` too), so the block size must not depend on how many threads
run, or ``dx`` would change in its last bits with the machine. 1 MiB: measured alone, as fast
as 256 KiB or faster, but for max 3×3 s1 in NHWC float32 (1.3× slower); on two threads 1.1-1.7×
faster."""

Span = tuple[slice, slice] | None          # (output positions, input positions), or no overlap


def axis_spans(n: int, n_out: int, f: int, s: int, d: int, before: int,
               lo_out: int = 0, hi_out: int | None = None) -> list[Span]:
    """Per tap ``p`` of one axis: the outputs in ``[lo_out, hi_out)`` whose tap ``p`` reads
    inside the input (relative to ``lo_out``), and the input positions they read.

    >>> axis_spans(n=5, n_out=3, f=3, s=2, d=1, before=1)   # 5 inputs, 3x3 s2 p1
    [(slice(1, 3, None), slice(1, 4, 2)), (slice(0, 3, None), slice(0, 5, 2)), \
(slice(0, 2, None), slice(1, 4, 2))]
    """
    hi_out = n_out if hi_out is None else hi_out
    spans: list[Span] = []
    for p in range(f):
        offset = p * d - before                       # input read by output 0
        lo = max(lo_out, -(offset // s))              # first i with i·s + offset >= 0
        hi = min(hi_out, (n - 1 - offset) // s + 1)   # past the last i with i·s + offset < n
        if hi <= lo:
            spans.append(None)
            continue
        start = lo * s + offset
        spans.append((slice(lo - lo_out, hi - lo_out), slice(start, start + (hi - lo - 1) * s + 1,
                                                             s)))
    return spans


def tap_slices(window: Window, in_hw, out_hw, rows: slice):
    """Yield ``(t, out_rows, out_cols, in_rows, in_cols)`` for output rows ``rows``, in
    row-major tap order, skipping taps that read only padding there."""
    (HH, WW), (s_h, s_w), (d_h, d_w) = window.kernel, window.stride, window.dilation
    (top, _), (left, _) = window.padding
    row_spans = axis_spans(in_hw[0], out_hw[0], HH, s_h, d_h, top, rows.start, rows.stop)
    col_spans = axis_spans(in_hw[1], out_hw[1], WW, s_w, d_w, left)
    for p, row_span in enumerate(row_spans):
        for q, col_span in enumerate(col_spans):
            if row_span is not None and col_span is not None:
                yield p * WW + q, row_span[0], col_span[0], row_span[1], col_span[1]


def region(layout: Layout, n, rows, cols) -> tuple:
    """Index images ``n``, rows and columns of an array in ``layout`` (all channels)."""
    return (n, rows, cols) if layout is Layout.NHWC else (n, slice(None), rows, cols)


def blocks(x: np.ndarray, layout: Layout, out_hw, itemsize: int, budget: int | None = None):
    """Yield ``(n, rows)`` slices of the output, each about ``budget`` (:data:`BLOCK_BYTES`)."""
    N, C = x.shape[0], x.shape[3] if layout is Layout.NHWC else x.shape[1]
    budget = BLOCK_BYTES if budget is None else budget
    for n0, n1, h0, h1 in chunks(N, out_hw[0], out_hw[1] * C * itemsize, budget):
        yield slice(n0, n1), slice(h0, h1)


def on_cores(work, N: int, dtype, size: int, *, alone: int | None = None,
             shared: int | None = None) -> None:
    """``work(images, budget)`` over ``range(N)``: for floats the images are shared among the
    cores (``threads``), each thread's blocks of ``shared`` bytes (:data:`SHARED_BLOCK_BYTES`
    by default); exact and symbolic arrays (``dtype=object``), one core, or a job of ``size``
    bytes below ``threads.SMALL_BYTES``, run in the calling thread, blocks of ``alone`` bytes
    (:data:`BLOCK_BYTES`). ``work`` writes only its own images."""
    if (np.dtype(dtype).kind == "f" and size >= threads.SMALL_BYTES
            and threads.workers(N) > 1):
        budget = SHARED_BLOCK_BYTES if shared is None else shared
        threads.run_split(lambda images: work(images, budget), N, blas=False)
    else:
        work(range(N), BLOCK_BYTES if alone is None else alone)


def forward_on_cores(work, N: int, dtype, size: int, layout: Layout) -> None:
    """:func:`on_cores` for a forward pass: on threads, NCHW blocks of
    :data:`SHARED_NCHW_BLOCK_BYTES` (its results don't depend on the blocks)."""
    on_cores(work, N, dtype, size,
             shared=SHARED_NCHW_BLOCK_BYTES if layout is Layout.NCHW else None)


def backward_on_cores(work, N: int, dtype, size: int) -> None:
    """:func:`on_cores` for a backward pass: blocks of :data:`BACKWARD_BLOCK_BYTES` either
    way."""
    on_cores(work, N, dtype, size, alone=BACKWARD_BLOCK_BYTES, shared=BACKWARD_BLOCK_BYTES)


def zeroed(dx, shape, dtype, writes_all: bool) -> np.ndarray:
    """The array a backward pass adds into: new zeros, or the caller's ``dx`` zeroed, unless the
    pass will write each of its entries (``writes_all``), which then spares the zeroing."""
    if dx is None:
        return np.zeros(shape, dtype)
    if not writes_all:
        dx.fill(0)
    return dx


def is_whole(out_rows: slice, out_cols: slice, block: np.ndarray, layout: Layout) -> bool:
    h, w = block.shape[1:3] if layout is Layout.NHWC else block.shape[2:4]
    return out_rows == slice(0, h) and out_cols == slice(0, w)


def average_forward(x, window: Window, layout: Layout, out_hw, dtype, count_include_pad: bool,
                    counted=None):
    """Average pooling of ``x`` (in ``layout``): the sum over the taps, over :func:`divisor`
    (``counted`` as there)."""
    out = np.empty(out_shape(x, layout, out_hw), dtype)
    share = divisor(window, hw(x, layout), out_hw, layout, count_include_pad, dtype, counted)

    into = (_flat_average_into if pool_flat.applies(window, layout, dtype)
            else _average_into)

    def work(images: range, budget: int) -> None:
        part = slice(images.start, images.stop)
        into(x[part], window, layout, out_hw, out[part], share, budget)

    forward_on_cores(work, x.shape[0], dtype, x.nbytes + out.nbytes, layout)
    return out


def _flat_average_into(x, window: Window, layout: Layout, out_hw, out, share,
                       budget: int) -> None:
    """:func:`_average_into` for NCHW: each tap one shifted view of zero-padded
    planes (``pool_flat``; a zero adds nothing, as a skipped tap doesn't)."""
    planes = pool_flat.FlatPlanes(window, hw(x, layout), out_hw, out.dtype, budget)
    totals, share = Scratch(out.dtype), share if np.ndim(share) == 0 else share[0]
    for n in range(x.shape[0]):
        for cs in planes.blocks(x.shape[1]):
            c = cs.stop - cs.start
            flat, total = planes.load(x[n, cs], 0), totals.take((c, planes.wide))
            for t, tap in planes.taps(flat, c):
                if t == 0:
                    total[...] = tap
                else:
                    np.add(total, tap, out=total)
            block = out[n, cs]
            planes.crop(total, block)
            np.divide(block, share, out=block)


def _average_into(x, window: Window, layout: Layout, out_hw, out, share, budget: int) -> None:
    for n, rows in blocks(x, layout, out_hw, out.itemsize, budget):
        total = out[region(layout, n, rows, slice(None))]
        taps = list(tap_slices(window, hw(x, layout), out_hw, rows))
        _, o_r, o_c, i_r, i_c = taps[0]
        if is_whole(o_r, o_c, total, layout):
            total[...], taps = x[region(layout, n, i_r, i_c)], taps[1:]
        else:
            total.fill(0)
        for _, o_r, o_c, i_r, i_c in taps:
            running = total[region(layout, slice(None), o_r, o_c)]
            np.add(running, x[region(layout, n, i_r, i_c)], out=running)
        np.divide(total, _rows_of(share, layout, rows), out=total)


def average_backward(dout, x, window: Window, layout: Layout, count_include_pad: bool, dtype,
                     counted=None, dx=None):
    """∂L/∂x of average pooling: each window's gradient over its divisor, to every tap. Written
    into ``dx`` when given (x's shape, ``dtype``, C-contiguous; any contents)."""
    in_hw, out_hw = hw(x, layout), hw(dout, layout)
    share = divisor(window, in_hw, out_hw, layout, count_include_pad, dtype, counted)

    tiled = np.dtype(dtype).kind == "f" and tiles_exactly(window, in_hw, out_hw, layout)
    flat = pool_flat.applies(window, layout, dtype)
    dx = zeroed(dx, x.shape, dtype,                      # the planes hold the entries read
                writes_all=tiled or covers_once(window, in_hw, out_hw)
                or (flat and reads_every_entry(window, in_hw, out_hw)))

    def work(images: range, budget: int) -> None:
        part = slice(images.start, images.stop)
        if tiled:
            _tiled_spread_into(dx[part], dout[part], window, layout, out_hw, share, budget)
        elif flat:
            _flat_spread_into(dx[part], dout[part], window, layout, out_hw, share, budget)
        else:
            _spread_into(dx[part], dout[part], window, layout, in_hw, out_hw, share, dtype,
                         budget)

    backward_on_cores(work, x.shape[0], dtype, dx.nbytes + dout.nbytes)
    return dx


def _tiled_spread_into(dx, dout, window: Window, layout: Layout, out_hw, share,
                       budget: int) -> None:
    """dx of windows that tile the input: each entry its window's gradient over the divisor,
    written once, in dx's memory order (one operation per block)."""
    tiles, spread = as_tiles(dx, window, out_hw)
    HH, WW = window.kernel
    for n, rows in blocks(dout, layout, out_hw, dx.itemsize * HH * WW, budget):
        block = region(layout, n, rows, slice(None))
        share_rows = _rows_of(share, layout, rows)
        np.divide(spread(dout[block]),
                  share_rows if np.ndim(share_rows) == 0 else spread(share_rows),
                  out=tiles[block])


def _flat_spread_into(dx, dout, window: Window, layout: Layout, out_hw, share,
                      budget: int) -> None:
    """:func:`_spread_into` for NCHW: each tap adds the gradients over the divisor
    to one shifted view of zeroed padded planes, then cropped into ``dx``."""
    planes = pool_flat.FlatPlanes(window, hw(dx, layout), out_hw, dx.dtype, budget)
    grads, share = Scratch(dx.dtype), share if np.ndim(share) == 0 else share[0]
    H_out, W_out = out_hw
    for n in range(dx.shape[0]):
        for cs in planes.blocks(dx.shape[1]):
            c = cs.stop - cs.start
            grad = planes.widen(dout[n, cs], grads.take((c, planes.wide)))
            real = grad.reshape(c, H_out, planes.Ws)[:, :, :W_out]
            np.divide(real, share, out=real)
            flat = planes.zeros(c)
            for _, tap in planes.taps(flat, c):
                np.add(tap, grad, out=tap)
            planes.unload(flat, dx[n, cs])


def _spread_into(dx, dout, window: Window, layout: Layout, in_hw, out_hw, share, dtype,
                 budget: int) -> None:
    spread, alone = Scratch(dtype), disjoint(window)
    for n, rows in blocks(dx, layout, out_hw, np.dtype(dtype).itemsize, budget):
        grad = dout[region(layout, n, rows, slice(None))]
        g = np.divide(grad, _rows_of(share, layout, rows), out=spread.take(grad.shape))
        for _, o_r, o_c, i_r, i_c in tap_slices(window, in_hw, out_hw, rows):
            target = dx[region(layout, n, i_r, i_c)]
            piece = g[region(layout, slice(None), o_r, o_c)]
            if alone:                                       # nothing there yet
                np.copyto(target, piece)
            else:
                np.add(target, piece, out=target)
    return dx


def covers_once(window: Window, in_hw, out_hw) -> bool:
    """Do the windows tile the input (stride = kernel, no padding or dilation, nothing left
    over)? Then every input entry is one tap of one window."""
    return (window.stride == window.kernel and window.dilation == (1, 1)
            and window.padding == ((0, 0), (0, 0))
            and all(n == o * s for n, o, s in zip(in_hw, out_hw, window.stride, strict=True)))


def reads_every_entry(window: Window, in_hw, out_hw) -> bool:
    """Does some tap of some window read each input row and each input column? (Not when
    the last rows or columns lie past the last window in floor mode, or between windows.)"""
    for n, o, k, s, d, (before, _) in zip(in_hw, out_hw, window.kernel, window.stride,
                                          window.dilation, window.padding, strict=True):
        read = (np.arange(o)[:, None] * s + np.arange(k) * d - before).ravel()
        if np.unique(read[(read >= 0) & (read < n)]).size != n:
            return False
    return True


def tiles_exactly(window: Window, in_hw, out_hw, layout: Layout) -> bool:
    """Do the windows tile an NHWC input (:func:`covers_once`)? Then a backward pass can write
    ``dx`` in memory order with channels as the inner loop. (In NCHW that inner loop would be
    a window's ``WW`` columns, two or three values: slower than the tap loop.)"""
    return layout is Layout.NHWC and covers_once(window, in_hw, out_hw)


def as_tiles(a: np.ndarray, window: Window, out_hw):
    """An input-shaped C-contiguous NHWC array of windows that tile it (:func:`tiles_exactly`)
    seen as ``(N, H_out, HH, W_out, WW, C)``, and a function that spreads an output-shaped
    array over the window axes (new axes, for broadcasting)."""
    HH, WW = window.kernel
    N, _, _, C = a.shape
    return a.reshape(N, out_hw[0], HH, out_hw[1], WW, C), lambda b: b[:, :, None, :, None, :]


def disjoint(window: Window) -> bool:
    """Do the windows never share an input entry (stride at least the extent on both axes)?
    Then each entry of ``dx`` receives from at most one tap of one window."""
    return all(s >= e for s, e in zip(window.stride, window.extent, strict=True))


def divisor(window: Window, in_hw, out_hw, layout: Layout, count_include_pad: bool, dtype,
            counted=None):
    """Average pooling's divisor, shaped to broadcast against the output in ``layout``.

    Without ``count_include_pad``, the number of real entries of each window. With it, the
    number of its entries inside the input padded by ``counted`` (``((top, bottom), (left,
    right))``, by default the window's padding, where every tap lies: ``HH·WW``); a smaller
    ``counted`` leaves out what a clipped last window hangs over.
    """
    HH, WW = window.kernel
    counted = window.padding if counted is None else counted
    if count_include_pad and counted == window.padding:
        return HH * WW
    counts = []
    for axis, (n, n_out, f, s, d, (before, _), (top, bottom)) in enumerate(zip(
            in_hw, out_hw, window.kernel, window.stride, window.dilation, window.padding,
            counted, strict=True)):
        if count_include_pad:                               # the counted padding is "input"
            n, before = top + n + bottom, before - top
        real = np.zeros(n_out, np.int64)
        for span in axis_spans(n, n_out, f, s, d, before):
            if span is not None:
                real[span[0]] += 1
        counts.append(real if axis else real[:, None])
    real = (counts[0] * counts[1]).astype(dtype)           # (H_out, W_out)
    return real[None, :, :, None] if layout is Layout.NHWC else real[None, None]


def _rows_of(share, layout: Layout, rows: slice):
    if np.ndim(share) == 0:
        return share
    return share[:, rows] if layout is Layout.NHWC else share[:, :, rows]


def hw(a: np.ndarray, layout: Layout) -> tuple[int, int]:
    return a.shape[1:3] if layout is Layout.NHWC else a.shape[2:4]


def out_shape(x: np.ndarray, layout: Layout, out_hw) -> tuple[int, int, int, int]:
    N, C = x.shape[0], x.shape[3] if layout is Layout.NHWC else x.shape[1]
    return (N, *out_hw, C) if layout is Layout.NHWC else (N, C, *out_hw)

"""NCHW pooling over padded planes, where every kernel tap is one flat shift.

In NCHW, a tap's slice (``pool_taps``) is a run of ``W_out`` values per row and channel (at
stride 2, a run of single values), and numpy's cost per run dominates. Instead, a block of
channels is first copied into padded planes (the padding filled with ``-inf`` for max pooling,
0 for average pooling) split by the phase of the row and of the column modulo the stride:
padded entry ``(s_h·i + a, s_w·k + b)`` goes to sub-plane ``(a, b)`` at ``(i, k)``. Output
``(r, j)``'s tap ``(p, q)`` then reads sub-plane ``(p mod s_h, q mod s_w)`` at
``(r + p div s_h, j + q div s_w)``: on "wide" output rows of ``Ws`` values (a sub-plane's width),
flat index ``r·Ws + j`` plus a fixed offset. So each tap is a single shifted view of the planes,
one run per channel. The last ``Ws - W_out`` values of each wide row read across the row's end;
they are spare, never stored (and carry a zero gradient in the backward passes). Only the
copies in and out of the caller's arrays pay the per-run cost, once each.

The taps are folded exactly as ``pool_taps`` and ``pool_max`` fold them (same order, same
running values), with the padding standing for itself instead of being skipped: a padded entry
never beats a real one (and a NaN spreads through ``maximum`` from any tap), and adds nothing
to a sum, so the results are the same; gradients are summed tap by tap over whole channels
rather than a band of rows at a time, so ``dx`` may differ in its last bit.

:class:`StridedRows` gives max pooling's separable fold the same views for NCHW windows that
don't overlap, read straight from the input (no copy: each entry is read once there).
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

from cnnlab.reference.geometry import Window
from cnnlab.reference.im2col import Scratch
from cnnlab.reference.layouts import Layout

__all__ = ["FlatPlanes", "applies"]


def applies(window: Window, layout: Layout, dtype) -> bool:
    """True for NCHW float pooling without dilation whose windows overlap (stride below the
    kernel along an axis). Disjoint windows read each entry once: the phase-split copy would
    cost as much as their taps do (measured: 2×2 s2 float64, 0.9× torch by taps, 1.5× so)."""
    return (layout is Layout.NCHW and np.dtype(dtype).kind == "f"
            and window.dilation == (1, 1)
            and any(s < k for s, k in zip(window.stride, window.kernel, strict=True)))


class _ChannelBlocks:
    """Blocks of at most ``channels`` channels of one image."""

    channels: int

    def blocks(self, C: int):
        """Channel ranges of at most :attr:`channels`."""
        return (slice(c, min(C, c + self.channels)) for c in range(0, C, self.channels))


class FlatPlanes(_ChannelBlocks):
    """Reused padded, phase-split planes and wide rows for blocks of channels of one image."""

    def __init__(self, window: Window, in_hw, out_hw, dtype, budget: int):
        (HH, WW), (self.s_h, self.s_w) = window.kernel, window.stride
        self.HH, self.WW = HH, WW
        (self.top, _), (self.left, _) = window.padding
        self.in_hw, self.out_hw, self.dtype = in_hw, out_hw, np.dtype(dtype)
        self.Hs = out_hw[0] + (HH - 1) // self.s_h              # rows of a sub-plane
        self.Ws = out_hw[1] + (WW - 1) // self.s_w              # its width: a wide row
        self.sub = self.Hs * self.Ws
        self.plane = self.s_h * self.s_w * self.sub              # one channel, all phases
        self.wide = out_hw[0] * self.Ws                          # one channel's wide rows
        self.offsets = [((p % self.s_h * self.s_w + q % self.s_w) * self.sub
                         + p // self.s_h * self.Ws + q // self.s_w)
                        for p in range(HH) for q in range(WW)]
        self.spare = max(max(self.offsets) + self.wide - self.plane,  # read past the last
                         (WW - 1) // self.s_w)                     # plane (taps, row taps)
        self.channels = max(1, budget // (self.plane * self.dtype.itemsize))
        self.padded = Scratch(self.dtype)
        self.fill = None

    def _flat(self, c: int) -> np.ndarray:
        return self.padded.take((c * self.plane + max(0, self.spare),))

    def _phases(self, flat: np.ndarray, c: int):
        """Yield, per phase ``(a, b)``: the image rows and columns stored there, as slices of
        the image, and the sub-plane entries they go to, as a (c, rows, cols) view."""
        H, W = self.in_hw
        planes = flat[:c * self.plane].reshape(c, self.s_h, self.s_w, self.Hs, self.Ws)
        for a in range(self.s_h):
            y0 = (a - self.top) % self.s_h                       # first image row of phase a
            i0 = (y0 + self.top) // self.s_h
            rows = min(len(range(y0, H, self.s_h)), self.Hs - i0)
            for b in range(self.s_w):
                x0 = (b - self.left) % self.s_w
                k0 = (x0 + self.left) // self.s_w
                cols = min(len(range(x0, W, self.s_w)), self.Ws - k0)
                if rows > 0 and cols > 0:
                    yield ((slice(y0, y0 + (rows - 1) * self.s_h + 1, self.s_h),
                            slice(x0, x0 + (cols - 1) * self.s_w + 1, self.s_w)),
                           planes[:, a, b, i0:i0 + rows, k0:k0 + cols])

    def load(self, image: np.ndarray, fill) -> np.ndarray:
        """Copy ``image`` (c, H, W) into padded planes whose border is ``fill``; flat."""
        c = image.shape[0]
        flat = self._flat(c)
        if self.fill != (fill, c, flat.ctypes.data):             # the border stays as set
            flat.fill(fill)
            self.fill = (fill, c, flat.ctypes.data)
        for (rows, cols), target in self._phases(flat, c):
            target[...] = image[:, rows, cols]
        return flat

    def zeros(self, c: int) -> np.ndarray:
        """Zeroed padded planes for ``c`` channels (a backward pass's ``dx``), flat."""
        self.fill = None
        flat = self._flat(c)
        flat.fill(0)
        return flat

    def unload(self, flat: np.ndarray, block: np.ndarray) -> None:
        """Copy the unpadded entries of flat padded planes into ``block`` (c, H, W)."""
        for (rows, cols), source in self._phases(flat, block.shape[0]):
            block[:, rows, cols] = source

    def taps(self, flat: np.ndarray, c: int):
        """Yield ``(t, view)``: tap ``t``'s entries for every wide output, as a (c, wide)
        view of the flat padded planes (row-major tap order)."""
        step = flat.itemsize
        for t, offset in enumerate(self.offsets):
            yield t, as_strided(flat[offset:], (c, self.wide), (self.plane * step, step))

    def rows_shape(self, c: int) -> tuple[int, ...]:
        """Shape of the row maxima :meth:`row_taps` feed: (c, s_h, sub)."""
        return c, self.s_h, self.sub

    def outputs_shape(self, c: int) -> tuple[int, ...]:
        """Shape of the wide outputs: (c, wide)."""
        return c, self.wide

    def row_taps(self, flat: np.ndarray, c: int):
        """Yield ``(q, view)``: column tap ``q`` of every padded row, as a (c, s_h, sub) view
        (per row phase, the sub-plane's rows on wide columns): what a window's row reads, for
        :meth:`column_taps` to fold."""
        step = flat.itemsize
        for q in range(self.WW):
            offset = q % self.s_w * self.sub + q // self.s_w
            yield q, as_strided(flat[offset:], (c, self.s_h, self.sub),
                                (self.plane * step, self.s_w * self.sub * step, step))

    def column_tap(self, rows: np.ndarray, p: int) -> np.ndarray:
        """Row tap ``p`` of every wide output, as a (c, wide) view of ``rows`` (c, s_h, sub),
        values per padded row as :meth:`row_taps` lays them out."""
        start = p // self.s_h * self.Ws
        return rows[:, p % self.s_h, start:start + self.wide]

    def widen(self, block: np.ndarray, wide: np.ndarray) -> np.ndarray:
        """Copy an output-shaped ``block`` (c, H_out, W_out) into ``wide`` (c, wide), its spare
        values 0."""
        rows = wide.reshape(block.shape[0], self.out_hw[0], self.Ws)
        rows[:, :, self.out_hw[1]:] = 0
        rows[:, :, :self.out_hw[1]] = block
        return wide

    def crop(self, wide: np.ndarray, block: np.ndarray) -> None:
        """Copy the real values of ``wide`` (c, wide) into ``block`` (c, H_out, W_out)."""
        block[...] = wide.reshape(block.shape[0], self.out_hw[0], self.Ws)[:, :, :self.out_hw[1]]


def strided_applies(window: Window, layout: Layout, dtype) -> bool:
    """True for NCHW float64 max pooling whose windows don't overlap (stride at least the
    kernel), without padding or dilation: :class:`StridedRows` reads them straight from the
    input. (2×2 s2 on 16×112×112×64, against the tap slices: float64 0.75–0.86× with two
    threads, 0.77–0.84× on one; float32 0.76–0.80× on one thread but 1.04–1.17× on two.)"""
    return (layout is Layout.NCHW and np.dtype(dtype) == np.float64
            and window.dilation == (1, 1) and window.padding == ((0, 0), (0, 0))
            and all(s >= k for s, k in zip(window.stride, window.kernel, strict=True)))


class StridedRows(_ChannelBlocks):
    """The separable max's views of an unpadded NCHW block, for windows that don't overlap.

    A column tap of every input row is one strided view of the block; where the width is the
    stride times the output width, numpy runs it as one long strided loop per channel (no
    padded copy: each entry is read once, so a copy would cost what the taps do). A row tap of
    the row maxima is a view of every ``s_h``-th row.
    """

    def __init__(self, window: Window, out_hw, dtype, budget: int):
        (self.HH, self.WW), (self.s_h, self.s_w) = window.kernel, window.stride
        self.out_hw = out_hw
        self.rows = (out_hw[0] - 1) * self.s_h + self.HH           # input rows the windows read
        self.channels = max(1, budget // (self.rows * out_hw[1] * np.dtype(dtype).itemsize))

    def rows_shape(self, c: int) -> tuple[int, ...]:
        return c, self.rows, self.out_hw[1]

    def outputs_shape(self, c: int) -> tuple[int, ...]:
        return c, *self.out_hw

    def row_taps(self, block: np.ndarray, c: int):
        """Yield ``(q, view)``: column tap ``q`` of every input row a window reads,
        (c, rows, W_out), for ``block`` (c, H, W)."""
        span = (self.out_hw[1] - 1) * self.s_w + 1
        for q in range(self.WW):
            yield q, block[:c, :self.rows, q:q + span:self.s_w]

    def column_tap(self, rows: np.ndarray, p: int) -> np.ndarray:
        """Row tap ``p`` of every output, (c, H_out, W_out), a view of the row maxima."""
        return rows[:, p:p + (self.out_hw[0] - 1) * self.s_h + 1:self.s_h]

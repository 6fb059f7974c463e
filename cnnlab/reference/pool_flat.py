"""NCHW pooling at stride 1 over padded planes, where every kernel tap is one flat shift.

In NCHW, a tap's slice (``pool_taps``) is a run of ``W_out`` values per row and channel, and
numpy's cost per run dominates. At stride 1 without dilation, output ``(r, j)`` of a channel
plane padded to ``Hp × Wp`` reads the padded entry ``(r + p, j + q)``: flat index
``r·Wp + j + (p·Wp + q)``. So a block of channels is first copied into padded planes (the
padding filled with ``-inf`` for max pooling, 0 for average pooling), the outputs are computed
on "wide" rows of ``Wp`` values, and each tap is a single shifted view of the planes: one run
per channel. The last ``Wp - W_out`` values of each wide row read across the row's end; they
are spare, never stored (and carry a zero gradient in the backward passes). Only the crops back
into the caller's arrays pay the per-run cost, once.

The taps are folded exactly as ``pool_taps`` and ``pool_max`` fold them (same order, same
running values), with the padding standing for itself instead of being skipped: a padded entry
never beats a real one, and adds nothing to a sum, so the results are the same.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

from cnnlab.reference.geometry import Window
from cnnlab.reference.im2col import Scratch
from cnnlab.reference.layouts import Layout

__all__ = ["FlatPlanes", "applies"]


def applies(window: Window, layout: Layout, dtype, in_hw, out_hw) -> bool:
    """True for NCHW float pooling at stride 1 without dilation (the padded planes then hold
    every entry a window reads)."""
    (HH, WW), ((top, bottom), (left, right)) = window.kernel, window.padding
    return (layout is Layout.NCHW and np.dtype(dtype).kind == "f"
            and window.stride == (1, 1) and window.dilation == (1, 1)
            and out_hw[0] + HH - 1 == in_hw[0] + top + bottom
            and out_hw[1] + WW - 1 == in_hw[1] + left + right)


class FlatPlanes:
    """Reused padded planes and wide rows for blocks of channels of one image at a time."""

    def __init__(self, window: Window, in_hw, out_hw, dtype, budget: int):
        (self.HH, self.WW), ((self.top, _), (self.left, _)) = window.kernel, window.padding
        self.in_hw, self.out_hw, self.dtype = in_hw, out_hw, np.dtype(dtype)
        self.Hp, self.Wp = out_hw[0] + self.HH - 1, out_hw[1] + self.WW - 1
        self.plane = self.Hp * self.Wp
        self.wide = out_hw[0] * self.Wp                          # one channel's wide rows
        self.channels = max(1, budget // (self.plane * self.dtype.itemsize))
        self.padded = Scratch(self.dtype)
        self.fill = None

    def blocks(self, C: int):
        """Channel ranges of at most :attr:`channels`."""
        return (slice(c, min(C, c + self.channels)) for c in range(0, C, self.channels))

    def load(self, image: np.ndarray, fill) -> np.ndarray:
        """Copy ``image`` (c, H, W) into padded planes whose border is ``fill``: flat, with
        ``WW`` spare values past the last plane for the last row's spare reads."""
        c = image.shape[0]
        flat = self.padded.take((c * self.plane + self.WW,))
        planes = flat[:c * self.plane].reshape(c, self.Hp, self.Wp)
        if self.fill != (fill, c, flat.ctypes.data):             # the border stays as set
            flat.fill(fill)
            self.fill = (fill, c, flat.ctypes.data)
        H, W = self.in_hw
        planes[:, self.top:self.top + H, self.left:self.left + W] = image
        return flat

    def zeros(self, c: int) -> np.ndarray:
        """Zeroed padded planes for ``c`` channels (a backward pass's ``dx``), flat."""
        self.fill = None
        flat = self.padded.take((c * self.plane + self.WW,))
        flat.fill(0)
        return flat

    def taps(self, flat: np.ndarray, c: int):
        """Yield ``(t, view)``: tap ``t``'s entries for every wide output, as a (c, wide)
        view of the flat padded planes (row-major tap order)."""
        step = flat.itemsize
        for p in range(self.HH):
            for q in range(self.WW):
                offset = p * self.Wp + q
                yield p * self.WW + q, as_strided(flat[offset:], (c, self.wide),
                                                  (self.plane * step, step))

    def widen(self, block: np.ndarray, wide: np.ndarray) -> np.ndarray:
        """Copy an output-shaped ``block`` (c, H_out, W_out) into ``wide`` (c, wide), its spare
        values 0."""
        rows = wide.reshape(block.shape[0], self.out_hw[0], self.Wp)
        rows[:, :, self.out_hw[1]:] = 0
        rows[:, :, :self.out_hw[1]] = block
        return wide

    def crop(self, wide: np.ndarray, block: np.ndarray) -> None:
        """Copy the real values of ``wide`` (c, wide) into ``block`` (c, H_out, W_out)."""
        block[...] = wide.reshape(block.shape[0], self.out_hw[0], self.Wp)[:, :, :self.out_hw[1]]

    def interior(self, flat: np.ndarray, c: int) -> np.ndarray:
        """The unpadded entries of flat padded planes, as (c, H, W)."""
        H, W = self.in_hw
        planes = flat[:c * self.plane].reshape(c, self.Hp, self.Wp)
        return planes[:, self.top:self.top + H, self.left:self.left + W]

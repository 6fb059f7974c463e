"""The im2col matrix of a convolution, built block by block without padding the whole batch.

Row ``(n, i, j)`` of the im2col matrix holds the window that output pixel ``(i, j)`` of image ``n``
reads, flattened in ``(HH, WW, C_g)`` order, once per channel group. A block covers a few whole
images, or a band of output rows of one image, and takes about :data:`CHUNK_BYTES`: the block is
built and consumed while it is still in cache, and a layer never holds the whole matrix.

Padding is applied per block too: the input rows a block reads are copied, with their zero
border, into a small reused buffer (converting NCHW to NHWC and the dtype on the way), so neither
pass allocates a padded copy of the batch. The backward pass accumulates ``dx`` the same way, in a
padded buffer for the images of the current block (:class:`PaddedImages`).
"""

import math
from collections.abc import Iterator

import numpy as np

from cnnlab.reference.geometry import Window, windows

__all__ = ["CHUNK_BYTES", "PaddedImages", "Scratch", "chunks", "im2col_blocks"]

CHUNK_BYTES = 4 << 20
"""Target size of one block of the im2col matrix (small enough to stay in cache)."""


def chunks(N: int, H_out: int, row_bytes: int, budget: int) -> Iterator[tuple[int, int, int, int]]:
    """Split the ``N × H_out`` output rows into blocks whose im2col takes about ``budget`` bytes.

    Yields ``(n0, n1, h0, h1)``: whole images when one fits the budget, else bands of rows of one
    image (always at least one row), in order, each image's bands from top to bottom.
    """
    per_image = max(H_out * row_bytes, 1)
    if per_image <= budget:
        step = budget // per_image
        for n0 in range(0, N, step):
            yield n0, min(N, n0 + step), 0, H_out
        return
    step = max(budget // max(row_bytes, 1), 1)
    for n in range(N):
        for h0 in range(0, H_out, step):
            yield n, n + 1, h0, min(H_out, h0 + step)


class Scratch:
    """One reused flat buffer handing out zero-copy arrays of any shape that fits."""

    def __init__(self, dtype: np.dtype):
        self.dtype, self.buffer = dtype, None

    def take(self, shape: tuple[int, ...]) -> np.ndarray:
        size = math.prod(shape)
        if self.buffer is None or self.buffer.size < size:
            self.buffer = np.empty(size, self.dtype)
        return self.buffer[:size].reshape(shape)


def _padded_rows(x: np.ndarray, n: slice, r0: int, r1: int, window: Window, dtype: np.dtype,
                 scratch: Scratch) -> np.ndarray:
    """Rows ``r0:r1`` of the zero-padded images ``x[n]``: shape (n_b, r1 - r0, W_pad, C).

    Returns a view of ``x`` itself when there is no padding and nothing to convert (read-only
    use only); otherwise a view of ``scratch``.
    """
    (top, bottom), (left, right) = window.padding
    _, H, W, C = x.shape
    if top == bottom == left == right == 0 and x.dtype == dtype and x.strides[3] == x.itemsize:
        return x[n, r0:r1]
    band = scratch.take((n.stop - n.start, r1 - r0, left + W + right, C))
    band.fill(0)
    lo, hi = max(r0 - top, 0), min(r1 - top, H)                 # the rows of x inside the band
    if hi > lo:
        band[:, lo + top - r0:hi + top - r0, left:left + W] = x[n, lo:hi]
    return band


def im2col_blocks(x: np.ndarray, window: Window, out_hw: tuple[int, int], groups: int,
                  dtype: np.dtype) -> Iterator[tuple[np.ndarray, slice, slice]]:
    """Yield ``(cols, n, rows)``: the im2col rows of output block ``[n, rows]``.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C), any strides (an NCHW array viewed as NHWC is fine)
    window : kernel, stride, dilation and padding
    out_hw : (H_out, W_out)
    groups : G, dividing C
    dtype : the dtype of ``cols``

    Yields
    ------
    cols : ndarray, shape (G, M, K_g) with M = n_b·h_b·W_out and K_g = HH·WW·C/G; a view of a
        reused buffer, which the caller may overwrite until it asks for the next block
    n, rows : slices of images and of output rows
    """
    N, _, _, C = x.shape
    (H_out, W_out), (HH, WW), G = out_hw, window.kernel, groups
    (s_h, _), (e_h, _) = window.stride, window.extent
    K_g = HH * WW * C // G
    col_scratch, band_scratch = Scratch(dtype), Scratch(dtype)
    for n0, n1, h0, h1 in chunks(N, H_out, W_out * G * K_g * dtype.itemsize, CHUNK_BYTES):
        band = _padded_rows(x, slice(n0, n1), h0 * s_h, (h1 - 1) * s_h + e_h, window, dtype,
                            band_scratch)
        view = windows(band, window, h1 - h0, W_out)             # (n, h, W_out, HH, WW, C)
        view = view.reshape(*view.shape[:5], G, C // G).transpose(0, 1, 2, 5, 3, 4, 6)
        block = col_scratch.take(view.shape)                     # (n, h, W_out, G, HH, WW, C_g)
        np.copyto(block, view)
        yield block.reshape(-1, G, K_g).transpose(1, 0, 2), slice(n0, n1), slice(h0, h1)


class PaddedImages:
    """Accumulates ``dx`` of the current block's images in a reused zero-padded buffer.

    :meth:`start` when a block begins a group of images (its first output row), :meth:`band`
    to get the padded input rows that block's windows read, :meth:`crop` when the group's last
    row has been folded in.
    """

    def __init__(self, shape: tuple[int, int, int, int], window: Window, dtype: np.dtype):
        self.window, self.shape = window, shape                   # (N, H, W, C) of x
        self.scratch, self.images = Scratch(dtype), None

    def start(self, n_images: int) -> None:
        (top, bottom), (left, right) = self.window.padding
        _, H, W, C = self.shape
        self.images = self.scratch.take((n_images, top + H + bottom, left + W + right, C))
        self.images.fill(0)

    def band(self, rows: slice) -> np.ndarray:
        """The padded rows read by output rows ``rows``: (n_b, ..., W_pad, C), writable view."""
        (s_h, _), (e_h, _) = self.window.stride, self.window.extent
        return self.images[:, rows.start * s_h:(rows.stop - 1) * s_h + e_h]

    def crop(self) -> np.ndarray:
        """The accumulated gradient without its padding: (n_b, H, W, C)."""
        (top, _), (left, _) = self.window.padding
        _, H, W, _ = self.shape
        return self.images[:, top:top + H, left:left + W]

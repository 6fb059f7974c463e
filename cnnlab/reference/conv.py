"""Vectorized 2-D convolution (cross-correlation): forward and backward, in either layout.

The one convolution kernel of cnnlab. Internally everything is NHWC with weights
``(HH, WW, C_in/groups, F)``; NCHW arrays are read and written through transposed views, block
by block (see ``layouts`` and ``im2col``).

Forward, per group ``g`` of ``groups`` (``C_g = C/groups`` input and ``F_g = F/groups`` output
channels each)::

    out[n, i, j, f] = b[f] + sum_{p, q, c} x_pad[n, i·s_h + p·d_h, j·s_w + q·d_w, g·C_g + c]
                                           · w[p, q, c, f]          for f in group g

computed as one matrix product per group: the windows are copied into an im2col matrix
``cols`` of shape ``(M, K_g)`` (``M = N·H_out·W_out`` rows, ``K_g = HH·WW·C_g``) and multiplied by
the weights reshaped to ``(K_g, F_g)``. Backward uses the same ``cols``::

    dw = colsᵀ · dout        db = sum of dout over (N, H_out, W_out)
    dx = fold(dout · wᵀ)     (fold: add each window's row back onto the pixels it was read from)

At stride 1 (the common case) dx is instead computed as a convolution of ``dout`` with the
flipped kernel (the transposed convolution), by the forward kernel itself: one im2col copy and
one GEMM with ``K = HH·WW·F_g``, rather than a GEMM writing ``(M, K_g)`` window gradients and a
fold that adds them back.

Floating-point 3×3, stride 1 layers with one group (the ResNet stages) take the Winograd
F(2×2, 3×3) kernel instead, for the forward, dx and dw (see ``winograd``): 2.25× fewer products,
equal up to rounding; symbolic and exact inputs keep the im2col kernel.

The rows of ``cols`` are built and used in blocks of about ``im2col.CHUNK_BYTES`` in reused
buffers, padding included: a layer never holds the whole im2col matrix, nor a padded copy of its
input; each pass allocates only what it returns. The same code runs on ``dtype=object`` arrays
(sympy symbols), so proofs reuse it instead of a second implementation.
"""

from dataclasses import dataclass
from functools import cached_property
from numbers import Integral

import numpy as np

from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.reference import threads
from cnnlab.reference.geometry import Window, fold_add
from cnnlab.reference.im2col import PaddedImages, Scratch, im2col_blocks
from cnnlab.reference.layouts import (
    Layout,
    as_layout,
    check_4d,
    to_nhwc,
    weights_from_hwio,
    weights_to_hwio,
    working_dtype,
)
from cnnlab.reference.winograd import (
    winograd_applies,
    winograd_conv3x3,
    winograd_weight_gradient,
)

__all__ = ["ConvCache", "conv2d_backward", "conv2d_forward", "conv2d_setup"]


@dataclass(frozen=True)
class ConvCache:
    """What :func:`conv2d_backward` needs: the forward's inputs by reference, and the geometry.

    Attributes
    ----------
    x : ndarray, the input as given, (N, H, W, C) or (N, C, H, W) per ``layout``
    w : ndarray, the weights as given, (HH, WW, C/groups, F) or (F, C/groups, HH, WW)
    b : ndarray of shape (F,), or None for a convolution without bias
    window : kernel, stride, dilation and explicit padding
    groups : number of channel groups
    layout : Layout.NHWC or Layout.NCHW
    out_hw : (H_out, W_out)
    """

    x: np.ndarray
    w: np.ndarray
    b: np.ndarray | None
    window: Window
    groups: int
    layout: Layout
    out_hw: tuple[int, int]

    @cached_property
    def dtype(self) -> np.dtype:
        """The dtype of the computation (integers promoted to float64)."""
        return working_dtype(self.x, self.w, self.b)

    @property
    def out_shape(self) -> tuple[int, int, int, int]:
        """Shape of the output, in ``layout``."""
        N, F = self.x.shape[0], weights_to_hwio(self.w, self.layout).shape[3]
        H_out, W_out = self.out_hw
        return (N, H_out, W_out, F) if self.layout is Layout.NHWC else (N, F, H_out, W_out)


def conv2d_setup(x, w, b=None, *, stride=1, padding=0, dilation=1, groups=1,
                 layout="nhwc") -> ConvCache:
    """Validate the arguments of a convolution and return its (input-only) cache.

    Shared by the vectorized and the naive layers, so both refuse the same inputs with the same
    messages. Arguments are those of :func:`conv2d_forward`.

    Raises
    ------
    ShapeError
        Non-4-D ``x`` or ``w``, channel mismatch, bias of the wrong shape, groups that do not
        divide the channels, a window larger than the padded input.
    LayerArgumentError
        Stride, dilation or groups below 1, negative padding, unknown layout or dtype.
    """
    layout = as_layout(layout)
    x, w = np.asarray(x), np.asarray(w)
    check_4d("x", x, layout.image_axes)
    check_4d("w", w, layout.weight_axes)
    b = None if b is None else np.asarray(b)
    working_dtype(x, w, b)
    HH, WW, C_g, F = weights_to_hwio(w, layout).shape
    N, H, W, C = to_nhwc(x, layout).shape
    _check_groups(groups, C, C_g, F, x.shape, w.shape, layout)
    if b is not None and b.shape != (F,):
        raise ShapeError(f"b must have shape (F,) = ({F},) for w of shape {w.shape} "
                         f"{layout.weight_axes}, got b.shape={b.shape}")
    window = Window.build((HH, WW), stride, padding, dilation, (H, W))
    return ConvCache(x, w, b, window, groups, layout, window.output_size(H, W))


def _check_groups(groups, C, C_g, F, x_shape, w_shape, layout) -> None:
    if isinstance(groups, bool) or not isinstance(groups, Integral) or groups < 1:
        raise LayerArgumentError(f"groups must be a whole number >= 1, got groups={groups!r}")
    if F % groups:
        raise ShapeError(f"F={F} filters (w.shape={w_shape}) is not divisible by groups={groups}")
    if C != C_g * groups:
        raise ShapeError(
            f"channel mismatch: x has C={C} channels (x.shape={x_shape} {layout.image_axes}) but "
            f"w.shape={w_shape} {layout.weight_axes} expects C_in = {C_g} per group x "
            f"groups={groups} = {C_g * groups}"
        )


def conv2d_forward(x, w, b=None, *, stride=1, padding=0, dilation=1, groups=1, layout="nhwc"):
    """Forward pass of a 2-D convolution layer (cross-correlation, as in deep learning).

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C) for ``layout="nhwc"``, (N, C, H, W) for ``"nchw"``
    w : ndarray, shape (HH, WW, C/groups, F) for ``"nhwc"``, (F, C/groups, HH, WW) for ``"nchw"``
    b : ndarray of shape (F,), or None
    stride, dilation : int or (int, int), >= 1
    padding : int, (p_h, p_w), ((top, bottom), (left, right)), or "valid", "same"
        (``p = (f - 1)/2``, odd kernels), "full" or "tf-same": resolved by ``cnnlab.arith``,
        exactly as ``p=...`` in the layer language
    groups : int, divides C and F; filter ``f`` sees input channels of group ``f // (F/groups)``
    layout : "nhwc" (deeplearning.ai) or "nchw" (cs231n)

    Returns
    -------
    out : ndarray, shape (N, H_out, W_out, F) or (N, F, H_out, W_out), C-contiguous, with
        ``H_out = floor((H + top + bottom - d_h·(HH-1) - 1) / s_h) + 1`` (and likewise W_out)
    cache : ConvCache, for :func:`conv2d_backward`

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(16.0).reshape(1, 4, 4, 1)
    >>> w = np.ones((2, 2, 1, 1))
    >>> out, _ = conv2d_forward(x, w, np.zeros(1), stride=2)
    >>> out[0, :, :, 0]
    array([[10., 18.],
           [42., 50.]])
    """
    cache = conv2d_setup(x, w, b, stride=stride, padding=padding, dilation=dilation,
                         groups=groups, layout=layout)
    dtype, G, layout = cache.dtype, cache.groups, cache.layout
    w_mat = _grouped_weights(cache, dtype)                       # (G, K_g, F_g)
    out = np.empty(cache.out_shape, dtype)                       # in the caller's layout
    out_nhwc = to_nhwc(out, layout)                              # a view when NCHW
    bias = None if cache.b is None else cache.b.astype(dtype, copy=False)
    if winograd_applies(cache.window, G, dtype):
        winograd_conv3x3(to_nhwc(cache.x, layout), weights_to_hwio(cache.w, layout),
                         cache.window.padding, out_nhwc, bias)
        return out, cache
    staging = Scratch(dtype)                                     # NCHW: blocks before transposing
    for cols, n, rows in im2col_blocks(to_nhwc(cache.x, layout), cache.window, cache.out_hw, G,
                                       dtype):
        target = out_nhwc[n, rows]                               # (n_b, h_b, W_out, F)
        block = target if layout is Layout.NHWC else staging.take(target.shape)
        np.matmul(cols, w_mat, out=_by_group(block, G))          # (G, M, F_g)
        if bias is not None:
            block += bias
        if block is not target:
            target[...] = block
    return out, cache


def conv2d_backward(dout, cache: ConvCache):
    """Backward pass of :func:`conv2d_forward`.

    Parameters
    ----------
    dout : ndarray, shape (N, H_out, W_out, F) or (N, F, H_out, W_out) per the cache's layout
        Upstream gradient ∂L/∂out.
    cache : ConvCache from the forward pass (or :func:`conv2d_setup`)

    Returns
    -------
    dx : ndarray, same shape and layout as x
    dw : ndarray, same shape and layout as w
    db : ndarray of shape (F,), or None when the layer has no bias
    """
    layout = cache.layout
    dout = _check_dout(dout, cache)
    dtype = working_dtype(cache.x, cache.w, cache.b, dout)       # symbolic dout: object
    padding = _transposed_padding(cache.window)
    if padding is None:
        dx, dw = _backward_by_folding(dout, cache, dtype)
    else:
        dw, dx = _weight_gradient(dout, cache, dtype), _input_gradient(dout, cache, dtype, padding)
    HH, WW, C_g, F = weights_to_hwio(cache.w, layout).shape
    dw = weights_from_hwio(dw.transpose(1, 0, 2).reshape(HH, WW, C_g, F), layout)
    db = None if cache.b is None else _bias_gradient(dout, layout, dtype)
    return dx, dw, db


def _bias_gradient(dout: np.ndarray, layout: Layout, dtype) -> np.ndarray:
    """``dout`` summed over every axis but the channels'. A contiguous floating-point ``dout``
    is multiplied by a vector of ones (BLAS's blocked sums: 4-5× faster than numpy's reduction
    over leading axes on a ResNet stage); anything else, ``dtype=object`` included, is summed
    as it is.

    The product runs on one BLAS thread: OpenBLAS's idle threads spin for about 0.1 s after a
    threaded call, and here that spin took a core from the next forward pass's helper process
    or thread (a ResNet stage's steps back to back: 1.4× slower, 207 against 147 ms)."""
    if np.dtype(dtype).kind != "f" or dout.dtype != dtype or not dout.flags.c_contiguous:
        return dout.sum(axis=(0, 1, 2) if layout is Layout.NHWC else (0, 2, 3), dtype=dtype)
    with threads.single_threaded_blas():
        if layout is Layout.NHWC:
            rows = dout.reshape(-1, dout.shape[3])
            return np.ones(rows.shape[0], dtype) @ rows
        per_image = dout.reshape(dout.shape[0], dout.shape[1], -1)
        return (per_image @ np.ones(per_image.shape[2], dtype)).sum(axis=0)


def _backward_by_folding(dout, cache: ConvCache, dtype) -> tuple[np.ndarray, np.ndarray]:
    """dx and dw (as (G, K_g, F_g)) from one pass over the im2col blocks: ``dw += colsᵀ·dout``,
    and ``dout·wᵀ`` folded back onto the pixels each window read (any stride)."""
    window, G, layout = cache.window, cache.groups, cache.layout
    dout_nhwc, x_nhwc = to_nhwc(dout, layout), to_nhwc(cache.x, layout)
    w_mat = _grouped_weights(cache, dtype)                       # (G, K_g, F_g)
    dw = np.zeros(w_mat.shape, dtype)
    dx = np.empty(cache.x.shape, dtype)                          # in the caller's layout
    dx_nhwc, padded = to_nhwc(dx, layout), PaddedImages(x_nhwc.shape, window, dtype)
    winograd = winograd_applies(window, G, dtype)                # then dw as at stride 1
    for cols, n, rows in im2col_blocks(x_nhwc, window, cache.out_hw, G, dtype):
        d_block = np.ascontiguousarray(dout_nhwc[n, rows], dtype)   # (n_b, h_b, W_out, F)
        d_mat = _by_group(d_block, G)                            # (G, M, F_g)
        if not winograd:
            dw += cols.transpose(0, 2, 1) @ d_mat                # (G, K_g, F_g)
        np.matmul(d_mat, w_mat.transpose(0, 2, 1), out=cols)     # dcols, (G, M, K_g)
        if rows.start == 0:
            padded.start(n.stop - n.start)
        fold_add(padded.band(rows), _as_pieces(cols, d_block.shape, window), window)
        if rows.stop == cache.out_hw[0]:
            dx_nhwc[n] = padded.crop()
    return dx, _winograd_dw(dout_nhwc, cache, dtype) if winograd else dw


def _weight_gradient(dout, cache: ConvCache, dtype) -> np.ndarray:
    """dw as (G, K_g, F_g): ``colsᵀ·dout`` summed over the im2col blocks."""
    G, dout_nhwc = cache.groups, to_nhwc(dout, cache.layout)
    if winograd_applies(cache.window, G, dtype):
        return _winograd_dw(dout_nhwc, cache, dtype)
    K_g = cache.window.kernel[0] * cache.window.kernel[1] * to_nhwc(cache.x, cache.layout).shape[3]
    dw = np.zeros((G, K_g // G, dout_nhwc.shape[3] // G), dtype)
    for cols, n, rows in im2col_blocks(to_nhwc(cache.x, cache.layout), cache.window,
                                       cache.out_hw, G, dtype):
        d_block = np.ascontiguousarray(dout_nhwc[n, rows], dtype)   # (n_b, h_b, W_out, F)
        dw += cols.transpose(0, 2, 1) @ _by_group(d_block, G)    # (G, K_g, F_g)
    return dw


def _winograd_dw(dout_nhwc, cache: ConvCache, dtype) -> np.ndarray:
    dw = winograd_weight_gradient(to_nhwc(cache.x, cache.layout), dout_nhwc, cache.window.padding,
                                  dtype)
    return dw.reshape(1, -1, dw.shape[3])


def _transposed_padding(window: Window):
    """For stride 1, the padding under which dx is a plain convolution of dout: ``extent - 1 -
    p`` on each side (None for strides above 1, or padding wider than ``extent - 1``)."""
    if window.stride != (1, 1):
        return None
    padding = tuple((e - 1 - p, e - 1 - q) for e, (p, q) in zip(window.extent, window.padding,
                                                                 strict=True))
    return None if min(min(side) for side in padding) < 0 else padding


def _input_gradient(dout, cache: ConvCache, dtype, padding) -> np.ndarray:
    """dx at stride 1, as the forward kernel computes it: dout, padded by ``extent - 1 - p``,
    correlated with the flipped kernel whose channel axes are swapped within each group::

        dx[n, y, x, g·C_g + c] = sum_{p, q, f} dout_pad[n, y + p·d_h, x + q·d_w, g·F_g + f]
                                               · w[HH-1-p, WW-1-q, c, g·F_g + f]

    so dx costs one im2col copy and one GEMM with K = HH·WW·F_g, instead of a GEMM producing
    the (M, HH·WW·C_g) window gradients and a fold of them.
    """
    w = weights_to_hwio(cache.w, cache.layout).astype(dtype, copy=False)
    HH, WW, C_g, F = w.shape
    G = cache.groups
    flipped = w[::-1, ::-1].reshape(HH, WW, C_g, G, F // G).transpose(0, 1, 4, 3, 2)
    flipped = flipped.reshape(HH, WW, F // G, G * C_g)             # (HH, WW, F_g, C)
    dx, _ = conv2d_forward(dout, weights_from_hwio(flipped, cache.layout), padding=padding,
                           dilation=cache.window.dilation, groups=G, layout=cache.layout)
    return dx


def _check_dout(dout, cache: ConvCache) -> np.ndarray:
    dout = np.asarray(dout)
    if dout.shape != cache.out_shape:
        raise ShapeError(f"dout must have the forward output's shape {cache.out_shape} "
                         f"{cache.layout.image_axes}, got dout.shape={dout.shape}")
    return dout


def _grouped_weights(cache: ConvCache, dtype: np.dtype) -> np.ndarray:
    """Weights as one ``(K_g, F_g)`` matrix per group: shape (G, K_g, F_g), K_g = HH·WW·C_g."""
    w = weights_to_hwio(cache.w, cache.layout).astype(dtype, copy=False)
    HH, WW, C_g, F = w.shape
    G = cache.groups
    return w.reshape(HH * WW * C_g, G, F // G).transpose(1, 0, 2)


def _by_group(block: np.ndarray, G: int) -> np.ndarray:
    """View a C-contiguous (n, h, w, G·F_g) block as (G, n·h·w, F_g) matrices (no copy)."""
    return block.reshape(-1, G, block.shape[-1] // G).transpose(1, 0, 2)


def _as_pieces(cols: np.ndarray, block_shape: tuple, window: Window) -> np.ndarray:
    """View (G, M, K_g) rows as (n, h, w, HH, WW, G, C_g) per-tap pieces for :func:`fold_add`."""
    G, _, K_g = cols.shape
    HH, WW = window.kernel
    n_b, h_b, W_out = block_shape[:3]
    pieces = cols.transpose(1, 0, 2).reshape(n_b, h_b, W_out, G, HH, WW, K_g // (HH * WW))
    pieces = pieces.transpose(0, 1, 2, 4, 5, 3, 6)
    return pieces[..., 0, :] if G == 1 else pieces

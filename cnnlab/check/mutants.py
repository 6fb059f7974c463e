"""Loop versions of the course layers with a classic mistake switched on (NHWC).

Each function is the course's naive loop, vectorised over the batch and channels only, with
keyword switches for one mistake at a time. Every switch off, they equal ``cnnlab.reference``
(a test holds them to it); with a switch on they fail exactly as a student's code with that
mistake fails: wrong numbers, a wrong shape or the same exception (e.g. a window cut short by
the array's edge makes ``a_slice * W`` refuse to broadcast).
"""

from __future__ import annotations

import math

import numpy as np


def out_size(n: int, f: int, pad: int, stride: int, ceil: bool = False) -> int:
    """``floor((n + 2·pad - f) / stride) + 1`` (``ceil`` with the mistake switched on)."""
    rounding = math.ceil if ceil else math.floor
    return rounding((n + 2 * pad - f) / stride) + 1


def _grid(A_shape, fh: int, fw: int, pad: int, stride: int, swap_hw: bool, ceil: bool):
    _, H, W, _ = A_shape
    if swap_hw:                                     # shape unpacked as (m, n_W, n_H, n_C)
        H, W = W, H
    return out_size(H, fh, pad, stride, ceil), out_size(W, fw, pad, stride, ceil)


def conv_forward(A, W, b, pad: int, stride: int, *, ignore_stride=False, bias_inside=False,
                 no_bias=False, swap_hw=False, ceil=False, no_pad=False) -> np.ndarray:
    """A (m, H, W, C), W (fh, fw, C, F), b (F,) -> Z (m, n_H, n_W, F).

    ``no_pad``: the output size counts the padding but the windows slide over the unpadded input.
    """
    fh, fw, C, F = W.shape
    n_H, n_W = _grid(A.shape, fh, fw, pad, stride, swap_hw, ceil)
    Ap = A if no_pad else np.pad(A, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((A.shape[0], n_H, n_W, F))
    step = 1 if ignore_stride else stride
    bias = 0 * b if no_bias else b * (fh * fw * C if bias_inside else 1)
    for h in range(n_H):
        for w in range(n_W):
            window = Ap[:, h * step:h * step + fh, w * step:w * step + fw, :, None]
            Z[:, h, w, :] = np.sum(window * W[None], axis=(1, 2, 3)) + bias
    return Z


def conv_backward(dZ, A, W, pad: int, stride: int, *, ignore_stride=False, unpad=None,
                  assign=False, no_pad=False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dZ (m, n_H, n_W, F) -> dA (m, H, W, C), dW (fh, fw, C, F), db (F,).

    ``unpad="assign"``: ``dA_prev[i] = dA_pad[pad:-pad, pad:-pad]`` (raises at pad = 0);
    ``unpad="slice"``: ``dA_prev = dA_pad[:, pad:-pad, pad:-pad]`` (empty at pad = 0);
    ``no_pad``: dW's windows are read from the unpadded input.
    """
    fh, fw, _, _ = W.shape
    m, H, Wd, _ = A.shape
    Ap = np.pad(A, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dAp, dW = np.zeros(Ap.shape), np.zeros(W.shape)
    step = 1 if ignore_stride else stride
    for h in range(dZ.shape[1]):
        for w in range(dZ.shape[2]):
            rows, cols = slice(h * step, h * step + fh), slice(w * step, w * step + fw)
            part = np.einsum("mf,hwcf->mhwc", dZ[:, h, w, :], W)
            if assign:
                dAp[:, rows, cols, :] = part
            else:
                dAp[:, rows, cols, :] += part
            dW += np.einsum("mhwc,mf->hwcf", (A if no_pad else Ap)[:, rows, cols, :],
                            dZ[:, h, w, :])
    db = dZ.sum(axis=(0, 1, 2))
    if unpad == "slice":
        return dAp[:, pad:-pad, pad:-pad, :], dW, db
    dA = np.zeros(A.shape)
    for i in range(m):
        dA[i] = dAp[i, pad:-pad, pad:-pad, :] if unpad else dAp[i, pad:pad + H, pad:pad + Wd, :]
    return dA, dW, db


def pool_forward(A, fh: int, fw: int, stride: int, mode: str, *, ignore_stride=False,
                 over_channels=False, swap_hw=False, divide_by_f=False,
                 ceil=False) -> np.ndarray:
    """A (m, H, W, C) -> (m, n_H, n_W, C); ``mode`` is "max" or "average"."""
    n_H, n_W = _grid(A.shape, fh, fw, 0, stride, swap_hw, ceil)
    out = np.zeros((A.shape[0], n_H, n_W, A.shape[3]))
    step = 1 if ignore_stride else stride
    axes = (1, 2, 3) if over_channels else (1, 2)
    for h in range(n_H):
        for w in range(n_W):
            window = A[:, h * step:h * step + fh, w * step:w * step + fw, :]
            if mode == "max":
                value = np.max(window, axis=axes, keepdims=True)
            elif divide_by_f:
                value = np.sum(window, axis=axes, keepdims=True) / fh
            else:
                value = np.mean(window, axis=axes, keepdims=True)
            out[:, h, w, :] = value[:, 0, 0, :]
    return out


def pool_backward(dA, A, fh: int, fw: int, stride: int, mode: str, *, assign=False,
                  ignore_stride=False, divide_by_f=False) -> np.ndarray:
    """dA (m, n_H, n_W, C) -> dA_prev (m, H, W, C); max gradients go to every tied maximum.

    ``assign`` is True (``=`` in both modes) or the one mode that assigns.
    """
    dA_prev = np.zeros(A.shape)
    step = 1 if ignore_stride else stride
    for h in range(dA.shape[1]):
        for w in range(dA.shape[2]):
            rows, cols = slice(h * step, h * step + fh), slice(w * step, w * step + fw)
            window, grad = A[:, rows, cols, :], dA[:, h, w, :][:, None, None, :]
            if mode == "max":
                part = (window == window.max(axis=(1, 2), keepdims=True)) * grad
            else:
                part = np.ones(window.shape) * grad / (fh if divide_by_f else fh * fw)
            if assign is True or assign == mode:
                dA_prev[:, rows, cols, :] = part
            else:
                dA_prev[:, rows, cols, :] += part
    return dA_prev

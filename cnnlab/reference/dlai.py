"""deeplearning.ai's "Convolution model - Step by Step" functions, with the course's signatures.

Layout NHWC: ``A_prev`` is ``(m, n_H_prev, n_W_prev, n_C_prev)``, ``W`` is ``(f, f, n_C_prev,
n_C)``, ``b`` is ``(1, 1, 1, n_C)``. Hyperparameters come in the course's dicts (``{"stride": s,
"pad": p}`` for convolution, ``{"stride": s, "f": f}`` for pooling) and caches are the course's
tuples, so code written against the assignment runs unchanged. The work is done by the vectorized
layers (``conv``, ``pool``); max-pool gradients follow the course and go to every tied maximum.

One deliberate difference: the assignment's ``conv_backward`` crops the padding with
``[pad:-pad]``, which is empty when ``pad = 0``; here ``pad = 0`` works.

>>> import numpy as np
>>> np.random.seed(1)
>>> a_slice_prev = np.random.randn(4, 4, 3)
>>> W = np.random.randn(4, 4, 3)
>>> b = np.random.randn(1, 1, 1)
>>> round(float(conv_single_step(a_slice_prev, W, b)), 11)
-6.99908945068
"""

import numpy as np

from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.reference import padding as _padding
from cnnlab.reference.conv import conv2d_backward, conv2d_forward, conv2d_setup
from cnnlab.reference.pool import pool2d_backward, pool2d_forward, pool2d_setup

__all__ = [
    "conv_backward",
    "conv_forward",
    "conv_single_step",
    "create_mask_from_window",
    "distribute_value",
    "pool_backward",
    "pool_forward",
    "zero_pad",
]


def _hparameters(hparameters: dict, *keys: str) -> list:
    missing = [k for k in keys if not isinstance(hparameters, dict) or k not in hparameters]
    if missing:
        got = sorted(hparameters) if isinstance(hparameters, dict) else type(hparameters).__name__
        raise LayerArgumentError(f"hparameters must be a dict with keys {list(keys)}, got {got}")
    return [hparameters[k] for k in keys]


def _bias(b, W: np.ndarray) -> np.ndarray:
    b, n_C = np.asarray(b), np.shape(W)[-1]
    if b.shape != (1, 1, 1, n_C):
        raise ShapeError(f"b must have shape (1, 1, 1, n_C) = (1, 1, 1, {n_C}) for W of shape "
                         f"{np.shape(W)}, got b.shape={b.shape}")
    return b.reshape(n_C)


def zero_pad(X, pad):
    """Pad the height and width of a batch ``X`` of shape (m, n_H, n_W, n_C) with ``pad`` zeros.

    Returns an array of shape (m, n_H + 2·pad, n_W + 2·pad, n_C).
    """
    return _padding.zero_pad(X, pad, layout="nhwc")


def conv_single_step(a_slice_prev, W, b):
    """One output value: ``sum(a_slice_prev * W) + b``.

    Parameters
    ----------
    a_slice_prev : ndarray, shape (f, f, n_C_prev), a window of the input
    W : ndarray, shape (f, f, n_C_prev), one filter
    b : ndarray with one element, shape (1, 1, 1)

    Returns
    -------
    Z : scalar (a sympy expression for ``dtype=object`` inputs)
    """
    a_slice_prev, W, b = np.asarray(a_slice_prev), np.asarray(W), np.asarray(b)
    if a_slice_prev.shape != W.shape or b.size != 1:
        raise ShapeError(f"need a_slice_prev and W of the same shape and a single bias, got "
                         f"{a_slice_prev.shape}, {W.shape} and b.shape={b.shape}")
    return np.sum(a_slice_prev * W) + b.reshape(())[()]


def conv_forward(A_prev, W, b, hparameters):
    """Convolution forward pass: ``Z`` of shape (m, n_H, n_W, n_C) and ``cache``.

    ``n_H = floor((n_H_prev - f + 2·pad) / stride) + 1`` (likewise ``n_W``); ``hparameters`` is
    ``{"stride": stride, "pad": pad}``; ``cache = (A_prev, W, b, hparameters)``.
    """
    stride, pad = _hparameters(hparameters, "stride", "pad")
    Z, _ = conv2d_forward(A_prev, W, _bias(b, W), stride=stride, padding=pad)
    return Z, (A_prev, W, b, hparameters)


def conv_backward(dZ, cache):
    """Convolution backward pass: ``(dA_prev, dW, db)`` shaped like ``A_prev``, ``W``, ``b``."""
    A_prev, W, b, hparameters = cache
    stride, pad = _hparameters(hparameters, "stride", "pad")
    layer = conv2d_setup(A_prev, W, _bias(b, W), stride=stride, padding=pad)
    dA_prev, dW, db = conv2d_backward(dZ, layer)
    return dA_prev, dW, db.reshape(1, 1, 1, -1)


def pool_forward(A_prev, hparameters, mode="max"):
    """Pooling forward pass: ``A`` of shape (m, n_H, n_W, n_C) and ``cache = (A_prev,
    hparameters)``.

    ``hparameters`` is ``{"f": f, "stride": stride}``; ``mode`` is ``"max"`` or ``"average"``;
    ``n_H = floor((n_H_prev - f) / stride) + 1``.
    """
    f, stride = _hparameters(hparameters, "f", "stride")
    A, _ = pool2d_forward(A_prev, f, stride=stride, mode=mode, ties="all")
    return A, (A_prev, hparameters)


def create_mask_from_window(x):
    """Boolean mask of the maxima of ``x`` (shape (f, f)): True wherever ``x`` equals its max."""
    x = np.asarray(x)
    return x == np.max(x)


def distribute_value(dz, shape):
    """An array of ``shape = (n_H, n_W)`` whose entries are all ``dz / (n_H·n_W)``."""
    n_H, n_W = shape
    return np.full((n_H, n_W), dz / (n_H * n_W))


def pool_backward(dA, cache, mode="max"):
    """Pooling backward pass: ``dA_prev``, shaped like ``A_prev``.

    Max pooling sends each window's gradient to every entry equal to the window's maximum (the
    course's ``create_mask_from_window``); average pooling spreads it evenly.
    """
    A_prev, hparameters = cache
    f, stride = _hparameters(hparameters, "f", "stride")
    layer = pool2d_setup(A_prev, f, stride=stride, mode=mode, ties="all")
    return pool2d_backward(dA, layer)

"""cs231n assignment 2's layer functions, with the course's exact signatures.

Layout NCHW: ``x`` is ``(N, C, H, W)``, ``w`` is ``(F, C, HH, WW)``, ``b`` is ``(F,)``.
Hyperparameters come in the course's dicts (``conv_param = {"stride": s, "pad": p}``,
``pool_param = {"pool_height": HH, "pool_width": WW, "stride": s}``) and caches are the course's
tuples. The ``*_naive`` functions run the loop versions (``naive``), the ``*_fast`` ones the
vectorized layers; both give the same numbers. Max-pool gradients go to every tied maximum, as
with the course's ``x == max`` mask.

>>> import numpy as np
>>> x = np.arange(16.0).reshape(1, 1, 4, 4)
>>> out, cache = max_pool_forward_fast(x, {"pool_height": 2, "pool_width": 2, "stride": 2})
>>> out[0, 0]
array([[ 5.,  7.],
       [13., 15.]])
"""

from cnnlab.errors import LayerArgumentError
from cnnlab.reference import dense
from cnnlab.reference.conv import conv2d_backward, conv2d_forward, conv2d_setup
from cnnlab.reference.naive import (
    conv2d_backward_naive,
    conv2d_forward_naive,
    pool2d_backward_naive,
    pool2d_forward_naive,
)
from cnnlab.reference.pool import pool2d_backward, pool2d_forward, pool2d_setup

__all__ = [
    "affine_backward",
    "affine_forward",
    "conv_backward_fast",
    "conv_backward_naive",
    "conv_forward_fast",
    "conv_forward_naive",
    "max_pool_backward_fast",
    "max_pool_backward_naive",
    "max_pool_forward_fast",
    "max_pool_forward_naive",
    "relu_backward",
    "relu_forward",
    "softmax_loss",
]


def _params(param: dict, name: str, *keys: str) -> list:
    missing = [k for k in keys if not isinstance(param, dict) or k not in param]
    if missing:
        got = sorted(param) if isinstance(param, dict) else type(param).__name__
        raise LayerArgumentError(f"{name} must be a dict with keys {list(keys)}, got {got}")
    return [param[k] for k in keys]


def _conv_args(conv_param: dict) -> dict:
    stride, pad = _params(conv_param, "conv_param", "stride", "pad")
    return {"stride": stride, "padding": pad, "layout": "nchw"}


def _pool_args(pool_param: dict) -> dict:
    HH, WW, stride = _params(pool_param, "pool_param", "pool_height", "pool_width", "stride")
    return {"kernel_size": (HH, WW), "stride": stride, "mode": "max", "ties": "all",
            "layout": "nchw"}


def conv_forward_naive(x, w, b, conv_param):
    """Convolution forward pass, loops: ``out`` (N, F, H', W') and ``cache = (x, w, b,
    conv_param)``, with ``H' = 1 + (H + 2·pad - HH) // stride`` and likewise ``W'``."""
    out, _ = conv2d_forward_naive(x, w, b, **_conv_args(conv_param))
    return out, (x, w, b, conv_param)


def conv_backward_naive(dout, cache):
    """Convolution backward pass, loops: ``(dx, dw, db)`` shaped like ``x``, ``w``, ``b``."""
    x, w, b, conv_param = cache
    return conv2d_backward_naive(dout, conv2d_setup(x, w, b, **_conv_args(conv_param)))


def conv_forward_fast(x, w, b, conv_param):
    """Vectorized :func:`conv_forward_naive` (same arguments, results and cache)."""
    out, _ = conv2d_forward(x, w, b, **_conv_args(conv_param))
    return out, (x, w, b, conv_param)


def conv_backward_fast(dout, cache):
    """Vectorized :func:`conv_backward_naive`."""
    x, w, b, conv_param = cache
    return conv2d_backward(dout, conv2d_setup(x, w, b, **_conv_args(conv_param)))


def max_pool_forward_naive(x, pool_param):
    """Max pooling forward pass, loops: ``out`` (N, C, H', W') and ``cache = (x, pool_param)``,
    with ``H' = 1 + (H - pool_height) // stride`` and likewise ``W'``."""
    out, _ = pool2d_forward_naive(x, **_pool_args(pool_param))
    return out, (x, pool_param)


def max_pool_backward_naive(dout, cache):
    """Max pooling backward pass, loops: ``dx`` shaped like ``x``."""
    x, pool_param = cache
    args = _pool_args(pool_param)
    return pool2d_backward_naive(dout, pool2d_setup(x, args.pop("kernel_size"), **args))


def max_pool_forward_fast(x, pool_param):
    """Vectorized :func:`max_pool_forward_naive`."""
    out, _ = pool2d_forward(x, **_pool_args(pool_param))
    return out, (x, pool_param)


def max_pool_backward_fast(dout, cache):
    """Vectorized :func:`max_pool_backward_naive`."""
    x, pool_param = cache
    args = _pool_args(pool_param)
    return pool2d_backward(dout, pool2d_setup(x, args.pop("kernel_size"), **args))


def affine_forward(x, w, b):
    """Fully connected forward pass: x (N, d_1, ..., d_k), w (D, M), b (M,) -> out (N, M)."""
    return dense.fc_forward(x, w, b)


def affine_backward(dout, cache):
    """Fully connected backward pass: ``(dx, dw, db)``."""
    return dense.fc_backward(dout, cache)


def relu_forward(x):
    """ReLU forward pass: ``(out, cache)`` with ``cache = x``."""
    return dense.relu_forward(x)


def relu_backward(dout, cache):
    """ReLU backward pass: ``dx``."""
    return dense.relu_backward(dout, cache)


def softmax_loss(x, y):
    """Softmax cross-entropy: x (N, C) scores, y (N,) labels -> ``(loss, dx)``."""
    return dense.softmax_cross_entropy(x, y)

"""numpy reference layers: the truth the homework checker and the proofs compare against.

One vectorized implementation per layer (``conv``, ``pool``, ``dense``), loop versions that read
like the course code (``naive``), the courses' own function names and signatures (``dlai`` for
deeplearning.ai, NHWC; ``cs231n`` for cs231n, NCHW) and centred-difference gradient checks
(``gradcheck``). Every ``*_forward`` returns ``(out, cache)`` and every ``*_backward`` takes
``(dout, cache)``. Layers accept float arrays and ``dtype=object`` arrays (e.g. sympy symbols).

>>> import numpy as np
>>> from cnnlab.reference import conv2d_forward, conv2d_backward
>>> rng = np.random.default_rng(0)
>>> x, w, b = rng.normal(size=(2, 5, 5, 3)), rng.normal(size=(3, 3, 3, 4)), np.zeros(4)
>>> out, cache = conv2d_forward(x, w, b, stride=2, padding=1)
>>> out.shape
(2, 3, 3, 4)
>>> dx, dw, db = conv2d_backward(np.ones_like(out), cache)
>>> dx.shape, dw.shape, db.shape
((2, 5, 5, 3), (3, 3, 3, 4), (4,))
"""

from cnnlab.reference import cs231n, dlai, gradcheck, naive
from cnnlab.reference.conv import ConvCache, conv2d_backward, conv2d_forward
from cnnlab.reference.dense import (
    fc_backward,
    fc_forward,
    flatten_backward,
    flatten_forward,
    relu_backward,
    relu_forward,
    softmax_cross_entropy,
)
from cnnlab.reference.layouts import Layout
from cnnlab.reference.padding import zero_pad
from cnnlab.reference.pool import PoolCache, PoolMode, Ties, pool2d_backward, pool2d_forward

__all__ = [
    "ConvCache",
    "Layout",
    "PoolCache",
    "PoolMode",
    "Ties",
    "conv2d_backward",
    "conv2d_forward",
    "cs231n",
    "dlai",
    "fc_backward",
    "fc_forward",
    "flatten_backward",
    "flatten_forward",
    "gradcheck",
    "naive",
    "pool2d_backward",
    "pool2d_forward",
    "relu_backward",
    "relu_forward",
    "softmax_cross_entropy",
    "zero_pad",
]

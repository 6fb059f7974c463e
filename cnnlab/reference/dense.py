"""The layers that close a CNN: flatten, fully connected (affine), ReLU and softmax cross-entropy.

Same conventions as the convolution: ``*_forward`` returns ``(out, cache)``, ``*_backward(dout,
cache)`` returns the gradients. Flatten, fully connected and ReLU run on ``dtype=object`` arrays
too (ReLU needs entries that compare with 0, e.g. numbers); the loss needs floating point.

>>> import numpy as np
>>> out, cache = fc_forward(np.ones((2, 3)), np.ones((3, 4)), np.arange(4.0))
>>> out
array([[3., 4., 5., 6.],
       [3., 4., 5., 6.]])
"""

import numpy as np

from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.reference.layouts import working_dtype

__all__ = [
    "fc_backward",
    "fc_forward",
    "flatten_backward",
    "flatten_forward",
    "relu_backward",
    "relu_forward",
    "softmax_cross_entropy",
]


def flatten_forward(x):
    """Flatten every example of a batch into a row.

    Parameters
    ----------
    x : ndarray, shape (N, d_1, ..., d_k)

    Returns
    -------
    out : ndarray, shape (N, d_1·...·d_k), in the C order of ``x``'s own layout (so NHWC and
        NCHW activations flatten to different orders of the same numbers)
    cache : the shape of ``x``
    """
    x = np.asarray(x)
    if x.ndim < 1:
        raise ShapeError(f"x must have a batch axis, got a scalar of shape {x.shape}")
    return x.reshape(x.shape[0], -1), x.shape


def flatten_backward(dout, cache):
    """Backward of :func:`flatten_forward`: ``dout`` (N, D) reshaped to the input's shape."""
    dout = np.asarray(dout)
    if dout.size != int(np.prod(cache)):
        raise ShapeError(f"dout has {dout.size} entries (shape {dout.shape}), but the flattened "
                         f"input had shape {cache}")
    return dout.reshape(cache)


def fc_forward(x, w, b=None):
    """Fully connected (affine) layer: ``out = x·w + b`` on the flattened examples.

    Parameters
    ----------
    x : ndarray, shape (N, d_1, ..., d_k), with D = d_1·...·d_k
    w : ndarray, shape (D, M)
    b : ndarray of shape (M,), or None

    Returns
    -------
    out : ndarray, shape (N, M)
    cache : (x, w, b)
    """
    x, w = np.asarray(x), np.asarray(w)
    b = None if b is None else np.asarray(b)
    if x.ndim < 2 or w.ndim != 2:
        raise ShapeError(f"fc needs x of shape (N, d_1, ...) and w of shape (D, M), got "
                         f"x.shape={x.shape}, w.shape={w.shape}")
    D = int(np.prod(x.shape[1:]))
    if w.shape[0] != D:
        raise ShapeError(f"x has D = {D} features per example (x.shape={x.shape}) but w.shape="
                         f"{w.shape} expects D = {w.shape[0]}")
    if b is not None and b.shape != (w.shape[1],):
        raise ShapeError(f"b must have shape (M,) = ({w.shape[1]},), got b.shape={b.shape}")
    working_dtype(x, w, b)
    out = x.reshape(x.shape[0], D) @ w
    return (out if b is None else out + b), (x, w, b)


def fc_backward(dout, cache):
    """Backward of :func:`fc_forward`.

    Parameters
    ----------
    dout : ndarray, shape (N, M)
    cache : (x, w, b) from the forward pass

    Returns
    -------
    dx : ndarray, shape of x;  dw : ndarray, shape (D, M);  db : ndarray (M,) or None
    """
    x, w, b = cache
    dout = np.asarray(dout)
    if dout.shape != (x.shape[0], w.shape[1]):
        raise ShapeError(f"dout must have shape (N, M) = {(x.shape[0], w.shape[1])}, got "
                         f"dout.shape={dout.shape}")
    x2d = x.reshape(x.shape[0], -1)                              # (N, D)
    dx = (dout @ w.T).reshape(x.shape)
    return dx, x2d.T @ dout, (None if b is None else dout.sum(axis=0))


def relu_forward(x):
    """Rectified linear unit ``max(x, 0)``, elementwise; the cache is ``x``."""
    x = np.asarray(x)
    working_dtype(x)
    return np.where(x > 0, x, 0), x


def relu_backward(dout, cache):
    """Backward of :func:`relu_forward`: ``dout`` where ``x > 0``, else 0 (also at ``x = 0``)."""
    dout, x = np.asarray(dout), cache
    if dout.shape != x.shape:
        raise ShapeError(f"dout must have the input's shape {x.shape}, got {dout.shape}")
    return np.where(x > 0, dout, 0)


def softmax_cross_entropy(scores, y):
    """Mean cross-entropy of the softmax of ``scores`` against integer labels, and its gradient.

    Parameters
    ----------
    scores : ndarray of floats, shape (N, M)
    y : ndarray of ints, shape (N,), each in ``[0, M)``

    Returns
    -------
    loss : float, ``-mean_n log softmax(scores[n])[y[n]]``
    dscores : ndarray, shape (N, M), ``(softmax(scores) - onehot(y)) / N``

    Examples
    --------
    >>> loss, dscores = softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 3]))
    >>> round(loss, 6) == round(float(np.log(4)), 6)
    True
    """
    scores, y = np.asarray(scores), np.asarray(y)
    if scores.dtype.kind not in "f":
        raise LayerArgumentError(f"softmax_cross_entropy needs floating-point scores, got "
                                 f"dtype {scores.dtype}")
    if scores.ndim != 2 or y.shape != (scores.shape[0],):
        raise ShapeError(f"need scores of shape (N, M) and y of shape (N,), got "
                         f"scores.shape={scores.shape}, y.shape={y.shape}")
    N, M = scores.shape
    if y.dtype.kind not in "iu" or (N and (y.min() < 0 or y.max() >= M)):
        raise LayerArgumentError(f"labels y must be integers in [0, {M}), got {y!r}")
    shifted = scores - scores.max(axis=1, keepdims=True)         # (N, M), max 0 per row
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(N), y].mean()
    dscores = np.exp(log_probs)
    dscores[np.arange(N), y] -= 1
    return float(loss), dscores / N

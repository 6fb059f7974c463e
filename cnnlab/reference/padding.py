"""Zero padding of image batches, and the padding specifications the layers accept.

A padding is written per spatial axis as ``(before, after)``: ``((top, bottom), (left, right))``.
The layers also accept an ``int`` (the same on every side), a pair ``(p_h, p_w)`` (symmetric per
axis), ``"valid"`` (no padding) and ``"same"`` (TensorFlow's rule: the output has ``ceil(n / s)``
rows, and when the total padding is odd the extra row or column goes at the bottom or right).

>>> normalize_padding(1)
((1, 1), (1, 1))
>>> normalize_padding((0, 2))
((0, 0), (2, 2))
>>> same_padding(n=5, f=4, s=1, d=1)            # 3 rows of padding: 1 on top, 2 below
(1, 2)
"""

from numbers import Integral

import numpy as np

from cnnlab.errors import LayerArgumentError
from cnnlab.reference.layouts import Layout, as_layout, check_4d

__all__ = ["Padding", "normalize_padding", "pad_nhwc", "same_padding", "zero_pad"]

Padding = tuple[tuple[int, int], tuple[int, int]]


def _side(value: object, spec: object) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 0:
        raise LayerArgumentError(
            f"padding must be whole numbers >= 0, got padding={spec!r}"
        )
    return int(value)


def normalize_padding(padding: object) -> Padding:
    """Return an explicit padding ``((top, bottom), (left, right))``.

    Parameters
    ----------
    padding : int, (int, int) or ((int, int), (int, int))
        The same on all four sides; ``(p_h, p_w)``; or ``((top, bottom), (left, right))``.

    Raises
    ------
    LayerArgumentError
        For negative or non-integer amounts, or any other structure.
    """
    if type(padding) is int and padding >= 0:                   # the common case, fast
        return ((padding, padding), (padding, padding))
    if isinstance(padding, Integral) and not isinstance(padding, bool):
        p = _side(padding, padding)
        return ((p, p), (p, p))
    if isinstance(padding, tuple | list) and len(padding) == 2:
        if all(isinstance(p, tuple | list) for p in padding):
            if all(len(p) == 2 for p in padding):
                (top, bottom), (left, right) = padding
                return ((_side(top, padding), _side(bottom, padding)),
                        (_side(left, padding), _side(right, padding)))
        elif not any(isinstance(p, tuple | list) for p in padding):
            p_h, p_w = (_side(p, padding) for p in padding)
            return ((p_h, p_h), (p_w, p_w))
    raise LayerArgumentError(
        "padding must be an int, (p_h, p_w), ((top, bottom), (left, right)), 'same' or "
        f"'valid', got padding={padding!r}"
    )


def same_padding(n: int, f: int, s: int, d: int) -> tuple[int, int]:
    """TensorFlow's SAME padding of one axis: ``(before, after)`` giving ``ceil(n / s)`` outputs.

    The total is ``max((ceil(n/s) - 1)·s + d·(f-1) + 1 - n, 0)``; ``before = total // 2``.
    """
    n_out = -(-n // s)
    total = max((n_out - 1) * s + d * (f - 1) + 1 - n, 0)
    return (total // 2, total - total // 2)


def pad_nhwc(x: np.ndarray, padding: Padding, dtype: np.dtype, value: object = 0) -> np.ndarray:
    """Pad the H and W axes of an NHWC batch with ``value``, in ``dtype``.

    When there is nothing to pad and ``x`` already has ``dtype``, ``x`` itself is returned:
    callers must treat the result as read-only.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C)
    padding : ((top, bottom), (left, right))
    dtype : the dtype of the result.
    value : the fill value (0 for convolution, -inf for max pooling).

    Returns
    -------
    ndarray, shape (N, top + H + bottom, left + W + right, C)
    """
    (top, bottom), (left, right) = padding
    if top == bottom == left == right == 0 and x.dtype == dtype:
        return x
    N, H, W, C = x.shape
    x_pad = np.full((N, top + H + bottom, left + W + right, C), value, dtype=dtype)
    x_pad[:, top:top + H, left:left + W, :] = x
    return x_pad


def zero_pad(x: np.ndarray, padding: object, layout: "Layout | str" = "nhwc") -> np.ndarray:
    """Pad the height and width of every image in a batch with zeros.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C) for ``layout="nhwc"`` or (N, C, H, W) for ``"nchw"``
    padding : int, (p_h, p_w) or ((top, bottom), (left, right))
    layout : "nhwc" or "nchw"

    Returns
    -------
    ndarray, a new array in the same layout and dtype, with H and W grown by the padding.

    Examples
    --------
    >>> import numpy as np
    >>> zero_pad(np.ones((4, 3, 3, 2)), 2).shape
    (4, 7, 7, 2)
    >>> zero_pad(np.ones((1, 1, 2, 2)), ((0, 1), (1, 0)), layout="nchw")[0, 0]
    array([[0., 1., 1.],
           [0., 1., 1.],
           [0., 0., 0.]])
    """
    layout = as_layout(layout)
    x = np.asarray(x)
    check_4d("x", x, layout.image_axes)
    rows, cols = normalize_padding(padding)
    if layout is Layout.NHWC:
        widths = ((0, 0), rows, cols, (0, 0))
    else:
        widths = ((0, 0), (0, 0), rows, cols)
    out = np.zeros(tuple(n + p + q for n, (p, q) in zip(x.shape, widths, strict=True)), x.dtype)
    index = tuple(slice(p, p + n) for n, (p, _) in zip(x.shape, widths, strict=True))
    out[index] = x
    return out


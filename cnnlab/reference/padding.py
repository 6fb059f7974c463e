"""Zero padding of image batches.

Which padding a layer gets is decided in one place for all of cnnlab, ``cnnlab.arith``
(:class:`~cnnlab.arith.Padding`): the layers here accept what :meth:`Padding.of
<cnnlab.arith.Padding.of>` reads, an ``int`` (the same on every side), ``(p_h, p_w)``,
``((top, bottom), (left, right))`` or a mode name, ``"valid"``, ``"same"`` (``p = (f - 1)/2``,
odd kernels, exactly as ``p=same`` in the layer language), ``"full"`` or ``"tf-same"``
(TensorFlow's SAME: ``ceil(n / s)`` outputs, the odd extra row at the bottom or right). This
module only writes the zeros.
"""

import numpy as np

from cnnlab.arith import Padding, PadMode
from cnnlab.errors import LayerArgumentError
from cnnlab.reference.layouts import Layout, as_layout, check_4d

__all__ = ["Sides", "pad_nhwc", "zero_pad"]

Sides = tuple[tuple[int, int], tuple[int, int]]
"""An explicit padding: ``((top, bottom), (left, right))``."""


def pad_nhwc(x: np.ndarray, padding: Sides, dtype: np.dtype, value: object = 0) -> np.ndarray:
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
    spec = Padding.of(padding)
    if spec.mode is not PadMode.EXPLICIT:
        raise LayerArgumentError(f"zero_pad needs the amounts of padding, got padding={padding!r}")
    rows, cols = spec.explicit()
    if layout is Layout.NHWC:
        widths = ((0, 0), rows, cols, (0, 0))
    else:
        widths = ((0, 0), (0, 0), rows, cols)
    out = np.zeros(tuple(n + p + q for n, (p, q) in zip(x.shape, widths, strict=True)), x.dtype)
    index = tuple(slice(p, p + n) for n, (p, _) in zip(x.shape, widths, strict=True))
    out[index] = x
    return out


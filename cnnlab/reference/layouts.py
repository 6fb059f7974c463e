"""Array layouts of the two courses, and the conversions to the one layout the kernels use.

deeplearning.ai stores a batch of images as NHWC, ``(m, n_H, n_W, n_C)``, and the filters of
a convolution as ``(f, f, n_C_prev, n_C)``. cs231n stores images as NCHW, ``(N, C, H, W)``, and
filters as ``(F, C, HH, WW)``. The kernels in this package work in NHWC with weights
``(HH, WW, C_in, F)`` (channels last, so that every window is a run of contiguous channels); NCHW
arrays are transposed at the public boundary, and gradients are transposed back. The layout names
themselves (:class:`~cnnlab.shape.Layout`) are those of ``cnnlab.shape``, shared with the CLI's
``--layout``.

>>> import numpy as np
>>> x = np.zeros((2, 3, 5, 7))                  # NCHW: N=2, C=3, H=5, W=7
>>> to_nhwc(x, "nchw").shape
(2, 5, 7, 3)
>>> from_nhwc(to_nhwc(x, "nchw"), "nchw").shape
(2, 3, 5, 7)
"""

import numpy as np

from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.shape import Layout, as_layout

__all__ = [
    "Layout",
    "as_layout",
    "check_4d",
    "from_nhwc",
    "to_nhwc",
    "weights_from_hwio",
    "weights_to_hwio",
    "working_dtype",
]


def check_4d(name: str, array: np.ndarray, axes: str) -> None:
    """Raise :class:`ShapeError` unless ``array`` is 4-D, quoting the ``axes`` it should have."""
    if array.ndim != 4:
        raise ShapeError(
            f"{name} must be a 4-D array {axes}, got shape {array.shape} ({array.ndim}-D)"
        )


def working_dtype(*arrays: np.ndarray | None) -> np.dtype:
    """The dtype the kernels compute in: numpy's promotion of the inputs, integers made float64.

    ``dtype=object`` (arrays of sympy symbols, fractions, ...) stays ``object``.

    Raises
    ------
    LayerArgumentError
        For dtypes that hold no numbers (strings, datetimes, ...).
    """
    dtypes = [a.dtype for a in arrays if a is not None]
    for dtype in dtypes:
        if dtype.kind not in "biufcO":
            raise LayerArgumentError(f"arrays must hold numbers, got dtype {dtype}")
    dtype = np.result_type(*dtypes)
    return np.dtype(np.float64) if dtype.kind in "biu" else dtype


def to_nhwc(x: np.ndarray, layout: "Layout | str") -> np.ndarray:
    """View an activation array in ``layout`` as NHWC ``(N, H, W, C)`` (no copy)."""
    return x.transpose(0, 2, 3, 1) if as_layout(layout) is Layout.NCHW else x


def from_nhwc(x: np.ndarray, layout: "Layout | str") -> np.ndarray:
    """Turn an NHWC array into a C-contiguous array in ``layout``."""
    if as_layout(layout) is Layout.NCHW:
        x = x.transpose(0, 3, 1, 2)
    return np.ascontiguousarray(x)


def weights_to_hwio(w: np.ndarray, layout: "Layout | str") -> np.ndarray:
    """View weights in ``layout`` as ``(HH, WW, C_in, F)`` (no copy)."""
    return w.transpose(2, 3, 1, 0) if as_layout(layout) is Layout.NCHW else w


def weights_from_hwio(w: np.ndarray, layout: "Layout | str") -> np.ndarray:
    """Turn ``(HH, WW, C_in, F)`` weights into a C-contiguous array in ``layout``."""
    if as_layout(layout) is Layout.NCHW:
        w = w.transpose(3, 2, 0, 1)
    return np.ascontiguousarray(w)

"""Array layouts of the two courses, and the conversions to the one layout the kernels use.

deeplearning.ai stores a batch of images as NHWC, ``(m, n_H, n_W, n_C)``, and the filters of
a convolution as ``(f, f, n_C_prev, n_C)``. cs231n stores images as NCHW, ``(N, C, H, W)``, and
filters as ``(F, C, HH, WW)``. The kernels in this package work in NHWC with weights
``(HH, WW, C_in, F)`` (channels last, so that every window is a run of contiguous channels); NCHW
arrays are transposed at the public boundary, and gradients are transposed back.

>>> import numpy as np
>>> x = np.zeros((2, 3, 5, 7))                  # NCHW: N=2, C=3, H=5, W=7
>>> to_nhwc(x, "nchw").shape
(2, 5, 7, 3)
>>> from_nhwc(to_nhwc(x, "nchw"), "nchw").shape
(2, 3, 5, 7)
"""

from enum import StrEnum

import numpy as np

from cnnlab.errors import LayerArgumentError, ShapeError

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


class Layout(StrEnum):
    """Memory layout of a 4-D activation array and of its convolution weights.

    ``NHWC``: images ``(N, H, W, C)``, weights ``(HH, WW, C_in, F)`` (deeplearning.ai).
    ``NCHW``: images ``(N, C, H, W)``, weights ``(F, C_in, HH, WW)`` (cs231n, PyTorch).
    """

    NHWC = "nhwc"
    NCHW = "nchw"

    @property
    def image_axes(self) -> str:
        """The axis names of an activation array, e.g. ``"(N, H, W, C)"``."""
        return "(N, H, W, C)" if self is Layout.NHWC else "(N, C, H, W)"

    @property
    def weight_axes(self) -> str:
        """The axis names of a convolution weight array."""
        return "(HH, WW, C_in, F)" if self is Layout.NHWC else "(F, C_in, HH, WW)"


def as_layout(layout: "Layout | str") -> Layout:
    """Return ``layout`` as a :class:`Layout`, accepting ``"nhwc"``/``"nchw"`` in any case.

    Raises
    ------
    LayerArgumentError
        If ``layout`` names neither layout.
    """
    if isinstance(layout, Layout):
        return layout
    try:
        return Layout(str(layout).lower())
    except ValueError:
        raise LayerArgumentError(
            f"unknown layout {layout!r}; expected 'nhwc' (deeplearning.ai) or 'nchw' (cs231n)"
        ) from None


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

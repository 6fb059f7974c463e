"""The operators of NNDL chapter 5 on 2-D symbolic matrices, computed by the reference layers.

``correlate(K, A)`` is ``K ⊗ A`` (cross-correlation, K the kernel), ``wide(K, A)`` is ``K ⊗̃ A``
(``A`` zero-padded by ``size(K) − 1`` on every side first), ``rot180`` turns a matrix half a
turn. Every padding is passed to :func:`cnnlab.reference.conv2d_forward` explicitly, per side.

>>> import numpy as np
>>> A = np.arange(9).reshape(3, 3)
>>> correlate(np.array([[1, 0], [0, 1]]), A).tolist()
[[4.0, 6.0], [10.0, 12.0]]
>>> wide(np.array([[1]]), A).shape, wide(np.ones((2, 2)), A).shape
((3, 3), (4, 4))
"""

from __future__ import annotations

import numpy as np

from cnnlab.errors import ShapeError


def _as_image(A: np.ndarray) -> np.ndarray:
    return np.asarray(A).reshape(1, *np.shape(A), 1)           # (N=1, H, W, C=1)


def correlate(K: np.ndarray, A: np.ndarray, padding=((0, 0), (0, 0)), stride=1,
              dilation=1) -> np.ndarray:
    """``K ⊗ A``: ``out[i, j] = Σ_{u,v} K[u, v] · A_pad[i·s + u·d, j·s + v·d]`` (0-based).

    Raises
    ------
    ShapeError
        When the kernel does not fit the (padded) matrix; the message shows the sizes.
    """
    from cnnlab.reference import conv2d_forward

    K, A = np.asarray(K), np.asarray(A)
    if K.ndim != 2 or A.ndim != 2:
        raise ShapeError(f"⊗ takes two matrices, got shapes {K.shape} and {A.shape}")
    out, _ = conv2d_forward(_as_image(A), K.reshape(*K.shape, 1, 1), padding=padding,
                            stride=stride, dilation=dilation)
    return out[0, :, :, 0]


def full_padding(K: np.ndarray) -> tuple[tuple[int, int], tuple[int, int]]:
    """The padding of ``⊗̃``: ``size(K) − 1`` on both sides of each axis."""
    U, V = np.shape(K)
    return ((U - 1, U - 1), (V - 1, V - 1))


def wide(K: np.ndarray, A: np.ndarray) -> np.ndarray:
    """``K ⊗̃ A``: the cross-correlation of ``A`` zero-padded by ``U − 1``, ``V − 1`` per side."""
    return correlate(K, A, padding=full_padding(K))


def rot180(A: np.ndarray) -> np.ndarray:
    """``A`` turned half a turn: ``rot180(A)[i, j] = A[M − 1 − i, N − 1 − j]`` (0-based)."""
    return np.asarray(A)[::-1, ::-1]


def upsample(A: np.ndarray, stride: tuple[int, int],
             shape: tuple[int, int] | None = None) -> np.ndarray:
    """``A↑s``: ``s − 1`` zeros inserted between neighbours along each axis, then zero rows and
    columns appended up to ``shape``; ``A↑1`` is ``A``.

    >>> upsample(np.array([[1, 2]]), (1, 2)).tolist()
    [[1, 0, 2]]
    """
    A = np.asarray(A)
    (M, N), (s_h, s_w) = A.shape, stride
    rows, cols = shape or ((M - 1) * s_h + 1, (N - 1) * s_w + 1)
    out = np.zeros((rows, cols), dtype=A.dtype)
    out[: (M - 1) * s_h + 1: s_h, : (N - 1) * s_w + 1: s_w] = A
    return out

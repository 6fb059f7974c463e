"""Numerical gradients by centred differences, and the relative error used to compare gradients.

As in cs231n's ``gradient_check.py``: for a layer ``out = f(x)`` and an upstream gradient ``dout``,
the gradient of ``L = sum(f(x) · dout)`` with respect to each entry of ``x`` is estimated as

    dx[k] ≈ sum((f(x + h·e_k) - f(x - h·e_k)) · dout) / (2h),

which is exactly what a backward pass returns for that ``dout``. Unlike the course's version, the
caller's array is never modified: ``f`` receives a perturbed copy.

>>> import numpy as np
>>> x = np.array([1.0, 2.0, 3.0])
>>> numerical_gradient(lambda v: v ** 2, x, dout=np.ones(3))
array([2., 4., 6.])
>>> rel_error(np.array([1.0]), np.array([1.0 + 1e-9])) < 1e-9
True
"""

from collections.abc import Callable

import numpy as np

from cnnlab.errors import ShapeError

__all__ = ["numerical_gradient", "rel_error"]


def numerical_gradient(f: Callable[[np.ndarray], object], x, dout=None,
                       h: float = 1e-5) -> np.ndarray:
    """Centred-difference gradient of ``sum(f(x) · dout)`` (of ``f(x)`` itself if ``dout`` is None).

    Parameters
    ----------
    f : callable taking an array shaped like ``x``; returns an array shaped like ``dout``, or a
        scalar when ``dout`` is None (e.g. a loss)
    x : ndarray, any shape; read, never written
    dout : ndarray, the upstream gradient ∂L/∂f(x), or None for a scalar ``f``
    h : float, the step

    Returns
    -------
    ndarray of float64, shape of ``x``
    """
    x_work = np.array(x, dtype=np.float64)                       # private copy, perturbed below
    dout = None if dout is None else np.asarray(dout, dtype=np.float64)
    grad = np.zeros_like(x_work)

    def evaluate() -> np.ndarray:
        value = np.asarray(f(x_work), dtype=np.float64)
        expected = () if dout is None else dout.shape
        if value.shape != expected:
            raise ShapeError(f"f(x) has shape {value.shape} but dout has shape {expected}")
        return value

    for k in np.ndindex(x_work.shape):
        old = x_work[k]
        x_work[k] = old + h
        plus = evaluate()
        x_work[k] = old - h
        minus = evaluate()
        x_work[k] = old
        # subtract outputs before contracting: outputs that x[k] does not reach cancel exactly
        difference = plus - minus if dout is None else np.sum((plus - minus) * dout)
        grad[k] = difference / (2 * h)
    return grad


def rel_error(x, y) -> float:
    """Largest elementwise relative error ``|x - y| / max(1e-8, |x| + |y|)`` (cs231n's measure).

    Raises
    ------
    ShapeError
        If ``x`` and ``y`` do not have the same shape.
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ShapeError(f"cannot compare arrays of shapes {x.shape} and {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))

"""The gradient checker itself: exact on known derivatives, contracted with dout, non-mutating."""

import numpy as np
import pytest

from cnnlab.errors import ShapeError
from cnnlab.reference.gradcheck import numerical_gradient, rel_error


def test_scalar_function_gradient():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda v: float(np.sum(v ** 3)), x)
    np.testing.assert_allclose(grad, 3 * x ** 2, rtol=1e-8)


def test_array_function_is_contracted_with_dout():
    rng = np.random.default_rng(0)
    A, x = rng.normal(size=(3, 4)), rng.normal(size=4)
    dout = rng.normal(size=3)
    grad = numerical_gradient(lambda v: A @ v, x, dout)
    np.testing.assert_allclose(grad, A.T @ dout, rtol=1e-8)


def test_the_callers_array_is_never_touched():
    x = np.array([1.0, 2.0])
    x.flags.writeable = False
    seen = []
    numerical_gradient(lambda v: seen.append(v is x) or float(v.sum()), x)
    assert not any(seen)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_rel_error_is_cs231n_measure():
    assert rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert rel_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    assert rel_error(np.zeros(2), np.zeros(2)) == 0.0            # the 1e-8 floor, no 0/0
    assert rel_error(np.zeros(0), np.zeros(0)) == 0.0


def test_shape_mismatches_are_refused():
    with pytest.raises(ShapeError, match=r"\(2,\).*\(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ShapeError, match=r"\(2,\).*\(3,\)"):
        numerical_gradient(lambda v: v, np.zeros(2), np.zeros(3))

"""deeplearning.ai adapter: every published expected output (seeded as the assignment seeds them),
the pad = 0 case the published conv_backward gets wrong, and the course's argument checks."""

import numpy as np
import pytest

from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.reference import cs231n, dlai
from cnnlab.reference.gradcheck import numerical_gradient, rel_error


def published_conv():
    np.random.seed(1)
    A_prev = np.random.randn(10, 4, 4, 3)
    W = np.random.randn(2, 2, 3, 8)
    b = np.random.randn(1, 1, 1, 8)
    return A_prev, W, b, {"pad": 2, "stride": 2}


def test_zero_pad_expected_output():
    np.random.seed(1)
    x = np.random.randn(4, 3, 3, 2)
    x_pad = dlai.zero_pad(x, 2)
    assert x_pad.shape == (4, 7, 7, 2)
    # the course prints x[1, 1]; padded by 2, that row of image 1 is x_pad[1, 3, 2:5]
    np.testing.assert_allclose(x_pad[1, 3, 2:5], [[0.90085595, -0.68372786],
                                                  [-0.12289023, -0.93576943],
                                                  [-0.26788808, 0.53035547]], atol=5e-9)
    np.testing.assert_array_equal(x_pad[1, 1], np.zeros((7, 2)))
    np.testing.assert_array_equal(x_pad[:, 2:5, 2:5, :], x)


def test_conv_single_step_expected_output():
    np.random.seed(1)
    a_slice_prev = np.random.randn(4, 4, 3)
    W = np.random.randn(4, 4, 3)
    b = np.random.randn(1, 1, 1)
    assert dlai.conv_single_step(a_slice_prev, W, b) == pytest.approx(-6.99908945068, abs=1e-11)


def test_conv_forward_expected_output():
    A_prev, W, b, hparameters = published_conv()
    Z, cache_conv = dlai.conv_forward(A_prev, W, b, hparameters)
    assert Z.shape == (10, 4, 4, 8)
    assert np.mean(Z) == pytest.approx(0.0489952035289, abs=1e-12)
    np.testing.assert_allclose(Z[3, 2, 1], [-0.61490741, -6.7439236, -2.55153897, 1.75698377,
                                            3.56208902, 0.53036437, 5.18531798, 8.75898442],
                               atol=5e-9)
    # (the course also prints cache_conv[0][1][2][3]: an entry of A_prev, i.e. of numpy's RNG)
    assert cache_conv[0] is A_prev and cache_conv[3] is hparameters


def test_conv_backward_expected_output():
    A_prev, W, b, hparameters = published_conv()
    Z, cache_conv = dlai.conv_forward(A_prev, W, b, hparameters)
    dA, dW, db = dlai.conv_backward(Z, cache_conv)
    assert (dA.shape, dW.shape, db.shape) == (A_prev.shape, W.shape, b.shape)
    assert np.mean(dA) == pytest.approx(1.45243777754, abs=1e-11)
    assert np.mean(dW) == pytest.approx(1.72699145831, abs=1e-11)
    assert np.mean(db) == pytest.approx(7.83923256462, abs=1e-11)


def test_pool_forward_expected_output():
    np.random.seed(1)
    A_prev = np.random.randn(2, 4, 4, 3)
    hparameters = {"stride": 2, "f": 3}
    A, cache = dlai.pool_forward(A_prev, hparameters)
    np.testing.assert_allclose(A.reshape(2, 3), [[1.74481176, 0.86540763, 1.13376944],
                                                 [1.13162939, 1.51981682, 2.18557541]],
                               atol=5e-9)
    A, _ = dlai.pool_forward(A_prev, hparameters, mode="average")
    np.testing.assert_allclose(A.reshape(2, 3), [[0.02105773, -0.20328806, -0.40389855],
                                                 [-0.22154621, 0.51716526, 0.48155844]],
                               atol=5e-9)
    assert cache == (A_prev, hparameters)


def test_pool_backward_expected_output():
    np.random.seed(1)
    A_prev = np.random.randn(5, 5, 3, 2)
    hparameters = {"stride": 1, "f": 2}
    A, cache = dlai.pool_forward(A_prev, hparameters)
    dA = np.random.randn(5, 4, 2, 2)              # (its printed mean is numpy's, not ours)
    dA_prev = dlai.pool_backward(dA, cache, mode="max")
    np.testing.assert_allclose(dA_prev[1, 1], [[0, 0], [5.05844394, -1.68282702], [0, 0]],
                               atol=5e-9)
    dA_prev = dlai.pool_backward(dA, cache, mode="average")
    np.testing.assert_allclose(dA_prev[1, 1], [[0.08485462, 0.2787552],
                                               [1.26461098, -0.25749373],
                                               [1.17975636, -0.53624893]], atol=5e-9)


def test_create_mask_and_distribute_value_expected_output():
    np.random.seed(1)
    mask = dlai.create_mask_from_window(np.random.randn(2, 3))
    np.testing.assert_array_equal(mask, [[True, False, False], [False, False, False]])
    np.testing.assert_array_equal(dlai.distribute_value(2, (2, 2)), [[0.5, 0.5], [0.5, 0.5]])


@pytest.mark.parametrize("stride", [1, 2])
def test_pad_zero_backward_is_right_where_the_published_solution_is_empty(stride):
    rng = np.random.default_rng(0)
    A_prev, W, b = rng.normal(size=(2, 5, 4, 3)), rng.normal(size=(2, 2, 3, 4)), \
        rng.normal(size=(1, 1, 1, 4))
    hparameters = {"pad": 0, "stride": stride}
    Z, cache = dlai.conv_forward(A_prev, W, b, hparameters)
    dZ = rng.normal(size=Z.shape)
    dA_prev, dW, db = dlai.conv_backward(dZ, cache)
    assert dA_prev.shape == A_prev.shape
    forward = lambda v: dlai.conv_forward(v, W, b, hparameters)[0]   # noqa: E731
    assert rel_error(dA_prev, numerical_gradient(forward, A_prev, dZ)) < 1e-7
    forward_w = lambda v: dlai.conv_forward(A_prev, v, b, hparameters)[0]   # noqa: E731
    assert rel_error(dW, numerical_gradient(forward_w, W, dZ)) < 1e-7
    np.testing.assert_allclose(db.ravel(), dZ.sum(axis=(0, 1, 2)))


@pytest.mark.parametrize("pad, stride", [(0, 1), (1, 2), (2, 1)])
def test_agrees_with_the_cs231n_adapter_through_the_layout(pad, stride):
    rng = np.random.default_rng(1)
    A_prev, W, b = rng.normal(size=(2, 6, 5, 3)), rng.normal(size=(3, 3, 3, 2)), \
        rng.normal(size=(1, 1, 1, 2))
    Z, cache = dlai.conv_forward(A_prev, W, b, {"pad": pad, "stride": stride})
    out, cache_t = cs231n.conv_forward_naive(A_prev.transpose(0, 3, 1, 2),
                                             W.transpose(3, 2, 0, 1), b.ravel(),
                                             {"pad": pad, "stride": stride})
    np.testing.assert_allclose(out, Z.transpose(0, 3, 1, 2), rtol=1e-12)
    dZ = rng.normal(size=Z.shape)
    dA, dW, db = dlai.conv_backward(dZ, cache)
    dx, dw, db_t = cs231n.conv_backward_naive(dZ.transpose(0, 3, 1, 2), cache_t)
    np.testing.assert_allclose(dx, dA.transpose(0, 3, 1, 2), rtol=1e-12)
    np.testing.assert_allclose(dw, dW.transpose(3, 2, 0, 1), rtol=1e-12)
    np.testing.assert_allclose(db_t, db.ravel(), rtol=1e-12)


def test_max_pool_backward_follows_the_course_on_ties():
    A_prev = np.array([[1.0, 2.0], [2.0, 0.0]]).reshape(1, 2, 2, 1)
    _, cache = dlai.pool_forward(A_prev, {"f": 2, "stride": 2})
    dA_prev = dlai.pool_backward(np.ones((1, 1, 1, 1)), cache)
    np.testing.assert_array_equal(dA_prev[0, :, :, 0], [[0, 1], [1, 0]])


def test_inputs_are_never_written():
    A_prev, W, b, hparameters = published_conv()
    for a in (A_prev, W, b):
        a.flags.writeable = False
    Z, cache = dlai.conv_forward(A_prev, W, b, hparameters)
    dlai.conv_backward(Z, cache)
    for mode in ("max", "average"):
        A, cache = dlai.pool_forward(A_prev, {"f": 2, "stride": 1}, mode)
        dlai.pool_backward(A, cache, mode)


@pytest.mark.parametrize("call, error_type, quoted", [
    (lambda a, w, b: dlai.conv_forward(a, w, b, {"stride": 1}), LayerArgumentError,
     "['stride', 'pad']"),
    (lambda a, w, b: dlai.conv_forward(a, w, b.ravel(), {"stride": 1, "pad": 0}), ShapeError,
     "(1, 1, 1, 8)"),
    (lambda a, w, b: dlai.conv_forward(a[0], w, b, {"stride": 1, "pad": 0}), ShapeError,
     "(4, 4, 3)"),
    (lambda a, w, b: dlai.pool_forward(a, {"f": 2}), LayerArgumentError, "['f', 'stride']"),
    (lambda a, w, b: dlai.pool_forward(a, {"f": 2, "stride": 1}, mode="min"),
     LayerArgumentError, "'min'"),
    (lambda a, w, b: dlai.conv_single_step(a[0, :2, :2], w[:, :, :, 0], b),
     ShapeError, "(1, 1, 1, 8)"),
])
def test_bad_input_names_what_was_received(call, error_type, quoted):
    A_prev, W, b, _ = published_conv()
    with pytest.raises(error_type) as info:
        call(A_prev, W, b)
    assert quoted in str(info.value)

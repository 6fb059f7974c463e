"""Flatten, fully connected, ReLU and softmax cross-entropy: gradients, known values, errors."""

import numpy as np
import pytest

from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.reference import (
    fc_backward,
    fc_forward,
    flatten_backward,
    flatten_forward,
    relu_backward,
    relu_forward,
    softmax_cross_entropy,
)
from cnnlab.reference.gradcheck import numerical_gradient, rel_error


@pytest.mark.parametrize("x_shape", [(3, 5), (2, 3, 2, 2)])
def test_fc_gradients_match_numerical(x_shape):
    rng = np.random.default_rng(0)
    x = rng.normal(size=x_shape)
    D = int(np.prod(x_shape[1:]))
    w, b = rng.normal(size=(D, 4)), rng.normal(size=4)
    out, cache = fc_forward(x, w, b)
    dout = rng.normal(size=out.shape)
    dx, dw, db = fc_backward(dout, cache)
    assert dx.shape == x_shape
    assert rel_error(dx, numerical_gradient(lambda v: fc_forward(v, w, b)[0], x, dout)) < 1e-7
    assert rel_error(dw, numerical_gradient(lambda v: fc_forward(x, v, b)[0], w, dout)) < 1e-7
    assert rel_error(db, numerical_gradient(lambda v: fc_forward(x, w, v)[0], b, dout)) < 1e-7


def test_fc_computes_x_w_plus_b_row_by_row():
    x, w, b = np.array([[1.0, 2.0]]), np.array([[1.0, 0.0, 2.0], [3.0, 1.0, 0.0]]), np.ones(3)
    out, _ = fc_forward(x, w, b)
    np.testing.assert_array_equal(out, [[8.0, 3.0, 3.0]])
    assert fc_backward(np.ones((1, 3)), fc_forward(x, w)[1])[2] is None


def test_relu_forward_backward():
    x = np.array([[-2.0, 0.0, 3.0]])
    out, cache = relu_forward(x)
    np.testing.assert_array_equal(out, [[0.0, 0.0, 3.0]])
    np.testing.assert_array_equal(relu_backward(np.array([[5.0, 6.0, 7.0]]), cache),
                                  [[0.0, 0.0, 7.0]])           # subgradient 0 at x = 0
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 4))
    dout = rng.normal(size=x.shape)
    numerical = numerical_gradient(lambda v: relu_forward(v)[0], x, dout)
    assert rel_error(relu_backward(dout, relu_forward(x)[1]), numerical) < 1e-7


def test_flatten_round_trips_and_keeps_c_order():
    x = np.arange(24.0).reshape(2, 3, 2, 2)
    out, cache = flatten_forward(x)
    np.testing.assert_array_equal(out[1], np.arange(12.0, 24.0))
    np.testing.assert_array_equal(flatten_backward(out, cache), x)


def test_softmax_cross_entropy_value_and_gradient():
    rng = np.random.default_rng(2)
    scores, y = rng.normal(size=(5, 4)), np.array([0, 3, 1, 1, 2])
    loss, dscores = softmax_cross_entropy(scores, y)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(probs[np.arange(5), y])), rel=1e-12)
    numerical = numerical_gradient(lambda v: softmax_cross_entropy(v, y)[0], scores)
    assert rel_error(dscores, numerical) < 1e-7
    # large scores would overflow a naive exp; the shifted softmax does not
    assert np.isfinite(softmax_cross_entropy(scores + 1000.0, y)[0])


def test_uniform_scores_give_log_of_the_class_count():
    loss, dscores = softmax_cross_entropy(np.zeros((3, 10)), np.array([1, 2, 3]))
    assert loss == pytest.approx(np.log(10))
    np.testing.assert_allclose(dscores.sum(axis=1), 0, atol=1e-15)


def test_inputs_are_never_written():
    rng = np.random.default_rng(3)
    x, w, b = rng.normal(size=(2, 6)), rng.normal(size=(6, 3)), rng.normal(size=3)
    y = np.array([0, 2])
    for a in (x, w, b, y):
        a.flags.writeable = False
    out, cache = fc_forward(x, w, b)
    fc_backward(out, cache)
    relu_backward(x, relu_forward(x)[1])
    softmax_cross_entropy(out, y)
    flatten_backward(*flatten_forward(x))


@pytest.mark.parametrize("call, error_type, quoted", [
    (lambda: fc_forward(np.zeros((2, 5)), np.zeros((4, 3))), ShapeError, "D = 5"),
    (lambda: fc_forward(np.zeros((2, 4)), np.zeros((4, 3)), np.zeros(2)), ShapeError, "(2,)"),
    (lambda: fc_forward(np.zeros(4), np.zeros((4, 3))), ShapeError, "(4,)"),
    (lambda: relu_backward(np.zeros(3), np.zeros(4)), ShapeError, "(4,)"),
    (lambda: flatten_backward(np.zeros((2, 5)), (2, 3, 2)), ShapeError, "(2, 3, 2)"),
    (lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3])), LayerArgumentError,
     "[0, 3)"),
    (lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0])), ShapeError, "(1,)"),
    (lambda: softmax_cross_entropy(np.zeros((2, 3), object), np.array([0, 1])),
     LayerArgumentError, "object"),
])
def test_bad_input_names_what_was_received(call, error_type, quoted):
    with pytest.raises(error_type) as info:
        call()
    assert quoted in str(info.value)

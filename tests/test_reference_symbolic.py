"""The same layer code on dtype=object arrays: sympy symbols give the float results after
substitution, exact rationals give exactly the naive loops' results, and the symbolic backward
is the transpose of the symbolic forward (NNDL exercise 5-7)."""

import numpy as np
import pytest
import sympy as sp

from cnnlab.reference import (
    conv2d_backward,
    conv2d_forward,
    dlai,
    fc_backward,
    fc_forward,
    pool2d_backward,
    pool2d_forward,
    relu_forward,
)
from cnnlab.reference.naive import (
    conv2d_backward_naive,
    conv2d_forward_naive,
    pool2d_backward_naive,
    pool2d_forward_naive,
)


def symbols(name, shape):
    return np.array(sp.symbols(f"{name}0:{int(np.prod(shape))}"), dtype=object).reshape(shape)


def substitute(expressions, values):
    """Evaluate an object array of expressions at ``values`` ({symbol: float})."""
    return np.array([float(sp.sympify(e).xreplace(values)) for e in expressions.ravel()]) \
        .reshape(expressions.shape)


def values_for(rng, *arrays):
    return {s: float(rng.normal()) for a in arrays for s in a.ravel()}


def floats(array, values):
    return substitute(array, values)


CONV_CASES = [dict(stride=1, padding=1, groups=2), dict(stride=2, padding=((0, 1), (1, 0))),
              dict(stride=1, padding=0, dilation=2)]


@pytest.mark.parametrize("kwargs", CONV_CASES)
@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
def test_conv_on_symbols_matches_floats_after_substitution(kwargs, layout):
    rng = np.random.default_rng(0)
    groups = kwargs.get("groups", 1)
    x = symbols("x", (1, 4, 4, 2) if layout == "nhwc" else (1, 2, 4, 4))
    w = symbols("w", (2, 2, 2 // groups, 2) if layout == "nhwc" else (2, 2 // groups, 2, 2))
    b = symbols("b", (2,))
    out, cache = conv2d_forward(x, w, b, layout=layout, **kwargs)
    assert out.dtype == object
    dout = symbols("g", out.shape)
    grads = conv2d_backward(dout, cache)
    values = values_for(rng, x, w, b, dout)
    out_f, cache_f = conv2d_forward(floats(x, values), floats(w, values), floats(b, values),
                                    layout=layout, **kwargs)
    np.testing.assert_allclose(substitute(out, values), out_f, rtol=1e-12, atol=1e-12)
    for grad, grad_f in zip(grads, conv2d_backward(floats(dout, values), cache_f), strict=True):
        np.testing.assert_allclose(substitute(grad, values), grad_f, rtol=1e-12, atol=1e-12)


def test_conv_backward_is_the_transpose_of_the_forward():
    x, w = symbols("x", (1, 4, 3, 1)), symbols("w", (2, 2, 1, 1))
    out, cache = conv2d_forward(x, w, stride=(2, 1), padding=((1, 0), (0, 1)))
    dout = symbols("g", out.shape)
    dx, dw, _ = conv2d_backward(dout, cache)
    for wrt, grad in ((x, dx), (w, dw)):
        for symbol, g in zip(wrt.ravel(), grad.ravel(), strict=True):
            chain_rule = sum(d * sp.diff(o, symbol) for d, o in zip(dout.ravel(), out.ravel(),
                                                                      strict=True))
            assert sp.expand(g - chain_rule) == 0


def test_symbolic_dout_through_a_numeric_layer_gives_symbolic_gradients():
    x, w = np.arange(9.0).reshape(1, 3, 3, 1), np.ones((2, 2, 1, 1))
    out, cache = conv2d_forward(x, w, np.zeros(1))
    g = symbols("g", out.shape)
    dx, dw, db = conv2d_backward(g, cache)
    assert sp.expand(dw[0, 0, 0, 0] - sum(x[0, i, j, 0] * g[0, i, j, 0]
                                          for i in range(2) for j in range(2))) == 0
    assert sp.expand(dx[0, 1, 1, 0] - sum(g.ravel())) == 0
    assert sp.expand(db[0] - sum(g.ravel())) == 0


def rationals(rng, shape):
    """Exact numbers: multiples of 1/4 between -3 and 3 (ties are likely)."""
    return np.array([sp.Rational(int(v), 4) for v in rng.integers(-12, 13, size=shape).ravel()],
                    dtype=object).reshape(shape)


def test_conv_on_rationals_is_exactly_the_naive_result():
    rng = np.random.default_rng(1)
    x, w, b = rationals(rng, (2, 5, 4, 4)), rationals(rng, (3, 2, 2, 4)), rationals(rng, (4,))
    kwargs = dict(stride=(2, 1), padding=1, groups=2)
    out, cache = conv2d_forward(x, w, b, **kwargs)
    out_naive, _ = conv2d_forward_naive(x, w, b, **kwargs)
    assert (out == out_naive).all()
    dout = rationals(rng, out.shape)
    for got, want in zip(conv2d_backward(dout, cache), conv2d_backward_naive(dout, cache),
                         strict=True):
        assert (got == want).all()


@pytest.mark.parametrize("mode, ties", [("max", "first"), ("max", "all"), ("average", "first")])
def test_pool_on_rationals_is_exact_and_matches_floats(mode, ties):
    rng = np.random.default_rng(2)
    x = rationals(rng, (2, 5, 5, 2))
    kwargs = dict(stride=1, padding=1, mode=mode, ties=ties)
    out, cache = pool2d_forward(x, 3, **kwargs)
    out_naive, _ = pool2d_forward_naive(x, 3, **kwargs)
    assert (out == out_naive).all()
    dout = rationals(rng, out.shape)
    dx = pool2d_backward(dout, cache)
    assert (dx == pool2d_backward_naive(dout, cache)).all()
    out_f, cache_f = pool2d_forward(x.astype(float), 3, **kwargs)
    np.testing.assert_array_equal(out.astype(float), out_f)       # quarters are exact floats
    np.testing.assert_allclose(dx.astype(float), pool2d_backward(dout.astype(float), cache_f),
                               rtol=1e-14, atol=1e-15)


def test_average_pool_on_symbols_divides_exactly():
    x = symbols("x", (1, 2, 2, 1))
    out, cache = pool2d_forward(x, 2, mode="average")
    assert sp.expand(out[0, 0, 0, 0] - sum(x.ravel()) / 4) == 0
    dx = pool2d_backward(np.array([[[[sp.Symbol("g")]]]], dtype=object), cache)
    assert all(sp.simplify(d - sp.Symbol("g") / 4) == 0 for d in dx.ravel())


def test_fc_and_relu_on_objects():
    x, w = symbols("x", (2, 3)), symbols("w", (3, 2))
    out, cache = fc_forward(x, w)
    assert sp.expand(out[1, 0] - sum(x[1, k] * w[k, 0] for k in range(3))) == 0
    dx, dw, _ = fc_backward(symbols("g", (2, 2)), cache)
    assert sp.expand(dw[2, 1] - (x[0, 2] * sp.Symbol("g1") + x[1, 2] * sp.Symbol("g3"))) == 0
    relu, _ = relu_forward(np.array([sp.Rational(-1, 2), sp.Integer(0), sp.Rational(3, 2)],
                                    dtype=object))
    assert list(relu) == [0, 0, sp.Rational(3, 2)]


def test_dlai_conv_single_step_on_symbols():
    a, W = symbols("a", (2, 2, 1)), symbols("W", (2, 2, 1))
    Z = dlai.conv_single_step(a, W, np.array([[[sp.Symbol("b")]]], dtype=object))
    assert sp.expand(Z - sum(a.ravel() * W.ravel()) - sp.Symbol("b")) == 0

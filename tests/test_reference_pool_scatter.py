"""Max pooling's backward as a scatter-add (``pool_scatter``): which layers take it, and its
blocks (NCHW channel groups, NHWC row bands whose padded rows overlap), against the loops."""

import itertools

import numpy as np
import pytest

from cnnlab.errors import CnnlabError
from cnnlab.reference import pool2d_backward, pool2d_forward, pool_scatter
from cnnlab.reference.geometry import Window
from cnnlab.reference.layouts import Layout
from cnnlab.reference.naive import pool2d_backward_naive

GEOMETRIES = [  # kernel, stride, padding, dilation, ceil mode
    (3, 2, 1, 1, False), (3, 1, 1, 1, False), (2, 2, 0, 1, False), (3, 2, 0, 1, True),
    ((2, 3), (1, 2), ((1, 0), (0, 1)), 1, False), (3, 1, 2, 2, False), (2, 3, 1, 1, True),
]


def scatter(dout, cache, budget):
    """dx by ``pool_scatter`` alone, blocks of about ``budget`` bytes."""
    dx = np.zeros(cache.x.shape, dout.dtype)
    pool_scatter.scatter_backward_into(dx, dout, cache.argmax, cache.window, cache.layout,
                                       cache.out_hw, budget)
    return dx


@pytest.mark.parametrize("budget", [1, 300, 2000, 1 << 20])    # one row or channel .. one block
@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_block_size_gives_the_loops_gradient(budget, layout, dtype):
    rng = np.random.default_rng(21)
    x = rng.integers(0, 3, size=(2, 9, 8, 3)).astype(dtype)               # many ties
    if layout == "nchw":
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    tried = 0
    for kernel, stride, padding, dilation, ceil_mode in GEOMETRIES:
        try:
            out, cache = pool2d_forward(x, kernel, stride=stride, padding=padding,
                                        dilation=dilation, ceil_mode=ceil_mode, layout=layout)
        except CnnlabError:
            continue
        dout = rng.normal(size=out.shape).astype(dtype)
        tolerance = 1e-6 if dtype == np.float32 else 1e-14
        np.testing.assert_allclose(scatter(dout, cache, budget),
                                   pool2d_backward_naive(dout, cache), rtol=tolerance,
                                   atol=tolerance)
        tried += 1
    assert tried == len(GEOMETRIES)


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
def test_bands_sum_a_row_that_two_bands_reach(layout):
    # 3x3 s1: output row r's window covers padded rows r..r+2, so with one output row per band
    # every padded row collects from up to three bands; all ones make every sum visible
    x = np.zeros((1, 4, 4, 1)) if layout == "nhwc" else np.zeros((1, 1, 4, 4))
    out, cache = pool2d_forward(x, 3, stride=1, padding=1, layout=layout)
    dout = np.ones(out.shape)
    dx = scatter(dout, cache, 1)
    # every window's first maximum is its first real entry (all zeros tie, padding is -inf)
    np.testing.assert_array_equal(dx, pool2d_backward_naive(dout, cache))
    assert dx.sum() == dout.sum() and dx.max() == 4


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
def test_non_finite_gradients_go_to_their_maxima_only(layout):
    rng = np.random.default_rng(22)
    x = rng.normal(size=(1, 6, 6, 2))
    if layout == "nchw":
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    out, cache = pool2d_forward(x, 3, stride=2, padding=1, layout=layout)
    dout = rng.normal(size=out.shape)
    dout.flat[0], dout.flat[5] = np.inf, np.nan
    dx = pool2d_backward(dout, cache)
    np.testing.assert_array_equal(dx, pool2d_backward_naive(dout, cache))
    assert np.isinf(dx).sum() == 1 and np.isnan(dx).sum() == 1


def test_which_layers_scatter():
    overlapping = Window.build(3, 2, 1, 1, (8, 8), False)
    disjoint = Window.build(2, 2, 0, 1, (8, 8), False)
    for window, layout in itertools.product([overlapping, disjoint], Layout):
        assert pool_scatter.applies(window, layout, np.float64)
        assert not pool_scatter.applies(window, layout, np.longdouble)
        assert not pool_scatter.applies(window, layout, object)
    assert pool_scatter.applies(overlapping, Layout.NCHW, np.float32)
    assert not pool_scatter.applies(overlapping, Layout.NHWC, np.float32)
    assert not pool_scatter.applies(disjoint, Layout.NCHW, np.float32)


def test_the_public_backward_takes_the_scatter(monkeypatch):
    rng = np.random.default_rng(23)
    x = rng.normal(size=(2, 7, 7, 3))
    out, cache = pool2d_forward(x, 3, stride=2, padding=1)
    dout = rng.normal(size=out.shape)
    calls = []
    real = pool_scatter.scatter_backward_into
    monkeypatch.setattr(pool_scatter, "scatter_backward_into",
                        lambda *args: calls.append(1) or real(*args))
    np.testing.assert_allclose(pool2d_backward(dout, cache), pool2d_backward_naive(dout, cache),
                               rtol=1e-14, atol=1e-14)
    assert calls

"""``pool2d_backward(dout, cache, out=dx)``: the gradient written into the caller's array.

Every case starts from an ``out`` full of junk (NaN, or a string for ``dtype=object``), so an
entry the pass neither writes nor zeroes shows up: the kernels that skip the zeroing (windows
that tile the input, NCHW scatter) must write every entry, and the others must zero first.
"""

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest

from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.reference import pool2d_backward, pool2d_forward, threads
from cnnlab.reference.pool import pool2d_setup

GEOMETRIES = [  # size, kernel, stride, padding, dilation, ceil_mode
    ((8, 8), 2, 2, 0, 1, False),            # tiles the input
    ((9, 7), 2, 2, 0, 1, False),            # a last row and column no window reads
    ((9, 9), 3, 2, 1, 1, False),            # overlapping, padded
    ((8, 8), 3, 3, 0, 1, True),             # ceil mode: a clipped last window
    ((9, 9), 2, 3, 0, 1, False),            # gaps between windows
    ((10, 9), 2, 2, 1, 2, False),           # dilation
    ((6, 8), (2, 4), (2, 4), 0, 1, False),  # rectangular, tiling
    ((5, 5), 4, 2, 0, 1, False),            # overlapping, the last row and column unread
    ((8, 9), (3, 2), (2, 3), 0, 1, False),  # rows overlap, columns with gaps
]
MODES = [("max", "first", True), ("max", "all", True), ("avg", "first", True),
         ("avg", "first", False)]


def layer(size, layout, dtype, seed, channels=3, batch=2):
    rng = np.random.default_rng(seed)
    x = rng.integers(-3, 4, size=(batch, *size, channels)).astype(dtype)   # many ties
    if layout == "nchw":
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    return x, rng


def junk(shape, dtype):
    return np.full(shape, "junk", object) if dtype is object else np.full(shape, np.nan, dtype)


def both_ways(x, rng, dtype, dout_fill=None, **args):
    out, cache = pool2d_forward(x, **args)
    dout = rng.normal(size=out.shape).astype(dtype)
    if dout_fill is not None:
        dout.flat[::5] = dout_fill
    if dtype is object:
        dout = np.vectorize(lambda v: Fraction(round(float(v) * 8), 8), otypes=[object])(dout)
    fresh = pool2d_backward(dout, cache)
    into = junk(x.shape, dtype)
    returned = pool2d_backward(dout, cache, out=into)
    return fresh, into, returned


@pytest.mark.parametrize("size, kernel, stride, padding, dilation, ceil_mode", GEOMETRIES)
@pytest.mark.parametrize("mode, ties, count_include_pad", MODES)
@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_out_holds_what_a_new_dx_holds(size, kernel, stride, padding, dilation, ceil_mode, mode,
                                       ties, count_include_pad, layout, dtype):
    x, rng = layer(size, layout, dtype, seed=sum(size) + kernel if isinstance(kernel, int) else 5)
    fresh, into, returned = both_ways(
        x, rng, dtype, kernel_size=kernel, stride=stride, padding=padding, dilation=dilation,
        ceil_mode=ceil_mode, mode=mode, ties=ties, count_include_pad=count_include_pad,
        layout=layout)
    assert returned is into
    np.testing.assert_array_equal(into, fresh)


@pytest.mark.parametrize("size, kernel, stride, padding, dilation, ceil_mode", GEOMETRIES[:3])
@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("ties", ["first", "all"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_out_with_infinite_gradients(size, kernel, stride, padding, dilation, ceil_mode, layout,
                                     ties, dtype):
    """inf in dout turns off the products by a mask (inf·0 is NaN): the masked adds need a
    zeroed out."""
    x, rng = layer(size, layout, dtype, seed=3)
    fresh, into, _ = both_ways(x, rng, dtype, dout_fill=np.inf, kernel_size=kernel,
                               stride=stride, padding=padding, dilation=dilation,
                               ceil_mode=ceil_mode, ties=ties, layout=layout)
    assert np.isinf(fresh).any()
    np.testing.assert_array_equal(into, fresh)


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("size, kernel, stride", [((4, 4), 2, 2), ((5, 5), 2, 2), ((5, 5), 3, 1)])
def test_out_of_exact_numbers(mode, size, kernel, stride):
    x, rng = layer(size, "nhwc", object, seed=1, channels=2, batch=1)
    fresh, into, _ = both_ways(x, rng, object, kernel_size=kernel, stride=stride, mode=mode)
    assert into.dtype == object and (into == fresh).all()


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_out_shared_among_threads(monkeypatch, layout, mode):
    """A job large enough to split its images among threads writes each share into out."""
    monkeypatch.setattr(threads, "SMALL_BYTES", 0)
    monkeypatch.setattr(threads, "WORKERS", 2)
    x, rng = layer((12, 12), layout, np.float32, seed=4, channels=8, batch=5)
    fresh, into, _ = both_ways(x, rng, np.float32, kernel_size=2, mode=mode, layout=layout)
    np.testing.assert_array_equal(into, fresh)


def test_out_after_a_setup_cache():
    """A cache from pool2d_setup (no argmax: the backward finds it) fills out too."""
    x, rng = layer((6, 6), "nhwc", np.float64, seed=2)
    cache = pool2d_setup(x, 3, stride=1, padding=1)
    dout = rng.normal(size=cache.out_shape)
    into = junk(x.shape, np.float64)
    np.testing.assert_array_equal(pool2d_backward(dout, cache, out=into),
                                  pool2d_backward(dout, cache))


def refused(out, x, dout, cache, error, words):
    with pytest.raises(error, match=words):
        pool2d_backward(dout, cache, out=out)


@pytest.fixture
def pooled():
    x, rng = layer((6, 6), "nhwc", np.float64, seed=9)
    out, cache = pool2d_forward(x, 2)
    return x, rng.normal(size=out.shape), cache


@pytest.mark.parametrize("make, error, words", [
    (lambda x: x.tolist(), LayerArgumentError, r"memmap\), got list"),
    (lambda x: np.zeros(x.shape[:3] + (4,)), ShapeError, r"input's shape \(2, 6, 6, 3\)"),
    (lambda x: np.zeros(x.shape, np.float32), LayerArgumentError, "dtype float64, got float32"),
    (lambda x: np.zeros(x.shape, int), LayerArgumentError, "dtype float64, got int"),
    (lambda x: np.zeros(x.shape[::-1]).T, LayerArgumentError, "C-contiguous"),
    (lambda x: np.zeros(x.shape[:3] + (6,))[..., ::2], LayerArgumentError, "C-contiguous"),
    (lambda x: np.broadcast_to(np.zeros(1), x.shape), LayerArgumentError, "writeable"),
    (lambda x: np.ma.zeros(x.shape), LayerArgumentError, "got MaskedArray"),
    (lambda x: x, LayerArgumentError, "share memory with x"),
])
def test_out_refused(pooled, make, error, words):
    """Each refusal names what is wrong (a masked array would keep its mask over dx)."""
    x, dout, cache = pooled
    refused(make(x), x, dout, cache, error, words)


def test_out_overlapping_dout_or_the_cache_refused(pooled):
    x, dout, cache = pooled
    room = np.zeros(x.size + dout.size)
    dout_inside = room[x.size:].reshape(dout.shape)
    dout_inside[...] = dout
    refused(room[:x.size + 1][1:].reshape(x.shape), x, dout_inside, cache, LayerArgumentError,
            "share memory with dout")
    grown = np.zeros(x.size + cache.argmax.size)
    wide = pool2d_forward(x, 2)[1]
    argmax_inside = grown.view(np.uint8)[:cache.argmax.size].reshape(cache.argmax.shape)
    argmax_inside[...] = wide.argmax
    refused(grown[:x.size].reshape(x.shape), x, dout, replace(wide, argmax=argmax_inside),
            LayerArgumentError, "share memory with the cache")

"""Vectorized pooling against its loop twin, the numerical gradient and hand-worked tie cases."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnlab.errors import CnnlabError, LayerArgumentError, ShapeError
from cnnlab.reference import pool2d_backward, pool2d_forward
from cnnlab.reference.gradcheck import numerical_gradient, rel_error
from cnnlab.reference.naive import pool2d_backward_naive, pool2d_forward_naive
from cnnlab.reference.pool import pool2d_setup

MODES = ["max", "average"]
KERNEL_STRIDES = [(2, None), (3, 1), (3, 2), ((2, 3), (1, 2))]    # stride None: = kernel
PADDINGS = [0, 1, ((1, 0), (0, 1))]
LAYOUTS = ["nhwc", "nchw"]


def batch(rng, layout, shape=(2, 7, 6, 3)):
    x = rng.normal(size=shape)
    return x.transpose(0, 3, 1, 2).copy() if layout == "nchw" else x


@pytest.mark.parametrize(
    "mode, kernel_stride, padding, dilation, layout, ties, count_include_pad",
    [(m, ks, p, d, lay, t, c) for m, ks, p, d, lay in
     itertools.product(MODES, KERNEL_STRIDES, PADDINGS, [1, 2], LAYOUTS)
     for t, c in ([("first", True), ("all", True)] if m == "max" else [("first", True),
                                                                         ("first", False)])],
)
def test_vectorized_matches_naive(mode, kernel_stride, padding, dilation, layout, ties,
                                  count_include_pad):
    rng = np.random.default_rng(0)
    x = batch(rng, layout)
    kernel, stride = kernel_stride
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, mode=mode, ties=ties,
                  count_include_pad=count_include_pad, layout=layout)
    out, cache = pool2d_forward(x, kernel, **kwargs)
    out_naive, cache_naive = pool2d_forward_naive(x, kernel, **kwargs)
    np.testing.assert_allclose(out, out_naive, rtol=1e-13, atol=1e-13)
    dout = rng.normal(size=out.shape)
    np.testing.assert_allclose(pool2d_backward(dout, cache),
                               pool2d_backward_naive(dout, cache_naive), rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("mode, ties", [("max", "first"), ("max", "all"), ("avg", "first")])
@pytest.mark.parametrize("shape, kernel", [
    ((2, 8, 6, 3), 2), ((3, 9, 12, 2), 3), ((2, 4, 9, 5), (2, 3)), ((1, 2, 2, 1), 2),
])
def test_windows_that_tile_the_input_match_naive(layout, mode, ties, shape, kernel):
    """Stride = kernel, no padding, nothing left over: the backward's whole-block path (the
    output's width differs from the kernel's, so a misaligned broadcast can't pass)."""
    rng = np.random.default_rng(sum(shape))
    x = rng.integers(-2, 3, size=shape).astype(float)          # ties in many windows
    if layout == "nchw":
        x = x.transpose(0, 3, 1, 2).copy()
    kwargs = dict(mode=mode, ties=ties, layout=layout)
    out, cache = pool2d_forward(x, kernel, **kwargs)
    _, cache_naive = pool2d_forward_naive(x, kernel, **kwargs)
    dout = rng.normal(size=out.shape)
    np.testing.assert_array_equal(pool2d_backward(dout, cache),
                                  pool2d_backward_naive(dout, cache_naive))


@settings(max_examples=40, deadline=None)
@given(
    N=st.integers(1, 2), H=st.integers(1, 8), W=st.integers(1, 8), C=st.integers(1, 3),
    kernel=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    padding=st.tuples(*[st.integers(0, 2)] * 4), mode=st.sampled_from(MODES),
    ties=st.sampled_from(["first", "all"]), count_include_pad=st.booleans(),
    ceil_mode=st.booleans(), integers=st.booleans(), seed=st.integers(0, 2**32 - 1),
)
def test_random_shapes_match_naive(N, H, W, C, kernel, stride, padding, mode, ties,
                                   count_include_pad, ceil_mode, integers, seed):
    rng = np.random.default_rng(seed)
    # small integers make ties frequent, which is where the two tie rules differ
    x = rng.integers(0, 3, size=(N, H, W, C)).astype(float) if integers else \
        rng.normal(size=(N, H, W, C))
    top, bottom, left, right = padding
    kwargs = dict(stride=stride, padding=((top, bottom), (left, right)), mode=mode, ties=ties,
                  count_include_pad=count_include_pad, ceil_mode=ceil_mode)
    try:
        out_naive, cache = pool2d_forward_naive(x, kernel, **kwargs)
    except CnnlabError as error:                        # window too big, or padding too wide
        with pytest.raises(type(error)):
            pool2d_forward(x, kernel, **kwargs)
        return
    out, _ = pool2d_forward(x, kernel, **kwargs)
    np.testing.assert_allclose(out, out_naive, rtol=1e-13, atol=1e-13)
    dout = rng.normal(size=out.shape)
    np.testing.assert_allclose(pool2d_backward(dout, cache), pool2d_backward_naive(dout, cache),
                               rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kernel, stride, padding, count_include_pad", [
    (2, 2, 0, True), (3, 1, 1, True), (3, 2, 1, False), ((2, 3), (2, 1), ((1, 0), (0, 1)), False),
])
def test_gradients_match_numerical(mode, kernel, stride, padding, count_include_pad):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 6, 5, 2))                   # continuous values: no ties
    kwargs = dict(stride=stride, padding=padding, mode=mode,
                  count_include_pad=count_include_pad)
    out, cache = pool2d_forward(x, kernel, **kwargs)
    dout = rng.normal(size=out.shape)
    numerical = numerical_gradient(lambda v: pool2d_forward(v, kernel, **kwargs)[0], x, dout)
    assert rel_error(pool2d_backward(dout, cache), numerical) < 1e-7


TIED = np.array([[3.0, 1.0, 3.0],
                 [0.0, 3.0, 2.0],
                 [3.0, 2.0, 1.0]])


def test_first_tied_maximum_in_row_major_order_takes_the_gradient():
    out, cache = pool2d_forward(TIED.reshape(1, 3, 3, 1), 2, stride=1)
    np.testing.assert_array_equal(out[0, :, :, 0], [[3.0, 3.0], [3.0, 3.0]])
    dx = pool2d_backward(np.ones((1, 2, 2, 1)), cache)[0, :, :, 0]
    # windows at (0,0) and (0,1) pick the 3 in row 0; (1,0) picks (1,1); (1,1) picks (1,1)
    np.testing.assert_array_equal(dx, [[1, 0, 1], [0, 2, 0], [0, 0, 0]])
    assert dx.sum() == 4                                # a true subgradient: nothing created


def test_course_rule_gives_every_tied_maximum_the_gradient():
    _, cache = pool2d_forward(TIED.reshape(1, 3, 3, 1), 2, stride=1, ties="all")
    dx = pool2d_backward(np.ones((1, 2, 2, 1)), cache)[0, :, :, 0]
    np.testing.assert_array_equal(dx, [[1, 0, 1], [0, 4, 0], [1, 0, 0]])


def test_max_pool_padding_never_wins():
    x = -np.ones((1, 2, 2, 1))
    out, _ = pool2d_forward(x, 2, stride=1, padding=1)
    np.testing.assert_array_equal(out, -1.0)


def test_average_pool_divisor_with_and_without_padding():
    x = np.ones((1, 2, 2, 1))
    with_pad, _ = pool2d_forward(x, 2, stride=1, padding=1, mode="average")
    np.testing.assert_array_equal(with_pad[0, :, :, 0], [[0.25, 0.5, 0.25], [0.5, 1, 0.5],
                                                          [0.25, 0.5, 0.25]])
    without, _ = pool2d_forward(x, 2, stride=1, padding=1, mode="average",
                                count_include_pad=False)
    np.testing.assert_array_equal(without, 1.0)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("mode", MODES)
def test_layouts_agree_and_inputs_are_never_written(layout, mode):
    rng = np.random.default_rng(2)
    x_nhwc = rng.normal(size=(2, 5, 6, 3))
    x = x_nhwc.transpose(0, 3, 1, 2).copy() if layout == "nchw" else x_nhwc.copy()
    x.flags.writeable = False
    out, cache = pool2d_forward(x, 3, stride=2, padding=1, mode=mode, layout=layout)
    ref, ref_cache = pool2d_forward(x_nhwc, 3, stride=2, padding=1, mode=mode)
    to_nhwc = (lambda a: a.transpose(0, 2, 3, 1)) if layout == "nchw" else (lambda a: a)
    np.testing.assert_allclose(to_nhwc(out), ref, rtol=1e-13)
    dout = rng.normal(size=ref.shape)
    dout_in_layout = dout.transpose(0, 3, 1, 2).copy() if layout == "nchw" else dout.copy()
    dout_in_layout.flags.writeable = False
    dx = pool2d_backward(dout_in_layout, cache)
    pool2d_backward_naive(dout_in_layout, cache)
    np.testing.assert_allclose(to_nhwc(dx), pool2d_backward(dout, ref_cache), rtol=1e-13)
    np.testing.assert_array_equal(to_nhwc(x), x_nhwc)


def test_float32_stays_float32():
    x = np.random.default_rng(3).normal(size=(1, 4, 4, 2)).astype(np.float32)
    for mode in MODES:
        out, cache = pool2d_forward(x, 2, mode=mode, padding=1, count_include_pad=False)
        assert out.dtype == np.float32
        assert pool2d_backward(np.ones_like(out), cache).dtype == np.float32


@pytest.mark.parametrize("kwargs, error_type, quoted", [
    ({"mode": "maxx"}, LayerArgumentError, "'maxx'"),
    ({"ties": "random"}, LayerArgumentError, "'random'"),
    ({"kernel_size": 0}, LayerArgumentError, "kernel size=0"),
    ({"stride": 0}, LayerArgumentError, "stride=0"),
    ({"padding": 2}, LayerArgumentError, "got p=2/2"),
    ({"kernel_size": 6}, ShapeError, "n + p = 5 + 0 = 5"),
    ({"x": np.zeros((5, 5, 3))}, ShapeError, "(5, 5, 3)"),
])
def test_bad_arguments_quote_the_value_received(kwargs, error_type, quoted):
    args = {"x": np.zeros((1, 5, 5, 3)), "kernel_size": 2}
    args.update(kwargs)
    with pytest.raises(error_type) as info:
        pool2d_forward(args.pop("x"), args.pop("kernel_size"), **args)
    assert quoted in str(info.value)


def test_unknown_mode_lists_the_known_ones():
    with pytest.raises(LayerArgumentError, match="expected 'max' or 'avg'"):
        pool2d_forward(np.zeros((1, 4, 4, 1)), 2, mode="mean")


def test_dout_of_the_wrong_shape_is_refused():
    _, cache = pool2d_forward(np.zeros((1, 4, 4, 1)), 2)
    with pytest.raises(ShapeError, match=r"\(1, 2, 2, 1\)"):
        pool2d_backward(np.zeros((1, 4, 4, 1)), cache)


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("count_include_pad", [True, False])
def test_a_cache_from_setup_gives_the_forward_caches_gradient_in_ceil_mode(mode,
                                                                          count_include_pad):
    # the course adapters' backward passes rebuild the cache with pool2d_setup: in ceil mode it
    # must describe the same windows (padding asked for + overhang) as the forward's
    x = np.random.default_rng(5).normal(size=(2, 6, 7, 3))
    kwargs = dict(stride=2, padding=1, mode=mode, ceil_mode=True,
                  count_include_pad=count_include_pad)
    out, cache = pool2d_forward(x, 3, **kwargs)
    assert out.shape == (2, 4, 4, 3)                     # ⌈(6 + 2 − 3)/2⌉ + 1, ⌈(7 + 2 − 3)/2⌉ + 1
    dout = np.random.default_rng(6).normal(size=out.shape)
    np.testing.assert_allclose(pool2d_backward(dout, pool2d_setup(x, 3, **kwargs)),
                               pool2d_backward(dout, cache), rtol=1e-13, atol=1e-13)

"""The vectorized convolution against its loop twin, the numerical gradient and itself (layouts,
chunking, dtypes), plus its memory bound and its error messages."""

import itertools
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnlab.errors import CnnlabError, LayerArgumentError, ShapeError
from cnnlab.reference import conv2d_backward, conv2d_forward, im2col
from cnnlab.reference.gradcheck import numerical_gradient, rel_error
from cnnlab.reference.naive import conv2d_backward_naive, conv2d_forward_naive

STRIDES = [1, 2, 3, (1, 2)]
PADDINGS = [0, 1, 2, ((0, 2), (1, 0)), "tf-same"]  # tf-same: the kernel is 3×2
DILATIONS = [1, 2]
GROUPS = [1, 2]
LAYOUTS = ["nhwc", "nchw"]


def make_layer(rng, *, N=2, H=7, W=6, C_g=2, F_g=2, HH=3, WW=2, groups=1, layout="nhwc",
               bias=True):
    """Random x, w, b for a conv layer in ``layout``."""
    C, F = C_g * groups, F_g * groups
    x = rng.normal(size=(N, H, W, C))
    w = rng.normal(size=(HH, WW, C_g, F))
    if layout == "nchw":
        x, w = x.transpose(0, 3, 1, 2).copy(), w.transpose(3, 2, 0, 1).copy()
    return x, w, (rng.normal(size=F) if bias else None)


@pytest.mark.parametrize(
    "stride, padding, dilation, groups, layout",
    list(itertools.product(STRIDES, PADDINGS, DILATIONS, GROUPS, LAYOUTS)),
)
def test_vectorized_matches_naive(stride, padding, dilation, groups, layout):
    rng = np.random.default_rng(0)
    x, w, b = make_layer(rng, groups=groups, layout=layout)
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups,
                  layout=layout)
    out, cache = conv2d_forward(x, w, b, **kwargs)
    out_naive, cache_naive = conv2d_forward_naive(x, w, b, **kwargs)
    np.testing.assert_allclose(out, out_naive, rtol=1e-12, atol=1e-12)
    dout = rng.normal(size=out.shape)
    for got, want in zip(conv2d_backward(dout, cache), conv2d_backward_naive(dout, cache_naive),
                         strict=True):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    N=st.integers(1, 3), H=st.integers(1, 8), W=st.integers(1, 8), C_g=st.integers(1, 3),
    F_g=st.integers(1, 3), groups=st.integers(1, 3), HH=st.integers(1, 4), WW=st.integers(1, 4),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    dilation=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    padding=st.tuples(*[st.integers(0, 3)] * 4), bias=st.booleans(),
    layout=st.sampled_from(LAYOUTS), seed=st.integers(0, 2**32 - 1),
)
def test_random_shapes_match_naive(N, H, W, C_g, F_g, groups, HH, WW, stride, dilation, padding,
                                   bias, layout, seed):
    rng = np.random.default_rng(seed)
    x, w, b = make_layer(rng, N=N, H=H, W=W, C_g=C_g, F_g=F_g, HH=HH, WW=WW, groups=groups,
                         layout=layout, bias=bias)
    top, bottom, left, right = padding
    kwargs = dict(stride=stride, padding=((top, bottom), (left, right)), dilation=dilation,
                  groups=groups, layout=layout)
    try:
        out_naive, cache = conv2d_forward_naive(x, w, b, **kwargs)
    except ShapeError:                                 # window larger than the padded input
        with pytest.raises(ShapeError):
            conv2d_forward(x, w, b, **kwargs)
        return
    out, _ = conv2d_forward(x, w, b, **kwargs)
    np.testing.assert_allclose(out, out_naive, rtol=1e-12, atol=1e-12)
    dout = rng.normal(size=out.shape)
    got, want = conv2d_backward(dout, cache), conv2d_backward_naive(dout, cache)
    for g, n in zip(got, want, strict=True):
        if n is None:
            assert g is None
        else:
            np.testing.assert_allclose(g, n, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "stride, padding, dilation, groups",
    [(1, 0, 1, 1), (2, 1, 1, 1), (1, ((2, 0), (0, 1)), 1, 2), (2, 2, 2, 1), (3, 1, 1, 2),
     (1, "same", 2, 2)],
)
def test_gradients_match_numerical(stride, padding, dilation, groups):
    rng = np.random.default_rng(1)
    x, w, b = make_layer(rng, N=2, H=5, W=5, C_g=2, F_g=2, HH=3, WW=3, groups=groups)
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    out, cache = conv2d_forward(x, w, b, **kwargs)
    dout = rng.normal(size=out.shape)
    dx, dw, db = conv2d_backward(dout, cache)
    assert rel_error(dx, numerical_gradient(lambda v: conv2d_forward(v, w, b, **kwargs)[0],
                                            x, dout)) < 1e-7
    assert rel_error(dw, numerical_gradient(lambda v: conv2d_forward(x, v, b, **kwargs)[0],
                                            w, dout)) < 1e-7
    assert rel_error(db, numerical_gradient(lambda v: conv2d_forward(x, w, v, **kwargs)[0],
                                            b, dout)) < 1e-7


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 1), (1, ((1, 0), (0, 2)))])
def test_nhwc_and_nchw_agree(stride, padding):
    rng = np.random.default_rng(2)
    x, w, b = make_layer(rng, groups=2)
    kwargs = dict(stride=stride, padding=padding, groups=2)
    out, cache = conv2d_forward(x, w, b, **kwargs)
    out_t, cache_t = conv2d_forward(x.transpose(0, 3, 1, 2), w.transpose(3, 2, 0, 1), b,
                                    layout="nchw", **kwargs)
    np.testing.assert_allclose(out_t, out.transpose(0, 3, 1, 2), rtol=1e-13, atol=1e-13)
    dout = rng.normal(size=out.shape)
    dx, dw, db = conv2d_backward(dout, cache)
    dx_t, dw_t, db_t = conv2d_backward(dout.transpose(0, 3, 1, 2), cache_t)
    np.testing.assert_allclose(dx_t, dx.transpose(0, 3, 1, 2), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(dw_t, dw.transpose(3, 2, 0, 1), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(db_t, db, rtol=1e-13)


@pytest.mark.parametrize("budget", [1, 700, 5_000])
def test_blocks_of_rows_and_images_give_the_same_result(monkeypatch, budget):
    rng = np.random.default_rng(3)
    x, w, b = make_layer(rng, N=3, H=9, W=8, groups=2)
    kwargs = dict(stride=2, padding=1, dilation=1, groups=2)
    out, cache = conv2d_forward(x, w, b, **kwargs)
    dout = rng.normal(size=out.shape)
    grads = conv2d_backward(dout, cache)
    monkeypatch.setattr(im2col, "CHUNK_BYTES", budget)    # 1 row, a few rows, a few images
    out_blocked, cache = conv2d_forward(x, w, b, **kwargs)
    np.testing.assert_allclose(out_blocked, out, rtol=1e-13, atol=1e-13)
    for got, want in zip(conv2d_backward(dout, cache), grads, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_passes_allocate_their_results_and_one_block(layout):
    rng = np.random.default_rng(4)
    x, w, b = make_layer(rng, N=8, H=32, W=32, C_g=16, F_g=32, HH=3, WW=3, layout=layout)
    im2col_bytes = 8 * 32 * 32 * (3 * 3 * 16) * 8
    out_bytes, block_bytes = 8 * 32 * 32 * 32 * 8, im2col.CHUNK_BYTES
    assert im2col_bytes > 2 * block_bytes
    tracemalloc.start()
    try:
        out, cache = conv2d_forward(x, w, b, padding=1, layout=layout)
        forward_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        conv2d_backward(out, cache)
        backward_peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    # no padded copy of x, no second im2col: the output, one block and its (smaller) input band
    assert forward_peak < out_bytes + 1.5 * block_bytes
    assert backward_peak < x.nbytes + 1.5 * block_bytes + (64 << 10)


def test_float32_stays_float32_and_integers_become_float64():
    rng = np.random.default_rng(5)
    x, w, b = (a.astype(np.float32) for a in make_layer(rng))
    out, cache = conv2d_forward(x, w, b, padding=1)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in conv2d_backward(np.ones_like(out), cache))
    out_int, _ = conv2d_forward(np.ones((1, 3, 3, 1), int), np.ones((2, 2, 1, 1), int))
    assert out_int.dtype == np.float64
    np.testing.assert_array_equal(out_int, 4.0)


def test_without_bias_there_is_no_db():
    rng = np.random.default_rng(6)
    x, w, _ = make_layer(rng)
    out, cache = conv2d_forward(x, w)
    with_zero_bias, _ = conv2d_forward(x, w, np.zeros(w.shape[3]))
    np.testing.assert_array_equal(out, with_zero_bias)
    assert conv2d_backward(np.ones_like(out), cache)[2] is None


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, object])
@pytest.mark.parametrize("contiguous", [True, False])
def test_db_is_dout_summed_over_all_but_the_channels(layout, dtype, contiguous):
    """Every way db is computed (a product with ones for contiguous floats, a plain sum
    otherwise) against float64 sums written out as loops."""
    rng = np.random.default_rng(8)
    x, w, b = make_layer(rng, layout=layout)
    out, cache = conv2d_forward(x.astype(dtype), w.astype(dtype), b.astype(dtype),
                                layout=layout)
    dout = rng.integers(-4, 5, size=(*out.shape[:-1], 2 * out.shape[-1])).astype(dtype)
    dout = dout[..., ::2] if not contiguous else np.ascontiguousarray(dout[..., ::2])
    assert dout.flags.c_contiguous == contiguous
    channel_axis = 3 if layout == "nhwc" else 1
    expected = [sum(float(v) for v in np.take(dout, f, axis=channel_axis).ravel())
                for f in range(dout.shape[channel_axis])]
    db = conv2d_backward(dout, cache)[2]
    assert db.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(db.astype(np.float64), expected)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_inputs_are_never_written(layout):
    rng = np.random.default_rng(7)
    x, w, b = make_layer(rng, layout=layout, groups=2)
    copies = [a.copy() for a in (x, w, b)]
    for a in (x, w, b):
        a.flags.writeable = False                      # any write would raise
    for padding in (0, 1):
        out, cache = conv2d_forward(x, w, b, padding=padding, groups=2, layout=layout)
        dout = rng.normal(size=out.shape)
        dout.flags.writeable = False
        conv2d_backward(dout, cache)
        conv2d_backward_naive(dout, cache)
    for a, copy in zip((x, w, b), copies, strict=True):
        np.testing.assert_array_equal(a, copy)


def test_outputs_do_not_alias_inputs():
    x, w = np.ones((1, 3, 3, 1)), np.ones((1, 1, 1, 1))
    out, cache = conv2d_forward(x, w)
    dx, dw, _ = conv2d_backward(out, cache)
    assert not any(np.shares_memory(a, b) for a in (out, dx, dw) for b in (x, w))


def message_of(error_type, **kwargs):
    rng = np.random.default_rng(8)
    args = {"x": rng.normal(size=(1, 5, 5, 3)), "w": rng.normal(size=(3, 3, 3, 2)),
            "b": np.zeros(2)}
    args.update(kwargs)
    with pytest.raises(error_type) as info:
        conv2d_forward(**args)
    assert isinstance(info.value, CnnlabError)
    return str(info.value)


def test_channel_mismatch_names_both_shapes():
    message = message_of(ShapeError, w=np.zeros((3, 3, 4, 2)))
    assert "C=3" in message and "(1, 5, 5, 3)" in message and "(3, 3, 4, 2)" in message


def test_window_larger_than_padded_input_shows_the_formula():
    message = message_of(ShapeError, x=np.zeros((1, 2, 2, 3)))
    assert "n + p = 2 + 0 = 2 is smaller than the kernel f = 3" in message


def test_non_4d_arrays_are_refused_with_the_expected_axes():
    assert "(5, 5, 3)" in message_of(ShapeError, x=np.zeros((5, 5, 3)))
    message = message_of(ShapeError, x=np.zeros((1, 3, 5, 5)), w=np.zeros((2, 3, 3)),
                         layout="nchw")
    assert "(F, C_in, HH, WW)" in message and "(2, 3, 3)" in message


def test_bias_of_the_wrong_shape_names_both_shapes():
    message = message_of(ShapeError, b=np.zeros((1, 1, 1, 3)))
    assert "(2,)" in message and "(1, 1, 1, 3)" in message


@pytest.mark.parametrize("kwargs, error_type, quoted", [
    ({"stride": 0}, LayerArgumentError, "stride=0"),
    ({"dilation": (1, -1)}, LayerArgumentError, "dilation=(1, -1)"),
    ({"padding": -1}, LayerArgumentError, "padding=-1"),
    ({"padding": "fill"}, LayerArgumentError, "'fill'"),
    ({"groups": 0}, LayerArgumentError, "groups=0"),
    ({"groups": 3, "w": np.zeros((3, 3, 1, 2))}, ShapeError, "groups=3"),
    ({"layout": "hwcn"}, LayerArgumentError, "'hwcn'"),
    ({"x": np.full((1, 5, 5, 3), "a")}, LayerArgumentError, "dtype"),
])
def test_bad_arguments_quote_the_value_received(kwargs, error_type, quoted):
    assert quoted in message_of(error_type, **kwargs)


def test_dout_of_the_wrong_shape_is_refused():
    out, cache = conv2d_forward(np.zeros((1, 5, 5, 3)), np.zeros((3, 3, 3, 2)))
    with pytest.raises(ShapeError, match=r"\(1, 3, 3, 2\).*\(1, 3, 3, 3\)"):
        conv2d_backward(np.zeros((1, 3, 3, 3)), cache)


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
def test_db_is_summed_on_one_blas_thread(monkeypatch, layout):
    """OpenBLAS's idle threads spin for about 0.1 s after a threaded call, taking a core from
    the next layer's helper process or threads: db's product with ones must not be threaded."""
    from contextlib import contextmanager

    from cnnlab.reference import conv, threads
    entered = []
    real = threads.single_threaded_blas

    @contextmanager
    def recording():
        with real() as limited:
            entered.append(limited)
            yield limited
    monkeypatch.setattr(threads, "single_threaded_blas", recording)
    rng = np.random.default_rng(41)
    dout = rng.normal(size=(2, 3, 4, 5)).astype(np.float32)
    db = conv._bias_gradient(dout, conv.as_layout(layout), np.dtype(np.float32))
    np.testing.assert_allclose(db, dout.sum(axis=(0, 1, 2) if layout == "nhwc" else (0, 2, 3)),
                               rtol=1e-5)
    assert entered

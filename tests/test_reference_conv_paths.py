"""The two ways the convolution's backward pass computes dx: at stride 1 as a convolution of
dout with the flipped kernel, otherwise by folding the window gradients back. Both against the
loops, and against each other, in every dtype the layers accept."""

from fractions import Fraction

import numpy as np
import pytest

from cnnlab.reference import conv, conv2d_backward, conv2d_forward
from cnnlab.reference.geometry import Window
from cnnlab.reference.naive import conv2d_backward_naive


@pytest.mark.parametrize("kernel, stride, padding, dilation, expected", [
    (3, 1, 1, 1, ((1, 1), (1, 1))),
    (3, 1, 0, 1, ((2, 2), (2, 2))),
    ((3, 2), 1, ((2, 0), (1, 0)), 1, ((0, 2), (0, 1))),
    (3, 1, 2, 2, ((2, 2), (2, 2))),                    # extent 5
    (3, 1, 3, 1, None),                                # wider than extent - 1: fold
    (3, 2, 1, 1, None),                                # stride 2: fold
    (1, (1, 2), 0, 1, None),
])
def test_which_path_and_its_padding(kernel, stride, padding, dilation, expected):
    window = Window.build(kernel, stride, padding, dilation, (9, 9))
    assert conv._transposed_padding(window) == expected


def fractions(rng, shape):
    return np.vectorize(lambda v: Fraction(int(v), 4), otypes=[object])(
        rng.integers(-8, 9, size=shape))


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("groups", [1, 2])
@pytest.mark.parametrize("padding, dilation", [(1, 1), (((0, 2), (1, 0)), 1), (2, 2)])
def test_stride_one_dx_is_exact_on_fractions(layout, groups, padding, dilation):
    rng = np.random.default_rng(3)
    x, w = fractions(rng, (2, 6, 5, 2 * groups)), fractions(rng, (3, 2, 2, 3 * groups))
    if layout == "nchw":
        x, w = x.transpose(0, 3, 1, 2).copy(), w.transpose(3, 2, 0, 1).copy()
    out, cache = conv2d_forward(x, w, None, padding=padding, dilation=dilation, groups=groups,
                                layout=layout)
    dout = fractions(rng, out.shape)
    for got, want in zip(conv2d_backward(dout, cache)[:2],
                         conv2d_backward_naive(dout, cache)[:2], strict=True):
        assert got.shape == want.shape and (got == want).all()


@pytest.mark.parametrize("dtypes", [(np.float32,) * 3, (np.float64, np.float32, np.float32),
                                    (np.int64, np.int64, np.float32)])
def test_both_paths_agree_and_keep_the_promoted_dtype(monkeypatch, dtypes):
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 7, 6, 4)).astype(dtypes[0])
    w = rng.normal(size=(3, 3, 4, 5)).astype(dtypes[1])
    out, cache = conv2d_forward(x, w, padding=1)
    dout = rng.normal(size=out.shape).astype(dtypes[2])
    dx, dw, _ = conv2d_backward(dout, cache)
    monkeypatch.setattr(conv, "_transposed_padding", lambda window: None)
    dx_fold, dw_fold, _ = conv2d_backward(dout, cache)
    expected = np.result_type(np.float64 if x.dtype.kind == "i" else x.dtype, w.dtype, dout.dtype)
    assert dx.dtype == dx_fold.dtype == dw.dtype == expected
    tolerance = 1e-4 if expected == np.float32 else 1e-12
    np.testing.assert_allclose(dx, dx_fold, rtol=tolerance, atol=tolerance)
    np.testing.assert_array_equal(dw, dw_fold)

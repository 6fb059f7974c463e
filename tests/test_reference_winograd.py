"""The Winograd F(2×2, 3×3) kernel (floating point, 3×3, stride 1): which layers take it, and its
results against the loops computed in float64 on the same float32 numbers, and in exact fractions
for float64, with rounding bounds of the order of the direct product's."""

from fractions import Fraction

import numpy as np
import pytest

from cnnlab.reference import conv, conv2d_backward, conv2d_forward, winograd
from cnnlab.reference.geometry import Window
from cnnlab.reference.naive import conv2d_backward_naive, conv2d_forward_naive

EPS32 = float(np.finfo(np.float32).eps)


@pytest.mark.parametrize("kernel, stride, dilation, groups, dtype, expected", [
    (3, 1, 1, 1, np.float32, True),
    (3, 1, 1, 1, np.float64, True),
    (3, 1, 1, 1, np.float16, True),
    (3, 1, 1, 1, np.dtype(object), False),
    (3, 2, 1, 1, np.float32, False),
    (3, 1, 2, 1, np.float32, False),
    (3, 1, 1, 2, np.float32, False),
    ((3, 2), 1, 1, 1, np.float32, False),
])
def test_which_layers_take_it(kernel, stride, dilation, groups, dtype, expected):
    window = Window.build(kernel, stride, 1, dilation, (9, 9))
    assert winograd.winograd_applies(window, groups, np.dtype(dtype)) is expected


def bound(x64, w64, padding, layout):
    """8·eps32 times the correlation of |x| with |w|: a per-output rounding bound."""
    absolute, _ = conv2d_forward(np.abs(x64), np.abs(w64), padding=padding, layout=layout)
    return 8 * EPS32 * (absolute + 1e-30)


@pytest.mark.parametrize("band", [winograd.BAND_TILES, 2])     # 2: several bands, a cut last one
@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("size, padding", [
    ((7, 6), 1), ((5, 5), 0), ((8, 9), ((2, 0), (0, 1))), ((3, 3), 0), ((1, 4), ((1, 1), (0, 2))),
    ((12, 11), 2),
])
def test_forward_matches_the_loops_within_rounding(monkeypatch, band, layout, size, padding):
    monkeypatch.setattr(winograd, "BAND_TILES", band)
    rng = np.random.default_rng(sum(size))
    x = rng.normal(size=(2, *size, 5)).astype(np.float32)
    w = rng.normal(size=(3, 3, 5, 4)).astype(np.float32)
    b = rng.normal(size=4).astype(np.float32)
    if layout == "nchw":
        x, w = x.transpose(0, 3, 1, 2).copy(), w.transpose(3, 2, 0, 1).copy()
    out, _ = conv2d_forward(x, w, b, padding=padding, layout=layout)
    want, _ = conv2d_forward_naive(x.astype(np.float64), w.astype(np.float64), b.astype(np.float64),
                                   padding=padding, layout=layout)
    assert out.dtype == np.float32 and out.shape == want.shape and out.flags.c_contiguous
    limit = bound(x.astype(np.float64), w.astype(np.float64), padding, layout)
    limit += 8 * EPS32 * np.abs(b).max()
    assert (np.abs(out - want) <= limit).all()


def test_error_is_of_the_direct_products_order(monkeypatch):
    """On the ResNet stage's channels, float32 Winograd stays within 3x the direct float32
    kernel's largest error against the float64 result."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=(2, 14, 14, 64)).astype(np.float32)
    w = (rng.normal(size=(3, 3, 64, 64)) / 24).astype(np.float32)
    exact, _ = conv2d_forward(x.astype(np.float64), w.astype(np.float64), padding=1)
    fast, _ = conv2d_forward(x, w, padding=1)
    monkeypatch.setattr(conv, "winograd_applies", lambda *args: False)
    direct, _ = conv2d_forward(x, w, padding=1)
    err_fast, err_direct = np.abs(fast - exact).max(), np.abs(direct - exact).max()
    assert 0 < err_fast <= 3 * err_direct
    assert err_fast <= 16 * EPS32 * np.abs(exact).max()


@pytest.mark.parametrize("band", [winograd.BAND_TILES, 2])
@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("padding", [1, ((2, 0), (0, 1)), 3])     # 3: dx by folding, dw Winograd
def test_stride_one_backward_matches_the_loops(monkeypatch, band, layout, padding):
    """dw is the adjoint of the Winograd products; dx at stride 1 is the forward kernel on
    dout, so it runs through Winograd too."""
    monkeypatch.setattr(winograd, "BAND_TILES", band)
    rng = np.random.default_rng(11)
    x = rng.normal(size=(2, 6, 7, 3)).astype(np.float32)
    w = rng.normal(size=(3, 3, 3, 4)).astype(np.float32)
    if layout == "nchw":
        x, w = x.transpose(0, 3, 1, 2).copy(), w.transpose(3, 2, 0, 1).copy()
    out, cache = conv2d_forward(x, w, np.zeros(4, np.float32), padding=padding, layout=layout)
    dout = rng.normal(size=out.shape).astype(np.float32)
    got = conv2d_backward(dout, cache)
    _, cache64 = conv2d_forward(x.astype(np.float64), w.astype(np.float64), np.zeros(4),
                                padding=padding, layout=layout)
    want = conv2d_backward_naive(dout.astype(np.float64), cache64)
    for g, v in zip(got, want, strict=True):
        assert g.dtype == np.float32 and g.shape == v.shape
        np.testing.assert_allclose(g, v, rtol=1e-4, atol=1e-4 * np.abs(v).max())


def test_float64_is_within_rounding_of_exact_fractions():
    rng = np.random.default_rng(5)
    x, w = rng.normal(size=(2, 9, 8, 6)), rng.normal(size=(3, 3, 6, 5))
    out, _ = conv2d_forward(x, w, padding=((1, 2), (0, 1)))
    exact_x, exact_w = (np.vectorize(Fraction, otypes=[object])(a) for a in (x, w))
    exact, _ = conv2d_forward_naive(exact_x, exact_w, padding=((1, 2), (0, 1)))
    assert isinstance(exact[0, 0, 0, 0], Fraction)
    magnitude, _ = conv2d_forward(np.abs(x), np.abs(w), padding=((1, 2), (0, 1)))
    error = np.abs(out - exact.astype(np.float64))
    assert (error <= 8 * np.finfo(np.float64).eps * magnitude).all()


def test_mixed_dtypes_compute_in_the_promoted_one():
    rng = np.random.default_rng(12)
    x, w = rng.normal(size=(1, 5, 6, 2)).astype(np.float32), rng.normal(size=(3, 3, 2, 3))
    out, cache = conv2d_forward(x, w, padding=1)
    dout = rng.normal(size=out.shape).astype(np.float32)
    got = conv2d_backward(dout, cache)
    want = conv2d_backward_naive(dout, cache)
    for g, v in zip(got[:2], want[:2], strict=True):
        assert g.dtype == np.float64
        np.testing.assert_allclose(g, v, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
def test_the_transformed_weights_reach_the_products_c_contiguous(monkeypatch, layout):
    """For every weight layout (NCHW's OIHW seen as HWIO is a transposed view), forward and dx:
    BLAS ran the products 1.6× slower on one thread with a transposed U."""
    seen = []
    products = winograd._Band.products

    def recording(self, v, u):
        seen.append(u.flags.c_contiguous)
        return products(self, v, u)
    monkeypatch.setattr(winograd._Band, "products", recording)
    rng = np.random.default_rng(31)
    x = rng.normal(size=(2, 6, 5, 4)).astype(np.float32)
    w = rng.normal(size=(3, 3, 4, 3)).astype(np.float32)
    if layout == "nchw":
        x, w = np.ascontiguousarray(x.transpose(0, 3, 1, 2)), np.ascontiguousarray(
            w.transpose(3, 2, 0, 1))
    out, cache = conv2d_forward(x, w, np.zeros(3, np.float32), padding=1, layout=layout)
    conv2d_backward(np.ones_like(out), cache)
    assert len(seen) >= 2 and all(seen)

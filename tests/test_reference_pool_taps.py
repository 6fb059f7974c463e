"""The per-tap pooling kernels: their index arithmetic written out, and every code path of the
kernels (blocks and row bands, ties, disjoint and overlapping windows, padding, both layouts,
float32/float64, object dtype, non-finite values, wide windows) against the loop twins."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

from cnnlab.errors import CnnlabError
from cnnlab.reference import pool2d_backward, pool2d_forward, pool_flat, pool_taps, threads
from cnnlab.reference.geometry import Window
from cnnlab.reference.layouts import Layout
from cnnlab.reference.naive import pool2d_backward_naive, pool2d_forward_naive
from cnnlab.reference.pool import pool2d_setup


@pytest.mark.parametrize("n, f, s, d, before", list(itertools.product(
    [1, 4, 7], [1, 2, 3], [1, 2, 3], [1, 2], [0, 1, 2])))
def test_axis_spans_hold_exactly_the_reads_inside_the_input(n, f, s, d, before):
    n_out = (n + 2 * before - d * (f - 1) - 1) // s + 1
    if n_out < 1:
        return
    for lo_out, hi_out in [(0, n_out), (n_out // 2, n_out)]:
        spans = pool_taps.axis_spans(n, n_out, f, s, d, before, lo_out, hi_out)
        for p, span in enumerate(spans):
            inside = [(i, i * s + p * d - before) for i in range(lo_out, hi_out)
                      if 0 <= i * s + p * d - before < n]
            got = [] if span is None else list(zip(
                range(lo_out + span[0].start, lo_out + span[0].stop),
                range(n)[span[1]], strict=True))
            assert got == inside


def in_layout(x_nhwc, layout):
    return np.ascontiguousarray(x_nhwc.transpose(0, 3, 1, 2)) if layout == "nchw" else x_nhwc


def check_against_naive(x, kernel, dout_rng, exact=False, **kwargs):
    out, cache = pool2d_forward(x, kernel, **kwargs)
    out_naive, _ = pool2d_forward_naive(x, kernel, **kwargs)
    dout = dout_rng(out.shape)
    dx, dx_naive = pool2d_backward(dout, cache), pool2d_backward_naive(dout, cache)
    assert out.dtype == out_naive.dtype and dx.dtype == dx_naive.dtype
    if exact:
        assert (out == out_naive).all() and (dx == dx_naive).all()
    else:
        np.testing.assert_array_equal(out, out_naive)
        tolerance = 1e-6 if x.dtype == np.float32 else 1e-13
        np.testing.assert_allclose(dx, dx_naive, rtol=tolerance, atol=tolerance)
    return dx


def small_blocks(monkeypatch, nbytes: int) -> None:
    """Blocks of ``nbytes`` for the forward and backward passes alike."""
    for name in ("BLOCK_BYTES", "BACKWARD_BLOCK_BYTES"):
        monkeypatch.setattr(pool_taps, name, nbytes)


KERNELS = [(2, 2, 0), (2, 3, 0), (3, 2, 1), (3, 1, 1), ((2, 3), (1, 2), ((1, 0), (0, 1)))]


@pytest.mark.parametrize("block_bytes", [1, 200, 1 << 20])   # row bands, whole images, one block
@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("ties", ["first", "all"])
def test_ties_blocks_layouts_dtypes_match_the_loops(monkeypatch, block_bytes, layout, dtype, ties):
    small_blocks(monkeypatch, block_bytes)
    rng = np.random.default_rng(7)
    x = in_layout(rng.integers(0, 3, size=(3, 7, 6, 2)).astype(dtype), layout)  # many ties
    for (kernel, stride, padding), dilation in itertools.product(KERNELS, [1, 2]):
        try:
            pool2d_setup(x, kernel, stride=stride, padding=padding, dilation=dilation,
                         layout=layout)
        except CnnlabError:                               # window too big for the input
            continue
        for mode in ["max", "average"]:
            check_against_naive(x, kernel, lambda shape: rng.normal(size=shape).astype(dtype),
                                stride=stride, padding=padding, dilation=dilation, mode=mode,
                                ties=ties, layout=layout, count_include_pad=ties == "first")


def test_windows_wider_than_256_taps_index_with_two_bytes():
    rng = np.random.default_rng(8)
    x = rng.integers(0, 4, size=(2, 19, 18, 2)).astype(float)
    for ties in ["first", "all"]:
        check_against_naive(x, 17, lambda shape: rng.normal(size=shape), stride=1, padding=8,
                            ties=ties)
    assert pool2d_forward(x, 17, stride=1, padding=8)[1].argmax.dtype == np.uint16


@pytest.mark.parametrize("ties", ["first", "all"])
def test_windows_left_with_minus_infinity_behave_as_the_padded_loops(ties):
    x = np.full((1, 4, 4, 1), -np.inf)
    x[0, 2, 2, 0] = 1.0
    check_against_naive(x, 3, lambda shape: np.arange(1.0, 1 + np.prod(shape)).reshape(shape),
                        stride=1, padding=1, ties=ties)


@pytest.mark.parametrize("ties", ["first", "all"])
def test_non_finite_dout_goes_where_the_loops_send_it(ties):
    rng = np.random.default_rng(9)
    x = rng.integers(0, 2, size=(1, 5, 5, 2)).astype(float)

    def dout(shape):
        d = rng.normal(size=shape)
        d[0, 0, 0, 0], d[0, 1, 1, 1] = np.inf, np.nan
        return d
    dx = check_against_naive(x, 3, dout, stride=1, padding=1, ties=ties)
    assert np.isinf(dx).any() and np.isnan(dx).sum() <= 9              # nothing spread further


@pytest.mark.parametrize("ties", ["first", "all"])
@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
def test_fractions_with_ties_are_exact(ties, layout):
    rng = np.random.default_rng(10)
    values = rng.integers(0, 3, size=(2, 5, 4, 2))
    x = in_layout(np.vectorize(lambda v: Fraction(int(v), 2), otypes=[object])(values), layout)
    for mode in ["max", "average"]:
        check_against_naive(
            x, 3, lambda shape: np.vectorize(lambda v: Fraction(int(v), 3), otypes=[object])(
                rng.integers(-3, 4, size=shape)),
            exact=True, stride=(1, 2), padding=1, mode=mode, ties=ties, layout=layout)


@pytest.mark.parametrize("mode, ties", [("max", "first"), ("max", "all"), ("average", "first")])
def test_a_cache_from_setup_gives_the_same_gradient(mode, ties):
    rng = np.random.default_rng(11)
    x = rng.integers(0, 3, size=(2, 6, 5, 3)).astype(float)
    kwargs = dict(stride=2, padding=1, mode=mode, ties=ties)
    out, cache = pool2d_forward(x, 3, **kwargs)
    dout = rng.normal(size=out.shape)
    np.testing.assert_array_equal(pool2d_backward(dout, pool2d_setup(x, 3, **kwargs)),
                                  pool2d_backward(dout, cache))


def test_integer_input_is_pooled_in_float64():
    x = np.arange(16).reshape(1, 4, 4, 1)
    dx = check_against_naive(x, 2, np.ones, stride=1, ties="all")
    assert dx.dtype == np.float64


def test_divisor_counts_the_entries_inside_the_counted_padding():
    window = Window.build(3, 2, 1, 1, (5, 6))                        # 3x3 s2 p1: 3x3 outputs
    by_hand = np.array([[sum(0 <= i * 2 + p - 1 < 5 for p in range(3)) for i in range(3)]]).T \
        * np.array([[sum(0 <= j * 2 + q - 1 < 6 for q in range(3)) for j in range(3)]])
    real = pool_taps.divisor(window, (5, 6), (3, 3), Layout.NHWC, False, np.float64)
    np.testing.assert_array_equal(real[0, :, :, 0], by_hand)
    assert pool_taps.divisor(window, (5, 6), (3, 3), Layout.NHWC, True, np.float64) == 9
    # counting only one row of bottom padding and none on the right: a clipped last window
    some = pool_taps.divisor(window, (5, 6), (3, 3), Layout.NCHW, True, np.float64,
                             counted=((1, 0), (1, 0)))
    rows = [sum(0 <= i * 2 + p < 6 for p in range(3)) for i in range(3)]
    cols = [sum(0 <= j * 2 + q < 7 for q in range(3)) for j in range(3)]
    np.testing.assert_array_equal(some[0, 0], np.outer(rows, cols))


FLAT_CASES = [(3, 1, 1), ((2, 3), 1, ((1, 0), (0, 1))), (2, 1, 0), (3, 2, 1), ((3, 2), (2, 1), 1),
              (3, 2, 0), ((4, 3), 3, 1)]               # kernel, stride, padding: windows overlap


def flat_case(dtype, nan: bool):
    rng = np.random.default_rng(12)
    x = rng.integers(0, 3, size=(2, 5, 7, 6)).astype(dtype)             # (N, C, H, W)
    x[0, 1, 0, :3], x[0, 3, 2, 2], x[1, 0] = -np.inf, -0.0, -np.inf      # and a plane of -inf
    if nan:
        x[1, 4, 6, 5], x[1, 2, 3, 3] = np.nan, np.nan
    return x, rng


def flat_runs(x, rng, ties, padded_planes: bool, monkeypatch):
    """Forward and backward of every FLAT_CASES layer, max and average, with the flat-plane
    kernels or (``padded_planes=False``) the tap slices."""
    with monkeypatch.context() as m:
        if not padded_planes:
            m.setattr(pool_flat, "applies", lambda *args: False)
        results = []
        for kernel, stride, padding in FLAT_CASES:
            for mode, count_include_pad in [("max", True), ("average", True), ("average", False)]:
                kwargs = dict(stride=stride, padding=padding, mode=mode, ties=ties, layout="nchw",
                              count_include_pad=count_include_pad)
                out, cache = pool2d_forward(x, kernel, **kwargs)
                dout = np.cos(np.arange(out.size)).reshape(out.shape).astype(x.dtype)
                results.append((kernel, kwargs, out, cache, dout, pool2d_backward(dout, cache)))
        return results


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("ties", ["first", "all"])
def test_nchw_overlapping_windows_over_padded_planes_match_the_loops(monkeypatch, dtype, ties):
    """The flat-plane kernels (NCHW, overlapping windows): strides 1, 2 and 3 (phase-split
    planes), channel blocks of 2, 2 and 1 channels reusing one buffer, asymmetric padding,
    rectangular windows and strides, ties, -inf and -0.0 in the input."""
    small_blocks(monkeypatch, 2 * 9 * 9 * np.dtype(dtype).itemsize)
    x, rng = flat_case(dtype, nan=False)
    for kernel, stride, padding in FLAT_CASES:
        setup = pool2d_setup(x, kernel, stride=stride, padding=padding, layout="nchw")
        assert pool_flat.applies(setup.window, Layout.NCHW, dtype)
    for kernel, kwargs, out, cache, dout, dx in flat_runs(x, rng, ties, True, monkeypatch):
        np.testing.assert_array_equal(out, pool2d_forward_naive(x, kernel, **kwargs)[0])
        np.testing.assert_allclose(dx, pool2d_backward_naive(dout, cache), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("ties", ["first", "all"])
def test_padded_planes_and_tap_slices_agree_nan_included(monkeypatch, ties):
    """With NaN in the input (where the loops' np.argmax rules differ from the kernels'), the
    flat-plane kernels give what the tap slices give: the same outputs and maxima, and ``dx``
    up to the order of its sums (the tap slices add a band of rows at a time)."""
    small_blocks(monkeypatch, 2 * 9 * 9 * 8)
    x, rng = flat_case(np.float64, nan=True)
    flat = flat_runs(x, rng, ties, True, monkeypatch)
    sliced = flat_runs(x, rng, ties, False, monkeypatch)
    for ours, theirs in zip(flat, sliced, strict=True):
        np.testing.assert_array_equal(ours[2], theirs[2])                  # out
        np.testing.assert_array_equal(ours[3].argmax, theirs[3].argmax)
        np.testing.assert_allclose(ours[5], theirs[5], rtol=1e-15, atol=1e-15)   # dx


@pytest.mark.parametrize("padded_planes", [True, False])
def test_tie_flags_mark_the_windows_with_two_maxima(monkeypatch, padded_planes):
    """The "all" rule's flags, counted by hand over the padded windows: a window whose maximum
    is finite is flagged exactly when two of its entries reach it; one whose entries are all
    -inf, at least when two real entries do (padding may count there: it is never stored)."""
    small_blocks(monkeypatch, 2 * 9 * 9 * 8)
    x, rng = flat_case(np.float64, nan=False)
    runs = flat_runs(x, rng, "all", padded_planes, monkeypatch)
    for kernel, cache in [(r[0], r[3]) for r in runs if r[1]["mode"] == "max"]:
        (HH, WW), (s_h, s_w) = cache.window.kernel, cache.window.stride
        (top, bottom), (left, right) = cache.window.padding
        real = np.pad(np.ones(x.shape, bool), ((0, 0), (0, 0), (top, bottom), (left, right)))
        padded = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)),
                        constant_values=-np.inf)
        H_out, W_out = cache.out_hw
        for n, c, i, j in itertools.product(*map(range, x.shape[:2]), range(H_out),
                                            range(W_out)):
            rows, cols = slice(i * s_h, i * s_h + HH), slice(j * s_w, j * s_w + WW)
            window, inside = padded[n, c, rows, cols], real[n, c, rows, cols]
            reach = window == window.max()
            if np.isfinite(window.max()):
                assert cache.tied[n, c, i, j] == (reach.sum() >= 2), (kernel, n, c, i, j)
            elif (reach & inside).sum() >= 2:
                assert cache.tied[n, c, i, j], (kernel, n, c, i, j)


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
def test_a_minus_infinity_window_keeps_tap_0_when_its_first_real_tap_covers_the_block(layout):
    # one output whose tap 0 is padding and whose only real entry is -inf: the loops keep tap 0
    # (padding, so the gradient is lost); the first real tap covers the whole block here
    x = np.full((1, 1, 1, 1), -np.inf)
    out, cache = pool2d_forward(x, 2, stride=2, padding=((1, 0), (1, 0)), layout=layout)
    assert cache.argmax.ravel().tolist() == [0]
    dout = np.ones_like(out)
    np.testing.assert_array_equal(pool2d_backward(dout, cache), pool2d_backward_naive(dout, cache))


@pytest.mark.parametrize("padded_planes", [True, False])
def test_a_window_holding_nan_is_never_tied(monkeypatch, padded_planes):
    """Under "all", a NaN window's gradient goes to its first index, as under "first": the
    padded planes' padding (equal to itself) must not flag it, nor two real maxima before it."""
    if not padded_planes:
        monkeypatch.setattr(pool_flat, "applies", lambda *args: False)
    x = np.array([[[[np.nan, -np.inf, 1.0], [5.0, 5.0, 1.0]]]])          # NCHW (1, 1, 2, 3)
    kwargs = dict(stride=1, padding=1, layout="nchw")
    out, cache = pool2d_forward(x, 3, ties="all", **kwargs)
    first_out, first_cache = pool2d_forward(x, 3, ties="first", **kwargs)
    assert np.isnan(out).any() and not cache.tied[np.isnan(out)].any()
    dout = np.cos(np.arange(out.size)).reshape(out.shape)
    np.testing.assert_array_equal(pool2d_backward(dout, cache),
                                  pool2d_backward(dout, first_cache))


STRIDED_CASES = [(2, 2), (3, 3), ((2, 3), (2, 3)), (2, 3), ((3, 2), (4, 2)), (1, 1),
                 ((2, 3), 4)]                                               # kernel, stride


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("ties", ["first", "all"])
@pytest.mark.parametrize("nan", [False, True])
def test_nchw_disjoint_windows_read_by_strided_rows(monkeypatch, dtype, ties, nan):
    """NCHW max pooling over windows that don't overlap (no padding), separably from strided
    views: outputs, first maxima, tie flags and dx as the tap slices give them (channel blocks
    of 2, 2 and 1; widths that are and aren't a multiple of the stride; ties, -inf, -0.0 and,
    where the blocks are redone by the tap slices, NaN); and against the loops without NaN."""
    small_blocks(monkeypatch, 2 * 7 * 3 * np.dtype(dtype).itemsize)
    x, _ = flat_case(dtype, nan)
    results = {}
    for strided in [True, False]:
        with monkeypatch.context() as m:                 # (float32 takes it only if asked)
            m.setattr(pool_flat, "strided_applies", lambda *args, strided=strided: strided)
            for kernel, stride in STRIDED_CASES:
                out, cache = pool2d_forward(x, kernel, stride=stride, ties=ties, layout="nchw")
                dout = np.cos(np.arange(out.size)).reshape(out.shape).astype(dtype)
                results[strided, kernel, stride] = out, cache, pool2d_backward(dout, cache), dout
    for kernel, stride in STRIDED_CASES:
        (out, cache, dx, dout), (out_t, cache_t, dx_t, _) = (results[True, kernel, stride],
                                                             results[False, kernel, stride])
        np.testing.assert_array_equal(out, out_t)
        np.testing.assert_array_equal(cache.argmax, cache_t.argmax)
        if ties == "all":
            np.testing.assert_array_equal(cache.tied, cache_t.tied)
        np.testing.assert_array_equal(dx, dx_t)
        if not nan:
            np.testing.assert_array_equal(out, pool2d_forward_naive(x, kernel, stride=stride,
                                                                    layout="nchw")[0])
            tolerance = 1e-6 if dtype == np.float32 else 1e-13
            np.testing.assert_allclose(dx, pool2d_backward_naive(dout, cache), rtol=tolerance,
                                       atol=tolerance)


def test_which_layers_take_the_strided_rows():
    disjoint, overlapping = (Window.build(2, 2, 0, 1, (8, 8), False),
                             Window.build(3, 2, 0, 1, (8, 8), False))
    padded = Window.build(2, 2, 1, 1, (8, 8), False)
    assert pool_flat.strided_applies(disjoint, Layout.NCHW, np.float64)
    assert not pool_flat.strided_applies(disjoint, Layout.NCHW, np.float32)
    assert not pool_flat.strided_applies(disjoint, Layout.NHWC, np.float64)
    assert not pool_flat.strided_applies(overlapping, Layout.NCHW, np.float64)
    assert not pool_flat.strided_applies(padded, Layout.NCHW, np.float64)


@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kernel, stride, padding, mode, ties", [
    (3, 2, 1, "max", "first"), (3, 2, 1, "max", "all"), (3, 1, 1, "max", "first"),
    (3, 1, 1, "avg", "first"), ((2, 3), 1, 0, "avg", "first"),
])
def test_backward_bits_do_not_depend_on_the_threads(monkeypatch, layout, dtype, kernel, stride,
                                                    padding, mode, ties):
    """Overlapping windows add several gradients into an entry of dx, in an order set by the
    edges of the blocks: alone and on two threads (whose forward blocks differ in size), dx is
    the same to the last bit, over gradients of very different magnitudes."""
    monkeypatch.setattr(pool_taps, "BLOCK_BYTES", 1)                # forward: rows alone ..
    for name in ("SHARED_BLOCK_BYTES", "SHARED_NCHW_BLOCK_BYTES"):  # .. or whole images
        monkeypatch.setattr(pool_taps, name, 1 << 30)
    monkeypatch.setattr(pool_taps, "BACKWARD_BLOCK_BYTES", 3 * 9 * 4 * np.dtype(dtype).itemsize)
    monkeypatch.setattr(threads, "SMALL_BYTES", 0)
    rng = np.random.default_rng(11)
    x = in_layout(rng.normal(size=(4, 12, 9, 4)).astype(dtype), layout)
    out, cache = pool2d_forward(x, kernel, stride=stride, padding=padding, mode=mode, ties=ties,
                                layout=layout)
    dout = (rng.normal(size=out.shape) * np.exp(5 * rng.normal(size=out.shape))).astype(dtype)
    results = []
    for workers in (1, 2):
        monkeypatch.setattr(threads, "WORKERS", workers)
        results.append(pool2d_backward(dout, cache))
    np.testing.assert_array_equal(results[0], results[1])


def test_reads_every_entry_as_counted_tap_by_tap():
    """Which layers leave input rows or columns unread (past the last window, between
    windows), against a count over every window's taps."""
    rng = np.random.default_rng(5)
    seen = set()
    for _ in range(400):
        size = tuple(int(v) for v in rng.integers(1, 12, 2))
        kernel, stride, dilation = (tuple(int(v) for v in rng.integers(1, 5, 2)) for _ in "ksd")
        padding = tuple(int(rng.integers(0, k // 2 + 1)) for k in kernel)
        try:
            setup = pool2d_setup(np.zeros((1, *size, 1)), kernel, stride=stride, padding=padding,
                                 dilation=dilation, ceil_mode=bool(rng.integers(2)))
        except CnnlabError:
            continue
        window, out_hw = setup.window, setup.out_hw
        read = np.zeros(size, bool)
        for i, j in itertools.product(range(out_hw[0]), range(out_hw[1])):
            for p, q in itertools.product(range(kernel[0]), range(kernel[1])):
                r = i * stride[0] + p * dilation[0] - window.padding[0][0]
                c = j * stride[1] + q * dilation[1] - window.padding[1][0]
                if 0 <= r < size[0] and 0 <= c < size[1]:
                    read[r, c] = True
        answer = pool_taps.reads_every_entry(window, size, out_hw)
        assert answer == read.all(), (size, kernel, stride, padding, dilation)
        seen.add(answer)
    assert seen == {True, False}

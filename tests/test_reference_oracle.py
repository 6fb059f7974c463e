"""The reference layers against a brute-force oracle that shares nothing with them.

The loops below are written straight from the definitions, with plain index arithmetic: no
cnnlab geometry (no Window, no padding resolver, no output-size function, no padded copy), so a
geometry bug in cnnlab cannot pass both. The naive twins in ``reference/naive.py`` go through the
same setup as the fast layers; this file does not.
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnlab.reference import conv2d_backward, conv2d_forward, pool2d_backward, pool2d_forward


def out_len(n, f, s, d, before, after, ceil=False):
    span = n + before + after - d * (f - 1) - 1
    if not ceil:
        return span // s + 1
    count = -(-span // s) + 1
    return count - 1 if (count - 1) * s >= n + before else count   # PyTorch's last-window rule


def oracle_conv(x, w, b, s, pad, d, groups):
    """x (N, H, W, C), w (HH, WW, C/g, F), pad ((top, bottom), (left, right)): out, NHWC."""
    N, H, W, C = x.shape
    HH, WW, C_g, F = w.shape
    (top, bottom), (left, right) = pad
    H_out = out_len(H, HH, s[0], d[0], top, bottom)
    W_out = out_len(W, WW, s[1], d[1], left, right)
    out = np.zeros((N, H_out, W_out, F))
    for n, i, j, f in itertools.product(range(N), range(H_out), range(W_out), range(F)):
        g = f // (F // groups)
        total = b[f]
        for p, q, c in itertools.product(range(HH), range(WW), range(C_g)):
            row, col = i * s[0] + p * d[0] - top, j * s[1] + q * d[1] - left
            if 0 <= row < H and 0 <= col < W:
                total += x[n, row, col, g * C_g + c] * w[p, q, c, f]
        out[n, i, j, f] = total
    return out


def oracle_conv_backward(dout, x, w, s, pad, d, groups):
    """∂L/∂x, ∂L/∂w, ∂L/∂b for L = Σ dout·out, by the chain rule term by term."""
    N, H, W, C = x.shape
    HH, WW, C_g, F = w.shape
    (top, _), (left, _) = pad
    dx, dw, db = np.zeros(x.shape), np.zeros(w.shape), np.zeros(F)
    for n, i, j, f in itertools.product(*map(range, dout.shape)):
        g = f // (F // groups)
        db[f] += dout[n, i, j, f]
        for p, q, c in itertools.product(range(HH), range(WW), range(C_g)):
            row, col = i * s[0] + p * d[0] - top, j * s[1] + q * d[1] - left
            if 0 <= row < H and 0 <= col < W:
                dx[n, row, col, g * C_g + c] += w[p, q, c, f] * dout[n, i, j, f]
                dw[p, q, c, f] += x[n, row, col, g * C_g + c] * dout[n, i, j, f]
    return dx, dw, db


def oracle_pool_windows(x, k, s, pad, ceil, d=(1, 1)):
    """Yield (n, i, j, c, cells, size): the input cells of each window, and its divisor with
    padding counted (taps inside the padded input, never past it)."""
    N, H, W, C = x.shape
    (top, bottom), (left, right) = pad
    H_out = out_len(H, k[0], s[0], d[0], top, bottom, ceil)
    W_out = out_len(W, k[1], s[1], d[1], left, right, ceil)
    for n, i, j, c in itertools.product(range(N), range(H_out), range(W_out), range(C)):
        rows = [i * s[0] + p * d[0] - top for p in range(k[0])]
        cols = [j * s[1] + q * d[1] - left for q in range(k[1])]
        cells = [(r, q) for r in rows for q in cols if 0 <= r < H and 0 <= q < W]
        size = sum(1 for r in rows for q in cols
                   if -top <= r < H + bottom and -left <= q < W + right)
        yield n, i, j, c, cells, size, (H_out, W_out)


def oracle_pool(x, dout, k, s, pad, mode, ceil, count_include_pad, d=(1, 1)):
    """Forward output and ∂L/∂x (L = Σ dout·out; max: the first maximum takes the gradient)."""
    N, _, _, C = x.shape
    out, dx = None, np.zeros(x.shape)
    for n, i, j, c, cells, size, out_hw in oracle_pool_windows(x, k, s, pad, ceil, d):
        if out is None:
            out = np.zeros((N, *out_hw, C))
        values = [x[n, r, q, c] for r, q in cells]
        g = 0.0 if dout is None else dout[n, i, j, c]
        if mode == "max":
            first = values.index(max(values))
            out[n, i, j, c] = values[first]
            dx[(n, *cells[first], c)] += g
        else:
            divisor = size if count_include_pad else len(cells)
            out[n, i, j, c] = sum(values) / divisor
            for r, q in cells:
                dx[n, r, q, c] += g / divisor
    return out, dx


CONV_CASES = [  # stride, ((top, bottom), (left, right)), dilation, groups, (H, W), (HH, WW)
    ((1, 1), ((0, 0), (0, 0)), (1, 1), 1, (5, 5), (3, 3)),
    ((2, 2), ((1, 1), (1, 1)), (1, 1), 1, (6, 5), (3, 3)),
    ((2, 1), ((2, 0), (0, 1)), (1, 2), 2, (7, 6), (3, 2)),
    ((1, 3), ((1, 2), (2, 1)), (2, 1), 3, (6, 8), (2, 3)),
    ((3, 2), ((0, 1), (1, 0)), (2, 2), 1, (9, 7), (2, 2)),
]


@pytest.mark.parametrize("stride, pad, dilation, groups, hw, kernel", CONV_CASES)
@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
def test_conv_matches_the_brute_force_oracle(stride, pad, dilation, groups, hw, kernel, layout):
    rng = np.random.default_rng(7)
    x = rng.normal(size=(2, *hw, 2 * groups))
    w = rng.normal(size=(*kernel, 2, 2 * groups))
    b = rng.normal(size=2 * groups)
    want = oracle_conv(x, w, b, stride, pad, dilation, groups)
    dout = rng.normal(size=want.shape)
    want_grads = oracle_conv_backward(dout, x, w, stride, pad, dilation, groups)
    to = (lambda a: a.transpose(0, 3, 1, 2)) if layout == "nchw" else (lambda a: a)
    w_in = w.transpose(3, 2, 0, 1) if layout == "nchw" else w
    out, cache = conv2d_forward(to(x), w_in, b, stride=stride, padding=pad, dilation=dilation,
                                groups=groups, layout=layout)
    np.testing.assert_allclose(out, to(want), rtol=1e-12, atol=1e-12)
    dx, dw, db = conv2d_backward(to(dout), cache)
    np.testing.assert_allclose(dx, to(want_grads[0]), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dw, want_grads[1].transpose(3, 2, 0, 1) if layout == "nchw"
                               else want_grads[1], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(db, want_grads[2], rtol=1e-12, atol=1e-12)


POOL_CASES = [  # kernel, stride, ((top, bottom), (left, right)), ceil_mode, (H, W), dilation
    ((2, 2), (2, 2), ((0, 0), (0, 0)), False, (4, 6), (1, 1)),
    ((3, 3), (2, 2), ((1, 1), (1, 1)), False, (7, 5), (1, 1)),
    ((3, 2), (1, 2), ((1, 0), (0, 1)), False, (5, 6), (1, 1)),
    ((3, 3), (2, 2), ((0, 0), (0, 0)), True, (6, 8), (1, 1)),
    ((3, 3), (2, 2), ((1, 1), (1, 1)), True, (6, 5), (1, 1)),
    ((2, 3), (3, 2), ((1, 1), (0, 0)), True, (7, 6), (1, 1)),
    ((2, 3), (1, 2), ((1, 0), (2, 1)), False, (7, 8), (2, 2)),
    ((3, 2), (2, 3), ((1, 2), (1, 0)), True, (8, 7), (2, 1)),
]


@pytest.mark.parametrize("kernel, stride, pad, ceil, hw, dilation", POOL_CASES)
@pytest.mark.parametrize("mode, count_include_pad", [("max", True), ("avg", True),
                                                     ("avg", False)])
def test_pool_matches_the_brute_force_oracle(kernel, stride, pad, ceil, hw, dilation, mode,
                                             count_include_pad):
    rng = np.random.default_rng(8)
    x = rng.normal(size=(2, *hw, 3))
    args = (kernel, stride, pad, mode, ceil, count_include_pad, dilation)
    want, _ = oracle_pool(x, None, *args)
    dout = rng.normal(size=want.shape)
    _, want_dx = oracle_pool(x, dout, *args)
    out, cache = pool2d_forward(x, kernel, stride=stride, padding=pad, mode=mode,
                                ceil_mode=ceil, count_include_pad=count_include_pad,
                                dilation=dilation)
    np.testing.assert_allclose(out, want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(pool2d_backward(dout, cache), want_dx, rtol=1e-12, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(H=st.integers(2, 7), W=st.integers(2, 7), k=st.tuples(st.integers(1, 3), st.integers(1, 3)),
       s=st.tuples(st.integers(1, 3), st.integers(1, 3)), pads=st.tuples(*[st.integers(0, 1)] * 4),
       mode=st.sampled_from(["max", "avg"]), ceil=st.booleans(), seed=st.integers(0, 2**16))
def test_random_pools_match_the_brute_force_oracle(H, W, k, s, pads, mode, ceil, seed):
    pad = ((min(pads[0], k[0] // 2), min(pads[1], k[0] // 2)),
           (min(pads[2], k[1] // 2), min(pads[3], k[1] // 2)))
    x = np.random.default_rng(seed).normal(size=(1, H, W, 2))
    if H + sum(pad[0]) < k[0] or W + sum(pad[1]) < k[1]:
        return
    want, _ = oracle_pool(x, None, k, s, pad, mode, ceil, True)
    dout = np.random.default_rng(seed + 1).normal(size=want.shape)
    _, want_dx = oracle_pool(x, dout, k, s, pad, mode, ceil, True)
    out, cache = pool2d_forward(x, k, stride=s, padding=pad, mode=mode, ceil_mode=ceil)
    np.testing.assert_allclose(out, want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(pool2d_backward(dout, cache), want_dx, rtol=1e-12, atol=1e-12)

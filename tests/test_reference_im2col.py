"""Blocks of the im2col matrix against the matrix written out entry by entry."""

import itertools

import numpy as np
import pytest

from cnnlab.reference import im2col
from cnnlab.reference.geometry import Window
from cnnlab.reference.im2col import PaddedImages, chunks, im2col_blocks


def test_chunks_cover_every_output_row_once_in_order():
    for N, H_out, row_bytes, budget in [(5, 4, 10, 100), (3, 7, 10, 25), (2, 3, 50, 1)]:
        seen, order = np.zeros((N, H_out), int), []
        for n0, n1, h0, h1 in chunks(N, H_out, row_bytes, budget):
            seen[n0:n1, h0:h1] += 1
            order.append((n0, h0))
        np.testing.assert_array_equal(seen, 1)
        assert order == sorted(order)


def im2col_by_hand(x, window, groups):
    """The im2col matrix, entry by entry: (G, N·H_out·W_out, HH·WW·C_g)."""
    (top, bottom), (left, right) = window.padding
    x_pad = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    N, _, _, C = x.shape
    H_out, W_out = window.output_size(*x.shape[1:3])
    (HH, WW), (s_h, s_w), (d_h, d_w) = window.kernel, window.stride, window.dilation
    C_g = C // groups
    rows = []
    for n, i, j in itertools.product(range(N), range(H_out), range(W_out)):
        rows.append([[x_pad[n, i * s_h + p * d_h, j * s_w + q * d_w, g * C_g + c]
                      for p in range(HH) for q in range(WW) for c in range(C_g)]
                     for g in range(groups)])
    return np.array(rows).transpose(1, 0, 2)


@pytest.mark.parametrize("budget", [1, 300, 1 << 20])
@pytest.mark.parametrize("layout", ["nhwc", "nchw"])
@pytest.mark.parametrize("padding, stride, dilation, groups", [
    (0, 1, 1, 1), (1, 2, 1, 2), (((2, 0), (1, 3)), (1, 2), (2, 1), 1),
])
def test_blocks_assemble_into_the_im2col_matrix(monkeypatch, budget, layout, padding, stride,
                                                dilation, groups):
    monkeypatch.setattr(im2col, "CHUNK_BYTES", budget)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 5, 6, 4))
    source = x if layout == "nhwc" else x.transpose(0, 3, 1, 2).copy().transpose(0, 2, 3, 1)
    window = Window.build((2, 3), stride, padding, dilation, (5, 6))
    out_hw = window.output_size(5, 6)
    expected = im2col_by_hand(x, window, groups).reshape(groups, 3, *out_hw, -1)
    seen = np.zeros((3, out_hw[0]), int)
    for cols, n, rows in im2col_blocks(source, window, out_hw, groups, np.dtype(np.float64)):
        block = expected[:, n, rows].reshape(groups, -1, expected.shape[-1])
        np.testing.assert_array_equal(cols, block)
        seen[n, rows] += 1
    np.testing.assert_array_equal(seen, 1)


def test_blocks_convert_the_dtype_and_never_write_the_input():
    x = np.arange(2 * 3 * 3 * 1, dtype=np.int64).reshape(2, 3, 3, 1)
    x.flags.writeable = False
    window = Window.build(2, 1, 0, 1, (3, 3))
    for cols, _, _ in im2col_blocks(x, window, (2, 2), 1, np.dtype(np.float32)):
        assert cols.dtype == np.float32
        cols[...] = -1                                   # the caller may overwrite a block


def test_padded_images_accumulate_and_crop():
    window = Window.build(3, 1, 1, 1, (4, 4))
    padded = PaddedImages((2, 4, 4, 1), window, np.dtype(np.float64))
    padded.start(2)
    padded.band(slice(0, 2))[...] += 1                   # padded rows 0..3
    padded.band(slice(2, 4))[...] += 1                   # padded rows 2..5
    np.testing.assert_array_equal(padded.crop()[0, :, 0, 0], [1, 2, 2, 1])
    padded.start(1)
    assert padded.crop().shape == (1, 4, 4, 1) and not padded.crop().any()

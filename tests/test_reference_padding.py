"""Zero padding, padding specifications, layouts and window geometry."""

import numpy as np
import pytest

from cnnlab.arith import Padding
from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.reference import zero_pad
from cnnlab.reference.geometry import Window, fold_add, windows
from cnnlab.reference.layouts import Layout, as_layout, from_nhwc, to_nhwc, working_dtype


def test_zero_pad_puts_the_image_in_the_middle_in_both_layouts():
    x = np.arange(1.0, 7.0).reshape(1, 2, 3, 1)
    padded = zero_pad(x, ((1, 0), (0, 2)))
    assert padded.shape == (1, 3, 5, 1)
    np.testing.assert_array_equal(padded[0, :, :, 0], [[0, 0, 0, 0, 0], [1, 2, 3, 0, 0],
                                                       [4, 5, 6, 0, 0]])
    padded_nchw = zero_pad(x.transpose(0, 3, 1, 2), ((1, 0), (0, 2)), layout="nchw")
    np.testing.assert_array_equal(padded_nchw, padded.transpose(0, 3, 1, 2))


def test_zero_pad_zero_is_a_copy():
    x = np.ones((1, 2, 2, 1))
    padded = zero_pad(x, 0)
    np.testing.assert_array_equal(padded, x)
    assert not np.shares_memory(padded, x)


@pytest.mark.parametrize("spec, expected", [
    (2, ((2, 2), (2, 2))), ((1, 3), ((1, 1), (3, 3))), ([[0, 1], [2, 3]], ((0, 1), (2, 3))),
])
def test_padding_of_python_values(spec, expected):
    assert Padding.of(spec).explicit() == expected


@pytest.mark.parametrize("spec", [-1, 1.5, True, (1, 2, 3), ((1,), (2, 3)), (1, (2, 3)), "x"])
def test_bad_padding_is_refused_with_the_value(spec):
    with pytest.raises(LayerArgumentError) as info:
        Padding.of(spec)
    assert repr(spec) in str(info.value)
    with pytest.raises(LayerArgumentError) as info:
        zero_pad(np.zeros((1, 2, 2, 1)), spec)
    assert repr(spec) in str(info.value)


@pytest.mark.parametrize("n, f, s, d", [(5, 3, 1, 1), (5, 4, 1, 1), (7, 3, 2, 1), (6, 3, 2, 2),
                                        (4, 1, 3, 1), (3, 5, 2, 1)])
def test_window_tf_same_gives_ceil_n_over_s_outputs(n, f, s, d):
    window = Window.build(f, s, "tf-same", d, (n, n))
    (before, after), _ = window.padding
    assert 0 <= after - before <= 1                     # extra row at the bottom / right
    assert window.output_size(n, n) == (-(-n // s), -(-n // s))


def test_window_same_pads_as_the_layer_language():
    # conv:f=3,s=2,p=same on 4×4 pads one row on each side in the language: so does the window
    assert Window.build(3, 2, "same", 1, (4, 4)).padding == ((1, 1), (1, 1))
    with pytest.raises(ShapeError, match=r"'same' needs an odd kernel.*tf-same"):
        Window.build(2, 1, "same", 1, (4, 4))


def test_window_output_size_and_error_formula():
    window = Window.build(3, 2, ((1, 0), (2, 2)), (1, 2), (8, 5))
    assert window.extent == (3, 5)
    assert window.output_size(8, 5) == ((8 + 1 - 3) // 2 + 1, (5 + 4 - 5) // 2 + 1)
    with pytest.raises(ShapeError, match=r"along the width: n \+ p = 1 \+ 4 = 5 is smaller than "
                                         r"the kernel d·\(f − 1\) \+ 1 = 3·\(3 − 1\) \+ 1 = 7"):
        Window.build(3, 1, 2, 3, (8, 1)).output_size(8, 1)


def test_windows_and_fold_add_are_adjoint():
    rng = np.random.default_rng(0)
    window = Window.build((2, 3), (2, 1), 0, (1, 2), (7, 8))
    H_out, W_out = window.output_size(7, 8)
    x = rng.normal(size=(2, 7, 8, 3))
    pieces = rng.normal(size=(2, H_out, W_out, 2, 3, 3))
    folded = np.zeros_like(x)
    fold_add(folded, pieces, window)
    # <windows(x), pieces> == <x, fold(pieces)>: fold is the transpose of reading windows
    assert np.sum(windows(x, window, H_out, W_out) * pieces) == pytest.approx(np.sum(x * folded))


def test_layouts():
    assert as_layout("NCHW") is Layout.NCHW
    with pytest.raises(LayerArgumentError, match="'chw'"):
        as_layout("chw")
    x = np.zeros((2, 3, 4, 5))
    assert to_nhwc(x, "nchw").shape == (2, 4, 5, 3)
    assert from_nhwc(to_nhwc(x, "nchw"), "nchw").flags.c_contiguous
    assert working_dtype(np.zeros(1, np.int32)) == np.float64
    assert working_dtype(np.zeros(1, np.float32), np.zeros(1, object)) == np.dtype(object)

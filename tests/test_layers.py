"""Parameters, MACs and shapes per layer kind, against hand counts and published numbers."""

import pytest

from cnnlab.arith import Padding, PadMode
from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.layers import (
    AdaptivePool2d,
    BatchNorm,
    Conv2d,
    ConvTranspose2d,
    Flatten,
    GlobalPool2d,
    Linear,
    Pool2d,
    PoolMode,
)
from cnnlab.shape import Shape


def test_ng_single_layer_has_280_parameters_whatever_the_image_size():
    layer = Conv2d(filters=10, kernel=(3, 3))
    for size in (6, 39, 1000):
        outcome = layer.apply(Shape(3, size, size))
        assert outcome.params == (27 + 1) * 10 == 280
    assert outcome.param_formula == "(3·3·3 + 1)·10 = 280"


def test_conv_counts_by_hand():
    # 5×5 kernels over 8 channels, 16 filters, on 14×14 → 10×10×16
    outcome = Conv2d(filters=16, kernel=(5, 5)).apply(Shape(8, 14, 14))
    assert outcome.out == Shape(16, 10, 10)
    assert outcome.params == 5 * 5 * 8 * 16 + 16
    assert outcome.macs == 10 * 10 * 16 * (5 * 5 * 8)


def test_conv_without_bias():
    outcome = Conv2d(filters=4, kernel=(3, 3), bias=False).apply(Shape(2, 5, 5))
    assert outcome.params == 3 * 3 * 2 * 4
    assert outcome.param_formula == "(3·3·2)·4 = 72"


def test_rectangular_kernel_stride_and_padding():
    layer = Conv2d(filters=6, kernel=(3, 5), stride=(2, 1), padding=Padding.pair(1, 2))
    outcome = layer.apply(Shape(4, 9, 11))
    assert outcome.out == Shape(6, (9 + 2 - 3) // 2 + 1, (11 + 4 - 5) // 1 + 1)
    assert outcome.params == (3 * 5 * 4 + 1) * 6


def test_grouped_convolution_divides_the_fan_in():
    outcome = Conv2d(filters=64, kernel=(3, 3), groups=4, padding=Padding.symmetric(1)).apply(
        Shape(32, 8, 8)
    )
    assert outcome.params == (3 * 3 * 32 // 4 + 1) * 64
    assert outcome.macs == 8 * 8 * 64 * 3 * 3 * 8
    assert outcome.param_formula == "(3·3·32/4 + 1)·64 = 4672"


def test_groups_must_divide_channels_and_filters():
    with pytest.raises(ShapeError, match="C_in=30, C_out=64"):
        Conv2d(filters=64, kernel=(3, 3), groups=4).apply(Shape(30, 8, 8))


def test_depthwise_convolution_one_filter_per_channel():
    layer = Conv2d(filters=None, kernel=(3, 3), padding=Padding.symmetric(1), depthwise=True)
    outcome = layer.apply(Shape(32, 112, 112))
    assert outcome.out == Shape(32, 112, 112)
    assert outcome.params == 3 * 3 * 32 + 32
    assert outcome.macs == 112 * 112 * 32 * 9


def test_depthwise_multiplier():
    layer = Conv2d(filters=None, kernel=(3, 3), depthwise=True, multiplier=2, bias=False)
    assert layer.apply(Shape(8, 5, 5)).params == 3 * 3 * 16


def test_dilated_convolution_keeps_the_parameters_and_widens_the_window():
    layer = Conv2d(filters=1, kernel=(3, 3), dilation=(2, 2))
    outcome = layer.apply(Shape(1, 7, 7))
    assert outcome.out == Shape(1, 3, 3)
    assert outcome.params == 10
    assert outcome.macs == 3 * 3 * 9


def test_transposed_conv_macs_equal_the_mirrored_convolution():
    # conv 8×8×16 → 4×4×32 (f=4, s=2, p=1) and its transpose 4×4×32 → 8×8×16
    conv = Conv2d(filters=32, kernel=(4, 4), stride=(2, 2), padding=Padding.symmetric(1))
    forward = conv.apply(Shape(16, 8, 8))
    tconv = ConvTranspose2d(16, (4, 4), (2, 2), Padding.symmetric(1))
    backward = tconv.apply(forward.out)
    assert backward.out == Shape(16, 8, 8)
    assert backward.macs == forward.macs == 4 * 4 * 32 * 4 * 4 * 16
    # PyTorch's weight is (C_in, C_out/g, f, f), plus one bias per output channel
    assert backward.params == 32 * 16 * 4 * 4 + 16


def test_transposed_conv_rejects_same_padding():
    with pytest.raises(LayerArgumentError, match="numeric padding"):
        ConvTranspose2d(8, (3, 3), padding=Padding(PadMode.SAME))


def test_pooling_has_no_parameters_and_stride_defaults_to_the_window():
    outcome = Pool2d(PoolMode.MAX, (2, 2)).apply(Shape(8, 28, 28))
    assert outcome.out == Shape(8, 14, 14)
    assert outcome.params == 0 and outcome.macs == 0


def test_overlapping_pooling_in_ceil_mode():
    # AlexNet/GoogLeNet style 3×3 stride-2 pooling, ceil mode as in Caffe
    outcome = Pool2d(PoolMode.MAX, (3, 3), (2, 2), ceil_mode=True).apply(Shape(64, 112, 112))
    assert outcome.out == Shape(64, 56, 56)
    assert Pool2d(PoolMode.MAX, (3, 3), (2, 2)).apply(Shape(64, 112, 112)).out.h == 55


def test_pooling_padding_is_at_most_half_the_window():
    # PyTorch's rule, shared with the reference layers: no window may lie only in the padding
    assert Pool2d(PoolMode.MAX, (3, 3), (2, 2), Padding.symmetric(1)).apply(
        Shape(1, 4, 4)).out == Shape(1, 2, 2)
    with pytest.raises(LayerArgumentError, match=r"along the height \(2 // 2 = 1\).*p=2/2"):
        Pool2d(PoolMode.MAX, (2, 2), padding=Padding.symmetric(2)).apply(Shape(1, 4, 4))


def test_global_and_adaptive_pooling():
    assert GlobalPool2d().apply(Shape(512, 7, 7)).out == Shape(512, 1, 1)
    outcome = AdaptivePool2d(PoolMode.AVG, (6, 6)).apply(Shape(256, 6, 6))
    assert outcome.out == Shape(256, 6, 6)
    assert "identity" in outcome.notes[0]


def test_fully_connected_flattens_and_counts_one_bias_per_unit():
    outcome = Linear(120).apply(Shape(16, 5, 5))
    assert outcome.out == Shape(120)
    assert outcome.params == (400 + 1) * 120 == 48120
    assert outcome.macs == 400 * 120
    assert "flattens 5×5×16 = 400" in outcome.notes[0]


def test_flatten():
    assert Flatten().apply(Shape(40, 7, 7)).out == Shape(1960)


def test_batch_norm_separates_trainable_and_running_statistics():
    outcome = BatchNorm().apply(Shape(64, 56, 56))
    assert (outcome.params, outcome.buffers) == (128, 128)


def test_conv_on_a_vector_is_an_error_with_a_hint():
    with pytest.raises(ShapeError, match="conv needs an H×W×C input, got a vector of 1960"):
        Conv2d(filters=8, kernel=(3, 3)).apply(Shape(1960))
    with pytest.raises(ShapeError, match="max pooling needs an H×W×C input"):
        Pool2d(PoolMode.MAX, (2, 2)).apply(Shape(10))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Conv2d(filters=0, kernel=(3, 3)), "k must be >= 1, got k=0"),
        (lambda: Conv2d(filters=8, kernel=(3, 0)), "f must be >= 1, got f=3x0"),
        (lambda: Conv2d(filters=8, kernel=(3, 3), stride=(0, 0)), "s must be >= 1, got s=0x0"),
        (lambda: Linear(0), "n must be >= 1"),
        (lambda: Pool2d(PoolMode.MAX, (2, 2), (0, 0)), "s must be >= 1"),
    ],
)
def test_invalid_hyper_parameters(build, message):
    with pytest.raises(LayerArgumentError, match=message):
        build()

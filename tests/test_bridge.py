"""The bridge from the layer language to the reference layers, and the one geometry it rests on:
over random layers, arith's output size = Layer.apply's = the shape the reference layer returns
(called with its own Python arguments, and through the bridge) = a count of window positions."""

import dataclasses

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from cnnlab.arith import window_sizes
from cnnlab.bridge import reference_call, run_layer
from cnnlab.errors import CnnlabError, LayerArgumentError, ShapeError
from cnnlab.layers import Conv2d, ConvTranspose2d, GlobalPool2d, Pool2d
from cnnlab.reference import conv2d_forward, pool2d_forward
from cnnlab.shape import Shape
from cnnlab.spec import parse_layer


def test_same_at_stride_two_pads_one_row_each_side_as_the_language_does():
    # the example: conv:f=3,s=2,p=same on 4×4 padded (1, 1) in the language and
    # (0, 1) in the reference layers; now both pad (1, 1)
    call = reference_call("conv:f=3,k=1,s=2,p=same", "4x4x1")
    assert call.arguments["padding"] == ((1, 1), (1, 1))
    x = np.arange(16.0).reshape(1, 4, 4, 1)
    w = np.ones((3, 3, 1, 1))
    out = conv2d_forward(x, w, padding="same", stride=2)[0][0, :, :, 0]
    # window (0, 0) reads rows and columns -1..1: 0+1+4+5 = 10; window (1, 0) rows 1..3: 51
    np.testing.assert_array_equal(out, [[10, 24], [51, 90]])
    np.testing.assert_array_equal(call.forward(x, w)[0][0, :, :, 0], out)


def test_the_call_states_every_argument():
    call = reference_call("dwconv:f=3,s=2,p=1,d=2", "4x9x9", layout="nchw")
    assert call.function == "conv2d"
    assert call.arguments == {"stride": (2, 2), "padding": ((1, 1), (1, 1)), "dilation": (2, 2),
                              "groups": 4, "layout": "nchw"}
    assert call.weight_shape == (4, 1, 3, 3) and call.input_shape(2) == (2, 4, 9, 9)
    pool = reference_call("avgpool:f=3,s=2,p=1,ceil", "6x6x2")
    assert pool.arguments["mode"] == "avg" and pool.arguments["ceil_mode"] is True
    assert pool.output.format() == "4×4×2"


def test_global_pooling_is_one_window_over_the_input():
    x = np.arange(18.0).reshape(1, 3, 3, 2)
    np.testing.assert_array_equal(run_layer("gmp", x)[0, 0, 0], [16, 17])
    np.testing.assert_array_equal(run_layer("gap", x)[0, 0, 0], [8, 9])


def test_transposed_convolution_is_the_adjoint_of_the_mirrored_convolution():
    rng = np.random.default_rng(3)
    call = reference_call("convT:f=3,k=2,s=2,p=1,op=1", "3x3x4")
    assert call.output.format() == "6×6×2"
    x, w = rng.normal(size=call.input_shape(2)), rng.normal(size=call.weight_shape)
    y = rng.normal(size=call.output_shape(2))
    out, _ = call.forward(x, w)
    conv_y, _ = conv2d_forward(y, w, stride=2, padding=1)  # the convolution convT mirrors
    # <convT(x), y> = <x, conv(y)>
    assert np.sum(out * y) == pytest.approx(np.sum(x * conv_y))


@pytest.mark.parametrize("layer, shape, error, message", [
    ("fc:10", "4x4x1", LayerArgumentError, "no reference layer computes 'fc:10'"),
    ("conv:f=2,k=1,p=same", "4x4x1", ShapeError, "needs an odd kernel"),
    ("pool:max,f=2,p=2", "4x4x1", LayerArgumentError, "at most half the window"),
    ("convT:f=3,k=1,s=1,d=2,op=1", "4x4x1", LayerArgumentError, "not below the stride"),
])
def test_what_cannot_be_bridged_says_why(layer, shape, error, message):
    with pytest.raises(error, match=message):
        reference_call(layer, shape)


@pytest.mark.parametrize("kind, read", [
    (Conv2d, {"filters", "kernel", "stride", "padding", "dilation", "groups", "bias",
              "depthwise", "multiplier"}),
    (ConvTranspose2d, {"filters", "kernel", "stride", "padding", "dilation", "output_padding",
                       "groups", "bias"}),
    (Pool2d, {"mode", "kernel", "stride", "padding", "ceil_mode", "dilation"}),
    (GlobalPool2d, {"mode"}),
])
def test_the_bridge_reads_every_hyper_parameter_of_the_kinds_it_runs(kind, read):
    # a new hyper-parameter must reach the reference call: add it to the bridge, then here
    assert {f.name for f in dataclasses.fields(kind)} <= read


def test_arrays_of_the_wrong_shape_are_refused():
    call = reference_call("conv:f=3,k=2", "5x5x3")
    with pytest.raises(ShapeError, match=r"w must have shape \(3, 3, 3, 2\)"):
        call.forward(np.zeros((1, 5, 5, 3)), np.zeros((3, 3, 2, 2)))
    with pytest.raises(ShapeError, match=r"x must have shape \(N, 5, 5, 3\)"):
        call.forward(np.zeros((1, 5, 5, 2)), np.zeros((3, 3, 3, 2)))
    with pytest.raises(LayerArgumentError, match="has no bias"):
        reference_call("conv:f=3,k=2,nobias", "5x5x3").forward(
            np.zeros((1, 5, 5, 3)), np.zeros((3, 3, 3, 2)), np.zeros(2))


# --- the property: one geometry --------------------------------------------------------------

def window_count(n, f, s, d, before, after, ceil_mode=False):
    """Window positions along one axis, counted by sliding (PyTorch's ceil rule for ceil mode)."""
    extent, total = d * (f - 1) + 1, n + before + after
    count = len(range(0, total - extent + 1, s))      # starts whose window ends inside
    if ceil_mode and count and (count - 1) * s + extent < total and count * s < n + before:
        count += 1                          # a last, clipped window starting inside the input
    if ceil_mode and count == 0 and extent - total < s:
        count = 1     # PyTorch: ⌈(total − extent)/s⌉ + 1 = 1, one window wider than the input
    return count


PADDINGS = st.one_of(
    st.sampled_from(["valid", "same", "full", "tf-same"]),
    st.integers(0, 3).map(str),
    st.tuples(*[st.integers(0, 3)] * 4).map(lambda p: "/".join(map(str, p))),
)


def reference_padding(text):
    """The padding in the reference layers' own Python vocabulary."""
    if "/" in text:
        top, bottom, left, right = map(int, text.split("/"))
        return ((top, bottom), (left, right))
    return int(text) if text.isdigit() else text


def check_against_the_reference(layer_text, run, shape, sizes_args):
    """arith == Layer.apply == the reference (direct and bridged), or all three refuse."""
    try:
        sizes = window_sizes(*sizes_args)
        layer_out = parse_layer(layer_text).apply(shape).out
    except CnnlabError as error:
        event(f"refused: {type(error).__name__}")
        with pytest.raises(type(error)):
            run()
        with pytest.raises(CnnlabError):
            reference_call(layer_text, shape)
        return None
    assert (layer_out.h, layer_out.w) == (sizes[0].value, sizes[1].value)
    event("ran")
    out = run()
    call = reference_call(layer_text, shape)
    assert out.shape == call.output_shape(out.shape[0])
    return sizes, out


@settings(max_examples=150, deadline=None)
@given(H=st.integers(1, 9), W=st.integers(1, 9), f=st.tuples(st.integers(1, 4), st.integers(1, 4)),
       s=st.tuples(st.integers(1, 3), st.integers(1, 3)), p=PADDINGS,
       d=st.tuples(st.integers(1, 3), st.integers(1, 3)), g=st.integers(1, 3),
       k=st.integers(1, 2), nchw=st.booleans())
def test_conv_output_size_is_one_geometry(H, W, f, s, p, d, g, k, nchw):
    text = f"conv:f={f[0]}x{f[1]},k={k * g},s={s[0]}x{s[1]},p={p},d={d[0]}x{d[1]},g={g}"
    rng = np.random.default_rng(H * 100 + W)
    x, w = rng.normal(size=(1, H, W, 2 * g)), rng.normal(size=(*f, 2, k * g))

    def run():
        return conv2d_forward(x, w, stride=s, padding=reference_padding(p), dilation=d,
                              groups=g)[0]

    result = check_against_the_reference(text, run, Shape(2 * g, H, W),
                                         ((H, W), f, s, parse_layer(text).padding, d))
    if result is not None:
        sizes, out = result
        assert out.shape[1:3] == tuple(
            window_count(n, f[a], s[a], d[a], z.p_before, z.p_after)
            for a, (n, z) in enumerate(zip((H, W), sizes, strict=True)))
        if nchw:                                       # the bridge in cs231n's layout
            got = run_layer(text, x.transpose(0, 3, 1, 2), w.transpose(3, 2, 0, 1), layout="nchw")
            np.testing.assert_allclose(got, out.transpose(0, 3, 1, 2), rtol=1e-12, atol=1e-12)
        else:
            np.testing.assert_array_equal(run_layer(text, x, w), out)   # the very same call


@settings(max_examples=150, deadline=None)
@given(H=st.integers(1, 9), W=st.integers(1, 9), f=st.tuples(st.integers(1, 4), st.integers(1, 4)),
       s=st.tuples(st.integers(1, 3), st.integers(1, 3)), p=PADDINGS,
       mode=st.sampled_from(["max", "avg"]), ceil=st.booleans(),
       d=st.sampled_from([(1, 1), (1, 1), (2, 1), (2, 3)]))
def test_pool_output_size_is_one_geometry(H, W, f, s, p, mode, ceil, d):
    text = (f"pool:{mode},f={f[0]}x{f[1]},s={s[0]}x{s[1]},p={p},d={d[0]}x{d[1]}"
            + (",ceil" if ceil else ""))
    x = np.arange(H * W * 2.0).reshape(1, H, W, 2)

    def run():
        return pool2d_forward(x, f, stride=s, padding=reference_padding(p), dilation=d,
                              mode=mode, ceil_mode=ceil)[0]

    result = check_against_the_reference(text, run, Shape(2, H, W),
                                         ((H, W), f, s, parse_layer(text).padding, d, ceil))
    if result is not None:
        sizes, out = result
        assert out.shape[1:3] == tuple(
            window_count(n, f[a], s[a], d[a], z.p_before, z.p_after, ceil)
            for a, (n, z) in enumerate(zip((H, W), sizes, strict=True)))
        assert np.isfinite(out).all()                  # no window lies only in the padding


@settings(max_examples=60, deadline=None)
@given(H=st.integers(1, 6), W=st.integers(1, 6), f=st.integers(1, 4), s=st.integers(1, 3),
       p=st.integers(0, 2), d=st.integers(1, 2), op=st.integers(0, 2), g=st.integers(1, 2))
def test_transposed_output_size_is_one_geometry(H, W, f, s, p, d, op, g):
    text = f"convT:f={f},k={2 * g},s={s},p={p},d={d},op={op},g={g}"
    try:
        layer_out = parse_layer(text).apply(Shape(2 * g, H, W)).out
    except CnnlabError:
        return
    if op >= s:                      # no convolution maps the output back: the bridge says so
        with pytest.raises(LayerArgumentError, match="not below the stride"):
            reference_call(text, Shape(2 * g, H, W))
        return
    call = reference_call(text, Shape(2 * g, H, W))
    out, _ = call.forward(np.ones(call.input_shape()), np.ones(call.weight_shape))
    assert out.shape == (1, layer_out.h, layer_out.w, 2 * g)
    assert layer_out.h == s * (H - 1) + d * (f - 1) + 1 - 2 * p + op

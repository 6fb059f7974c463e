"""The complexity core against hand counts: every layer kind, every convention, memory."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnlab.arith import Padding
from cnnlab.complexity import (
    Convention,
    Count,
    DType,
    Scope,
    analyse,
    parse_count,
    parse_dtype,
    parse_scope,
)
from cnnlab.complexity.ops import count
from cnnlab.errors import ShapeError, SpecError
from cnnlab.layers import Conv2d, ConvTranspose2d, Linear
from cnnlab.layers.costs import Ops, hits
from cnnlab.network import Network
from cnnlab.shape import Shape
from cnnlab.spec import parse_items


def run(shape: Shape, *layers: str, **kwargs):
    return analyse(Network(parse_items(list(layers))), shape, **kwargs)


def macs(shape: Shape, layer: str) -> int:
    return run(shape, layer).time


# --- per-layer MACs, counted by hand -------------------------------------------------------


def test_conv_macs_by_hand():
    # 39×39×3 → 37×37×10: every output reads 3·3·3 inputs
    assert macs(Shape(3, 39, 39), "conv:f=3,k=10") == 37 * 37 * 10 * 27


def test_grouped_conv_reads_a_group_of_channels():
    # 8 groups: each of the 64 filters reads 32/8 = 4 channels of a 3×3 window
    assert macs(Shape(32, 16, 16), "conv:f=3,k=64,p=1,g=8") == 16 * 16 * 64 * 9 * 4


def test_depthwise_conv_reads_one_channel():
    assert macs(Shape(32, 112, 112), "dwconv:f=3,p=1") == 112 * 112 * 32 * 9
    assert macs(Shape(32, 112, 112), "dwconv:f=3,p=1,m=2") == 112 * 112 * 64 * 9


def test_dilation_spreads_the_kernel_but_not_the_cost():
    # d=2: the 3×3 kernel spans 5×5, so 16×16 → 12×12, still 9 taps per output channel
    assert macs(Shape(8, 16, 16), "conv:f=3,k=4,d=2") == 12 * 12 * 4 * 9 * 8


def test_fc_macs_flatten_the_input():
    assert macs(Shape(16, 5, 5), "fc:120") == 400 * 120


@pytest.mark.parametrize(("n", "f", "s", "p", "op"), [(4, 3, 2, 1, 1), (7, 4, 2, 1, 0),
                                                     (5, 3, 1, 0, 0), (3, 5, 3, 2, 2)])
def test_transposed_conv_costs_what_the_mirrored_conv_costs(n, f, s, p, op):
    up = ConvTranspose2d(16, (f, f), (s, s), Padding.symmetric(p), output_padding=(op, op))
    x = Shape(8, n, n)
    y = up.apply(x).out
    down = Conv2d(filters=8, kernel=(f, f), stride=(s, s), padding=Padding.symmetric(p))
    assert down.apply(y).out == x  # the conv it mirrors maps y back to x's shape
    assert up.forward_ops(x, y).products == down.forward_ops(y, x).products
    assert up.forward_ops(x, y).products == n * n * 8 * f * f * 16


@settings(max_examples=80, deadline=None)
@given(n=st.integers(1, 9), f=st.integers(1, 5), s=st.integers(1, 3), d=st.integers(1, 2),
       p=st.integers(0, 2), g=st.sampled_from([1, 2, 4]), data=st.data())
def test_any_transposed_conv_costs_its_mirrored_conv(n, f, s, d, p, g, data):
    op = data.draw(st.integers(0, s - 1))
    up = ConvTranspose2d(4 * g, (f, f), (s, s), Padding.symmetric(p), (d, d), (op, op), g)
    x = Shape(2 * g, n, n)
    try:
        y = up.apply(x).out
    except ShapeError:
        return  # padding larger than the output: no such layer
    down = Conv2d(2 * g, (f, f), (s, s), Padding.symmetric(p), (d, d), g)
    assert down.apply(y).out == x
    assert up.forward_ops(x, y).products == down.forward_ops(y, x).products


def test_lenet_kinds():
    s2 = run(Shape(6, 28, 28), "subsample:f=2").costs[0].ops
    assert (s2.products, s2.adds, s2.bias, s2.connections) == (1176, 3 * 1176, 1176, 5880)
    c3 = run(Shape(6, 14, 14), "tableconv:f=5,table=lenet5").costs[0].ops
    assert (c3.products, c3.connections) == (10 * 10 * 25 * 60, 151_600)
    rbf = run(Shape(84), "rbf:10").costs[0].ops
    assert (rbf.products, rbf.adds, rbf.connections) == (840, 840, 840)


# --- conventions differ by exactly what they should ----------------------------------------


def test_count_relations_on_one_conv():
    shape, layer = Shape(3, 10, 10), "conv:f=3,k=4"
    outputs, k = 8 * 8 * 4, 27
    values = {c: run(shape, layer, convention=Convention(c)).time for c in Count}
    assert values == {Count.MACS: outputs * k, Count.FLOPS: 2 * outputs * k,
                      Count.MULTS: outputs * k, Count.MULTS_ADDS: outputs * (2 * k - 1)}
    with_bias = {c: run(shape, layer, convention=Convention(c, bias=True)).time for c in Count}
    assert with_bias == {Count.MACS: outputs * (k + 1), Count.FLOPS: outputs * (2 * k + 1),
                         Count.MULTS: outputs * k, Count.MULTS_ADDS: outputs * 2 * k}


convs = st.builds(
    lambda c, k, f, s, p, g, bias: (f"conv:f={f},k={k * g},s={s},p={p},g={g}"
                                    + ("" if bias else ",nobias"), c * g),
    st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3),
    st.integers(0, 2), st.integers(1, 3), st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(conv=convs, size=st.integers(4, 12))
def test_conventions_differ_by_the_outputs_and_the_bias(conv, size):
    text, channels = conv
    report = run(Shape(channels, size, size), text)
    ops, outputs = report.costs[0].ops, report.network.output.elements
    bias = outputs if "nobias" not in text else 0
    assert report.under(Convention(Count.FLOPS)) == 2 * report.time
    assert report.under(Convention(Count.MULTS_ADDS)) == 2 * report.time - outputs
    assert report.under(Convention(Count.MULTS_ADDS, bias=True)) == 2 * report.time - outputs + bias
    assert report.under(Convention(Count.MACS, bias=True)) == report.time + bias
    assert ops.products == report.network.macs and ops.connections == ops.products + bias


def test_scope_all_adds_exactly_the_other_layers():
    # 4×4×2 → bn (2 per element) → relu (1) → maxpool 2×2 (3 comparisons per output) → gap
    report = run(Shape(2, 4, 4), "conv:f=1,k=2", "bn", "relu", "maxpool:f=2", "gap")
    conv = 4 * 4 * 2 * 2
    others = 2 * 32 + 32 + 3 * 8 + (2 * 2 - 1) * 2 + 2
    assert report.time == conv
    assert report.under(Convention(scope=Scope.ALL)) == conv + others


def test_residual_addition_counts_in_scope_all():
    report = run(Shape(4, 3, 3), "res[conv:f=1,k=4]")
    assert report.under(Convention(scope=Scope.ALL)) == report.time + 3 * 3 * 4


def test_count_of_an_unweighted_layer_is_zero_in_the_conv_fc_scope():
    assert count(Ops(adds=10), Convention()) == 0
    assert count(Ops(adds=10), Convention(scope=Scope.ALL)) == 10


def test_hits_counts_distinct_positions():
    assert hits(3, 3, 2, 1) == 7
    assert hits(3, 1, 3, 1) == 3  # stride beyond the kernel leaves gaps
    assert hits(2, 3, 1, 2) == len({i + 2 * k for i in range(2) for k in range(3)})


# --- the backward pass -----------------------------------------------------------------------


def test_backward_doubles_the_products_except_the_first_dx():
    report = run(Shape(3, 8, 8), "conv:f=3,k=4", "relu", "conv:f=3,k=4",
                 convention=Convention(backward=True))
    first, second = report.costs[0], report.costs[2]
    assert first.backward == first.forward  # dW only: no gradient needed for the image
    assert second.backward == 2 * second.forward  # dW and dX
    assert report.time == 2 * first.forward + 3 * second.forward


def test_backward_of_a_linear_layer():
    ops = Linear(10).backward_ops(Shape(84), Shape(10), needs_dx=True)
    assert ops.products == 2 * 840 and ops.sums == 840 + 84


# --- memory ----------------------------------------------------------------------------------


def test_bytes_follow_the_dtype_and_the_batch():
    report = run(Shape(256, 100, 100), "conv:f=3,k=256,p=same", batch=2, dtype=DType.FLOAT16)
    assert report.activations == 2 * 2_560_000
    assert report.activation_bytes == 2 * 2 * 2_560_000
    assert report.params_bytes == 2 * 590_080
    assert report.time == 2 * 5_898_240_000


def test_peak_of_a_chain_is_the_largest_input_plus_output():
    report = run(Shape(1, 10, 10), "conv:f=1,k=4", "conv:f=1,k=2", "conv:f=1,k=1")
    assert report.memory.peak == 100 * (4 + 2) and report.memory.peak_row == 2


def test_views_write_nothing_at_inference():
    report = run(Shape(2, 2, 2), "flatten", "dropout:0.5", "fc:3")
    assert report.memory.peak == 8 + 3 and report.memory.masks == 8


def test_residual_input_lives_until_the_join():
    # the block input (16) stays alive while the body runs: 16 + 16 + 16 at the second conv
    report = run(Shape(4, 2, 2), "res[conv:f=1,k=4 conv:f=1,k=4]")
    assert report.memory.peak == 48


def test_concat_writes_a_new_tensor():
    report = run(Shape(1, 2, 2), "concat[conv:f=1,k=1 | conv:f=1,k=2]")
    # both branch outputs (4 + 8) and the concatenation (12); the input is already freed
    assert report.memory.peak == 24 and report.memory.peak_row == 1


def test_training_keeps_inputs_of_weighted_layers_and_relu_outputs_once():
    report = run(Shape(2, 1, 1), "conv:f=1,k=4", "relu", "conv:f=1,k=2", "maxpool:f=1")
    # the image (2), relu's output (4, read again by the second conv), the pool's input (2)
    assert (report.memory.saved, report.memory.indices) == (2 + 4 + 2, 2)


# --- bad input -------------------------------------------------------------------------------


def test_an_input_too_small_names_the_layer():
    with pytest.raises(ShapeError, match=r"layer 3 'conv:f=5,k=4' \(input 2×2×4\)"):
        run(Shape(1, 6, 6), "conv:f=3,k=4", "maxpool:f=2", "conv:f=5,k=4")


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [(parse_dtype, "float31", "unknown dtype 'float31'; known dtypes: float64, float32"),
     (parse_count, "gflops", "unknown count 'gflops'; known counts: macs, flops"),
     (parse_scope, "some", "unknown scope 'some'; known scopes: conv-fc, all")],
)
def test_unknown_choices_list_the_known_ones(parse, text, message):
    with pytest.raises(SpecError, match=message):
        parse(text)


def test_aliases_of_choices():
    assert parse_dtype("bf16") is DType.BFLOAT16 and parse_count("MULTS+ADDS") is Count.MULTS_ADDS
    assert parse_scope("conv+fc") is Scope.CONV_FC

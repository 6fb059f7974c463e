"""Output-size arithmetic against independent references.

References: counting window positions by brute force; the relationships of Dumoulin & Visin,
"A guide to convolution arithmetic" (conv_arithmetic); TensorFlow's documented SAME rule;
PyTorch's documented ceil_mode rule.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnnlab.arith import (
    Padding,
    PadMode,
    Receptive,
    conv_output_size,
    transposed_output_size,
)
from cnnlab.errors import LayerArgumentError, ShapeError


def brute_force_windows(n, f, s, p_before, p_after, d, ceil_mode=False):
    """Count window positions by sliding one over the padded input."""
    f_eff = d * (f - 1) + 1
    total = n + p_before + p_after
    if ceil_mode:
        # PyTorch's ceil_mode: a further (clipped) window starts s rows on as long as the one
        # before it had not reached the end, but never inside the right padding
        return len([k * s for k in range(total + 1)
                    if k * s + f_eff - s < total and k * s < n + p_before])
    return len(range(0, total - f_eff + 1, s))


def brute_force_unread(n, f, s, p_before, p_after, d, out):
    """Input rows (from 0) that no tap of any of the ``out`` windows reads."""
    read = {k * s + j * d for k in range(out) for j in range(f)}
    return [x - p_before for x in range(p_before, p_before + n) if x not in read]


sizes = st.integers(1, 40)


@given(
    n=sizes,
    f=st.integers(1, 7),
    s=st.integers(1, 5),
    p_before=st.integers(0, 4),
    p_after=st.integers(0, 4),
    d=st.integers(1, 3),
    ceil_mode=st.booleans(),
)
def test_output_size_matches_sliding_windows(n, f, s, p_before, p_after, d, ceil_mode):
    f_eff = d * (f - 1) + 1
    if ceil_mode:  # PyTorch's domain for ceil_mode: symmetric padding of at most half a window
        p_before = p_after = min(p_before, f_eff // 2)
    expected = brute_force_windows(n, f, s, p_before, p_after, d, ceil_mode)
    if expected < 1:
        with pytest.raises(ShapeError, match="window does not fit"):
            conv_output_size(n, f, s, p_before, p_after, d, ceil_mode)
        return
    size = conv_output_size(n, f, s, p_before, p_after, d, ceil_mode)
    assert size.value == expected
    unread = brute_force_unread(n, f, s, p_before, p_after, d, size.value)
    assert size.uncovered == len(unread)
    if unread and size.coverage().rows is not None:
        assert list(size.coverage().rows) == unread
    assert (size.note(0) is not None) >= bool(unread)  # a row left out is always said


def test_ceil_mode_follows_pytorch_when_the_window_is_wider_than_the_input():
    # torch.nn.functional.max_pool2d(torch.zeros(1, 1, 2, 2), 4, 3, ceil_mode=True): 1×1
    assert conv_output_size(2, 4, 3, ceil_mode=True).value == 1
    with pytest.raises(ShapeError, match="window does not fit"):
        conv_output_size(2, 4, 3)
    with pytest.raises(ShapeError, match="window does not fit"):  # ⌈(1 − 5)/2⌉ + 1 = −1
        conv_output_size(1, 5, 2, ceil_mode=True)


@pytest.mark.parametrize(
    ("i", "k", "s", "p", "d", "expected"),
    [
        # relationship 1: no padding, unit stride: o = i - k + 1
        (5, 3, 1, 0, 1, 3),
        # relationship 2: o = i - k + 2p + 1
        (5, 4, 1, 2, 1, 6),
        # relationship 3: half padding, odd k, p = k // 2: o = i
        (5, 3, 1, 1, 1, 5),
        # relationship 4: full padding, p = k - 1: o = i + k - 1
        (5, 3, 1, 2, 1, 7),
        # relationship 5: o = floor((i - k)/s) + 1
        (5, 3, 2, 0, 1, 2),
        # relationship 6: o = floor((i + 2p - k)/s) + 1, including the "odd" case i=6
        (5, 3, 2, 1, 1, 3),
        (6, 3, 2, 1, 1, 3),
        # relationship 15 (dilation): o = floor((i + 2p - k - (k-1)(d-1))/s) + 1
        (7, 3, 1, 0, 2, 3),
    ],
)
def test_conv_arithmetic_relationships(i, k, s, p, d, expected):
    assert conv_output_size(i, k, s, p, p, d).value == expected


@pytest.mark.parametrize(
    ("i", "k", "s", "p", "a", "expected"),
    [
        (2, 3, 1, 0, 0, 4),  # relationship 8: o' = i' + (k - 1)
        (6, 4, 1, 2, 0, 5),  # relationship 9: o' = i' + (k - 1) - 2p
        (5, 3, 1, 1, 0, 5),  # relationship 10: half padding keeps the size
        (7, 3, 1, 2, 0, 5),  # relationship 11: full padding: o' = i' - (k - 1)
        (2, 3, 2, 0, 0, 5),  # relationship 12: o' = s(i' - 1) + k
        (3, 3, 2, 1, 0, 5),  # relationship 13: o' = s(i' - 1) + k - 2p
        (3, 3, 2, 1, 1, 6),  # relationship 14: o' = s(i' - 1) + a + k - 2p
    ],
)
def test_transposed_arithmetic_relationships(i, k, s, p, a, expected):
    assert transposed_output_size(i, k, s, p, p, output_padding=a).value == expected


@given(
    n=st.integers(1, 60),
    f=st.integers(1, 7),
    s=st.integers(1, 4),
    p=st.integers(0, 3),
    d=st.integers(1, 3),
)
def test_transposed_with_matching_output_padding_inverts_the_shape(n, f, s, p, d):
    f_eff = d * (f - 1) + 1
    if n + 2 * p < f_eff:
        return
    conv = conv_output_size(n, f, s, p, p, d)
    op = (n + 2 * p - f_eff) % s  # the rows the strided convolution dropped
    back = transposed_output_size(conv.value, f, s, p, p, d, output_padding=op)
    assert back.value == n


@given(n=st.integers(1, 100), f=st.integers(1, 9), s=st.integers(1, 6))
def test_tf_same_follows_tensorflow_documentation(n, f, s):
    before, after = Padding(PadMode.TF_SAME).resolve(0, n, f, s)
    # TensorFlow's documented rule (tf.nn.convolution, "SAME")
    if n % s == 0:
        total = max(f - s, 0)
    else:
        total = max(f - n % s, 0)
    assert (before, after) == (total // 2, total - total // 2)
    assert conv_output_size(n, f, s, before, after).value == -(-n // s)


def test_signs_model_tensorflow_same_padding_is_asymmetric():
    # deeplearning.ai Course 4's SIGNS model: 64×64 input, 4×4 kernel, stride 1, padding 'SAME'
    assert Padding(PadMode.TF_SAME).resolve(0, 64, 4, 1) == (1, 2)


@pytest.mark.parametrize(("n", "f"), [(28, 5), (7, 3), (10, 1)])
def test_same_keeps_the_size_at_stride_one(n, f):
    before, after = Padding(PadMode.SAME).resolve(0, n, f, 1)
    assert before == after == (f - 1) // 2
    assert conv_output_size(n, f, 1, before, after).value == n


def test_same_with_an_even_kernel_is_an_error_that_shows_the_formula():
    with pytest.raises(ShapeError, match=r"p = \(f − 1\)/2 = \(4 − 1\)/2 = 1.5.*tf-same"):
        Padding(PadMode.SAME).resolve(0, 10, 4, 1)


def test_full_padding_gives_every_partial_overlap():
    before, after = Padding(PadMode.FULL).resolve(0, 5, 3, 1)
    assert conv_output_size(5, 3, 1, before, after).value == 5 + 3 - 1


def test_pytorch_ceil_mode_drops_a_window_starting_in_the_padding():
    # n=5, f=2, s=2, p=1: ceil((5+2-2)/2)+1 = 4, but the 4th window would start at
    # 6 >= n + p_before = 6, so PyTorch gives 3
    size = conv_output_size(5, 2, 2, 1, 1, ceil_mode=True)
    assert size.value == 3
    assert size.formula() == "⌈(5 + 2·1 − 2)/2⌉ + 1 − 1 = 3"


def test_formula_of_ngs_39x39x3_example():
    assert conv_output_size(39, 3).formula() == "⌊(39 + 0 − 3)/1⌋ + 1 = 37"


def test_uncovered_rows_are_explained():
    size = conv_output_size(8, 3, 2)  # (8 - 3) mod 2 = 1: the last row is skipped
    assert size.uncovered == 1
    assert "the last input row is never covered" in size.note(0)
    two = conv_output_size(11, 3, 4)  # windows [0, 2], [4, 6], [8, 10]: rows 3 and 7 between
    assert two.uncovered == 2
    assert two.note(0).startswith("2 input rows are never covered by a window (the stride 4")
    assert two.note(0).endswith("rows 3 and 7, counting from 0")
    three = conv_output_size(10, 3, 4)  # [0, 2], [4, 6]: 3 between, 7, 8, 9 after
    assert three.uncovered == 4 and "columns 3, 7, 8 and 9" in three.note(1)
    one = conv_output_size(8, 1, 2)  # the example: not only the last row
    assert one.uncovered == 4 and "1, 3, 5 and 7" in one.note(0)
    skip = conv_output_size(8, 2, 3)  # the example: rows 2 and 5 were never mentioned
    assert "rows 2 and 5" in skip.note(0)


def test_uncovered_rows_of_huge_inputs_are_counted_exactly():
    size = conv_output_size(10**12, 2, 3)
    windows = (10**12 - 2) // 3 + 1
    assert size.uncovered == 10**12 - 2 * windows
    assert f"{size.uncovered:,} input rows" in size.note(0)


def test_remainder_inside_the_padding_covers_every_input_row():
    size = conv_output_size(6, 3, 2, 1, 1)  # (6 + 2 - 3) mod 2 = 1, but that row is padding
    assert size.uncovered == 0
    assert "only padding is left over" in size.note(0)


def test_window_that_does_not_fit_shows_the_numbers():
    with pytest.raises(ShapeError, match=r"n \+ p = 4 \+ 0 = 4 is smaller than the kernel f = 5"):
        conv_output_size(4, 5, axis=0)
    with pytest.raises(ShapeError, match=r"2·\(3 − 1\) \+ 1 = 5"):
        conv_output_size(4, 3, d=2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0, "f": 3}, "n must be >= 1, got n=0"),
        ({"n": 5, "f": 0}, "f must be >= 1, got f=0"),
        ({"n": 5, "f": 3, "s": 0}, "s must be >= 1, got s=0"),
        ({"n": 5, "f": 3, "d": 0}, "d must be >= 1, got d=0"),
        ({"n": 5, "f": 3, "p_before": -1}, "padding must be >= 0"),
    ],
)
def test_bad_arguments_are_domain_errors(kwargs, message):
    with pytest.raises(LayerArgumentError, match=message):
        conv_output_size(**kwargs)


def test_output_padding_must_be_below_stride_or_dilation():
    with pytest.raises(LayerArgumentError, match="smaller than the stride or the dilation"):
        transposed_output_size(4, 3, s=2, output_padding=2)


def test_transposed_with_no_output_is_an_error():
    with pytest.raises(ShapeError, match="has no output"):
        transposed_output_size(1, 1, p_before=1, p_after=1)


def test_receptive_field_of_stacked_3x3_convolutions():
    # three 3×3 convolutions see 7×7 (the VGG argument); a stride-2 pool in between doubles jumps
    rf = Receptive()
    for _ in range(3):
        rf = rf.through_window((3, 3), (1, 1))
    assert rf.size == (7, 7)
    rf = rf.through_window((2, 2), (2, 2)).through_window((3, 3), (1, 1))
    assert rf.size == (7 + 1 + 2 * 2, 7 + 1 + 2 * 2)
    assert rf.format() == ("12×12", "2")


def test_receptive_field_through_a_transposed_convolution_shrinks_the_jump():
    rf = Receptive().through_window((3, 3), (2, 2)).through_transposed((3, 3), (2, 2))
    assert rf.format()[1] == "1"
    assert rf.size == (3 + (2 - 1) * 2, 3 + (2 - 1) * 2)


@pytest.mark.parametrize("f", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("p", [0, 1, 2, 3])
def test_pooling_padding_is_refused_exactly_where_pytorch_refuses_it(f, p):
    from cnnlab.arith import check_pool_padding

    torch = pytest.importorskip("torch")
    try:
        torch.nn.functional.max_pool2d(torch.zeros(1, 1, 12, 12), f, 1, padding=p)
        torch_accepts = True
    except RuntimeError:
        torch_accepts = False
    size = conv_output_size(12, f, 1, p, p)
    if torch_accepts:
        check_pool_padding((size, size))
    else:
        with pytest.raises(LayerArgumentError, match="at most half the window"):
            check_pool_padding((size, size))


@pytest.mark.parametrize(("n", "f", "s", "p"), [(2, 4, 3, 0), (5, 2, 2, 1), (7, 3, 2, 1),
                                                (1, 3, 3, 1), (6, 4, 5, 2)])
def test_ceil_mode_output_sizes_against_pytorch(n, f, s, p):
    torch = pytest.importorskip("torch")
    out = torch.nn.functional.max_pool2d(torch.zeros(1, 1, n, n), f, s, p, ceil_mode=True)
    assert conv_output_size(n, f, s, p, p, ceil_mode=True).value == out.shape[-1]


def test_the_ceil_mode_minus_one_is_explained():
    size = conv_output_size(5, 2, 2, 1, 1, ceil_mode=True)
    assert size.formula() == "⌈(5 + 2·1 − 2)/2⌉ + 1 − 1 = 3"
    assert "the last would start inside the right padding, so it is dropped" in size.note(0)


@given(n=st.integers(1, 12), f=st.integers(1, 9), s=st.integers(1, 7), d=st.integers(1, 7))
def test_window_hits_in_closed_form_match_counting(n, f, s, d):
    from cnnlab.arith.coverage import hits

    assert hits(n, f, s, d) == len({i * s + k * d for i in range(n) for k in range(f)})


@given(n=st.integers(1, 60), o=st.integers(1, 60))
def test_adaptive_spans_in_closed_form_match_the_windows(n, o):
    from cnnlab.arith.coverage import adaptive_spans

    # PyTorch's adaptive pooling: cell i covers floor(i·n/o) … ceil((i + 1)·n/o) − 1
    assert adaptive_spans(n, o) == sum(-(-(i + 1) * n // o) - i * n // o for i in range(o))


def test_one_vocabulary_read_at_the_boundaries():
    from cnnlab.arith import PoolMode

    assert [PoolMode.parse(t) for t in ("MAX", "avg", "average")] == [PoolMode.MAX, PoolMode.AVG,
                                                                      PoolMode.AVG]
    assert [m.value for m in PoolMode] == ["max", "avg"]          # one canonical name each
    with pytest.raises(LayerArgumentError, match="unknown pool mode 'mean'"):
        PoolMode.parse("mean")
    assert {PadMode.named(t) for t in ("tf-same", "TF_SAME", "tfsame", "same-tf")} == {
        PadMode.TF_SAME}
    assert PadMode.named("explicit") is None and PadMode.named("half") is None
    assert Padding.of("same") == Padding(PadMode.SAME) and Padding.of((1, 2)) == Padding.pair(1, 2)


def test_a_dilated_pooling_window_that_reads_only_padding_is_refused():
    from cnnlab.arith import check_pool_padding, window_sizes

    # 1×1 input, 2 taps 3 apart, tf-same pads 1/2: the taps land on columns −1 and 2
    sizes = window_sizes((1, 1), (1, 2), (1, 1), Padding(PadMode.TF_SAME), (2, 3))
    assert (sizes[1].p_before, sizes[1].p_after) == (1, 2)      # within half the extent 4
    with pytest.raises(LayerArgumentError, match=r"window 0 along the width reads only padding: "
                                                  r"its taps \(-1, 2, d=3\)"):
        check_pool_padding(sizes)
    check_pool_padding(window_sizes((3, 3), (1, 2), (1, 1), Padding(PadMode.TF_SAME), (2, 3)))

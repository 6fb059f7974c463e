"""The geometry of pictures against the reference layers run on one-hot inputs (an independent
oracle: the numpy layers share no code with cnnlab.draw), and the picture's cell kinds."""

import doctest

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import cnnlab.draw.axis
import cnnlab.draw.matrix
import cnnlab.draw.picture
from cnnlab.draw import Cell, check_size, sparse_matrix, window_picture
from cnnlab.errors import CnnlabError, ShapeError, SpecError
from cnnlab.network.graph import LayerNode
from cnnlab.reference import conv2d_backward, conv2d_forward
from cnnlab.reference.conv import conv2d_setup
from cnnlab.shape import Shape
from cnnlab.spec import parse_layer


def picture(text, h, w, c=1):
    return window_picture(LayerNode(parse_layer(text), text), Shape(c, h, w))


def codes(f_h, f_w):
    """Kernel whose weight (k_h, k_w) is the code 1 + k_h·f_w + k_w, so an output names its tap."""
    return (1 + np.arange(f_h * f_w, dtype=float)).reshape(f_h, f_w, 1, 1)


def code_of(weight, f_w):
    return 1 + weight[0] * f_w + weight[1]


def one_hot(h, w):
    """Batch of h·w single-channel images, image n has a 1 at input cell n (row-major)."""
    return np.eye(h * w).reshape(h * w, h, w, 1)


def matrix_of(pic):
    """The picture's sparse matrix as a dense array of weight codes, (inputs, outputs)."""
    m = sparse_matrix(pic)
    f_w = pic.cols.size.f
    dense = np.zeros(m.shape)
    for r, c, weight in m.entries:
        dense[r, c] = code_of(weight, f_w)
    return dense.T


def padding_of(pic):
    (h, w) = pic.sizes
    return ((h.p_before, h.p_after), (w.p_before, w.p_after))


def reference_matrix(pic):
    """Run the reference convolution on one-hot inputs: (inputs, outputs) of weight codes.

    Pooling windows are convolution windows; a ceil-mode window is a window over extra padding
    after the input (as many cells as the picture says hang over); the output size is the
    library's, checked against the reference's count of windows.
    """
    (h, w), x = pic.sizes, pic.input
    ((top, bottom), (left, right)) = padding_of(pic)
    bottom += pic.rows.kinds.count(cnnlab.draw.CellKind.OUTSIDE)
    right += pic.cols.kinds.count(cnnlab.draw.CellKind.OUTSIDE)
    out, _ = conv2d_forward(one_hot(x.h, x.w), codes(h.f, w.f), stride=(h.s, w.s),
                            padding=((top, bottom), (left, right)), dilation=(h.d, w.d))
    out_h, out_w = pic.out_hw                      # ceil mode drops a window starting in padding
    assert out.shape[1] - out_h in (0, h.ceil_mode) and out.shape[2] - out_w in (0, w.ceil_mode)
    return out[:, :out_h, :out_w].reshape(x.h * x.w, -1)


def reference_transposed(pic):
    """A transposed convolution is the backward pass (input gradient) of the convolution it
    mirrors: dx = Cᵀ·dout, so one-hot douts give the columns of the transposed layer's matrix."""
    (h, w), x = pic.sizes, pic.input
    m_h, m_w = pic.out_hw
    cache = conv2d_setup(np.zeros((x.h * x.w, m_h, m_w, 1)), codes(h.f, w.f), stride=(h.s, w.s),
                         padding=padding_of(pic), dilation=(h.d, w.d))
    dout = np.zeros((x.h * x.w, *cache.out_hw, 1))
    dout[:, :x.h, :x.w] = one_hot(x.h, x.w)         # op ≥ s leaves conv outputs past n: zero
    dx, _, _ = conv2d_backward(dout, cache)
    return dx.reshape(x.h * x.w, -1)


PAD = st.one_of(
    st.sampled_from(["valid", "same", "full", "tf-same"]),
    st.integers(0, 3).map(str),
    st.tuples(*[st.integers(0, 3)] * 4).map(lambda t: "/".join(map(str, t))),
)


@st.composite
def settings_(draw):
    kind = draw(st.sampled_from(["conv", "pool", "convT"]))
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    f = draw(st.sampled_from(["1", "2", "3", "4", "2x3", "3x1"]))
    s = draw(st.sampled_from(["1", "2", "3", "2x1"]))
    if kind == "pool":
        text = f"pool:max,f={f},s={s},p={draw(PAD)}" + (",ceil" if draw(st.booleans()) else "")
    else:
        d = draw(st.sampled_from(["1", "2", "3", "1x2"]))
        text = f"{kind}:f={f},k=1,s={s},d={d}"
        if kind == "convT":
            pad = draw(st.tuples(*[st.integers(0, 3)] * 4).map(lambda t: "/".join(map(str, t))))
            op = draw(st.sampled_from(["0", "1", "2", "1x0"]))
            text += f",p={pad},op={op}"
        else:
            text += f",p={draw(PAD)}"
    return text, h, w


@settings(max_examples=150, deadline=None)
@given(settings_())
def test_every_frame_reads_what_the_reference_layer_reads(setting):
    text, h, w = setting
    try:
        pic = picture(text, h, w)
    except CnnlabError:
        assume(False)
    reference = reference_transposed(pic) if pic.transposed else reference_matrix(pic)
    np.testing.assert_array_equal(matrix_of(pic), reference, err_msg=text)
    read = (reference != 0).any(axis=1).reshape(h, w)
    never = {(r, c) for r in range(h) for c in range(w) if not read[r, c]}
    assert set(pic.uncovered()) == never, text
    rows, cols = pic.rows.unread(), pic.cols.unread()
    assert never == {(r, c) for r in range(h) for c in range(w) if r in rows or c in cols}


@settings(max_examples=60, deadline=None)
@given(settings_())
def test_frames_have_one_cell_per_tap_inside_the_canvas(setting):
    text, h, w = setting
    try:
        pic = picture(text, h, w)
    except CnnlabError:
        assume(False)
    rows, cols = pic.canvas
    frames = list(pic.frames())
    assert len(frames) == pic.out_hw[0] * pic.out_hw[1] == pic.output.h * pic.output.w
    for frame in frames:
        assert len(set(frame.cells)) == pic.rows.size.f * pic.cols.size.f
        assert all(0 <= r < rows and 0 <= c < cols for r, c in frame.cells)
    inputs = [pic.source(r, c) for r in range(rows) for c in range(cols)]
    assert sorted(i for i in inputs if i is not None) == [(r, c) for r in range(h)
                                                         for c in range(w)]


def test_transposed_matrix_is_the_transpose_of_the_convolution():
    conv = sparse_matrix(picture("conv:f=3,k=1,s=2,p=1", 5, 5))
    trans = sparse_matrix(picture("convT:f=3,k=1,s=2,p=1", 3, 3))
    assert trans.shape == conv.shape[::-1]
    assert sorted((c, r, wt) for r, c, wt in conv.entries) == list(trans.entries)


def test_transposed_canvas_inserts_stride_minus_one_zeros_and_pads_f_minus_1_minus_p():
    pic = picture("convT:f=3,k=1,s=2,p=1,op=1", 3, 3)  # zeros between inputs; op pads after
    assert "".join(k.value[0] for k in pic.rows.kinds) == "pizizipp"
    assert pic.out_hw == (6, 6)
    assert pic.cell(0, 3) is Cell.PAD_BEFORE and pic.cell(6, 3) is Cell.PAD_AFTER
    assert pic.cell(1, 2) is Cell.ZERO and pic.cell(1, 1) is Cell.INPUT


def test_stride_three_leaves_rows_and_columns_uncovered():
    pic = picture("conv:f=1,k=1,s=3", 8, 8)
    assert pic.out_hw == (3, 3)
    assert sorted(pic.uncovered()) == [(r, c) for r in range(8) for c in range(8)
                                       if r % 3 or c % 3]


def test_tf_same_puts_the_extra_padding_after():
    pic = picture("conv:f=4,k=1,p=tf-same", 5, 5)
    assert pic.asymmetric and pic.canvas == (8, 8)
    assert [pic.cell(r, 3).value for r in (0, 6, 7)] == ["pad-before", "pad-after", "pad-after"]


def test_ceil_mode_window_hangs_past_the_input():
    pic = picture("maxpool:f=2,ceil", 5, 5)
    assert pic.out_hw == (3, 3) and pic.canvas == (6, 6)
    assert pic.cell(5, 0) is Cell.OUTSIDE
    assert pic.frame(2, 2).cells == ((4, 4), (4, 5), (5, 4), (5, 5))


def test_dilation_spreads_the_taps():
    pic = picture("conv:f=3,k=1,d=2", 7, 7)
    assert pic.out_hw == (3, 3)
    assert pic.frame(0, 0).cells[:3] == ((0, 0), (0, 2), (0, 4))


def test_same_errors_as_shape_and_a_layer_without_window():
    with pytest.raises(ShapeError, match=r"layer 1 'conv:f=7,k=1' \(input 5×5×1\): window does"):
        picture("conv:f=7,k=1", 5, 5)
    with pytest.raises(SpecError, match="sliding window"):
        picture("relu", 5, 5)


def test_too_large_pictures_are_refused_with_the_limit():
    with pytest.raises(ShapeError, match="the limit is 64 cells a side"):
        check_size(picture("conv:f=3,k=1", 70, 5))
    with pytest.raises(ShapeError, match="the limit is 1024"):
        check_size(picture("conv:f=1,k=1", 40, 40))
    with pytest.raises(ShapeError, match="33 windows × 1024 taps = 33792 tap squares; the limit"):
        check_size(picture("conv:f=32x32,k=1", 32, 64))
    with pytest.raises(ShapeError, match="too many still frames: 1024 frames × 2048 cells"):
        check_size(picture("conv:f=1,k=1", 32, 32), stills=True)
    check_size(picture("conv:f=1,k=1", 32, 32))


@pytest.mark.parametrize("module", [cnnlab.draw.axis, cnnlab.draw.matrix, cnnlab.draw.picture])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


CHAIN = st.lists(st.sampled_from([
    "conv:f=3,k=1", "conv:f=3,k=1,p=1", "conv:f=3,k=1,s=2,p=1", "conv:f=2,k=1,s=2",
    "conv:f=3,k=1,d=2,p=same", "conv:f=4,k=1,p=tf-same", "conv:f=1,k=1,s=3", "maxpool:f=2",
    "maxpool:f=3,s=2,p=1,ceil", "avgpool:f=2,s=1", "relu",
]), min_size=1, max_size=4)


def reference_field(report, unit):
    """Inputs whose one-hot image reaches ``unit``: every window layer run as a convolution
    with a kernel of ones (positive, so nothing cancels; a max pool reaches what a sum does)."""
    x = one_hot(report.input.h, report.input.w)
    for row in report.rows:
        if row.sizes is None:
            continue
        h, w = row.sizes
        hang = [max(0, (s.value - 1) * s.s + s.f_eff - s.n - s.p) for s in (h, w)]
        x, _ = conv2d_forward(x, np.ones((h.f, w.f, 1, 1)), stride=(h.s, w.s), dilation=(h.d, w.d),
                              padding=((h.p_before, h.p_after + hang[0]),
                                       (w.p_before, w.p_after + hang[1])))
        x = x[:, :h.value, :w.value]
    reached = x[:, unit[0], unit[1], 0].reshape(report.input.h, report.input.w) != 0
    return {(r, c) for r in range(report.input.h) for c in range(report.input.w) if reached[r, c]}


@settings(max_examples=80, deadline=None)
@given(CHAIN, st.integers(6, 14), st.integers(6, 14), st.integers(0, 99), st.integers(0, 99))
def test_receptive_field_trace_is_what_reaches_the_unit(chain, h, w, a, b):
    from cnnlab.draw.receptive import trace_receptive_field
    from cnnlab.network import Network, walk
    from cnnlab.spec import parse_items

    network = Network(parse_items([" ".join(chain)]))
    try:
        report = walk(network, Shape(1, h, w))
    except CnnlabError:
        assume(False)
    out = report.output
    unit = (a % out.h, b % out.w)
    trace = trace_receptive_field(network, Shape(1, h, w), unit)
    first = trace.maps[0]
    assert {(r, c) for r in first.rows for c in first.cols} == reference_field(report, unit)
    sizes = [s for row in report.rows if row.sizes for s in row.sizes]
    if all(s.p == 0 and not s.ceil_mode for s in sizes):  # no window is clipped at a border
        assert first.extent == report.rows[-1].receptive.size


def test_receptive_field_of_a_residual_block_is_its_body_s():
    from cnnlab.draw.receptive import trace_receptive_field
    from cnnlab.network import Network
    from cnnlab.spec import parse_items

    net = Network(parse_items(["res[conv:f=3,k=1,p=1 conv:f=3,k=1,p=1] gap fc:10"]))
    trace = trace_receptive_field(net, Shape(1, 9, 9))
    assert trace.unit == (4, 4) and [m.extent for m in trace.maps] == [(5, 5), (1, 1)]
    with pytest.raises(ShapeError, match="outside the last feature map, 9×9"):
        trace_receptive_field(net, Shape(1, 9, 9), (9, 0))


@st.composite
def torch_settings(draw):
    """Settings PyTorch accepts: symmetric padding, pooling padding at most half the window."""
    h, w = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    f, s = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    if draw(st.booleans()):
        p = draw(st.integers(0, f // 2))
        ceil = draw(st.booleans())
        return f"maxpool:f={f},s={s},p={p}" + (",ceil" if ceil else ""), h, w, (f, s, p, ceil)
    d, p = draw(st.integers(1, 3)), draw(st.integers(0, 3))
    op = draw(st.integers(0, max(s, d) - 1))
    return f"convT:f={f},k=1,s={s},p={p},d={d},op={op}", h, w, (f, s, p, d, op)


@settings(max_examples=100, deadline=None)
@given(torch_settings())
def test_pictures_agree_with_pytorch(setting):
    torch = pytest.importorskip("torch")
    text, h, w, args = setting
    try:
        pic = picture(text, h, w)
    except CnnlabError:
        assume(False)
    x = torch.eye(h * w, dtype=torch.float64).reshape(h * w, 1, h, w)
    if text.startswith("maxpool"):
        f, s, p, ceil = args
        out = torch.nn.functional.max_pool2d(x, f, s, p, ceil_mode=ceil)
        reads = (out != 0).reshape(h * w, -1).numpy()
        np.testing.assert_array_equal(reads, matrix_of(pic) != 0, err_msg=text)
        return
    f, s, p, d, op = args
    weight = torch.from_numpy(codes(f, f)[:, :, 0, 0]).reshape(1, 1, f, f)
    out = torch.nn.functional.conv_transpose2d(x, weight, stride=s, padding=p, output_padding=op,
                                               dilation=d)
    assert tuple(out.shape[2:]) == pic.out_hw
    np.testing.assert_array_equal(out.reshape(h * w, -1).numpy(), matrix_of(pic), err_msg=text)


def test_window_matrix_reads_settings_as_shape_does():
    from cnnlab.arith import Padding
    from cnnlab.draw import window_matrix

    conv = window_matrix((5, 5), (3, 3), (2, 2), Padding.symmetric(1))
    assert conv == sparse_matrix(picture("conv:f=3,k=1,s=2,p=1", 5, 5))
    trans = window_matrix((3, 3), (3, 3), (2, 2), Padding.symmetric(1), transposed=True)
    assert sorted((c, r, wt) for r, c, wt in conv.entries) == list(trans.entries)
    with pytest.raises(ShapeError, match="window does not fit"):
        window_matrix((2, 2), (3, 3))


def test_matrix_view_reproduces_the_published_d2l_numbers():
    """REFERENCE.md: X = arange(9) as 3×3, K = [[1, 2], [3, 4]]: Y = K ⊗ X = [[27, 37], [57, 67]]
    and Cᵀ·Y = [[27, 91, 74], [138, 400, 282], [171, 429, 268]] (a transposed convolution is not
    an inverse)."""
    from cnnlab.draw import window_matrix

    K = np.array([[1, 2], [3, 4]])
    m = window_matrix((3, 3), (2, 2))
    C = np.zeros(m.shape, dtype=int)
    for r, c, (a, b) in m.entries:
        C[r, c] = K[a, b]
    Y = C @ np.arange(9)
    assert Y.reshape(2, 2).tolist() == [[27, 37], [57, 67]]
    assert (C.T @ Y).reshape(3, 3).tolist() == [[27, 91, 74], [138, 400, 282], [171, 429, 268]]
    T = window_matrix((2, 2), (2, 2), transposed=True)  # the transposed layer's own matrix is Cᵀ
    Ct = np.zeros(T.shape, dtype=int)
    for r, c, (a, b) in T.entries:
        Ct[r, c] = K[a, b]
    assert (Ct == C.T).all()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(1, 4), st.integers(1, 3), st.integers(1, 3),
       st.integers(0, 6), st.integers(0, 6), st.integers(0, 2))
def test_transposed_padding_beyond_the_kernel_crops_the_stretched_input(n, f, s, d, p1, p2, op):
    try:
        pic = picture(f"convT:f={f}x1,k=1,s={s},d={d},p={p1}/{p2}/0/0,op={op}", n, 1)
    except CnnlabError:
        assume(False)
    reach = d * (f - 1)
    assert pic.rows.cropped() == (max(0, p1 - reach), max(0, p2 - op - reach))
    from cnnlab.render.draw_text import padding_text

    assert ("cropped" in padding_text(pic)) == (p1 > reach or p2 - op > reach)

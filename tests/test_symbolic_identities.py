"""The identities hold on sweeps of sizes, strides, paddings, dilations and channels; the
symbolic results agree with brute-force loops written from the formulas and with the float
reference layers after substituting random numbers."""

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cnnlab.errors import CnnlabError, LayerArgumentError
from cnnlab.reference import conv2d_backward, conv2d_forward
from cnnlab.symbolic.commutativity import prove_commutativity
from cnnlab.symbolic.gradient import prove_gradient
from cnnlab.symbolic.matrix import read_matrix
from cnnlab.symbolic.one_by_one import prove_one_by_one
from cnnlab.symbolic.pooling import PoolSetting, prove_pooling
from cnnlab.symbolic.sweep import sweep
from cnnlab.symbolic.transpose import ConvSetting, conv_algebra, prove_transpose, run_layer

PADS = [((0, 0), (0, 0)), ((1, 1), (1, 1)), ((0, 2), (1, 0))]


@pytest.mark.parametrize("stride, padding, dilation, channels", [
    (s, p, d, c) for s, p, d, c in itertools.product((1, 2, 3), PADS, (1, 2), ((1, 1), (2, 3)))
])
def test_transpose_holds(stride, padding, dilation, channels):
    setting = ConvSetting((6, 5), (3, 2), (stride, stride), padding, (dilation, dilation),
                          *channels)
    proof = prove_transpose(setting)
    assert proof.holds
    H_out, W_out = setting.output_size()
    n_out, n_in = H_out * W_out * channels[1], 6 * 5 * channels[0]
    assert [c.checked_entries for c in proof.checks] == [n_out, n_out * n_in, n_in]


def brute_C(setting: ConvSetting) -> dict:
    """C written from the formula with loops: (o, i) -> (f, c, u, v) of the weight used."""
    (H, W), (U, V), (s_h, s_w) = setting.size, setting.kernel, setting.stride
    (top, _), (left, _) = setting.padding
    d_h, d_w = setting.dilation
    H_out, W_out = setting.output_size()
    C = {}
    for f, i, j, c, u, v in itertools.product(range(setting.c_out), range(H_out), range(W_out),
                                              range(setting.c_in), range(U), range(V)):
        r, q = i * s_h + u * d_h - top, j * s_w + v * d_w - left
        if 0 <= r < H and 0 <= q < W:
            C[((f * H_out + i) * W_out + j, (c * H + r) * W + q)] = (f, c, u, v)
    return C


@pytest.mark.parametrize("setting", [
    ConvSetting((4, 4), (3, 3)),
    ConvSetting((5, 6), (2, 3), (2, 1), ((1, 0), (2, 1)), (1, 2), 2, 3),
    ConvSetting((7, 7), (3, 3), (3, 3), ((2, 2), (2, 2)), (2, 2), 1, 2),
])
def test_C_read_off_the_reference_is_the_brute_force_matrix(setting):
    algebra = conv_algebra(setting)
    z, _, _, _ = run_layer(algebra, setting)
    C = read_matrix(algebra, z, algebra["x"].size)
    w = algebra["w"].reshape(setting.c_out, setting.c_in, *setting.kernel)
    got = {(o, i): c for o, row in enumerate(C) for i, c in row.items()}
    want = {key: algebra.element(w[idx]) for key, idx in brute_C(setting).items()}
    assert got == want


def test_symbolic_backward_agrees_with_the_float_layers_after_substitution():
    setting = ConvSetting((5, 5), (3, 3), (2, 2), ((1, 1), (1, 1)), (1, 1), 2, 2)
    algebra = conv_algebra(setting)
    z, dx, dw, _ = run_layer(algebra, setting)
    rng = np.random.default_rng(5)
    values = rng.normal(size=len(algebra.names))
    point = dict(enumerate(values))
    x = values[: 50].reshape(2, 5, 5).transpose(1, 2, 0)[None]
    w = values[50: 50 + 36].reshape(2, 2, 3, 3).transpose(2, 3, 1, 0)
    g = values[86:].reshape(2, 3, 3).transpose(1, 2, 0)[None]
    z_f, cache = conv2d_forward(x, w, stride=2, padding=1)
    dx_f, dw_f, _ = conv2d_backward(g, cache)
    np.testing.assert_allclose([float(algebra.value(e, point)) for e in z],
                               z_f[0].transpose(2, 0, 1).ravel(), rtol=1e-12)
    np.testing.assert_allclose([float(algebra.value(e, point)) for e in dx],
                               dx_f[0].transpose(2, 0, 1).ravel(), rtol=1e-12)
    np.testing.assert_allclose([float(algebra.value(e, point)) for e in dw.ravel()],
                               dw_f.transpose(3, 2, 0, 1).ravel(), rtol=1e-12)


def test_transposed_convolution_is_not_an_inverse_d2l():
    """REFERENCE.md: X = arange(9), K = [[1,2],[3,4]]: Y = [[27,37],[57,67]], Cᵀ·Y ≠ X."""
    setting = ConvSetting((3, 3), (2, 2))
    algebra = conv_algebra(setting)
    z, _, _, _ = run_layer(algebra, setting)
    C = read_matrix(algebra, z, 9)
    point = {k: v for k, v in enumerate([*range(9), 1, 2, 3, 4])}
    dense = np.array([[int(algebra.value(row.get(i, 0), point)) for i in range(9)] for row in C])
    Y = dense @ np.arange(9)
    assert Y.reshape(2, 2).tolist() == [[27, 37], [57, 67]]
    assert (dense.T @ Y).reshape(3, 3).tolist() == [[27, 91, 74], [138, 400, 282],
                                                    [171, 429, 268]]


@pytest.mark.parametrize("size, kernel", [((1, 1), (1, 1)), ((3, 3), (2, 2)), ((2, 5), (3, 1)),
                                          ((6, 4), (4, 4)), ((12, 12), (5, 5))])
def test_commutativity_holds(size, kernel):
    proof = prove_commutativity(size, kernel)
    M, N = size
    U, V = kernel
    assert proof.holds and proof.checks[0].checked_entries == (M + U - 1) * (N + V - 1)


def test_commutativity_names_where_the_rot180_free_variant_fails():
    assert "first differ at entry (1, 1)" in prove_commutativity().notes[-1]


@pytest.mark.parametrize("stride, padding, dilation",
                         itertools.product((1, 2, 3), PADS, ((1, 1), (2, 2), (1, 2))))
def test_gradient_formulas_hold(stride, padding, dilation):
    proof = prove_gradient(ConvSetting((7, 6), (3, 2), (stride, stride), padding, dilation))
    assert proof.holds and len(proof.checks) == 4


def test_gradient_formulas_name_the_upsampling():
    proof = prove_gradient(ConvSetting((7, 7), (2, 2), (2, 2), ((1, 1), (1, 1)), (2, 2)))
    assert [c.equation.text for c in proof.checks[:2]] == [
        "∂L/∂W = G↑2 ⊗ X̃ (entries 2 apart)", "∂L/∂X = rot180(W↑2) ⊗̃ G↑2"]


def test_gradient_refuses_channels():
    with pytest.raises(LayerArgumentError, match="one channel"):
        prove_gradient(ConvSetting(c_in=2))


@pytest.mark.parametrize("size, c_in, c_out", [((1, 1), 1, 1), ((2, 3), 3, 2), ((3, 3), 4, 5)])
def test_one_by_one_holds(size, c_in, c_out):
    proof = prove_one_by_one(size, c_in, c_out)
    assert proof.holds
    assert proof.checks[0].checked_entries == size[0] * size[1] * c_out


@pytest.mark.parametrize("mode, kernel, stride", [
    (m, k, s) for m, k, s in itertools.product(("max", "average"), ((2, 2), (3, 2)),
                                               (None, (1, 1), (2, 1)))])
def test_pooling_backward_is_the_transpose(mode, kernel, stride):
    assert prove_pooling(PoolSetting(mode, (5, 6), kernel, stride)).holds


@pytest.mark.parametrize("mode", ["max", "average"])
def test_pooling_with_padding(mode):
    proof = prove_pooling(PoolSetting(mode, (5, 5), (3, 3), (2, 2), ((1, 0), (1, 1))))
    assert proof.holds and proof.sizes["padding"] == "1/0/1/1"


def test_average_pooling_matrix_has_the_exact_fraction():
    proof = prove_pooling(PoolSetting("average", (4, 4), (2, 2)))
    assert dict(proof.picture.legend) == {"a": "1/4"}


@pytest.mark.parametrize("identity", ["commutativity", "gradient", "one-by-one", "pooling"])
def test_every_sweep_holds(identity):
    cases = sweep(identity)
    assert len(cases) > 10 and all(c.holds for c in cases)


def test_absurd_sizes_are_refused_with_the_reason():
    with pytest.raises(CnnlabError, match="the nonzero entries of its matrix"):
        prove_transpose(ConvSetting((32, 32), (9, 9), c_in=8, c_out=8))


@pytest.mark.parametrize("size, kernel, stride, padding, dilation", [
    ((4, 4), (3, 3), (1, 1), ((0, 0), (0, 0)), (1, 1)),
    ((5, 6), (2, 3), (2, 1), ((1, 0), (2, 1)), (1, 2)),
    ((7, 7), (3, 3), (3, 2), ((2, 2), (1, 1)), (2, 2)),
])
def test_C_agrees_with_cnnlab_draw_geometry(size, kernel, stride, padding, dilation):
    """Two homes that must agree: C read off the reference forward, and the window geometry
    cnnlab draw pictures (computed from the output-size arithmetic, not from the layers)."""
    from cnnlab.arith import Padding
    from cnnlab.draw.matrix import window_matrix

    (t, b), (left, r) = padding
    drawn = window_matrix(size, kernel, stride, Padding(amounts=(t, b, left, r)), dilation)
    proof = prove_transpose(ConvSetting(size, kernel, stride, padding, dilation))
    assert proof.picture.shape == drawn.shape and proof.picture.weights == drawn.entries


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 3), st.integers(1, 3),
       st.integers(1, 3), st.integers(1, 3), st.lists(st.integers(0, 2), min_size=4, max_size=4),
       st.integers(1, 2), st.integers(1, 2), st.integers(1, 2))
def test_transpose_holds_on_random_layers(H, W, U, V, s_h, s_w, pads, d, c_in, c_out):
    top, bottom, left, right = pads
    setting = ConvSetting((H, W), (U, V), (s_h, s_w), ((top, bottom), (left, right)), (d, 1),
                          c_in, c_out)
    try:
        setting.output_size()
    except CnnlabError:
        assume(False)
    proof = prove_transpose(setting)
    assert proof.holds and brute_C(setting).keys() == {
        (o, i) for o, row in enumerate(read_back(setting)) for i in row}


def read_back(setting):
    algebra = conv_algebra(setting)
    z, _, _, _ = run_layer(algebra, setting, with_dw=False)
    return read_matrix(algebra, z, algebra["x"].size)

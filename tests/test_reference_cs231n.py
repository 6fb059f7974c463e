"""cs231n adapter: the assignment's published outputs and gradient checks, naive == fast."""

import numpy as np
import pytest

from cnnlab.errors import LayerArgumentError
from cnnlab.reference import cs231n
from cnnlab.reference.gradcheck import numerical_gradient, rel_error

# cs231n assignment 2, ConvolutionalNetworks.ipynb: "difference should be around e-8"
CONV_CORRECT_OUT = np.array([
    [[[-0.08759809, -0.10987781], [-0.18387192, -0.2109216]],
     [[0.21027089, 0.21661097], [0.22847626, 0.23004637]],
     [[0.50813986, 0.54309974], [0.64082444, 0.67101435]]],
    [[[-0.98053589, -1.03143541], [-1.19128892, -1.24695841]],
     [[0.69108355, 0.66880383], [0.59480972, 0.56776003]],
     [[2.36270298, 2.36904306], [2.38090835, 2.38247847]]]])
POOL_CORRECT_OUT = np.array([
    [[[-0.26315789, -0.24842105], [-0.20421053, -0.18947368]],
     [[-0.14526316, -0.13052632], [-0.08631579, -0.07157895]],
     [[-0.02736842, -0.01263158], [0.03157895, 0.04631579]]],
    [[[0.09052632, 0.10526316], [0.14947368, 0.16421053]],
     [[0.20842105, 0.22315789], [0.26736842, 0.28210526]],
     [[0.32631579, 0.34105263], [0.38526316, 0.4]]]])
POOL_PARAM = {"pool_width": 2, "pool_height": 2, "stride": 2}


@pytest.mark.parametrize("forward", [cs231n.conv_forward_naive, cs231n.conv_forward_fast])
def test_conv_forward_published_output(forward):
    x = np.linspace(-0.1, 0.5, num=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
    w = np.linspace(-0.2, 0.3, num=3 * 3 * 4 * 4).reshape(3, 3, 4, 4)
    b = np.linspace(-0.1, 0.2, num=3)
    out, cache = forward(x, w, b, {"stride": 2, "pad": 1})
    assert rel_error(out, CONV_CORRECT_OUT) < 1e-7
    assert cache[0] is x and cache[3] == {"stride": 2, "pad": 1}


@pytest.mark.parametrize("forward", [cs231n.max_pool_forward_naive, cs231n.max_pool_forward_fast])
def test_max_pool_forward_published_output(forward):
    x = np.linspace(-0.3, 0.4, num=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
    out, cache = forward(x, POOL_PARAM)
    assert rel_error(out, POOL_CORRECT_OUT) < 1e-7
    assert cache == (x, POOL_PARAM)


@pytest.mark.parametrize("pad, stride", [(1, 1), (0, 1), (0, 2), (2, 3)])
@pytest.mark.parametrize("version", ["naive", "fast"])
def test_conv_backward_gradient_check(pad, stride, version):
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(2, 3, 5, 5)), rng.normal(size=(2, 3, 3, 3)), rng.normal(size=2)
    conv_param = {"stride": stride, "pad": pad}
    forward = getattr(cs231n, f"conv_forward_{version}")
    backward = getattr(cs231n, f"conv_backward_{version}")
    out, cache = forward(x, w, b, conv_param)
    dout = rng.normal(size=out.shape)
    dx, dw, db = backward(dout, cache)
    assert rel_error(dx, numerical_gradient(lambda v: forward(v, w, b, conv_param)[0], x,
                                            dout)) < 1e-7
    assert rel_error(dw, numerical_gradient(lambda v: forward(x, v, b, conv_param)[0], w,
                                            dout)) < 1e-7
    assert rel_error(db, numerical_gradient(lambda v: forward(x, w, v, conv_param)[0], b,
                                            dout)) < 1e-7


@pytest.mark.parametrize("pool_param", [POOL_PARAM, {"pool_width": 3, "pool_height": 2,
                                                     "stride": 1}])
def test_max_pool_naive_and_fast_agree_and_check(pool_param):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 2, 8, 7))
    out, cache = cs231n.max_pool_forward_naive(x, pool_param)
    out_fast, cache_fast = cs231n.max_pool_forward_fast(x, pool_param)
    np.testing.assert_array_equal(out, out_fast)
    dout = rng.normal(size=out.shape)
    dx = cs231n.max_pool_backward_naive(dout, cache)
    np.testing.assert_allclose(cs231n.max_pool_backward_fast(dout, cache_fast), dx, rtol=1e-13)
    numerical = numerical_gradient(lambda v: cs231n.max_pool_forward_fast(v, pool_param)[0], x,
                                   dout)
    assert rel_error(dx, numerical) < 1e-7


def test_conv_naive_and_fast_agree():
    rng = np.random.default_rng(2)
    x, w, b = rng.normal(size=(3, 4, 9, 8)), rng.normal(size=(5, 4, 3, 2)), rng.normal(size=5)
    conv_param = {"stride": 2, "pad": 1}
    out, cache = cs231n.conv_forward_naive(x, w, b, conv_param)
    out_fast, cache_fast = cs231n.conv_forward_fast(x, w, b, conv_param)
    np.testing.assert_allclose(out_fast, out, rtol=1e-12)
    dout = rng.normal(size=out.shape)
    for fast, naive in zip(cs231n.conv_backward_fast(dout, cache_fast),
                           cs231n.conv_backward_naive(dout, cache), strict=True):
        np.testing.assert_allclose(fast, naive, rtol=1e-12)


def test_affine_relu_softmax_adapters():
    rng = np.random.default_rng(3)
    x, w, b = rng.normal(size=(4, 2, 3)), rng.normal(size=(6, 5)), rng.normal(size=5)
    out, cache = cs231n.affine_forward(x, w, b)
    np.testing.assert_allclose(out, x.reshape(4, 6) @ w + b)
    dx, dw, db = cs231n.affine_backward(np.ones_like(out), cache)
    assert dx.shape == x.shape
    relu_out, relu_cache = cs231n.relu_forward(out)
    np.testing.assert_array_equal(cs231n.relu_backward(np.ones_like(out), relu_cache),
                                  out > 0)
    loss, dscores = cs231n.softmax_loss(relu_out, np.array([0, 1, 2, 3]))
    assert loss > 0 and dscores.shape == out.shape


def test_inputs_are_never_written():
    rng = np.random.default_rng(4)
    x, w, b = rng.normal(size=(2, 3, 6, 6)), rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)
    for a in (x, w, b):
        a.flags.writeable = False
    for version in ("naive", "fast"):
        out, cache = getattr(cs231n, f"conv_forward_{version}")(x, w, b, {"stride": 1, "pad": 0})
        getattr(cs231n, f"conv_backward_{version}")(out, cache)
        out, cache = getattr(cs231n, f"max_pool_forward_{version}")(x, POOL_PARAM)
        getattr(cs231n, f"max_pool_backward_{version}")(out, cache)


@pytest.mark.parametrize("call, quoted", [
    (lambda x: cs231n.conv_forward_naive(x, np.zeros((2, 3, 3, 3)), np.zeros(2), {"stride": 1}),
     "conv_param must be a dict with keys ['stride', 'pad']"),
    (lambda x: cs231n.max_pool_forward_fast(x, {"pool_height": 2, "stride": 2}),
     "'pool_width'"),
    (lambda x: cs231n.conv_forward_fast(x, np.zeros((2, 3, 3, 3)), np.zeros(2), None),
     "got NoneType"),
])
def test_missing_parameters_are_named(call, quoted):
    with pytest.raises(LayerArgumentError) as info:
        call(np.zeros((1, 3, 5, 5)))
    assert quoted in str(info.value)

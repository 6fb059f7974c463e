"""The reference layers (through the bridge, stated in the layer language) against PyTorch, where
it is installed: forward outputs and autograd gradients of conv2d, conv_transpose2d, max_pool2d
and avg_pool2d (ceil_mode and count_include_pad included). PyTorch is an oracle, never a
dependency: without it these tests are skipped."""

import numpy as np
import pytest

from cnnlab.bridge import reference_call

torch = pytest.importorskip("torch")
F = torch.nn.functional


def torch_run(function, x, dout, *params, **kwargs):
    """out and the gradients of Σ dout·out with respect to x and ``params``, as numpy."""
    leaves = [torch.tensor(a, requires_grad=True) for a in (x, *params)]
    out = function(*leaves, **kwargs)
    (out * torch.tensor(dout)).sum().backward()
    return out.detach().numpy(), [leaf.grad.numpy() for leaf in leaves]


def bridged(text, shape, rng, batch=2):
    """The bridged call in NCHW (PyTorch's layout), random x, w, b and dout for it."""
    call = reference_call(text, shape, layout="nchw")
    x = rng.normal(size=call.input_shape(batch))
    w = None if call.weight_shape is None else rng.normal(size=call.weight_shape)
    b = rng.normal(size=call.output.c) if call.bias else None
    return call, x, w, b, rng.normal(size=call.output_shape(batch))


@pytest.mark.parametrize("text, torch_kwargs", [
    ("conv:f=3,k=4,s=2,p=same", {"stride": 2, "padding": 1}),
    ("conv:f=3x2,k=4,s=1x2,p=2x1,d=2x1", {"stride": (1, 2), "padding": (2, 1), "dilation": (2, 1)}),
    ("conv:f=3,k=6,g=3,p=same,d=2", {"padding": "same", "dilation": 2, "groups": 3}),
    ("conv:f=2,k=2,s=3,p=valid,nobias", {"stride": 3}),
    ("dwconv:f=3,s=2,p=1", {"stride": 2, "padding": 1, "groups": 6}),
])
def test_conv2d_matches_torch(text, torch_kwargs):
    compare_convolution(text, "6x7x8", F.conv2d, torch_kwargs, seed=11)


def compare_convolution(text, shape, function, torch_kwargs, seed):
    """The bridged layer's output, dx, dw (and db) against PyTorch's and its autograd's."""
    call, x, w, b, dout = bridged(text, shape, np.random.default_rng(seed))
    out, cache = call.forward(x, w, b)
    params = (w,) if b is None else (w, b)
    want, grads = torch_run(function, x, dout, *params, **torch_kwargs)
    np.testing.assert_allclose(out, want, rtol=1e-10, atol=1e-10)
    got = call.backward(dout, cache)
    assert (got[2] is None) == (b is None)
    for mine, expected in zip(got, grads, strict=False):
        np.testing.assert_allclose(mine, expected, rtol=1e-10, atol=1e-10)


def test_asymmetric_padding_matches_torch_after_an_explicit_pad():
    rng = np.random.default_rng(12)
    call, x, w, b, dout = bridged("conv:f=4,k=3,s=2,p=tf-same", "3x9x8", rng)
    assert call.arguments["padding"] == ((1, 2), (1, 1))   # TensorFlow's SAME: extra at bottom
    out, cache = call.forward(x, w, b)

    def padded_conv(x, w, b):
        return F.conv2d(F.pad(x, (1, 1, 1, 2)), w, b, stride=2)

    want, grads = torch_run(padded_conv, x, dout, w, b)
    np.testing.assert_allclose(out, want, rtol=1e-10, atol=1e-10)
    for got, expected in zip(call.backward(dout, cache), grads, strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("text, torch_kwargs", [
    ("convT:f=3,k=4,s=2,p=1,op=1", {"stride": 2, "padding": 1, "output_padding": 1}),
    ("convT:f=4,k=6,s=2,p=1,g=2", {"stride": 2, "padding": 1, "groups": 2}),
    ("convT:f=2x3,k=2,s=3x1,d=1x2,nobias", {"stride": (3, 1), "dilation": (1, 2)}),
])
def test_conv_transpose2d_matches_torch(text, torch_kwargs):
    compare_convolution(text, "4x5x4", F.conv_transpose2d, torch_kwargs, seed=13)


@pytest.mark.parametrize("text, torch_kwargs", [
    ("pool:max,f=2", {"kernel_size": 2}),
    ("maxpool:f=3,s=2,p=1", {"kernel_size": 3, "stride": 2, "padding": 1}),
    ("maxpool:f=3,s=2,ceil", {"kernel_size": 3, "stride": 2, "ceil_mode": True}),
    ("maxpool:f=3x2,s=2x3,p=1,ceil", {"kernel_size": (3, 2), "stride": (2, 3), "padding": 1,
                                      "ceil_mode": True}),
    ("pool:avg,f=3,s=2,p=1", {"kernel_size": 3, "stride": 2, "padding": 1}),
    ("avgpool:f=3,s=2,p=1,ceil", {"kernel_size": 3, "stride": 2, "padding": 1,
                                  "ceil_mode": True}),
    ("avgpool:f=2,s=3,ceil", {"kernel_size": 2, "stride": 3, "ceil_mode": True}),
])
def test_pooling_matches_torch(text, torch_kwargs):
    rng = np.random.default_rng(14)
    call, x, _, _, dout = bridged(text, "3x8x7", rng)
    out, cache = call.forward(x)
    function = F.max_pool2d if call.arguments["mode"] == "max" else F.avg_pool2d
    want, (dx,) = torch_run(function, x, dout, **torch_kwargs)
    np.testing.assert_allclose(out, want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(call.backward(dout, cache), dx, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("ceil_mode", [False, True])
def test_average_pooling_without_the_padding_in_the_divisor_matches_torch(ceil_mode):
    from cnnlab.reference import pool2d_backward, pool2d_forward

    rng = np.random.default_rng(15)
    x = rng.normal(size=(2, 3, 7, 6))
    kwargs = {"stride": 2, "padding": 1, "ceil_mode": ceil_mode}
    out, cache = pool2d_forward(x, 3, mode="avg", count_include_pad=False, layout="nchw", **kwargs)
    dout = rng.normal(size=out.shape)
    want, (dx,) = torch_run(F.avg_pool2d, x, dout, kernel_size=3, count_include_pad=False,
                            **kwargs)
    np.testing.assert_allclose(out, want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(pool2d_backward(dout, cache), dx, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("ceil_mode", [False, True])
def test_dilated_max_pooling_matches_torch(ceil_mode):
    from cnnlab.reference import pool2d_backward, pool2d_forward

    rng = np.random.default_rng(16)
    x = rng.normal(size=(2, 3, 9, 8))
    kwargs = {"stride": (2, 1), "padding": 1, "dilation": (2, 1), "ceil_mode": ceil_mode}
    out, cache = pool2d_forward(x, (3, 2), layout="nchw", **kwargs)
    dout = rng.normal(size=out.shape)
    want, (dx,) = torch_run(F.max_pool2d, x, dout, kernel_size=(3, 2), **kwargs)
    np.testing.assert_allclose(out, want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(pool2d_backward(dout, cache), dx, rtol=1e-12, atol=1e-12)

"""From the layer language to the numpy reference layers: run exactly the layer that was written.

:func:`reference_call` turns a layer (a :class:`~cnnlab.layers.Layer` or its text, e.g.
``"conv:f=3,k=8,s=2,p=same"``) and an input shape into the exact call of the reference layer:
every argument explicit (per-side padding resolved by ``cnnlab.arith``, the one resolver, so the
language's ``p=same`` and the reference's rows of zeros are the same rows), with the layout, the
pool mode, stride, dilation and groups. :meth:`ReferenceCall.forward` and
:meth:`ReferenceCall.backward` run it on arrays; :func:`run_layer` does both steps at once.

Window layers are bridged: ``conv``, ``dwconv``, ``convT`` (run as the adjoint of the convolution
it mirrors, weights in PyTorch's ``(C_in, C_out/g, HH, WW)`` order for NCHW), ``pool``,
``maxpool``, ``avgpool`` (``ceil`` included), ``gap`` and ``gmp``. Other kinds raise
:class:`~cnnlab.errors.LayerArgumentError`.

>>> import numpy as np
>>> call = reference_call("conv:f=3,k=2,s=2,p=same", "4x4x3")
>>> call.function, call.arguments["padding"], call.output.format()
('conv2d', ((1, 1), (1, 1)), '2×2×2')
>>> x, w = np.ones(call.input_shape()), np.ones(call.weight_shape)
>>> out, cache = call.forward(x, w, np.zeros(2))
>>> out[0, :, :, 0]
array([[12., 18.],
       [18., 27.]])
>>> pooled = reference_call("pool:max,f=3,s=2,ceil", "6x6x1")
>>> pooled.arguments["ceil_mode"], pooled.output.format()
(True, '3×3×1')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from cnnlab.arith import explicit_padding
from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.layers import Conv2d, ConvTranspose2d, GlobalPool2d, Layer, Pool2d
from cnnlab.reference import conv, pool
from cnnlab.shape import Layout, Shape, as_layout, parse_shape

__all__ = ["ReferenceCall", "reference_call", "run_layer"]


@dataclass(frozen=True)
class ReferenceCall:
    """One reference layer call, every argument explicit.

    Attributes
    ----------
    layer : the layer of the language it runs
    function : ``"conv2d"``, ``"conv_transpose2d"`` or ``"pool2d"``
    input, output : the shapes of one sample (``Layer.apply``'s output)
    arguments : the keyword arguments of ``cnnlab.reference.conv2d_forward`` or
        ``pool2d_forward`` (for ``conv_transpose2d``: of the convolution it is the adjoint of)
    weight_shape : the weights' array shape in ``layout``, ``None`` for pooling
    bias : whether the layer has a bias (then ``forward`` takes ``b`` of shape (C_out,))
    """

    layer: Layer
    function: str
    input: Shape
    output: Shape
    arguments: Mapping[str, Any] = field(hash=False)
    weight_shape: tuple[int, int, int, int] | None = None
    bias: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "arguments", MappingProxyType(dict(self.arguments)))

    @property
    def layout(self) -> Layout:
        return self.arguments["layout"]

    def input_shape(self, batch: int = 1) -> tuple[int, ...]:
        """The array shape of a batch of inputs, in ``layout``."""
        return (batch, *self.input.dims(self.layout))

    def output_shape(self, batch: int = 1) -> tuple[int, ...]:
        """The array shape of a batch of outputs, in ``layout``."""
        return (batch, *self.output.dims(self.layout))

    def forward(self, x, w=None, b=None) -> tuple[np.ndarray, Any]:
        """Run the layer on ``x`` of ``input_shape(N)``: ``(out, cache)``.

        Convolutions take ``w`` of ``weight_shape`` and ``b`` of shape (C_out,), or ``b=None``
        to leave the bias out; pooling takes neither.
        """
        x = np.asarray(x)
        if x.shape[1:] != self.input_shape()[1:]:
            raise ShapeError(f"x must have shape (N, {', '.join(map(str, self.input_shape()[1:]))})"
                             f" {self.layout.image_axes} for {self.layer.spec()}, got {x.shape}")
        if self.function == "pool2d":
            return pool.pool2d_forward(x, **self.arguments)
        w, b = self._weights(w, b)
        if self.function == "conv2d":
            return conv.conv2d_forward(x, w, b, **self.arguments)
        z = np.zeros(self.output_shape(x.shape[0]), np.result_type(x, w))
        cache = conv.conv2d_setup(z, w, None, **self.arguments)
        out = conv.conv2d_backward(x, cache)[0]
        if b is not None:
            out += b.reshape((-1, 1, 1) if self.layout is Layout.NCHW else (-1,))
        return out, (x, w, b)

    def backward(self, dout, cache):
        """Gradients: ``dx`` for pooling, ``(dx, dw, db)`` for convolutions."""
        if self.function == "pool2d":
            return pool.pool2d_backward(dout, cache)
        if self.function == "conv2d":
            return conv.conv2d_backward(dout, cache)
        x, w, b = cache                           # out = Cᵀx, C the convolution mirrored
        dout = np.asarray(dout)
        dx, forward = conv.conv2d_forward(dout, w, None, **self.arguments)
        dw = conv.conv2d_backward(x, forward)[1]  # ∂⟨dout, Cᵀx⟩/∂w = ∂⟨C dout, x⟩/∂w
        axes = (0, 2, 3) if self.layout is Layout.NCHW else (0, 1, 2)
        return dx, dw, None if b is None else dout.sum(axis=axes)

    def _weights(self, w, b):
        if w is None or np.shape(w) != self.weight_shape:
            raise ShapeError(f"w must have shape {self.weight_shape} for {self.layer.spec()} in "
                             f"{self.layout.value}, got {None if w is None else np.shape(w)}")
        if b is not None and not self.bias:
            raise LayerArgumentError(f"{self.layer.spec()} has no bias, got b")
        return np.asarray(w), None if b is None else np.asarray(b)


def reference_call(layer: Layer | str, shape: Shape | str,
                   layout: Layout | str = Layout.NHWC, ties: str = "first") -> ReferenceCall:
    """The reference call that computes ``layer`` on inputs of ``shape`` (one sample).

    Parameters
    ----------
    layer : a layer object or one token of the layer language
    shape : the input of one sample, a :class:`~cnnlab.shape.Shape` or text such as ``"5x5x3"``
        (read in ``layout``: ``"3x5x5"`` for NCHW)
    layout : ``"nhwc"`` or ``"nchw"``, the arrays' layout
    ties : which tied maxima of max pooling take the gradient (``"first"`` or ``"all"``)

    Raises
    ------
    ShapeError, LayerArgumentError
        What ``layer.apply(shape)`` raises; a kind the reference layers do not compute.
    """
    layout = as_layout(layout)
    if isinstance(layer, str):
        from cnnlab.spec import parse_layer

        layer = parse_layer(layer)
    if isinstance(shape, str):
        shape = parse_shape(shape, layout)[0]
    outcome = layer.apply(shape)
    common = {"layout": layout}
    if isinstance(layer, Pool2d | GlobalPool2d):
        return ReferenceCall(layer, "pool2d", shape, outcome.out,
                             {**_pool_arguments(layer, shape, outcome.sizes), "ties": ties,
                              **common})
    if isinstance(layer, Conv2d):
        c_out, groups = layer.resolved(shape)
        kernel = (*layer.kernel, shape.c // groups, c_out)
        return ReferenceCall(layer, "conv2d", shape, outcome.out,
                             {**_window_arguments(layer, outcome.sizes), "groups": groups,
                              **common}, _weight_shape(kernel, layout), layer.bias)
    if isinstance(layer, ConvTranspose2d):
        return _transposed(layer, shape, outcome.out, layout)
    raise LayerArgumentError(
        f"no reference layer computes {layer.spec()!r}; the bridge runs conv, dwconv, convT, "
        f"pool, maxpool, avgpool, gap and gmp"
    )


def run_layer(layer: Layer | str, x, w=None, b=None,
              layout: Layout | str = Layout.NHWC) -> np.ndarray:
    """Run ``layer`` on the batch ``x`` (its shape gives the input shape) and return the output.

    >>> run_layer("pool:avg,f=2", np.arange(16.0).reshape(1, 4, 4, 1))[0, :, :, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    x = np.asarray(x)
    if x.ndim != 4:
        raise ShapeError(f"x must be a 4-D batch {as_layout(layout).image_axes}, got {x.shape}")
    n = x.shape[1:] if as_layout(layout) is Layout.NHWC else (*x.shape[2:], x.shape[1])
    return reference_call(layer, Shape(n[2], n[0], n[1]), layout).forward(x, w, b)[0]


def _window_arguments(layer: Conv2d | ConvTranspose2d, sizes) -> dict[str, Any]:
    return {"stride": layer.stride, "padding": explicit_padding(sizes),
            "dilation": layer.dilation}


def _pool_arguments(layer: Pool2d | GlobalPool2d, x: Shape, sizes) -> dict[str, Any]:
    if isinstance(layer, GlobalPool2d):                   # one window the size of the input
        return {"kernel_size": (x.h, x.w), "stride": (1, 1), "padding": ((0, 0), (0, 0)),
                "dilation": (1, 1), "mode": layer.mode, "ceil_mode": False}
    return {"kernel_size": layer.kernel, "stride": layer.step,
            "padding": explicit_padding(sizes), "dilation": getattr(layer, "dilation", (1, 1)),
            "mode": layer.mode, "ceil_mode": layer.ceil_mode}


def _weight_shape(hwio: tuple[int, int, int, int], layout: Layout) -> tuple[int, int, int, int]:
    """``(HH, WW, C_in/g, F)`` in NHWC, ``(F, C_in/g, HH, WW)`` in NCHW."""
    HH, WW, C_g, F = hwio
    return (HH, WW, C_g, F) if layout is Layout.NHWC else (F, C_g, HH, WW)


def _transposed(layer: ConvTranspose2d, x: Shape, out: Shape, layout: Layout) -> ReferenceCall:
    """convT as the adjoint of the convolution from its output back to its input."""
    mirrored = Conv2d(x.c, layer.kernel, layer.stride, layer.padding, layer.dilation, layer.groups)
    back = mirrored.apply(out)
    if back.out != x:
        raise LayerArgumentError(
            f"{layer.spec()}: output padding {layer.output_padding} is not below the stride "
            f"{layer.stride}; no convolution maps {out.format()} back to {x.format()}"
        )
    kernel = (*layer.kernel, out.c // layer.groups, x.c)
    return ReferenceCall(layer, "conv_transpose2d", x, out,
                         {**_window_arguments(layer, back.sizes), "groups": layer.groups,
                          "layout": layout}, _weight_shape(kernel, layout), layer.bias)

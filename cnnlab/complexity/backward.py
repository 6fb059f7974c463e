"""Operations of the backward pass: dW and dX (and db) of every layer, for one sample.

For a convolution both dW = dY ⊗ X and dX = rot180(W) ⊗̃ dY take exactly the forward's
products, so a training step costs about three forward passes. dX is skipped where no
gradient is needed (no trainable layer before it, as for the first convolution).

>>> from cnnlab.layers import Linear
>>> from cnnlab.shape import Shape
>>> layer, x, y = Linear(10), Shape(84), Shape(10)
>>> backward_ops(layer, x, y, needs_dx=True).products, backward_ops(layer, x, y, False).products
(1680, 840)
"""

from __future__ import annotations

from cnnlab.complexity.ops import Ops, forward_ops, hits
from cnnlab.layers import Conv2d, ConvTranspose2d, Layer, Linear
from cnnlab.layers.lenet import RBF, Subsample, TableConv
from cnnlab.shape import Shape


def _pair(dw: Ops, dx: Ops, needs_dx: bool, bias: int = 0) -> Ops:
    total = dw + dx if needs_dx else dw
    return Ops(total.products, total.sums, bias, adds=total.adds, weighted=True)


def _conv(layer: Conv2d, x: Shape, out: Shape, needs_dx: bool) -> Ops:
    c_out, g = layer.resolved(x)
    (f_h, f_w), (s_h, s_w), (d_h, d_w) = layer.kernel, layer.stride, layer.dilation
    products = out.elements * f_h * f_w * (x.c // g)
    weights = f_h * f_w * (x.c // g) * c_out
    # dX is formed on the padded input: the positions the windows touch receive sums
    touched = hits(out.h or 1, f_h, s_h, d_h) * hits(out.w or 1, f_w, s_w, d_w) * x.c
    bias = out.elements - c_out if layer.bias else 0  # db: each channel sums H_out·W_out terms
    return _pair(Ops(products, weights), Ops(products, touched), needs_dx, bias)


def _conv_t(layer: ConvTranspose2d, x: Shape, out: Shape, needs_dx: bool) -> Ops:
    f_h, f_w = layer.kernel
    products = x.elements * f_h * f_w * (layer.filters // layer.groups)
    weights = x.c * f_h * f_w * (layer.filters // layer.groups)
    bias = out.elements - layer.filters if layer.bias else 0
    return _pair(Ops(products, weights), Ops(products, x.elements), needs_dx, bias)


def _linear(layer: Linear, x: Shape, out: Shape, needs_dx: bool) -> Ops:
    products = x.elements * layer.units  # dW = dY·xᵀ: one product per weight, no additions
    return _pair(Ops(products, products), Ops(products, x.elements), needs_dx)


def _subsample(layer: Subsample, x: Shape, out: Shape, needs_dx: bool) -> Ops:
    n = out.elements  # d(coefficient) sums dY·(window sum) per map; dX = dY·coefficient
    return _pair(Ops(n, x.c), Ops(n, n), needs_dx, n - x.c)


def _table_conv(layer: TableConv, x: Shape, out: Shape, needs_dx: bool) -> Ops:
    f_h, f_w = layer.kernel
    products = (out.h or 1) * (out.w or 1) * f_h * f_w * layer.slices
    bias = out.elements - layer.filters if layer.bias else 0
    dx = Ops(products, x.elements)
    return _pair(Ops(products, f_h * f_w * layer.slices), dx, needs_dx, bias)


def _rbf(layer: RBF, x: Shape, out: Shape, needs_dx: bool) -> Ops:
    products = x.elements * layer.units  # 2·(x_i − w_ij)·dy_j for both dW and dX
    dw = Ops(products, products, adds=products)
    return _pair(dw, Ops(products, x.elements), needs_dx)


_RULES = {
    Conv2d: _conv, ConvTranspose2d: _conv_t, Linear: _linear, Subsample: _subsample,
    TableConv: _table_conv, RBF: _rbf,
}  # fmt: skip


def backward_ops(layer: Layer, x: Shape, out: Shape, needs_dx: bool) -> Ops:
    """Backward operations of ``layer`` for one sample.

    Parameters
    ----------
    layer, x, out : the layer, its input and its output shape.
    needs_dx : whether the gradient must flow on to the layer's input.

    Notes
    -----
    Layers with weights: dW always, dX when ``needs_dx``, db when they have a bias. Layers
    without: dX costs as many operations as their forward pass (a stated approximation), and
    nothing when no gradient flows through them.
    """
    rule = _RULES.get(type(layer))
    if rule is not None:
        return rule(layer, x, out, needs_dx)  # type: ignore[operator]
    return forward_ops(layer, x, out) if needs_dx else Ops()

"""Elementary operations of every layer kind, counted exactly for one sample.

A layer's forward pass is described by an ``Ops``: the products that feed dot products (the
MACs of conv and fc layers), how many sums they accumulate into, the bias additions, and the
other multiplications, additions and operations (comparisons, divisions, exponentials). Every
counting convention is a function of these (``count``).

>>> from cnnlab.layers import Conv2d
>>> from cnnlab.shape import Shape
>>> ops = forward_ops(Conv2d(filters=256, kernel=(3, 3)), Shape(256, 100, 100), Shape(256, 98, 98))
>>> ops.products == 98 * 98 * 256 * 3 * 3 * 256, ops.sums == 98 * 98 * 256
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from cnnlab.arith.coverage import adaptive_spans
from cnnlab.arith.coverage import hits as window_hits
from cnnlab.complexity.conventions import Convention, Count, Scope
from cnnlab.layers import (
    Activation,
    AdaptivePool2d,
    BatchNorm,
    Conv2d,
    ConvTranspose2d,
    GlobalPool2d,
    Layer,
    Linear,
    Pool2d,
    PoolMode,
)
from cnnlab.layers.lenet import RBF, Subsample, TableConv
from cnnlab.shape import Shape


@dataclass(frozen=True)
class Ops:
    """Operations of one layer for one sample.

    Attributes
    ----------
    products : multiplications accumulated into sums (the MACs of conv and fc layers).
    sums : how many sums they accumulate into; a sum of n products takes n − 1 additions.
    bias : bias additions (one per output of a layer with a bias).
    mults, adds : multiplications and additions outside dot products (batch norm, averages).
    other : comparisons, divisions, exponentials, function evaluations.
    connections : LeCun's connections: per output unit, its inputs plus its bias.
    weighted : the layer multiplies activations by weights (counted in the conv-fc scope).
    """

    products: int = 0
    sums: int = 0
    bias: int = 0
    mults: int = 0
    adds: int = 0
    other: int = 0
    connections: int = 0
    weighted: bool = False

    def __add__(self, other: Ops) -> Ops:
        values = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(Ops)}
        values["weighted"] = self.weighted or other.weighted
        return Ops(**values)


def count(ops: Ops, convention: Convention) -> int:
    """The operations under a counting convention.

    Notes
    -----
    MACs = products (+ bias) + every other operation once; FLOPs = 2·products (+ bias) + other
    operations; mults = products + other multiplications; mults+adds = products + (products −
    sums) (+ bias) + other operations.

    >>> ops = Ops(products=27, sums=1, bias=1, weighted=True)
    >>> [count(ops, Convention(c)) for c in Count]
    [27, 54, 27, 53]
    >>> count(ops, Convention(Count.MULTS_ADDS, bias=True))
    54
    """
    if not ops.weighted and convention.scope is Scope.CONV_FC:
        return 0
    bias = ops.bias if convention.bias else 0
    rest = ops.mults + ops.adds + ops.other
    if convention.count is Count.MACS:
        return ops.products + bias + rest
    if convention.count is Count.FLOPS:
        return 2 * ops.products + bias + rest
    if convention.count is Count.MULTS:
        return ops.products + ops.mults
    return 2 * ops.products - ops.sums + bias + rest


def hits(n: int, f: int, s: int, d: int) -> int:
    """Distinct positions ``i·s + k·d`` (i < n, k < f): where n windows of f taps land.

    This is how many sums a transposed convolution's products fall into along one axis
    (before cropping), and how many padded input positions a convolution's windows touch.

    >>> hits(4, 3, 2, 1), hits(4, 1, 2, 1), hits(3, 2, 1, 3)
    (9, 4, 6)
    """
    return window_hits(n, f, s, d)  # closed form: n and f may be 10¹²


def _conv(layer: Conv2d, x: Shape, out: Shape) -> Ops:
    c_out, g = layer.resolved(x)
    products = out.elements * layer.kernel[0] * layer.kernel[1] * (x.c // g)
    bias = out.elements if layer.bias else 0
    return Ops(products, out.elements, bias, connections=products + bias, weighted=True)


def _conv_t(layer: ConvTranspose2d, x: Shape, out: Shape) -> Ops:
    (f_h, f_w), (s_h, s_w), (d_h, d_w) = layer.kernel, layer.stride, layer.dilation
    products = x.elements * f_h * f_w * (layer.filters // layer.groups)
    sums = hits(x.h or 1, f_h, s_h, d_h) * hits(x.w or 1, f_w, s_w, d_w) * layer.filters
    bias = out.elements if layer.bias else 0
    return Ops(products, sums, bias, connections=products + bias, weighted=True)


def _linear(layer: Linear, x: Shape, out: Shape) -> Ops:
    products = x.elements * layer.units
    bias = layer.units if layer.bias else 0
    return Ops(products, layer.units, bias, connections=products + bias, weighted=True)


def _subsample(layer: Subsample, x: Shape, out: Shape) -> Ops:
    window = layer.kernel[0] * layer.kernel[1]
    n = out.elements  # (window sum)·coefficient + bias for every output
    return Ops(n, n, n, adds=(window - 1) * n, connections=(window + 1) * n, weighted=True)


def _table_conv(layer: TableConv, x: Shape, out: Shape) -> Ops:
    products = (out.h or 1) * (out.w or 1) * layer.kernel[0] * layer.kernel[1] * layer.slices
    bias = out.elements if layer.bias else 0
    return Ops(products, out.elements, bias, connections=products + bias, weighted=True)


def _rbf(layer: RBF, x: Shape, out: Shape) -> Ops:
    products = x.elements * layer.units  # (x_i − w_ij)² accumulated: a square per input
    return Ops(products, layer.units, adds=products, connections=products, weighted=True)


def _activation(layer: Activation, x: Shape, out: Shape) -> Ops:
    e = out.elements
    name = layer.name
    if name in ("relu", "sigmoid", "tanh"):
        return Ops(other=e)  # a comparison (relu) or one function evaluation
    if name == "relu6":
        return Ops(other=2 * e)
    if name in ("leakyrelu", "gelu", "silu"):
        return Ops(mults=e, other=e)  # a comparison or evaluation, and a multiplication
    if name == "softmax":
        groups = (out.h or 1) * (out.w or 1)  # one softmax over the channels per position
        return Ops(adds=e - groups, other=2 * e)  # exp and division per element
    if name == "lrn":  # n = 5 neighbours: squares, their sum, scale, +k, power, division
        return Ops(mults=6 * e, adds=5 * e, other=2 * e)
    return Ops()  # dropout and identity: nothing at inference


def _pool(layer: Pool2d, x: Shape, out: Shape) -> Ops:
    window = layer.kernel[0] * layer.kernel[1]
    n = out.elements
    if layer.mode is PoolMode.MAX:
        return Ops(other=(window - 1) * n)
    return Ops(adds=(window - 1) * n, other=n)


def _reduce(mode: PoolMode, cells: int, window_total: int, channels: int) -> Ops:
    """``cells`` outputs per channel reading ``window_total`` inputs in all."""
    merges = channels * (window_total - cells)
    if mode is PoolMode.MAX:
        return Ops(other=merges)
    return Ops(adds=merges, other=channels * cells)


def _global(layer: GlobalPool2d, x: Shape, out: Shape) -> Ops:
    return _reduce(layer.mode, 1, (x.h or 1) * (x.w or 1), x.c)


def _spans(n: int, o: int) -> int:
    """Σ of the adaptive window lengths along one axis: cell i covers ⌊i·n/o⌋ … ⌈(i+1)·n/o⌉."""
    return adaptive_spans(n, o)  # closed form: o may be 10¹²


def _adaptive(layer: AdaptivePool2d, x: Shape, out: Shape) -> Ops:
    (o_h, o_w), (h, w) = layer.output, (x.h or 1, x.w or 1)
    return _reduce(layer.mode, o_h * o_w, _spans(h, o_h) * _spans(w, o_w), x.c)


_RULES = {
    Conv2d: _conv, ConvTranspose2d: _conv_t, Linear: _linear, Subsample: _subsample,
    TableConv: _table_conv, RBF: _rbf, Activation: _activation, Pool2d: _pool,
    GlobalPool2d: _global, AdaptivePool2d: _adaptive,
}  # fmt: skip


def forward_ops(layer: Layer, x: Shape, out: Shape) -> Ops:
    """Operations of ``layer`` turning one input ``x`` into ``out``.

    Batch norm counts its inference form, y = a·x + b per element (the statistics folded in);
    flatten and other reshapes cost nothing.
    """
    if isinstance(layer, BatchNorm):
        return Ops(mults=x.elements, adds=x.elements)
    rule = _RULES.get(type(layer))
    return rule(layer, x, out) if rule else Ops()  # type: ignore[operator]


def merge_ops(join: str, branches: int, out: Shape) -> Ops:
    """Joining branches: an addition costs (branches − 1) additions per element; concat none."""
    return Ops(adds=(branches - 1) * out.elements) if join == "add" else Ops()

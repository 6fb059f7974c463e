"""What a layer costs beyond its shape, as plain data every layer kind fills in for itself.

* ``Ops``: the elementary operations of a forward (or backward) pass, for one sample;
* ``Terms``: the layer's time, parameters and space written in role symbols (``'h_out*w_out'``),
  which ``cnnlab.complexity.symbolic`` reads with sympy (no sympy here: ``cnnlab shape`` never
  pays for it);
* ``Saved``: what the backward pass reads, for memory.

Counting conventions (MACs, FLOPs, ...) are functions of ``Ops``; they live in
``cnnlab.complexity``. These records are NamedTuples: every layer module imports this one on
``cnnlab shape``'s start-up path, where a frozen dataclass costs ~1 ms to create and a NamedTuple
a fifth of that.
"""

from __future__ import annotations

from typing import NamedTuple

from cnnlab.arith.coverage import hits as window_hits


class Ops(NamedTuple):
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

    def plus(self, other: Ops) -> Ops:
        """Both layers' operations, field by field; ``weighted`` if either is."""
        values = {name: getattr(self, name) + getattr(other, name) for name in Ops._fields}
        values["weighted"] = self.weighted or other.weighted
        return Ops(**values)


def weighted_ops(products: int, sums: int, bias: int) -> Ops:
    """A layer of dot products with weights: each product is one connection, so is each bias."""
    return Ops(products, sums, bias, connections=products + bias, weighted=True)


def gradient_ops(dw: Ops, dx: Ops, needs_dx: bool, bias: int = 0) -> Ops:
    """The backward pass of a layer with weights: dW always, dX when needed, ``bias`` for db."""
    total = dw.plus(dx) if needs_dx else dw
    return Ops(total.products, total.sums, bias, adds=total.adds, weighted=True)


def hits(n: int, f: int, s: int, d: int) -> int:
    """Distinct positions ``i·s + k·d`` (i < n, k < f): where n windows of f taps land.

    This is how many sums a transposed convolution's products fall into along one axis
    (before cropping), and how many padded input positions a convolution's windows touch.

    >>> hits(4, 3, 2, 1), hits(4, 1, 2, 1), hits(3, 2, 1, 3)
    (9, 4, 6)
    """
    return window_hits(n, f, s, d)  # closed form: n and f may be 10¹²


ROLES = ("h_out", "w_out", "h_in", "w_in", "c_out", "f_h", "f_w", "f", "c_in", "m", "g", "S",
         "n_in", "n_out")


class Terms(NamedTuple):
    """A layer's formulas in the role symbols of ``ROLES`` (sympy syntax, read lazily).

    Time under a convention with weights (a, b) is ``outer·(a·inner + b·per)``: ``inner`` is
    the products of one dot product, ``per`` the dot products (sums) per ``outer``.

    Attributes
    ----------
    outer, inner, per : the time, as above.
    params, space : the parameters and the output elements.
    has_bias : the layer adds a bias (counted in time when the convention says so).
    same_size : where the output keeps the input's height (width), say H_out = H_in.
    depthwise : one group per input channel: g = C_in and C_out = m·C_in.
    exact_sums : False when the sums per output vary (no closed form for mults+adds).
    """

    outer: str
    inner: str
    per: str
    params: str
    space: str
    has_bias: bool = True
    same_size: bool = False
    depthwise: bool = False
    exact_sums: bool = True


class Saved(NamedTuple):
    """What a layer's backward pass reads (as PyTorch's autograd keeps it), for one sample.

    ``input`` / ``output``: the layer's input or output tensor; ``indices``: max-pooling argmax
    indices; ``masks``: dropout mask elements; ``extra``: other values (batch-norm statistics).
    """

    input: bool = False
    output: bool = False
    indices: int = 0
    masks: int = 0
    extra: int = 0

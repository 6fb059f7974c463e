"""Counting conventions applied to a layer's operations: ``count(ops, convention)``.

Each layer kind counts its own operations (``Layer.forward_ops`` / ``backward_ops``, as an
``Ops``: products, the sums they accumulate into, bias additions, other operations); every
counting convention is a weighted sum of them, with the weights on ``Count`` itself.

>>> from cnnlab.layers import Conv2d
>>> from cnnlab.shape import Shape
>>> ops = Conv2d(filters=256, kernel=(3, 3)).forward_ops(Shape(256, 100, 100), Shape(256, 98, 98))
>>> ops.products == 98 * 98 * 256 * 3 * 3 * 256, ops.sums == 98 * 98 * 256
(True, True)
"""

from __future__ import annotations

from cnnlab.complexity.conventions import Convention, Scope
from cnnlab.layers.costs import Ops
from cnnlab.shape import Shape


def count(ops: Ops, convention: Convention) -> int:
    """The operations under a counting convention.

    Notes
    -----
    MACs = products (+ bias) + every other operation once; FLOPs = 2·products (+ bias) + other
    operations; mults = products + other multiplications; mults+adds = products + (products −
    sums) (+ bias) + other operations.

    >>> from cnnlab.complexity.conventions import Count
    >>> ops = Ops(products=27, sums=1, bias=1, weighted=True)
    >>> [count(ops, Convention(c)) for c in Count]
    [27, 54, 27, 53]
    >>> count(ops, Convention(Count.MULTS_ADDS, bias=True))
    54
    """
    if not ops.weighted and convention.scope is Scope.CONV_FC:
        return 0
    w = convention.count.weights
    bias = ops.bias if convention.bias and w.bias else 0
    extras = sum(getattr(ops, name) for name in w.extras)
    return w.products * ops.products + w.sums * ops.sums + bias + extras


def merge_ops(join: str, branches: int, out: Shape) -> Ops:
    """Joining branches: an addition costs (branches − 1) additions per element; concat none."""
    return Ops(adds=(branches - 1) * out.elements) if join == "add" else Ops()

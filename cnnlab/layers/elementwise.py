"""The element-wise functions (activations): per element, what each costs and what its backward
pass keeps. The one table the layer language, the layer class and the counts read.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    """Per output element: ``mults``, ``adds`` and ``other`` operations (comparisons,
    evaluations); ``softmax`` sums over the channels at each position (one addition fewer per
    position). ``input`` / ``output``: what the backward pass reads. ``view``: nothing happens
    at inference. ``mask``: training keeps a mask element per output. ``rate``: takes a rate or
    slope (``dropout:0.5``)."""

    mults: int = 0
    adds: int = 0
    other: int = 0
    softmax: bool = False
    input: bool = False
    output: bool = False
    view: bool = False
    mask: bool = False
    rate: bool = False


ACTIVATIONS: dict[str, Rule] = {
    "relu": Rule(other=1, output=True),  # a comparison
    "relu6": Rule(other=2, output=True),  # two comparisons
    "leakyrelu": Rule(mults=1, other=1, input=True, rate=True),
    "sigmoid": Rule(other=1, output=True),  # one function evaluation
    "tanh": Rule(other=1, output=True),
    "softmax": Rule(adds=1, other=2, softmax=True, output=True),  # exp and division
    "gelu": Rule(mults=1, other=1, input=True),
    "silu": Rule(mults=1, other=1, input=True),
    "dropout": Rule(view=True, mask=True, rate=True),  # nothing at inference; a training mask
    "lrn": Rule(mults=6, adds=5, other=2, input=True, output=True),  # 5 neighbours
    "identity": Rule(view=True),
}

"""Nearest-neighbour upsampling (PyTorch's ``nn.Upsample(scale_factor=s, mode="nearest")``).

Added as the proof of the "adding a layer kind" checklist in docs/ARCHITECTURE.md: this module
and one entry in ``cnnlab/spec/kinds.py`` are all a kind needs.

>>> from cnnlab.shape import Shape
>>> Upsample((2, 2)).apply(Shape(16, 13, 13)).out
Shape(c=16, h=26, w=26)
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.arith import Receptive
from cnnlab.layers.base import Layer, Outcome, check_at_least, join_spec, pair_text, require_spatial
from cnnlab.layers.costs import Ops, Saved, Terms
from cnnlab.shape import Shape


@dataclass(frozen=True)
class Upsample(Layer):
    """Each input value copied to an s_h×s_w block: H×W×C → s_h·H × s_w·W × C.

    Notes
    -----
    0 parameters and no arithmetic in the forward pass (copies); the backward pass sums the
    s_h·s_w gradients of each block: (s_h·s_w − 1) additions per input value.
    """

    kind = "upsample"

    scale: tuple[int, int]

    def __post_init__(self) -> None:
        check_at_least(1, s=self.scale)

    def apply(self, x: Shape) -> Outcome:
        h, w = require_spatial(x, "upsample")
        return Outcome(Shape(x.c, h * self.scale[0], w * self.scale[1]))

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        return Ops()  # copies only

    def backward_ops(self, x: Shape, out: Shape, needs_dx: bool) -> Ops:
        block = self.scale[0] * self.scale[1]
        return Ops(adds=(block - 1) * x.elements) if needs_dx else Ops()

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]] | None:
        return None  # no weights: no time formula of its own

    def saved(self, x: Shape, out: Shape) -> Saved:
        return Saved()  # the backward pass needs only the scale

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.through_transposed(self.scale, self.scale)  # one input under each output

    def spec(self) -> str:
        return join_spec("upsample", pair_text("s", self.scale))

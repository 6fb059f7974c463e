"""Counting conventions: what one unit of time is, which layers count, how big a value is.

Every number cnnlab prints about complexity comes with the convention that produced it;
``Convention.describe()`` is the sentence that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cnnlab.complexity.counts import Count
from cnnlab.errors import SpecError


class Scope(StrEnum):
    """Which layers are counted.

    * ``conv-fc``: the layers that multiply activations by weights (convolutions of every kind,
      fully connected, LeNet-5's subsampling and RBF units), as torchvision and textbooks count.
    * ``all``: also batch norm, activations, pooling and the additions of residual joins,
      each elementary operation counted once.
    """

    CONV_FC = "conv-fc"
    ALL = "all"


class Notation(StrEnum):
    """The symbols formulas are written in.

    * ``generic``: H_in×W_in×C_in → H_out×W_out×C_out, kernel f_h×f_w (f when square), g groups.
    * ``nndl``: NNDL's M×N×D → M'×N'×P with a U×V kernel.
    * ``ng``: deeplearning.ai's n_H_prev×n_W_prev×n_C_prev → n_H×n_W×n_C with an f×f kernel.
    """

    GENERIC = "generic"
    NNDL = "nndl"
    NG = "ng"


class DType(StrEnum):
    """The number format of weights and activations, for memory in bytes."""

    FLOAT64 = "float64"
    FLOAT32 = "float32"
    FLOAT16 = "float16"
    BFLOAT16 = "bfloat16"
    INT8 = "int8"

    @property
    def bytes(self) -> int:
        return {"float64": 8, "float32": 4, "float16": 2, "bfloat16": 2, "int8": 1}[self.value]


_DTYPE_ALIASES = {
    "fp64": "float64", "double": "float64", "f64": "float64",
    "fp32": "float32", "float": "float32", "f32": "float32", "single": "float32",
    "fp16": "float16", "half": "float16", "f16": "float16",
    "bf16": "bfloat16",
}


def parse_dtype(text: str) -> DType:
    """``'float32'``, ``'fp16'``, ``'bf16'``, ... → DType.

    >>> parse_dtype("FP16").bytes
    2
    """
    name = text.strip().lower()
    try:
        return DType(_DTYPE_ALIASES.get(name, name))
    except ValueError:
        known = ", ".join(d.value for d in DType)
        raise SpecError(f"unknown dtype {text!r}; known dtypes: {known}") from None


def parse_count(text: str) -> Count:
    """``'macs'``, ``'flops'``, ``'mults'``, ``'mults+adds'`` → Count.

    >>> parse_count("FLOPs")
    <Count.FLOPS: 'flops'>
    """
    name = text.strip().lower().replace(" ", "")
    try:
        return Count({"mac": "macs", "flop": "flops", "mult": "mults"}.get(name, name))
    except ValueError:
        known = ", ".join(c.value for c in Count)
        raise SpecError(f"unknown count {text!r}; known counts: {known}") from None


def parse_scope(text: str) -> Scope:
    """``'conv-fc'`` (also ``conv+fc``, ``weights``) or ``'all'`` → Scope."""
    name = text.strip().lower().replace("+", "-").replace("_", "-")
    try:
        return Scope({"weights": "conv-fc", "convfc": "conv-fc"}.get(name, name))
    except ValueError:
        known = ", ".join(s.value for s in Scope)
        raise SpecError(f"unknown scope {text!r}; known scopes: {known}") from None


def parse_notation(text: str) -> Notation:
    """``'generic'``, ``'nndl'`` or ``'ng'`` → Notation."""
    try:
        return Notation(text.strip().lower())
    except ValueError:
        known = ", ".join(n.value for n in Notation)
        raise SpecError(f"unknown notation {text!r}; known notations: {known}") from None


@dataclass(frozen=True)
class Convention:
    """How time is counted: the unit, bias additions, which layers, and the backward pass."""

    count: Count = Count.MACS
    bias: bool = False
    scope: Scope = Scope.CONV_FC
    backward: bool = False

    def describe(self) -> str:
        """The convention in one sentence, for every table and JSON document.

        >>> Convention().describe()
        'MACs (1 multiply-accumulate = 1) of conv and fc layers, bias additions excluded,
        forward pass'
        """
        unit = self.count.weights.unit
        layers = (
            "conv and fc layers"
            if self.scope is Scope.CONV_FC
            else "all layers (bn, activations, pooling and residual additions: 1 per operation)"
        )
        bias = "bias additions included" if self.bias else "bias additions excluded"
        passes = "forward + backward (dX, dW) pass" if self.backward else "forward pass"
        return f"{unit} of {layers}, {bias}, {passes}"

    def time_weights(self, has_bias: bool = True) -> tuple[int, int]:
        """(a, b) of time = a·products + b·outputs for a layer whose outputs are one dot product
        each (conv, fc): b is −1 for the exact count, +1 for a counted bias addition.

        >>> Convention(Count.MULTS_ADDS, bias=True).time_weights()
        (2, 0)
        """
        w = self.count.weights
        return w.products, w.sums + int(self.bias and has_bias and w.bias)

    def label(self) -> str:
        """A compact name: ``'MACs · conv+fc · no bias'``.

        >>> Convention(Count.FLOPS, bias=True, scope=Scope.ALL, backward=True).label()
        'FLOPs · all layers · bias · forward + backward'
        """
        parts = [self.count.label, "conv+fc" if self.scope is Scope.CONV_FC else "all layers"]
        parts.append("bias" if self.bias else "no bias")
        if self.backward:
            parts.append("forward + backward")
        return " · ".join(parts)

    def short(self) -> str:
        """A column header: ``'MACs'``, ``'FLOPs (all)'``, ``'MACs fwd+bwd'``."""
        text = self.count.label
        if self.scope is Scope.ALL:
            text += " (all)"
        if self.backward:
            text += " fwd+bwd"
        return text


# cnnlab's own conventions, shown next to the other tools' numbers (``--explain``)
SHOWN_CONVENTIONS = (
    Convention(Count.MACS),
    Convention(Count.MACS, bias=True),
    Convention(Count.FLOPS),
    Convention(Count.MULTS_ADDS, bias=True),
    Convention(Count.MACS, scope=Scope.ALL),
    Convention(Count.FLOPS, bias=True, scope=Scope.ALL),
    Convention(Count.FLOPS, backward=True),
)

"""What every layer kind provides: given its input shape, what comes out and what it costs."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, NamedTuple

from cnnlab.arith import OutputSize, Receptive
from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.layers.costs import Ops, Saved, Terms
from cnnlab.shape import Shape


class Outcome(NamedTuple):
    """A layer applied to one input shape (a NamedTuple: cheap to create at start-up).

    Attributes
    ----------
    out : output shape of one sample.
    params : trainable parameters.
    buffers : non-trainable state kept with the model (batch-norm running mean and variance).
    macs : multiply-accumulates of the forward pass for one sample, bias excluded.
    sizes : the (height, width) output-size arithmetic of window layers, else ``None``.
    param_formula : how ``params`` was counted, numbers substituted (``None`` when 0).
    notes : remarks worth showing (rows never covered, implicit flattening, ...).
    """

    out: Shape
    params: int = 0
    buffers: int = 0
    macs: int = 0
    sizes: tuple[OutputSize, OutputSize] | None = None
    param_formula: str | None = None
    notes: tuple[str, ...] = ()


class Layer(ABC):
    """A layer kind: everything cnnlab knows about it, in one class.

    Subclasses are frozen dataclasses holding the hyper-parameters. The abstract methods are
    what every kind must answer (a kind that forgets one cannot be instantiated); the others
    have defaults that hold for parameter-free layers.
    """

    kind: ClassVar[str]

    @abstractmethod
    def apply(self, x: Shape) -> Outcome:
        """Output shape and costs for input ``x``; raises ShapeError when they do not fit."""

    @abstractmethod
    def spec(self) -> str:
        """The layer written in the layer language (parses back to an equal layer)."""

    @abstractmethod
    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        """Operations of the forward pass turning one input ``x`` into ``out``."""

    @abstractmethod
    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]] | None:
        """The symbolic formulas and the roles' values, or ``None`` (no weights: no formula)."""

    def backward_ops(self, x: Shape, out: Shape, needs_dx: bool) -> Ops:
        """Operations of the backward pass; ``needs_dx``: must the gradient reach the input?

        Default for layers without weights: dX costs as many operations as the forward pass
        (a stated approximation), and nothing when no gradient flows through them.
        """
        return self.forward_ops(x, out) if needs_dx else Ops()

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        """Receptive field after this layer; element-wise layers leave it unchanged."""
        return rf

    def saved(self, x: Shape, out: Shape) -> Saved:
        """What the backward pass reads; default: the input (layers with weights need it)."""
        return Saved(input=True)

    @property
    def is_view(self) -> bool:
        """Hands its input on at inference instead of writing a new tensor (flatten)."""
        return False


def require_spatial(x: Shape, kind: str) -> tuple[int, int]:
    """(H, W) of ``x``, or a ShapeError for a flat vector."""
    if x.h is None or x.w is None:
        raise ShapeError(
            f"{kind} needs an H×W×C input, got a vector of {x.c} features "
            f"(is there a flatten or fc before it?)"
        )
    return x.h, x.w


def check_at_least(minimum: int, **values: int | tuple[int, ...]) -> None:
    """Raise LayerArgumentError unless every value (or pair member) is >= ``minimum``."""
    for name, value in values.items():
        items = value if isinstance(value, tuple) else (value,)
        if any(v < minimum for v in items):
            shown = "x".join(map(str, items))
            raise LayerArgumentError(f"{name} must be >= {minimum}, got {name}={shown}")


def pair_text(key: str, value: tuple[int, int], default: tuple[int, int] | None = None) -> str:
    """``'f=3'`` or ``'f=3x5'``; empty when ``value`` equals ``default``."""
    if value == default:
        return ""
    return f"{key}={value[0]}" if value[0] == value[1] else f"{key}={value[0]}x{value[1]}"


def join_spec(kind: str, *parts: str) -> str:
    body = ",".join(p for p in parts if p)
    return f"{kind}:{body}" if body else kind

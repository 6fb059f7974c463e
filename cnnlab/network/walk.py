"""Run a shape through a network: one report row per layer and per merge, then totals."""

from __future__ import annotations

from dataclasses import dataclass, field

from cnnlab.arith import OutputSize, Receptive
from cnnlab.errors import LayerArgumentError, ShapeError, SpecError
from cnnlab.layers.base import Layer
from cnnlab.network.graph import Block, Item, Join, LayerNode, Network
from cnnlab.shape import Shape


@dataclass(frozen=True)
class LayerReport:
    """One row: a layer (or a block's merge) with the input it met and what it produced.

    ``depth`` is the nesting level (0 at the top); ``branch`` numbers the branch (from 1) on the
    first row of each branch of a block, and is ``None`` elsewhere.
    """

    index: int
    text: str
    kind: str
    input: Shape
    output: Shape
    receptive: Receptive
    depth: int = 0
    branch: int | None = None
    name: str | None = None
    params: int = 0
    buffers: int = 0
    macs: int = 0
    sizes: tuple[OutputSize, OutputSize] | None = None
    param_formula: str | None = None
    notes: tuple[str, ...] = ()
    layer: Layer | None = field(default=None, compare=False)

    @property
    def activations(self) -> int:
        """Output elements of one sample."""
        return self.output.elements

    def __repr__(self) -> str:
        return (f"LayerReport({self.index} {self.text!r}: {self.input} → {self.output}, "
                f"{self.params:,} params)")  # fmt: skip


@dataclass(frozen=True)
class NetworkReport:
    """Every row of a walk and the totals over the layers (merge rows add no parameters)."""

    input: Shape
    rows: tuple[LayerReport, ...]
    batch: int | None = None
    name: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def output(self) -> Shape:
        top = [r for r in self.rows if r.depth == 0]
        return top[-1].output if top else self.input

    @property
    def params(self) -> int:
        return sum(r.params for r in self.rows)

    @property
    def buffers(self) -> int:
        return sum(r.buffers for r in self.rows)

    @property
    def macs(self) -> int:
        return sum(r.macs for r in self.rows)

    @property
    def activations(self) -> int:
        """Output elements of every row, one sample (multiply by the batch for a batch)."""
        return sum(r.activations for r in self.rows)

    def __repr__(self) -> str:
        """One line (the table is what a notebook or ``cnnlab shape`` draws).

        >>> from cnnlab.shape import parse_shape
        >>> NetworkReport(parse_shape("32x32x3")[0], ())
        NetworkReport(32×32×3 → 32×32×3: 0 layers, 0 params, 0 activations)
        """
        name = f"{self.name}, " if self.name else ""
        layers = sum(r.layer is not None for r in self.rows)
        plural = "" if layers == 1 else "s"
        return (f"NetworkReport({name}{self.input} → {self.output}: {layers} layer{plural}, "
                f"{self.params:,} params, {self.activations:,} activations)")  # fmt: skip


class _Walker:
    def __init__(self) -> None:
        self.rows: list[LayerReport] = []

    def sequence(
        self, items: tuple[Item, ...], x: Shape, rf: Receptive, depth: int, branch: int | None
    ) -> tuple[Shape, Receptive]:
        for position, item in enumerate(items):
            mark = branch if position == 0 else None
            if isinstance(item, Block):
                x, rf = self.block(item, x, rf, depth, mark)
            else:
                x, rf = self.layer(item, x, rf, depth, mark)
        return x, rf

    def layer(
        self, node: LayerNode, x: Shape, rf: Receptive, depth: int, branch: int | None
    ) -> tuple[Shape, Receptive]:
        index = len(self.rows) + 1
        try:
            outcome = node.layer.apply(x)
            rf_out = node.layer.receptive(rf, x)
        except (ShapeError, LayerArgumentError) as error:
            raise type(error)(f"layer {index} '{node.text}' (input {x}): {error}") from None
        self.rows.append(
            LayerReport(
                index, node.text, node.layer.kind, x, outcome.out, rf_out, depth, branch,
                node.name, outcome.params, outcome.buffers, outcome.macs, outcome.sizes,
                outcome.param_formula, outcome.notes, node.layer,
            )
        )  # fmt: skip
        return outcome.out, rf_out

    def block(
        self, block: Block, x: Shape, rf: Receptive, depth: int, branch: int | None
    ) -> tuple[Shape, Receptive]:
        slot = len(self.rows)
        self.rows.append(LayerReport(slot + 1, block.text, block.join.value, x, x, rf))
        outs, fields = [], []
        for number, items in enumerate(block.branches, start=1):
            out, rf_b = self.sequence(items, x, rf, depth + 1, number)
            outs.append(out)
            fields.append(rf_b)
        merged = _merge(block, outs, slot + 1)
        rf_out = Receptive.merge(fields)
        self.rows[slot] = LayerReport(
            slot + 1, block.text, block.join.value, x, merged, rf_out, depth, branch, block.name
        )
        return merged, rf_out


def _merge(block: Block, outs: list[Shape], index: int) -> Shape:
    where = f"layer {index} '{block.text}'"
    shown = ", ".join(f"branch {i} gives {s}" for i, s in enumerate(outs, start=1))
    if block.join is Join.ADD:
        if len(set(outs)) > 1:
            raise ShapeError(
                f"{where}: addition needs every branch to give the same shape, but {shown}"
                f" (a 1×1 conv with the right stride and filters on the shortcut fixes it)"
            )
        return outs[0]
    if len({(s.h, s.w) for s in outs}) > 1 or len({s.spatial for s in outs}) > 1:
        raise ShapeError(f"{where}: concatenation needs the same H×W in every branch, but {shown}")
    first = outs[0]
    return Shape(sum(s.c for s in outs), first.h, first.w)


def walk(network: Network, input: Shape | None = None, batch: int | None = None) -> NetworkReport:
    """Run ``input`` (default: the network's own) through ``network``.

    >>> from cnnlab.layers import Conv2d
    >>> net = Network((LayerNode(Conv2d(filters=10, kernel=(3, 3)), "conv:f=3,k=10"),))
    >>> walk(net, Shape(3, 39, 39)).output
    Shape(c=10, h=37, w=37)
    """
    x = input if input is not None else network.input
    if x is None:
        raise SpecError("no input shape: give one (e.g. 32x32x3) or set input in the network file")
    if batch is not None and batch < 1:
        raise SpecError(f"batch size must be >= 1, got {batch}")
    walker = _Walker()
    walker.sequence(network.items, x, Receptive(), 0, None)
    return NetworkReport(
        x,
        tuple(walker.rows),
        batch if batch is not None else network.batch,
        network.name,
        network.source,
        network.notes,
    )


__all__ = ["LayerReport", "NetworkReport", "walk"]

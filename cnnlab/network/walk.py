"""Run a shape through a network: the network's tree of report rows (one per layer and per
merge), its rows in order, and the totals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from cnnlab.arith import OutputSize, Receptive
from cnnlab.errors import LayerArgumentError, ShapeError, SpecError
from cnnlab.layers.base import Layer, Outcome
from cnnlab.network.graph import Block, Item, Join, LayerNode, Network
from cnnlab.shape import Shape


class LayerReport(NamedTuple):
    """One row: a layer (or a block's merge) with the input it met and what came out.

    ``outcome`` is what the layer's ``apply`` returned (for a merge row: only the merged
    shape). ``depth`` is the nesting level (0 at the top); ``branch`` numbers the branch (from
    1) on the first row of each branch of a block, and is ``None`` elsewhere.
    """

    index: int
    text: str
    kind: str
    input: Shape
    outcome: Outcome
    receptive: Receptive
    depth: int = 0
    branch: int | None = None
    name: str | None = None
    layer: Layer | None = None

    @property
    def is_merge(self) -> bool:
        """A block's merge row (its branches' outputs concatenated or added)."""
        return self.layer is None

    @property
    def output(self) -> Shape:
        return self.outcome.out

    @property
    def params(self) -> int:
        return self.outcome.params

    @property
    def buffers(self) -> int:
        return self.outcome.buffers

    @property
    def macs(self) -> int:
        return self.outcome.macs

    @property
    def sizes(self) -> tuple[OutputSize, OutputSize] | None:
        return self.outcome.sizes

    @property
    def param_formula(self) -> str | None:
        return self.outcome.param_formula

    @property
    def notes(self) -> tuple[str, ...]:
        return self.outcome.notes

    @property
    def activations(self) -> int:
        """Output elements of one sample that this row adds to the network's activations.

        A layer's output counts; a merge row's does not: its values are its branches'
        outputs, already counted (laid side by side by a concatenation, accumulated in place
        by an addition).
        """
        return 0 if self.is_merge else self.output.elements

    def __repr__(self) -> str:
        return (f"LayerReport({self.index} {self.text!r}: {self.input} → {self.output}, "
                f"{self.params:,} params)")


class Node(NamedTuple):
    """A row of the walk; for a block, also how it joins and the nodes of each branch.

    (A NamedTuple: cheaper to create than a dataclass on ``cnnlab shape``'s start-up path.)
    """

    row: LayerReport
    join: Join | None = None  # for a block, None for a layer
    branches: tuple[tuple[Node, ...], ...] = ()

    @property
    def is_block(self) -> bool:
        return self.join is not None


@dataclass(frozen=True)
class NetworkReport:
    """The walk as the network's tree (``nodes``) and as rows in pre-order (a block's merge
    row, then each branch's rows), with the totals over the rows."""

    input: Shape
    nodes: tuple[Node, ...]
    batch: int | None = None
    name: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = ()
    rows: tuple[LayerReport, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(node.row for node in self.every_node()))

    def every_node(self) -> Iterator[Node]:
        """The nodes in the order of ``rows``: a block, then the nodes of each branch."""
        return _preorder(self.nodes)

    @property
    def output(self) -> Shape:
        return self.nodes[-1].row.output if self.nodes else self.input

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
        """Output elements of every layer (merge rows add none), one sample."""
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
                f"{self.params:,} params, {self.activations:,} activations)")


def _preorder(nodes: tuple[Node, ...]) -> Iterator[Node]:
    for node in nodes:
        yield node
        for branch in node.branches:
            yield from _preorder(branch)


class _Walker:
    def __init__(self) -> None:
        self.count = 0

    def sequence(
        self, items: tuple[Item, ...], x: Shape, rf: Receptive, depth: int, branch: int | None
    ) -> tuple[tuple[Node, ...], Shape, Receptive]:
        nodes = []
        for position, item in enumerate(items):
            mark = branch if position == 0 else None
            if isinstance(item, Block):
                node = self.block(item, x, rf, depth, mark)
            else:
                node = self.layer(item, x, rf, depth, mark)
            nodes.append(node)
            x, rf = node.row.output, node.row.receptive
        return tuple(nodes), x, rf

    def layer(
        self, item: LayerNode, x: Shape, rf: Receptive, depth: int, branch: int | None
    ) -> Node:
        self.count += 1
        index = self.count
        try:
            outcome = item.layer.apply(x)
            rf_out = item.layer.receptive(rf, x)
        except (ShapeError, LayerArgumentError) as error:
            raise type(error)(f"layer {index} '{item.text}' (input {x}): {error}") from None
        row = LayerReport(index, item.text, item.layer.kind, x, outcome, rf_out, depth, branch,
                          item.name, item.layer)
        return Node(row)

    def block(self, block: Block, x: Shape, rf: Receptive, depth: int, branch: int | None) -> Node:
        self.count += 1
        index = self.count
        walked = [
            self.sequence(items, x, rf, depth + 1, number)
            for number, items in enumerate(block.branches, start=1)
        ]
        merged = _merge(block, [out for _, out, _ in walked], index)
        rf_out = Receptive.merge([rf_b for _, _, rf_b in walked])
        row = LayerReport(index, block.text, block.join.value, x, Outcome(merged), rf_out,
                          depth, branch, block.name)
        return Node(row, block.join, tuple(nodes for nodes, _, _ in walked))


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
    nodes, _, _ = _Walker().sequence(network.items, x, Receptive(), 0, None)
    batch = batch if batch is not None else network.batch
    return NetworkReport(x, nodes, batch, network.name, network.source, network.notes)


__all__ = ["LayerReport", "NetworkReport", "Node", "walk"]

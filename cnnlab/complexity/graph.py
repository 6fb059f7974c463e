"""The network as a tree of report rows: layers, and blocks with their branches.

``cnnlab.network.walk`` reports rows in pre-order (a block's merge row, then the rows of each
branch); pairing them with the network's items gives back the structure that memory and
gradient flow need: which tensors feed which layers, and where branches join.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cnnlab.network import Block, Item, LayerReport, Network, NetworkReport


@dataclass(frozen=True)
class Node:
    """A report row; for a block, also how it joins and the nodes of each branch."""

    row: LayerReport
    join: str | None = None  # 'concat' or 'add' for a block, None for a layer
    branches: tuple[tuple[Node, ...], ...] = ()

    @property
    def is_block(self) -> bool:
        return self.join is not None


def _nodes(items: tuple[Item, ...], rows: Iterator[LayerReport]) -> tuple[Node, ...]:
    nodes = []
    for item in items:
        row = next(rows)
        if isinstance(item, Block):
            branches = tuple(_nodes(branch, rows) for branch in item.branches)
            nodes.append(Node(row, item.join.value, branches))
        else:
            nodes.append(Node(row))
    return tuple(nodes)


def tree(network: Network, report: NetworkReport) -> tuple[Node, ...]:
    """The rows of ``report`` (a walk of ``network``) arranged as the network's tree.

    >>> from cnnlab.network import walk
    >>> from cnnlab.shape import Shape
    >>> from cnnlab.spec import parse_items
    >>> net = Network(parse_items(["res[conv:f=3,k=4,p=1 relu]", "fc:2"]))
    >>> [(n.row.index, len(n.branches)) for n in tree(net, walk(net, Shape(4, 5, 5)))]
    [(1, 2), (4, 0)]
    """
    rows = iter(report.rows)
    nodes = _nodes(network.items, rows)
    if next(rows, None) is not None:
        raise ValueError("the report has more rows than the network has items")
    return nodes


def gradient_flow(nodes: tuple[Node, ...], flowing: bool = False) -> dict[int, bool]:
    """For every row index: must the gradient reach that row's input?

    It must when a layer with parameters comes before it on some path from the input, so the
    first convolution of a network needs no dX.
    """
    needs: dict[int, bool] = {}
    _flow(nodes, flowing, needs)
    return needs


def _flow(nodes: tuple[Node, ...], flowing: bool, needs: dict[int, bool]) -> bool:
    for node in nodes:
        needs[node.row.index] = flowing
        if node.is_block:
            outs = [_flow(b, flowing, needs) if b else flowing for b in node.branches]
            flowing = any(outs)
        else:
            flowing = flowing or node.row.params > 0
    return flowing

"""Networks as written, repeats not yet unrolled: counted first, expanded only within the limit.

``3*relu`` or a network file's ``{ repeat = 3, ... }`` is a ``Repeat``; a block before its
branches are unrolled is a ``Group``. ``rows`` counts what a tree would expand to (exact, and
cheap even for ``1000000000*[ ... ]`` nested 30 deep, because shared subtrees are counted
once); ``expand`` builds the graph only when that count is within ``MAX_LAYERS``.
"""

from __future__ import annotations

from typing import NamedTuple

from cnnlab.limits import MAX_LAYERS, too_many_layers
from cnnlab.network.graph import Block, Item, Join, LayerNode


class Repeat(NamedTuple):
    """``count`` copies of ``nodes`` in a row."""

    count: int
    nodes: tuple[Node, ...]


class Group(NamedTuple):
    """A block (concat / add / res) whose branches are still written compactly."""

    join: Join
    branches: tuple[tuple[Node, ...], ...]
    text: str
    name: str | None = None


Node = LayerNode | Repeat | Group  # NamedTuples (cheap at start-up); counted by identity


def rows(nodes: tuple[Node, ...], seen: dict[int, int] | None = None) -> int:
    """Report rows the nodes expand to: one per layer, one per block plus its branches.

    >>> from cnnlab.layers import Flatten
    >>> flat = LayerNode(Flatten(), "flatten")
    >>> rows((Repeat(1000, (Repeat(1000, (flat,)),)),))
    1000000
    """
    seen = {} if seen is None else seen
    total = 0
    for node in nodes:
        if id(node) not in seen:
            if isinstance(node, LayerNode):
                seen[id(node)] = 1
            elif isinstance(node, Repeat):
                seen[id(node)] = node.count * rows(node.nodes, seen)
            else:
                seen[id(node)] = 1 + sum(rows(branch, seen) for branch in node.branches)
        total += seen[id(node)]
    return total


def _unroll(nodes: tuple[Node, ...]) -> list[Item]:
    items: list[Item] = []
    for node in nodes:
        if isinstance(node, LayerNode):
            items.append(node)
        elif isinstance(node, Repeat):
            items += _unroll(node.nodes) * node.count
        else:
            branches = tuple(tuple(_unroll(branch)) for branch in node.branches)
            items.append(Block(node.join, branches, node.text, node.name))
    return items


def expand(nodes: tuple[Node, ...]) -> tuple[Item, ...]:
    """The layer graph, or a SpecError saying how many rows it would have had."""
    count = rows(nodes)
    if count > MAX_LAYERS:
        raise too_many_layers(count)
    return tuple(_unroll(nodes))

"""Where the gradient must flow in a training step: which layers need dX.

It must reach a row's input when a layer with parameters comes before it on some path from the
input, so the first convolution of a network needs no dX.
"""

from __future__ import annotations

from cnnlab.network import Node


def gradient_flow(nodes: tuple[Node, ...], flowing: bool = False) -> dict[int, bool]:
    """For every row index of the walk's tree ``nodes``: must the gradient reach its input?

    >>> from cnnlab.network import Network, walk
    >>> from cnnlab.shape import Shape
    >>> from cnnlab.spec import parse_items
    >>> net = Network(parse_items(["relu conv:f=1,k=2 res[conv:f=1,k=2] fc:2"]))
    >>> gradient_flow(walk(net, Shape(2, 3, 3)).nodes)
    {1: False, 2: False, 3: True, 4: True, 5: True}
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

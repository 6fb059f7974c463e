"""The layer graph (sequences, concatenated and added branches) and the shape walk through it."""

from cnnlab.network.graph import Block, Item, Join, LayerNode, Network
from cnnlab.network.walk import LayerReport, NetworkReport, Node, walk

__all__ = ["Block", "Item", "Join", "LayerNode", "LayerReport", "Network", "NetworkReport",
           "Node", "walk"]

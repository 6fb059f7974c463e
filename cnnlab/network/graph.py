"""The layer graph: a sequence of layers and of blocks whose branches are concatenated or added.

Data only. ``cnnlab.spec`` builds these from text; ``cnnlab.network.walk`` runs shapes through.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from cnnlab.layers.base import Layer
from cnnlab.shape import Shape


class Join(StrEnum):
    """How a block's branches are merged."""

    CONCAT = "concat"  # along the channels; every branch keeps the same H×W (Inception)
    ADD = "add"  # element-wise sum; every branch gives the same shape (residual connection)


class LayerNode(NamedTuple):
    """One layer, with the text it was written as and an optional label (``CONV1``)."""

    layer: Layer
    text: str
    name: str | None = None


class Block(NamedTuple):
    """Branches fed the same input, merged by ``join``; an empty branch is the identity.

    (``LayerNode`` and ``Block`` are NamedTuples: cheap to create on the start-up path.)
    """

    join: Join
    branches: tuple[tuple[Item, ...], ...]
    text: str
    name: str | None = None


Item = LayerNode | Block


class Network(NamedTuple):
    """A network: its items, and optionally its input, batch size and where it comes from."""

    items: tuple[Item, ...]
    input: Shape | None = None
    batch: int | None = None
    name: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = ()

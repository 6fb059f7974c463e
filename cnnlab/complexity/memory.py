"""Activation memory: the peak of an inference pass and what a training step keeps for backward.

Counted in elements of one sample (the report turns them into bytes for a dtype and a batch).

Inference: every layer writes a new tensor, except reshapes (flatten) and layers that do
nothing at inference (dropout, identity), which hand their input on. A tensor is freed after
its last reader. A block's input stays alive until every branch has read it (and until the
join for an identity shortcut); branch outputs stay alive until the join. An addition
accumulates into the first branch's output (as ``out += identity`` does); a concatenation
writes a new tensor.

Training: each layer keeps what its backward pass reads (as PyTorch's autograd does; each
kind says what in ``Layer.saved``): layers with weights and batch norm keep their input,
ReLU-like activations their output, max pooling its input and the argmax indices, dropout its
mask. A tensor kept by two layers counts once.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.layers import Layer
from cnnlab.network import LayerReport, Node


@dataclass(frozen=True)
class Memory:
    """Activation memory of one sample, in elements.

    Attributes
    ----------
    peak : the most activation elements alive at once during inference.
    peak_row : the row running at that moment (0: the input alone).
    saved : activation elements a training step keeps for the backward pass.
    indices : max-pooling argmax indices kept for backward (int64 in PyTorch).
    masks : dropout mask elements kept for backward (1 byte each in PyTorch).
    """

    peak: int
    peak_row: int
    saved: int
    indices: int
    masks: int


def is_view(layer: Layer | None) -> bool:
    """Layers that hand their input on at inference instead of writing a new tensor."""
    return layer is not None and layer.is_view


class _Inference:
    """Live-tensor bookkeeping. ``held``: elements kept alive by enclosing blocks."""

    def __init__(self, first: int) -> None:
        self.peak, self.at = first, 0

    def note(self, live: int, row: int) -> None:
        if live > self.peak:
            self.peak, self.at = live, row

    def sequence(self, nodes: tuple[Node, ...], x: int, own: bool, held: int) -> tuple[int, bool]:
        """Run ``nodes`` on a tensor of ``x`` elements; ``own``: may it be freed after use?"""
        for node in nodes:
            if node.is_block:
                x, own = self.block(node, x, own, held), True
            elif not is_view(node.row.layer):
                out = node.row.output.elements
                self.note(held + (x if own else 0) + out, node.row.index)
                x, own = out, True
        return x, own

    def block(self, node: Node, x: int, own: bool, held: int) -> int:
        identity = any(not b for b in node.branches)
        readers = [i for i, b in enumerate(node.branches) if b]
        outs: list[int] = []
        for i in readers:
            last = i == readers[-1] and not identity and own
            kept = held + sum(outs) + (0 if last or not own else x)
            out, new = self.sequence(node.branches[i], x, last, kept)
            if new:  # a branch of views only hands x itself to the join
                outs.append(out)
            else:
                identity = True
        alive = held + sum(outs) + (x if identity and own else 0)
        if node.join == "concat":
            self.note(alive + node.row.output.elements, node.row.index)
        return node.row.output.elements


def inference_peak(nodes: tuple[Node, ...], first: int) -> tuple[int, int]:
    """(peak elements, row index at the peak) of one inference pass; ``first``: input size."""
    run = _Inference(first)
    run.sequence(nodes, first, True, 0)
    return run.peak, run.at


class _Training:
    """Which tensors the backward pass reads. Tensors are numbered as they are written."""

    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}
        self.kept: set[int] = set()
        self.extra = self.indices = self.masks = 0

    def new(self, elements: int) -> int:
        self.sizes[len(self.sizes)] = elements
        return len(self.sizes) - 1

    def sequence(self, nodes: tuple[Node, ...], x: int) -> int:
        for node in nodes:
            if node.is_block:
                for branch in node.branches:
                    self.sequence(branch, x)
                x = self.new(node.row.output.elements)
            else:
                x = self.layer(node.row, x)
        return x

    def layer(self, row: LayerReport, x: int) -> int:
        if row.layer is None:
            raise ValueError(f"row {row.index} is a merge row, not a layer")
        saved = row.layer.saved(row.input, row.output)
        self.masks += saved.masks
        if row.layer.is_view:
            return x
        y = self.new(row.output.elements)
        self.kept |= {t for t, keep in ((x, saved.input), (y, saved.output)) if keep}
        self.indices += saved.indices
        self.extra += saved.extra
        return y


def training_saved(nodes: tuple[Node, ...], first: int) -> tuple[int, int, int]:
    """(activation elements, argmax indices, dropout mask elements) kept for backward."""
    run = _Training()
    run.sequence(nodes, run.new(first))
    return sum(run.sizes[t] for t in run.kept) + run.extra, run.indices, run.masks


def memory(nodes: tuple[Node, ...], first: int) -> Memory:
    """Inference peak and training-kept memory of a network whose input has ``first`` elements.

    >>> from cnnlab.network import Network, walk
    >>> from cnnlab.shape import Shape
    >>> from cnnlab.spec import parse_items
    >>> net = Network(parse_items(["conv:f=1,k=4 relu conv:f=1,k=2"]))
    >>> memory(walk(net, Shape(2, 1, 1)).nodes, 2)
    Memory(peak=8, peak_row=2, saved=6, indices=0, masks=0)
    """
    peak, at = inference_peak(nodes, first)
    saved, indices, masks = training_saved(nodes, first)
    return Memory(peak, at, saved, indices, masks)

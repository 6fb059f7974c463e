"""Time and space complexity of a network, layer by layer and in total.

>>> from cnnlab.network import Network
>>> from cnnlab.shape import Shape
>>> from cnnlab.spec import parse_items
>>> net = Network(parse_items(["conv:f=3,k=256,p=same"]))
>>> report = analyse(net, Shape(256, 100, 100))
>>> report.time, report.params, report.activations
(5898240000, 590080, 2560000)
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.complexity.conventions import Convention, DType
from cnnlab.complexity.flow import gradient_flow
from cnnlab.complexity.memory import Memory, memory
from cnnlab.complexity.ops import count, merge_ops
from cnnlab.layers.costs import Ops
from cnnlab.network import LayerReport, Network, NetworkReport, Node, walk
from cnnlab.shape import Shape

INDEX_BYTES = 8  # PyTorch keeps max-pooling indices as int64
MASK_BYTES = 1  # and dropout masks as bool


@dataclass(frozen=True)
class LayerCost:
    """One row of the report with its costs, already multiplied by the batch size.

    ``forward`` and ``backward`` are the time under the report's convention (``backward`` is 0
    unless the convention counts it); ``ops`` and ``backward_ops`` are the exact operations of
    one sample behind them.
    """

    row: LayerReport
    ops: Ops
    backward_ops: Ops
    forward: int
    backward: int
    activations: int

    @property
    def time(self) -> int:
        return self.forward + self.backward

    def __repr__(self) -> str:
        return f"LayerCost({self.row.index} {self.row.text!r}: {self.time:,})"


@dataclass(frozen=True)
class ComplexityReport:
    """Per-layer and total time and space of a network under one counting convention."""

    network: NetworkReport
    convention: Convention
    dtype: DType
    batch: int
    costs: tuple[LayerCost, ...]
    memory: Memory

    @property
    def name(self) -> str | None:
        return self.network.name

    @property
    def time(self) -> int:
        return sum(c.time for c in self.costs)

    @property
    def forward(self) -> int:
        return sum(c.forward for c in self.costs)

    @property
    def backward(self) -> int:
        return sum(c.backward for c in self.costs)

    @property
    def params(self) -> int:
        return self.network.params

    @property
    def buffers(self) -> int:
        return self.network.buffers

    @property
    def params_bytes(self) -> int:
        return self.params * self.dtype.bytes

    @property
    def activations(self) -> int:
        """Output elements of every layer (merge rows add none), for the batch."""
        return sum(c.activations for c in self.costs)

    @property
    def activation_bytes(self) -> int:
        return self.activations * self.dtype.bytes

    @property
    def connections(self) -> int:
        return sum(c.ops.connections for c in self.costs) * self.batch

    @property
    def peak_bytes(self) -> int:
        """Peak activation memory of an inference pass over the batch."""
        return self.memory.peak * self.batch * self.dtype.bytes

    @property
    def saved_bytes(self) -> int:
        """What a training step keeps for the backward pass: activations, indices, masks."""
        m = self.memory
        per_sample = m.saved * self.dtype.bytes + m.indices * INDEX_BYTES + m.masks * MASK_BYTES
        return per_sample * self.batch

    @property
    def training_bytes(self) -> int:
        """Kept activations plus the weights and their gradients (optimizer state excluded)."""
        return self.saved_bytes + 2 * self.params_bytes

    def __repr__(self) -> str:
        """One line: name, input, batch, time under the convention, parameters."""
        name = f"{self.name}, " if self.name else ""
        time = f"{self.time:,} {self.convention.count.label}"
        return (f"ComplexityReport({name}input {self.network.input}, batch {self.batch}: "
                f"{time}, {self.params:,} params)")

    def under(self, convention: Convention) -> int:
        """The total time under another convention (same network, same batch)."""
        total = 0
        for c in self.costs:
            total += count(c.ops, convention)
            if convention.backward:
                total += count(c.backward_ops, convention)
        return total * self.batch


def _cost(node: Node, needs_dx: bool, convention: Convention, batch: int) -> LayerCost:
    row = node.row
    if row.layer is None:
        ops = merge_ops(node.join or "", len(node.branches), row.output)
        back = Ops()  # the gradient of an addition is copied to each branch, of a concat split
    else:
        ops = row.layer.forward_ops(row.input, row.output)
        back = row.layer.backward_ops(row.input, row.output, needs_dx)
    forward = count(ops, convention) * batch
    backward = count(back, convention) * batch if convention.backward else 0
    return LayerCost(row, ops, back, forward, backward, row.activations * batch)


def analyse(
    network: Network,
    input: Shape | None = None,
    batch: int | None = None,
    convention: Convention | None = None,
    dtype: DType = DType.FLOAT32,
) -> ComplexityReport:
    """Walk ``network`` and count its time and space complexity.

    Parameters
    ----------
    network : the layers (and optionally their input and batch size).
    input : the input shape of one sample, H×W×C; default: the network's own.
    batch : samples per pass; default: the network's own, else 1.
    convention : how time is counted (default: MACs of conv and fc layers, bias excluded).
    dtype : number format of weights and activations, for bytes.

    Raises
    ------
    ShapeError
        When the input is too small for some layer; the message names the layer.
    """
    convention = convention or Convention()
    report = walk(network, input, batch)
    n = report.batch or 1
    needs = gradient_flow(report.nodes)
    costs = tuple(_cost(node, needs[node.row.index], convention, n) for node in report.every_node())
    return ComplexityReport(
        report, convention, dtype, n, costs, memory(report.nodes, report.input.elements)
    )

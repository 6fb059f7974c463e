"""Why the counters disagree: the rules of torchvision, ptflops, thop, fvcore and calflops.

Each tool counts different layers and calls different things one operation. cnnlab applies
each tool's rules, as read from its source, to its own layer-by-layer walk, so that a user can
see where 4.09 G (torchvision), 4.12 G (ptflops), 4.14 G (thop) and 8.21 G (calflops) for
ResNet-50 come from, part by part.

>>> from cnnlab.complexity import analyse
>>> from cnnlab.zoo import load_model
>>> counts = {c.tool: c.total for c in reconcile(analyse(load_model("resnet50")))}
>>> counts[Tool.TORCHVISION], counts[Tool.PTFLOPS], counts[Tool.CALFLOPS]
(4089184256, 4121925096, 8211108352)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from cnnlab.complexity.analysis import ComplexityReport
from cnnlab.layers import (
    Activation,
    AdaptivePool2d,
    BatchNorm,
    Conv2d,
    ConvTranspose2d,
    GlobalPool2d,
    Linear,
    Pool2d,
    PoolMode,
)
from cnnlab.layers.lenet import RBF, Subsample, TableConv
from cnnlab.network import LayerReport
from cnnlab.zoo import Figure, ZooModel


class Tool(StrEnum):
    TORCHVISION = "torchvision"
    PTFLOPS = "ptflops"
    THOP = "thop"
    FVCORE = "fvcore"
    CALFLOPS = "calflops"


@dataclass(frozen=True)
class Rules:
    """What a tool calls its number, what goes into it, and which published quantity it is
    (``macs``, or ``flops`` for a tool that counts a multiply-add as 2)."""

    unit: str
    counts: str
    source: str
    quantity: str = "macs"


RULES: dict[Tool, Rules] = {
    Tool.TORCHVISION: Rules(
        "MACs, printed as 'GFLOPS'",
        "conv and fc multiply-accumulates only; no bias, batch norm, activations or pooling",
        "torchvision model metadata (_ops), the GFLOPS column of its weights tables",
    ),
    Tool.PTFLOPS: Rules(
        "MACs ('GMac')",
        "conv and fc MACs + their bias (1 per output) + batch norm 2 per element + ReLU 1 per "
        "output element + pooling 1 per input element; one count per module call; transposed "
        "convs counted on the output grid (too many by ≈ stride²)",
        "ptflops 0.7.5 pytorch_ops.py (pytorch backend, module hooks) with "
        "count_functional=False, which reproduces its README torchvision table; its default "
        "(count_functional=True) also counts each ReLU and pooling call a second time, through "
        "the functional hooks: 4,132,436,968 for ResNet-50",
    ),
    Tool.THOP: Rules(
        "'MACs'",
        "conv MACs + bias (1 per output), fc as (2·n_in − 1)·n_out (multiplications and "
        "additions), batch norm 4 per element, adaptive average pooling (window + 1) per "
        "output; ReLU and max pooling are free; transposed convs counted on the output grid",
        "thop count_hooks.py; these rules reproduce every figure of its README table (thop has "
        "changed them between versions: batch norm 2 or 4 per element, fc n_in or 2·n_in − 1 "
        "per output, ReLU 0 or 1)",
    ),
    Tool.FVCORE: Rules(
        "'flops', one multiply-add = 1",
        "conv and fc MACs without bias + batch norm 2 per element (inference) + adaptive "
        "average pooling 1 per input element; ReLU, max pooling and additions are skipped",
        "fvcore flop_count.py and jit_handles.py (transposed convs on the input grid since the "
        "2021 fix of issue #78)",
    ),
    Tool.CALFLOPS: Rules(
        "FLOPs, one multiply-add = 2",
        "2·(conv and fc MACs) + conv bias + batch norm 2 per element + ReLU 1 per element + "
        "pooling 1 per input element; in-place residual additions (out += identity) unseen",
        "calflops pytorch_ops.py (after DeepSpeed's flops profiler)",
        "flops",
    ),
}


@dataclass(frozen=True)
class ToolCount:
    """A tool's number for one network, with the parts it is made of (per batch)."""

    tool: Tool
    total: int
    parts: tuple[tuple[str, int], ...]

    @property
    def rules(self) -> Rules:
        return RULES[self.tool]

    def published(self, model: ZooModel | None) -> Figure | None:
        """The figure a source printed for ``model`` under this tool's rules, if any."""
        return model.figure(self.tool.value, self.rules.quantity) if model else None


Part = tuple[str, int]
Rule = Callable[[LayerReport], list[Part]]


def _weights(row: LayerReport) -> tuple[str, int, int] | None:
    """(conv or fc, MACs, bias outputs) of a layer with weights, as every tool sees it."""
    layer = row.layer
    if isinstance(layer, Conv2d | ConvTranspose2d | TableConv):
        return "conv", row.macs, row.output.elements if layer.bias else 0
    if isinstance(layer, Linear):
        return "fc", row.macs, row.output.elements if layer.bias else 0
    if isinstance(layer, RBF):
        return "fc", row.macs, 0
    return None


def _output_grid(row: LayerReport) -> int:
    """A transposed conv counted on its output grid, as ptflops and thop do (the bug)."""
    layer = row.layer
    assert isinstance(layer, ConvTranspose2d)
    f_h, f_w = layer.kernel
    return row.output.elements * f_h * f_w * row.input.c // layer.groups


def _pooling(row: LayerReport) -> bool:
    return isinstance(row.layer, Pool2d | GlobalPool2d | AdaptivePool2d | Subsample)


def _act(row: LayerReport, names: tuple[str, ...]) -> bool:
    return isinstance(row.layer, Activation) and row.layer.name in names


def _torchvision(row: LayerReport) -> list[Part]:
    w = _weights(row)
    return [(w[0], w[1])] if w else []


def _ptflops(row: LayerReport) -> list[Part]:
    w = _weights(row)
    if w:
        macs = _output_grid(row) if isinstance(row.layer, ConvTranspose2d) else w[1]
        return [(w[0], macs), (f"{w[0]} bias", w[2])]
    if isinstance(row.layer, BatchNorm):
        return [("batch norm", 2 * row.input.elements)]
    if _act(row, ("relu", "relu6", "leakyrelu", "gelu")):
        return [("activations", row.output.elements)]
    return [("pooling", row.input.elements)] if _pooling(row) else []


def _thop(row: LayerReport) -> list[Part]:
    w, layer = _weights(row), row.layer
    if w and w[0] == "fc":
        return [("fc", (2 * row.input.elements - 1) * row.output.elements)]
    if w:
        macs = _output_grid(row) if isinstance(layer, ConvTranspose2d) else w[1]
        return [("conv", macs), ("conv bias", w[2])]
    if isinstance(layer, BatchNorm):
        return [("batch norm", 4 * row.input.elements)]
    if _act(row, ("leakyrelu",)):
        return [("activations", row.input.elements)]
    if _act(row, ("softmax",)):
        groups = (row.output.h or 1) * (row.output.w or 1)
        return [("activations", 3 * row.output.elements - groups)]
    if isinstance(layer, GlobalPool2d | AdaptivePool2d) and layer.mode is PoolMode.AVG:
        x, y = row.input, row.output  # spatial: pooling needs H×W
        window = ((x.h or 1) // (y.h or 1)) * ((x.w or 1) // (y.w or 1))
        return [("pooling", (window + 1) * row.output.elements)]
    if isinstance(layer, Pool2d) and layer.mode is PoolMode.AVG:
        return [("pooling", row.output.elements)]
    return []


def _fvcore(row: LayerReport) -> list[Part]:
    w, layer = _weights(row), row.layer
    if w:
        return [(w[0], w[1])]
    if isinstance(layer, BatchNorm):
        return [("batch norm", 2 * row.input.elements)]
    if isinstance(layer, GlobalPool2d | AdaptivePool2d) and layer.mode is PoolMode.AVG:
        return [("pooling", row.input.elements)]
    return []


def _calflops(row: LayerReport) -> list[Part]:
    w = _weights(row)
    if w:
        bias = w[2] if w[0] == "conv" else 0
        return [(w[0], 2 * w[1]), (f"{w[0]} bias", bias)]
    if isinstance(row.layer, BatchNorm):
        return [("batch norm", 2 * row.input.elements)]
    if _act(row, ("relu", "relu6", "leakyrelu", "gelu", "silu", "softmax")):
        return [("activations", row.input.elements)]
    return [("pooling", row.input.elements)] if _pooling(row) else []


_RULES: dict[Tool, Rule] = {
    Tool.TORCHVISION: _torchvision, Tool.PTFLOPS: _ptflops, Tool.THOP: _thop,
    Tool.FVCORE: _fvcore, Tool.CALFLOPS: _calflops,
}
ORDER = ("conv", "conv bias", "fc", "fc bias", "batch norm", "activations", "pooling")


def tool_count(report: ComplexityReport, tool: Tool) -> ToolCount:
    """The number ``tool`` prints for the network of ``report`` (whole batch)."""
    totals: dict[str, int] = {}
    for cost in report.costs:
        for name, value in _RULES[tool](cost.row):
            totals[name] = totals.get(name, 0) + value * report.batch
    parts = tuple((name, totals[name]) for name in ORDER if totals.get(name))
    return ToolCount(tool, sum(v for _, v in parts), parts)


def reconcile(report: ComplexityReport) -> tuple[ToolCount, ...]:
    """Every tool's number for the network, in the order of ``Tool``."""
    return tuple(tool_count(report, tool) for tool in Tool)

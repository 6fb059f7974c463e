"""Rich renderables for ``cnnlab complexity``: per-layer costs, totals, memory, comparisons."""

from __future__ import annotations

from dataclasses import replace

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cnnlab.complexity import ComplexityReport, Count
from cnnlab.complexity.compare import Comparison
from cnnlab.render.numbers import n, nbytes, percent, units
from cnnlab.render.shape import layer_cell
from cnnlab.render.text_table import Column, render_table
from cnnlab.shape import Layout


def header(report: ComplexityReport, layout: Layout) -> Text:
    """Name, input, batch, dtype, and the counting convention: said before any number."""
    order = "C×H×W" if layout is Layout.NCHW else "H×W×C"
    name = f"{report.name} · " if report.name else ""
    lines = [
        f"{name}input {report.network.input.format(layout)} ({order}), batch {report.batch}, "
        f"{report.dtype.value}",
        f"time counted as {report.convention.describe()}",
    ]
    return Text("\n".join(lines), style="bold")


def _cost_cells(report: ComplexityReport, layout: Layout, binary: bool,
                connections: bool) -> list[list[str]]:
    rows = []
    for cost in report.costs:
        row = cost.row
        is_layer = row.layer is not None
        cells = [str(row.index), layer_cell(cost.row), row.output.format(layout)]
        times = [cost.forward, cost.backward] if report.convention.backward else [cost.time]
        cells += [n(t) if t or is_layer else "" for t in times]
        cells += [n(row.params) if is_layer else "", n(cost.activations) if is_layer else ""]
        cells.append(nbytes(cost.activations * report.dtype.bytes, binary) if is_layer else "")
        if connections:
            cells.append(n(cost.ops.connections * report.batch) if cost.ops.connections else "")
        rows.append(cells)
    return rows


def cost_table(
    report: ComplexityReport,
    layout: Layout,
    binary: bool = False,
    connections: bool = False,
    width: int = 120,
) -> Text:
    """One row per layer: output, time under the convention, parameters, activations.

    Drawn as plain text (``render_table``): a rich Table of ResNet-50's 175 rows takes
    longer to lay out than the whole analysis.
    """
    c = report.convention
    columns = [Column("#", "right"), Column("layer", footer="total", wrap=True),
               Column("H×W×C" if layout is Layout.NHWC else "C×H×W")]
    if c.backward:
        columns += [Column(f"{c.count.label} fwd", "right", n(report.forward)),
                    Column(f"{c.count.label} bwd", "right", n(report.backward))]
    else:
        columns.append(Column(c.short(), "right", n(report.time)))
    columns += [Column("params", "right", n(report.params)),
                Column("activations", "right", n(report.activations)),
                Column(report.dtype.value, "right", nbytes(report.activation_bytes, binary))]
    if connections:
        columns.append(Column("connections", "right", n(report.connections)))
    rows = _cost_cells(report, layout, binary, connections)
    return Text(render_table(columns, rows, width), no_wrap=True, overflow="ignore")


def summary(report: ComplexityReport, binary: bool = False, connections: bool = False) -> Table:
    """The totals: time, parameters, activations, peak inference and training memory."""
    c, d = report.convention, report.dtype.value
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("time", f"{n(report.time)} {c.count.label} ({units(report.time)})")
    if c.backward:
        grid.add_row("", f"forward {n(report.forward)} + backward {n(report.backward)}")
    if c.count in (Count.MACS, Count.FLOPS):  # the other of the two, same layers and bias
        other = replace(c, count=Count.FLOPS if c.count is Count.MACS else Count.MACS)
        grid.add_row("", f"= {n(report.under(other))} {other.count.label} (1 MAC = 2 FLOPs)")
    params = f"{n(report.params)} trainable ({nbytes(report.params_bytes, binary)} as {d})"
    if report.buffers:
        params += f"; + {n(report.buffers)} batch-norm running statistics"
    grid.add_row("parameters", params)
    grid.add_row("activations", f"{n(report.activations)} output values of all layers "
                 f"({nbytes(report.activation_bytes, binary)})")
    at = report.memory.peak_row
    where = f"at layer {at} '{report.costs[at - 1].row.text}'" if at else "the input"
    grid.add_row("peak inference", f"{nbytes(report.peak_bytes, binary)} of activations "
                 f"alive at once ({where})")
    training = f"{nbytes(report.saved_bytes, binary)} kept for the backward pass"
    training += f"; with weights and their gradients {nbytes(report.training_bytes, binary)}"
    grid.add_row("training step", training)
    if connections:
        grid.add_row("connections", f"{n(report.connections)} (LeCun: per output unit, "
                     f"its inputs plus its bias)")
    return grid


def notes(report: ComplexityReport) -> Text:
    lines = [
        "activations: every layer's output, summed (NNDL's 'space complexity' of a layer is "
        "its output feature maps); memory in decimal units unless --binary",
        "peak inference: each layer writes a new tensor, freed after its last reader; branch "
        "inputs live until the join. training: what autograd keeps (layer inputs for dW, "
        "ReLU outputs, max-pool indices as int64), each tensor once",
    ]
    lines += [f"note: {note}" for note in report.network.notes]
    if report.network.source:
        lines.append(f"source: {report.network.source}")
    return Text("\n".join(lines), style="dim")


def complexity_view(
    report: ComplexityReport,
    layout: Layout = Layout.NHWC,
    per_layer: bool = True,
    binary: bool = False,
    connections: bool = False,
    width: int = 120,
) -> Group:
    parts: list[RenderableType] = [header(report, layout), Text("")]
    if per_layer:
        parts += [cost_table(report, layout, binary, connections, width), Text("")]
    parts += [summary(report, binary, connections), Text(""), notes(report)]
    return Group(*parts)


def comparison_table(comparison: Comparison, binary: bool = False) -> Table:
    """Each quantity for design A and B, B as a share of A, and how many times fewer."""
    a, b = comparison.a.name or "A", comparison.b.name or "B"
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left",
                  title=f"A = {a}, B = {b}")
    table.add_column("")
    for name in ("A", "B", "B/A", "A/B"):
        table.add_column(name, justify="right")
    for line in comparison.lines:
        show = (lambda v: nbytes(v, binary)) if "memory" in line.quantity else n
        fewer = "-" if line.fewer is None else f"{float(line.fewer):.2f}×"
        table.add_row(line.quantity, show(line.a), show(line.b), percent(line.ratio), fewer)
    return table


def comparison_view(
    comparison: Comparison, layout: Layout, binary: bool = False, width: int = 120
) -> Group:
    parts: list[RenderableType] = [
        Text(f"time counted as {comparison.a.convention.describe()}", style="bold"),
    ]
    for label, report in (("A", comparison.a), ("B", comparison.b)):
        title = f"{label}: {report.name}" if report.name else label
        table = cost_table(report, layout, binary, False, width)
        parts += [Text(f"\n{title}", style="bold"), table]
    parts.append(comparison_table(comparison, binary))
    parts += [Text(f"note: {note}", style="dim") for note in comparison.notes]
    return Group(*parts)

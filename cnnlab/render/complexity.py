"""Rich renderables for ``cnnlab complexity``: per-layer costs, totals, memory, comparisons."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cnnlab.complexity import ComplexityReport, Count, LayerCost
from cnnlab.complexity.compare import Comparison
from cnnlab.render.numbers import n, nbytes, percent, units
from cnnlab.render.shape import layer_cell
from cnnlab.render.text_table import Column, fold_text, render_table
from cnnlab.shape import Layout


def short_name(name: str, rows: int, limit: int = 100) -> str:
    """A network's name, or the start of a long one (layers typed on the command line) and how
    many rows it has.

    >>> short_name("conv:f=3,k=8 " * 30, 30).endswith("conv:f=3,k=8 … (30 rows in all)")
    True
    """
    if len(name) <= limit:
        return name
    return f"{name[:limit].rsplit(' ', 1)[0]} … ({rows:,} rows in all)"


def header(report: ComplexityReport, layout: Layout) -> Text:
    """Name, input, batch, dtype, and the counting convention: said before any number."""
    order = "C×H×W" if layout is Layout.NCHW else "H×W×C"
    name = f"{short_name(report.name, len(report.costs))} · " if report.name else ""
    lines = [
        f"{name}input {report.network.input.format(layout)} ({order}), batch {report.batch}, "
        f"{report.dtype.value}",
        f"time counted as {report.convention.describe()}",
    ]
    return Text("\n".join(lines), style="bold")


class _Line(NamedTuple):
    """A row as shown: with ``depth``, a block row sums the rows folded into it."""

    cost: LayerCost
    forward: int
    backward: int
    params: int
    activations: int
    connections: int
    folded: int = 0


def _lines(report: ComplexityReport, depth: int | None) -> list[_Line]:
    lines: list[_Line] = []
    for cost in report.costs:
        mine = _Line(cost, cost.forward, cost.backward, cost.row.params, cost.activations,
                     cost.ops.connections * report.batch)
        if depth is not None and cost.row.depth > depth and lines:
            last = lines[-1]  # rows come in order: the last one shown holds this one
            lines[-1] = _Line(last.cost, *(x + y for x, y in zip(last[1:6], mine[1:6],
                                                                  strict=True)), last.folded + 1)
        else:
            lines.append(mine)
    return lines


def _cost_cells(report: ComplexityReport, layout: Layout, binary: bool,
                connections: bool, depth: int | None = None) -> list[list[str]]:
    rows = []
    for line in _lines(report, depth):
        row = line.cost.row
        shown = row.layer is not None or line.folded > 0
        folded = f" (+{line.folded} rows)" if line.folded else ""
        cells = [str(row.index), layer_cell(row) + folded, row.output.format(layout)]
        times = [line.forward, line.backward] if report.convention.backward else [line.forward]
        cells += [n(t) if t or shown else "" for t in times]
        cells += [n(line.params) if shown else "", n(line.activations) if shown else ""]
        cells.append(nbytes(line.activations * report.dtype.bytes, binary) if shown else "")
        if connections:
            cells.append(n(line.connections) if line.connections else "")
        rows.append(cells)
    return rows


def cost_table(
    report: ComplexityReport,
    layout: Layout,
    binary: bool = False,
    connections: bool = False,
    width: int | None = 120,
    depth: int | None = None,
) -> Text:
    """One row per layer (with ``depth``, blocks nested deeper fold into one row that sums
    them): output, time under the convention, parameters, activations.

    Fitted to ``width`` (``None``: natural width): layer text folds, then columns are left
    out in this order: activation bytes, connections, activations, parameters. Drawn as plain
    text (``render_table``): a rich Table of ResNet-50's 175 rows takes
    longer to lay out than the whole analysis.
    """
    c = report.convention
    columns = [Column("#", "right"),
               Column("layer", footer="total", wrap=True, min_width=10, commas=True),
               Column("H×W×C" if layout is Layout.NHWC else "C×H×W")]
    if c.backward:
        columns += [Column(f"{c.count.label} fwd", "right", n(report.forward)),
                    Column(f"{c.count.label} bwd", "right", n(report.backward))]
    else:
        columns.append(Column(c.short(), "right", n(report.time)))
    columns += [Column("params", "right", n(report.params), drop=4),
                Column("activations", "right", n(report.activations), short="acts", drop=3),
                Column(report.dtype.value, "right", nbytes(report.activation_bytes, binary),
                       drop=1)]
    if connections:
        columns.append(Column("connections", "right", n(report.connections), short="conn.",
                              drop=2))
    rows = _cost_cells(report, layout, binary, connections, depth)
    return Text(render_table(columns, rows, width), no_wrap=True, overflow="ignore")


def _macs_and_flops(report: ComplexityReport) -> str:
    """The same time in the other of MACs and FLOPs, written so that the numbers add up."""
    c = report.convention
    if not c.bias:
        other = replace(c, count=Count.FLOPS if c.count is Count.MACS else Count.MACS)
        return f"= {n(report.under(other))} {other.count.label} (1 MAC = 2 FLOPs)"
    macs = report.under(replace(c, count=Count.MACS, bias=False))
    adds = report.under(replace(c, count=Count.MACS)) - macs
    if c.count is Count.FLOPS:
        return (f"= 2 × {n(macs)} MACs + {n(adds)} bias additions (1 MAC = 2 FLOPs, "
                f"1 addition = 1 FLOP)")
    flops = report.under(replace(c, count=Count.FLOPS))
    return (f"= {n(macs)} MACs + {n(adds)} bias additions (1 each); in FLOPs "
            f"2 × {n(macs)} + {n(adds)} = {n(flops)}")


def summary(report: ComplexityReport, binary: bool = False, connections: bool = False) -> Table:
    """The totals: time, parameters, activations, peak inference and training memory."""
    c, d = report.convention, report.dtype.value
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("time", f"{n(report.time)} {c.count.label} ({units(report.time)})")
    if c.backward:
        grid.add_row("", f"forward {n(report.forward)} + backward {n(report.backward)}")
    if c.count in (Count.MACS, Count.FLOPS):
        grid.add_row("", _macs_and_flops(report))
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
    width: int | None = 120,
    depth: int | None = None,
) -> Group:
    parts: list[RenderableType] = [header(report, layout), Text("")]
    if per_layer or depth is not None:
        parts += [cost_table(report, layout, binary, connections, width, depth), Text("")]
    parts += [summary(report, binary, connections), Text(""), notes(report)]
    return Group(*parts)


def comparison_table(comparison: Comparison, binary: bool = False,
                     width: int | None = 120) -> Text:
    """Each quantity for design A and B, B as a share of A, and how many times fewer
    (the A/B column is left out first when the terminal is narrow)."""
    a = short_name(comparison.a.name, len(comparison.a.costs)) if comparison.a.name else "A"
    b = short_name(comparison.b.name, len(comparison.b.costs)) if comparison.b.name else "B"
    columns = [Column("", wrap=True, min_width=10), Column("A", "right"), Column("B", "right"),
               Column("B/A", "right"), Column("A/B", "right", drop=1)]
    rows = []
    for line in comparison.lines:
        show = (lambda v: nbytes(v, binary)) if "memory" in line.quantity else n
        fewer = "-" if line.fewer is None else f"{float(line.fewer):.2f}×"
        rows.append([line.quantity, show(line.a), show(line.b), percent(line.ratio), fewer])
    title = fold_text(f"A = {a}, B = {b}", width)
    return Text(f"{title}\n{render_table(columns, rows, width)}", no_wrap=True,
                overflow="ignore")


def comparison_view(
    comparison: Comparison, layout: Layout, binary: bool = False, width: int | None = 120
) -> Group:
    parts: list[RenderableType] = [
        Text(f"time counted as {comparison.a.convention.describe()}", style="bold"),
    ]
    for label, report in (("A", comparison.a), ("B", comparison.b)):
        name = f"{label}: {short_name(report.name, len(report.costs))}" if report.name else label
        table = cost_table(report, layout, binary, False, width)
        parts += [Text(f"\n{name}", style="bold"), table]
    parts.append(comparison_table(comparison, binary, width))
    parts += [Text(f"note: {note}", style="dim") for note in comparison.notes]
    return Group(*parts)

"""The tables of ``cnnlab complexity`` as plain cells: the terminal (``render_table`` and rich)
and HTML (``html_table``) draw the same ones. No rich here."""

from __future__ import annotations

from dataclasses import replace

from cnnlab.complexity import ComplexityReport, Count
from cnnlab.complexity.compare import Comparison
from cnnlab.render.numbers import n, nbytes, percent, units
from cnnlab.render.shape import layer_cell
from cnnlab.render.text_table import Column
from cnnlab.shape import Layout


def header_lines(report: ComplexityReport, layout: Layout) -> list[str]:
    """Name, input, batch, dtype, and the counting convention: said before any number."""
    order = "C×H×W" if layout is Layout.NCHW else "H×W×C"
    name = f"{report.name} · " if report.name else ""
    return [
        f"{name}input {report.network.input.format(layout)} ({order}), batch {report.batch}, "
        f"{report.dtype.value}",
        f"time counted as {report.convention.describe()}",
    ]


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


def cost_grid(
    report: ComplexityReport, layout: Layout, binary: bool = False, connections: bool = False
) -> tuple[list[Column], list[list[str]]]:
    """One row per layer: output, time under the convention, parameters, activations. The
    terminal (``render_table``) and HTML (``html_table``) draw it."""
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
    return columns, _cost_cells(report, layout, binary, connections)


def summary_rows(
    report: ComplexityReport, binary: bool = False, connections: bool = False
) -> list[tuple[str, str]]:
    """The totals as (label, text): time, parameters, activations, peak and training memory."""
    c, d = report.convention, report.dtype.value
    rows = [("time", f"{n(report.time)} {c.count.label} ({units(report.time)})")]
    if c.backward:
        rows.append(("", f"forward {n(report.forward)} + backward {n(report.backward)}"))
    if c.count in (Count.MACS, Count.FLOPS):  # the other of the two, same layers and bias
        other = replace(c, count=Count.FLOPS if c.count is Count.MACS else Count.MACS)
        rows.append(("", f"= {n(report.under(other))} {other.count.label} (1 MAC = 2 FLOPs)"))
    params = f"{n(report.params)} trainable ({nbytes(report.params_bytes, binary)} as {d})"
    if report.buffers:
        params += f"; + {n(report.buffers)} batch-norm running statistics"
    rows.append(("parameters", params))
    rows.append(("activations", f"{n(report.activations)} output values of all layers "
                 f"({nbytes(report.activation_bytes, binary)})"))
    at = report.memory.peak_row
    where = f"at layer {at} '{report.costs[at - 1].row.text}'" if at else "the input"
    rows.append(("peak inference", f"{nbytes(report.peak_bytes, binary)} of activations "
                 f"alive at once ({where})"))
    training = f"{nbytes(report.saved_bytes, binary)} kept for the backward pass"
    training += f"; with weights and their gradients {nbytes(report.training_bytes, binary)}"
    rows.append(("training step", training))
    if connections:
        rows.append(("connections", f"{n(report.connections)} (LeCun: per output unit, "
                     f"its inputs plus its bias)"))
    return rows


def note_lines(report: ComplexityReport) -> list[str]:
    """What the totals mean, then the network's own notes and source."""
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
    return lines


COMPARISON_HEADERS = (("", "left"), ("A", "right"), ("B", "right"), ("B/A", "right"),
                      ("A/B", "right"))


def comparison_title(comparison: Comparison) -> str:
    return f"A = {comparison.a.name or 'A'}, B = {comparison.b.name or 'B'}"


def comparison_rows(comparison: Comparison, binary: bool = False) -> list[list[str]]:
    """Each quantity for design A and B, B as a share of A, and how many times fewer."""
    rows = []
    for line in comparison.lines:
        show = (lambda v: nbytes(v, binary)) if "memory" in line.quantity else n
        fewer = "-" if line.fewer is None else f"{float(line.fewer):.2f}×"
        rows.append([line.quantity, show(line.a), show(line.b), percent(line.ratio), fewer])
    return rows

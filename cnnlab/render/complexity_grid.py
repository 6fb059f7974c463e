"""The tables of ``cnnlab complexity`` as plain cells: the terminal (``render_table`` and rich)
and HTML (``html_table``) draw the same ones. No rich here."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from cnnlab.complexity import ComplexityReport, Count, LayerCost
from cnnlab.complexity.compare import Comparison
from cnnlab.render.numbers import n, nbytes, percent, units
from cnnlab.render.shape import layer_cell
from cnnlab.render.text_table import Column
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


def header_lines(report: ComplexityReport, layout: Layout) -> list[str]:
    """Name, input, batch, dtype, and the counting convention: said before any number."""
    order = "C×H×W" if layout is Layout.NCHW else "H×W×C"
    name = f"{short_name(report.name, len(report.costs))} · " if report.name else ""
    return [
        f"{name}input {report.network.input.format(layout)} ({order}), batch {report.batch}, "
        f"{report.dtype.value}",
        f"time counted as {report.convention.describe()}",
    ]


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


def cost_grid(
    report: ComplexityReport, layout: Layout, binary: bool = False, connections: bool = False,
    depth: int | None = None,
) -> tuple[list[Column], list[list[str]]]:
    """One row per layer (with ``depth``, blocks nested deeper fold into one row that sums
    them): output, time under the convention, parameters, activations. The terminal
    (``render_table``) and HTML (``html_table``) draw it."""
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
    return columns, _cost_cells(report, layout, binary, connections, depth)


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


def summary_rows(
    report: ComplexityReport, binary: bool = False, connections: bool = False
) -> list[tuple[str, str]]:
    """The totals as (label, text): time, parameters, activations, peak and training memory."""
    c, d = report.convention, report.dtype.value
    rows = [("time", f"{n(report.time)} {c.count.label} ({units(report.time)})")]
    if c.backward:
        rows.append(("", f"forward {n(report.forward)} + backward {n(report.backward)}"))
    if c.count in (Count.MACS, Count.FLOPS):
        rows.append(("", _macs_and_flops(report)))
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


def design_title(label: str, report: ComplexityReport) -> str:
    """``'A: lenet5'``, or the label alone for a design without a name."""
    return f"{label}: {short_name(report.name, len(report.costs))}" if report.name else label


def comparison_title(comparison: Comparison) -> str:
    a = short_name(comparison.a.name, len(comparison.a.costs)) if comparison.a.name else "A"
    b = short_name(comparison.b.name, len(comparison.b.costs)) if comparison.b.name else "B"
    return f"A = {a}, B = {b}"


def comparison_grid(
    comparison: Comparison, binary: bool = False
) -> tuple[list[Column], list[list[str]]]:
    """Each quantity for design A and B, B as a share of A, and how many times fewer (the A/B
    column is left out first when the terminal is narrow)."""
    columns = [Column("", wrap=True, min_width=10), Column("A", "right"), Column("B", "right"),
               Column("B/A", "right"), Column("A/B", "right", drop=1)]
    rows = []
    for line in comparison.lines:
        show = (lambda v: nbytes(v, binary)) if "memory" in line.quantity else n
        fewer = "-" if line.fewer is None else f"{float(line.fewer):.2f}×"
        rows.append([line.quantity, show(line.a), show(line.b), percent(line.ratio), fewer])
    return columns, rows

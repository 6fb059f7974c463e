"""Rich renderables for ``cnnlab shape``: the per-layer table, its notes, a single formula."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from cnnlab.arith import OutputSize
from cnnlab.network import LayerReport, NetworkReport
from cnnlab.shape import Layout

AXES = ("height", "width")


def _n(value: int) -> str:
    return f"{value:,}"


def size_text(sizes: tuple[OutputSize, OutputSize]) -> str:
    """``'⌊(39 + 0 − 3)/1⌋ + 1 = 37'``, or one line per axis when height and width differ."""
    h, w = sizes
    if h.formula() == w.formula():
        return h.formula()
    return f"H {h.formula()}\nW {w.formula()}"


def _layer_cell(row: LayerReport) -> str:
    indent = "  " * row.depth
    mark = f"b{row.branch} " if row.branch is not None else ("   " if row.depth else "")
    label = f"{row.name} " if row.name else ""
    return f"{indent}{mark}{label}{row.text}"


def _formula_cell(row: LayerReport) -> str:
    lines = []
    if row.sizes:
        lines.append(size_text(row.sizes))
    if row.param_formula:
        lines.append(f"params {row.param_formula}")
    return "\n".join(lines)


def shape_table(report: NetworkReport, layout: Layout, receptive: bool = False) -> Table:
    """One row per layer: as written, output shape, activations, parameters, formulas."""
    order = "C×H×W" if layout is Layout.NCHW else "H×W×C"
    batch = f", batch {report.batch}" if report.batch else ""
    title = f"{report.name} · " if report.name else ""
    table = Table(
        title=f"{title}input {report.input.format(layout)} ({order}{batch})",
        title_justify="left",
        show_footer=True,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("#", justify="right", footer="")
    table.add_column("layer", footer="total", no_wrap=True)
    table.add_column(order, footer=report.output.format(layout), no_wrap=True)
    table.add_column("activations", justify="right", footer=_n(report.activations), no_wrap=True)
    table.add_column("params", justify="right", footer=_n(report.params), no_wrap=True)
    if receptive:
        table.add_column("RF", justify="right", footer="", no_wrap=True)
        table.add_column("jump", justify="right", footer="", no_wrap=True)
    table.add_column("formula", footer="", overflow="fold")
    table.add_row("0", "input", report.input.format(layout), _n(report.input.elements), "")
    for row in report.rows:
        cells = [str(row.index), _layer_cell(row), row.output.format(layout)]
        cells += [_n(row.activations), _n(row.params) if row.layer or row.params else ""]
        if receptive:
            cells += list(row.receptive.format())
        table.add_row(*cells, _formula_cell(row))
    return table


def shape_notes(report: NetworkReport) -> Text:
    """What the table's totals mean, then remarks on individual layers and on the network."""
    lines = ["activations: output elements of every layer, summed, for one sample"]
    if report.batch and report.batch > 1:
        lines[0] += f" (×{report.batch} for the batch: {_n(report.activations * report.batch)})"
    if report.buffers:
        lines.append(
            f"params: trainable only; batch-norm running statistics add "
            f"{_n(report.buffers)} non-trainable values"
        )
    for row in report.rows:
        lines += [f"layer {row.index} ({row.text}): {note}" for note in row.notes]
    lines += [f"note: {note}" for note in report.notes]
    if report.source:
        lines.append(f"source: {report.source}")
    return Text("\n".join(lines), style="dim")


def shape_view(report: NetworkReport, layout: Layout, receptive: bool = False) -> Group:
    return Group(shape_table(report, layout, receptive), shape_notes(report))


def formula_view(sizes: tuple[OutputSize, OutputSize]) -> Text:
    """A single output-size computation: the formula in letters, then with the numbers."""
    h, w = sizes
    lines = []
    if h.formula() == w.formula():
        lines += [f"out = {h.template()}", f"    = {h.formula()}"]
    else:
        lines.append(f"out = {h.template()}")
        for axis, size in enumerate(sizes):
            lines.append(f"  {AXES[axis]:<6} = {size.formula()}")
    if h.d > 1 or w.d > 1:
        lines.append("d = dilation: the kernel spans d·(f − 1) + 1 input positions")
    if h == w:
        lines += [note for note in (h.note(None),) if note]
    else:
        lines += [f"{AXES[a]}: {note}" for a, note in enumerate((h.note(0), w.note(1))) if note]
    return Text("\n".join(lines))

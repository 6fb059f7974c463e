"""Text for ``cnnlab shape``: the per-layer table, its notes, a single formula.

Plain strings, no rich: this is the start-up path whose cost is budgeted (see text_table.py).
"""

from __future__ import annotations

from cnnlab.arith import OutputSize
from cnnlab.network import LayerReport, NetworkReport
from cnnlab.render.text_table import Column, render_table
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


def layer_cell(row: LayerReport) -> str:
    """The layer as written, indented by depth, with ``b1``… where each branch starts."""
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


def shape_heading(report: NetworkReport, layout: Layout) -> str:
    """``'input 39×39×3 (H×W×C)'``, with the network's name and the batch when there are."""
    order = "C×H×W" if layout is Layout.NCHW else "H×W×C"
    batch = f", batch {report.batch}" if report.batch else ""
    title = f"{report.name} · " if report.name else ""
    return f"{title}input {report.input.format(layout)} ({order}{batch})"


def shape_grid(
    report: NetworkReport, layout: Layout, receptive: bool = False
) -> tuple[list[Column], list[list[str]]]:
    """The table's columns and cells: one row per layer, as written, output shape, activations,
    parameters, formulas. The terminal (``render_table``) and HTML (``html_table``) draw it."""
    order = "C×H×W" if layout is Layout.NCHW else "H×W×C"
    columns = [
        Column("#", "right"),
        Column("layer", footer="total"),
        Column(order, footer=report.output.format(layout)),
        Column("activations", "right", _n(report.activations)),
        Column("params", "right", _n(report.params)),
    ]
    if receptive:
        columns += [Column("RF", "right"), Column("jump", "right")]
    columns.append(Column("formula", wrap=True))
    rows = [["0", "input", report.input.format(layout), _n(report.input.elements), ""]]
    rows[0] += ["", ""] * receptive + [""]
    for row in report.rows:
        cells = [str(row.index), layer_cell(row), row.output.format(layout)]
        if row.is_merge:  # its values are its branches' outputs: counted there
            cells += ["", ""]
        else:
            cells += [_n(row.activations), _n(row.params)]
        if receptive:
            cells += list(row.receptive.format())
        rows.append([*cells, _formula_cell(row)])
    return columns, rows


def shape_table(
    report: NetworkReport, layout: Layout, receptive: bool = False, width: int = 120
) -> str:
    """The heading, then the grid drawn as text no wider than ``width`` if possible."""
    columns, rows = shape_grid(report, layout, receptive)
    return f"{shape_heading(report, layout)}\n\n{render_table(columns, rows, width)}"


def shape_notes(report: NetworkReport) -> str:
    """What the table's totals mean, then remarks on individual layers and on the network."""
    return "\n".join(shape_note_lines(report))


def shape_note_lines(report: NetworkReport) -> list[str]:
    """The notes under the table, one string each."""
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
    return lines


def shape_view(
    report: NetworkReport, layout: Layout, receptive: bool = False, width: int = 120
) -> str:
    """The table, a blank line, then the notes."""
    return f"{shape_table(report, layout, receptive, width)}\n\n{shape_notes(report)}"


def formula_view(sizes: tuple[OutputSize, OutputSize]) -> str:
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
    return "\n".join(lines)

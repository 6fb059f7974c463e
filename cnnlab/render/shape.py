"""Text for ``cnnlab shape``: the per-layer table, its notes, a single formula.

Plain strings, no rich: this is the start-up path whose cost is budgeted (see text_table.py).
"""

from __future__ import annotations

from typing import NamedTuple

from cnnlab.arith import OutputSize
from cnnlab.network import LayerReport, NetworkReport
from cnnlab.render.numbers import units
from cnnlab.render.text_table import Column, fold_text, render_table
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


class Shown(NamedTuple):
    """A row as shown: with ``--depth``, a block row carries the totals of the rows folded in."""

    row: LayerReport
    params: int
    macs: int
    activations: int
    folded: int = 0


def shown_rows(report: NetworkReport, depth: int | None = None) -> list[Shown]:
    """Every row, or with ``depth`` only rows nested at most that deep, each block at the
    limit summing the parameters, MACs and activations of the rows inside it."""
    shown: list[Shown] = []
    for row in report.rows:
        if depth is not None and row.depth > depth and shown:
            last = shown[-1]  # rows come in order: the last one shown holds this one
            shown[-1] = Shown(last.row, last.params + row.params, last.macs + row.macs,
                              last.activations + row.activations, last.folded + 1)
            continue
        shown.append(Shown(row, row.params, row.macs, row.activations))
    return shown


COLUMNS = ("shape", "activations", "params", "macs", "rf", "jump", "formula")
"""The columns ``--columns`` may choose (``#`` and ``layer`` are always shown)."""


def chosen_columns(receptive: bool = False, macs: bool = False) -> tuple[str, ...]:
    """The default columns, with ``--macs`` and ``--rf`` (RF and jump) added."""
    return ("shape", "activations", "params", *("macs",) * macs,
            *("rf", "jump") * receptive, "formula")


def _headers(report: NetworkReport, layout: Layout) -> dict[str, Column]:
    order = "C×H×W" if layout is Layout.NCHW else "H×W×C"
    return {
        "shape": Column(order, footer=report.output.format(layout)),
        "activations": Column("activations", "right", _n(report.activations), short="acts",
                              drop=2),
        "params": Column("params", "right", _n(report.params), drop=5),
        "macs": Column("MACs", "right", _n(report.macs), drop=4),
        "rf": Column("RF", "right", drop=1),
        "jump": Column("jump", "right", drop=1),
        "formula": Column("formula", wrap=True, drop=3, min_width=14),
    }


def _cells(shown: Shown, layout: Layout) -> dict[str, str]:
    row = shown.row
    counted = not row.is_merge or shown.folded  # a merge row's values are its branches'
    rf, jump = row.receptive.format()
    return {
        "shape": row.output.format(layout),
        "activations": _n(shown.activations) if counted else "",
        "params": _n(shown.params) if counted else "",
        "macs": _n(shown.macs) if counted else "",
        "rf": rf, "jump": jump,
        "formula": "" if shown.folded else _formula_cell(row),
    }


def shape_heading(report: NetworkReport, layout: Layout) -> str:
    """``'input 39×39×3 (H×W×C)'``, with the network's name and the batch when there are."""
    order = "C×H×W" if layout is Layout.NCHW else "H×W×C"
    batch = f", batch {report.batch}" if report.batch else ""
    title = f"{report.name} · " if report.name else ""
    return f"{title}input {report.input.format(layout)} ({order}{batch})"


def shape_grid(
    report: NetworkReport,
    layout: Layout,
    receptive: bool = False,
    macs: bool = False,
    depth: int | None = None,
    columns: tuple[str, ...] | None = None,
) -> tuple[list[Column], list[list[str]]]:
    """The table's columns and cells: one row per layer, as written, then the ``columns``
    (default: output shape, activations, parameters, formulas; ``receptive`` and ``macs`` add
    theirs). The terminal (``render_table``) and HTML (``html_table``) draw the same cells."""
    names = columns or chosen_columns(receptive, macs)
    headers = _headers(report, layout)
    table = [Column("#", "right"),
             Column("layer", footer="total", wrap=True, min_width=10, commas=True),
             *(headers[name] for name in names)]
    first = {"shape": report.input.format(layout), "activations": _n(report.input.elements)}
    rows = [["0", "input", *(first.get(name, "") for name in names)]]
    for shown in shown_rows(report, depth):
        folded = f" (+{shown.folded} rows)" if shown.folded else ""
        cells = _cells(shown, layout)
        rows.append([str(shown.row.index), layer_cell(shown.row) + folded,
                     *(cells[name] for name in names)])
    return table, rows


def shape_table(
    report: NetworkReport,
    layout: Layout,
    receptive: bool = False,
    width: int | None = 120,
    macs: bool = False,
    depth: int | None = None,
    columns: tuple[str, ...] | None = None,
) -> str:
    """The heading, then the grid (``shape_grid``) drawn as text.

    Fitted to ``width`` (see ``render_table``): gaps narrow, headers shorten, formulas and layer
    text fold, then columns are left out: RF and jump, activations, formula, MACs, params.
    """
    table, rows = shape_grid(report, layout, receptive, macs, depth, columns)
    heading = fold_text(shape_heading(report, layout), width)
    return f"{heading}\n\n{render_table(table, rows, width)}"


def shape_notes(report: NetworkReport, macs: bool = False) -> str:
    """What the table's totals mean, then remarks on individual layers and on the network."""
    return "\n".join(shape_note_lines(report, macs))


def shape_note_lines(report: NetworkReport, macs: bool = False) -> list[str]:
    """The notes under the table, one string each."""
    lines = ["activations: output elements of every layer, summed, for one sample"]
    if macs:
        lines.append(
            f"MACs: multiply-accumulates of conv and fc layers, bias excluded, one sample: "
            f"{_n(report.macs)} ({units(report.macs)}); cnnlab complexity counts the others"
        )
    if report.batch and report.batch > 1:
        lines[0] += f" (×{report.batch} for the batch: {_n(report.activations * report.batch)})"
    batch = report.batch or 1
    lines.append(
        f"memory as float32: activations {units(4 * report.activations * batch, suffix='B')}"
        f"{' for the batch' if batch > 1 else ''}, parameters "
        f"{units(4 * report.params, suffix='B')} (cnnlab complexity: peak, training, --dtype)"
    )
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
    report: NetworkReport,
    layout: Layout,
    receptive: bool = False,
    width: int | None = 120,
    macs: bool = False,
    depth: int | None = None,
    columns: tuple[str, ...] | None = None,
) -> str:
    """The table, a blank line, then the notes (folded to ``width`` too)."""
    notes = fold_text(shape_notes(report, macs or "macs" in (columns or ())), width)
    table = shape_table(report, layout, receptive, width, macs, depth, columns)
    return f"{table}\n\n{notes}"


def formula_view(sizes: tuple[OutputSize, OutputSize], width: int | None = None) -> str:
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
    return fold_text("\n".join(lines), width)

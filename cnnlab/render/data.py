"""Reports as plain JSON-ready data (exact integers, shapes as lists and strings). No rich here."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from cnnlab.arith import OutputSize, Receptive
from cnnlab.network import LayerReport, NetworkReport
from cnnlab.shape import Layout, Shape


def shape_data(shape: Shape, layout: Layout) -> dict[str, Any]:
    return {"dims": list(shape.dims(layout)), "text": shape.format(layout)}


def size_data(size: OutputSize, axis: int) -> dict[str, Any]:
    """One axis of output-size arithmetic."""
    data: dict[str, Any] = {
        "n": size.n,
        "f": size.f,
        "s": size.s,
        "d": size.d,
        "p_before": size.p_before,
        "p_after": size.p_after,
        "output": size.value,
        "formula": size.formula(),
        "template": size.template(),
    }
    if size.ceil_mode:
        data["ceil_mode"] = True
    if size.transposed:
        data["output_padding"] = size.output_padding
    if size.uncovered or (size.remainder and not size.ceil_mode):
        data["uncovered_input_rows"] = size.uncovered
        found = size.coverage()
        if found is not None and found.rows:
            data["uncovered_rows"] = list(found.rows)
    note = size.note(axis)
    if note:
        data["note"] = note
    return data


def _row_data(row: LayerReport, layout: Layout) -> dict[str, Any]:
    data: dict[str, Any] = {
        "index": row.index,
        "layer": row.text,
        "kind": row.kind,
        "depth": row.depth,
        "input": shape_data(row.input, layout),
        "output": shape_data(row.output, layout),
        "activations": row.activations,
        "params": row.params,
        "macs": row.macs,
    }
    if row.name:
        data["name"] = row.name
    if row.branch is not None:
        data["branch"] = row.branch
    if row.buffers:
        data["buffers"] = row.buffers
    if row.sizes:
        data["size"] = {"height": size_data(row.sizes[0], 0), "width": size_data(row.sizes[1], 1)}
    if row.param_formula:
        data["params_formula"] = row.param_formula
    if row.notes:
        data["notes"] = list(row.notes)
    data["receptive_field"] = receptive_data(row.receptive)
    return data


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def receptive_data(rf: Receptive) -> dict[str, Any]:
    """Receptive field and jump as numbers (``whole``: the layer sees the entire input)."""
    text, jump = rf.format()
    if rf.whole:
        return {"whole": True, "text": text}
    return {
        "whole": False,
        "height": rf.size[0],
        "width": rf.size[1],
        "jump": {"height": _number(rf.jump[0]), "width": _number(rf.jump[1]), "text": jump},
        "text": text,
    }


def network_data(report: NetworkReport, layout: Layout) -> dict[str, Any]:
    """The whole shape report: input, one entry per row, totals."""
    batch = report.batch or 1
    data: dict[str, Any] = {
        "layout": layout.value,
        "input": shape_data(report.input, layout),
        "batch": report.batch,
        "layers": [_row_data(row, layout) for row in report.rows],
        "totals": {
            "output": shape_data(report.output, layout),
            "params": report.params,
            "macs": report.macs,
            "buffers": report.buffers,
            "activations_per_sample": report.activations,
            "activations": report.activations * batch,
        },
    }
    for key in ("name", "source"):
        if getattr(report, key):
            data[key] = getattr(report, key)
    if report.notes:
        data["notes"] = list(report.notes)
    return data

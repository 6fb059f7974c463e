"""Complexity reports as JSON-ready data: exact integers, every convention spelled out. No rich."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cnnlab.complexity import ComplexityReport, Convention, LayerCost
from cnnlab.complexity.analysis import INDEX_BYTES, MASK_BYTES
from cnnlab.complexity.compare import Comparison
from cnnlab.complexity.conventions import SHOWN_CONVENTIONS
from cnnlab.complexity.flop_counters import ToolCount
from cnnlab.render.data import shape_data
from cnnlab.shape import Layout
from cnnlab.zoo import Example, Listing, ZooModel


def convention_data(convention: Convention) -> dict[str, Any]:
    return {
        "count": convention.count.value,
        "bias": convention.bias,
        "scope": convention.scope.value,
        "backward": convention.backward,
        "description": convention.describe(),
    }


def _ops(cost: LayerCost, backward: bool) -> dict[str, int]:
    ops = cost.backward_ops if backward else cost.ops
    data = ops._asdict()
    data.pop("weighted")
    data.pop("connections")
    return {k: v for k, v in data.items() if v}


def _row(cost: LayerCost, report: ComplexityReport, layout: Layout) -> dict[str, Any]:
    row = cost.row
    data: dict[str, Any] = {
        "index": row.index,
        "layer": row.text,
        "kind": row.kind,
        "depth": row.depth,
        "output": shape_data(row.output, layout),
        "time": cost.time,
        "params": row.params,
        "activations": cost.activations,
        "activation_bytes": cost.activations * report.dtype.bytes,
        "ops": _ops(cost, False),
    }
    if row.name:
        data["name"] = row.name
    if row.branch is not None:
        data["branch"] = row.branch
    if report.convention.backward:
        data |= {"forward": cost.forward, "backward": cost.backward,
                 "backward_ops": _ops(cost, True)}
    if cost.ops.connections:
        data["connections"] = cost.ops.connections * report.batch
    return data


def report_data(report: ComplexityReport, layout: Layout = Layout.NHWC) -> dict[str, Any]:
    """The whole report: convention, per-layer rows, totals, memory."""
    m, d = report.memory, report.dtype.bytes
    data: dict[str, Any] = {
        "convention": convention_data(report.convention),
        "dtype": report.dtype.value,
        "bytes_per_value": d,
        "batch": report.batch,
        "input": shape_data(report.network.input, layout),
        "output": shape_data(report.network.output, layout),
        "layers": [_row(c, report, layout) for c in report.costs],
        "totals": {
            "time": report.time,
            "forward": report.forward,
            "backward": report.backward,
            "params": report.params,
            "params_bytes": report.params_bytes,
            "buffers": report.buffers,
            "activations": report.activations,
            "activation_bytes": report.activation_bytes,
            "connections": report.connections,
        },
        "memory": {
            "peak_inference_bytes": report.peak_bytes,
            "peak_inference_values": m.peak * report.batch,
            "peak_row": m.peak_row,
            "training_saved_bytes": report.saved_bytes,
            "training_saved_values": m.saved * report.batch,
            "training_saved_indices": m.indices * report.batch,
            "training_saved_masks": m.masks * report.batch,
            "training_with_weights_and_gradients_bytes": report.training_bytes,
            "index_bytes": INDEX_BYTES,
            "mask_bytes": MASK_BYTES,
        },
    }
    for key in ("name", "source"):
        if getattr(report.network, key):
            data[key] = getattr(report.network, key)
    if report.network.notes:
        data["notes"] = list(report.network.notes)
    return data


def comparison_data(comparison: Comparison, layout: Layout = Layout.NHWC) -> dict[str, Any]:
    """Both designs and, per quantity, their values and ratios (b/a as a fraction and float)."""
    lines = []
    for line in comparison.lines:
        entry: dict[str, Any] = {"quantity": line.quantity, "meaning": line.meaning,
                                 "a": line.a, "b": line.b}
        if line.ratio is not None:
            entry |= {"ratio": float(line.ratio),
                      "ratio_exact": f"{line.ratio.numerator}/{line.ratio.denominator}"}
        lines.append(entry)
    return {
        "convention": convention_data(comparison.a.convention),
        "a": report_data(comparison.a, layout),
        "b": report_data(comparison.b, layout),
        "comparison": lines,
        "notes": list(comparison.notes),
    }


def formulas_data(formulas: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Layer formulas (``cnnlab.complexity.symbolic.LayerFormulas``) as plain data."""
    return [
        {"index": f.index, "layer": f.text, "name": f.name, "symbols": dict(f.legend),
         "equalities": list(f.equalities), "formulas": [asdict(x) for x in f.formulas]}
        for f in formulas
    ]


def ratio_data(ratio: Any) -> dict[str, Any] | None:
    """B's time over A's in shared symbols (a ``Ratio``), or ``None`` without one."""
    if ratio is None:
        return None
    return {"a": ratio.a, "b": ratio.b, "ratio": ratio.ratio, "symbols": dict(ratio.legend),
            "terms": [{"term": t, "value": f"{v}"} for t, v in ratio.terms],
            "value": f"{ratio.value}", "float": float(ratio.value)}


def compared_data(
    comparison: Comparison,
    layout: Layout,
    found: tuple[tuple[Any, ...], tuple[Any, ...]] | None = None,
    ratio: Any | None = None,
) -> dict[str, Any]:
    """A comparison, with both designs' formulas and their ratio when ``found``."""
    data = comparison_data(comparison, layout)
    if found is not None:
        data["formulas"] = {"a": formulas_data(found[0]), "b": formulas_data(found[1])}
        data["ratio"] = ratio_data(ratio)
    return data


def explain_data(
    report: ComplexityReport, counts: tuple[ToolCount, ...], model: ZooModel | None
) -> dict[str, Any]:
    """Each tool's count and cnnlab's own conventions, for ``--explain``."""
    return {
        "model": report.name,
        "batch": report.batch,
        "tools": tools_data(counts, model),
        "cnnlab": [convention_data(c) | {"total": report.under(c)} for c in SHOWN_CONVENTIONS],
    }


def tools_data(counts: tuple[ToolCount, ...], model: ZooModel | None) -> list[dict[str, Any]]:
    out = []
    for count in counts:
        entry: dict[str, Any] = {"tool": count.tool.value, "unit": count.rules.unit,
                                 "counts": count.rules.counts, "rules_from": count.rules.source,
                                 "total": count.total, "parts": dict(count.parts)}
        figure = count.published(model)
        if figure:
            entry["published"] = {"printed": figure.printed, "unit": figure.unit,
                                  "source": figure.source, "matches": figure.matches(count.total)}
        out.append(entry)
    return out


def example_data(example: Example) -> dict[str, Any]:
    return {"name": example.name, "title": example.title, "statement": example.statement,
            "source": example.source, "notes": list(example.notes)}


def zoo_data(rows: list[tuple[ZooModel, Listing]]) -> list[dict[str, Any]]:
    return [
        {"name": m.name, "aliases": list(m.aliases), "title": m.title, "example": m.example,
         "input": shape_data(r.network.input, Layout.NHWC), "params": r.params,
         "macs": r.time, "source": r.network.source,
         "figures": [asdict(f) | {"matches": f.matches(r.params if f.quantity == "params"
                                                        else r.time)}
                     for f in m.figures if f.tool in ("torchvision", "paper")]}
        for m, r in rows
    ]

"""Rich renderables for ``cnnlab complexity``: per-layer costs, totals, memory, comparisons.

The cells come from ``complexity_grid`` (HTML draws the same ones)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cnnlab.complexity import ComplexityReport
from cnnlab.complexity.compare import Comparison
from cnnlab.render.complexity_grid import (
    comparison_grid,
    comparison_title,
    cost_grid,
    design_title,
    header_lines,
    note_lines,
    summary_rows,
)
from cnnlab.render.text_table import fold_text, render_table
from cnnlab.shape import Layout

__all__ = ["comparison_table", "comparison_view", "complexity_view", "cost_table", "header",
           "notes", "summary"]


def header(report: ComplexityReport, layout: Layout) -> Text:
    return Text("\n".join(header_lines(report, layout)), style="bold")


def cost_table(
    report: ComplexityReport,
    layout: Layout,
    binary: bool = False,
    connections: bool = False,
    width: int | None = 120,
    depth: int | None = None,
) -> Text:
    """The cost grid as text, fitted to ``width`` (``None``: natural width): layer text folds,
    then columns are left out in this order: activation bytes, connections, activations,
    parameters. Drawn as plain text (``render_table``): a rich Table of ResNet-50's 175 rows
    takes longer to lay out than the whole analysis.
    """
    columns, rows = cost_grid(report, layout, binary, connections, depth)
    return Text(render_table(columns, rows, width), no_wrap=True, overflow="ignore")


def summary(report: ComplexityReport, binary: bool = False, connections: bool = False) -> Table:
    """The totals as a borderless two-column grid."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, text in summary_rows(report, binary, connections):
        grid.add_row(label, text)
    return grid


def notes(report: ComplexityReport) -> Text:
    return Text("\n".join(note_lines(report)), style="dim")


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
    """The title, then the comparison grid fitted to ``width``."""
    columns, rows = comparison_grid(comparison, binary)
    title = fold_text(comparison_title(comparison), width)
    return Text(f"{title}\n{render_table(columns, rows, width)}", no_wrap=True,
                overflow="ignore")


def comparison_view(
    comparison: Comparison, layout: Layout, binary: bool = False, width: int | None = 120
) -> Group:
    parts: list[RenderableType] = [
        Text(f"time counted as {comparison.a.convention.describe()}", style="bold"),
    ]
    for label, report in (("A", comparison.a), ("B", comparison.b)):
        table = cost_table(report, layout, binary, False, width)
        parts += [Text(f"\n{design_title(label, report)}", style="bold"), table]
    parts.append(comparison_table(comparison, binary, width))
    parts += [Text(f"note: {note}", style="dim") for note in comparison.notes]
    return Group(*parts)

"""``cnnlab complexity --explain``: why the FLOP counters disagree, part by part."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from cnnlab.complexity import ComplexityReport
from cnnlab.complexity.conventions import SHOWN_CONVENTIONS
from cnnlab.complexity.flop_counters import ToolCount
from cnnlab.render.fitted import FittedTable
from cnnlab.render.numbers import fixed, n, units
from cnnlab.render.text_table import Column
from cnnlab.zoo import ZooModel


def _published(count: ToolCount, model: ZooModel | None) -> str:
    figure = count.published(model)
    if figure is None:
        return ""
    mark = "✓" if figure.matches(count.total) else "✗"
    return f"{figure.printed} {mark}"


def tools_table(counts: tuple[ToolCount, ...], model: ZooModel | None) -> FittedTable:
    """Each counter's total under its own rules (fitted to the terminal, numbers never cut)."""
    columns = [Column("tool"), Column("calls it", wrap=True, min_width=8),
               Column("count", "right"), Column("G", "right", drop=2),
               Column("published", "right", drop=1)]
    rows = [[count.tool.value, count.rules.unit, n(count.total), fixed(count.total, 10**9),
             _published(count, model)] for count in counts]
    return FittedTable(columns, rows, "each tool's rules applied to this network (×10⁹ = G)")


def parts_text(counts: tuple[ToolCount, ...]) -> Text:
    """Each tool's number as a sum of what it counts."""
    text = Text()
    for count in counts:
        text.append(f"{count.tool.value}", style="bold")
        text.append(f": {count.rules.counts}\n")
        sums = " + ".join(f"{name} {n(value)}" for name, value in count.parts)
        text.append(f"  = {sums} = {n(count.total)}\n")
        text.append(f"  source: {count.rules.source}\n", style="dim")
    return text


def own_table(report: ComplexityReport) -> FittedTable:
    columns = [Column("convention", wrap=True, min_width=16), Column("count", "right"),
               Column("", "right", drop=1)]
    rows = []
    for convention in SHOWN_CONVENTIONS:
        value = report.under(convention)
        rows.append([convention.label(), n(value), units(value)])
    return FittedTable(columns, rows,
                       "cnnlab's own conventions (--count, --bias, --scope, --backward)")


def explain_view(
    report: ComplexityReport, counts: tuple[ToolCount, ...], model: ZooModel | None
) -> Group:
    by_tool = {c.tool.value: c.total for c in counts}
    tv = by_tool["torchvision"]
    lines = [
        f"{report.name or 'this network'}: the same network, five numbers. They differ only in "
        f"what is counted and in what one operation is.",
        f"Every tool agrees on the conv + fc multiply-accumulates ({n(tv)}); ptflops, thop and "
        f"fvcore add batch norm, activations, pooling and biases by their own rules, and "
        f"calflops reports FLOPs, 2 per multiply-accumulate.",
    ]
    parts: list[RenderableType] = [
        Text("\n".join(lines), style="bold"),
        tools_table(counts, model),
        parts_text(counts),
        own_table(report),
        Text("A transposed convolution costs what the convolution it mirrors costs "
             "(H_in·W_in·C_in·f²·C_out/g); ptflops and thop count it on the output grid, too "
             "many by about stride², and fvcore did until 2021 (fvcore issue #78, ptflops "
             "issue #149).", style="dim"),
    ]
    return Group(*parts)

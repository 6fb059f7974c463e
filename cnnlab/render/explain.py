"""``cnnlab complexity --explain``: why the FLOP counters disagree, part by part."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cnnlab.complexity import ComplexityReport
from cnnlab.complexity.conventions import SHOWN_CONVENTIONS
from cnnlab.complexity.flop_counters import ToolCount
from cnnlab.render.numbers import n, units
from cnnlab.zoo import ZooModel


def _published(count: ToolCount, model: ZooModel | None) -> str:
    figure = count.published(model)
    if figure is None:
        return ""
    mark = "✓" if figure.matches(count.total) else "✗"
    return f"{figure.printed} {mark}"


def tools_table(counts: tuple[ToolCount, ...], model: ZooModel | None) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left",
                  title="each tool's rules applied to this network (×10⁹ = G)")
    for name in ("tool", "calls it"):
        table.add_column(name)
    for name in ("count", "G", "published"):
        table.add_column(name, justify="right")
    for count in counts:
        table.add_row(count.tool.value, count.rules.unit, n(count.total),
                      f"{count.total / 1e9:.2f}", _published(count, model))
    return table


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


def own_table(report: ComplexityReport) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left",
                  title="cnnlab's own conventions (--count, --bias, --scope, --backward)")
    table.add_column("convention")
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    for convention in SHOWN_CONVENTIONS:
        value = report.under(convention)
        table.add_row(convention.label(), n(value), units(value))
    return table


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

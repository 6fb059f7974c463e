"""``cnnlab complexity --explain`` and ``cnnlab zoo``: why tools disagree; the built-in models."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from cnnlab.complexity import ComplexityReport, Convention, Count, Scope
from cnnlab.complexity.tools import ToolCount
from cnnlab.render.complexity import n
from cnnlab.render.fitted import FittedTable
from cnnlab.render.text_table import Column
from cnnlab.render.units import fixed, units
from cnnlab.zoo import ZooModel

# cnnlab's own conventions shown next to the tools' numbers
OWN = (
    Convention(Count.MACS),
    Convention(Count.MACS, bias=True),
    Convention(Count.FLOPS),
    Convention(Count.MULTS_ADDS, bias=True),
    Convention(Count.MACS, scope=Scope.ALL),
    Convention(Count.FLOPS, bias=True, scope=Scope.ALL),
    Convention(Count.FLOPS, backward=True),
)


def _published(count: ToolCount, model: ZooModel | None) -> str:
    quantity = "flops" if count.tool.value == "calflops" else "macs"
    figure = model.figure(count.tool.value, quantity) if model else None
    if figure is None:
        return ""
    mark = "✓" if figure.matches(count.total) else "✗"
    return f"{figure.printed} {mark}"


def tools_table(counts: tuple[ToolCount, ...], model: ZooModel | None) -> FittedTable:
    columns = [Column("tool"), Column("calls it", wrap=True, min_width=8),
               Column("count", "right"), Column("G", "right", drop=2),
               Column("published", "right", drop=1)]  # fmt: skip
    rows = [[count.tool.value, count.rules.unit, n(count.total), fixed(count.total, 10**9),
             _published(count, model)] for count in counts]  # fmt: skip
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
               Column("", "right", drop=1)]  # fmt: skip
    rows = []
    for convention in OWN:
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
    ]  # fmt: skip
    return Group(*parts)


def zoo_table(rows: list[tuple[ZooModel, ComplexityReport]]) -> FittedTable:
    """The built-in models: names, input, parameters, MACs and where they come from."""
    columns = [Column("name"), Column("also", wrap=True, min_width=8, commas=True, drop=1),
               Column("input"), Column("params", "right", drop=3), Column("MACs", "right"),
               Column("what", wrap=True, min_width=12, drop=2)]  # fmt: skip
    cells = [[model.name, ", ".join(model.aliases), str(report.network.input), n(report.params),
              n(report.time), model.title] for model, report in rows]  # fmt: skip
    return FittedTable(columns, cells, "built-in models (cnnlab complexity --model NAME); MACs: "
                       "the default convention, conv and fc layers, bias excluded")  # fmt: skip


def zoo_view(rows: list[tuple[ZooModel, ComplexityReport]], sources: bool) -> Group:
    parts: list[RenderableType] = [zoo_table(rows)]
    if sources:
        text = Text()
        for model, report in rows:
            text.append(f"{model.name}", style="bold")
            text.append(f": {report.network.source}\n")
            for note in report.network.notes:
                text.append(f"  note: {note}\n", style="dim")
        parts.append(text)
    else:
        parts.append(Text("sources and errata: cnnlab zoo --sources; worked examples: "
                          "cnnlab complexity --example nndl-5-4 | inception-1x1", style="dim"))
    return Group(*parts)

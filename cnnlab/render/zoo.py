"""``cnnlab zoo``: the built-in models as a table, with their sources."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cnnlab.render.numbers import n
from cnnlab.zoo import Listing, ZooModel


def zoo_table(rows: list[tuple[ZooModel, Listing]]) -> Table:
    """The built-in models: names, input, parameters, MACs and where they come from."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left",
                  title="built-in models (cnnlab complexity --model NAME); MACs: the "
                  "default convention, conv and fc layers, bias excluded")
    table.add_column("name", no_wrap=True)
    table.add_column("also", overflow="fold")
    table.add_column("input", no_wrap=True)
    table.add_column("params", justify="right")
    table.add_column("MACs", justify="right")
    table.add_column("what", overflow="fold")
    for model, report in rows:
        table.add_row(model.name, ", ".join(model.aliases), str(report.network.input),
                      n(report.params), n(report.time), model.title)
    return table


def zoo_view(rows: list[tuple[ZooModel, Listing]], sources: bool) -> Group:
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

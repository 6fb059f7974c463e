"""``cnnlab zoo``: the built-in models as a table, with their sources."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from cnnlab.render.fitted import FittedTable
from cnnlab.render.numbers import n
from cnnlab.render.text_table import Column
from cnnlab.zoo import Listing, ZooModel


def zoo_table(rows: list[tuple[ZooModel, Listing]]) -> FittedTable:
    """The built-in models: names, input, parameters, MACs and where they come from (on a
    narrow terminal the aliases, then the titles, then the parameters are left out)."""
    columns = [Column("name"), Column("also", wrap=True, min_width=8, commas=True, drop=1),
               Column("input"), Column("params", "right", drop=3), Column("MACs", "right"),
               Column("what", wrap=True, min_width=12, drop=2)]
    cells = [[model.name, ", ".join(model.aliases), str(report.network.input), n(report.params),
              n(report.time), model.title] for model, report in rows]
    return FittedTable(columns, cells, "built-in models (cnnlab complexity --model NAME); MACs: "
                       "the default convention, conv and fc layers, bias excluded")


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

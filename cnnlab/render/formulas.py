"""Formulas as a homework answer: symbols, the general formula, this layer's, the numbers."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from cnnlab.complexity.compare import Comparison
from cnnlab.render.complexity import comparison_table
from cnnlab.render.numbers import n
from cnnlab.zoo import Example

QUANTITY = {"time": "time", "params": "params", "space": "space"}


def _chain(formula: Any) -> str:
    """``general = simplified = numbers = value``, each step once."""
    steps = [formula.general]
    if formula.simplified != formula.general:
        steps.append(formula.simplified)
    if formula.numbers != str(formula.value):
        steps.append(formula.numbers)
    return " = ".join([*steps, n(formula.value)])


def layer_block(layer: Any, unit: str) -> Text:
    """One layer's formulas (a ``LayerFormulas``)."""
    title = f"layer {layer.index}  " + (f"{layer.name} ({layer.text})" if layer.name
                                          else layer.text)
    text = Text(title + "\n", style="bold")
    legend = ", ".join(f"{name} = {value}" for name, value in layer.legend)
    text.append(f"  {legend}\n", style="dim")
    if layer.equalities:
        text.append(f"  here {', '.join(layer.equalities)}\n", style="dim")
    for formula in layer.formulas:
        line = f"  {QUANTITY[formula.quantity]:<7}= {_chain(formula)}"
        if formula.quantity == "time":
            line += f" {unit}   {formula.order}"
        text.append(line + "\n")
    return text


def formulas_view(formulas: tuple[Any, ...], unit: str, total: int | None = None) -> Group:
    """Every layer's formulas, then the sum of their times."""
    parts: list[RenderableType] = [Text("formulas for one sample, forward pass", style="dim")]
    parts += [layer_block(f, unit) for f in formulas]
    times = [x.value for f in formulas for x in f.formulas if x.quantity == "time"]
    if len(times) > 1 and total is not None:
        line = f"time = {' + '.join(n(t) for t in times)} = {n(sum(times))} {unit}"
        if sum(times) != total:
            line += f" (layers with a formula; all layers: {n(total)})"
        parts.append(Text(line))
    if not formulas:
        parts.append(Text("no layer here has a closed formula (conv, dwconv, convT, fc)"))
    return Group(*parts)


def _fraction(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value}"


def ratio_view(ratio: Any) -> Text:
    """B's time over A's in shared symbols (a ``Ratio``), term by term."""
    legend = ", ".join(f"{name} = {value}" for name, value in ratio.legend)
    terms = " + ".join(_fraction(v) for _, v in ratio.terms)
    lines = [
        f"in shared symbols ({legend}):",
        f"  A = {ratio.a}",
        f"  B = {ratio.b}",
        f"  B/A = {ratio.ratio} = {terms} = {_fraction(ratio.value)} ≈ {float(ratio.value):.1%}",
    ]
    return Text("\n".join(lines))


def compared_formulas_view(
    found: tuple[tuple[Any, ...], tuple[Any, ...]], ratio: Any | None, unit: str
) -> Group:
    """Both designs' formulas (``--vs --symbolic``), then their ratio in shared symbols."""
    parts: list[RenderableType] = []
    for label, formulas in zip("AB", found, strict=True):
        parts += [Text(f"\n{label}", style="bold"), formulas_view(formulas, unit)]
    parts += [ratio_view(ratio)] if ratio else []
    return Group(*parts)


def _answer(example: Example, comparison: Comparison) -> Text:
    """The worked answer in sentences, with the figures the exercise asks for."""
    a, b = comparison.a, comparison.b
    unit = a.convention.count.label
    share = Fraction(b.time, a.time)
    lines = [
        f"answer (time as {unit}, space as output values; parameters too):",
        f"  direct:     time {n(a.time)}, space {n(a.activations)}, parameters {n(a.params)}",
        f"  bottleneck: time {n(b.time)}, space {n(b.activations)}, parameters {n(b.params)}",
        f"  the bottleneck needs {float(share):.1%} of the time "
        f"({float(1 / share):.2f}× fewer {unit}), {n(b.activations - a.activations)} more "
        f"output values to store, and {float(Fraction(b.params, a.params)):.1%} of the "
        f"parameters",
    ]
    return Text("\n".join(lines), style="bold")


def example_view(
    example: Example,
    comparison: Comparison,
    formulas: tuple[tuple[Any, ...], tuple[Any, ...]],
    ratio: Any | None,
    width: int | None = None,
) -> Group:
    unit = comparison.a.convention.count.label
    parts: list[RenderableType] = [
        Text(example.title, style="bold underline"),
        Text(example.statement + "\n"),
        Text(f"time counted as {comparison.a.convention.describe()}", style="bold"),
    ]
    for label, report, found in (("A", comparison.a, formulas[0]),
                                 ("B", comparison.b, formulas[1])):
        parts.append(Text(f"\n{label}: {report.name}", style="bold"))
        parts.append(formulas_view(found, unit, report.time))
    parts.append(comparison_table(comparison, width=width))
    if ratio is not None:
        parts.append(ratio_view(ratio))
    parts.append(Text(""))
    parts.append(_answer(example, comparison))
    parts += [Text(f"note: {note}", style="dim") for note in example.notes]
    parts.append(Text(f"source: {example.source}", style="dim"))
    return Group(*parts)

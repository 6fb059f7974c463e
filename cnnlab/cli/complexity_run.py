"""What ``cnnlab complexity`` does once its arguments are read (imported only when it runs)."""

from __future__ import annotations

from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text

from cnnlab.cli.complexity_args import Options
from cnnlab.cli.output import emit
from cnnlab.complexity import ComplexityReport, Notation, analyse
from cnnlab.complexity.compare import compare
from cnnlab.errors import SpecError
from cnnlab.network import Network
from cnnlab.shape import Shape
from cnnlab.spec.kinds import find_kind
from cnnlab.zoo import ZooModel, find_example, find_model, load_model


def _emit(options: Options, data: Any, view: Any = None) -> None:
    emit(data, view, options.as_json)


def _width() -> int:
    return Console().width


def _analyse(network: Network, shape: Shape | None, options: Options,
             batch: int | None = None) -> ComplexityReport:  # fmt: skip
    return analyse(network, shape, batch or options.batch, options.convention, options.dtype)


def _formulas(report: ComplexityReport, notation: Notation) -> tuple[Any, ...]:
    from cnnlab.complexity.symbolic import network_formulas

    return network_formulas(report.costs, report.convention, notation)


def _model(name: str | None) -> ZooModel | None:
    try:
        return find_model(name) if name else None
    except SpecError:
        return None


def _single(report: ComplexityReport, model: ZooModel | None, options: Options) -> None:
    from cnnlab.render.complexity_data import formulas_data, report_data
    from cnnlab.render.complexity_views import ComplexityView

    connections = options.connections or bool(model and model.connections)
    data = report_data(report, options.layout)
    extra = None
    if options.symbolic:
        from cnnlab.render.formulas import formulas_view

        formulas = _formulas(report, options.notation or Notation.GENERIC)
        data["formulas"] = formulas_data(formulas)
        unit = report.convention.count.label
        extra = formulas_view(formulas, unit, report.forward // report.batch)
    view = ComplexityView(report, options.layout, options.per_layer, options.binary, connections,
                          _width(), extra)  # fmt: skip
    _emit(options, data, view)


def _other(text: str, report: ComplexityReport, options: Options) -> ComplexityReport:
    """The ``--vs`` design: a model name, or layers fed the same input."""
    from cnnlab.spec import parse_items

    word = text.strip()
    if word and not any(ch in word for ch in ":[ ") and find_kind(word) is None:
        network = load_model(find_model(word).name)
    else:
        network = Network(parse_items([text], ["--vs"]), name=text.strip())
    return _analyse(network, report.network.input, options, report.batch)


def _compare(a: ComplexityReport, b: ComplexityReport, options: Options) -> None:
    from rich.console import Group

    from cnnlab.render.complexity_data import comparison_data, formulas_data
    from cnnlab.render.complexity_views import ComparisonView

    comparison = compare(a, b)
    data = comparison_data(comparison, options.layout)
    parts: list[RenderableType] = []
    if options.symbolic:
        from cnnlab.complexity.chain import chain_ratio
        from cnnlab.render.formulas import formulas_view, ratio_view

        notation = options.notation or Notation.GENERIC
        found_a, found_b = _formulas(a, notation), _formulas(b, notation)
        ratio = chain_ratio(a, b, notation)
        unit = a.convention.count.label
        parts += [Text("\nA", style="bold"), formulas_view(found_a, unit)]
        parts += [Text("\nB", style="bold"), formulas_view(found_b, unit)]
        parts += [ratio_view(ratio)] if ratio else []
        data["formulas"] = {"a": formulas_data(found_a), "b": formulas_data(found_b)}
        data["ratio"] = _ratio_data(ratio) if ratio else None
    extra = Group(*parts) if parts else None
    view = ComparisonView(comparison, options.layout, options.binary, _width(), extra)
    _emit(options, data, view)


def _ratio_data(ratio: Any) -> dict[str, Any]:
    return {"a": ratio.a, "b": ratio.b, "ratio": ratio.ratio, "symbols": dict(ratio.legend),
            "terms": [{"term": t, "value": f"{v}"} for t, v in ratio.terms],
            "value": f"{ratio.value}", "float": float(ratio.value)}  # fmt: skip


def _explain(report: ComplexityReport, model: ZooModel | None, options: Options) -> None:
    from cnnlab.complexity.tools import reconcile
    from cnnlab.render.complexity_data import convention_data, tools_data
    from cnnlab.render.explain import OWN, explain_view

    counts = reconcile(report)
    data = {
        "model": report.name,
        "batch": report.batch,
        "tools": tools_data(counts, model),
        "cnnlab": [convention_data(c) | {"total": report.under(c)} for c in OWN],
    }
    _emit(options, data, explain_view(report, counts, model))


def run(network: Network, shape: Shape | None, model_name: str | None, vs: str | None,
        explain: bool, options: Options) -> None:  # fmt: skip
    """Analyse ``network`` and print the report, the comparison or the explanation."""
    report = _analyse(network, shape, options)
    model = _model(model_name)
    if explain:  # published figures hold for one sample of the model's own input
        as_published = report.batch == 1 and shape in (None, network.input)
        return _explain(report, model if as_published else None, options)
    if vs is not None:
        return _compare(report, _other(vs, report, options), options)
    _single(report, model, options)


def run_example(name: str, options: Options) -> None:
    """A worked example: both designs with their formulas, the comparison, the answer."""
    from cnnlab.complexity.chain import chain_ratio
    from cnnlab.render.complexity_data import comparison_data, example_data, formulas_data
    from cnnlab.render.formulas import example_view

    example = find_example(name)
    notation = options.notation or Notation(example.notation)
    a, b = (_analyse(load_model(n), None, options) for n in (example.direct, example.bottleneck))
    comparison = compare(a, b)
    found = (_formulas(a, notation), _formulas(b, notation))
    ratio = chain_ratio(a, b, notation)
    data = example_data(example) | comparison_data(comparison, options.layout)
    data["formulas"] = {"a": formulas_data(found[0]), "b": formulas_data(found[1])}
    data["ratio"] = _ratio_data(ratio) if ratio else None
    _emit(options, data, example_view(example, comparison, found, ratio))

"""What ``cnnlab complexity`` does once its arguments are read (imported only when it runs).

Wiring only: the network comes from ``cnnlab.sources``, the numbers from ``cnnlab.complexity``,
the table or the JSON (only the one printed is built) from ``cnnlab.render``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cnnlab.cli.batch import choose_batch
from cnnlab.cli.complexity_args import Options, Request, options
from cnnlab.cli.output import emit, terminal_width
from cnnlab.complexity import ComplexityReport, Notation, analyse
from cnnlab.network import Network
from cnnlab.shape import Shape
from cnnlab.sources import resolve, resolve_design
from cnnlab.zoo.registry import EXPLAINED


def _width() -> int | None:
    return terminal_width()


def _analyse(network: Network, shape: Shape | None, options: Options,
             batch: int | None = None) -> ComplexityReport:
    return analyse(network, shape, batch or options.batch, options.convention, options.dtype)


def _formulas(report: ComplexityReport, notation: Notation) -> tuple[Any, ...]:
    from cnnlab.complexity.symbolic import network_formulas

    return network_formulas(report.costs, report.convention, notation)


def execute(r: Request) -> None:
    """Analyse what was asked and print it."""
    chosen = options(r)
    if r.source == "--example":
        return _example(r.example or "", chosen)
    layers = r.tokens[1:] if r.source == "layers" else None
    source = resolve(
        layers, input=r.tokens[0] if layers else r.input, file=r.file, layout=r.layout,
        model=(r.model or EXPLAINED) if r.source == "--model" else None,
        name=" ".join(layers) if layers else None,
    )
    given = r.tokens[0] if layers else r.input or ""
    chosen = replace(chosen, batch=choose_batch(r.batch, source.batch, given, r.as_json))
    report = _analyse(source.network, source.input, chosen)
    if r.explain:  # published figures hold for one sample of the model's own input
        as_published = report.batch == 1 and source.input in (None, source.network.input)
        return _explain(report, source.model if as_published else None, chosen)
    if r.vs is not None:
        other = _analyse(resolve_design(r.vs), report.network.input, chosen, report.batch)
        return _compare(report, other, chosen)
    _single(report, source.model, chosen)


def _single(report: ComplexityReport, model: str | None, options: Options) -> None:
    from cnnlab.zoo import find_model

    connections = options.connections or bool(model and find_model(model).connections)
    formulas = _formulas(report, options.notation or Notation.GENERIC) if options.symbolic else None

    def data() -> dict[str, Any]:
        from cnnlab.render.complexity_data import formulas_data, report_data

        found = report_data(report, options.layout)
        return found | ({"formulas": formulas_data(formulas)} if formulas is not None else {})

    def view() -> Any:
        from cnnlab.render.complexity_views import ComplexityView
        from cnnlab.render.formulas import formulas_view

        extra = None
        if formulas is not None:
            unit = report.convention.count.label
            extra = formulas_view(formulas, unit, report.forward // report.batch)
        return ComplexityView(report, options.layout, options.per_layer, options.binary,
                              connections, _width(), extra, options.depth)

    emit(data, view, options.as_json)


def _compare(a: ComplexityReport, b: ComplexityReport, options: Options) -> None:
    from cnnlab.complexity.compare import compare

    comparison = compare(a, b)
    found, ratio = None, None
    if options.symbolic:
        from cnnlab.complexity.chain import chain_ratio

        notation = options.notation or Notation.GENERIC
        found, ratio = (_formulas(a, notation), _formulas(b, notation)), chain_ratio(a, b, notation)

    def data() -> dict[str, Any]:
        from cnnlab.render.complexity_data import compared_data

        return compared_data(comparison, options.layout, found, ratio)

    def view() -> Any:
        from cnnlab.render.complexity_views import ComparisonView
        from cnnlab.render.formulas import compared_formulas_view

        extra = None
        if found is not None:
            extra = compared_formulas_view(found, ratio, a.convention.count.label)
        return ComparisonView(comparison, options.layout, options.binary, _width(), extra)

    emit(data, view, options.as_json)


def _explain(report: ComplexityReport, model: str | None, options: Options) -> None:
    from cnnlab.complexity.flop_counters import reconcile
    from cnnlab.zoo import find_model

    counts = reconcile(report)
    known = find_model(model) if model else None

    def data() -> dict[str, Any]:
        from cnnlab.render.complexity_data import explain_data

        return explain_data(report, counts, known)

    def view() -> Any:
        from cnnlab.render.explain import explain_view

        return explain_view(report, counts, known)

    emit(data, view, options.as_json)


def _example(name: str, options: Options) -> None:
    """A worked example: both designs with their formulas, the comparison, the answer."""
    from cnnlab.complexity.chain import chain_ratio
    from cnnlab.complexity.compare import compare
    from cnnlab.zoo import find_example, load_model

    example = find_example(name)
    notation = options.notation or Notation(example.notation)
    a, b = (_analyse(load_model(n), None, options) for n in (example.direct, example.bottleneck))
    comparison = compare(a, b)
    found = (_formulas(a, notation), _formulas(b, notation))
    ratio = chain_ratio(a, b, notation)

    def data() -> dict[str, Any]:
        from cnnlab.render.complexity_data import compared_data, example_data

        return example_data(example) | compared_data(comparison, options.layout, found, ratio)

    def view() -> Any:
        from cnnlab.render.formulas import example_view

        return example_view(example, comparison, found, ratio, _width())

    emit(data, view, options.as_json)

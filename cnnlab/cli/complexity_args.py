"""``cnnlab complexity``'s arguments read into a network and options (imported when it runs)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from cnnlab.cli.batch import choose_batch
from cnnlab.cli.output import fail
from cnnlab.complexity import (
    Convention,
    DType,
    Notation,
    parse_count,
    parse_dtype,
    parse_notation,
    parse_scope,
)
from cnnlab.network import Network
from cnnlab.shape import Layout, Shape, parse_shape


@dataclass(frozen=True)
class Request:
    """The command line as given: ``source`` is 'layers', '--model', '--example' or '--file'."""

    source: str
    tokens: list[str]
    model: str | None
    example: str | None
    file: Path | None
    input: str | None
    vs: str | None
    explain: bool
    count: str
    scope: str
    dtype: str
    notation: str | None
    bias: bool
    backward: bool
    layout: Layout
    batch: int | None
    per_layer: bool
    binary: bool
    symbolic: bool
    connections: bool
    as_json: bool


@dataclass(frozen=True)
class Options:
    """Everything the command was asked, once parsed."""

    convention: Convention
    dtype: DType
    notation: Notation | None
    layout: Layout
    batch: int | None
    per_layer: bool
    binary: bool
    symbolic: bool
    connections: bool
    as_json: bool


def options(r: Request) -> Options:
    """The convention and display options; unknown names raise SpecError (exit 1)."""
    convention = Convention(parse_count(r.count), r.bias, parse_scope(r.scope), r.backward)
    notation = parse_notation(r.notation) if r.notation else None
    per_layer = r.per_layer or r.source == "layers"
    return Options(convention, parse_dtype(r.dtype), notation, r.layout, r.batch, per_layer,
                   r.binary, r.symbolic, r.connections, r.as_json)  # fmt: skip


def network(r: Request) -> tuple[Network, Shape | None, int | None]:
    """The network to analyse, the input shape asked for (None: the network's own) and the
    batch written in front of that shape (``8x39x39x3``)."""
    from cnnlab.spec.sequence import parse_arguments

    if r.source == "layers":
        shape, batch = parse_shape(r.tokens[0], r.layout)
        if len(r.tokens) == 1:
            raise fail("no layers given after the input shape (e.g. conv:f=3,k=8)", 2, r.as_json)
        return Network(parse_arguments(r.tokens[1:]), name=" ".join(r.tokens[1:])), shape, batch
    if r.source == "--file":
        from cnnlab.spec.netfile import load_network

        found = load_network(r.file)  # type: ignore[arg-type]
    else:
        from cnnlab.zoo import load_model

        found = load_model(r.model or "resnet50")
    return found, *(parse_shape(r.input, r.layout) if r.input else (None, None))


def execute(r: Request) -> None:
    """Analyse what was asked and print it."""
    from cnnlab.cli.complexity_run import run, run_example

    chosen = options(r)
    if r.source == "--example":
        return run_example(r.example or "", chosen)
    found, shape, written = network(r)
    given = r.tokens[0] if r.source == "layers" else r.input or ""
    chosen = replace(chosen, batch=choose_batch(r.batch, written, given, r.as_json))
    name = (r.model or "resnet50") if r.source == "--model" else None
    run(found, shape, name, r.vs, r.explain, chosen)

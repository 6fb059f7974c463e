"""``cnnlab complexity``'s command line as given (``Request``) and read (``Options``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cnnlab.complexity.conventions import (
    Convention,
    DType,
    Notation,
    parse_count,
    parse_dtype,
    parse_notation,
    parse_scope,
)
from cnnlab.shape import Layout


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
    depth: int | None = None


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
    depth: int | None = None


def options(r: Request) -> Options:
    """The convention and display options; unknown names raise SpecError (exit 1)."""
    convention = Convention(parse_count(r.count), r.bias, parse_scope(r.scope), r.backward)
    notation = parse_notation(r.notation) if r.notation else None
    per_layer = r.per_layer or r.source == "layers"
    return Options(convention, parse_dtype(r.dtype), notation, r.layout, r.batch, per_layer,
                   r.binary, r.symbolic, r.connections, r.as_json, r.depth)

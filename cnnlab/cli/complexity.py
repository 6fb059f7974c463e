"""``cnnlab complexity``: time and space of layers and networks, with the convention named."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cnnlab.cli import app
from cnnlab.cli.errors import domain_errors, fail
from cnnlab.shape import Layout

if TYPE_CHECKING:
    from cnnlab.complexity import Convention, DType, Notation
    from cnnlab.network import Network
    from cnnlab.shape import Shape

EXAMPLES = """
[b]Examples[/b]

  cnnlab complexity 100x100x256 conv:f=3,k=256,p=same

  cnnlab complexity 100x100x256 conv:f=3,k=256,p=same --vs "conv:f=1,k=64 conv:f=3,k=256,p=same"

  cnnlab complexity --example nndl-5-4          (the textbook exercise, worked, with its answer)

  cnnlab complexity --example inception-1x1     (Ng's 28×28×192 bottleneck example)

  cnnlab complexity --model resnet50 --per-layer --count flops --bias

  cnnlab complexity --model resnet50 --explain  (why tools print 4.09, 4.12, 4.14 or 8.21 G)

  cnnlab complexity 28x28x192 conv:f=5,k=32,p=same --symbolic --notation ng

  cnnlab complexity --model lenet5 --per-layer --connections

[b]Conventions[/b]: --count macs (default) | flops (2 per MAC) | mults | mults+adds (exact);
--bias counts bias additions; --scope conv-fc (default) | all (also bn, activations, pooling,
residual additions); --backward adds dX and dW. Every output names the convention it used.
Models: [b]cnnlab zoo[/b]. Docs: docs/complexity.md.
"""


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


def _sources(tokens: list[str], model: str | None, example: str | None, file: Path | None,
             explain: bool) -> str:  # fmt: skip
    """Which one thing to analyse; usage errors (exit 2) for none or several."""
    given = [name for name, value in (("layers", tokens), ("--model", model),
             ("--example", example), ("--file", file)) if value]  # fmt: skip
    if len(given) > 1:
        raise fail(f"give one of INPUT LAYER..., --model, --example or --file, not "
                   f"{' and '.join(given)}", 2)  # fmt: skip
    if not given and not explain:
        raise fail("give an input shape and layers, --model NAME, --example NAME or --file "
                   "(see cnnlab complexity --help; models: cnnlab zoo)", 2)  # fmt: skip
    return given[0] if given else "--model"


def _conflicts(source: str, flags: dict[str, Any]) -> None:
    """Flags that cannot go together: one line and exit 2."""
    rules = [
        ("--input", source == "layers", "the input shape is the first argument here; --input "
         "is for --model and --file"),
        ("--vs", source == "--example", "an example already compares its two designs"),
        ("--input", source == "--example", "an example has its own input"),
        ("--batch", source == "--example", "an example is one sample"),
        ("--explain", source == "--example", "--explain is about a network: use --model"),
        ("--vs", flags["--explain"], "--explain is about one network; drop --vs"),
        ("--symbolic", flags["--explain"], "--explain does not show formulas; drop --symbolic"),
        ("--notation", not (flags["--symbolic"] or source == "--example"),
         "--notation only applies with --symbolic or --example"),
    ]  # fmt: skip
    for flag, condition, message in rules:
        if flags.get(flag) and condition:
            raise fail(message, 2)


def _options(count: str, scope: str, dtype: str, notation: str | None, bias: bool,
             backward: bool, rest: dict[str, Any]) -> Options:  # fmt: skip
    from cnnlab.complexity import (
        Convention,
        parse_count,
        parse_dtype,
        parse_notation,
        parse_scope,
    )

    convention = Convention(parse_count(count), bias, parse_scope(scope), backward)
    chosen = parse_notation(notation) if notation else None
    return Options(convention, parse_dtype(dtype), chosen, **rest)


def _network(source: str, tokens: list[str], model: str | None, file: Path | None,
             input: str | None, layout: Layout) -> tuple[Network, Shape | None]:  # fmt: skip
    from cnnlab.network import Network
    from cnnlab.shape import parse_shape
    from cnnlab.spec import parse_items

    if source == "layers":
        shape, _ = parse_shape(tokens[0], layout)
        if len(tokens) == 1:
            raise fail("no layers given after the input shape (e.g. conv:f=3,k=8)", 2)
        origins = [f"argument {i}" for i in range(2, len(tokens) + 1)]
        return Network(parse_items(tokens[1:], origins), name=" ".join(tokens[1:])), shape
    if source == "--file":
        from cnnlab.spec.netfile import load_network

        network = load_network(file)  # type: ignore[arg-type]
    else:
        from cnnlab.zoo import load_model

        network = load_model(model or "resnet50")
    return network, parse_shape(input, layout)[0] if input else None


@app.command(epilog=EXAMPLES, context_settings={"ignore_unknown_options": True})
def complexity(
    tokens: Annotated[list[str] | None, typer.Argument(
        metavar="INPUT LAYER...", show_default=False,
        help="Input shape (H×W×C, e.g. 100x100x256) then the layers.")] = None,
    model: Annotated[str | None, typer.Option(
        "--model", "-m", help="A built-in model: resnet50, vgg16, ... (see cnnlab zoo).")] = None,
    example: Annotated[str | None, typer.Option(
        help="A worked example: nndl-5-4 or inception-1x1.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A network file (TOML).")] = None,
    input: Annotated[str | None, typer.Option(
        "--input", help="Input shape for --model or --file, e.g. 160x160x3.")] = None,
    vs: Annotated[str | None, typer.Option(
        "--vs", help="A second design on the same input: layers, or a model name.")] = None,
    per_layer: Annotated[bool, typer.Option(
        "--per-layer", help="One row per layer (always on for layers given here).")] = False,
    count: Annotated[str, typer.Option(
        help="macs | flops | mults | mults+adds.")] = "macs",
    bias: Annotated[bool, typer.Option(
        "--bias/--no-bias", help="Count the bias additions.")] = False,
    scope: Annotated[str, typer.Option(
        help="conv-fc (layers with weights) | all (also bn, activations, pooling).")] = "conv-fc",
    backward: Annotated[bool, typer.Option(
        "--backward", help="Add the backward pass (dX and dW).")] = False,
    dtype: Annotated[str, typer.Option(
        help="float32 | float16 | bfloat16 | float64 | int8, for bytes.")] = "float32",
    batch: Annotated[int | None, typer.Option(min=1, help="Samples per pass.")] = None,
    binary: Annotated[bool, typer.Option(
        "--binary", help="Memory in KiB/MiB/GiB instead of kB/MB/GB.")] = False,
    symbolic: Annotated[bool, typer.Option(
        "--symbolic", help="Each layer's formulas, simplified with sympy, then the numbers.")
    ] = False,
    notation: Annotated[str | None, typer.Option(
        help="Symbols of --symbolic: generic | nndl | ng.")] = None,
    connections: Annotated[bool, typer.Option(
        "--connections", help="LeCun's connection counts (LeNet-5).")] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="How torchvision, ptflops, thop, fvcore and calflops count "
        "(default model: resnet50).")] = False,
    layout: Annotated[Layout, typer.Option(help="Shapes as H×W×C or C×H×W.")] = Layout.NHWC,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:  # fmt: skip
    """Time (MACs, FLOPs, ...) and space (parameters, activations, memory) of a network."""
    tokens = tokens or []
    unknown = [t for t in tokens if t.startswith("--") or (t.startswith("-") and t[1:2].isalpha())]
    if unknown:
        raise fail(f"no such option {unknown[0]!r} (see cnnlab complexity --help)", 2)
    source = _sources(tokens, model, example, file, explain)
    flags = {"--input": input, "--vs": vs, "--batch": batch, "--explain": explain,
             "--symbolic": symbolic, "--notation": notation}  # fmt: skip
    _conflicts(source, flags)
    rest = dict(layout=layout, batch=batch, per_layer=per_layer or source == "layers",
                binary=binary, symbolic=symbolic, connections=connections, as_json=as_json)
    with domain_errors():
        options = _options(count, scope, dtype, notation, bias, backward, rest)
        if source == "--example":
            from cnnlab.cli.complexity_run import run_example

            return run_example(example or "", options)
        network, shape = _network(source, tokens, model, file, input, layout)
        from cnnlab.cli.complexity_run import run

        name = (model or "resnet50") if source == "--model" else None
        run(network, shape, name, vs, explain, options)

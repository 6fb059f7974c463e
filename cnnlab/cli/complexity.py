"""``cnnlab complexity``: time and space of layers and networks, with the convention named."""

# No ``from __future__ import annotations`` here: Typer reads this signature on every cnnlab
# start, and evaluating string annotations there costs more than evaluating them once on import.

from pathlib import Path
from typing import Annotated, Any

import typer

from cnnlab.cli.app import app
from cnnlab.cli.output import command_errors, fail
from cnnlab.complexity.counts import Count, count_help
from cnnlab.shape import Layout

# The choices shown in --help (the core also reads a few aliases, e.g. fp16, FLOPs); the
# counts come from their one home, the others are checked by tests/test_cli_help.py.
CHOICES = {
    "count": "|".join(Count),
    "scope": "conv-fc|all",
    "dtype": "float32|float16|bfloat16|float64|int8",
    "notation": "generic|nndl|ng",
}

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

[b]Conventions[/b]: --count {counts};
--bias counts bias additions; --scope conv-fc (default) | all (also bn, activations, pooling,
residual additions); --backward adds dX and dW. Every output names the convention it used.
Models: [b]cnnlab zoo[/b]. Docs: docs/complexity.md.
""".format(counts=" | ".join(c.value for c in Count))


def _sources(tokens: list[str], model: str | None, example: str | None, file: Path | None,
             explain: bool, as_json: bool) -> str:
    """Which one thing to analyse; usage errors (exit 2) for none or several."""
    given = [name for name, value in (("layers", tokens), ("--model", model),
             ("--example", example), ("--file", file)) if value]
    if len(given) > 1:
        raise fail(f"give one of INPUT LAYER..., --model, --example or --file, not "
                   f"{' and '.join(given)}", 2, as_json)
    if not given and not explain:
        raise fail("give an input shape and layers, --model NAME, --example NAME or --file "
                   "(see cnnlab complexity --help; models: cnnlab zoo)", 2, as_json)
    return given[0] if given else "--model"


def _conflicts(source: str, flags: dict[str, Any], as_json: bool) -> None:
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
    ]
    for flag, condition, message in rules:
        if flags.get(flag) and condition:
            raise fail(message, 2, as_json)


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
    depth: Annotated[int | None, typer.Option(min=0, help="Per layer, with blocks nested "
        "deeper than this folded into one row that sums them (0: top level only).")] = None,
    count: Annotated[str, typer.Option(metavar=CHOICES["count"], help=count_help())] = (
        Count.MACS.value),
    bias: Annotated[bool, typer.Option(
        "--bias/--no-bias", help="Count the bias additions.")] = False,
    scope: Annotated[str, typer.Option(metavar=CHOICES["scope"],
        help="Layers with weights, or all (also bn, activations, pooling).")] = "conv-fc",
    backward: Annotated[bool, typer.Option(
        "--backward", help="Add the backward pass (dX and dW).")] = False,
    dtype: Annotated[str, typer.Option(metavar=CHOICES["dtype"],
        help="The number type, for bytes (fp16, bf16, ... also read).")] = "float32",
    batch: Annotated[int | None, typer.Option(min=1, help="Samples per pass.")] = None,
    binary: Annotated[bool, typer.Option(
        "--binary", help="Memory in KiB/MiB/GiB instead of kB/MB/GB.")] = False,
    symbolic: Annotated[bool, typer.Option(
        "--symbolic", help="Each layer's formulas, simplified with sympy, then the numbers.")
    ] = False,
    notation: Annotated[str | None, typer.Option(metavar=CHOICES["notation"],
        help="Symbols of --symbolic.")] = None,
    connections: Annotated[bool, typer.Option(
        "--connections", help="LeCun's connection counts (LeNet-5).")] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="How torchvision, ptflops, thop, fvcore and calflops count "
        "(default model: resnet50).")] = False,
    layout: Annotated[Layout, typer.Option(help="Shapes as H×W×C or C×H×W.")] = Layout.NHWC,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Time (MACs, FLOPs, ...) and space (parameters, activations, memory) of a network."""
    tokens = tokens or []
    unknown = [t for t in tokens if t.startswith("--") or (t.startswith("-") and t[1:2].isalpha())]
    if unknown:
        raise fail(f"no such option {unknown[0]!r} (see cnnlab complexity --help)", 2, as_json)
    source = _sources(tokens, model, example, file, explain, as_json)
    flags = {"--input": input, "--vs": vs, "--batch": batch, "--explain": explain,
             "--symbolic": symbolic, "--notation": notation}
    _conflicts(source, flags, as_json)
    if source == "layers" and len(tokens) == 1:
        raise fail("no layers given after the input shape (e.g. conv:f=3,k=8)", 2, as_json)
    with command_errors(as_json):
        from cnnlab.cli.complexity_args import Request
        from cnnlab.cli.complexity_run import execute

        execute(Request(source, tokens, model, example, file, input, vs, explain, count, scope,
                        dtype, notation, bias, backward, layout, batch, per_layer, binary,
                        symbolic, connections, as_json, depth))

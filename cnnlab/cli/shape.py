"""``cnnlab shape``: output shapes, parameters and the formulas, layer by layer."""

from pathlib import Path
from typing import Annotated

import typer

from cnnlab.cli.app import app
from cnnlab.cli.output import command_errors, emit, fail, terminal_width
from cnnlab.shape import Layout

EXAMPLES = """
[b]Examples[/b]

  cnnlab shape 39x39x3 conv:f=3,k=10 conv:f=5,s=2,k=20 conv:f=5,s=2,k=40 flatten fc:10

  cnnlab shape 32x32x3 conv:f=5,k=8 pool:max,f=2 conv:f=5,k=16 pool:max,f=2 fc:120 fc:84 fc:10

  cnnlab shape 28x28x192 'concat[ conv:f=1,k=64 | conv:f=1,k=96 conv:f=3,k=128,p=same ]'

  cnnlab shape 56x56x64 'res[ conv:f=3,k=64,p=1 bn relu conv:f=3,k=64,p=1 bn ]' relu --rf

  cnnlab shape 32x32x3 conv:f=3,k=8,p=1 maxpool:f=2 conv:f=3,k=8,d=2 --rf --svg rf.svg

  cnnlab shape --file net.toml --json

  cnnlab shape --file docs/examples/tiny-resnet.toml --depth 0 --macs   (blocks folded)

  cnnlab shape 32x32x3 conv:f=5,k=8 pool:max,f=2 --columns shape,params,macs

  cnnlab shape --n 6 --f 3 --p 1 --s 2          (one formula; --n 6x8 for height x width)

[b]Layer language[/b]: KIND:key=value,...  e.g. conv:f=3,k=64,s=2,p=same  pool:max,f=2  fc:120.
Padding p = valid | same | full | tf-same | N | HxW | top/bottom/left/right.
Blocks: concat[ a | b ], add[ a | b ], res[ body ], res[ body | shortcut ], 2*[ ... ], 3*relu.
Every kind and key: [b]cnnlab layers[/b].
"""


@app.command(
    epilog=EXAMPLES,
    context_settings={"ignore_unknown_options": True},
)
def shape(
    tokens: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INPUT LAYER...",
            help="Input shape (H×W×C, e.g. 39x39x3, or N×H×W×C) then the layers.",
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="A network file (TOML); INPUT, if given, overrides its input."),
    ] = None,
    layout: Annotated[
        Layout, typer.Option(help="Shapes read and printed as H×W×C (nhwc) or C×H×W (nchw).")
    ] = Layout.NHWC,
    batch: Annotated[
        int | None, typer.Option(min=1, help="Batch size (scales the activation total).")
    ] = None,
    receptive: Annotated[
        bool, typer.Option("--rf", help="Add receptive-field and jump columns.")
    ] = False,
    macs: Annotated[
        bool, typer.Option("--macs", help="Add a MACs column (conv and fc, bias excluded).")
    ] = False,
    depth: Annotated[
        int | None, typer.Option(min=0, help="Show blocks nested at most this deep; a block "
                                 "at the limit sums what it holds (0: top level only).")
    ] = None,
    columns: Annotated[
        str | None, typer.Option(metavar="shape,activations,params,macs,rf,jump,formula",
                                 help="The columns, in order (# and layer always come first).")
    ] = None,
    svg: Annotated[
        Path | None,
        typer.Option("--svg", help="With --rf: draw one unit's receptive field, traced back to "
                     "the input, into this SVG file."),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="With --svg: the unit ROWxCOL of the last feature map "
                     "(from 0; default its centre)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    n: Annotated[str | None, typer.Option("--n", help="Formula mode: input size, N or HxW.")] = (
        None
    ),
    f: Annotated[str | None, typer.Option("--f", help="Formula mode: kernel, N or HxW.")] = None,
    p: Annotated[str, typer.Option("--p", help="Formula mode: padding.")] = "0",
    s: Annotated[str, typer.Option("--s", help="Formula mode: stride, N or HxW.")] = "1",
    d: Annotated[str, typer.Option("--d", help="Formula mode: dilation, N or HxW.")] = "1",
    ceil: Annotated[bool, typer.Option("--ceil", help="Formula mode: round up.")] = False,
    transposed: Annotated[
        bool, typer.Option("--transposed", help="Formula mode: transposed convolution.")
    ] = False,
    op: Annotated[
        str, typer.Option("--op", help="Formula mode: output padding (transposed).")
    ] = "0",
) -> None:
    """Output shape, activations and parameters of every layer, with the formulas used."""
    tokens = tokens or []
    unknown = [t for t in tokens if t.startswith("--") or (t.startswith("-") and t[1:2].isalpha())]
    if unknown:
        raise fail(f"no such option {unknown[0]!r} (see cnnlab shape --help)", 2, as_json)
    if n is not None or f is not None:
        if tokens or file:
            raise fail("give either a network (INPUT LAYER... or --file) or --n/--f, not both",
                       2, as_json)
        if n is None or f is None:
            raise fail("formula mode needs both --n (input size) and --f (kernel size)", 2, as_json)
        with command_errors(as_json):
            _formula(n, f, p, s, d, ceil, transposed, op, as_json)
        return
    if svg is None and unit is not None:
        raise fail("--unit picks the unit that --svg draws; give --rf --svg FILE too", 2, as_json)
    if svg is not None and not receptive:
        raise fail("--svg draws the receptive field: give --rf too", 2, as_json)
    if not tokens and file is None:
        raise fail("give an input shape and layers, a --file, or --n and --f (see --help)",
                   2, as_json)
    with command_errors(as_json):
        chosen = _columns(columns, as_json) if columns is not None else None
        _network(tokens, file, layout, batch, receptive, as_json, svg, unit, macs, depth, chosen)


def _network(
    tokens: list[str],
    file: Path | None,
    layout: Layout,
    batch: int | None,
    receptive: bool,
    as_json: bool,
    svg: Path | None = None,
    unit: str | None = None,
    macs: bool = False,
    depth: int | None = None,
    columns: tuple[str, ...] | None = None,
) -> None:
    from cnnlab.cli.batch import choose_batch
    from cnnlab.network import walk
    from cnnlab.sources import resolve

    if file is not None and len(tokens) > 1:
        raise _extra_tokens(tokens[1:], as_json)
    if file is None and len(tokens) == 1:
        raise fail("no layers given after the input shape (e.g. conv:f=3,k=8)", 2, as_json)
    layers = tokens[1:] if file is None else None
    written = tokens[0] if tokens else None
    source = resolve(layers, input=written, file=file, layout=layout)
    report = walk(source.network, source.input,
                  choose_batch(batch, source.batch, written or "", as_json))
    if svg is not None:
        from cnnlab.cli.receptive import write_receptive_svg

        write_receptive_svg(source.network, report, svg, unit, as_json)
    if as_json:
        from cnnlab.render.data import network_data

        emit(network_data(report, layout), None, as_json)
        return
    from cnnlab.render.views import ShapeView

    view = ShapeView(report, layout, receptive, terminal_width(), macs, depth, columns)
    emit(None, view, as_json)


def _columns(text: str, as_json: bool) -> tuple[str, ...]:
    """``--columns``: known names, each once (a misused command line otherwise)."""
    from cnnlab.render.shape import COLUMNS

    names = tuple(name.strip().lower() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in COLUMNS]
    if unknown or not names or len(set(names)) < len(names):
        problem = (f"unknown column {unknown[0]!r}" if unknown else
                   "give each column once" if names else "no column named")
        raise fail(f"--columns: {problem}; choose from {', '.join(COLUMNS)}", 2, as_json)
    return names


def _extra_tokens(extra: list[str], as_json: bool) -> typer.Exit:
    return fail(f"with --file only an input shape may follow, got also {' '.join(extra)!r}", 2,
                as_json)


def _formula(
    n: str, f: str, p: str, s: str, d: str, ceil: bool, transposed: bool, op: str, as_json: bool
) -> None:
    from cnnlab.layers.window import output_sizes
    from cnnlab.spec.values import parse_padding, parse_pair

    sizes = output_sizes(
        parse_pair("n", n),
        parse_pair("f", f),
        parse_pair("s", s),
        parse_padding(p),
        parse_pair("d", d),
        ceil_mode=ceil,
        transposed=transposed,
        output_padding=parse_pair("op", op, 0),
    )
    if as_json:
        from cnnlab.render.data import size_data

        emit({"height": size_data(sizes[0], 0), "width": size_data(sizes[1], 1)}, None, as_json)
        return
    from cnnlab.render.shape import formula_view

    emit(None, formula_view(sizes, terminal_width()), as_json)

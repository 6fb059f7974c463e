"""``cnnlab draw``: the convolution arithmetic of one layer as pictures (terminal, SVG, JSON)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cnnlab.cli.app import app
from cnnlab.cli.output import MISTAKE, command_errors, emit, fail

if TYPE_CHECKING:
    from cnnlab.draw import WindowPicture

EXAMPLES = """
[b]Examples[/b]

  cnnlab draw 5x5 conv:f=3,s=2,p=1                    (the picture in the terminal)

  cnnlab draw 5x5 conv:f=3,s=2,p=1 --svg conv.svg     (animated SVG, one frame per output cell)

  cnnlab draw 7x7 conv:f=3,d=2 --frames frames/       (numbered still SVG frames, for slides)

  cnnlab draw 3x3 convT:f=3,s=2,p=1,op=1 --svg t.svg  (transposed: zeros inserted, as
  conv_arithmetic draws it)

  cnnlab draw 8x8 conv:f=1,s=3                        (rows and columns no window reads)

  cnnlab draw 6x6 conv:f=4,p=tf-same --json           (the geometry: what each output reads)

INPUT is H×W (or H×W×C); LAYER is one conv, dwconv, convT or pooling layer of the layer
language (see [b]cnnlab layers[/b]); k may be left out, it does not change the picture.
"""


@app.command(epilog=EXAMPLES)
def draw(
    input: Annotated[str, typer.Argument(metavar="INPUT", help="Input size, H×W (or H×W×C).")],
    layer: Annotated[
        str, typer.Argument(metavar="LAYER", help="One window layer, e.g. conv:f=3,s=2,p=1.")
    ],
    svg: Annotated[
        Path | None,
        typer.Option("--svg", metavar="FILE", help="Write an animated SVG (a frame per output)."),
    ] = None,
    frames: Annotated[
        Path | None,
        typer.Option("--frames", metavar="DIR", help="Write numbered still SVG frames into DIR."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the geometry as JSON instead of the picture.")
    ] = False,
) -> None:
    """Draw one convolution, transposed convolution or pooling layer: padding, every window,
    the output, the cells no window reads, and the output-size formula."""
    with command_errors(as_json):
        picture = _picture(input, layer, frames is not None)
        stills = _write(picture, svg, frames, as_json)
    written = ([svg] if svg is not None else []) + stills
    if as_json:
        from cnnlab.render.draw_data import picture_data

        data = picture_data(picture)
        if written:
            data["written"] = [str(path) for path in written]
        emit(data, None, as_json)
    elif written:
        emit(None, _written_text(svg, stills), as_json)
    else:
        from cnnlab.render.draw_text import picture_text

        emit(None, picture_text(picture), as_json)


def _picture(input: str, layer: str, stills: bool) -> "WindowPicture":
    from cnnlab.draw import check_size, window_picture
    from cnnlab.errors import SpecError
    from cnnlab.network.graph import LayerNode
    from cnnlab.shape import parse_shape
    from cnnlab.spec import parse_layer

    shape, _ = parse_shape(input, plane=True)
    if not shape.spatial:
        raise SpecError(f"cannot draw on {input!r}: give the input as H×W or H×W×C, e.g. 5x5")
    try:
        parsed = parse_layer(layer, defaults={"k": str(shape.c)})
    except SpecError as error:
        raise SpecError(f"argument 2: {error}") from None
    picture = window_picture(LayerNode(parsed, layer), shape)
    check_size(picture, stills)
    return picture


def _write(
    picture: "WindowPicture", svg: Path | None, frames: Path | None, as_json: bool
) -> list[Path]:
    """Write the animated SVG and the still frames; return the frames' paths."""
    from cnnlab.render.draw_svg import picture_svg

    written: list[Path] = []
    try:
        if svg is not None:
            svg.write_text(picture_svg(picture), encoding="utf-8")
        if frames is not None:
            frames.mkdir(parents=True, exist_ok=True)
            count = picture.out_hw[0] * picture.out_hw[1]
            digits = max(3, len(str(count)))
            for number in range(count):
                path = frames / f"frame-{number + 1:0{digits}d}.svg"
                path.write_text(picture_svg(picture, number), encoding="utf-8")
                written.append(path)
    except OSError as error:
        target = error.filename or (svg if frames is None else frames)
        message = f"cannot write {target}: {error.strerror}"
        raise fail(message, MISTAKE, as_json, "OSError") from None
    return written


def _written_text(svg: Path | None, stills: list[Path]) -> str:
    lines = [f"wrote {svg}"] if svg is not None else []
    if len(stills) == 1:
        lines.append(f"wrote 1 frame: {stills[0]}")
    elif stills:
        lines.append(f"wrote {len(stills)} frames: {stills[0]} … {stills[-1]}")
    return "\n".join(lines)

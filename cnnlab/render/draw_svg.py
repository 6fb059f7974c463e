"""The SVG picture of a window layer: hand-written SVG text, no plotting library.

The canvas (input, padding, inserted zeros) on the left, the output on the right, a legend and
``cnnlab shape``'s formula text underneath. Every output cell has one frame: its window's taps
(dark squares inside the canvas cells) and the output cell they produce. The animated picture
shows the frames in turn with a CSS animation; the first frame is the still picture for viewers
that do not animate (and for ``prefers-reduced-motion``). ``frame=k`` draws frame ``k`` alone.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from cnnlab.draw import Cell, Frame, WindowPicture
from cnnlab.render.draw_text import canvas_title, legend, padding_text, unread_text, wrap
from cnnlab.render.shape import formula_view
from cnnlab.render.svg import document_head

CELL = 24  # side of one cell, in viewBox units
INSET = 5  # the window's tap square sits this far inside its cell
MARGIN = 16
GAP = 48  # between the canvas and the output
FONT = 13
CHAR = 0.62 * FONT  # width of one monospace character (generous, for the layout only)
LINE = 20
TEXT_WIDTH = 64  # characters of a sentence line before it wraps
SECONDS = 0.8  # per frame

FILL = {
    Cell.INPUT: "#9ecae1",
    Cell.UNCOVERED: "#fdae6b",
    Cell.PAD_BEFORE: "#e3e3e3",
    Cell.PAD_AFTER: "#b8b8b8",
    Cell.ZERO: "#ffffff",
    Cell.OUTSIDE: "#ffffff",
    "window": "#08306b",
    "output": "#c7e9c0",
    "current": "#238b45",
}
DASHED = {Cell.ZERO: "3 2", Cell.OUTSIDE: "1 2"}


def fill(picture: WindowPicture, kind: Cell) -> str:
    if kind is Cell.PAD_AFTER and not picture.asymmetric:
        return FILL[Cell.PAD_BEFORE]
    return FILL[kind]


def _rect(x: float, y: float, size: float, colour: str, extra: str = "") -> str:
    return (f'<rect x="{x:g}" y="{y:g}" width="{size:g}" height="{size:g}" fill="{colour}"'
            f'{extra}/>')


def _text(x: float, y: float, text: str, extra: str = "") -> str:
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(text)}</text>'


def _cell(picture: WindowPicture, kind: Cell, x: float, y: float) -> str:
    dash = f' stroke-dasharray="{DASHED[kind]}"' if kind in DASHED else ""
    return _rect(x, y, CELL, fill(picture, kind), f' class="c"{dash}')


class Layout:
    """Where things go: the canvas at the top left, the output to its right, text below."""

    def __init__(self, picture: WindowPicture) -> None:
        self.picture = picture
        rows, cols = picture.canvas
        out_h, out_w = picture.out_hw
        self.top = MARGIN + LINE * 2
        self.out_x = MARGIN + cols * CELL + GAP
        grids_h = max(rows, out_h) * CELL
        self.lines = text_lines(picture)
        self.text_y = self.top + grids_h + LINE * 1.5
        longest = max(len(line) for line in self.lines)
        self.width = max(self.out_x + out_w * CELL, MARGIN + 28 + longest * CHAR) + MARGIN
        self.height = self.text_y + LINE * (len(self.lines) + len(legend(picture))) + MARGIN

    def canvas_xy(self, r: int, c: int) -> tuple[float, float]:
        return MARGIN + c * CELL, self.top + r * CELL

    def output_xy(self, i: int, j: int) -> tuple[float, float]:
        return self.out_x + j * CELL, self.top + i * CELL


def text_lines(picture: WindowPicture) -> list[str]:
    unread = unread_text(picture)
    return [
        *wrap(padding_text(picture), TEXT_WIDTH),
        *(wrap(unread, TEXT_WIDTH) if unread else []),
        *formula_view(picture.sizes).splitlines(),
    ]


def _grids(layout: Layout) -> list[str]:
    picture = layout.picture
    rows, cols = picture.canvas
    parts = [_text(MARGIN, MARGIN + FONT, f"{picture.text}: input "
                   f"{picture.input.h}×{picture.input.w} → output "
                   f"{picture.out_hw[0]}×{picture.out_hw[1]}", ' class="t"')]
    parts.append(_text(MARGIN, layout.top - 6, canvas_title(picture)))
    parts.append(_text(layout.out_x, layout.top - 6, "output"))
    for r in range(rows):
        for c in range(cols):
            parts.append(_cell(picture, picture.cell(r, c), *layout.canvas_xy(r, c)))
    for i in range(picture.out_hw[0]):
        for j in range(picture.out_hw[1]):
            parts.append(_rect(*layout.output_xy(i, j), CELL, FILL["output"], ' class="c"'))
    return parts


def _frame(layout: Layout, frame: Frame, number: int, animated: bool) -> str:
    taps = [_rect(x + INSET, y + INSET, CELL - 2 * INSET, FILL["window"])
            for x, y in (layout.canvas_xy(r, c) for r, c in frame.cells)]
    current = _rect(*layout.output_xy(*frame.out), CELL, FILL["current"], ' class="c"')
    style = f' style="animation-delay:{number * SECONDS:g}s"' if animated and number else ""
    first = " f0" if number == 0 else ""
    return f'<g class="f{first}"{style}>{"".join(taps)}{current}</g>'


def _legend_and_text(layout: Layout) -> list[str]:
    picture, y, parts = layout.picture, layout.text_y, []
    for key, label in legend(picture):
        colour = FILL["window"] if key == "window" else FILL["current"] if key == "output" \
            else fill(picture, Cell(key))
        size = CELL - 2 * INSET if key == "window" else 14
        parts.append(_rect(MARGIN, y - 11, size, colour, ' class="c"' * (key != "window")))
        parts.append(_text(MARGIN + 24, y, label))
        y += LINE
    for line in layout.lines:
        parts.append(_text(MARGIN, y, line, ' class="m"'))
        y += LINE
    return parts


def _style(frames: int, animated: bool) -> str:
    """CSS after the shared text style: fonts and strokes, and the animation: frame k is visible
    for one step of SECONDS, starting k steps in; frame 0 is also the still picture when nothing
    animates."""
    css = ".t{font-weight:bold}.m{font-family:monospace;white-space:pre}"
    css += ".c{stroke:#555;stroke-width:1}"
    if animated and frames > 1:
        step = f"{100 / frames:.4g}%"
        css += (
            f".f{{visibility:hidden;animation:show {frames * SECONDS:g}s step-end infinite}}"
            ".f0{visibility:visible}"
            f"@keyframes show{{0%{{visibility:visible}}{step}{{visibility:hidden}}"
            "100%{visibility:hidden}}"
            "@media (prefers-reduced-motion:reduce){.f{animation:none}}"
        )
    return css


def picture_svg(picture: WindowPicture, frame: int | None = None) -> str:
    """The picture as an SVG document: animated over every frame, or frame ``frame`` alone."""
    layout = Layout(picture)
    animated = frame is None
    out_w = picture.out_hw[1]
    count = picture.out_hw[0] * out_w
    chosen = (list(enumerate(picture.frames())) if animated
              else [(0, picture.frame(*divmod(frame, out_w)))])
    title = f"{picture.text} on {picture.input.h}×{picture.input.w}"
    body = [
        *document_head(layout.width, layout.height, title, _style(count, animated)),
        *_grids(layout),
        *(_frame(layout, f, n, animated) for n, f in chosen),
        *_legend_and_text(layout),
    ]
    return "\n".join([*body, "</svg>"])

"""The terminal picture of a window layer: the canvas, each window, a legend and the formula.

Plain text that fits 80 columns: a canvas wider or taller than fits is shown with an ellipsis
(``…``, ``⋮``) in the middle, never silently cut; when there are many windows the first ones
are drawn and the rest counted. The formula is ``cnnlab shape``'s own text (``formula_view``).
"""

from __future__ import annotations

from cnnlab.draw import Cell, Frame, WindowPicture
from cnnlab.render.shape import formula_view

WIDTH = 80
MAX_ROWS = 21  # canvas rows shown before the middle ones become ⋮
SHOWN_FRAMES = 8  # windows drawn when there are more than MAX_FRAMES_SHOWN_ALL
MAX_FRAMES_SHOWN_ALL = 12
GAP = "   "

SYMBOL = {
    Cell.INPUT: "·",
    Cell.UNCOVERED: "×",
    Cell.PAD_BEFORE: "░",
    Cell.PAD_AFTER: "▒",
    Cell.ZERO: "○",
    Cell.OUTSIDE: "-",
}
ON_INPUT, ON_ZERO = "■", "□"  # a window tap on an input; on padding, an inserted zero, outside
OUT, CURRENT = "◦", "●"  # an output cell; the one the window computes


def legend(picture: WindowPicture) -> list[tuple[str, str]]:
    """(key, label) for each kind of cell the picture shows, in a fixed order, then the window."""
    present = picture.kinds()
    sides = picture.asymmetric
    s = picture.rows.size.s if picture.rows.size.s == picture.cols.size.s else "s"
    labels = {
        Cell.INPUT: "input",
        Cell.UNCOVERED: "input that no window reads",
        Cell.PAD_BEFORE: "zero padding, top/left side" if sides else "zero padding",
        Cell.PAD_AFTER: "zero padding, bottom/right side" if sides else "zero padding",
        Cell.ZERO: f"zero inserted between inputs (s − 1 = {s} − 1 per gap)"
        if s != "s" else "zeros inserted between inputs (s − 1 per gap)",
        Cell.OUTSIDE: "past the padded input (ceil mode: the window is clipped)",
    }
    keys = [kind for kind in Cell if kind in present]
    if not sides and Cell.PAD_AFTER in keys and Cell.PAD_BEFORE in keys:
        keys.remove(Cell.PAD_AFTER)  # one colour for padding when both sides are alike
    items = [(kind.value, labels[kind]) for kind in keys]
    items.append(("window", "the window of the output cell being computed"))
    items.append(("output", "the output cell it computes"))
    return items


def symbol(picture: WindowPicture, kind: Cell) -> str:
    if kind is Cell.PAD_AFTER and not picture.asymmetric:
        return SYMBOL[Cell.PAD_BEFORE]
    return SYMBOL[kind]


def shown(n: int, limit: int) -> list[int | None]:
    """Indices 0 … n − 1, or the first and last ones with ``None`` (an ellipsis) between."""
    if n <= limit:
        return list(range(n))
    k = (limit - 1) // 2
    return [*range(k), None, *range(n - k, n)]


def grid(picture: WindowPicture, frame: Frame | None = None) -> list[str]:
    """The canvas as lines of text, the taps of ``frame`` marked."""
    taps = set(frame.cells) if frame else set()
    rows = shown(picture.canvas[0], MAX_ROWS)
    cols = shown(picture.canvas[1], (WIDTH + 1) // 2 - 1)
    lines = []
    for r in rows:
        if r is None:
            lines.append(" ".join("⋮" if c is not None else " " for c in cols))
            continue
        cells = []
        for c in cols:
            if c is None:
                cells.append("…")
                continue
            kind = picture.cell(r, c)
            on_input = kind in (Cell.INPUT, Cell.UNCOVERED)
            cells.append((ON_INPUT if on_input else ON_ZERO) if (r, c) in taps
                         else symbol(picture, kind))
        lines.append(" ".join(cells))
    return lines


def output_grid(picture: WindowPicture, frame: Frame | None = None) -> list[str]:
    """The output as lines of text, the cell ``frame`` computes marked."""
    rows = shown(picture.out_hw[0], MAX_ROWS)
    cols = shown(picture.out_hw[1], (WIDTH + 1) // 2 - 1)
    current = frame.out if frame else None
    lines = []
    for i in rows:
        if i is None:
            lines.append(" ".join("⋮" if j is not None else " " for j in cols))
            continue
        lines.append(" ".join("…" if j is None else CURRENT if (i, j) == current else OUT
                              for j in cols))
    return lines


def _panels(blocks: list[tuple[str, list[str]]]) -> list[str]:
    """Titled blocks of lines side by side, as many per line as fit in WIDTH."""
    width = max(max(len(title), *(len(line) for line in lines)) for title, lines in blocks)
    per_line = max(1, (WIDTH + len(GAP)) // (width + len(GAP)))
    out: list[str] = []
    for start in range(0, len(blocks), per_line):
        group = blocks[start:start + per_line]
        height = max(len(lines) for _, lines in group)
        rows = [[title for title, _ in group]]
        rows += [[lines[i] if i < len(lines) else "" for _, lines in group] for i in range(height)]
        out += [GAP.join(cell.ljust(width) for cell in row).rstrip() for row in rows]
        out.append("")
    return out


def canvas_title(picture: WindowPicture) -> str:
    """``'input, padded, zeros inserted'``: what the canvas adds to the input."""
    kinds = picture.kinds()
    extras = [("padded", {Cell.PAD_BEFORE, Cell.PAD_AFTER}), ("zeros inserted", {Cell.ZERO}),
              ("past the edge", {Cell.OUTSIDE})]
    return ", ".join(["input", *(word for word, cells in extras if kinds & cells)])


def padding_text(picture: WindowPicture) -> str:
    """Where the canvas's padding is: ``'padding: top 1, bottom 2, left 1, right 2'``."""
    counts = []
    for plan, (before, after) in ((picture.rows, ("top", "bottom")),
                                  (picture.cols, ("left", "right"))):
        kinds = [k.value for k in plan.kinds]
        counts += [f"{before} {kinds.count('pad-before')}", f"{after} {kinds.count('pad-after')}"]
    text = f"padding: {', '.join(counts)}"
    if all(count.endswith(" 0") for count in counts):
        text = "padding: none"
    if picture.transposed:
        crops = [f"{side} {n}" for plan, sides in ((picture.rows, ("top", "bottom")),
                                                   (picture.cols, ("left", "right")))
                 for side, n in zip(sides, plan.cropped(), strict=True) if n]
        if crops:
            text += f"; cropped (p > d·(f − 1)): {', '.join(crops)}"
        h = picture.rows.size
        text += (f" (the transposed convolution as a stride-1 convolution: d·(f − 1) − p zeros "
                 f"around the input{', + op after' if h.output_padding else ''}, s − 1 between "
                 f"inputs, kernel flipped)")
    return text


def unread_text(picture: WindowPicture) -> str | None:
    """``'never read: input rows 1, 2, 4 (from 0); columns 7'``, or ``None``."""
    parts = []
    for plan, unit in ((picture.rows, "rows"), (picture.cols, "columns")):
        if plan.unread():
            parts.append(f"{unit} {', '.join(map(str, plan.unread()))}")
    return f"never read by any window: input {'; '.join(parts)} (counted from 0)" if parts else None


def wrap(text: str, width: int = WIDTH) -> list[str]:
    """``text`` broken between words into lines of at most ``width``, continued indented."""
    if len(text) <= width:
        return [text]
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = "  " + word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def legend_text(picture: WindowPicture) -> list[str]:
    """``legend: · input   ░ zero padding   …``, wrapped between items."""
    lines, line = [], "legend:"
    for key, label in legend(picture):
        marks = {"window": f"{ON_INPUT}{ON_ZERO}", "output": CURRENT}
        mark = marks[key] if key in marks else symbol(picture, Cell(key))
        item = f"{mark} {label}"
        if len(line) + len(GAP) + len(item) > WIDTH:
            lines.append(line)
            line = " " * len("legend:")
        line += GAP + item
    return [*lines, line]


def picture_text(picture: WindowPicture) -> str:
    """The whole terminal picture."""
    h, w = picture.canvas
    title = (f"{picture.text} on {picture.input.h}×{picture.input.w}: output "
             f"{picture.out_hw[0]}×{picture.out_hw[1]}, drawn on a {h}×{w} canvas")
    lines = [*wrap(title), *wrap(padding_text(picture)), ""]
    out_h, out_w = picture.out_hw
    lines += _panels([(canvas_title(picture), grid(picture)),
                      (f"output {out_h}×{out_w}", output_grid(picture))])
    frames = list(picture.frames())
    drawn = frames if len(frames) <= MAX_FRAMES_SHOWN_ALL else frames[:SHOWN_FRAMES]
    lines += _panels([(f"out {f.out[0]},{f.out[1]}",
                       [*grid(picture, f), "", *output_grid(picture, f)]) for f in drawn])
    if len(drawn) < len(frames):
        lines += wrap(f"… and {len(frames) - len(drawn)} more windows (every one is in --svg, "
                       f"--frames and --json)")
        lines.append("")
    lines += legend_text(picture)
    unread = unread_text(picture)
    lines += wrap(unread) if unread else []
    lines.append("")
    for line in formula_view(picture.sizes).splitlines():
        lines += wrap(line)
    return "\n".join(lines)

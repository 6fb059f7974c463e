"""A window picture's geometry as JSON-ready data: the canvas, every frame, what it reads."""

from __future__ import annotations

from typing import Any

from cnnlab.draw import WindowPicture
from cnnlab.render.data import size_data
from cnnlab.render.shape import formula_view


def picture_data(picture: WindowPicture) -> dict[str, Any]:
    """Everything the pictures show, as plain data.

    ``canvas.cells`` gives each canvas cell's kind row by row; ``frames`` lists, for each output
    cell, the canvas cells its window reads (``cells``), the input cell each shows (``inputs``,
    ``null`` for padding, an inserted zero or past the input) and the kernel weight each tap
    multiplies (``weights``, flipped for a transposed convolution).
    """
    rows, cols = picture.canvas
    frames = []
    for frame in picture.frames():
        frames.append({
            "output": list(frame.out),
            "cells": [list(cell) for cell in frame.cells],
            "inputs": [None if (s := picture.source(*cell)) is None else list(s)
                       for cell in frame.cells],
            "weights": [list(weight) for weight in frame.weights],
        })
    return {
        "layer": picture.text,
        "kind": picture.kind,
        "input": [picture.input.h, picture.input.w],
        "output": list(picture.out_hw),
        "transposed": picture.transposed,
        "size": {"height": size_data(picture.sizes[0], 0), "width": size_data(picture.sizes[1], 1)},
        "formula": formula_view(picture.sizes),
        "canvas": {
            "rows": rows,
            "columns": cols,
            "cells": [[picture.cell(r, c).value for c in range(cols)] for r in range(rows)],
        },
        "uncovered": [list(cell) for cell in picture.uncovered()],
        "frames": frames,
    }

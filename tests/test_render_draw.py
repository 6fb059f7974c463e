"""The terminal and SVG pictures: they show the geometry's frames, fit 80 columns, parse as XML."""

import xml.etree.ElementTree as ET

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cnnlab.draw import window_picture
from cnnlab.errors import CnnlabError
from cnnlab.network.graph import LayerNode
from cnnlab.render.draw_svg import CELL, FILL, INSET, Layout, picture_svg
from cnnlab.render.draw_text import picture_text
from cnnlab.render.shape import formula_view
from cnnlab.shape import Shape
from cnnlab.spec import parse_layer

SVG = "{http://www.w3.org/2000/svg}"


def picture(text, h, w):
    return window_picture(LayerNode(parse_layer(text, {"k": "1"}), text), Shape(1, h, w))


LAYERS = st.sampled_from([
    "conv:f=3,s=2,p=1", "conv:f=1,s=3", "conv:f=3,d=2", "conv:f=4,p=tf-same",
    "conv:f=2x3,p=0/1/2/0",
    "convT:f=3,s=2,p=1,op=1", "convT:f=4,s=3", "convT:f=3,s=2,p=3", "maxpool:f=2,ceil",
    "maxpool:f=3,s=2,p=1,ceil", "avgpool:f=2", "dwconv:f=3,s=2",
])


@settings(max_examples=40, deadline=None)
@given(LAYERS, st.integers(1, 60), st.integers(1, 60))
def test_terminal_picture_fits_80_columns_and_ends_with_the_shape_formula(layer, h, w):
    try:
        pic = picture(layer, h, w)
    except CnnlabError:
        assume(False)
    text = picture_text(pic)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert " ".join(text.split()).endswith(" ".join(formula_view(pic.sizes).split()))
    if pic.canvas[1] > 39:
        assert "…" in text
    if pic.canvas[0] > 21:
        assert "⋮" in text


def test_terminal_picture_of_a_strided_padded_conv():
    text = picture_text(picture("conv:f=3,s=2,p=1", 5, 5))
    lines = text.splitlines()
    assert lines[0] == "conv:f=3,s=2,p=1 on 5×5: output 3×3, drawn on a 7×7 canvas"
    assert lines[1] == "padding: top 1, bottom 1, left 1, right 1"
    first = lines.index("out 0,0         out 0,1         out 0,2         out 1,0         out 1,1")
    assert lines[first + 1] == ("□ □ □ ░ ░ ░ ░   ░ ░ □ □ □ ░ ░   ░ ░ ░ ░ □ □ □   "
                                "░ ░ ░ ░ ░ ░ ░   ░ ░ ░ ░ ░ ░ ░")
    assert lines[first + 2].startswith("□ ■ ■ · · · ░")
    assert text.count("■") + text.count("□") == 9 * 9 + 2  # 9 windows × 9 taps, legend ■□


def test_terminal_counts_the_windows_it_does_not_draw():
    text = picture_text(picture("conv:f=3", 8, 8))
    assert "… and 28 more windows (every one is in --svg, --frames and --json)" in text


def test_terminal_legend_names_what_is_shown():
    text = picture_text(picture("convT:f=3,s=2,p=1,op=1", 3, 3))
    assert "○ zero inserted between inputs (s − 1 = 2 − 1 per gap)" in text
    assert "░ zero padding, top/left side" in text and "▒ zero padding, bottom/right side" in text
    assert "× input that no window reads" in picture_text(picture("conv:f=1,s=3", 8, 8))
    assert "- past the padded input" in picture_text(picture("maxpool:f=2,ceil", 5, 5))


def frames_of(root):
    return [g for g in root.iter(f"{SVG}g") if "f" in g.get("class", "").split()]


def window_squares(group):
    return [(float(r.get("x")), float(r.get("y"))) for r in group.iter(f"{SVG}rect")
            if r.get("fill") == FILL["window"]]


SETTINGS = [("conv:f=3,s=2,p=1", 5, 5), ("convT:f=3,s=2,p=1,op=1", 3, 3),
            ("conv:f=2x3,d=2,p=0/1/2/0", 6, 7), ("maxpool:f=2,ceil", 5, 5)]


@pytest.mark.parametrize("layer,h,w", SETTINGS)
def test_svg_parses_and_every_frame_marks_its_window(layer, h, w):
    pic = picture(layer, h, w)
    root = ET.fromstring(picture_svg(pic))
    assert root.tag == f"{SVG}svg" and root.get("viewBox").startswith("0 0 ")
    groups, frames, layout = frames_of(root), list(pic.frames()), Layout(pic)
    assert len(groups) == len(frames)
    assert groups[0].get("class") == "f f0" and groups[0].get("style") is None
    for group, frame in zip(groups, frames, strict=True):
        expected = [(x + INSET, y + INSET) for x, y in (layout.canvas_xy(*c) for c in frame.cells)]
        assert window_squares(group) == expected
    style = root.find(f"{SVG}style").text
    assert "@keyframes" in style and "prefers-reduced-motion" in style


def test_still_frame_has_one_window_and_no_animation():
    pic = picture("conv:f=3,d=2", 7, 7)
    root = ET.fromstring(picture_svg(pic, frame=4))
    (group,) = frames_of(root)
    layout = Layout(pic)
    expected = [(x + INSET, y + INSET) for x, y in (layout.canvas_xy(*c)
                                                      for c in pic.frame(1, 1).cells)]
    assert window_squares(group) == expected
    assert "@keyframes" not in root.find(f"{SVG}style").text


def test_svg_cells_cover_the_canvas_and_the_output():
    pic = picture("conv:f=4,p=tf-same", 5, 5)
    root = ET.fromstring(picture_svg(pic))
    cells = [r for r in root.iter(f"{SVG}rect") if r.get("width") == str(CELL)]
    canvas, out = pic.canvas, pic.out_hw
    frames = out[0] * out[1]
    assert len(cells) == canvas[0] * canvas[1] + out[0] * out[1] + frames  # + current cell each
    fills = [r.get("fill") for r in cells]
    assert fills.count(FILL["pad-after"]) == 8 * 8 - 6 * 6  # 2 rows at the bottom, 2 columns right


def test_matrix_svg_puts_each_weight_where_the_sparse_matrix_says():
    from cnnlab.draw import sparse_matrix
    from cnnlab.render.matrix_svg import CELL as M_CELL
    from cnnlab.render.matrix_svg import matrix_svg, weight_name

    matrix = sparse_matrix(picture("conv:f=3", 4, 4))
    for transposed in (False, True):
        root = ET.fromstring(matrix_svg(matrix, 3, "C", transposed))
        labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "w"]
        assert len(labels) == len(matrix.entries) == 4 * 9
        x0 = min(float(t.get("x")) for t in labels)
        y0 = min(float(t.get("y")) for t in labels)
        drawn = {}
        for t in labels:
            x, y = float(t.get("x")) - x0, float(t.get("y")) - y0
            drawn[round(y / M_CELL), round(x / M_CELL)] = t.text
        expected = {((c, r) if transposed else (r, c)): weight_name(w) for r, c, w in
                    matrix.entries}
        assert drawn == expected  # entry (0, 0) is w₀₀, so the offsets x0, y0 are its cell's
    assert weight_name((2, 1)) == "w₂₁"


@pytest.mark.parametrize("module_name", ["cnnlab.render.rf_svg", "cnnlab.render.matrix_svg",
                                         "cnnlab.render.svg",
                                         "cnnlab.draw.receptive"])
def test_doctests(module_name):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(module_name)).failed == 0


def test_matrix_svg_takes_the_weight_names_of_its_caller():
    from cnnlab.draw import window_matrix
    from cnnlab.render.matrix_svg import matrix_svg

    one_based = lambda w: f"w{w[0] + 1}{w[1] + 1}"  # noqa: E731
    svg = matrix_svg(window_matrix((3, 3), (2, 2)), 2, "C", label=one_based)
    labels = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("class") == "w"]
    assert labels[:4] == ["w11", "w12", "w21", "w22"]


def test_terminal_frames_show_the_output_cell_they_compute():
    text = picture_text(picture("conv:f=2,s=2", 4, 4))  # 2×2 outputs, 4 frames on one line
    assert "output 2×2" in text
    assert text.count("●") == 4 + 1  # one per frame, and the legend
    lines = text.splitlines()
    first = lines.index("out 0,0   out 0,1   out 1,0   out 1,1")
    assert lines[first + 6] == "● ◦       ◦ ●       ◦ ◦       ◦ ◦"
    assert lines[first + 7] == "◦ ◦       ◦ ◦       ● ◦       ◦ ●"

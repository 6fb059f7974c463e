"""Rendering at a fixed width, compared with golden files.

After an intended change of the layout, rewrite them with
``CNNLAB_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py`` and review the diff.
"""

import os
from pathlib import Path

import pytest

from cnnlab.layers.window import output_sizes
from cnnlab.network import Network, walk
from cnnlab.render.shape import formula_view, shape_view
from cnnlab.shape import Layout, parse_shape
from cnnlab.spec import parse_items

GOLDEN = Path(__file__).parent / "golden"


def render(text: str) -> str:
    return text + "\n"


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CNNLAB_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def lenet5_like(layout: Layout = Layout.NHWC):
    shape, _ = parse_shape("32x32x3")
    items = parse_items(["CONV:f=5,k=8 pool:max,f=2 conv:f=5,k=16 pool:max,f=2,s=2 fc:120 fc:84",
                         "fc:10 softmax"])
    return walk(Network(items), shape)


@pytest.mark.parametrize("layout", list(Layout))
def test_shape_table(layout):
    text = render(shape_view(lenet5_like(), layout, width=100))
    check(f"shape_lenet5_like_{layout.value}.txt", text)


def test_shape_table_with_blocks_and_receptive_field():
    shape, batch = parse_shape("2x16x16x8")
    items = parse_items([
        "res[ conv:f=3,k=8,p=1 bn relu ]",
        "concat[ conv:f=1,k=4 | pool:max,f=3,s=1,p=1 ] pool:avg,f=3,s=2",
    ])
    report = walk(Network(items), shape, batch)
    check("shape_blocks_rf.txt", render(shape_view(report, Layout.NHWC, receptive=True, width=100)))


def test_formula_view():
    sizes = output_sizes((8, 7), (3, 3), (2, 2))
    check("formula_8x7.txt", render(formula_view(sizes)))


def test_wrapped_cells_keep_their_indentation():
    from cnnlab.render.text_table import Column, render_table

    text = render_table([Column("x", wrap=True)], [["  b1 " + "word " * 12]], width=30)
    body = text.splitlines()[2:]
    assert all(len(line) <= 30 for line in body)
    assert body[0].startswith("   b1 word") and body[1].startswith("     word")


def test_units_are_exact_for_any_size():
    from cnnlab.render.numbers import units

    assert units(5_898_240_000) == "5.90 G"
    assert units(1_005_000, suffix="B") == "1.00 MB"  # half to even, exactly
    assert units(1_015_000) == "1.02 M"
    assert units(10**30) == "1.00 Q"
    assert units(4 * 10**36 + 1, suffix="B") == "4,000,000.00 QB"
    assert units(2**80, binary=True) == "1.00 Yi"

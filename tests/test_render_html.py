"""The notebook's HTML and Markdown of every report: well-formed, self-contained, theme-neutral,
and carrying the same numbers as the command's ``--json`` (read back with html.parser)."""

import doctest
import importlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnlab.cli import app
from cnnlab.complexity import analyse
from cnnlab.complexity.compare import compare
from cnnlab.network import Network, walk
from cnnlab.render.complexity_views import ComparisonView, ComplexityView
from cnnlab.render.text_table import Column
from cnnlab.render.views import ShapeView, TextView
from cnnlab.shape import Layout, parse_shape
from cnnlab.spec import parse_items

runner = CliRunner()

NETWORKS = [
    ["39x39x3", "conv:f=3,k=10", "conv:f=5,s=2,k=20", "conv:f=5,s=2,k=40", "flatten", "fc:10"],
    ["28x28x192", "concat[ conv:f=1,k=64 | conv:f=1,k=96 conv:f=3,k=128,p=same | "
     "pool:max,f=3,s=1,p=same conv:f=1,k=32 ]"],
    ["2x16x16x8", "res[ conv:f=3,k=8,p=1 bn relu ]", "pool:avg,f=3,s=2", "gap", "fc:5"],
    ["8x7x3", "conv:f=3,s=2,k=4"],  # a stride that leaves a row out: a note under the table
]


def cli_json(*args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def report_of(tokens, layout=Layout.NHWC):
    shape, batch = parse_shape(tokens[0], layout)
    return walk(Network(parse_items(tokens[1:])), shape, batch)


def network_of(tokens):
    return Network(parse_items(tokens[1:]), name=" ".join(tokens[1:]))


@pytest.mark.parametrize("tokens", NETWORKS)
@pytest.mark.parametrize("layout", list(Layout))
def test_shape_html_has_the_numbers_of_the_json(tokens, layout, html_tables):
    if layout is Layout.NCHW:  # the same network, its input written C×H×W
        *batch, h, w, c = tokens[0].split("x")
        tokens = ["x".join([*batch, c, h, w]), *tokens[1:]]
    expected = cli_json("shape", *tokens, "--layout", layout.value)
    html = ShapeView(report_of(tokens, layout), layout).html()
    tables, text = html_tables.read_html(html)
    assert len(tables) == 1
    (table,) = tables
    assert table.head[0][:5] == ["#", "layer", "C×H×W" if layout is Layout.NCHW else "H×W×C",
                                 "activations", "params"]
    input_row, *rows = table.body
    assert input_row[2] == expected["input"]["text"]
    assert len(rows) == len(expected["layers"])
    for cells, layer in zip(rows, expected["layers"], strict=True):
        assert html_tables.number(cells[0]) == layer["index"]
        assert cells[1].strip().endswith(layer["layer"])
        assert cells[2] == layer["output"]["text"]
        if layer["kind"] in ("concat", "add"):  # a merge row: counted in its branches
            assert cells[3] == cells[4] == ""
            assert layer["activations"] == layer["params"] == 0
        else:
            assert html_tables.number(cells[3]) == layer["activations"]
            assert html_tables.number(cells[4]) == layer["params"]
        if "size" in layer:  # the formula with the numbers, as the JSON gives it
            assert layer["size"]["height"]["formula"] in cells[-1]
    foot = table.foot[0]
    totals = expected["totals"]
    assert foot[1] == "total"
    assert foot[2] == totals["output"]["text"]
    assert html_tables.number(foot[3]) == totals["activations_per_sample"]
    assert html_tables.number(foot[4]) == totals["params"]
    assert f"input {expected['input']['text']}" in text
    for layer in expected["layers"]:
        for note in layer.get("notes", []):
            assert note in text


def test_shape_html_keeps_the_nesting_of_blocks(html_tables):
    tables, _ = html_tables.read_html(ShapeView(report_of(NETWORKS[1])).html())
    layers = [row[1] for row in tables[0].body[1:]]
    assert layers[0] == "concat (3 branches)"
    assert layers[1].startswith("  b1 ")  # indentation kept (cells are white-space: pre)
    assert 'white-space: pre"' in ShapeView(report_of(NETWORKS[1])).html()


def test_receptive_field_columns(html_tables):
    tokens = ["32x32x3", "conv:f=3,k=8,p=1", "maxpool:f=2", "conv:f=3,k=8,d=2"]
    expected = cli_json("shape", *tokens)
    tables, _ = html_tables.read_html(ShapeView(report_of(tokens), receptive=True).html())
    head = tables[0].head[0]
    rf, jump = head.index("RF"), head.index("jump")
    for cells, layer in zip(tables[0].body[1:], expected["layers"], strict=True):
        field = layer["receptive_field"]
        assert (cells[rf], cells[jump]) == (field["text"], field["jump"]["text"])


@pytest.mark.parametrize("tokens", NETWORKS[:3])
@pytest.mark.parametrize("count", ["macs", "flops", "mults+adds"])
def test_complexity_html_has_the_numbers_of_the_json(tokens, count, html_tables):
    expected = cli_json("complexity", *tokens, "--count", count)
    from cnnlab.complexity import Convention, parse_count

    report = analyse(network_of(tokens), parse_shape(tokens[0])[0], expected["batch"],
                     Convention(parse_count(count)))
    tables, text = html_tables.read_html(ComplexityView(report).html())
    costs, totals = tables
    head = costs.head[0]
    time, params, acts = (head.index(c) for c in (report.convention.short(), "params",
                                                   "activations"))
    for cells, layer in zip(costs.body, expected["layers"], strict=True):
        assert html_tables.number(cells[0]) == layer["index"]
        assert cells[2] == layer["output"]["text"]
        if layer["kind"] in ("concat", "add"):  # a merge row: no parameters or activations
            assert cells[params] == cells[acts] == ""
            continue
        assert html_tables.number(cells[time] or "0") == layer["time"]
        assert html_tables.number(cells[params]) == layer["params"]
        assert html_tables.number(cells[acts]) == layer["activations"]
    foot = costs.foot[0]
    assert html_tables.number(foot[time]) == expected["totals"]["time"]
    assert html_tables.number(foot[params]) == expected["totals"]["params"]
    assert html_tables.number(foot[acts]) == expected["totals"]["activations"]
    labels = {row[0]: row[1] for row in totals.body}
    assert labels["time"].startswith(f"{expected['totals']['time']:,} ")
    assert labels["parameters"].startswith(f"{expected['totals']['params']:,} trainable")
    assert expected["convention"]["description"] in text  # the convention is said


def memory(cell):
    """``'20.48 MB'`` → bytes (decimal units)."""
    value, unit = cell.split()
    return float(value) * {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}[unit]


def test_comparison_html_has_the_numbers_of_the_json(html_tables):
    a_text, b_text = "conv:f=3,k=256,p=same", "conv:f=1,k=64 conv:f=3,k=256,p=same"
    expected = cli_json("complexity", "100x100x256", a_text, "--vs", b_text)
    shape = parse_shape("100x100x256")[0]
    comparison = compare(analyse(Network(parse_items([a_text]), name=a_text), shape),
                         analyse(Network(parse_items([b_text]), name=b_text), shape))
    tables, text = html_tables.read_html(ComparisonView(comparison).html())
    design_a, design_b, table = tables
    assert html_tables.number(design_a.foot[0][3]) == expected["a"]["totals"]["time"]
    assert html_tables.number(design_b.foot[0][3]) == expected["b"]["totals"]["time"]
    assert table.caption == f"A = {a_text}, B = {b_text}"
    assert table.head[0] == ["", "A", "B", "B/A", "A/B"]
    for cells, line in zip(table.body, expected["comparison"], strict=True):
        assert cells[0] == line["quantity"]
        for cell, value in ((cells[1], line["a"]), (cells[2], line["b"])):
            if "memory" in line["quantity"]:
                assert memory(cell) == pytest.approx(value, rel=5e-3)
            else:
                assert html_tables.number(cell) == value
        assert float(cells[3].rstrip("%")) == pytest.approx(100 * line["ratio"], abs=0.05)


def test_html_is_self_contained_and_theme_neutral():
    """No stylesheet, script or link; no colour or background of its own (the theme's text and
    background show through, light or dark); rules are half-transparent grey."""
    shape = parse_shape("100x100x256")[0]
    a = analyse(Network(parse_items(["conv:f=3,k=256,p=same"])), shape)
    b = analyse(Network(parse_items(["conv:f=1,k=64 conv:f=3,k=256,p=same"])), shape)
    from cnnlab.check import check_file
    from cnnlab.render.check_views import CheckView

    checked = check_file(Path(__file__).parent / "fixtures" / "students" / "dlai_unpad.py")
    for html in (ShapeView(report_of(NETWORKS[1])).html(), ComplexityView(a).html(),
                 ComparisonView(compare(a, b)).html(), TextView("x < y").html(),
                 CheckView(checked).html()):
        for banned in ("<script", "<style", "<link", "<img", "src=", "href=", "url(", "@import"):
            assert banned not in html
        assert set(re.findall(r"(?<![-\w])color: ([^;\"]+)", html)) == {"inherit"}
        assert set(re.findall(r"background: ([^;\"]+)", html)) == {"transparent"}
        assert set(re.findall(r"rgba?\([^)]*\)", html)) <= {"rgba(128, 128, 128, 0.6)"}


def test_html_escapes_what_it_is_given(html_tables):
    from cnnlab.render.html import html_table

    html = html_table([Column("a"), Column("b", "right")], [["<script>x</script>", "1 & 2"]])
    tables, _ = html_tables.read_html(html)
    assert tables[0].body == [["<script>x</script>", "1 & 2"]]
    assert "<script>" not in html


def test_markdown_tables_carry_the_same_cells():
    tokens = NETWORKS[0]
    expected = cli_json("shape", *tokens)
    markdown = ShapeView(report_of(tokens)).markdown()
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    header, _, _, *layers, total = rows  # header, alignment, the input row, layers, totals
    assert header.startswith("| # | layer | H×W×C | activations | params |")
    for line, layer in zip(layers, expected["layers"], strict=True):
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        assert (int(cells[0]), cells[2], cells[3]) == (layer["index"], layer["output"]["text"],
                                                        f"{layer['activations']:,}")
    assert f"**{expected['totals']['params']:,}**" in total


def test_markdown_of_complexity_and_comparison():
    shape = parse_shape("100x100x256")[0]
    a = analyse(Network(parse_items(["conv:f=3,k=256,p=same"])), shape)
    b = analyse(Network(parse_items(["conv:f=1,k=64 conv:f=3,k=256,p=same"])), shape)
    assert "| **total** |  | **5,898,240,000** |" in ComplexityView(a).markdown()
    text = ComparisonView(compare(a, b)).markdown()
    assert "| time | 5,898,240,000 | 1,638,400,000 | 27.8% | 3.60× |" in text


def test_views_print_what_the_terminal_prints():
    report = report_of(NETWORKS[0])
    result = runner.invoke(app, ["shape", *NETWORKS[0]], env={"COLUMNS": "120"})
    assert str(ShapeView(report, width=120)) == result.stdout.rstrip("\n")


def test_reprs_are_one_short_line():
    shape = parse_shape("100x100x256")[0]
    a = analyse(Network(parse_items(["conv:f=3,k=256,p=same"]), name="3x3"), shape)
    b = analyse(Network(parse_items(["conv:f=1,k=64 conv:f=3,k=256,p=same"])), shape)
    expected = {
        repr(a.network): "NetworkReport(3x3, 100×100×256 → 100×100×256: 1 layer, 590,080 params, "
                         "2,560,000 activations)",
        repr(a): "ComplexityReport(3x3, input 100×100×256, batch 1: 5,898,240,000 MACs, "
                 "590,080 params)",
        repr(compare(a, b)): "Comparison(B against A: time 27.8%, params 27.8%, "
                             "activations 125.0%, peak memory 62.5%, training memory 125.0%)",
        repr(a.network.rows[0]): "LayerReport(1 'conv:f=3,k=256,p=same': 100×100×256 → "
                                 "100×100×256, 590,080 params)",
    }
    for got, want in expected.items():
        assert got == want
    assert repr(ShapeView(a.network)) == f"<ShapeView {a.network!r}>"


@pytest.mark.parametrize("name", ["cnnlab.render.html", "cnnlab.render.markdown",
                                  "cnnlab.network.walk"])
def test_doctests(name):
    assert doctest.testmod(importlib.import_module(name)).failed == 0


def test_the_readme_shows_the_repr_of_a_report():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    tokens = ["39x39x3", "conv:f=3,k=10", "conv:f=5,s=2,k=20", "conv:f=5,s=2,k=40", "flatten",
              "fc:10"]
    assert f"`{report_of(tokens)!r}`" in readme


@pytest.mark.parametrize("student", ["dlai_unpad.py", "cs231n_stride.py"])
def test_check_html_has_the_numbers_of_the_json(student, html_tables):
    from cnnlab.check import check_file
    from cnnlab.render.check_views import CheckView

    path = Path(__file__).parent / "fixtures" / "students" / student
    result = runner.invoke(app, ["check", str(path), "--json"])
    expected = json.loads(result.stdout)
    view = CheckView(check_file(path))
    tables, text = html_tables.read_html(view.html())
    found = [f for f in expected["functions"] if f["status"] != "missing"]
    assert [row[:4] for row in tables[0].body] == [
        [f["name"], f["status"], f["course_tests"] or "", f"{f['cases_passed']}/{f['cases_run']}"]
        for f in found]
    for function in found:
        if function["hint"]:
            assert function["hint"] in text
    assert f"{expected['passed']} of {len(found)} functions pass" in text
    markdown = view.markdown()
    for f in found:
        assert f"| {f['name'].replace('_', chr(92) + '_')} | {f['status']} |" in markdown

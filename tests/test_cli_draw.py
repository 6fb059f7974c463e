"""``cnnlab draw``: the picture, the files it writes, the JSON geometry, and one-line errors."""

import json
import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cnnlab.cli import app

runner = CliRunner()
ROOT = Path(__file__).parent.parent


def run(*args):
    return runner.invoke(app, ["draw", *args])


def test_terminal_picture():
    result = run("5x5", "conv:f=3,s=2,p=1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conv:f=3,s=2,p=1 on 5×5: output 3×3, drawn on a 7×7 canvas")
    assert "= ⌊(5 + 2·1 − 3)/2⌋ + 1 = 3" in result.stdout


def test_svg_and_frames(tmp_path):
    svg, frames = tmp_path / "c.svg", tmp_path / "frames"
    result = run("7x7", "conv:f=3,d=2", "--svg", str(svg), "--frames", str(frames))
    assert result.exit_code == 0, result.output
    assert ET.parse(svg).getroot().tag.endswith("svg")
    names = sorted(p.name for p in frames.iterdir())
    assert names == [f"frame-{i:03d}.svg" for i in range(1, 10)]
    assert result.stdout.splitlines() == [
        f"wrote {svg}", f"wrote 9 frames: {frames / 'frame-001.svg'} … {frames / 'frame-009.svg'}"]
    alone = run("3x3", "conv:f=3", "--frames", str(tmp_path / "one"))
    assert alone.stdout == f"wrote 1 frame: {tmp_path / 'one' / 'frame-001.svg'}\n"


def test_json_geometry():
    result = run("3x3", "convT:f=3,s=2,p=1,op=1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["output"] == [6, 6] and data["transposed"] is True
    assert len(data["frames"]) == 36
    first = data["frames"][0]
    assert first["output"] == [0, 0] and first["cells"][4] == [1, 1]
    assert first["inputs"][4] == [0, 0] and first["weights"][4] == [1, 1]  # the centre tap
    assert data["canvas"]["cells"][2][2] == "zero"
    assert data["formula"].endswith("= 6")


def test_uncovered_rows_are_listed():
    data = json.loads(run("8x8", "conv:f=1,s=3", "--json").stdout)
    assert len(data["uncovered"]) == 64 - 9
    text = run("8x8", "conv:f=1,s=3").stdout
    assert "never read by any window: input rows 1, 2, 4, 5, 7; columns 1, 2, 4, 5, 7" in text


def test_errors_are_the_shape_command_errors():
    drawn = run("5x5x1", "conv:f=7,k=1")
    shaped = runner.invoke(app, ["shape", "5x5x1", "conv:f=7,k=1"])
    assert drawn.exit_code == shaped.exit_code == 1
    assert drawn.stderr == shaped.stderr
    assert drawn.stderr.count("\n") == 1
    bad_key = run("8x8x3", "conv:f=3,q=1")
    assert bad_key.exit_code == 1
    assert bad_key.stderr == runner.invoke(app, ["shape", "8x8x3", "conv:f=3,q=1"]).stderr


@pytest.mark.parametrize(
    "args,message",
    [
        (["100x100", "conv:f=3"], "the limit is 64 cells a side"),
        (["40x40", "conv:f=1"], "the limit is 1024"),
        (["5x5", "relu"], "only a layer with a sliding window"),
        (["5", "conv:f=3"], "give the input as H×W or H×W×C"),
        (["5x5", "conv:f=3", "--svg", "/nonexistent/dir/x.svg"], "cannot write /nonexistent/dir"),
    ],
)
def test_mistakes_are_one_line_and_exit_1(args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    as_json = run(*args, "--json")
    assert json.loads(as_json.stdout)["error"]["exit_code"] == 1


def test_misused_command_line_exits_2():
    assert run("5x5").exit_code == 2
    assert run("5x5", "conv:f=3", "conv:f=3").exit_code == 2


def test_the_readme_svg_is_what_its_command_makes_now(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^cnnlab (draw [^\n]* --svg (docs/images/[\w.-]+\.svg))$", readme, re.M)
    assert command is not None
    args, committed = shlex.split(command.group(1)), ROOT / command.group(2)
    fresh = tmp_path / "fresh.svg"
    args[args.index("--svg") + 1] = str(fresh)
    assert runner.invoke(app, args).exit_code == 0
    assert fresh.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")
    assert f"]({command.group(2)})" in readme  # and the README shows it


def test_shape_rf_svg_traces_one_unit_back(tmp_path):
    svg = tmp_path / "rf.svg"
    args = ["shape", "32x32x3", "conv:f=3,k=8,p=1", "maxpool:f=2", "conv:f=3,k=8,d=2", "--rf",
            "--svg", str(svg)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    texts = [t.text for t in ET.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert "12×12 input cells, rows 9–20, columns 9–20" in texts
    assert ["field 12×12", "field 10×10", "field 5×5", "the unit"] == [
        t for t in texts if t.startswith(("field", "the unit"))]
    corner = runner.invoke(app, [*args, "--unit", "0x0"])
    assert corner.exit_code == 0
    assert "11×11 input cells, rows 0–10, columns 0–10" in svg.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "extra,code,message",
    [
        (["--svg", "x.svg"], 2, "give --rf too"),
        (["--unit", "1x1"], 2, "give --rf --svg FILE too"),
        (["--rf", "--svg", "x.svg", "--unit", "12x0"], 1, "outside the last feature map, 12×12"),
    ],
)
def test_shape_rf_svg_mistakes(extra, code, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["shape", "32x32x3", "conv:f=3,k=8,p=1", "maxpool:f=2",
                                 "conv:f=3,k=8,d=2", *extra])
    assert result.exit_code == code
    assert message in result.stderr and result.stderr.count("\n") == 1


PAIR = st.sampled_from(["1", "2", "3", "4", "2x3"])
PADDING = st.sampled_from(["0", "1", "2", "valid", "same", "full", "tf-same", "1/0/2/1", "0x2"])


@st.composite
def layers(draw):
    kind = draw(st.sampled_from(["conv", "dwconv", "convT", "maxpool", "avgpool"]))
    parts = [f"f={draw(PAIR)}", f"s={draw(st.sampled_from(['1', '2', '3', '2x1']))}"]
    if kind in ("conv", "convT"):
        parts.append("k=1")
    if kind == "convT":
        parts.append(f"p={draw(st.sampled_from(['0', '1', '2', '1/0/2/1']))}")
        parts.append(f"op={draw(st.sampled_from(['0', '1']))}")
    else:
        parts.append(f"p={draw(PADDING)}")
    if kind in ("conv", "dwconv", "convT"):
        parts.append(f"d={draw(st.sampled_from(['1', '2']))}")
    elif draw(st.booleans()):
        parts.append("ceil")
    return f"{kind}:{','.join(parts)}"


@settings(max_examples=60, deadline=None)
@given(layers(), st.integers(1, 12), st.integers(1, 12))
def test_draw_accepts_every_setting_shape_accepts(layer, h, w):
    shaped = runner.invoke(app, ["shape", f"{h}x{w}x1", layer, "--json"])
    drawn = runner.invoke(app, ["draw", f"{h}x{w}x1", layer, "--json"])
    if shaped.exit_code == 0 and drawn.exit_code == 1:  # only the picture's size limits
        assert json.loads(drawn.stdout)["error"]["message"].startswith("picture too large")
        event("too large to draw")
        return
    assert drawn.exit_code == shaped.exit_code, (layer, drawn.output)
    event("refused by both" if shaped.exit_code else "drawn")
    if shaped.exit_code:
        assert drawn.stdout == shaped.stdout  # the same JSON error object
        return
    out = json.loads(shaped.stdout)["layers"][0]["output"]["dims"]
    data = json.loads(drawn.stdout)
    assert data["output"] == out[:2] and len(data["frames"]) == out[0] * out[1]

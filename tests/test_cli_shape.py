"""``cnnlab shape`` and ``cnnlab layers`` as a user meets them: exit codes and messages."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cnnlab import __version__
from cnnlab.cli import app

runner = CliRunner()
NG_CHAIN = ["39x39x3", "conv:f=3,k=10", "conv:f=5,s=2,k=20", "conv:f=5,s=2,k=40", "flatten",
            "fc:10"]


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "160"})


def test_table_shows_shapes_parameters_and_formulas():
    result = invoke("shape", *NG_CHAIN)
    assert result.exit_code == 0, result.output
    for expected in ("37×37×10", "17×17×20", "7×7×40", "1960", "⌊(39 + 0 − 3)/1⌋ + 1 = 37",
                     "(3·3·3 + 1)·10 = 280", "44,950"):
        assert expected in result.stdout


def test_json_has_exact_integers_per_layer_and_totals():
    result = invoke("shape", *NG_CHAIN, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [layer["output"]["text"] for layer in data["layers"]] == [
        "37×37×10", "17×17×20", "7×7×40", "1960", "10",
    ]
    assert data["layers"][0]["size"]["height"]["formula"] == "⌊(39 + 0 − 3)/1⌋ + 1 = 37"
    assert data["layers"][0]["params"] == 280
    assert data["totals"]["params"] == 280 + 5020 + 20040 + 19610
    assert data["totals"]["output"]["dims"] == [10]


def test_nchw_layout_reads_and_prints_channels_first():
    result = invoke("shape", "3x39x39", "conv:f=3,k=10", "--layout", "nchw", "--json")
    data = json.loads(result.stdout)
    assert data["layers"][0]["output"]["text"] == "10×37×37"
    assert data["input"]["dims"] == [3, 39, 39]


def test_single_formula_mode():
    result = invoke("shape", "--n", "6", "--f", "3", "--p", "1", "--s", "2")
    assert result.exit_code == 0
    assert "⌊(n + 2p − f)/s⌋ + 1" in result.stdout
    assert "⌊(6 + 2·1 − 3)/2⌋ + 1 = 3" in result.stdout


def test_single_formula_with_separate_height_width_and_dilation_as_json():
    result = invoke("shape", "--n", "9x8", "--f", "3", "--d", "2", "--json")
    data = json.loads(result.stdout)
    assert (data["height"]["output"], data["width"]["output"]) == (5, 4)


def test_network_file_and_receptive_field(tmp_path):
    path = tmp_path / "net.toml"
    path.write_text('input = "32x32x3"\nlayers = ["conv:f=3,k=8", "pool:max,f=2"]\n')
    result = invoke("shape", "--file", str(path), "--rf")
    assert result.exit_code == 0, result.output
    assert "15×15×8" in result.stdout and "RF" in result.stdout
    overridden = invoke("shape", "--file", str(path), "64x64x3", "--json")
    assert json.loads(overridden.stdout)["totals"]["output"]["text"] == "31×31×8"


def test_version_and_layers_listing():
    assert invoke("--version").stdout.strip() == f"cnnlab {__version__}"
    listing = invoke("layers")
    assert listing.exit_code == 0 and "convT" in listing.stdout
    kinds = json.loads(invoke("layers", "--json").stdout)
    assert kinds[0]["kind"] == "conv" and "f" in kinds[0]["keys"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["0x5x3", "relu"], 1, "every size must be a positive integer, got 0"),
        (["-1x5x5", "relu"], 1, "got -1"),
        (["8x8x3", "conv:f=0,k=4"], 1, "f=0: must be >= 1"),
        (["8x8x3", "conv:f=3,k=4,s=0"], 1, "s=0: must be >= 1"),
        (["8x8x3", "convo:f=3"], 1, "unknown layer kind 'convo'"),
        (["8x8x3", "conv:f=3"], 1, "missing key k="),
        (["8x8x3", "conv:f=3,k=4,x=1"], 1, "unknown key 'x' for conv; it accepts f, k, s"),
        (["5x5x3", "conv:f=7,k=4"], 1, "window does not fit along the height: n + p = 5 + 0 = 5"),
        (["32x32", "relu"], 1, "two numbers are ambiguous"),
        (["32by32by3", "relu"], 1, "cannot read shape"),
        (["8x8x16", "res[conv:f=3,k=32,p=1]"], 1, "branch 1 gives 8×8×32, branch 2 gives 8×8×16"),
        (["8x8x4", "conv:f=4,k=4,p=same"], 1, "padding 'same' needs an odd kernel"),
        (["8x8x3"], 2, "no layers given"),
        ([], 2, "give an input shape and layers"),
        (["8x8x3", "relu", "--jsn"], 2, "no such option '--jsn'"),
        (["8x8x3", "relu", "--n", "5", "--f", "3"], 2, "not both"),
        (["--n", "5"], 2, "needs both --n"),
        (["--file", "/nonexistent/net.toml"], 1, "cannot read network file"),
        (["--n", "5", "--f", "3", "--op", "1"], 1, "only applies to --transposed"),
    ],
)
def test_bad_input_gives_one_line_and_an_exit_code(args, code, message):
    result = invoke("shape", *args)
    assert result.exit_code == code
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert message in lines[0]


def test_python_dash_m_runs_the_cli():
    completed = subprocess.run(
        [sys.executable, "-m", "cnnlab", "--help"], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0
    assert "shape" in completed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--layout", "xyz"], "'xyz' is not one of 'nhwc', 'nchw'"), (["--batch", "0"], "--batch")],
)
def test_typer_usage_errors_exit_2_without_a_traceback(args, message):
    result = invoke("shape", "8x8x3", "relu", *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output

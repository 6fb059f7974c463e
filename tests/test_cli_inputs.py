"""What the commands make of their inputs: the batch, MACs next to FLOPs, numbers in JSON."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnlab.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.mark.parametrize(
    "args",
    [
        ["complexity", "8x39x39x3", "conv:f=3,k=4"],
        ["complexity", "--model", "lenet5", "--input", "8x32x32x1"],
        ["complexity", "39x39x3", "conv:f=3,k=4", "--batch", "8"],
        ["complexity", "8x39x39x3", "conv:f=3,k=4", "--batch", "8"],
        ["shape", "8x39x39x3", "conv:f=3,k=4"],
    ],
)
def test_a_batch_in_the_shape_is_honoured(args):
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["batch"] == 8


def test_the_batch_scales_time_and_memory():
    one = json.loads(invoke("complexity", "39x39x3", "conv:f=3,k=4", "--json").stdout)
    eight = json.loads(invoke("complexity", "8x39x39x3", "conv:f=3,k=4", "--json").stdout)
    assert eight["totals"]["time"] == 8 * one["totals"]["time"]


def test_a_network_file_batch_is_used_and_the_flag_overrides_it(tmp_path):
    path = tmp_path / "net.toml"
    path.write_text('input = "8x8x3"\nbatch = 4\nlayers = ["conv:f=3,k=2"]\n')
    assert json.loads(invoke("shape", "--file", str(path), "--json").stdout)["batch"] == 4
    flagged = invoke("shape", "--file", str(path), "--batch", "2", "--json")
    assert json.loads(flagged.stdout)["batch"] == 2


@pytest.mark.parametrize("count", ["macs", "flops"])
def test_macs_and_flops_with_bias_add_up(count):
    result = invoke("complexity", "8x8x3", "conv:f=3,k=4", "fc:10", "--count", count, "--bias")
    numbers = [int(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", result.stdout)]
    text = result.stdout
    macs = 6 * 6 * 4 * 27 + 144 * 10
    adds = 6 * 6 * 4 + 10
    assert f"{macs:,} MACs + {adds:,} bias additions" in text
    total = 2 * macs + adds if count == "flops" else macs + adds
    assert total in numbers
    assert "1 MAC = 2 FLOPs)" not in text.replace("1 MAC = 2 FLOPs, ", "")


def test_receptive_field_and_jump_are_numbers_in_json():
    result = invoke("shape", "32x32x3", "conv:f=3,k=8", "pool:max,f=2", "convT:f=2,k=2,s=4",
                    "fc:10", "--json")
    rows = json.loads(result.stdout)["layers"]
    assert rows[1]["receptive_field"] == {
        "whole": False, "height": 4, "width": 4, "text": "4×4",
        "jump": {"height": 2, "width": 2, "text": "2"},
    }
    assert rows[2]["receptive_field"]["jump"]["height"] == 0.5
    assert rows[3]["receptive_field"] == {"whole": True, "text": "all"}


def test_uncovered_rows_are_listed_in_json():
    result = invoke("shape", "--n", "8", "--f", "2", "--s", "3", "--json")
    height = json.loads(result.stdout)["height"]
    assert height["uncovered_input_rows"] == 2 and height["uncovered_rows"] == [2, 5]


def test_a_long_title_is_summarised():
    layers = ["conv:f=1,k=4"] * 300
    result = invoke("complexity", "8x8x4", *layers)
    first = result.stdout.splitlines()[0]
    assert first.endswith("… (300 rows in all) · input 8×8×4 (H×W×C), batch 1, float32")


def test_explain_figures_are_exact_for_huge_inputs():
    result = invoke("complexity", "--model", "lenet5", "--input", "999999999x999999999x1",
                    "--explain")
    assert result.exit_code == 0, result.output
    assert not re.search(r"\de[+-]\d|\binf\b", result.stdout)
    assert "4,154,999,755,680.00" in result.stdout  # 4,154,999,755,680,003,795,210 / 10⁹


def test_depth_folds_blocks_into_one_row_that_sums_them():
    from cnnlab.network import walk
    from cnnlab.render.shape import shown_rows
    from cnnlab.spec import load_network

    report = walk(load_network(Path(__file__).parent.parent / "docs/examples/tiny-resnet.toml"))
    top = shown_rows(report, 0)
    assert [s.row.index for s in top] == [r.index for r in report.rows if r.depth == 0]
    assert sum(s.params for s in top) == report.params
    assert sum(s.macs for s in top) == report.macs
    assert sum(s.activations for s in top) == report.activations
    assert len(shown_rows(report)) == len(report.rows)


def test_shape_macs_column_and_depth_on_resnet50(monkeypatch):
    monkeypatch.chdir(Path(__file__).parent.parent)
    result = invoke("shape", "--file", "cnnlab/zoo/resnet50.toml", "--macs", "--depth", "0")
    assert result.exit_code == 0, result.output
    assert "118,013,952" in result.stdout  # conv1: 112·112·64 · 7·7·3
    assert "4,089,184,256 (4.09 G)" in result.stdout  # torchvision's published 4.09 GFLOPS
    assert "(+10 rows)" in result.stdout
    data = json.loads(invoke("shape", "--file", "cnnlab/zoo/resnet50.toml", "--json").stdout)
    assert data["totals"]["macs"] == 4_089_184_256 and data["layers"][0]["macs"] == 118_013_952


def test_columns_are_chosen_and_ordered():
    result = invoke("shape", "32x32x3", "conv:f=5,k=8", "pool:max,f=2", "--columns",
                    "macs,shape")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[2].split()
    assert header == ["#", "layer", "MACs", "H×W×C"]
    assert "470,400" in result.stdout  # 28·28·8 outputs · 5·5·3 taps


def test_complexity_depth_folds_blocks_and_keeps_the_totals():
    folded = invoke("complexity", "--model", "resnet50", "--depth", "0").stdout
    rows = [re.split(r"\s{2,}", line.strip()) for line in folded.splitlines()
            if re.match(r"\s+\d+  ", line)]
    assert len(rows) == 39 and "(+10 rows)" in folded
    macs = sum(int(row[3].replace(",", "")) for row in rows)
    params = sum(int(row[4].replace(",", "")) for row in rows)
    assert (macs, params) == (4_089_184_256, 25_557_032)  # torchvision's published figures


def test_shape_states_memory_as_float32():
    result = invoke("shape", "2x39x39x3", "conv:f=3,k=10")
    # 2 samples · 37·37·10 = 13,690 outputs · 4 B; (3·3·3 + 1)·10 = 280 parameters · 4 B
    assert "activations 109.52 kB for the batch, parameters 1.12 kB" in result.stdout

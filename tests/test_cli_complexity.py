"""``cnnlab complexity`` and ``cnnlab zoo`` as a user meets them: output, exit codes, messages."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cnnlab.cli import app

runner = CliRunner()


def invoke(*args: str, width: int = 160):
    return runner.invoke(app, list(args), env={"COLUMNS": str(width)})


def ok(*args: str, width: int = 160) -> str:
    result = invoke(*args, width=width)
    assert result.exit_code == 0, result.output
    return result.stdout


def data(*args: str) -> dict:
    return json.loads(ok(*args, "--json"))


def test_one_layer_names_its_convention_and_counts():
    out = ok("complexity", "100x100x256", "conv:f=3,k=256,p=same")
    for expected in ("time counted as MACs (1 multiply-accumulate = 1) of conv and fc layers",
                     "5,898,240,000", "590,080", "2,560,000", "10.24 MB",
                     "peak inference", "kept for the backward pass"):
        assert expected in out


def test_narrow_terminals_keep_every_number():
    out = ok("complexity", "--model", "resnet50", "--per-layer", width=80)
    assert "4,089,184,256" in out and "25,557,032" in out and "…" not in out


def test_vs_compares_the_bottleneck():
    out = ok("complexity", "100x100x256", "conv:f=3,k=256,p=same",
             "--vs", "conv:f=1,k=64 conv:f=3,k=256,p=same")
    assert "1,638,400,000" in out and "27.8%" in out and "3,200,000" in out
    found = data("complexity", "100x100x256", "conv:f=3,k=256,p=same",
                 "--vs", "conv:f=1,k=64 conv:f=3,k=256,p=same")
    time = found["comparison"][0]
    assert (time["a"], time["b"], time["ratio_exact"]) == (5_898_240_000, 1_638_400_000, "5/18")


def test_vs_a_model_name():
    found = data("complexity", "--model", "resnet18", "--vs", "resnet50")
    assert found["b"]["totals"]["time"] == 4_089_184_256


def test_vs_with_symbolic_gives_the_shared_symbol_ratio():
    out = ok("complexity", "28x28x192", "conv:f=5,k=32,p=same", "--vs",
             "conv:f=1,k=16 conv:f=5,k=32,p=same", "--symbolic", "--notation", "ng")
    assert "B/A = n_C'/n_C_prev + n_C'/(n_C·f²) = 1/12 + 1/50 = 31/300" in out


def test_example_nndl_5_4_is_worked_with_its_answer():
    out = ok("complexity", "--example", "nndl-5-4")
    for expected in ("M'·N'·P·U·V·D = M·N·P·U·V·D = 100·100·256·3·3·256 = 5,898,240,000",
                     "100·100·64·1·1·256 = 163,840,000", "100·100·256·3·3·64 = 1,474,560,000",
                     "time = 163,840,000 + 1,474,560,000 = 1,638,400,000",
                     "B/A = D'/D + D'/(P·U·V) = 1/4 + 1/36 = 5/18", "27.8%",
                     "space 3,200,000", "output feature maps"):
        assert expected in out


def test_example_inception_in_ng_notation():
    out = ok("complexity", "--example", "inception-1x1")
    assert "n_H·n_W·n_C·f·f·n_C_prev" in out and "120,422,400" in out
    assert "12,443,648" in out and "9.68×" in out
    found = data("complexity", "--example", "inception-1x1")
    assert found["ratio"]["float"] == pytest.approx(12_443_648 / 120_422_400)


def test_model_summary_and_json():
    out = ok("complexity", "--model", "resnet50")
    assert "resnet50 · input 224×224×3" in out and "4,089,184,256 MACs (4.09 G)" in out
    found = data("complexity", "--model", "resnet50", "--count", "flops", "--bias")
    assert found["convention"] == {
        "count": "flops", "bias": True, "scope": "conv-fc", "backward": False,
        "description": "FLOPs (1 multiply-accumulate = 2) of conv and fc layers, bias additions "
                       "included, forward pass"}
    assert found["totals"]["time"] == 2 * 4_089_184_256 + 1000
    assert found["totals"]["params"] == 25_557_032
    assert found["memory"]["peak_row"] > 0


def test_other_input_dtype_and_batch():
    found = data("complexity", "--model", "resnet50", "--input", "160x160x3", "--batch", "2",
                 "--dtype", "fp16")
    assert found["input"]["text"] == "160×160×3" and found["batch"] == 2
    assert found["totals"]["params_bytes"] == 2 * 25_557_032
    one = data("complexity", "--model", "resnet50", "--input", "160x160x3")
    assert found["totals"]["time"] == sum(r["time"] for r in found["layers"])
    assert found["totals"]["time"] == 2 * one["totals"]["time"]
    assert found["memory"]["peak_inference_bytes"] == one["memory"]["peak_inference_bytes"]


def test_symbolic_per_layer_formulas():
    out = ok("complexity", "--model", "lenet5-ng", "--symbolic")
    assert "H_out·W_out·C_out·f_h·f_w·C_in = H_out·W_out·C_out·f²·C_in = 28·28·8·5·5·3" in out
    found = data("complexity", "--model", "lenet5-ng", "--symbolic", "--count", "mults+adds")
    first = found["formulas"][0]["formulas"][0]
    assert first["general"] == "H_out·W_out·C_out·(2·f_h·f_w·C_in − 1)"


def test_lenet5_shows_connections():
    out = ok("complexity", "--model", "lenet5", "--per-layer")
    assert "connections" in out and "122,304" in out and "151,600" in out


def test_backward_and_scope_all_columns():
    out = ok("complexity", "32x32x3", "conv:f=3,k=8", "relu", "conv:f=3,k=8", "--backward",
             "--scope", "all")
    assert "MACs fwd" in out and "MACs bwd" in out and "forward + backward" in out


def test_explain_reconciles_the_resnet50_figures():
    out = ok("complexity", "--explain")
    for expected in ("4,089,184,256", "4.09 ✓", "4.12 ✓", "4.14 ✓", "8.21 ✓",
                     "batch norm 44,455,936", "transposed convolution"):
        assert expected in out
    found = data("complexity", "--model", "vgg16", "--explain")
    tools = {t["tool"]: t for t in found["tools"]}
    thop = tools["thop"]["published"]
    assert thop["printed"] == "15.61" and thop["matches"]


def test_zoo_lists_models_with_sources():
    out = ok("zoo")
    assert "resnet50" in out and "25,557,032" in out and "mobilenet_v2" in out
    assert "He et al. 2015" in ok("zoo", "--sources")
    models = {m["name"]: m for m in data("zoo")}
    assert models["googlenet"]["params"] == 6_624_904
    assert all(f["matches"] for m in models.values() for f in m["figures"])


def test_help_has_examples():
    out = ok("complexity", "--help")
    assert "--example nndl-5-4" in out and "--count" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--model", "resnet51"], 1, "unknown model 'resnet51' (did you mean resnet50?); known "
                                     "models: lenet5"),
        (["--example", "nndl-5-5"], 1, "unknown example 'nndl-5-5'"),
        (["--model", "vgg16", "--input", "16x16x3"], 1, "layer 31 'maxpool:f=2,s=2' (input "
                                                        "1×1×512): window does not fit"),
        (["--model", "alexnet", "--input", "32x32x3"], 1, "'maxpool:f=3,s=2' (input 1×1×256): "
                                                          "window does not fit"),
        (["--model", "vgg16", "--dtype", "float31"], 1, "unknown dtype 'float31'; known dtypes"),
        (["--model", "vgg16", "--count", "gflops"], 1, "unknown count 'gflops'"),
        (["--model", "vgg16", "--scope", "most"], 1, "unknown scope 'most'"),
        (["--model", "vgg16", "--symbolic", "--notation", "math"], 1, "unknown notation"),
        (["8x8x3", "convo:f=3"], 1, "unknown layer kind 'convo'"),
        (["8x8x3", "conv:f=3,k=4", "--vs", "conv:f=9,k=4"], 1, "window does not fit"),
        (["--model", "resnet50", "--example", "nndl-5-4"], 2, "give one of INPUT LAYER..., "
                                                              "--model, --example"),
        ([], 2, "give an input shape and layers, --model NAME"),
        (["8x8x3"], 2, "no layers given"),
        (["8x8x3", "relu", "--input", "4x4x3"], 2, "--input is for --model and --file"),
        (["--example", "nndl-5-4", "--vs", "relu"], 2, "already compares"),
        (["--model", "vgg16", "--explain", "--vs", "resnet50"], 2, "drop --vs"),
        (["--model", "vgg16", "--notation", "nndl"], 2, "only applies with --symbolic"),
        (["8x8x3", "relu", "--frobnicate"], 2, "no such option '--frobnicate'"),
    ],
)
def test_bad_input_gives_one_line_and_an_exit_code(args, code, message):
    result = invoke("complexity", *args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert message in lines[0]


def test_count_help_is_written_from_the_counts_weights():
    out = " ".join(ok("complexity", "--help", width=200).split())
    for count in ("macs", "flops", "mults", "mults+adds"):
        assert f"{count}:" in out
    assert "exact: a dot product of n terms is n multiplications + n − 1 additions" in out


def test_blocks_have_one_activation_total_in_shape_and_complexity():
    # res[conv:f=1,k=4] on 2×2×4: the conv's 16 outputs; the merge row adds none
    shape = json.loads(ok("shape", "2x2x4", "res[conv:f=1,k=4]", "--json"))
    report = data("complexity", "2x2x4", "res[conv:f=1,k=4]")
    assert shape["totals"]["activations"] == report["totals"]["activations"] == 16


def test_vs_a_word_that_is_neither_model_nor_layer():
    result = invoke("complexity", "--model", "resnet18", "--vs", "resnet5")
    assert result.exit_code == 1
    assert "unknown layer kind 'resnet5'" in result.output
    assert "nor is it a built-in model" in result.output

"""``cnnlab prove``: happy paths, every output format, and bad inputs (one line, exit 1; typer
usage errors exit 2; a JSON error object under --json)."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cnnlab.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, ["prove", *args], env={"COLUMNS": "120"})


def test_list_names_every_identity_with_its_reference():
    result = invoke("list")
    assert result.exit_code == 0
    for word in ("commutativity", "transpose", "gradient", "one-by-one", "pooling", "claim",
                 "5-2", "5-7"):
        assert word in result.stdout
    data = json.loads(invoke("list", "--json").stdout)
    assert data["aliases"]["5-6"] == "transpose"


@pytest.mark.parametrize("args", [
    ["commutativity"], ["commutativity", "--size", "4x3", "--kernel", "3x2"],
    ["transpose"], ["transpose", "--size", "4x4", "--kernel", "3x3", "--stride", "2", "--pad",
                    "1", "--dilation", "1", "--channels", "2:3"],
    ["transpose", "--pad", "1/0/0/2", "--stride", "2x1"],
    ["gradient"], ["gradient", "--size", "5x5", "--stride", "2", "--pad", "1"],
    ["gradient", "--size", "6x6", "--kernel", "2x2", "--stride", "2", "--dilation", "2"],
    ["one-by-one"], ["one-by-one", "--size", "3x3", "--channels", "6:5"],
    ["pooling"], ["pooling", "--mode", "avg", "--size", "5x5", "--f", "3", "--s", "1"],
    ["pooling", "--size", "5x5", "--f", "3", "--s", "2", "--pad", "1"],
])
def test_every_identity_is_proved(args):
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "✓ PROVED" in result.stdout and "every entry identical" in result.stdout


def test_transpose_json_has_the_promised_fields():
    data = json.loads(invoke("transpose", "--stride", "2", "--pad", "1", "--json").stdout)
    assert data["identity"] == "transpose" and data["holds"] is True
    assert {"sizes", "steps", "checked_entries", "picture", "checks"} <= set(data)
    assert data["sizes"]["stride"] == "2" and data["checked_entries"] == 4 + 4 * 16 + 16
    assert [c["equation"] for c in data["checks"]] == ["z = C·x", "C·eᵢ = layer(eᵢ), every i",
                                                        "δx = Cᵀ·δz"]


def test_sweep_reports_the_instances():
    data = json.loads(invoke("one-by-one", "--sweep", "--json").stdout)
    assert data["sweep"]["instances"] == data["sweep"]["held"] > 10
    assert "sweep:" in invoke("commutativity", "--sweep").stdout


def test_latex_and_markdown():
    latex = invoke("transpose", "--latex").stdout
    assert latex.startswith("% cnnlab prove") and latex.isascii()
    assert r"\delta x = C^{\top}" in latex
    markdown = invoke("gradient", "--markdown").stdout
    assert markdown.startswith("### Gradients") and "$$" in markdown


def test_a_wrong_claim_is_refuted_with_the_smallest_counterexample():
    result = invoke("claim", "W (*)~ X == X (*)~ W")
    assert result.exit_code == 0
    assert "✗ REFUTED" in result.stdout and "X 1×2, W 1×1" in result.stdout
    data = json.loads(invoke("claim", "dx = C*dz", "--json").stdout)
    assert data["verdict"] == "refuted" and data["counterexample"]["witness"]


def test_a_true_claim_is_evidence_not_proof():
    result = invoke("claim", "dx == T(C)*dz", "--stride", "2", "--pad", "1")
    assert result.exit_code == 0 and "evidence, not a proof" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["claim", "W (*)~ == X"], "unexpected '==' at column 8"),
    (["transpose", "--size", "40x40"], "between 1 and 32, the largest a proof shows"),
    (["transpose", "--stride", "0"], "stride '0': each value must be between 1 and 32"),
    (["transpose", "--size", "4x4", "--kernel", "5x5"], "window does not fit"),
    (["transpose", "--size", "32x32", "--kernel", "9x9", "--channels", "8:8"],
     "exact products (the nonzero entries of its matrix)"),
    (["transpose", "--pad", "one"], "cannot read padding"),
    (["transpose", "--channels", "2-3"], "cannot read channels"),
    (["gradient", "--size", "3"], None),
    (["pooling", "--size", "3x3", "--f", "4"], "does not fit"),
    (["pooling", "--f", "2", "--pad", "2"], "at most half the window"),
])
def test_bad_input_is_one_line_and_exit_1(args, message):
    result = invoke(*args)
    if message is None:                                   # "3" is a valid 3×3 size
        assert result.exit_code == 0
        return
    assert result.exit_code == 1, result.output
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: ") and message in result.stderr


def test_json_error_object():
    result = invoke("claim", "W ? X == X", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["type"] == "SpecError"


@pytest.mark.parametrize("args", [["pooling", "--mode", "min"], ["claim"],
                                  ["transpose", "--latex", "--json"], ["nosuch"],
                                  ["claim", "X == X", "--stride", "0"]])
def test_misused_command_lines_exit_2(args):
    assert invoke(*args).exit_code == 2


def test_help_has_examples():
    result = invoke("transpose", "--help")
    assert result.exit_code == 0 and "cnnlab prove claim" in result.stdout


def test_prove_in_a_fresh_process():
    run = subprocess.run([sys.executable, "-m", "cnnlab", "prove", "commutativity", "--json"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and json.loads(run.stdout)["holds"] is True


def test_prove_is_mounted_lazily_and_never_needs_sympy():
    code = ("import sys, typer.main\nfrom cnnlab.cli import app\ntyper.main.get_command(app)\n"
            "print(sorted(m for m in ('cnnlab.cli.prove_commands', 'cnnlab.symbolic.registry', "
            "'cnnlab.symbolic.poly') if m in sys.modules))\n"
            "from typer.testing import CliRunner\n"
            "CliRunner().invoke(app, ['prove', 'transpose', '--json'])\n"
            "print('sympy' in sys.modules, 'cnnlab.symbolic.poly' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.splitlines() == ["[]", "False True"], run.stderr


def test_svg_draws_C(tmp_path):
    path = tmp_path / "C.svg"
    result = invoke("transpose", "--stride", "2", "--pad", "1", "--svg", str(path), "--json")
    assert result.exit_code == 0 and f"C drawn in {path}." in json.loads(result.stdout)["notes"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "w₁₁" in text and "w₀₀" not in text
    bad = invoke("transpose", "--channels", "2:2", "--svg", str(path))
    assert bad.exit_code == 1 and "one-channel" in bad.stderr
    unwritable = invoke("transpose", "--svg", str(tmp_path / "no" / "C.svg"))
    assert unwritable.exit_code == 1 and "cannot write" in unwritable.stderr


@pytest.mark.parametrize("number, identity", [("5-1", "commutativity"), ("5-2", "commutativity"),
                                              ("5-3", "one-by-one"), ("5-6", "transpose"),
                                              ("5-7", "transpose")])
def test_exercise_numbers_of_both_editions(number, identity):
    result = invoke(number, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["identity"] == identity

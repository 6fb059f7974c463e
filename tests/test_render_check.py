"""The check report as a view, as JSON data and as Gradescope's results.json (no subprocess)."""

import json

from rich.console import Console

from cnnlab.check.report import CaseReport, CheckReport, FunctionReport, Status
from cnnlab.render.check import check_data, check_view, gradescope_data


def report() -> CheckReport:
    good = CaseReport("course: x", "np.random.seed(1)", True, Status.PASS,
                      expected_shapes=[(2, 2)], got_shapes=[(2, 2)])
    bad = CaseReport("pad 0", "default_rng(40)", False, Status.FAIL, "Z differs: largest 3",
                     [(1, 2)], [(1, 2)], 3.0, "Z[0, 1]", 0.5, "rtol 1e-05, atol 1e-08")
    return CheckReport("hw.py", "dlai", [
        FunctionReport("zero_pad", Status.PASS, "zero_pad", [good], seconds=0.2),
        FunctionReport("conv_forward", Status.FAIL, "conv_fwd", [good, bad], "forgets the bias b",
                       "line 7", "no_bias", ["a note"], 0.4),
        FunctionReport("pool_forward", Status.MISSING)])


def test_view_names_the_mistake_the_case_and_the_totals():
    console = Console(width=100, record=True, color_system=None)
    console.print(check_view(report()))
    text = console.export_text()
    assert "conv_forward   fail     pass                 1/2   0.4 s" in text
    assert "not in the file: pool_forward" in text
    assert "conv_forward (your conv_fwd): fail" in text
    assert "likely mistake at line 7: forgets the bias b" in text
    assert "✗ pad 0  (inputs: default_rng(40))" in text and "rel_error 5.00e-01" in text
    assert text.rstrip().endswith("1 of 2 functions pass; 2 of 3 checks passed")


def test_json_data():
    data = json.loads(json.dumps(check_data(report())))
    assert (data["passed"], data["failed"]) == (1, 1)
    conv = data["functions"][1]
    assert conv["status"] == "fail" and conv["mistake"] == "no_bias"
    assert conv["cases"][1]["expected_shapes"] == [[1, 2]] and conv["cases"][1]["status"] == "fail"
    assert data["functions"][2]["status"] == "missing"


def test_gradescope_results_json():
    data = gradescope_data(report())
    assert [t["score"] for t in data["tests"]] == [1, 0, 0] and data["score"] == 1
    assert data["tests"][1]["status"] == "failed" and "forgets the bias" in data["tests"][1][
        "output"]
    assert data["tests"][2]["output"] == "not found in the file"
    assert gradescope_data(CheckReport("x.py", "auto", not_gradable="bad"))["tests"] == []

"""``check_file`` on student files of our own: right solutions pass, each classic mistake is
named by behaviour, and misbehaving code (crash, hang, exit, print, stdin, mutation) is reported
as exactly that without breaking the checker."""

import json
from functools import cache
from pathlib import Path

import pytest

from cnnlab.check import Status, check_file
from cnnlab.check.runner import Options

STUDENTS = Path(__file__).parent / "fixtures" / "students"


@cache
def checked(name: str, only: tuple[str, ...] = (), timeout: float = 10.0, course_only=False):
    return check_file(STUDENTS / name, Options(only=only, timeout=timeout,
                                               course_only=course_only))


def function(name: str, function_name: str, **options):
    report = checked(name, **options)
    return next(f for f in report.functions if f.name == function_name)


@pytest.mark.parametrize("name, convention, count", [
    ("dlai_correct.py", "dlai", 8), ("cs231n_correct.py", "cs231n", 4),
    ("dlai_notebook.ipynb", "dlai", 8)])
def test_correct_solutions_pass_every_case(name, convention, count):
    report = checked(name)
    assert report.convention == convention
    assert [f.status for f in report.functions] == [Status.PASS] * count
    assert report.ok and report.failed == 0
    assert all(c.passed for f in report.functions for c in f.cases)


@pytest.mark.parametrize("name, function_name, key, course", [
    ("dlai_unpad.py", "conv_backward", "unpad", True),
    ("cs231n_unpad.py", "conv_backward_naive", "unpad", True),
    ("dlai_pool_assign.py", "pool_backward", "assign", False),
    ("cs231n_pool_assign.py", "max_pool_backward_naive", "assign", True),
    ("dlai_stride.py", "conv_forward", "stride", False),
    ("cs231n_stride.py", "max_pool_forward_naive", "stride", False),
    ("dlai_bias_inside.py", "conv_single_step", "bias_inside", False),
    ("cs231n_bias_inside.py", "conv_forward_naive", "bias_inside", False),
    ("dlai_pool_channels.py", "pool_forward", "channels", False),
    ("dlai_swap_hw.py", "conv_forward", "swap_hw", False),
    ("dlai_float_b.py", "conv_single_step", "float_b", False),
    ("dlai_average_f.py", "pool_forward", "divide_by_f", False),
    ("dlai_ceil.py", "pool_forward", "ceil", False),
    ("dlai_no_bias.py", "conv_forward", "no_bias", False),
    ("dlai_no_pad.py", "conv_forward", "no_pad", False),
    ("dlai_backward_no_pad.py", "conv_backward", "no_pad", False),
    ("dlai_mask_argmax.py", "create_mask_from_window", "argmax", True),
    ("dlai_mask_argmax.py", "distribute_value", "undivided", False),
])
def test_each_classic_mistake_is_named(name, function_name, key, course):
    report = function(name, function_name)
    assert report.status in (Status.FAIL, Status.ERROR)
    assert report.mistake == key, report.hint
    assert report.hint
    assert report.course_passed is course      # the course's own tests miss the unpad bug


@pytest.mark.parametrize("name, function_name, line", [
    ("dlai_unpad.py", "conv_backward", "line 36"), ("dlai_float_b.py", "conv_single_step",
                                                    "line 12"),
    ("dlai_ceil.py", "pool_forward", "line 9"), ("cs231n_pool_assign.py",
                                                 "max_pool_backward_naive", "line 36")])
def test_the_hint_points_at_the_line(name, function_name, line):
    source = (STUDENTS / name).read_text().splitlines()
    assert function(name, function_name).hint_where == line
    assert source[int(line.split()[1]) - 1].strip()


def test_unpad_failure_names_the_case_and_the_error():
    report = function("dlai_unpad.py", "conv_backward")
    failing = [c for c in report.cases if not c.passed]
    assert [c.name.split(",")[0] for c in failing] == ["pad 0", "pad 0"]
    assert "could not broadcast" in failing[0].message and failing[0].seed == "default_rng(40)"


def test_a_wrong_value_says_where_and_by_how_much():
    case = next(c for c in function("dlai_no_bias.py", "conv_forward").cases if c.course)
    assert case.status is Status.FAIL and case.max_difference > 0.1
    assert case.where.startswith("Z[") and case.rel_error is not None
    assert case.expected_shapes == case.got_shapes == [(10, 4, 4, 8), (10, 4, 4, 3)]


def test_no_double_penalty_for_a_broken_helper():
    report = function("dlai_float_b.py", "conv_forward")
    assert report.status is Status.PASS
    assert any("conv_single_step" in note for note in report.notes)


def test_a_notebook_hint_points_at_its_cell(tmp_path):
    source = (STUDENTS / "dlai_unpad.py").read_text()
    cells = [{"cell_type": "code", "source": "%matplotlib inline\nimport numpy as np"},
             {"cell_type": "code", "source": source}]
    path = tmp_path / "hw.ipynb"
    path.write_text(json.dumps({"cells": cells}))
    report = check_file(path, Options(only=("conv_backward",)))
    assert report.functions[0].mistake == "unpad"
    assert report.functions[0].hint_where == "cell 2, line 36"


CRASHING = ("zero_pad", "conv_single_step", "create_mask_from_window", "distribute_value")


def test_crash_exit_os_exit_and_memory_are_errors():
    def messages(function_name):
        report = function("sandbox_crash.py", function_name, only=CRASHING)
        assert report.status is Status.ERROR
        return [c.message for c in report.cases]
    assert messages("zero_pad")[0].startswith("raised ZeroDivisionError")
    assert messages("conv_single_step")[0] == "raised SystemExit: called sys.exit(3)"
    assert "exited with code 0" in messages("create_mask_from_window")[0]
    assert messages("distribute_value")[0].startswith("raised MemoryError")
    exits = function("sandbox_crash.py", "conv_single_step", only=CRASHING)
    assert exits.hint.startswith("calls sys.exit()") and exits.hint_where == "line 13"


def test_a_hang_is_killed_at_its_limit():
    report = function("sandbox_crash.py", "pool_forward", only=("pool_forward",), timeout=1.0)
    assert report.status is Status.TIMEOUT
    assert report.cases[0].status is Status.TIMEOUT and "1 s limit" in report.cases[0].message
    assert report.counts == (0, 1)                  # the cases after it did not run: not passed
    assert report.hint.startswith("did not finish within 1 s")


def test_a_case_that_kills_its_child_does_not_take_the_others_down():
    report = function("sandbox_exit_once.py", "zero_pad")
    assert [c.status for c in report.cases] == [Status.PASS, Status.ERROR, Status.PASS,
                                                Status.PASS]
    assert "exited with code 7" in report.cases[1].message


def test_import_error_is_reported_with_its_line():
    report = function("sandbox_import_error.py", "zero_pad")
    assert report.status is Status.ERROR
    assert "ModuleNotFoundError" in report.hint and report.hint_where == "line 3"


def test_prints_stdin_and_mutation():
    assert function("sandbox_io.py", "zero_pad").status is Status.PASS
    assert "prints while it runs" in function("sandbox_io.py", "zero_pad").notes[0]
    stdin = function("sandbox_io.py", "distribute_value")
    assert stdin.status is Status.ERROR and "stdin" in stdin.cases[0].message
    mutated = function("sandbox_io.py", "create_mask_from_window")
    assert mutated.status is Status.FAIL
    assert mutated.cases[0].message == "changed its input x in place"
    assert mutated.hint.startswith("changes an input array in place")
    assert stdin.hint.startswith("reads input()")


def test_syntax_error_is_not_gradable_not_zero():
    report = checked("sandbox_syntax_error.py")
    assert report.not_gradable and "line 2" in report.not_gradable
    assert not report.ok and report.functions == []


def test_course_only_runs_only_the_course_cases():
    report = checked("dlai_unpad.py", only=("conv_backward",), course_only=True)
    assert report.ok and [c.course for c in report.functions[0].cases] == [True]


def _cs231n_variant(tmp_path, *edits):
    source = (STUDENTS / "cs231n_correct.py").read_text()
    for old, new in edits:
        assert old in source
        source = source.replace(old, new)
    path = tmp_path / "hw.py"
    path.write_text(source)
    report = check_file(path, Options(only=("conv_forward_naive", "conv_backward_naive")))
    return report.functions


def test_a_backward_fed_a_broken_forward_cache_is_judged_with_the_reference_cache(tmp_path):
    forward, backward = _cs231n_variant(
        tmp_path, ("cache = (x, w, b, conv_param)", "cache = (x, w * 2, b, conv_param)"))
    assert forward.status is Status.PASS            # its output is right, its cache is not
    assert backward.status is Status.FAIL
    forward, backward = _cs231n_variant(
        tmp_path, ("cache = (x, w, b, conv_param)", "cache = (x, w * 2, b, conv_param)"),
        ("np.sum(window * w[f]) + b[f]", "np.sum(window * w[f])"))
    assert forward.status is Status.FAIL and backward.status is Status.PASS
    assert any("conv_forward_naive" in note for note in backward.notes)


def test_a_backward_with_its_own_cache_format_says_it_could_not_be_judged(tmp_path):
    forward, backward = _cs231n_variant(
        tmp_path, ("cache = (x, w, b, conv_param)", "cache = (x, w * 2, b, conv_param, 0)"),
        ("x, w, b, conv_param = cache", "x, w, b, conv_param, _ = cache"),
        ("np.sum(window * w[f]) + b[f]", "np.sum(window * w[f])"))
    assert forward.status is Status.FAIL and backward.status is Status.FAIL
    assert any("could not be judged independently" in note for note in backward.notes)


def test_map_renames_a_function(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text((STUDENTS / "dlai_correct.py").read_text().replace(
        "def zero_pad(", "def my_pad(").replace("zero_pad(A_prev", "my_pad(A_prev").replace(
        "zero_pad(dA_prev", "my_pad(dA_prev"))
    report = check_file(path, Options(only=("zero_pad",), mapping=(("zero_pad", "my_pad"),)))
    assert report.ok and report.functions[0].student_name == "my_pad"


def test_a_wrong_signature_is_named(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("def conv_forward(A_prev, W, b):\n    return A_prev, None\n")
    report = check_file(path)
    conv = next(f for f in report.functions if f.name == "conv_forward")
    assert conv.status is Status.ERROR and "signature" in conv.hint


def test_a_wrong_gradient_gets_a_numerical_second_witness():
    notes = function("dlai_pool_assign.py", "pool_backward").notes
    said = next(n for n in notes if n.startswith("second witness"))
    expected, yours = [float(part.split(")")[0]) for part in said.split("rel_error ")[1:]]
    assert expected < 1e-7 < 1e-2 < yours


def test_checked_code_may_not_import_the_reference(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("from cnnlab.reference.dlai import zero_pad as reference\n\n\n"
                    "def zero_pad(X, pad):\n    return reference(X, pad)\n")
    report = check_file(path)
    assert report.functions[0].status is Status.ERROR
    assert "may not import cnnlab" in report.functions[0].hint


def test_a_scalar_must_be_a_number(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\n\n\ndef conv_single_step(a_slice_prev, W, b):\n"
                    "    return np.sum(a_slice_prev * W) + b\n")
    report = check_file(path, Options(only=("conv_single_step",)))
    case = report.functions[0].cases[0]
    assert case.status is Status.FAIL
    assert case.message == "returned an array of shape (1, 1, 1), not a number"
    path.write_text(path.read_text().replace("return np.sum", "return float(np.sum").replace(
        " + b\n", " + b.item())\n"))
    report = check_file(path, Options(only=("conv_single_step",)))
    course, edge = report.functions[0].cases[0], report.functions[0].cases[2]
    assert "wants a NumPy float" in course.message and edge.passed


def test_an_output_too_large_to_send_back_is_a_failure_not_a_crash(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\n\n\ndef zero_pad(X, pad):\n"
                    "    return np.zeros((3000, 1000))\n")
    report = check_file(path, Options(only=("zero_pad",)))
    assert report.functions[0].status is Status.FAIL
    assert "too large" in report.functions[0].cases[0].message


def test_a_missing_return_is_named(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\n\n\ndef zero_pad(X, pad):\n"
                    "    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))\n")
    report = check_file(path, Options(only=("zero_pad",)))
    assert "missing `return`" in report.functions[0].cases[0].message


def test_a_name_the_checker_did_not_keep_is_explained(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\nPAD_MODE = str('constant')\n\n\ndef zero_pad(X, pad):\n"
                    "    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), PAD_MODE)\n")
    report = check_file(path, Options(only=("zero_pad",)))
    assert report.functions[0].status is Status.ERROR
    assert report.functions[0].hint.startswith("name 'PAD_MODE' is not defined: the checker")
    assert any("PAD_MODE" in note for note in report.notes)


def test_a_cs231n_backward_that_changes_dout_in_place(tmp_path):
    forward, backward = _cs231n_variant(
        tmp_path, ("db = np.zeros_like(b)\n", "db = np.zeros_like(b)\n    dout *= 2\n"))
    assert backward.status is Status.FAIL
    assert "changed its input dout in place" in [c.message for c in backward.cases]


def test_a_deeplearning_ai_forward_must_echo_its_input_in_the_cache(tmp_path):
    path = tmp_path / "hw.py"
    source = (STUDENTS / "dlai_correct.py").read_text()
    path.write_text(source.replace("cache = (A_prev, hparameters)",
                                   "cache = (A_prev + 1, hparameters)"))
    report = check_file(path, Options(only=("pool_forward",)))
    case = report.functions[0].cases[0]
    assert case.status is Status.FAIL and case.message.startswith("cache[0]")


def test_an_unrelated_error_of_the_same_type_is_not_given_a_name(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\n\n\ndef conv_single_step(a_slice_prev, W, b):\n"
                    "    return np.sum(a_slice_prev, W) + float(b)\n")
    report = check_file(path, Options(only=("conv_single_step",)))
    assert report.functions[0].cases[0].message.startswith("raised TypeError")
    assert report.functions[0].mistake is None

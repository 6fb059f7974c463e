"""Code exercises graded through cnnlab.check: the shipped starter earns nothing, a correct file
every point, a classic mistake costs its own function only."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnlab.cli import app
from cnnlab.errors import ExerciseError
from cnnlab.exercises import find
from cnnlab.exercises.code import grade_code

STUDENTS = Path(__file__).parent / "fixtures" / "students"
STARTERS = Path(__file__).parent.parent / "exercises"


def test_a_correct_file_earns_every_point_and_the_exercise_is_found_by_convention():
    graded = grade_code(STUDENTS / "cs231n_correct.py")
    assert graded.exercise.id == "cs231n-a2-conv"
    assert graded.all_right and graded.earned == graded.points == 4


def test_a_classic_mistake_costs_its_function_only():
    graded = grade_code(STUDENTS / "dlai_unpad.py", "dlai-step-by-step")
    assert graded.passed("zero_pad") and not graded.passed("conv_backward")
    assert graded.function("conv_backward").mistake == "unpad"
    assert graded.earned == 1 and not graded.all_right


def test_the_starter_file_earns_nothing():
    graded = grade_code(STARTERS / "cs231n" / "starter_cs231n.py", "cs231n-a2-conv")
    assert graded.earned == 0 and not graded.all_right
    assert {f.status.value for f in graded.report.functions} == {"error"}


def test_a_sheet_exercise_is_not_a_code_exercise():
    with pytest.raises(ExerciseError, match="grade its answer sheet"):
        grade_code(STUDENTS / "cs231n_correct.py", "nndl-5-4")


def test_cli_grades_code_through_check(tmp_path):
    runner = CliRunner()
    right = runner.invoke(app, ["exercises", "grade", str(STUDENTS / "cs231n_correct.py"),
                                "--json"])
    assert right.exit_code == 0
    data = json.loads(right.stdout)
    assert data["earned"] == 4 and data["check"]["convention"] == "cs231n"
    wrong = runner.invoke(app, ["exercises", "grade", str(STUDENTS / "dlai_unpad.py")],
                          env={"COLUMNS": "120"})
    assert wrong.exit_code == 1 and "1 of 8 points" in wrong.stdout
    assert "pad:-pad" in wrong.stdout
    missing = runner.invoke(app, ["exercises", "grade", str(tmp_path / "hw.py")])
    assert missing.exit_code == 1 and "no such file" in missing.stderr
    assert find("dlai-step-by-step").convention == "dlai"

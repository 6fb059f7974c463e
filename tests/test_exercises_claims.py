"""Proof exercises graded through ``cnnlab prove``'s claim checker (cnnlab.symbolic.claim).

The oracle is the prover itself on the whole identity ``lhs == rhs``, which is tested against
exact sympy expansions and brute-force loops in tests/test_symbolic_claim.py; here we check that
the grader asks it the right question, accepts equivalent right sides, refutes the classic wrong
ones with the prover's smallest counterexample, and refuses what cannot be read.
"""

import json

import pytest
from typer.testing import CliRunner

from cnnlab.cli import app
from cnnlab.errors import SheetError
from cnnlab.exercises import Kind, Status, ValueType, answer, exercises, grade_text
from cnnlab.exercises.sheet import make_sheet
from cnnlab.render.worksheet import latex, markdown
from cnnlab.symbolic.claim import prove_claim

RUN = CliRunner()

# (exercise, field): two equivalent right sides, and the classic wrong ones
RIGHT = {
    ("nndl-5-2", "without_rot180"): ["rot180(X (*)~ W)", "rot180(X) (*)~ rot180(W)"],
    ("nndl-5-7", "dx_matrix"): ["T(C) @ dz", "T(T(dz) @ C)"],
    ("nndl-5-7", "dX_image"): ["rot180(W) (*)~ G", "rot180(G) (*)~ W"],
}
WRONG = {
    ("nndl-5-2", "without_rot180"): ["X (*)~ W", "rot180(W (*)~ X)"],
    ("nndl-5-7", "dx_matrix"): ["C @ dz", "T(dz) @ C"],
    ("nndl-5-7", "dX_image"): ["W (*)~ G", "G (*)~ rot180(W)", "rot180(W) (*) G"],
}


def _sheet(exercise_id: str, key: str, value: str) -> str:
    return f'[{exercise_id}]\n{key} = "{value}"\n'


def _mark(exercise_id: str, key: str, value: str):
    (mark,) = [m for m in grade_text(_sheet(exercise_id, key, value)).marks if m.ask.key == key]
    return mark


def test_every_proof_exercise_asks_for_an_identity_and_its_model_is_proved():
    proofs = [e for e in exercises() if e.kind is Kind.PROOF]
    assert {e.id for e in proofs} == {"nndl-5-2", "nndl-5-7"}
    claims = {(e.id, a.key): a for e in proofs for a in e.asks if a.of == "claim"}
    assert set(claims) == set(RIGHT) == set(WRONG)
    for ask in claims.values():
        assert prove_claim(f"{ask.args['lhs']} == {ask.args['model']}").holds


@pytest.mark.parametrize(("field", "value"), [(f, v) for f, vs in RIGHT.items() for v in vs])
def test_a_right_side_is_right_in_either_equivalent_form(field, value):
    mark = _mark(*field, value)
    assert mark.status is Status.RIGHT and mark.why is None and mark.earned == mark.ask.points


@pytest.mark.parametrize(("field", "value"), [(f, v) for f, vs in WRONG.items() for v in vs])
def test_each_wrong_side_is_refuted_with_the_provers_counterexample(field, value):
    mark = _mark(*field, value)
    assert mark.status is Status.WRONG and mark.earned == 0
    lhs = mark.ask.args["lhs"]
    proof = prove_claim(f"{lhs} == {value}")  # the oracle: the same claim, asked directly
    assert not proof.holds
    found = proof.counterexample
    if found is not None:
        assert f"entry {found.entry} is {found.lhs} on the left but {found.rhs}" in mark.why
        assert f"gives {found.lhs_value} ≠ {found.rhs_value}" in mark.why
    for note in proof.notes:
        assert note in mark.why


def test_restating_the_left_side_is_wrong_not_trivially_true():
    mark = _mark("nndl-5-2", "without_rot180", "W (*)~ X")
    assert mark.status is Status.WRONG and "restates the left side" in mark.why


@pytest.mark.parametrize(("value", "says"), [
    ('"C @@ dz"', "cannot read the claim"),
    ('"T(Q) @ dz"', "unknown name 'Q'"),
    ("3", "expected an expression as text"),
])
def test_a_right_side_that_cannot_be_read_names_the_field(value, says):
    with pytest.raises(SheetError, match=r"field nndl-5-7\.dx_matrix: ") as error:
        grade_text(f"[nndl-5-7]\ndx_matrix = {value}\n")
    assert says in str(error.value) and "\n" not in str(error.value)


def test_a_blank_identity_is_blank():
    mark = _mark("nndl-5-7", "dx_matrix", " ")
    assert mark.status is Status.BLANK


def test_templates_and_worksheets_carry_the_identities_and_the_prove_commands():
    five_seven = next(e for e in exercises() if e.id == "nndl-5-7")
    sheet = make_sheet([five_seven])
    assert 'dx_matrix = ""' in sheet and 'dX_image = ""' in sheet
    assert "# dx == (your answer)" in sheet and "claim language" in sheet
    right = answer(five_seven, five_seven.ask("dx_matrix"))
    assert right.type is ValueType.CLAIM and right.command == 'cnnlab prove claim "dx == T(C) @ dz"'
    key = markdown([five_seven], "en", key=True)
    assert 'cnnlab prove claim "dX == rot180(W) (*)~ G"' in key
    assert "cnnlab prove transpose" in key
    assert "cnnlab prove transpose" in latex([five_seven], "en", key=True)


def _run(*args):
    return RUN.invoke(app, ["exercises", *args], env={"COLUMNS": "200"})


def test_cli_grades_identities_with_json_and_one_line_errors(tmp_path):
    sheet = tmp_path / "proofs.toml"
    sheet.write_text('[nndl-5-7]\ndx_matrix = "T(T(T(C))) @ dz"\ndX_image = "W (*)~ G"\n')
    result = _run("grade", str(sheet))
    assert result.exit_code == 1
    assert "prover: false at X 1×2, W 1×2" in result.stdout
    assert "dX = rot180(W) (*)~ G" in result.stdout
    data = json.loads(_run("grade", str(sheet), "--json").stdout)
    marks = {m["key"]: m for m in data["exercises"][0]["marks"]}
    assert marks["dx_matrix"]["status"] == "right" and "prover" not in marks["dx_matrix"]
    assert marks["dX_image"]["status"] == "wrong" and marks["dX_image"]["prover"].startswith(
        "false at ")
    assert marks["dX_image"]["expected"]["command"] == 'cnnlab prove claim "dX == rot180(W) (*)~ G"'
    sheet.write_text('[nndl-5-7]\ndx_matrix = "C @@ dz"\n')
    bad = _run("grade", str(sheet))
    assert bad.exit_code == 1 and bad.stdout == ""
    assert bad.stderr.strip().count("\n") == 0 and "field nndl-5-7.dx_matrix" in bad.stderr
    refused = json.loads(_run("grade", str(sheet), "--json").stdout)
    assert "field nndl-5-7.dx_matrix" in json.dumps(refused, ensure_ascii=False)


def test_cli_template_and_solution_show_the_identities():
    template = _run("template", "nndl-5-2")
    assert template.exit_code == 0 and 'without_rot180 = ""' in template.stdout
    shown = _run("show", "nndl-5-2", "--solution")
    assert shown.exit_code == 0
    assert 'cnnlab prove claim "W (*)~ X == rot180(X (*)~ W)"' in shown.stdout
    assert "cnnlab prove commutativity" in shown.stdout

"""``cnnlab exercises``: each verb's happy path, bad inputs, JSON and worksheets."""

import json

from typer.testing import CliRunner

from cnnlab.cli import app

RUN = CliRunner()


def run(*args, **kwargs):
    return RUN.invoke(app, ["exercises", *args], env={"COLUMNS": "140"}, **kwargs)


def test_list_and_filter():
    result = run("list", "--source", "nndl")
    assert result.exit_code == 0
    assert "nndl-5-4" in result.stdout and "ng-c4w1-chain" not in result.stdout
    data = json.loads(run("list", "--json").stdout)
    assert {e["course"] for e in data["exercises"]} == {"nndl", "ng", "dlai", "cs231n"}
    assert run("list", "--source", "mit").exit_code == 2


def test_show_in_both_languages_and_with_the_solution():
    result = run("show", "nndl-5-4", "--solution")
    assert result.exit_code == 0
    assert "5,898,240,000" in result.stdout and "cnnlab complexity 100x100x256" in result.stdout
    assert "Errata" in result.stdout
    zh = run("show", "nndl-5-4", "--lang", "zh")
    assert "时间复杂度" in zh.stdout and "5,898,240,000" not in zh.stdout


def test_show_json_has_answers_only_with_solution():
    plain = json.loads(run("show", "ng-c4w1-chain", "--json").stdout)["exercises"][0]
    assert "answer" not in plain["questions"][0]
    solved = json.loads(run("show", "ng-c4w1-chain", "--json", "--solution").stdout)
    assert solved["exercises"][0]["questions"][3]["answer"]["value"] == 1960


def test_show_mistakes():
    result = run("show", "nndl-5-44")
    assert result.exit_code == 1 and result.stderr.startswith("error: no exercise 'nndl-5-44'")
    bad = run("show", "nndl-5-44", "--json")
    assert json.loads(bad.stdout)["error"]["exit_code"] == 1
    assert run("show").exit_code == 2
    assert run("show", "nndl-5-4", "--key").exit_code == 2
    assert run("show", "nndl-5-4", "--markdown", "--latex").exit_code == 2


def test_markdown_worksheet_has_the_key_on_its_own_page():
    result = run("show", "nndl-5-4", "ng-c4w1-lenet5", "--markdown", "--key")
    assert result.exit_code == 0
    sheet, _, key = result.stdout.partition("page-break-before")
    assert "____" in sheet and "5,898,240,000" not in sheet
    assert "5,898,240,000" in key and "62,958" in key
    assert "62,958" not in run("show", "ng-c4w1-lenet5", "--markdown").stdout


def test_latex_worksheet():
    result = run("show", "--source", "ng", "--latex", "--key", "--lang", "zh")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("% cnnlab worksheet") and "\\usepackage{xeCJK}" in text
    body, _, key = text.partition("\\newpage")
    assert "120,422,400" in key and "120,422,400" not in body
    assert text.rstrip().endswith("\\end{document}")


def test_template_sheet_to_stdout_and_to_a_directory(tmp_path):
    result = run("template", "ng-c4w1-chain")
    assert result.exit_code == 0 and "[ng-c4w1-chain]" in result.stdout
    written = run("template", "nndl-5-4", "dlai-step-by-step", "--out", str(tmp_path))
    assert written.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nndl-5-4.toml", "starter_dlai.py"]
    again = run("template", "nndl-5-4", "--out", str(tmp_path))
    assert again.exit_code == 1 and "exists" in again.stderr
    assert run("template", "nndl-5-4", "--out", str(tmp_path), "--force").exit_code == 0
    several = run("template", "nndl-5-4", "cs231n-a2-conv")
    assert several.exit_code == 2 and "--out" in several.stderr


def test_starter_code_raises_naming_the_exercise(tmp_path):
    result = run("template", "cs231n-a2-conv")
    assert result.exit_code == 0
    namespace: dict = {}
    exec(result.stdout, namespace)  # the shipped starter file
    try:
        namespace["max_pool_forward_naive"](None, None)
    except NotImplementedError as error:
        assert "cs231n-a2-conv" in str(error)
    else:
        raise AssertionError("the starter must raise")


def test_grade_right_and_wrong(tmp_path):
    sheet = tmp_path / "a.toml"
    sheet.write_text('[ng-c4w1-params]\nparams = "280"\nparams_large = 2.8e2\n')
    right = run("grade", str(sheet))
    assert right.exit_code == 0 and "2 of 2 answers right" in right.stdout
    sheet.write_text('[ng-c4w1-params]\nparams = 270\nparams_large = 280\n')
    wrong = run("grade", str(sheet))
    assert wrong.exit_code == 1
    assert "(3·3·3 + 1)·10 = 280" in wrong.stdout and "without the biases" in wrong.stdout
    data = json.loads(run("grade", str(sheet), "--json").stdout)
    first = data["exercises"][0]["marks"][0]
    assert first["status"] == "wrong" and first["slip"] == "bias"
    assert first["expected"]["value"] == 280 and data["earned"] == 1


def test_grade_refuses_malformed_sheets_in_one_line(tmp_path):
    sheet = tmp_path / "a.toml"
    sheet.write_text('[ng-c4w1-params]\nparams = "two hundred"\n')
    result = run("grade", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "field ng-c4w1-params.params" in result.stderr
    missing = run("grade", str(tmp_path / "none.toml"))
    assert missing.exit_code == 1 and "no such file" in missing.stderr


def test_exercise_option_is_for_code_files(tmp_path):
    sheet = tmp_path / "a.toml"
    sheet.write_text('[ng-c4w1-params]\nparams = 280\n')
    result = run("grade", str(sheet), "--exercise", "dlai-step-by-step")
    assert result.exit_code == 2 and "--exercise is for code files" in result.stderr


def test_new_is_reproducible_and_gradable(tmp_path):
    first = run("new", "shape", "--seed", "7", "--solution", "--json").stdout
    assert first == run("new", "shape", "--seed", "7", "--solution", "--json").stdout
    made = json.loads(first)["exercises"][0]
    assert made["id"] == "new-shape-7" and made["seed"] == 7
    sheet = tmp_path / "s.toml"
    text = "[new-shape-7]\n" + "".join(
        f'{q["key"]} = "{q["answer"]["text"]}"\n' for q in made["questions"]
    )
    sheet.write_text(text)
    assert run("grade", str(sheet)).exit_code == 0
    blank = run("new", "bottleneck", "--seed", "2", "--count", "2", "--sheet")
    assert "[new-bottleneck-2]" in blank.stdout and "[new-bottleneck-3]" in blank.stdout


def test_new_mistakes():
    result = run("new", "flops")
    assert result.exit_code == 2 and "kinds: shape" in result.stderr
    assert run("new", "shape", "--count", "0").exit_code == 2
    assert run("new", "shape", "--seed", "-3").exit_code == 2


def test_the_documented_sheets_grade_as_the_readme_says():
    from pathlib import Path

    docs = Path(__file__).parent.parent / "docs" / "sheets"
    assert run("grade", str(docs / "answers-filled.toml")).exit_code == 0
    data = json.loads(run("grade", str(docs / "answers-slips.toml"), "--json").stdout)
    slips = {m["key"]: m.get("slip") for e in data["exercises"] for m in e["marks"]}
    assert slips["conv1_params"] == "channels" and slips["time_plain"] == "flops"
    assert slips["fc3_params"] == "one-bias" and slips["space_plain"] == "params-for-space"

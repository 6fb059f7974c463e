"""Grading sheets filled right and wrong; each known slip recognised; malformed sheets refused."""

import pytest

from cnnlab.errors import SheetError
from cnnlab.exercises import Status, answer, exercises, find, grade_text, make_sheet
from cnnlab.exercises.sheet import gradable


def _filled(exercise_ids, values):
    lines = []
    for exercise_id in exercise_ids:
        lines.append(f"[{exercise_id}]")
        lines += [f"{k} = {v}" for k, v in values.get(exercise_id, {}).items()]
    return "\n".join(lines) + "\n"


def _right_sheet(exercise_list, form):
    """A sheet with every right answer written by ``form(answer)`` (a TOML value)."""
    values = {}
    for e in exercise_list:
        values[e.id] = {k: form(answer(e, e.ask(k))) for k in gradable(e)}
    return _filled([e.id for e in exercise_list], values)


def test_every_right_answer_is_marked_right_in_several_forms():
    shipped = [e for e in exercises() if gradable(e)]
    forms = [
        lambda a: f'"{a.text()}"',  # 1,960 and 37×37×10 and 9.677
        lambda a: f'"{"x".join(map(str, a.value))}"' if isinstance(a.value, tuple)
        else f'"{a.value}"' if isinstance(a.value, str)  # an identity: the model right side
        else (f"{float(a.value):.6e}" if a.type.value == "number" else str(a.value)),
    ]
    for form in forms:
        report = grade_text(_right_sheet(shipped, form))
        wrong = [(m.ask.key, m.given) for m in report.marks if m.status is not Status.RIGHT]
        assert report.all_right, wrong
        assert report.earned == report.points == sum(e.points for e in shipped)


def _one(exercise_id, key, value):
    report = grade_text(_filled([exercise_id], {exercise_id: {key: value}}))
    return next(m for m in report.marks if m.ask.key == key)


@pytest.mark.parametrize(
    ("exercise_id", "key", "value", "slip"),
    [
        ("ng-c4w1-params", "params", 270, "bias"),
        ("ng-c4w1-lenet5", "conv1_params", 208, "channels"),
        ("ng-c4w1-lenet5", "fc3_params", 48001, "one-bias"),
        ("ng-c4w1-lenet5", "total_params", 62958 - 608 - 3216 + 208 + 416 - 48120 + 48001
         - 10164 + 10081 - 850 + 841, "lecture"),
        ("nndl-5-4", "time_plain", '"11,796,480,000"', "flops"),
        ("nndl-5-4", "time_plain", 5_898_240_000 // 256, "channels"),
        ("nndl-5-4", "time_plain", 5_898_240_000 + 2_560_000, "bias-add"),
        ("nndl-5-4", "space_plain", 590_080, "params-for-space"),
        ("nndl-5-4", "space_plain", 2_560_000 + 2_560_000, "with-input"),
        ("ng-c4w1-chain", "conv1", '"36x36x10"', "minus-one"),
        ("ng-c4w1-chain", "conv1", '"37x37"', "no-channels"),
        ("ng-c4w1-chain", "conv1", '"37x37x3"', "in-channels"),
        ("ng-c4w1-chain", "conv1", '"10x37x37"', "channels-first"),
        ("ng-c4w1-chain", "flattened", 5 * 5 * 40, "minus-one"),  # 36, 15, 5 down the chain
        ("nndl-5-8", "p_k3_d2", 3, "circulating"),
        ("nndl-5-8", "p_k3_d2", 1, "dilation"),
        ("ng-c4w1-padding", "p_f5", 4, "both-sides"),
        ("nndl-5-7", "c_shape", '"16x4"', "swapped"),
        ("ng-c4-bottleneck", "saving", 0.103, "inverted"),
        ("nndl-lenet5", "c3_params", 2416, "full-table"),
    ],
)
def test_known_slips_get_their_hint(exercise_id, key, value, slip):
    mark = _one(exercise_id, key, value)
    assert mark.status is Status.WRONG
    assert mark.slip is not None and mark.slip.name == slip
    assert mark.earned == 0


def test_ceil_instead_of_floor():
    from cnnlab.exercises import grade
    from cnnlab.exercises.data import parse_exercise
    from cnnlab.exercises.sheet import Filled

    raw = {"id": "t", "kind": "numeric", "title": "t", "source": {"course": "ng"},
           "statement": "s", "networks": {"n": {"input": "8x8x1", "layers": "conv:f=3,s=2,k=4"}},
           "ask": [{"key": "out", "en": "q", "of": "output"}]}
    exercise = parse_exercise(raw, "t.toml")
    assert answer(exercise, exercise.asks[0]).value == (3, 3, 4)  # ⌊5/2⌋ + 1
    (mark,) = grade([Filled(exercise, {"out": "4x4x4"})]).marks  # ⌈5/2⌉ + 1
    assert mark.slip is not None and mark.slip.name == "ceil"


def test_the_lecture_table_total():
    # the lecture's per-layer numbers: 208, 416, 48001, 10081, 841
    assert 208 + 416 + 48001 + 10081 + 841 == 59547
    assert _one("ng-c4w1-lenet5", "total_params", 59547).slip.name == "lecture"


def test_a_wrong_answer_without_a_known_slip_has_no_hint():
    mark = _one("ng-c4w1-params", "params", 281)
    assert mark.status is Status.WRONG and mark.slip is None
    assert mark.answer.value == 280 and "= 280" in mark.answer.formula


def test_tolerance_of_the_ratio():
    assert _one("ng-c4-bottleneck", "saving", 9.68).status is Status.RIGHT
    assert _one("ng-c4-bottleneck", "saving", '"9.7"').status is Status.WRONG


def test_blank_and_missing_fields_are_blank():
    report = grade_text('[ng-c4w1-params]\nparams = ""\n')
    assert [m.status for m in report.marks] == [Status.BLANK, Status.BLANK]
    assert report.earned == 0 and not report.all_right


def test_proof_and_open_exercises_say_what_the_sheet_cannot_grade():
    report = grade_text("[nndl-5-2]\nwide_shape = \"4x4x1\"\n[nndl-5-3]\n")
    notes = [g.elsewhere for g in report.exercises]
    assert "cnnlab prove commutativity" in notes[0]
    assert "--solution" in notes[1]


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("[ng-c4w1-params]\nparams = \"28o\"\n", "field ng-c4w1-params.params: cannot read '28o'"),
        ("[ng-c4w1-chain]\nconv1 = \"37y37\"\n", "field ng-c4w1-chain.conv1: cannot read"),
        ("[ng-c4w1-params]\nweights = 280\n", "field ng-c4w1-params.weights: not asked"),
        ("[ng-c4w1-params]\nparams = true\n", "field ng-c4w1-params.params: expected"),
        ("[ng-c4w1-params]\nparams = {a = 1}\n", "field ng-c4w1-params.params: expected"),
        ("[no-such]\nx = 1\n", "table [no-such]: no exercise"),
        ("params = 280\n", "field 'params': expected a table"),
        ("[ng-c4w1-params\n", "not valid TOML"),
        ("", "no exercise tables"),
        ("[dlai-step-by-step]\nzero_pad = 1\n", "cnnlab check"),
        ("[ng-c4w1-params]\nparams = \"__import__('os').system('false')\"\n", "cannot read"),
    ],
)
def test_malformed_sheets_are_refused_naming_the_field(sheet, message):
    with pytest.raises(SheetError, match=None) as caught:
        grade_text(sheet)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value).strip() or "TOML" in str(caught.value)


def test_a_blank_template_round_trips():
    chosen = [find("ng-c4w1-lenet5"), find("nndl-5-4"), find("new-shape-3")]
    report = grade_text(make_sheet(chosen))
    assert [g.exercise.id for g in report.exercises] == [e.id for e in chosen]
    assert all(m.status is Status.BLANK for m in report.marks)
    assert len(report.marks) == sum(len(gradable(e)) for e in chosen)


def test_template_in_chinese_keeps_the_same_fields():
    text = make_sheet([find("nndl-5-4")], "zh")
    assert "时间复杂度" in text
    assert len(grade_text(text).marks) == 6

"""The shipped exercise sets: every answer equals REFERENCE.md's published number, computed by
cnnlab; every exercise is complete; the starter code matches the course signatures."""

import inspect

import pytest

from cnnlab.errors import ExerciseError
from cnnlab.exercises import Kind, answer, exercises, find, starter_text
from cnnlab.exercises.data import parse_exercise

# Published numbers (../shared/REFERENCE.md and the courses), typed here as the oracle; the
# exercise files hold only networks and formulas.
PUBLISHED = {
    ("ng-c4w1-params", "params"): 280,
    ("ng-c4w1-params", "params_large"): 280,
    ("ng-c4w1-chain", "conv1"): (37, 37, 10),
    ("ng-c4w1-chain", "conv2"): (17, 17, 20),
    ("ng-c4w1-chain", "conv3"): (7, 7, 40),
    ("ng-c4w1-chain", "flattened"): 1960,
    ("ng-c4w1-lenet5", "conv1_shape"): (28, 28, 8),
    ("ng-c4w1-lenet5", "pool1_shape"): (14, 14, 8),
    ("ng-c4w1-lenet5", "conv2_shape"): (10, 10, 16),
    ("ng-c4w1-lenet5", "pool2_shape"): (5, 5, 16),
    ("ng-c4w1-lenet5", "conv1_params"): 608,
    ("ng-c4w1-lenet5", "conv2_params"): 3216,
    ("ng-c4w1-lenet5", "fc3_params"): 48120,
    ("ng-c4w1-lenet5", "fc4_params"): 10164,
    ("ng-c4w1-lenet5", "softmax_params"): 850,
    ("ng-c4w1-lenet5", "total_params"): 62958,
    ("ng-c4-bottleneck", "plain"): 120_422_400,
    ("ng-c4-bottleneck", "reduce"): 2_408_448,
    ("ng-c4-bottleneck", "expand"): 10_035_200,
    ("ng-c4-bottleneck", "bottleneck"): 12_443_648,
    ("nndl-5-4", "time_plain"): 5_898_240_000,
    ("nndl-5-4", "space_plain"): 2_560_000,
    ("nndl-5-4", "time_bottleneck"): 1_638_400_000,
    ("nndl-5-4", "space_bottleneck"): 3_200_000,
    ("nndl-5-4", "params_plain"): 590_080,
    ("nndl-5-4", "params_bottleneck"): 164_160,
    ("nndl-5-8", "p_k3_d2"): 2,
    ("nndl-5-7", "c_shape"): (4, 16),
    # the Ng week-1 quiz and the padding lecture
    ("ng-c4w1-quiz", "a_fc_params"): 27_000_100,
    ("ng-c4w1-quiz", "b_conv_params"): 7_600,
    ("ng-c4w1-quiz", "c_strided_shape"): (29, 29, 32),
    ("ng-c4w1-quiz", "d_same_padding"): 3,
    ("ng-c4w1-quiz", "e_pool_shape"): (16, 16, 16),
    ("ng-c4w1-padding", "p_f3"): 1,
    ("ng-c4w1-padding", "p_f5"): 2,
    ("ng-c4w1-padding", "valid_6x6"): (4, 4, 1),
    ("nndl-5-3", "params"): 6176,
    # the original LeNet-5 (NNDL §5.4.1, LeCun 1998)
    ("nndl-lenet5", "c1_shape"): (28, 28, 6),
    ("nndl-lenet5", "c1_params"): 156,
    ("nndl-lenet5", "s2_params"): 12,
    ("nndl-lenet5", "c3_params"): 1516,
    ("nndl-lenet5", "s4_params"): 32,
    ("nndl-lenet5", "c5_params"): 48120,
    ("nndl-lenet5", "f6_params"): 10164,
    ("nndl-lenet5", "c1_connections"): 122_304,
    ("nndl-lenet5", "s2_connections"): 5_880,
}


@pytest.mark.parametrize(("exercise_id", "key"), sorted(PUBLISHED))
def test_answer_is_the_published_number(exercise_id, key):
    exercise = find(exercise_id)
    assert answer(exercise, exercise.ask(key)).value == PUBLISHED[(exercise_id, key)]


def test_every_numeric_ask_is_covered_by_a_published_number_or_formula():
    # formula-only answers, checked by hand from the formula in the statement
    by_formula = {
        ("ng-c4-bottleneck", "saving"): 120_422_400 / 12_443_648,
        ("nndl-5-8", "p_k5_d3"): 3 * (5 - 1) // 2,
        ("nndl-5-7", "c_shape_strided"): ((5 + 2 - 3) // 2 + 1) ** 2,
        ("ng-c4w1-padding", "p_f7"): 3,
        ("nndl-5-2", "wide_shape"): (3 + 2 - 1, 3 + 2 - 1, 1),
        ("nndl-5-3", "shape"): (28, 28, 32),
    }
    for e in exercises():
        for ask in e.asks:
            if ask.of in ("function", "claim"):  # claims: proved in test_exercises_claims.py
                continue
            key = (e.id, ask.key)
            assert key in PUBLISHED or key in by_formula, key
            if key in by_formula:
                value = answer(e, ask).value
                want = by_formula[key]
                if key[1] == "c_shape_strided":
                    assert value == (want, 25)
                elif isinstance(want, float):
                    assert value == pytest.approx(want)
                else:
                    assert value == want


def test_every_course_has_exercises_with_both_languages():
    for course in ("nndl", "ng", "dlai", "cs231n"):
        found = exercises(course)
        assert found, course
        for e in found:
            assert e.statement.zh and e.title.zh, e.id
            assert all(a.text.zh for a in e.asks), e.id


def test_the_issue_lists_are_all_there():
    ids = {e.id for e in exercises()}
    assert {"nndl-5-2", "nndl-5-3", "nndl-5-4", "nndl-5-7", "nndl-5-8"} <= ids
    assert {"ng-c4w1-chain", "ng-c4w1-params", "ng-c4w1-lenet5", "ng-c4-bottleneck"} <= ids
    kinds = {e.id: e.kind for e in exercises()}
    assert kinds["nndl-5-2"] is Kind.PROOF and kinds["nndl-5-3"] is Kind.OPEN
    assert kinds["dlai-step-by-step"] is Kind.CODE and kinds["cs231n-a2-conv"] is Kind.CODE


def test_errata_are_noted_where_the_sources_err():
    assert any("208" in e.en for e in find("ng-c4w1-lenet5").errata)
    assert any("(1 + D)" in e.en for e in find("nndl-5-8").errata)
    assert any("parameters" in e.en for e in find("nndl-5-4").errata)
    assert any("pad:-pad" in e.en for e in find("dlai-step-by-step").errata)


def test_draft_numbers_are_aliases():
    assert find("nndl-5-1-draft").id == "nndl-5-2"
    assert find("NNDL-5-7").id == "nndl-5-7"


def test_unknown_id_suggests_close_ones():
    with pytest.raises(ExerciseError, match="did you mean nndl-5-4"):
        find("nndl-5-44")


def test_open_question_has_model_answer_and_rubric():
    e = find("nndl-5-3")
    assert e.model_answer is not None and len(e.rubric) >= 4


@pytest.mark.parametrize(
    ("exercise_id", "module"),
    [("dlai-step-by-step", "cnnlab.reference.dlai"), ("cs231n-a2-conv", "cnnlab.reference.cs231n")],
)
def test_starter_code_has_the_course_signatures_and_raises(exercise_id, module):
    import importlib

    reference = importlib.import_module(module)
    exercise = find(exercise_id)
    namespace: dict = {}
    exec(compile(starter_text(exercise), "starter.py", "exec"), namespace)  # our own file
    for ask in exercise.asks:
        mine, theirs = namespace[ask.key], getattr(reference, ask.key)
        assert inspect.signature(mine) == inspect.signature(theirs), ask.key
        arguments = [None] * len(inspect.signature(mine).parameters)
        with pytest.raises(NotImplementedError, match=exercise_id):
            mine(*arguments)


def test_a_malformed_file_names_the_field():
    raw = {"id": "x", "kind": "numeric", "title": "t", "source": {"course": "ng"},
           "statement": "s",
           "ask": [{"key": "a", "en": "q", "of": "params", "tolerance": {"rel": "x"}}]}
    with pytest.raises(ExerciseError, match=r"f\.toml: ask\[0\] \(a\): tolerance"):
        parse_exercise(raw, "f.toml")
    with pytest.raises(ExerciseError, match="unknown field 'answer'"):
        parse_exercise({**raw, "answer": 3}, "f.toml")

"""Shape walks through whole networks, against published numbers: Andrew Ng's deeplearning.ai
course (the 39×39×3 chain, the LeNet-5-like table, the Inception module, the SIGNS model) and the
papers each test names."""

import pytest

from cnnlab.errors import ShapeError, SpecError
from cnnlab.network import Network, walk
from cnnlab.shape import Shape, parse_shape
from cnnlab.spec import parse_items


def run(text: str, *layers: str):
    shape, batch = parse_shape(text)
    return walk(Network(parse_items(list(layers))), shape, batch)


def test_ng_39x39x3_chain():
    report = run("39x39x3", "conv:f=3,k=10", "conv:f=5,s=2,k=20", "conv:f=5,s=2,k=40", "flatten")
    assert [str(r.output) for r in report.rows] == ["37×37×10", "17×17×20", "7×7×40", "1960"]
    assert report.output.elements == 1960


def test_ng_lenet5_like_table_with_the_correct_counts():
    report = run(
        "32x32x3",
        "conv:f=5,s=1,k=8", "pool:max,f=2,s=2", "conv:f=5,s=1,k=16", "pool:max,f=2,s=2",
        "fc:120", "fc:84", "fc:10", "softmax",
    )
    assert [r.params for r in report.rows] == [608, 0, 3216, 0, 48120, 10164, 850, 0]
    assert report.params == 62958
    assert [r.activations for r in report.rows[:4]] == [6272, 1568, 1600, 400]
    assert [r.activations for r in report.rows[4:7]] == [120, 84, 10]


def test_inception_module_concatenates_channels():
    report = run(
        "28x28x192",
        "concat[ conv:f=1,k=64 | conv:f=1,k=96 conv:f=3,k=128,p=same"
        " | conv:f=1,k=16 conv:f=5,k=32,p=same | pool:max,f=3,s=1,p=same conv:f=1,k=32 ]",
    )
    head = report.rows[0]
    assert head.kind == "concat" and head.output == Shape(256, 28, 28)
    assert [r.branch for r in report.rows[1:]] == [1, 2, None, 3, None, 4, None]
    assert all(r.depth == 1 for r in report.rows[1:])
    assert report.params == 12352 + 18528 + 110720 + 3088 + 12832 + 6176
    assert head.receptive.size == (5, 5)  # the widest branch (5×5) wins


def test_residual_block_with_identity_and_projection_shortcuts():
    report = run(
        "56x56x64",
        "res[ conv:f=3,k=64,p=1 bn relu conv:f=3,k=64,p=1 bn ] relu",
        "res[ conv:f=3,k=128,s=2,p=1 bn relu conv:f=3,k=128,p=1 bn | conv:f=1,k=128,s=2 bn ]",
    )
    assert report.output == Shape(128, 28, 28)
    assert report.rows[0].output == Shape(64, 56, 56)
    assert report.buffers == 2 * (64 * 2 + 128 * 3)


def test_residual_add_with_mismatched_channels_names_the_branches():
    with pytest.raises(ShapeError) as caught:
        run("56x56x64", "res[ conv:f=3,k=128,p=1 ]")
    message = str(caught.value)
    assert "layer 1 'res (identity shortcut)'" in message
    assert "branch 1 gives 56×56×128, branch 2 gives 56×56×64" in message


def test_concat_with_mismatched_sizes():
    with pytest.raises(ShapeError, match="same H×W in every branch, but branch 1 gives 26×26×8"):
        run("28x28x3", "concat[ conv:f=3,k=8 | conv:f=1,k=8 ]")


def test_error_inside_a_network_names_the_layer_and_its_input():
    with pytest.raises(ShapeError) as caught:
        run("8x8x3", "conv:f=3,k=4", "conv:f=3,k=4", "conv:f=5,k=4")
    assert str(caught.value).startswith("layer 3 'conv:f=5,k=4' (input 4×4×4): window does not fit")


def test_tensorflow_signs_model_from_the_course():
    report = run(
        "64x64x3",
        "conv:f=4,k=8,p=tf-same relu maxpool:f=8,p=tf-same",
        "conv:f=2,k=16,p=tf-same relu maxpool:f=4,p=tf-same flatten fc:6",
    )
    assert [str(r.output) for r in report.rows if r.kind in ("conv", "pool", "flatten")] == [
        "64×64×8", "8×8×8", "8×8×16", "2×2×16", "64",
    ]


def test_batch_and_activation_totals():
    report = run("4x8x8x1", "conv:f=3,k=2", "flatten")
    assert report.batch == 4
    assert report.activations == 6 * 6 * 2 + 72


def test_missing_input_is_an_error():
    with pytest.raises(SpecError, match="no input shape"):
        walk(Network(parse_items(["relu"])))


def test_receptive_field_and_jump_along_a_network():
    report = run("32x32x3", "conv:f=3,k=8", "pool:max,f=2", "conv:f=3,k=8", "fc:10")
    assert [r.receptive.format() for r in report.rows] == [
        ("3×3", "1"), ("4×4", "2"), ("8×8", "2"), ("all", "-"),
    ]


def test_the_walk_returns_the_tree_once_and_the_rows_in_preorder():
    report = run("4x4x2", "res[conv:f=1,k=2 relu]", "concat[conv:f=1,k=3 | pool:max,f=1]", "fc:5")
    top = [(n.row.index, n.row.kind, [len(b) for b in n.branches]) for n in report.nodes]
    assert top == [(1, "add", [2, 0]), (4, "concat", [1, 1]), (7, "fc", [])]
    body = report.nodes[0].branches[0]
    assert [(n.row.index, n.row.depth, n.row.branch) for n in body] == [(2, 1, 1), (3, 1, None)]
    assert [r.index for r in report.rows] == list(range(1, 8))
    assert [n.row for n in report.every_node()] == list(report.rows)
    assert report.nodes[1].row.output == Shape(5, 4, 4)  # 3 + 2 channels
    assert report.activations == 32 + 32 + 48 + 32 + 5  # the merge rows add none

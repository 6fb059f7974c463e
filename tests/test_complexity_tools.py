"""Why tools disagree: each tool's rules reproduce the figures it published."""

from __future__ import annotations

import pytest

from cnnlab.complexity import analyse
from cnnlab.complexity.flop_counters import Tool, reconcile, tool_count
from cnnlab.network import Network
from cnnlab.shape import Shape
from cnnlab.spec import parse_items
from cnnlab.zoo import MODELS, load_model

# (model, tool, printed): torchvision's metadata, ptflops' and thop's README tables, calflops'
# ResNet-50 FLOPs (its "4.09 GMACs" are the conv + fc MACs, torchvision's count)
PUBLISHED = [
    (m.name, f.tool, f.printed)
    for m in MODELS
    for f in m.figures
    if f.tool != "paper" and (f.tool, f.quantity) != ("calflops", "macs")
]


@pytest.mark.parametrize(("name", "tool", "printed"), PUBLISHED)
def test_each_tool_reproduces_its_published_figure(name, tool, printed):
    count = tool_count(analyse(load_model(name)), Tool(tool))
    places = len(printed.split(".")[1])
    assert f"{count.total / 1e9:.{places}f}" == printed


def test_calflops_macs_are_the_conv_and_fc_macs():
    figure = next(m for m in MODELS if m.name == "resnet50").figure("calflops", "macs")
    assert figure and figure.matches(analyse(load_model("resnet50")).time)


def test_the_resnet50_figures_of_the_issue():
    counts = {c.tool: c for c in reconcile(analyse(load_model("resnet50")))}
    shown = {tool: f"{c.total / 1e9:.2f}" for tool, c in counts.items()}
    assert shown == {Tool.TORCHVISION: "4.09", Tool.PTFLOPS: "4.12", Tool.THOP: "4.14",
                     Tool.FVCORE: "4.11", Tool.CALFLOPS: "8.21"}


def test_parts_add_up_and_say_what_each_counts():
    counts = {c.tool: c for c in reconcile(analyse(load_model("resnet50")))}
    conv, fc = 4_087_136_256, 2_048_000
    bn_elements, relu_elements = 11_113_984, 9_608_704
    pooling_inputs = 112 * 112 * 64 + 7 * 7 * 2048
    assert dict(counts[Tool.TORCHVISION].parts) == {"conv": conv, "fc": fc}
    assert dict(counts[Tool.PTFLOPS].parts) == {
        "conv": conv, "fc": fc, "fc bias": 1000, "batch norm": 2 * bn_elements,
        "activations": relu_elements, "pooling": pooling_inputs}
    assert dict(counts[Tool.THOP].parts) == {
        "conv": conv, "fc": (2 * 2048 - 1) * 1000, "batch norm": 4 * bn_elements,
        "pooling": (49 + 1) * 2048}
    assert dict(counts[Tool.CALFLOPS].parts) == {
        "conv": 2 * conv, "fc": 2 * fc, "batch norm": 2 * bn_elements,
        "activations": relu_elements, "pooling": pooling_inputs}
    for count in counts.values():
        assert count.total == sum(v for _, v in count.parts)


def test_tools_that_count_a_transposed_conv_on_its_output_grid():
    # a 2× upsampling: the output grid is 4 times the input grid
    report = analyse(Network(parse_items(["convT:f=4,k=8,s=2,p=1,nobias"])), Shape(16, 8, 8))
    right = 8 * 8 * 16 * 4 * 4 * 8
    counts = {c.tool: c.total for c in reconcile(report)}
    assert report.time == counts[Tool.TORCHVISION] == counts[Tool.FVCORE] == right
    assert counts[Tool.PTFLOPS] == counts[Tool.THOP] == 4 * right
    assert counts[Tool.CALFLOPS] == 2 * right


def test_batch_multiplies_every_tool():
    one = tool_count(analyse(load_model("resnet18")), Tool.PTFLOPS).total
    four = tool_count(analyse(load_model("resnet18"), batch=4), Tool.PTFLOPS).total
    assert four == 4 * one

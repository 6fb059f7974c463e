"""The model zoo against published numbers, to the last digit: torchvision's model documentation,
Caffe's bvlc_alexnet, LeCun et al. 1998 (LeNet-5), the MobileNet paper, NNDL §5.4 and Andrew Ng's
deeplearning.ai course (each test names its source)."""

from __future__ import annotations

import pytest

from cnnlab.complexity import Convention, Count, analyse
from cnnlab.errors import SpecError
from cnnlab.network import walk
from cnnlab.zoo import EXAMPLES, MODELS, find_example, find_model, load_model

# torchvision's parameter counts and "GFLOPS" (conv + linear MACs, bias excluded), 224×224×3
TORCHVISION = {
    "alexnet": (61_100_840, "0.71"),
    "vgg16": (138_357_544, "15.47"),
    "resnet18": (11_689_512, "1.81"),
    "resnet50": (25_557_032, "4.09"),
    "mobilenet_v2": (3_504_872, "0.30"),
    "googlenet": (6_624_904, "1.50"),
}


@pytest.mark.parametrize("name", TORCHVISION)
def test_torchvision_parameters_exactly_and_gflops_as_published(name):
    params, gflops = TORCHVISION[name]
    report = analyse(load_model(name))
    assert report.params == params
    assert f"{report.time / 1e9:.2f}" == gflops
    assert report.network.input.elements == 224 * 224 * 3


def test_torchvision_macs_exactly():
    # conv + fc multiply-accumulates, recomputed by hand for AlexNet
    convs = (55 * 55 * 64 * 363 + 27 * 27 * 192 * 1600 + 13 * 13 * 384 * 1728
             + 13 * 13 * 256 * 3456 + 13 * 13 * 256 * 2304)
    fcs = 9216 * 4096 + 4096 * 4096 + 4096 * 1000
    assert analyse(load_model("alexnet")).time == convs + fcs == 714_188_480
    assert analyse(load_model("resnet50")).time == 4_089_184_256


def test_ng_lenet5_like_parameters_and_shapes():
    report = walk(load_model("lenet5-ng"))
    rows = [r for r in report.rows if r.name]
    assert [r.params for r in rows] == [608, 0, 3216, 0, 48120, 10164, 850]
    assert [r.activations for r in rows] == [6272, 1568, 1600, 400, 120, 84, 10]
    assert report.params == 62_958


def test_original_lenet5_parameters_and_connections():
    report = analyse(load_model("lenet5"))
    rows = {c.row.name: c for c in report.costs if c.row.name}
    params = {name: c.row.params for name, c in rows.items()}
    connections = {name: c.ops.connections for name, c in rows.items()}
    assert params == {"C1": 156, "S2": 12, "C3": 1516, "S4": 32, "C5": 48120, "F6": 10164,
                      "output": 840}
    assert connections == {"C1": 122_304, "S2": 5_880, "C3": 151_600, "S4": 2_000,
                           "C5": 48_120, "F6": 10_164, "output": 840}
    assert [str(c.row.output) for c in rows.values()] == [
        "28×28×6", "14×14×6", "10×10×16", "5×5×16", "1×1×120", "84", "10"]


def test_alexnet_original_two_groups():
    report = analyse(load_model("alexnet-original"))
    assert report.params == 60_965_224  # Caffe's bvlc_alexnet
    assert str(report.costs[0].row.output) == "55×55×96"
    convs = [c for c in report.costs if c.row.kind == "conv"]
    assert [str(c.row.output) for c in convs] == ["55×55×96", "27×27×256", "13×13×384",
                                                  "13×13×384", "13×13×256"]
    notes = " ".join(report.network.notes)
    assert "⌊(224 − 11)/4⌋ + 1 = 54, not 55" in notes              # the paper's 224×224 erratum
    assert "a padding of 1, which turns 27×27 into ⌊(27 + 2·1 − 5)/1⌋ + 1 = 25" in notes


def test_nndl_conv2_padding_erratum_gives_25():
    from cnnlab.network import Network
    from cnnlab.shape import Shape
    from cnnlab.spec import parse_items

    wrong = walk(Network(parse_items(["conv:f=5,k=256,p=1,g=2"])), Shape(96, 27, 27))
    assert str(wrong.output) == "25×25×256"


def test_nndl_5_4():
    direct, bottleneck = (analyse(load_model(n)) for n in ("nndl-5-4", "nndl-5-4-bottleneck"))
    assert (direct.time, direct.activations, direct.params) == (5_898_240_000, 2_560_000, 590_080)
    assert [c.forward for c in bottleneck.costs] == [163_840_000, 1_474_560_000]
    assert [c.activations for c in bottleneck.costs] == [640_000, 2_560_000]
    assert [c.row.params for c in bottleneck.costs] == [16_448, 147_712]
    assert (bottleneck.time, bottleneck.activations, bottleneck.params) == (
        1_638_400_000, 3_200_000, 164_160)
    assert f"{bottleneck.time / direct.time:.1%}" == "27.8%"


def test_ng_inception_bottleneck():
    mults = Convention(Count.MULTS)
    direct = analyse(load_model("inception-1x1"), convention=mults)
    bottleneck = analyse(load_model("inception-1x1-bottleneck"), convention=mults)
    assert direct.time == 120_422_400
    assert [c.forward for c in bottleneck.costs] == [2_408_448, 10_035_200]
    assert bottleneck.time == 12_443_648
    assert round(direct.time / bottleneck.time) == 10  # "about 10× fewer"


def test_mobilenet_v1_matches_the_paper():
    report = analyse(load_model("mobilenet_v1"))
    assert round(report.time / 1e6) == 569  # "569 million mult-adds"
    weights_only = sum(c.row.params for c in report.costs if c.row.kind != "bn")
    assert weights_only == 4_210_088  # "4.2 million parameters" (without batch norm)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_every_model_parses_names_its_source_and_has_its_parameters(model):
    network = load_model(model.name)
    assert network.name == model.name and network.source
    report = walk(network)
    assert report.params == model.params
    for figure in model.figures:
        if figure.tool in ("torchvision", "paper"):
            assert figure.matches(analyse(network).time), figure


ALIASES = [("ResNet-50", "resnet50"), ("mobilenetv2", "mobilenet_v2"), ("vgg-16", "vgg16"),
           ("mobilenet-v2", "mobilenet_v2"), ("inception_v1", "googlenet"), ("lenet-5", "lenet5")]


@pytest.mark.parametrize(("alias", "name"), ALIASES)
def test_aliases(alias, name):
    assert find_model(alias).name == name


def test_unknown_model_lists_the_known_ones():
    with pytest.raises(SpecError, match=r"unknown model 'resnet51' \(did you mean resnet50\?\); "
                                        r"known models: lenet5, lenet5-ng, alexnet"):
        find_model("resnet51")


def test_examples():
    assert [e.name for e in EXAMPLES] == ["nndl-5-4", "inception-1x1"]
    with pytest.raises(SpecError, match="unknown example 'nndl'.*known examples: nndl-5-4"):
        find_example("nndl")
    for example in EXAMPLES:
        assert find_model(example.direct).example and find_model(example.bottleneck).example

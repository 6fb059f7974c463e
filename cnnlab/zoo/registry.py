"""The registry of built-in models and worked examples: names, aliases, published figures."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, NamedTuple

from cnnlab.errors import SpecError

if TYPE_CHECKING:                                    # cnnlab zoo lists without the network layer
    from cnnlab.network import Network
    from cnnlab.shape import Shape

# the model --explain shows when none is named: the one every counter's README reports
EXPLAINED = "resnet50"
TORCHVISION = "torchvision model metadata ('GFLOPS'), torchvision.models weights tables"
PTFLOPS = ("ptflops README, torchvision benchmark table (pytorch backend; ptflops 0.7.5 "
           "reproduces it with count_functional=False)")
THOP = "thop README, 'Results of Recent Models' table"
CALFLOPS = "calflops: calculate_flops(resnet50) prints 8.21 GFLOPS, 4.09 GMACs"


@dataclass(frozen=True)
class Figure:
    """A number a source printed for a model, as printed (``'4.09'``) with its unit.

    ``tool`` names the counting rules that produced it (``torchvision``, ``ptflops``, ``thop``,
    ``calflops``, ``paper``); ``quantity`` is ``macs``, ``flops`` or ``params``.
    """

    tool: str
    quantity: str
    printed: str
    unit: int
    source: str

    def matches(self, value: int) -> bool:
        """Does ``value`` round to the printed figure?

        >>> Figure("torchvision", "macs", "4.09", 10**9, "").matches(4_089_184_256)
        True
        """
        places = -int(Decimal(self.printed).as_tuple().exponent)  # finite: an int
        return round(Decimal(value) / self.unit, places) == Decimal(self.printed)


def _g(tool: str, printed: str, source: str, quantity: str = "macs") -> Figure:
    return Figure(tool, quantity, printed, 10**9, source)


@dataclass(frozen=True)
class ZooModel:
    """A built-in network: its file, names, and the exact parameter and MAC counts it must have.

    ``macs`` is the time under cnnlab's default convention (conv and fc multiply-accumulates,
    bias excluded); with ``params`` it lets ``cnnlab zoo`` list the models without analysing
    them, and the tests hold both to the analysis of the file.
    """

    name: str
    file: str
    title: str
    aliases: tuple[str, ...] = ()
    params: int | None = None
    figures: tuple[Figure, ...] = ()
    connections: bool = False  # show LeCun's connection counts by default
    example: bool = False  # one design of a worked example rather than a whole model
    macs: int | None = None

    def figure(self, tool: str, quantity: str = "macs") -> Figure | None:
        return next((f for f in self.figures if (f.tool, f.quantity) == (tool, quantity)), None)


MODELS: tuple[ZooModel, ...] = (
    ZooModel("lenet5", "lenet5.toml", "LeNet-5 (LeCun et al. 1998), original, 32×32×1",
             ("lenet-5", "lenet", "lenet5-original"), 60_840, connections=True, macs=333_664),
    ZooModel("lenet5-ng", "lenet5_ng.toml", "Andrew Ng's LeNet-5-like network, 32×32×3",
             ("lenet-ng", "ng-lenet", "lenet5-like"), 62_958, macs=849_320),
    ZooModel("alexnet", "alexnet.toml", "AlexNet, torchvision's single-GPU variant",
             ("alexnet-torchvision",), 61_100_840,
             (_g("torchvision", "0.71", TORCHVISION), _g("ptflops", "0.72", PTFLOPS),
              _g("thop", "0.77", THOP)), macs=714_188_480),
    ZooModel("alexnet-original", "alexnet_original.toml", "AlexNet (2012 paper), two GPU groups",
             ("alexnet-2012", "alexnet-paper", "alexnet-2gpu"), 60_965_224, macs=724_406_816),
    ZooModel("vgg16", "vgg16.toml", "VGG-16 (configuration D)", ("vgg-16", "vgg"), 138_357_544,
             (_g("torchvision", "15.47", TORCHVISION), _g("ptflops", "15.5", PTFLOPS),
              _g("thop", "15.61", THOP)), macs=15_470_264_320),
    ZooModel("resnet18", "resnet18.toml", "ResNet-18", ("resnet-18",), 11_689_512,
             (_g("torchvision", "1.81", TORCHVISION), _g("ptflops", "1.82", PTFLOPS),
              _g("thop", "1.82", THOP)), macs=1_814_073_344),
    ZooModel("resnet50", "resnet50.toml", "ResNet-50 (torchvision, v1.5)", ("resnet-50",),
             25_557_032,
             (_g("torchvision", "4.09", TORCHVISION), _g("ptflops", "4.12", PTFLOPS),
              _g("thop", "4.14", THOP), _g("calflops", "8.21", CALFLOPS, "flops"),
              _g("calflops", "4.09", CALFLOPS)), macs=4_089_184_256),
    ZooModel("googlenet", "googlenet.toml", "GoogLeNet / Inception v1, no auxiliary heads",
             ("inception-v1", "inception_v1", "googlenet-torchvision"), 6_624_904,
             (_g("torchvision", "1.50", TORCHVISION),), macs=1_498_376_192),
    ZooModel("mobilenet_v1", "mobilenet_v1.toml", "MobileNetV1 (width 1.0)",
             ("mobilenet-v1", "mobilenetv1", "mobilenet"), 4_231_976,
             (Figure("paper", "macs", "569", 10**6, "Howard et al. 2017, Table 1 and §4"),),
             macs=568_740_352),
    ZooModel("mobilenet_v2", "mobilenet_v2.toml", "MobileNetV2 (width 1.0)",
             ("mobilenet-v2", "mobilenetv2"), 3_504_872,
             (_g("torchvision", "0.30", TORCHVISION), _g("thop", "0.33", THOP)),
             macs=300_774_272),
    ZooModel("nndl-5-4", "nndl_5_4.toml", "NNDL 5-4: 3×3 conv, 100×100×256 → 256",
             ("nndl54",), 590_080, example=True, macs=5_898_240_000),
    ZooModel("nndl-5-4-bottleneck", "nndl_5_4_bottleneck.toml",
             "NNDL 5-4: 1×1 conv to 64, then 3×3 conv to 256", ("nndl54-bottleneck",), 164_160,
             example=True, macs=1_638_400_000),
    ZooModel("inception-1x1", "inception_1x1.toml", "Ng's Inception example: 5×5 conv, 192 → 32",
             ("ng-inception",), 153_632, example=True, macs=120_422_400),
    ZooModel("inception-1x1-bottleneck", "inception_1x1_bottleneck.toml",
             "Ng's Inception example: 1×1 conv to 16, then 5×5 conv to 32",
             ("ng-inception-bottleneck",), 15_920, example=True, macs=12_443_648),
)


@dataclass(frozen=True)
class Example:
    """A worked textbook example: the same job done two ways, and what the exercise asks."""

    name: str
    title: str
    statement: str
    direct: str
    bottleneck: str
    notation: str  # symbol set of the exercise: 'nndl' or 'ng'
    source: str
    notes: tuple[str, ...] = ()


EXAMPLES: tuple[Example, ...] = (
    Example(
        "nndl-5-4",
        "NNDL exercise 5-4: time and space complexity, with and without a 1×1 convolution",
        "A 100×100×256 feature map goes through a 3×3 convolution that gives 100×100×256. "
        "Find the time and space complexity. Then put a 1×1 convolution first that gives "
        "100×100×64, followed by the 3×3 convolution to 100×100×256, and find them again.",
        "nndl-5-4",
        "nndl-5-4-bottleneck",
        "nndl",
        "NNDL (Qiu Xipeng), chapter 5, exercise 5-4",
        (
            "time complexity: multiply-accumulates (MACs), bias excluded, as the exercise counts",
            "space complexity: in this exercise it means the output feature maps (M'·N'·P "
            "values per layer); some answers give the parameters instead, so both are shown",
        ),
    ),
    Example(
        "inception-1x1",
        "Ng's Inception motivation: the cost of a 5×5 convolution with and without a 1×1 "
        "bottleneck",
        "A 28×28×192 volume goes through a 5×5 'same' convolution with 32 filters. Count the "
        "multiplications. Then shrink it to 16 channels with a 1×1 convolution first and count "
        "again.",
        "inception-1x1",
        "inception-1x1-bottleneck",
        "ng",
        "Andrew Ng, deeplearning.ai Course 4, week 2, 'Inception Network Motivation'",
        ("Ng counts multiplications: one per MAC, bias excluded",),
    ),
)


def _lookup(name: str, entries: dict[str, str], what: str, known: list[str]) -> str:
    key = name.strip().lower().replace(" ", "")
    if key in entries:
        return entries[key]
    close = difflib.get_close_matches(key, list(entries), n=1)
    hint = f" (did you mean {entries[close[0]]}?)" if close else ""
    raise SpecError(f"unknown {what} {name!r}{hint}; known {what}s: {', '.join(known)}")


def _names(model: ZooModel) -> tuple[str, ...]:
    spellings = (model.name, *model.aliases)
    return tuple({s for n in spellings for s in (n, n.replace("_", "-"), n.replace("-", "_"))})


_MODEL_NAMES = {alias.lower(): m.name for m in MODELS for alias in _names(m)}
_BY_NAME = {m.name: m for m in MODELS}


def find_model(name: str) -> ZooModel:
    """The model called ``name`` (its own name or an alias, case-insensitive).

    Raises
    ------
    SpecError
        For an unknown name, listing the known models.
    """
    return _BY_NAME[_lookup(name, _MODEL_NAMES, "model", [m.name for m in MODELS])]


def model_named(name: str) -> ZooModel | None:
    """The model called ``name`` (a name or an alias, case-insensitive), else ``None``.

    >>> model_named("ResNet-50").name, model_named("conv:f=3,k=8")
    ('resnet50', None)
    """
    found = _MODEL_NAMES.get(name.strip().lower().replace(" ", ""))
    return _BY_NAME[found] if found else None


def find_example(name: str) -> Example:
    """The worked example called ``name``; a SpecError lists the known ones."""
    names = {e.name: e.name for e in EXAMPLES}
    chosen = _lookup(name, names, "example", list(names))
    return next(e for e in EXAMPLES if e.name == chosen)


class Header(NamedTuple):
    """What a model file says about itself: its input, source and notes."""

    input: Shape
    source: str | None
    notes: tuple[str, ...]


class Listing(NamedTuple):
    """A model as ``cnnlab zoo`` lists it, from the registry and its file's header alone: the
    fields it reads of a :class:`~cnnlab.complexity.ComplexityReport` (``time`` is MACs)."""

    network: Header
    params: int | None
    time: int | None


def list_models(examples: bool = True) -> list[tuple[ZooModel, Listing]]:
    """Every model (and, with ``examples``, the worked examples' designs) with its listing,
    without parsing or analysing the networks.

    >>> model, listing = list_models()[0]
    >>> model.name, str(listing.network.input), listing.params, listing.time
    ('lenet5', '32×32×1', 60840, 333664)
    """
    return [(m, Listing(_header(m), m.params, m.macs)) for m in MODELS
            if examples or not m.example]


def _header(model: ZooModel) -> Header:
    import tomllib

    from cnnlab.shape import Layout, parse_shape

    data = tomllib.loads(files("cnnlab.zoo").joinpath(model.file).read_text(encoding="utf-8"))
    shape, _ = parse_shape(str(data["input"]), Layout(data.get("layout", "nhwc")))
    notes = data.get("notes", [])
    return Header(shape, data.get("source"), tuple([notes] if isinstance(notes, str) else notes))


@cache
def load_model(name: str) -> Network:
    """The network of the model called ``name``, read from its file in the package."""
    from cnnlab.spec.netfile import parse_network

    model = find_model(name)
    text = files("cnnlab.zoo").joinpath(model.file).read_text(encoding="utf-8")
    return parse_network(text, model.file)

"""The layer language: one table of layer kinds, their keys, and how each builds a layer.

A layer is written ``KIND`` or ``KIND:ARG,ARG,...``; an ARG is ``key=value`` or a bare word
(a mode such as ``max``, a flag such as ``ceil`` or ``nobias``, or the one positional number a
kind takes, such as the units of ``fc:120``). Kinds and keys are case-insensitive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from cnnlab.arith import Padding
from cnnlab.errors import SpecError
from cnnlab.layers.elementwise import ACTIVATIONS
from cnnlab.spec.values import parse_bool, parse_int, parse_padding, parse_pair, parse_rate

if TYPE_CHECKING:
    from cnnlab.layers import Layer, PoolMode

# Each builder imports its layer module when a layer of that kind is first read: `cnnlab shape`
# starts faster when the kinds a network does not use are never imported.

T = TypeVar("T")


class Key(NamedTuple):
    name: str
    meaning: str
    aliases: tuple[str, ...] = ()


class Args:
    """The arguments of one layer token, keyed by canonical key name (a plain class: cheaper to
    create on the start-up path than a dataclass)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.values: dict[str, str] = {}
        self.words: set[str] = set()

    def get(self, key: str, parse: Callable[[str, str], T], default: T | None = None) -> T | None:
        if key not in self.values:
            return default
        return parse(key, self.values[key])

    def require(self, key: str, parse: Callable[[str, str], T], meaning: str) -> T:
        if key not in self.values:
            raise SpecError(f"missing key {key}= ({meaning}) for {self.kind}")
        return parse(key, self.values[key])

    def bias(self) -> bool:
        return bool(self.get("bias", parse_bool, True)) and "nobias" not in self.words


class Kind(NamedTuple):
    """One layer kind of the language (NamedTuples, like ``Key``: cheap to create at start-up)."""

    name: str
    summary: str
    example: str
    build: Callable[[Args], Layer]
    keys: tuple[Key, ...] = ()
    words: tuple[str, ...] = ()  # bare words accepted
    positional: str | None = None  # key filled by a bare value (fc:120 → n=120)
    aliases: tuple[str, ...] = ()


F = Key("f", "kernel size, N or HxW", ("kernel", "size"))
K = Key("k", "number of filters (output channels)", ("filters", "out"))
S = Key("s", "stride, N or HxW", ("stride",))
P = Key("p", "padding: valid, same, full, tf-same, N, HxW or top/bottom/left/right", ("pad",))
D = Key("d", "dilation, N or HxW", ("dilation",))
G = Key("g", "groups", ("groups",))
BIAS = Key("bias", "true or false (or the bare word nobias)")


def _pad(key: str, text: str) -> Padding:
    return parse_padding(text)


def _non_negative_pair(key: str, text: str) -> tuple[int, int]:
    return parse_pair(key, text, 0)


def _conv(a: Args) -> Layer:
    from cnnlab.layers.conv import Conv2d

    return Conv2d(
        filters=a.require("k", parse_int, K.meaning),
        kernel=a.require("f", parse_pair, F.meaning),
        stride=a.get("s", parse_pair, (1, 1)),
        padding=a.get("p", _pad, Padding()),
        dilation=a.get("d", parse_pair, (1, 1)),
        groups=a.get("g", parse_int, 1),
        bias=a.bias(),
    )


def _dwconv(a: Args) -> Layer:
    from cnnlab.layers.conv import Conv2d

    return Conv2d(
        filters=a.get("k", parse_int),
        kernel=a.require("f", parse_pair, F.meaning),
        stride=a.get("s", parse_pair, (1, 1)),
        padding=a.get("p", _pad, Padding()),
        dilation=a.get("d", parse_pair, (1, 1)),
        bias=a.bias(),
        depthwise=True,
        multiplier=a.get("m", parse_int, 1),
    )


def _convt(a: Args) -> Layer:
    from cnnlab.layers.transposed import ConvTranspose2d

    return ConvTranspose2d(
        filters=a.require("k", parse_int, K.meaning),
        kernel=a.require("f", parse_pair, F.meaning),
        stride=a.get("s", parse_pair, (1, 1)),
        padding=a.get("p", _pad, Padding()),
        dilation=a.get("d", parse_pair, (1, 1)),
        output_padding=a.get("op", _non_negative_pair, (0, 0)),
        groups=a.get("g", parse_int, 1),
        bias=a.bias(),
    )


def _mode(a: Args, default: str | None) -> PoolMode:
    from cnnlab.layers.pool import PoolMode

    modes = [m for m in PoolMode if m.value in a.words]
    if len(modes) > 1:
        raise SpecError(f"{a.kind}: give one mode, max or avg, not both")
    if modes:
        return modes[0]
    if default is None:
        raise SpecError(f"{a.kind}: say max or avg (e.g. {a.kind}:max,...)")
    return PoolMode(default)


def _pool(default: str | None) -> Callable[[Args], Layer]:
    def build(a: Args) -> Layer:
        from cnnlab.layers.pool import Pool2d

        return Pool2d(
            mode=_mode(a, default),
            kernel=a.require("f", parse_pair, F.meaning),
            stride=a.get("s", parse_pair),
            padding=a.get("p", _pad, Padding()),
            ceil_mode="ceil" in a.words or bool(a.get("ceil", parse_bool, False)),
            dilation=a.get("d", parse_pair, (1, 1)),
        )

    return build


def _adaptive(a: Args) -> Layer:
    from cnnlab.layers.pool import AdaptivePool2d

    output = a.require("o", parse_pair, "output size, N or HxW")
    return AdaptivePool2d(_mode(a, "avg"), output)


def _global(mode: str) -> Callable[[Args], Layer]:
    def build(a: Args) -> Layer:
        from cnnlab.layers.pool import GlobalPool2d, PoolMode

        return GlobalPool2d(PoolMode(mode))

    return build


def _fc(a: Args) -> Layer:
    from cnnlab.layers.dense import Linear

    units = a.require("n", parse_int, "number of units")
    return Linear(units, a.bias())


def _flatten(a: Args) -> Layer:
    from cnnlab.layers.dense import Flatten

    return Flatten()


def _bn(a: Args) -> Layer:
    from cnnlab.layers.norm import BatchNorm

    return BatchNorm()


def _subsample(a: Args) -> Layer:
    from cnnlab.layers.lenet import Subsample

    return Subsample(a.require("f", parse_pair, F.meaning))


def _rbf(a: Args) -> Layer:
    from cnnlab.layers.lenet import RBF

    return RBF(a.require("n", parse_int, "number of units"))


def _table(key: str, text: str) -> tuple[tuple[int, ...], ...]:
    """A connection table: a name (``lenet5``) or each output map's input maps, ``0+1+2/1+2+3``."""
    from cnnlab.layers.lenet import TABLES

    if text.lower() in TABLES:
        return TABLES[text.lower()]
    try:
        return tuple(tuple(parse_int(key, i, 0) for i in row.split("+")) for row in text.split("/"))
    except SpecError:
        raise SpecError(
            f"{key}={text}: expected a table name ({', '.join(TABLES)}) or the input maps of "
            f"each output map, e.g. 0+1+2/1+2+3"
        ) from None


def _tableconv(a: Args) -> Layer:
    from cnnlab.layers.lenet import TableConv

    table = a.require("table", _table, "connection table")
    return TableConv(a.require("f", parse_pair, F.meaning), table, a.bias())


def _upsample(a: Args) -> Layer:
    from cnnlab.layers.upsample import Upsample

    return Upsample(a.require("s", parse_pair, "scale factor, N or HxW"))


def _activation(name: str) -> Kind:
    rate = Key("p", "rate (kept for the record)", ("rate", "slope"))
    takes_rate = ACTIVATIONS[name].rate

    def build(a: Args) -> Layer:
        from cnnlab.layers.activation import Activation

        return Activation(name, a.get("p", parse_rate) if takes_rate else None)

    return Kind(
        name,
        "element-wise, keeps the shape, no parameters",
        f"{name}:0.5" if takes_rate else name,
        build,
        (rate,) if takes_rate else (),
        positional="p" if takes_rate else None,
    )


_POOL_KEYS = (F, S, P, D, Key("ceil", "round the output size up (PyTorch ceil_mode)"))
_POOL_WORDS = ("max", "avg", "ceil")

KINDS: tuple[Kind, ...] = (
    Kind("conv", "convolution", "conv:f=3,k=64,s=1,p=same", _conv,
         (F, K, S, P, D, G, BIAS), ("nobias",), aliases=("conv2d",)),
    Kind("dwconv", "depthwise convolution (one filter per channel, ×m)", "dwconv:f=3,s=2,p=1",
         _dwconv, (F, Key("m", "depth multiplier"), K, S, P, D, BIAS), ("nobias",),
         aliases=("depthwise",)),
    Kind("convT", "transposed convolution", "convT:f=4,k=64,s=2,p=1", _convt,
         (F, K, S, P, D, Key("op", "output padding, N or HxW", ("output_padding",)), G, BIAS),
         ("nobias",), aliases=("convt", "deconv", "tconv", "upconv")),
    Kind("pool", "max or average pooling (stride defaults to f)", "pool:max,f=2,s=2",
         _pool(None), _POOL_KEYS, _POOL_WORDS),
    Kind("maxpool", "max pooling", "maxpool:f=3,s=2,ceil", _pool("max"), _POOL_KEYS,
         _POOL_WORDS, aliases=("mp",)),
    Kind("avgpool", "average pooling", "avgpool:f=2", _pool("avg"), _POOL_KEYS,
         _POOL_WORDS, aliases=("ap",)),
    Kind("gap", "global average pooling: H×W×C → 1×1×C", "gap",
         _global("avg"), aliases=("globalavgpool",)),
    Kind("gmp", "global max pooling: H×W×C → 1×1×C", "gmp",
         _global("max"), aliases=("globalmaxpool",)),
    Kind("adaptivepool", "adaptive pooling to a fixed output size", "adaptivepool:avg,o=6",
         _adaptive, (Key("o", "output size, N or HxW", ("out", "output")),), ("max", "avg"),
         positional="o", aliases=("apool",)),
    Kind("fc", "fully connected (flattens a spatial input)", "fc:120", _fc,
         (Key("n", "number of units", ("units",)), BIAS), ("nobias",), positional="n",
         aliases=("linear", "dense")),
    Kind("flatten", "H×W×C → H·W·C", "flatten", _flatten),
    Kind("bn", "batch normalisation: 2·C parameters + 2·C running statistics", "bn",
         _bn, aliases=("batchnorm", "bn2d", "bn1d")),
    Kind("subsample", "LeNet-5 trainable subsampling: window sum × coefficient + bias per map",
         "subsample:f=2", _subsample, (F,)),
    Kind("tableconv", "convolution with a connection table (LeNet-5's C3)",
         "tableconv:f=5,table=lenet5", _tableconv,
         (F, Key("table", "lenet5, or each output map's input maps: 0+1+2/1+2+3/..."), BIAS),
         ("nobias",)),
    Kind("rbf", "Euclidean RBF output units (LeNet-5): Σ (x − w)², n_in·n parameters", "rbf:10",
         _rbf,
         (Key("n", "number of units", ("units",)),), positional="n"),
    Kind("upsample", "nearest-neighbour upsampling: H×W×C → s·H×s·W×C", "upsample:2",
         _upsample, (Key("s", "scale factor, N or HxW", ("scale", "scale_factor")),),
         positional="s"),
    *(_activation(name) for name in ACTIVATIONS),
)

_BY_NAME: dict[str, Kind] = {}
for _kind in KINDS:
    for _name in (_kind.name, *_kind.aliases):
        _BY_NAME[_name.lower()] = _kind


def find_kind(name: str) -> Kind | None:
    return _BY_NAME.get(name.lower())


def kind_names() -> list[str]:
    return [kind.name for kind in KINDS]

"""Fresh variants of the numeric exercises, reproducible from a seed.

``generate(kind, seed)`` draws plausible sizes (what real networks use: inputs such as 32, 64,
224; kernels 1, 3, 5, 7; strides 1, 2; 8 to 512 filters), keeps only networks whose every
window fits, and returns an ``Exercise`` whose answers cnnlab computes like any other. Its id,
``new-KIND-SEED``, is all a sheet needs to regenerate it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from cnnlab.errors import CnnlabError, ExerciseError
from cnnlab.exercises.model import Ask, Exercise, Kind, NetworkText, Source, Text
from cnnlab.exercises.tolerance import Tolerance

KINDS = ("shape", "params", "macs", "bottleneck", "rf", "padding")
_ID = re.compile(r"^new-(?P<kind>[a-z]+)-(?P<seed>\d{1,9})$")
_SIDES = (28, 32, 56, 64, 96, 112, 128, 224, 227)
_CHANNELS = (1, 3, 16, 32, 64)
_FILTERS = (8, 16, 32, 64, 96, 128, 256)


@dataclass(frozen=True)
class _Layer:
    """One drawn layer: its text in the layer language and its description in both languages."""

    spec: str
    en: str
    zh: str


def _conv(rng: random.Random, same: bool | None = None) -> _Layer:
    f = rng.choice((1, 3, 3, 5, 7))
    s = rng.choice((1, 1, 2))
    k = rng.choice(_FILTERS)
    p = (f - 1) // 2 if (rng.random() < 0.5 if same is None else same) else 0
    spec = f"conv:f={f},k={k}" + (f",s={s}" if s != 1 else "") + (f",p={p}" if p else "")
    en = f"a convolution with {k} filters of {f}×{f}, stride {s}, padding {p}"
    zh = f"{k} 个 {f}×{f} 滤波器的卷积，步长 {s}，填充 {p}"
    return _Layer(spec, en, zh)


def _pool(rng: random.Random) -> _Layer:
    f, s = rng.choice(((2, 2), (3, 2), (2, 2)))
    mode = rng.choice(("max", "avg"))
    word, word_zh = ("max", "最大") if mode == "max" else ("average", "平均")
    spec = f"pool:{mode},f={f}" + (f",s={s}" if s != f else "")
    return _Layer(spec, f"{word} pooling {f}×{f}, stride {s}", f"{f}×{f} {word_zh}池化，步长 {s}")


def _fc(rng: random.Random) -> _Layer:
    n = rng.choice((10, 64, 84, 100, 120, 256))
    return _Layer(f"fc:{n}", f"a fully connected layer of {n} units", f"{n} 个单元的全连接层")


def _fits(net: NetworkText) -> bool:
    from cnnlab.exercises.compute import report_of

    try:
        report = report_of(net)
    except CnnlabError:
        return False
    return all(r.output.h is None or min(r.output.h, r.output.w) >= 2 for r in report.rows)


def _draw(rng: random.Random, make: Callable[[random.Random], tuple[str, list[_Layer]]]):
    """Draw until every window fits (a few tries at most with these sizes)."""
    for _ in range(200):
        shape, layers = make(rng)
        net = NetworkText(shape, " ".join(layer.spec for layer in layers))
        if _fits(net):
            return net, layers
    raise ExerciseError("no variant found with windows that fit")  # pragma: no cover


def _input(rng: random.Random, channels: tuple[int, ...] = _CHANNELS) -> str:
    side = rng.choice(_SIDES)
    return f"{side}x{side}x{rng.choice(channels)}"


def _statement(shape: str, layers: list[_Layer], question: Text) -> Text:
    shown = shape.replace("x", "×")
    steps_en = "; ".join(f"({i}) {layer.en}" for i, layer in enumerate(layers, start=1))
    steps_zh = "；".join(f"({i}) {layer.zh}" for i, layer in enumerate(layers, start=1))
    spec = " ".join(layer.spec for layer in layers)
    return Text(
        f"An input of {shown} goes through {steps_en}. In cnnlab's layer language: "
        f"{shape} {spec}. {question.en}",
        f"输入为 {shown}，依次经过：{steps_zh}。用 cnnlab 的层描述语言写作：{shape} {spec}。"
        f"{question.zh}",
    )


def _ask(key: str, en: str, zh: str, of: str, **args: object) -> Ask:
    tolerance = args.pop("tolerance", Tolerance())
    return Ask(key, Text(en, zh), of, dict(args), 1.0, tolerance)


def _shape(rng: random.Random):
    def make(r: random.Random):
        return _input(r), [_conv(r), r.choice((_pool, _conv))(r), _conv(r)]

    net, layers = _draw(rng, make)
    asks = tuple(
        _ask(f"layer{i}", f"shape after layer {i} (H×W×C)", f"第 {i} 层输出的形状（H×W×C）",
             "output", layer=i)
        for i in range(1, len(layers) + 1)
    )
    question = Text("Give the shape after each layer.", "写出每一层输出的形状。")
    return {"main": net}, asks, _statement(net.input, layers, question)


def _params(rng: random.Random):
    def make(r: random.Random):
        return _input(r, (1, 3)), [_conv(r), _pool(r), _conv(r), _fc(r)]

    net, layers = _draw(rng, make)
    asks = (
        _ask("conv1", "parameters of layer 1", "第 1 层的参数个数", "params", layer=1),
        _ask("conv3", "parameters of layer 3", "第 3 层的参数个数", "params", layer=3),
        _ask("fc4", "parameters of layer 4", "第 4 层的参数个数", "params", layer=4),
        _ask("total", "parameters of the whole network", "整个网络的参数总数", "params"),
    )
    question = Text("Every filter and unit has a bias. Count the parameters.",
                    "每个滤波器和单元都有偏置。统计参数个数。")
    return {"main": net}, asks, _statement(net.input, layers, question)


def _macs(rng: random.Random):
    def make(r: random.Random):
        return _input(r, (3, 16, 32, 64)), [_conv(r), _conv(r)]

    net, layers = _draw(rng, make)
    asks = (
        _ask("layer1", "MACs of layer 1", "第 1 层的乘加次数", "macs", layer=1),
        _ask("layer2", "MACs of layer 2", "第 2 层的乘加次数", "macs", layer=2),
        _ask("total", "MACs of the network", "整个网络的乘加次数", "macs"),
    )
    question = Text("Count the multiply-accumulates (MACs) of one forward pass, biases ignored.",
                    "统计一次前向传播的乘加次数（MACs），忽略偏置。")
    return {"main": net}, asks, _statement(net.input, layers, question)


def _bottleneck(rng: random.Random):
    side = rng.choice((14, 28, 56))
    c_in, f = rng.choice((128, 192, 256, 480, 512)), rng.choice((3, 5))
    k_out, k_mid = rng.choice((32, 64, 128, 256)), rng.choice((16, 32, 64))
    shape, p = f"{side}x{side}x{c_in}", (f - 1) // 2
    plain = NetworkText(shape, f"conv:f={f},k={k_out},p={p}")
    bottleneck = NetworkText(shape, f"conv:f=1,k={k_mid} conv:f={f},k={k_out},p={p}")
    shown = shape.replace("x", "×")
    statement = Text(
        f"An input of {shown} must become {side}×{side}×{k_out} through a {f}×{f} 'same' "
        f"convolution ({plain.layers}). A cheaper design puts a 1×1 convolution with {k_mid} "
        f"filters first ({bottleneck.layers}). Count the MACs of both designs (biases ignored) "
        f"and how many times cheaper the bottleneck is.",
        f"输入 {shown} 要经过 {f}×{f} 的 “same” 卷积（{plain.layers}）变成 "
        f"{side}×{side}×{k_out}。更省的设计先用 {k_mid} 个 1×1 滤波器（{bottleneck.layers}）。"
        f"分别统计两种设计的乘加次数（忽略偏置），以及瓶颈设计便宜了多少倍。",
    )
    asks = (
        _ask("plain", "MACs of the direct convolution", "直接卷积的乘加次数", "macs",
             network="plain"),
        _ask("bottleneck", "MACs of the bottleneck design", "瓶颈设计的乘加次数", "macs",
             network="bottleneck"),
        _ask("saving", "direct ÷ bottleneck (3 significant figures)",
             "直接 ÷ 瓶颈（3 位有效数字）", "ratio", quantity="macs", network="plain",
             over="bottleneck", tolerance=Tolerance("sigfig", 3)),
    )
    return {"plain": plain, "bottleneck": bottleneck}, asks, statement


def _rf(rng: random.Random):
    def make(r: random.Random):
        layers = [_conv(r, same=True) for _ in range(r.choice((2, 3)))]
        layers.insert(r.randrange(1, len(layers) + 1), _pool(r))
        return f"224x224x{r.choice((1, 3))}", layers

    net, layers = _draw(rng, make)
    asks = (
        _ask("rf", "receptive field of the last layer (one side, in input pixels)",
             "最后一层的感受野（边长，以输入像素计）", "rf"),
    )
    question = Text("How large is the receptive field of one output of the last layer?",
                    "最后一层的一个输出的感受野有多大？")
    return {"main": net}, asks, _statement(net.input, layers, question)


def _padding(rng: random.Random):
    pairs = [(f, d) for f in (3, 5, 7, 9) for d in (1, 2, 3, 4) if d * (f - 1) % 2 == 0]
    chosen = rng.sample(pairs, 2)
    asks = tuple(
        _ask(f"p_f{f}_d{d}", f"p for f = {f}, d = {d}", f"f = {f}、d = {d} 时的 p",
             "same_padding", f=f, d=d)
        for f, d in chosen
    )
    statement = Text(
        "A convolution with an f×f kernel, dilation d and stride 1 should keep the input's "
        "height and width. How many zeros p go on each side?",
        "卷积核大小为 f×f、膨胀率为 d、步长为 1 的卷积要保持输入的高和宽不变。每一侧应补多少零 p？",
    )
    return {}, asks, statement


_MAKERS = {
    "shape": (_shape, "Output shapes", "输出形状"),
    "params": (_params, "Parameters", "参数个数"),
    "macs": (_macs, "Multiply-accumulates", "乘加次数"),
    "bottleneck": (_bottleneck, "Bottleneck savings", "瓶颈层的节省"),
    "rf": (_rf, "Receptive field", "感受野"),
    "padding": (_padding, "Padding for 'same'", "等宽卷积的填充"),
}


def generate(kind: str, seed: int) -> Exercise:
    """The variant ``new-KIND-SEED``: the same kind and seed always give the same exercise."""
    if kind not in _MAKERS:
        raise ExerciseError(f"no variants of kind {kind!r}; kinds: {', '.join(KINDS)}")
    if not 0 <= seed < 10**9:
        raise ExerciseError(f"the seed must be between 0 and 999999999, got {seed}")
    make, en, zh = _MAKERS[kind]
    networks, asks, statement = make(random.Random(f"cnnlab-exercise:{kind}:{seed}"))
    return Exercise(
        id=f"new-{kind}-{seed}",
        kind=Kind.NUMERIC,
        title=Text(f"{en} (variant {seed})", f"{zh}（变式 {seed}）"),
        source=Source("cnnlab", "generated by cnnlab", f"variant of kind {kind}, seed {seed}"),
        statement=statement,
        asks=asks,
        networks=networks,
        seed=seed,
    )


def parse_variant_id(text: str) -> tuple[str, int] | None:
    """``'new-shape-7'`` → ``('shape', 7)``; anything else → ``None``."""
    match = _ID.match(text)
    return (match["kind"], int(match["seed"])) if match else None

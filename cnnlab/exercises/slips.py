"""Known slips, recognised by recomputing the answer with the slip made.

A wrong answer that equals what a slip gives earns a hint naming it: forgot the bias, counted
FLOPs instead of MACs, used n − f instead of n − f + 1, forgot the input channels, rounded up
instead of down, ... Each slipped value is computed here from the same network, with the layer
changed (no bias, one input channel) or the output-size rule changed; never typed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction

from cnnlab.errors import CnnlabError
from cnnlab.exercises.compute import network_of, report_of, row_of
from cnnlab.exercises.model import Answer, Ask, Exact, Exercise
from cnnlab.layers.conv import Conv2d
from cnnlab.layers.dense import Linear
from cnnlab.layers.lenet import TableConv
from cnnlab.layers.pool import Pool2d
from cnnlab.network import LayerReport, NetworkReport
from cnnlab.shape import Shape

HINTS = {
    "bias": "this is the count without the biases: each filter (or unit) also has one bias",
    "one-bias": "this counts one bias for the whole layer; every unit has its own bias",
    "channels": "this leaves out the input channels: a filter spans all C_in channels "
                "(f·f·C_in weights), as in the lecture table's erratum",
    "lecture": "this is the lecture table's count (filters without their input channels, one "
               "bias per FC layer); the corrected count has f·f·C_in + 1 per filter and one bias "
               "per unit",
    "full-table": "this connects every input map to every output map; the connection table "
                  "gives each output map only some of them",
    "flops": "this is FLOPs (2 per multiply-accumulate); the question counts MACs",
    "bias-add": "this counts the bias additions too; a MAC count leaves them out",
    "minus-one": "this used (n + 2p − f)/s without the + 1: the first window sits at position 0, "
                 "so ⌊(n + 2p − f)/s⌋ + 1 windows fit",
    "ceil": "this rounded up; a window must fit entirely, so round down: ⌊(n + 2p − f)/s⌋ + 1",
    "no-channels": "the channel count is missing: write H×W×C (a conv outputs one channel per "
                   "filter, a pool keeps its input's channels)",
    "in-channels": "the channels are the input's; a conv outputs one channel per filter (k)",
    "channels-first": "this is C×H×W; the courses write shapes as H×W×C",
    "params-for-space": "this is the parameter count; the exercise's space is the size of the "
                        "output feature maps",
    "with-input": "this adds the input itself; count only the layers' output feature maps",
    "dilation": "this ignores the dilation: the kernel spans d·(f − 1) + 1 cells, so "
                "p = d·(f − 1)/2",
    "circulating": "this is the circulating formula (f − 1)/2·(1 + d), which is wrong: "
                   "p = d·(f − 1)/2",
    "both-sides": "this is the padding of both sides together; p is per side, (f − 1)/2",
    "swapped": "rows and columns are swapped: C has one row per output, one column per input",
    "inverted": "this is the inverse ratio: divide the direct design's count by the bottleneck's",
}


@dataclass(frozen=True)
class Slip:
    name: str
    value: Exact

    @property
    def hint(self) -> str:
        return HINTS[self.name]


def slips(exercise: Exercise, ask: Ask, right: Answer) -> list[Slip]:
    """Every known slip for ``ask`` whose value differs from the right one."""
    try:
        found = _FINDERS[ask.of](exercise, ask, right) if ask.of in _FINDERS else []
    except (CnnlabError, ZeroDivisionError):
        return []
    seen, out = {right.value}, []
    for slip in found:
        if slip.value is not None and slip.value not in seen:
            seen.add(slip.value)
            out.append(slip)
    return out


def _context(exercise: Exercise, ask: Ask) -> tuple[NetworkReport, LayerReport | None]:
    report = report_of(network_of(exercise, ask))
    return report, row_of(report, ask.args.get("layer"), ask.key)


def _rows(report: NetworkReport, row: LayerReport | None) -> list[LayerReport]:
    return [row] if row is not None else [r for r in report.rows if r.layer is not None]


def _per_row(rows: list[LayerReport], changed: Callable[[LayerReport], int | None],
             base: Callable[[LayerReport], int]) -> int | None:
    """The total with ``changed`` applied to every row it applies to (``None`` if to none)."""
    values = [changed(r) for r in rows]
    if all(v is None for v in values):
        return None
    return sum(base(r) if v is None else v for r, v in zip(rows, values, strict=True))


def _no_bias(r: LayerReport) -> int | None:
    if isinstance(r.layer, Conv2d | Linear) and r.layer.bias:
        return replace(r.layer, bias=False).apply(r.input).params
    return None


def _one_channel(r: LayerReport) -> Shape | None:
    layer = r.layer
    if isinstance(layer, Conv2d) and layer.groups == 1 and not layer.depthwise and r.input.c > 1:
        return Shape(1, r.input.h, r.input.w)
    return None


def _params(exercise: Exercise, ask: Ask, right: Answer) -> list[Slip]:
    report, row = _context(exercise, ask)
    rows = _rows(report, row)

    def channels(r: LayerReport) -> int | None:
        x = _one_channel(r)
        return None if x is None else r.layer.apply(x).params

    def one_bias(r: LayerReport) -> int | None:
        no_bias = _no_bias(r)
        return None if no_bias is None or not isinstance(r.layer, Linear) else no_bias + 1

    def lecture(r: LayerReport) -> int | None:
        return channels(r) if isinstance(r.layer, Conv2d) else one_bias(r)

    def full_table(r: LayerReport) -> int | None:
        if not isinstance(r.layer, TableConv):
            return None
        full = Conv2d(filters=r.layer.filters, kernel=r.layer.kernel, bias=r.layer.bias)
        return full.apply(r.input).params

    params = lambda r: r.params  # noqa: E731
    return [
        Slip("full-table", _per_row(rows, full_table, params)),
        Slip("bias", _per_row(rows, _no_bias, params)),
        Slip("channels", _per_row(rows, channels, params)),
        Slip("one-bias", _per_row(rows, one_bias, params)),
        Slip("lecture", _per_row(rows, lecture, params)),
    ]


def _macs(exercise: Exercise, ask: Ask, right: Answer) -> list[Slip]:
    report, row = _context(exercise, ask)
    rows = _rows(report, row)

    def channels(r: LayerReport) -> int | None:
        x = _one_channel(r)
        return None if x is None else r.layer.apply(x).macs

    def bias_add(r: LayerReport) -> int | None:
        has_bias = isinstance(r.layer, Conv2d | Linear) and r.layer.bias
        return r.macs + r.output.elements if has_bias else None

    macs = lambda r: r.macs  # noqa: E731
    return [
        Slip("flops", 2 * right.value),
        Slip("channels", _per_row(rows, channels, macs)),
        Slip("bias-add", _per_row(rows, bias_add, macs)),
    ]


def _window_rule(name: str) -> Callable[[int, int, int, int], int]:
    """out(n + p, f_eff, s) under a slipped rule: without the + 1, or rounded up."""
    if name == "minus-one":
        return lambda n, p, f_eff, s: (n + p - f_eff) // s
    return lambda n, p, f_eff, s: -(-(n + p - f_eff) // s) + 1


def slipped_outputs(report: NetworkReport, name: str) -> list[Shape] | None:
    """Every layer's output when each window layer uses the slipped rule (sequences only)."""
    rule, x, outs = _window_rule(name), report.input, []
    for row in report.rows:
        layer = row.layer
        if row.depth != 0 or layer is None:
            return None
        if isinstance(layer, Conv2d | Pool2d) and x.h is not None and x.w is not None:
            stride = layer.stride if isinstance(layer, Conv2d) else layer.step
            dilation = layer.dilation if isinstance(layer, Conv2d) else (1, 1)
            size = []
            for axis, n in enumerate((x.h, x.w)):
                f_eff = dilation[axis] * (layer.kernel[axis] - 1) + 1
                before, after = layer.padding.resolve(axis, n, f_eff, stride[axis])
                if n + before + after < f_eff:
                    return None
                size.append(rule(n, before + after, f_eff, stride[axis]))
            if min(size) < 1:
                return None
            c = layer.resolved(x)[0] if isinstance(layer, Conv2d) else x.c
            x = Shape(c, size[0], size[1])
        else:
            x = layer.apply(x).out
        outs.append(x)
    return outs


def _chain(exercise: Exercise, ask: Ask, pick: Callable[[Shape], Exact]) -> list[Slip]:
    report, row = _context(exercise, ask)
    index = (row.index if row is not None else len(report.rows)) - 1
    found = []
    for name in ("minus-one", "ceil"):
        outs = slipped_outputs(report, name)
        if outs is not None:
            found.append(Slip(name, pick(outs[index])))
    return found


def _output(exercise: Exercise, ask: Ask, right: Answer) -> list[Slip]:
    found = _chain(exercise, ask, lambda s: s.dims())
    report, row = _context(exercise, ask)
    row = row if row is not None else report.rows[-1]
    dims = right.value
    if isinstance(dims, tuple) and len(dims) == 3:
        found += [Slip("no-channels", dims[:2]), Slip("channels-first", (dims[2], *dims[:2]))]
        if row.kind == "conv":
            found.append(Slip("in-channels", (*dims[:2], row.input.c)))
    return found


def _features(exercise: Exercise, ask: Ask, right: Answer) -> list[Slip]:
    return _chain(exercise, ask, lambda s: s.elements)


def _activations(exercise: Exercise, ask: Ask, right: Answer) -> list[Slip]:
    report, _ = _context(exercise, ask)
    return [
        Slip("params-for-space", report.params),
        Slip("with-input", right.value + report.input.elements),
    ]


def _padding(exercise: Exercise, ask: Ask, right: Answer) -> list[Slip]:
    f, d = int(ask.args["f"]), int(ask.args.get("d", 1))
    found = [Slip("both-sides", 2 * right.value)]
    if d > 1:
        found.append(Slip("dilation", Fraction(f - 1, 2)))
        found.append(Slip("circulating", Fraction((f - 1) * (1 + d), 2)))
    return [_whole(s) for s in found]


def _whole(slip: Slip) -> Slip:
    value = slip.value
    if isinstance(value, Fraction) and value.denominator == 1:
        return Slip(slip.name, int(value))
    return slip


def _matrix(exercise: Exercise, ask: Ask, right: Answer) -> list[Slip]:
    rows, cols = right.value
    return [Slip("swapped", (cols, rows))]


def _ratio(exercise: Exercise, ask: Ask, right: Answer) -> list[Slip]:
    return [Slip("inverted", 1 / Fraction(right.value))]


_FINDERS: dict[str, Callable[[Exercise, Ask, Answer], list[Slip]]] = {
    "params": _params,
    "macs": _macs,
    "output": _output,
    "features": _features,
    "activations": _activations,
    "same_padding": _padding,
    "matrix_shape": _matrix,
    "ratio": _ratio,
}

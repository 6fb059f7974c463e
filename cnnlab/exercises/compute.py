"""Every numeric answer, computed by the library (network walk, arithmetic), never typed in.

An ask names a quantity (``of``) and what it needs; ``answer(exercise, ask)`` returns the value,
the formula with the numbers substituted and the cnnlab command that shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache

from cnnlab.errors import ExerciseError
from cnnlab.exercises.model import Answer, Ask, Exercise, NetworkText, ValueType
from cnnlab.network import LayerReport, NetworkReport

NETWORK_QUANTITIES = ("output", "features", "params", "macs", "connections", "activations", "rf")
QUANTITIES = (*NETWORK_QUANTITIES, "same_padding", "matrix_shape", "ratio", "claim")


@lru_cache(maxsize=256)
def report_of(net: NetworkText) -> NetworkReport:
    """The shape walk of a network given as text (cached: many asks share one network)."""
    from cnnlab.network import Network, walk
    from cnnlab.shape import parse_shape
    from cnnlab.spec import parse_items

    shape, _ = parse_shape(net.input)
    return walk(Network(parse_items([net.layers])), shape)


def network_of(exercise: Exercise, ask: Ask) -> NetworkText:
    name = ask.args.get("network")
    if name is None:
        if len(exercise.networks) != 1:
            raise ExerciseError(f"{exercise.id}.{ask.key}: say which network (network = ...)")
        return next(iter(exercise.networks.values()))
    if name not in exercise.networks:
        raise ExerciseError(f"{exercise.id}.{ask.key}: no network named {name!r}")
    return exercise.networks[name]


def row_of(report: NetworkReport, layer: int | None, where: str) -> LayerReport | None:
    """Row ``layer`` (1-based, as ``cnnlab shape`` numbers them), or ``None`` for the whole net."""
    if layer is None:
        return None
    if not 1 <= layer <= len(report.rows):
        raise ExerciseError(f"{where}: layer {layer} is not in the network (1..{len(report.rows)})")
    return report.rows[layer - 1]


def answer(exercise: Exercise, ask: Ask) -> Answer:
    """The right answer to ``ask``, computed by cnnlab."""
    if ask.of in NETWORK_QUANTITIES:
        net = network_of(exercise, ask)
        report = report_of(net)
        row = row_of(report, ask.args.get("layer"), f"{exercise.id}.{ask.key}")
        return _NETWORK[ask.of](report, row, net)
    if ask.of == "ratio":
        return _ratio(exercise, ask)
    if ask.of == "claim":
        return _claim(exercise, ask)
    if ask.of in _FORMULAS:
        return _FORMULAS[ask.of](ask.args)
    raise ExerciseError(f"{exercise.id}.{ask.key}: {ask.of!r} is not a numeric quantity")


def _last(report: NetworkReport, row: LayerReport | None) -> LayerReport:
    return row if row is not None else [r for r in report.rows if r.depth == 0][-1]


def _output(report: NetworkReport, row: LayerReport | None, net: NetworkText) -> Answer:
    row = _last(report, row)
    out = row.output
    lines = []
    if row.sizes is not None:
        height, width = row.sizes
        lines.append(f"H: {height.formula()}")
        if width != height:
            lines.append(f"W: {width.formula()}")
        lines.append(f"C: {_channel_reason(row)} = {out.c}")
    else:
        lines.append(f"{row.text}: {out.c} outputs")
    return Answer(out.dims(), ValueType.SHAPE, "; ".join(lines), net.command())


def _channel_reason(row: LayerReport) -> str:
    if row.kind == "conv":
        return "one channel per filter, k"
    return "the input's channels" if row.output.c == row.input.c else "channels"


def _features(report: NetworkReport, row: LayerReport | None, net: NetworkText) -> Answer:
    row = _last(report, row)
    out = row.output
    seen = out if out.spatial or not row.input.spatial else row.input  # flatten: H·W·C
    dims = "·".join(str(d) for d in seen.dims())
    formula = f"{dims} = {out.elements:,}" if seen.spatial else f"{out.elements:,}"
    return Answer(out.elements, ValueType.INTEGER, formula, net.command())


def _sum_formula(values: list[int], unit: str) -> str:
    terms = [f"{v:,}" for v in values]
    total = sum(values)
    if len(terms) == 1:
        return f"{terms[0]} {unit}"
    return f"{' + '.join(terms)} = {total:,} {unit}"


def _params(report: NetworkReport, row: LayerReport | None, net: NetworkText) -> Answer:
    if row is not None:
        formula = row.param_formula or f"{row.text} has no parameters: 0"
        return Answer(row.params, ValueType.INTEGER, formula, net.command())
    rows = [r for r in report.rows if r.layer is not None]
    with_params = [r for r in rows if r.params]
    if len(with_params) == 1:
        return _params(report, with_params[0], net)
    formula = _sum_formula([r.params for r in rows], "parameters")
    return Answer(report.params, ValueType.INTEGER, formula, net.command())


def mac_formula(row: LayerReport) -> str:
    """``H_out·W_out·C_out·f_h·f_w·C_in`` with the numbers (conv), ``n_in·n_out`` (fc)."""
    layer = row.layer
    if row.kind == "conv" and row.output.h is not None:
        f_h, f_w = layer.kernel
        _, groups = layer.resolved(row.input)
        per = f"{row.input.c}" + (f"/{groups}" if groups > 1 else "")
        dims = f"{row.output.h}·{row.output.w}·{row.output.c}·{f_h}·{f_w}·{per}"
        return f"{dims} = {row.macs:,}"
    if row.kind == "fc":
        return f"{row.input.elements}·{row.output.c} = {row.macs:,}"
    return f"{row.macs:,}"


def _macs(report: NetworkReport, row: LayerReport | None, net: NetworkText) -> Answer:
    command = net.command("complexity")
    if row is not None:
        return Answer(row.macs, ValueType.INTEGER, f"{mac_formula(row)} MACs", command)
    rows = [r for r in report.rows if r.macs]
    if len(rows) == 1:
        return Answer(report.macs, ValueType.INTEGER, f"{mac_formula(rows[0])} MACs", command)
    formula = _sum_formula([r.macs for r in rows], "MACs")
    return Answer(report.macs, ValueType.INTEGER, formula, command)


def _connections(report: NetworkReport, row: LayerReport | None, net: NetworkText) -> Answer:
    """LeCun's connections: for every output unit, its inputs plus its bias."""
    rows = [row] if row is not None else [r for r in report.rows if r.layer is not None]
    ops = [r.layer.forward_ops(r.input, r.output) for r in rows if r.layer is not None]
    total = sum(o.connections for o in ops)
    if len(rows) == 1:
        products = ops[0].connections - ops[0].bias
        formula = f"{products:,} weighted inputs + {ops[0].bias:,} biases = {total:,} connections"
    else:
        formula = _sum_formula([o.connections for o in ops], "connections")
    return Answer(total, ValueType.INTEGER, formula, net.command("complexity"))


def _activations(report: NetworkReport, row: LayerReport | None, net: NetworkText) -> Answer:
    rows = [row] if row is not None else [r for r in report.rows if r.depth == 0]
    values = [r.output.elements for r in rows]
    parts = [f"{'·'.join(str(d) for d in r.output.dims())}" for r in rows]
    formula = f"{' + '.join(parts)} = {sum(values):,} output values"
    return Answer(sum(values), ValueType.INTEGER, formula, net.command("complexity"))


def _rf(report: NetworkReport, row: LayerReport | None, net: NetworkText) -> Answer:
    row = _last(report, row)
    if row.receptive.whole:
        raise ExerciseError(f"{row.text} sees the whole input: ask for a conv or pool layer")
    h, w = row.receptive.size
    value: int | tuple[int, ...] = h if h == w else (h, w)
    kind = ValueType.INTEGER if h == w else ValueType.SHAPE
    formula = "r_out = r_in + (f − 1)·j_in, j_out = j_in·s, layer by layer"
    return Answer(value, kind, f"{formula}: {h}×{w}", net.command() + " --rf")


_NETWORK: dict[str, Callable[[NetworkReport, LayerReport | None, NetworkText], Answer]] = {
    "output": _output,
    "features": _features,
    "params": _params,
    "macs": _macs,
    "connections": _connections,
    "activations": _activations,
    "rf": _rf,
}


def _ratio(exercise: Exercise, ask: Ask) -> Answer:
    quantity = ask.args.get("quantity", "macs")
    over = ask.args.get("over")
    if quantity not in ("macs", "params") or over is None:
        raise ExerciseError(f"{exercise.id}.{ask.key}: ratio needs quantity = macs|params, over")
    top = answer(exercise, Ask(ask.key, ask.text, quantity, {"network": ask.args["network"]}))
    bottom = answer(exercise, Ask(ask.key, ask.text, quantity, {"network": over}))
    value = Fraction(top.value) / Fraction(bottom.value)
    formula = f"{top.value:,} / {bottom.value:,} = {float(value):.4g}"
    return Answer(value, ValueType.NUMBER, formula, top.command)


def _int_arg(args: dict[str, object], name: str, default: int | None = None) -> int:
    value = args.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ExerciseError(f"{name} must be a whole number, got {value!r}")
    return value


def _same_padding(args: dict[str, object]) -> Answer:
    from cnnlab.arith import Padding, PadMode

    f, d = _int_arg(args, "f"), _int_arg(args, "d", 1)
    f_eff = d * (f - 1) + 1
    p, _ = Padding(PadMode.SAME).resolve(0, n=f_eff, f_eff=f_eff, s=1)
    formula = f"p = (f − 1)/2 = ({f} − 1)/2 = {p}"
    if d != 1:
        formula = f"p = d·(f − 1)/2 = {d}·({f} − 1)/2 = {p}"
    command = f"cnnlab shape --n 32 --f {f} --d {d} --p {p}"
    return Answer(p, ValueType.INTEGER, formula, command)


def _matrix_shape(args: dict[str, object]) -> Answer:
    from cnnlab.arith import conv_output_size

    n, f = _int_arg(args, "n"), _int_arg(args, "f")
    s, p = _int_arg(args, "s", 1), _int_arg(args, "p", 0)
    out = conv_output_size(n, f, s, p, p).value
    formula = (
        f"one row per output ({out}² = {out * out}), one column per input ({n}² = {n * n})"
    )
    command = f"cnnlab shape --n {n} --f {f} --s {s} --p {p}"
    return Answer((out * out, n * n), ValueType.SHAPE, formula, command)


_FORMULAS: dict[str, Callable[[dict[str, object]], Answer]] = {
    "same_padding": _same_padding,
    "matrix_shape": _matrix_shape,
}


def _claim(exercise: Exercise, ask: Ask) -> Answer:
    """A model right-hand side for ``lhs``; the test suite proves each with cnnlab.symbolic."""
    lhs, model = ask.args.get("lhs"), ask.args.get("model")
    if not isinstance(lhs, str) or not isinstance(model, str):
        raise ExerciseError(f"{exercise.id}.{ask.key}: a claim needs lhs and model (text)")
    command = f'cnnlab prove claim "{lhs} == {model}"'
    return Answer(model, ValueType.CLAIM, f"{lhs} = {model}", command)

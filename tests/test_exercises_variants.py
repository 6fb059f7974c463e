"""Seeded variants: over many seeds, every answer equals an independent computation from the
formulas, the sheet round-trips, nothing is degenerate, and a seed always gives the same one."""

import re

import pytest

from cnnlab.errors import ExerciseError
from cnnlab.exercises import KINDS, Status, answer, find, generate, grade_text, make_sheet

SEEDS = range(40)


def _keys(token):
    kind, _, rest = token.partition(":")
    values = dict(re.findall(r"(\w+)=(\d+)", rest))
    return kind, {k: int(v) for k, v in values.items()}, rest


def brute_walk(shape_text, layers_text):
    """(H, W, C), params, MACs, receptive field after each layer, from the formulas alone."""
    h, w, c = (int(v) for v in shape_text.split("x"))
    rf, jump, rows = 1, 1, []
    for token in layers_text.split():
        kind, k, rest = _keys(token)
        if kind == "conv":
            f, s, p = k["f"], k.get("s", 1), k.get("p", 0)
            out = (h + 2 * p - f) // s + 1
            params, macs = (f * f * c + 1) * k["k"], out * out * k["k"] * f * f * c
            h = w = out
            rf, jump, c = rf + (f - 1) * jump, jump * s, k["k"]
        elif kind == "pool":
            f = k["f"]
            s = k.get("s", f)
            h = w = (h - f) // s + 1
            params, macs = 0, None
            rf, jump = rf + (f - 1) * jump, jump * s
        else:  # fc
            params, macs = (h * w * c + 1) * k.get("k", int(rest)), h * w * c * int(rest)
            h = w = None
            c = int(rest)
        rows.append(((h, w, c) if h else (c,), params, macs, rf))
    return rows


def _network_answers(e):
    return {name: brute_walk(net.input, net.layers) for name, net in e.networks.items()}


def _expected(e, ask):
    nets = _network_answers(e)
    rows = nets[ask.args.get("network", "main")] if nets else None
    layer = ask.args.get("layer")
    if ask.of == "output":
        return rows[layer - 1][0]
    if ask.of == "params":
        return rows[layer - 1][1] if layer else sum(r[1] for r in rows)
    if ask.of == "macs":
        return rows[layer - 1][2] if layer else sum(r[2] for r in rows)
    if ask.of == "rf":
        return rows[-1][3]
    if ask.of == "ratio":
        plain, bottleneck = (sum(r[2] for r in nets[n]) for n in ("plain", "bottleneck"))
        return plain / bottleneck
    if ask.of == "same_padding":
        return ask.args["d"] * (ask.args["f"] - 1) // 2
    raise AssertionError(ask.of)


@pytest.mark.parametrize("kind", KINDS)
def test_answers_equal_the_formulas_over_many_seeds(kind):
    for seed in SEEDS:
        e = generate(kind, seed)
        assert e.asks, (kind, seed)
        for ask in e.asks:
            got, want = answer(e, ask).value, _expected(e, ask)
            assert float(got) == pytest.approx(want) if ask.of == "ratio" else got == want, (
                kind, seed, ask.key)


@pytest.mark.parametrize("kind", KINDS)
def test_no_variant_is_degenerate(kind):
    for seed in SEEDS:
        e = generate(kind, seed)
        for rows in _network_answers(e).values():
            for shape, *_ in rows:
                assert all(d >= 2 for d in shape[:2]) or len(shape) == 1, (kind, seed, shape)
        if kind == "bottleneck":
            assert answer(e, e.ask("saving")).value > 1
        if kind == "padding":
            assert all(ask.args["d"] * (ask.args["f"] - 1) % 2 == 0 for ask in e.asks)


@pytest.mark.parametrize("kind", KINDS)
def test_the_sheet_round_trips_right_and_blank(kind):
    made = [generate(kind, seed) for seed in range(10)]
    assert all(m.status is Status.BLANK for m in grade_text(make_sheet(made)).marks)
    lines = []
    for e in made:
        lines.append(f"[{e.id}]")
        lines += [f'{a.key} = "{answer(e, a).text()}"' for a in e.asks]
    report = grade_text("\n".join(lines) + "\n")
    assert report.all_right and len(report.marks) == sum(len(e.asks) for e in made)


def test_a_seed_always_gives_the_same_exercise_and_seeds_differ():
    assert generate("shape", 7) == generate("shape", 7)
    assert generate("shape", 7).networks == find("new-shape-7").networks
    assert len({generate("shape", s).networks["main"] for s in SEEDS}) > 30
    assert generate("bottleneck", 2).statement.zh


def test_bad_kinds_and_seeds():
    with pytest.raises(ExerciseError, match="kinds: shape"):
        generate("flops", 1)
    with pytest.raises(ExerciseError, match="seed"):
        generate("shape", -1)

"""``cnnlab prove claim``: a student's own identity, checked exactly, or refuted by the smallest
counterexample found (sizes, the first entry that differs, and a shrunk integer witness).

The search runs over small instances ordered by their number of symbols; an identity that holds
on all of them is *evidence*, labelled so: only the built-in identities carry a general argument.
"""

from __future__ import annotations

import itertools
import random

import numpy as np

from cnnlab.errors import SpecError
from cnnlab.symbolic.checks import compare, first_difference, show
from cnnlab.symbolic.claim_eval import Environment, Instance, Undefined, evaluate
from cnnlab.symbolic.claim_parse import check_degree, degree, names_in, parse
from cnnlab.symbolic.claim_text import definitions, latex_of, side_text, text_of
from cnnlab.symbolic.nogc import without_gc
from cnnlab.symbolic.proof import Counterexample, Formula, Proof, Step, SweepCase

LAYER_NAMES = {"Y", "dX", "dW", "C", "z", "dz", "dx", "G"}

SEARCH_BUDGET = {0: 144, 1: 144, 2: 144, 3: 72, 4: 36}
"""Instances searched (smallest first) by the claim's degree: an exact product of degree k
costs about (entries)^k, so higher-degree claims search the smallest instances only."""


def candidates(stride: int, pad: int, other_layers: bool) -> list[Instance]:
    """Small instances, fewest symbols first: inputs up to 4×4 and kernels up to 3×3 at the
    given stride and padding, or (``other_layers``) square ones with stride 1–2, padding 0–2."""
    if other_layers:
        found = [Instance((M, M), (U, U), s, p) for M, U, s, p in itertools.product(
            range(1, 6), range(1, 4), (1, 2), (0, 1, 2)) if (s, p) != (stride, pad) and p < U]
    else:
        found = [Instance((M, N), (U, V), stride, pad) for M, N, U, V in itertools.product(
            range(1, 5), range(1, 5), range(1, 4), range(1, 4))
            if U <= M + 2 * pad and V <= N + 2 * pad]
    return sorted(found, key=lambda i: (i.size[0] * i.size[1] + i.kernel[0] * i.kernel[1],
                                        i.stride, i.pad, i.size, i.kernel))


def _sides(claim, instance: Instance):
    env = Environment(instance)
    lhs, rhs = evaluate(claim.lhs, env), evaluate(claim.rhs, env)
    if np.shape(lhs) != np.shape(rhs):
        raise Undefined(f"the sides have shapes {np.shape(lhs)} and {np.shape(rhs)}")
    return env, np.asarray(lhs, dtype=object).reshape(np.shape(lhs) or (1,)), \
        np.asarray(rhs, dtype=object).reshape(np.shape(rhs) or (1,))


def _try(claim, instance: Instance):
    """``(holds, checked, env, difference)`` at ``instance``, or None where undefined."""
    try:
        env, lhs, rhs = _sides(claim, instance)
    except Undefined:
        return None
    found = first_difference(env.algebra, lhs, rhs)
    return (found is None, lhs.size, env, found)


def search(claim, instances: list[Instance]):
    """Check ``claim`` on ``instances`` in order; stop at the first where it fails.

    Returns the sweep (one case per instance where the claim is defined) and the
    counterexample (None when it held everywhere)."""
    sweep = []
    for candidate in instances:
        result = _try(claim, candidate)
        if result is None:
            continue
        holds, checked, env, found = result
        sweep.append(SweepCase(candidate.describe(), holds, checked))
        if not holds:
            return sweep, _counterexample(env, candidate, found)
    return sweep, None


DEFAULT = Instance((3, 3), (2, 2))


@without_gc
def prove_claim(text: str, instance: Instance = DEFAULT) -> Proof:
    """Check ``text`` at ``instance`` and search small instances (the same stride and padding)
    for the smallest counterexample; when the claim is undefined at ``instance`` (its sides'
    shapes differ), the search also tries other strides and paddings."""
    claim = parse(text)
    check_degree(claim)
    uses_layer = bool((names_in(claim.lhs) | names_in(claim.rhs)) & LAYER_NAMES)
    budget = SEARCH_BUDGET[max(degree(claim.lhs), degree(claim.rhs))]
    checks, shown, notes, mine = _at(claim, instance)
    sweep, counterexample = search(claim, candidates(instance.stride, instance.pad, False)[:budget])
    if counterexample is None and not checks and uses_layer:
        more, counterexample = search(
            claim, candidates(instance.stride, instance.pad, True)[:budget])
        sweep += more
    if mine is not None:
        sweep.append(mine[0])
        counterexample = counterexample or mine[1]
    if not checks and not sweep:
        raise SpecError(f"the claim {text!r} is never defined: its two sides never have the same "
                        "shape (or an operand does not fit) at the sizes tried")
    holds = counterexample is None and bool(checks) and checks[0].holds
    return Proof(
        identity="claim", title="Your claim", reference="checked on the reference layers",
        statement=Formula(text_of(claim), latex_of(claim)), definitions=definitions(claim),
        sizes=instance.describe(),
        argument=(Step("A claim has no general argument here: it is checked exactly on every "
                       f"instance below ({len(sweep)} instances); agreement on all is evidence, "
                       "not a proof. A single difference refutes it."),),
        checks=checks, holds=holds, shown=shown, counterexample=counterexample,
        sweep=tuple(sweep), notes=notes)


def _at(claim, instance: Instance):
    """``(checks, shown, notes, (case, counterexample))`` of the claim at the user's instance
    (the last None where the claim is undefined)."""
    try:
        env, lhs, rhs = _sides(claim, instance)
    except Undefined as why:
        return (), (), (f"At these sizes the claim is undefined: {why}, so it is false as "
                        "stated.",), None
    algebra = env.algebra
    check = compare(algebra, Formula(text_of(claim), latex_of(claim)), lhs, rhs)
    shown = (show(algebra, "left side", side_text(claim.lhs), lhs, limit=(5, 4)),
             show(algebra, "right side", side_text(claim.rhs), rhs, limit=(5, 4)))
    found = None if check.holds else first_difference(algebra, lhs, rhs)
    case = SweepCase(instance.describe(), check.holds, check.checked_entries)
    return (check,), shown, (), (case, found and _counterexample(env, instance, found))


def _counterexample(env, instance: Instance, found) -> Counterexample:
    index, a, b = found
    algebra = env.algebra
    point = witness(algebra, a - b)
    names = algebra.names
    return Counterexample(
        sizes=instance.describe(), entry=str(tuple(int(i) + 1 for i in index)),
        lhs=algebra.text(a), rhs=algebra.text(b),
        witness={names[k].text: v for k, v in sorted(point.items())},
        lhs_value=_plain(algebra.value(a, point)), rhs_value=_plain(algebra.value(b, point)),
        reason=f"the sides differ by {algebra.text(a - b)}",
        lhs_latex=algebra.latex(a), rhs_latex=algebra.latex(b),
        witness_latex={names[k].latex: v for k, v in sorted(point.items())})


def _plain(value):
    return value if isinstance(value, int) else str(value)


def witness(algebra, difference, tries: int = 200) -> dict[int, int]:
    """A small integer point where ``difference`` (a nonzero polynomial) is nonzero, shrunk:
    as many generators 0 as possible, the rest as close to 1 as possible."""
    used = sorted({k for monom in difference.monoms() for k in monom})
    rng = random.Random(0)
    point = dict.fromkeys(used, 1)
    for _ in range(tries):
        if algebra.value(difference, point) != 0:
            break
        point = {k: rng.choice((-3, -2, -1, 1, 2, 3)) for k in used}
    for k in used:                                               # shrink: zeros, then ±1
        for smaller in (0, 1, -1):
            trial = point | {k: smaller}
            if abs(smaller) < abs(point[k]) or (smaller == 1 and point[k] != 1):
                if algebra.value(difference, trial) != 0:
                    point = trial
                    break
    return {k: v for k, v in point.items() if v != 0}

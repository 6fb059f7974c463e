"""``--sweep``: an identity checked on a range of sizes, strides, paddings, dilations, channels.

A sweep is evidence, labelled as such; the general argument is the proof. Instances a layer
cannot take (a window larger than its padded input) are skipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace

from cnnlab.errors import CnnlabError
from cnnlab.symbolic.nogc import without_gc
from cnnlab.symbolic.proof import Proof, SweepCase
from cnnlab.symbolic.transpose import ConvSetting

PADS = (((0, 0), (0, 0)), ((1, 1), (1, 1)), ((2, 0), (0, 1)))


def _transpose_cases() -> Iterator[ConvSetting]:
    for (M, N), U, s, pad, d, (ci, co) in itertools.product(
            ((5, 4), (6, 6)), (2, 3), (1, 2, 3), PADS, (1, 2), ((1, 1), (2, 3))):
        yield ConvSetting((M, N), (U, U), (s, s), pad, (d, d), ci, co)


def _gradient_cases() -> Iterator[ConvSetting]:
    for (M, N), (U, V), s, pad, d in itertools.product(
            ((4, 5), (6, 6)), ((1, 1), (2, 2), (3, 2)), (1, 2, 3), PADS, (1, 2)):
        yield ConvSetting((M, N), (U, V), (s, s), pad, (d, d))


def _runs(identity: str) -> Iterator[Callable[[], Proof]]:
    from cnnlab.symbolic.commutativity import prove_commutativity
    from cnnlab.symbolic.gradient import prove_gradient
    from cnnlab.symbolic.one_by_one import prove_one_by_one
    from cnnlab.symbolic.pooling import PoolSetting, prove_pooling
    from cnnlab.symbolic.transpose import prove_transpose

    if identity == "transpose":
        for c in _transpose_cases():
            yield lambda c=c: prove_transpose(c)
    elif identity == "gradient":
        for c in _gradient_cases():
            yield lambda c=c: prove_gradient(c)
    elif identity == "commutativity":
        for M, N, U, V in itertools.product(range(1, 5), range(1, 5), range(1, 4), range(1, 4)):
            yield lambda a=(M, N), b=(U, V): prove_commutativity(a, b)
    elif identity == "one-by-one":
        for size, ci, co in itertools.product(((1, 1), (2, 3), (4, 4)), (1, 2, 4), (1, 3)):
            yield lambda a=size, b=ci, c=co: prove_one_by_one(a, b, c)
    elif identity == "pooling":
        for mode, (M, N), f, s, p in itertools.product(("max", "average"), ((4, 4), (5, 6)),
                                                       ((2, 2), (3, 3), (2, 3)), (1, 2, 3),
                                                       (0, 1)):
            setting = PoolSetting(mode, (M, N), f, (s, s), ((p, p), (p, p)))
            yield lambda c=setting: prove_pooling(c)
    else:
        raise CnnlabError(f"no sweep for {identity!r}")


@without_gc
def sweep(identity: str) -> tuple[SweepCase, ...]:
    """Run ``identity`` on its sweep; every instance that fits, checked entry by entry."""
    cases = []
    for run in _runs(identity):
        try:
            proof = run()
        except CnnlabError:
            continue                                             # a layer that does not fit
        cases.append(SweepCase(proof.sizes, proof.holds,
                               sum(c.checked_entries for c in proof.checks)))
    return tuple(cases)


def with_sweep(proof: Proof) -> Proof:
    """``proof`` with its identity's sweep attached."""
    return replace(proof, sweep=sweep(proof.identity))

"""NNDL exercise 5-2: ``rot180(W) ⊗̃ X = rot180(X) ⊗̃ W``, both sides by the reference forward."""

from __future__ import annotations

from cnnlab.symbolic import params
from cnnlab.symbolic.checks import compare, first_difference, show
from cnnlab.symbolic.nogc import without_gc
from cnnlab.symbolic.ops import rot180, wide
from cnnlab.symbolic.proof import Proof
from cnnlab.symbolic.texts import COMMUTATIVITY


@without_gc
def prove_commutativity(size=(3, 3), kernel=(2, 2)) -> Proof:
    """Check the identity entry by entry for an ``size`` input X and a ``kernel`` W."""
    from cnnlab.symbolic.algebra import Algebra

    params.check_work(size[0] * size[1] * kernel[0] * kernel[1], "this instance")
    algebra = Algebra.build({"x": size, "w": kernel})
    X, W = algebra["x"], algebra["w"]
    lhs, rhs = wide(rot180(W), X), wide(rot180(X), W)
    check = compare(algebra, COMMUTATIVITY.statement, lhs, rhs)
    shown = (show(algebra, "X", f"input, {params.fmt_size(size)}", X),
             show(algebra, "W", f"kernel, {params.fmt_size(kernel)}", W),
             show(algebra, "rot180(W) ⊗̃ X", "= rot180(X) ⊗̃ W, by the reference forward with "
                  "full padding", lhs, limit=(6, 4)))
    return Proof(
        identity="commutativity", title=COMMUTATIVITY.title, reference=COMMUTATIVITY.reference,
        statement=COMMUTATIVITY.statement, definitions=COMMUTATIVITY.definitions,
        sizes={"X": params.fmt_size(size), "W": params.fmt_size(kernel),
               "both sides": params.fmt_size(lhs.shape)},
        argument=COMMUTATIVITY.argument, checks=(check,), holds=check.holds, shown=shown,
        notes=(*COMMUTATIVITY.notes, _contrast(algebra, X, W)),
    )


def _contrast(algebra, X, W) -> str:
    """The variant without rot180, on this instance: where it first fails."""
    found = first_difference(algebra, wide(W, X), wide(X, W))
    if found is None:
        return "Here W ⊗̃ X = X ⊗̃ W happens to hold too (a 1×1 operand)."
    index, a, b = found
    where = tuple(int(i) + 1 for i in index)
    return (f"Here W ⊗̃ X and X ⊗̃ W first differ at entry {where}: {algebra.text(a)} ≠ "
            f"{algebra.text(b)}.")

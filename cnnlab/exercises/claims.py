"""Proof exercises' sheet fields: the right side of an identity, written in ``cnnlab prove``'s
claim language and judged by the prover (``cnnlab.symbolic``): exactly, entry by entry, on the
reference layers, with the smallest counterexample when it is false. Parsed, never evaluated."""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.errors import SheetError, SpecError


@dataclass(frozen=True)
class Verdict:
    """Whether ``lhs == given`` holds, and if not, why (a counterexample or a note)."""

    holds: bool
    why: str | None = None


def judge_claim(lhs: str, given: object, where: str) -> Verdict:
    """Prove or refute ``lhs == given``; a right side that cannot be read names the field."""
    from cnnlab.symbolic.claim import prove_claim
    from cnnlab.symbolic.claim_parse import parse

    if not isinstance(given, str):
        raise SheetError(
            f"field {where}: expected an expression as text, e.g. \"rot180(W) (*)~ G\"")
    text = f"{lhs} == {given}"
    try:
        claim = parse(text)
    except SpecError as error:
        raise SheetError(f"field {where}: {error}") from None
    if claim.rhs == claim.lhs:
        return Verdict(False, f"this restates the left side {lhs}: write it another way")
    try:
        proof = prove_claim(text)
    except SpecError as error:
        return Verdict(False, str(error))
    if proof.holds:
        return Verdict(True)
    return Verdict(False, _why(proof))


def _why(proof) -> str:  # noqa: ANN001 - a cnnlab.symbolic Proof
    """The prover's notes (e.g. the sides' shapes differ), then its smallest counterexample."""
    found = proof.counterexample
    notes = " ".join(proof.notes)
    if found is None:
        return notes or "the prover found the two sides different"
    sizes = ", ".join(f"{k} {v}" for k, v in found.sizes.items())
    witness = ", ".join(f"{k} = {v}" for k, v in found.witness.items())
    sentence = (f"false at {sizes}: entry {found.entry} is {found.lhs} on the left but "
                f"{found.rhs} on the right ({witness} gives {found.lhs_value} ≠ "
                f"{found.rhs_value})")
    return f"{notes} Also {sentence}" if notes else sentence

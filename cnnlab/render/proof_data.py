"""A :class:`~cnnlab.symbolic.proof.Proof` as JSON-ready data (``cnnlab prove … --json``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cnnlab.symbolic.proof import Proof


def verdict(proof: Proof) -> str:
    """``proved``, ``refuted``, ``holds on the instances checked`` or ``fails``."""
    if proof.identity == "claim":
        return "holds on every instance checked" if proof.holds else "refuted"
    return "proved" if proof.holds else "fails"


def proof_data(proof: Proof) -> dict[str, Any]:
    """``{"identity", "holds", "verdict", "sizes", "steps", "checked_entries", …}``."""
    return {
        "identity": proof.identity,
        "title": proof.title,
        "reference": proof.reference,
        "holds": proof.holds,
        "verdict": verdict(proof),
        "statement": asdict(proof.statement),
        "definitions": [{"symbol": f.text, "latex": f.latex, "meaning": meaning}
                        for f, meaning in proof.definitions],
        "sizes": proof.sizes,
        "steps": [{"says": s.says, "formula": s.formula.text if s.formula else None,
                   "latex": s.formula.latex if s.formula else None} for s in proof.argument],
        "checks": [{"equation": c.equation.text, "latex": c.equation.latex,
                    "checked_entries": c.checked_entries, "holds": c.holds,
                    "first_difference": c.first_difference or None} for c in proof.checks],
        "checked_entries": proof.checked_entries,
        "shown": [{"name": m.name, "caption": m.caption, "entries": [list(r) for r in m.entries],
                   "elided_rows_cols": list(m.elided)} for m in proof.shown],
        "picture": None if proof.picture is None else {
            "name": proof.picture.name, "shape": list(proof.picture.shape),
            "nonzeros": proof.picture.nonzeros, "rows": list(proof.picture.rows),
            "legend": dict(proof.picture.legend), "elided_rows_cols": list(proof.picture.elided)},
        "counterexample": None if proof.counterexample is None else {
            k: v for k, v in asdict(proof.counterexample).items()
            if k not in ("lhs_latex", "rhs_latex", "witness_latex")},
        "sweep": {"instances": len(proof.sweep),
                  "held": sum(c.holds for c in proof.sweep),
                  "checked_entries": sum(c.checked_entries for c in proof.sweep),
                  "cases": [asdict(c) for c in proof.sweep]},
        "notes": list(proof.notes),
    }

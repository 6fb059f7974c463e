"""A proof as Markdown with ``$…$`` math (GitHub, Jupyter, Obsidian) for ``--markdown``."""

from __future__ import annotations

from cnnlab.render.proof import verdict_line
from cnnlab.symbolic.proof import Proof, Shown


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _matrix(shown: Shown) -> list[str]:
    cols = len(shown.entries[0]) if shown.entries else 0
    elided = (f" ({shown.elided[0]} rows and {shown.elided[1]} columns elided)"
              if any(shown.elided) else "")
    lines = [f"**{shown.name}**: {shown.caption}{elided}", "",
             "|" + " |" * cols, "|" + "---|" * cols]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in shown.entries]
    return [*lines, ""]


def proof_markdown(proof: Proof) -> str:
    """The whole proof as Markdown."""
    out = [f"### {proof.title}", "", f"*{proof.reference}*", "",
           f"$$ {proof.statement.latex} $$", "", "**Notation**", ""]
    out += [f"- ${f.latex}$: {meaning}" for f, meaning in proof.definitions]
    out += ["", "**Method**" if proof.identity == "claim" else "**Proof (every size)**", ""]
    for number, step in enumerate(proof.argument, 1):
        out.append(f"{number}. {step.says}")
        if step.formula:
            out.append(f"   $$ {step.formula.latex} $$")
    out += ["", "**Instance** (computed by cnnlab's reference layers): "
            + ", ".join(f"{k} {v}" for k, v in proof.sizes.items()), ""]
    for shown in proof.shown:
        out += _matrix(shown)
    if proof.picture:
        pic = proof.picture
        out += [f"**{pic.name}**: {pic.shape[0]}×{pic.shape[1]}, {pic.nonzeros} nonzero "
                "(· = 0)", "", "```", *pic.rows, "```",
                ", ".join(f"`{m}` = {v}" for m, v in pic.legend), ""]
    out += ["**Verification** (exact, entry by entry)", "",
            "| equation | entries compared | result |", "|---|---:|---|"]
    for c in proof.checks:
        result = "every entry identical" if c.holds else f"differs: {c.first_difference}"
        out.append(f"| ${c.equation.latex}$ | {c.checked_entries} | {_cell(result)} |")
    if proof.counterexample:
        c = proof.counterexample
        witness = ", ".join(f"{k} = {v}" for k, v in c.witness.items())
        out += ["", f"**Counterexample** ({', '.join(f'{k} {v}' for k, v in c.sizes.items())}),"
                f" entry {c.entry}: $${c.lhs_latex} \\neq {c.rhs_latex}$$",
                f"witness {witness} (others 0): left {c.lhs_value}, right {c.rhs_value}"]
    if proof.sweep:
        held = sum(c.holds for c in proof.sweep)
        out += ["", f"Sweep: {held} of {len(proof.sweep)} instances hold."]
    out += ["", *[f"> {n}" for n in proof.notes], "", f"**{verdict_line(proof)}**"]
    return "\n".join(out) + "\n"

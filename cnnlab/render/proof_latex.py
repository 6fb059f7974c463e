r"""A proof as LaTeX to paste into homework (``cnnlab prove … --latex``).

The output is a fragment for the body of a document that loads ``amsmath`` and ``amssymb``
(said in its first comment line); it is pure ASCII and compiles with pdflatex.
"""

from __future__ import annotations

from cnnlab.render.latex_text import prose
from cnnlab.render.proof import verdict_line
from cnnlab.symbolic.proof import Picture, Proof, Shown

PREAMBLE = r"% cnnlab prove: needs \usepackage{amsmath,amssymb} in the preamble"


def _matrix(shown: Shown) -> str:
    cols = len(shown.latex[0]) if shown.latex else 0
    rows = " \\\\\n".join(" & ".join(row) for row in shown.latex)
    name = prose(shown.name)
    elided = (f" ({shown.elided[0]} rows and {shown.elided[1]} columns elided)"
              if any(shown.elided) else "")
    return (f"{name}: {prose(shown.caption)}{elided}\n"
            f"\\[\n\\left[\\begin{{array}}{{{'c' * cols}}}\n{rows}\n\\end{{array}}\\right]\n\\]")


def _picture(pic: Picture) -> str:
    rows, cols = pic.shape
    body = "\n".join(row.replace("·", ".") for row in pic.rows)
    legend = ", ".join(f"\\texttt{{{prose(mark)}}} = {prose(value)}" for mark, value in pic.legend)
    cut = (f" ({pic.elided[0]} rows and {pic.elided[1]} columns not drawn)"
           if any(pic.elided) else "")
    return (f"Structure of ${pic.name}$ (${rows}\\times {cols}$, {pic.nonzeros} nonzero; "
            f"\\texttt{{.}} = 0){cut}:\n\\begin{{verbatim}}\n{body}\n\\end{{verbatim}}\n{legend}.")


def _checks(proof: Proof) -> list[str]:
    if not proof.checks:
        return ["Nothing to compare at these sizes: the claim is undefined here."]
    lines = [r"\begin{itemize}"]
    for c in proof.checks:
        result = "every entry identical" if c.holds else \
            f"differs: {prose(c.first_difference)}"
        lines.append(f"\\item ${c.equation.latex}$: {c.checked_entries} entries compared, "
                     f"{result}.")
    lines.append(r"\end{itemize}")
    return lines


def _counterexample(proof: Proof) -> list[str]:
    c = proof.counterexample
    if c is None:
        return []
    sizes = ", ".join(f"{prose(k)} {prose(v)}" for k, v in c.sizes.items())
    witness = ", ".join(f"${k} = {v}$" for k, v in c.witness_latex.items()) or "all zero"
    return [r"\paragraph{Counterexample.}",
            f"Smallest instance: {sizes}; first entry that differs: {c.entry}.",
            f"\\[ {c.lhs_latex} \\neq {c.rhs_latex} \\]",
            f"Witness: {witness}, every other symbol 0: left side {c.lhs_value}, "
            f"right side {c.rhs_value}."]


def proof_latex(proof: Proof) -> str:
    """The whole proof as a LaTeX fragment."""
    out = [PREAMBLE, f"\\subsection*{{{prose(proof.title)}}}",
           f"\\emph{{{prose(proof.reference)}}}", f"\\[ {proof.statement.latex} \\]",
           r"\paragraph{Notation.}", r"\begin{itemize}"]
    out += [f"\\item ${f.latex}$: {prose(meaning)}" for f, meaning in proof.definitions]
    out += [r"\end{itemize}",
            r"\paragraph{Method.}" if proof.identity == "claim" else
            r"\paragraph{Proof (every size).}", r"\begin{enumerate}"]
    for step in proof.argument:
        formula = f"\n\\[ {step.formula.latex} \\]" if step.formula else ""
        out.append(f"\\item {prose(step.says)}.{formula}")
    out += [r"\end{enumerate}", r"\paragraph{Instance (computed by cnnlab's reference layers).}",
            ", ".join(f"{prose(k)} {prose(v)}" for k, v in proof.sizes.items()) + "."]
    out += [_matrix(m) for m in proof.shown]
    if proof.picture:
        out.append(_picture(proof.picture))
    out += [r"\paragraph{Verification (exact, entry by entry).}", *_checks(proof),
            *_counterexample(proof)]
    if proof.sweep:
        held = sum(c.holds for c in proof.sweep)
        out.append(f"Sweep: {held} of {len(proof.sweep)} instances hold "
                   f"({sum(c.checked_entries for c in proof.sweep)} entries compared).")
    out += [prose(f"Note: {n}") for n in proof.notes]
    out.append(f"\\textbf{{{prose(verdict_line(proof))}}}")
    return "\n\n".join(out) + "\n"

"""Rendering of proofs: the derivation snapshot-tested at a fixed width, LaTeX that is ASCII
and compiles with a real engine when one is installed, Markdown and JSON with every field.

Rewrite the golden files after an intended change with
``CNNLAB_UPDATE_GOLDEN=1 python -m pytest tests/test_render_proof.py`` and review the diff.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

from cnnlab.render.latex_text import prose
from cnnlab.render.proof import proof_view
from cnnlab.render.proof_data import proof_data
from cnnlab.render.proof_latex import proof_latex
from cnnlab.render.proof_markdown import proof_markdown
from cnnlab.symbolic.claim import prove_claim
from cnnlab.symbolic.commutativity import prove_commutativity
from cnnlab.symbolic.gradient import prove_gradient
from cnnlab.symbolic.one_by_one import prove_one_by_one
from cnnlab.symbolic.pooling import PoolSetting, prove_pooling
from cnnlab.symbolic.sweep import with_sweep
from cnnlab.symbolic.transpose import ConvSetting, prove_transpose

GOLDEN = Path(__file__).parent / "golden"


def text_of(renderable, width=100) -> str:
    console = Console(width=width, record=True, color_system=None, file=open(os.devnull, "w"))
    console.print(renderable)
    return console.export_text()


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CNNLAB_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def all_proofs():
    return [prove_commutativity(), prove_transpose(),
            prove_transpose(ConvSetting((5, 5), (2, 2), (2, 2), ((1, 0), (0, 1)), (1, 1), 2, 3)),
            prove_transpose(ConvSetting((5, 5), (3, 3), c_in=2, c_out=3)),     # '#' marks
            prove_gradient(ConvSetting((5, 5), (2, 2), (2, 2), ((1, 1), (1, 1)))),
            prove_gradient(ConvSetting((6, 6), (2, 2), (2, 2), ((1, 0), (0, 1)), (2, 2))),
            prove_one_by_one(), prove_pooling(),
            prove_pooling(PoolSetting("average", (4, 4), (3, 3), (1, 1), ((1, 1), (1, 1)))),
            prove_claim("W (*)~ X == X (*)~ W"), prove_claim("dx == C * dz"),
            prove_claim("dx == T(C) * dz")]


def test_commutativity_derivation_snapshot():
    check("prove_commutativity.txt", text_of(proof_view(prove_commutativity())))


def test_transpose_snapshot():
    check("prove_transpose.txt", text_of(proof_view(prove_transpose())))


def test_refuted_claim_snapshot():
    check("prove_claim_refuted.txt", text_of(proof_view(prove_claim("W (*)~ X == X (*)~ W"))))


def test_large_operators_are_elided():
    proof = prove_transpose(ConvSetting((16, 16), (5, 5)))
    assert proof.picture.elided == (144 - 40, 256 - 96)
    text = text_of(proof_view(proof), 140)
    assert "104 more rows, 160 more columns not drawn" in text and "3,600 nonzero" in text


def test_json_has_the_promised_fields():
    data = proof_data(with_sweep(prove_commutativity()))
    for key in ("identity", "holds", "sizes", "steps", "checked_entries", "checks", "sweep"):
        assert key in data
    assert data["holds"] is True and data["sweep"]["instances"] == data["sweep"]["held"] > 100
    assert data["checked_entries"] == 16 + data["sweep"]["checked_entries"]
    json.dumps(data)


def test_markdown_has_math_and_the_verdict():
    text = proof_markdown(prove_transpose())
    assert "$$ z = C x \\implies" in text and "**✓ PROVED" in text and "| w₁₁ |" in text


def test_prose_turns_unicode_into_ascii_latex():
    assert prose("δx = Cᵀ·δz, 50% & x_1, §4, a_b_c") == \
        r"$\delta x$ = C$^{\top}\cdot \delta z$, 50\% \& $x_{1}$, \S{}4, $a_{b}$\_c"


def document(proofs) -> str:
    body = "\n".join(proof_latex(p) for p in proofs)
    return ("\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
            f"{body}\\end{{document}}\n")


def test_latex_is_ascii_and_balanced():
    for proof in all_proofs():
        text = proof_latex(proof)
        assert text.isascii(), proof.identity
        assert text.count("$") % 2 == 0 and text.count("{") == text.count("}")
        assert text.count(r"\begin{") == text.count(r"\end{")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no LaTeX engine (texlive-latex-base)")
def test_latex_compiles_with_pdflatex(tmp_path):
    (tmp_path / "proofs.tex").write_text(document(all_proofs()), encoding="ascii")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                          "proofs.tex"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stdout[-3000:]
    assert (tmp_path / "proofs.pdf").stat().st_size > 10_000

"""How a parsed claim is written back: Unicode, LaTeX, and the meaning of each name it uses.

>>> from cnnlab.symbolic.claim_parse import parse
>>> claim = parse("T(C)*dz == dx")
>>> text_of(claim), latex_of(claim)
('Cᵀ·δz = δx', 'C^{\\\\top} \\\\delta z = \\\\delta x')
"""

from __future__ import annotations

from cnnlab.symbolic.claim_parse import names_in
from cnnlab.symbolic.proof import Formula

MEANING = {
    "X": ("X", "X", "input, M×N symbols"),
    "W": ("W", "W", "kernel, U×V symbols"),
    "G": ("G", "G", "∂L/∂Y, symbols δᵢⱼ (H_out×W_out)"),
    "Y": ("Y", "Y", "the layer's output W ⊗ X (stride, padding as given), reference forward"),
    "dX": ("∂L/∂X", r"\frac{\partial L}{\partial X}", "by the reference backward on G"),
    "dW": ("∂L/∂W", r"\frac{\partial L}{\partial W}", "by the reference backward on G"),
    "C": ("C", "C", "the layer's matrix, z = C·x, read off the reference forward"),
    "x": ("x", "x", "X flattened (row-major)"),
    "z": ("z", "z", "Y flattened"),
    "dz": ("δz", r"\delta z", "G flattened"),
    "dx": ("δx", r"\delta x", "∂L/∂X flattened"),
}
BINARY = {"(*)": (" ⊗ ", r" \otimes "), "(*)~": (" ⊗̃ ", r" \mathbin{\tilde{\otimes}} "),
          "@": ("·", " "), "+": (" + ", " + "), "-": (" − ", " - ")}


def _write(node: tuple, latex: bool, outer: str = "") -> str:
    kind = node[0]
    if kind == "name":
        return MEANING[node[1]][1 if latex else 0]
    if kind == "int":
        return str(node[1])
    if kind == "neg":
        return "-" + _write(node[1], latex, "neg")
    if kind == "rot180":
        inner = _write(node[1], latex)
        return rf"\operatorname{{rot180}}({inner})" if latex else f"rot180({inner})"
    if kind == "T":
        inner = _write(node[1], latex, "T")
        return inner + (r"^{\top}" if latex else "ᵀ")
    op = BINARY[kind][1 if latex else 0]
    text = _write(node[1], latex, kind) + op + _write(node[2], latex, kind)
    needs = (outer == "T") or (outer not in ("", "+", "-") and outer != kind) or \
        (outer == kind and kind == "-")
    if needs:
        return (r"\left(" + text + r"\right)") if latex else f"({text})"
    return text


def side_text(node: tuple) -> str:
    """One side of a claim in Unicode."""
    return _write(node, False)


def text_of(claim) -> str:
    """The claim in Unicode: ``rot180(W) ⊗̃ X = X ⊗̃ rot180(W)``."""
    return f"{_write(claim.lhs, False)} = {_write(claim.rhs, False)}"


def latex_of(claim) -> str:
    """The claim in LaTeX."""
    return f"{_write(claim.lhs, True)} = {_write(claim.rhs, True)}"


def definitions(claim) -> tuple[tuple[Formula, str], ...]:
    """Each name the claim uses, with its meaning."""
    used = names_in(claim.lhs) | names_in(claim.rhs)
    return tuple((Formula(MEANING[n][0], MEANING[n][1]), MEANING[n][2])
                 for n in MEANING if n in used)

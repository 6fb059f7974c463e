r"""Unicode prose and formulas (as the terminal shows them) turned into LaTeX that pdflatex reads.

Text stays text; ASCII specials are escaped; mathematical characters, subscripts written
``x_{i+1}`` or ``x₁₂`` and letters with a combining tilde become inline math, neighbouring math
merged into one ``$…$`` (``$a$$b$`` would open display math).

>>> print(prose("x̃_{pq} = x_{p−U+1, q}, 5 × 5, w⁽¹˒²⁾₂₁ ∎"))
$\tilde{x}_{pq}$ = $x_{p-U+1, q}$, 5 $\times $ 5, $w^{(1,2)}_{21}$ $\blacksquare $
"""

from __future__ import annotations

import re

MATH = {
    "⊗": r"\otimes", "−": "-", "≤": r"\le", "≥": r"\ge", "∂": r"\partial", "Σ": r"\Sigma",
    "δ": r"\delta", "ℝ": r"\mathbb{R}", "∎": r"\blacksquare", "×": r"\times", "ᵀ": r"^{\top}",
    "·": r"\cdot", "≠": r"\neq", "⟹": r"\Longrightarrow", "→": r"\to", "↑": r"\uparrow",
    "∗": "*", "∈": r"\in", "⋮": r"\vdots", "⋱": r"\ddots", "✓": r"\checkmark", "✗": r"\times",
    "′": "'", "∞": r"\infty", "≈": r"\approx",
}
SUB = {**{chr(0x2080 + d): str(d) for d in range(10)}, "ᵢ": "i", "ⱼ": "j", "ᵤ": "u", "ᵥ": "v",
       "₌": "=", "‚": ","}
SUP = {**dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789", strict=True)), "⁽": "(", "⁾": ")", "˒": ",",
       "ᵁ": "U", "ⱽ": "V", "ᶜ": "c", "ᵒ": "o"}
TEXT = {"…": r"\ldots{}", "§": r"\S{}", "—": "---", "–": "--", "“": "``", "”": "''", "’": "'",
        "‘": "`",
        "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
        "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
TILDE = "\u0303"
SCRIPT = re.escape("".join(SUB) + "".join(SUP))
RUN = re.escape("".join(c for c in MATH if c != "δ"))
TOKEN = re.compile(
    rf"[A-Za-zδℝ]{TILDE}?(?:(?:_\{{[^{{}}]*\}}|_[A-Za-z0-9]+)(?:\^\{{[^{{}}]*\}})?"
    rf"|\^\{{[^{{}}]*\}}|[{SCRIPT}]+)"                              # x_{i+1}, C_in, ℝ^{M}, x₁₂
    rf"|δ[a-zA-Z]?"                                               # δ, δx, δz
    rf"|[A-Za-z]{TILDE}"                                          # X̃
    rf"|[{RUN}{SCRIPT}][{RUN}{SCRIPT}{TILDE}]*"                   # a run of math characters
)


def _command(latex: str) -> str:
    """A control word followed by a space, so that a letter after it does not join it."""
    return latex + " " if re.search(r"\\[A-Za-z]+$", latex) else latex


def _math(text: str) -> str:
    """Math-mode LaTeX of a short Unicode formula: scripts grouped, ``x̃`` as ``\\tilde{x}``."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        table, mark = (SUB, "_") if c in SUB else (SUP, "^") if c in SUP else (None, "")
        if table:
            j = i
            while j < len(text) and text[j] in table:
                j += 1
            out.append(mark + "{" + "".join(table[k] for k in text[i:j]) + "}")
            i = j
        elif i + 1 < len(text) and text[i + 1] == TILDE:
            out.append(rf"\tilde{{{MATH.get(c, c)}}}")
            i += 2
        else:
            out.append(_command(MATH[c]) if c in MATH else (c if c.isascii() else "?"))
            i += 1
    return "".join(out)


def _text(text: str) -> str:
    return "".join(TEXT.get(c, c if c.isascii() else "?") for c in text)


def prose(text: str) -> str:
    """Text-mode LaTeX of Unicode prose (pure ASCII out), math tokens inside ``$…$``."""
    out, pos = [], 0
    for match in TOKEN.finditer(text):
        out.append(_text(text[pos:match.start()]))
        token = re.sub(r"_([A-Za-z0-9]+)", r"_{\1}", match.group(0))
        out.append("$" + _math(token) + "$")
        pos = match.end()
    out.append(_text(text[pos:]))
    return "".join(out).replace("$$", "")                       # neighbouring math merged


def math(text: str) -> str:
    """Math-mode LaTeX of a Unicode formula written for the terminal (e.g. ``w₁₁·x₁₂``)."""
    return _math(text)

"""Printable worksheets: statements and blanks, and optionally the answer key on its own page.

Markdown (a page break as an HTML ``div`` that browsers and pandoc's HTML output honour) and
LaTeX (for ``xelatex``: the text is UTF-8 with ×, ⌊ and, with ``--lang zh``, Chinese via xeCJK).
"""

from __future__ import annotations

from cnnlab.exercises import Exercise, ValueType, answer

_WORDS = {
    "en": ("Worksheet", "Answer key", "Errata", "points", "Name"),
    "zh": ("练习", "答案", "勘误", "分", "姓名"),
}
_PAGE_BREAK = '\n<div style="page-break-before: always"></div>\n\n'
_LATEX_SPECIAL = {c: f"\\{c}" for c in "&%$#_{}"} | {
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
}


def _key_lines(exercise: Exercise) -> list[tuple[str, str, str]]:
    """(field, answer, formula) of every numeric ask; for an identity, the prover's command."""
    rows = []
    for ask in exercise.asks:
        if ask.of != "function":
            right = answer(exercise, ask)
            how = right.command if right.type is ValueType.CLAIM else right.formula
            rows.append((ask.key, right.text(), how))
    return rows


def _blank_hint(exercise: Exercise) -> str | None:
    if exercise.starter:
        return f"cnnlab exercises template {exercise.id}  →  cnnlab check FILE"
    return None


def markdown(exercises: list[Exercise], lang: str = "en", key: bool = False) -> str:
    title, key_title, errata, points, name = _WORDS[lang]
    out = [f"# {title}\n\n{name}: ____________________\n"]
    for number, e in enumerate(exercises, start=1):
        out.append(f"\n## {number}. {e.title.get(lang)}\n\n")
        out.append(f"*{e.source.name}, {e.source.item}* — `{e.id}`\n\n")
        out.append(e.statement.get(lang) + "\n\n")
        for i, ask in enumerate(e.asks, start=1):
            line = f"{i}. {ask.text.get(lang)} ({ask.points:g} {points})"
            blank = "" if ask.of == "function" else ": ____________"
            out.append(f"{line}{blank}\n")
        hint = _blank_hint(e)
        if hint:
            out.append(f"\n`{hint}`\n")
        if e.errata:
            out.append(f"\n> **{errata}.** " + " ".join(x.get(lang) for x in e.errata) + "\n")
    if key:
        out.append(_PAGE_BREAK + f"# {key_title}\n")
        for number, e in enumerate(exercises, start=1):
            out.append(f"\n## {number}. `{e.id}`\n\n")
            for field, value, formula in _key_lines(e):
                out.append(f"- **{field}** = {value} — {formula}\n")
            if e.model_answer is not None:
                out.append(f"\n{e.model_answer.get(lang)}\n")
            if e.prove:
                out.append(f"\nProof: `cnnlab prove {e.prove}`\n")
    return "".join(out)


def escape(text: str) -> str:
    """Text safe inside a LaTeX paragraph.

    >>> escape("50% of a_b & {c}")
    '50\\\\% of a\\\\_b \\\\& \\\\{c\\\\}'
    """
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text)


def latex(exercises: list[Exercise], lang: str = "en", key: bool = False) -> str:
    title, key_title, errata, points, name = _WORDS[lang]
    out = [
        "% cnnlab worksheet: compile with xelatex\n",
        "\\documentclass[11pt]{article}\n\\usepackage{fontspec}\n",
        "\\usepackage{xeCJK}\n" if lang == "zh" else "",
        "\\usepackage[margin=2.5cm]{geometry}\n\\begin{document}\n",
        f"\\section*{{{escape(title)}}}\n{escape(name)}: \\rule{{6cm}}{{0.4pt}}\n",
    ]
    for number, e in enumerate(exercises, start=1):
        out.append(f"\n\\subsection*{{{number}. {escape(e.title.get(lang))}}}\n")
        out.append(f"\\emph{{{escape(e.source.name)}, {escape(e.source.item)}}} --- "
                   f"\\texttt{{{escape(e.id)}}}\n\n")
        out.append(escape(e.statement.get(lang)) + "\n\\begin{enumerate}\n")
        for ask in e.asks:
            blank = "" if ask.of == "function" else " \\hfill \\rule{4cm}{0.4pt}"
            out.append(f"  \\item {escape(ask.text.get(lang))} ({ask.points:g} {points}){blank}\n")
        out.append("\\end{enumerate}\n")
        if e.errata:
            joined = " ".join(escape(x.get(lang)) for x in e.errata)
            out.append(f"\\noindent\\textbf{{{errata}.}} {joined}\n")
    if key:
        out.append(f"\n\\newpage\n\\section*{{{escape(key_title)}}}\n")
        for number, e in enumerate(exercises, start=1):
            out.append(f"\\subsection*{{{number}. \\texttt{{{escape(e.id)}}}}}\n")
            rows = _key_lines(e)
            if rows:
                out.append("\\begin{itemize}\n")
                out += [f"  \\item \\textbf{{{escape(f)}}} = {escape(v)} --- {escape(x)}\n"
                        for f, v, x in rows]
                out.append("\\end{itemize}\n")
            if e.model_answer is not None:
                out.append(escape(e.model_answer.get(lang)) + "\n")
            if e.prove:
                out.append(f"\n\\noindent Proof: \\texttt{{{escape(f'cnnlab prove {e.prove}')}}}\n")
    out.append("\\end{document}\n")
    return "".join(out)

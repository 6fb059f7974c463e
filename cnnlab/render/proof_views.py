"""The view of ``cnnlab prove``: a proof drawn as panels (terminal), Markdown with typeset maths
(``$…$``, rendered by Jupyter) and LaTeX (nbconvert's PDF). See ``cnnlab.render.views``."""

from __future__ import annotations

from typing import Any

from cnnlab.render.views import View


class ProofView(View):
    """A proof: statement, symbols, the argument for every size, the instance, the verdict."""

    _repr_html_ = None  # the Markdown (typeset maths) is what a notebook shows

    def __init__(self, proof: Any, width: int = 120) -> None:
        self.proof = proof
        self.width = width

    def terminal(self) -> Any:
        from cnnlab.render.proof import proof_view

        return proof_view(self.proof)

    def markdown(self) -> str:
        from cnnlab.render.proof_markdown import proof_markdown

        return proof_markdown(self.proof)

    def latex(self) -> str:
        from cnnlab.render.proof_latex import proof_latex

        return proof_latex(self.proof)

    def _repr_latex_(self) -> str:
        return self.latex()

    def __repr__(self) -> str:
        return f"<ProofView {self.proof!r}>"

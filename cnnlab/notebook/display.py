"""Display of the library's report objects in IPython, registered by name.

The core's report dataclasses (``NetworkReport``, ``ComplexityReport``, ``Comparison``) carry no
display code: the core never imports rich or IPython, and a report should not know how a
notebook draws it. Instead, this module registers IPython formatters for them *by module and
class name* (``for_type_by_name``), which imports nothing until such an object is displayed;
the formatter hands the object to the view the CLI prints (``cnnlab.render.views``), so a
notebook shows the same table the terminal does.
"""

from __future__ import annotations

from typing import Any

# (module, class) of a report → (module, class) of its view
VIEWS = {
    ("cnnlab.network.walk", "NetworkReport"): ("cnnlab.render.views", "ShapeView"),
    ("cnnlab.complexity.analysis", "ComplexityReport"): ("cnnlab.render.complexity_views",
                                                         "ComplexityView"),
    ("cnnlab.complexity.compare", "Comparison"): ("cnnlab.render.complexity_views",
                                                  "ComparisonView"),
    ("cnnlab.check.report", "CheckReport"): ("cnnlab.render.check_views", "CheckView"),
    ("cnnlab.symbolic.proof", "Proof"): ("cnnlab.render.proof_views", "ProofView"),
}
# what a notebook may show, and the display method a view defines for it (if it does)
FORMATS = {"text/html": "_repr_html_", "text/markdown": "_repr_markdown_",
           "text/latex": "_repr_latex_"}


def view_of(report: Any) -> Any:
    """The view that draws ``report`` with the CLI's default options."""
    from importlib import import_module

    kind = type(report)
    module, name = VIEWS[(kind.__module__, kind.__name__)]
    return getattr(import_module(module), name)(report)


def _formatter(method: str) -> Any:
    def draw(report: Any) -> str | None:
        shown = getattr(view_of(report), method, None)
        return shown() if callable(shown) else None  # None: not in this format

    return draw


def register_display(ipython: Any) -> None:
    """Let ``ipython`` draw every report kind in the formats its view has (idempotent)."""
    formatters = ipython.display_formatter.formatters
    for mime, method in FORMATS.items():
        for module, name in VIEWS:
            formatters[mime].for_type_by_name(module, name, _formatter(method))

"""cnnlab inside Jupyter: a second front door beside ``cnnlab.cli``, imported only in IPython.

``%load_ext cnnlab`` (``cnnlab.load_ipython_extension``) registers

- the ``%cnnlab`` line magic: ``%cnnlab shape 39x39x3 conv:f=3,k=10`` runs the CLI's own command,
  parsed by the CLI's own parser, and displays its report under the cell (``magics.py``,
  ``run.py``);
- display formatters for the library's report objects (``display.py``), so ``walk(...)``,
  ``analyse(...)`` and ``compare(...)`` show as tables: the core stays free of display code.

Nothing here is imported by the CLI or the core; ``pip install "cnnlab[notebook]"`` brings IPython.
"""

from __future__ import annotations

from typing import Any

from cnnlab.notebook.display import register_display


def load_ipython_extension(ipython: Any) -> None:
    """Register the ``%cnnlab`` magic and the display of reports on ``ipython``."""
    from cnnlab.notebook.magics import CnnlabMagics

    register_display(ipython)
    ipython.register_magics(CnnlabMagics)


__all__ = ["load_ipython_extension", "register_display"]

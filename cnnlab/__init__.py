"""cnnlab: the arithmetic, complexity, proofs and homework checking of convolutional networks.

The package root stays light on purpose (no numpy, no sympy, no IPython): ``cnnlab shape`` must
start fast. Import the sub-packages you need, e.g. ``from cnnlab.network import walk``.

In Jupyter, ``%load_ext cnnlab`` adds the ``%cnnlab`` magic (see ``cnnlab.notebook``); reports
display as tables as soon as cnnlab is imported in a running IPython.
"""

import sys as _sys

__version__ = "0.1.0"


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext cnnlab``: the ``%cnnlab`` magic and the display of reports."""
    from cnnlab.notebook import load_ipython_extension as load

    load(ipython)


def check_here(*only: str, **options: object) -> object:
    """Check the course functions defined in the running notebook, in a sandbox; returns the
    ``CheckReport`` (a table under the cell). See ``cnnlab.notebook.here.check_here``."""
    from cnnlab.notebook.here import check_here as check

    return check(*only, **options)


def _display_in_running_ipython() -> None:
    """Inside IPython, register the display of reports; elsewhere import nothing at all."""
    ipython_module = _sys.modules.get("IPython")
    shell = ipython_module.get_ipython() if ipython_module is not None else None
    if shell is not None:
        from cnnlab.notebook.display import register_display

        register_display(shell)


_display_in_running_ipython()

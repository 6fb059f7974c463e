"""The homework checker: student conv/pool code judged against ``cnnlab.reference``, sandboxed.

Student code never runs in the checker's process: each function runs in a child process
(``sandbox``) with a time limit, memory and CPU limits, stdin closed and a scrubbed
environment; results come back as plain data. ``check_file`` returns a ``CheckReport``; the
mistakes it recognises (``mistakes``) are named by behaviour, by re-running the reference with
the mistake injected. This package root stays light (no numpy) so the child starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from cnnlab.check.catalog import CheckError, Convention
    from cnnlab.check.report import CaseReport, CheckReport, FunctionReport, Status
    from cnnlab.check.runner import Options

__all__ = ["CaseReport", "CheckError", "CheckReport", "Convention", "FunctionReport", "Options",
           "Status", "check_file"]


_LAZY = {"CheckError": "catalog", "Convention": "convention", "CaseReport": "report",
         "CheckReport": "report", "FunctionReport": "report", "Status": "report",
         "Options": "runner"}


def __getattr__(name: str) -> Any:
    """Import the report types on first use: the CLI imports this package at start-up."""
    if name not in _LAZY:
        raise AttributeError(f"module 'cnnlab.check' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"cnnlab.check.{_LAZY[name]}"), name)


def check_file(path: str | Path, options: Options | None = None) -> CheckReport:
    """Check a student's ``.py`` or ``.ipynb`` (see ``cnnlab.check.runner.check_file``)."""
    from cnnlab.check.runner import check_file as run

    return run(path, options)

"""``cnnlab.check_here()`` and ``%cnnlab check``: check the functions of the running kernel.

The course functions defined in the kernel are found by their course names, their source and
what they read are laid out as a notebook (``collect.py``), and ``cnnlab check`` itself runs on
it — the same command line, parsed by the same parser, the same sandboxed children (a function
that hangs, prints or calls ``sys.exit`` ends its child, never the kernel). The report then
says "this notebook" and points at ``In [n], line k``.
"""

from __future__ import annotations

import json
import re
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cnnlab.notebook.collect import Sent, collect
from cnnlab.notebook.run import CommandError, run_raw, shown

HERE = "this notebook"
_CELL = re.compile(r"\bcell (\d+), line (\d+)")


def _cell_of(ipython: Any) -> Any:
    """function -> the execution count of the cell that defined it (IPython's own map)."""
    names = getattr(getattr(ipython, "compile", None), "_filename_map", None) or {}

    def cell_of(function: Any) -> int | None:
        count = names.get(function.__code__.co_filename)
        return count if isinstance(count, int) else None

    return cell_of


def _course_names() -> list[str]:
    from cnnlab.check.catalog import SPECS

    return list(SPECS)


def _relabel(text: str | None, sent: Sent) -> str | None:
    """``cell 3, line 7`` of the sent notebook → ``In [12], line 7``."""
    def label(match: re.Match[str]) -> str:
        number = int(match.group(1))
        name = sent.labels[number - 1] if number <= len(sent.labels) else "the names sent"
        return f"{name}, line {match.group(2)}"

    return _CELL.sub(label, text) if text else text


def _fix(report: Any, sent: Sent) -> None:
    """Say where things are in the kernel, and why a course name could not be checked."""
    from cnnlab.check.report import FunctionReport, Status

    report.file = HERE
    for function in report.functions:
        function.hint_where = _relabel(function.hint_where, sent)
        for case in function.cases:
            case.at = _relabel(case.at, sent) or ""
            case.message = _relabel(case.message, sent) or ""
    if report.not_gradable and sent.problems:  # nothing could be sent: the problems say why
        report.not_gradable = None
        report.functions = [FunctionReport(name, Status.MISSING) for name in sent.problems]
    listed = {f.name: k for k, f in enumerate(report.functions)}
    for name, problem in sent.problems.items():  # unlisted: another course's, or not --only
        if name in listed:
            report.functions[listed[name]] = FunctionReport(name, Status.ERROR, hint=problem)
    report.notes.extend(sent.notes)


@contextmanager
def _children_die_on_interrupt() -> Iterator[None]:
    """The kernel's interrupt (SIGINT) kills the checker's children at once, then interrupts
    as usual; without this the checker would wait for each child's own time limit."""
    from cnnlab.check.sandbox import kill_children

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)

    def interrupted(signum: int, frame: Any) -> None:
        kill_children()
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def check_kernel(argv: list[str], namespace: dict[str, Any], ipython: Any = None) -> list[Any]:
    """``cnnlab check ARGV...`` on the kernel's functions (ARGV without FILE); the views or
    JSON data it shows."""
    sent = collect(namespace, _course_names(), _cell_of(ipython))
    mapping = [word for name, own in sent.renamed.items() for word in ("--map", f"{name}={own}")]
    with tempfile.TemporaryDirectory(prefix="cnnlab-here-") as folder:
        path = Path(folder) / "kernel.ipynb"
        path.write_text(json.dumps(sent.notebook()), encoding="utf-8")
        with _children_die_on_interrupt():
            emitted = run_raw(["check", str(path), *mapping, *argv])
    results = []
    for data, view, as_json in emitted:
        view = view() if callable(view) else view
        report = getattr(view, "report", None)
        if report is not None:
            _fix(report, sent)
        results.append(shown((data, view, as_json)))
    return results


def check_here(*only: str, convention: str = "auto", timeout: float = 10.0,
               course_only: bool = False, namespace: dict[str, Any] | None = None) -> Any:
    """Check the course functions defined in the running notebook (or ``namespace``).

    ``check_here()`` finds ``conv_forward``, ``pool_backward``, … by their course names,
    sends their source (and the module-level names they read, when those are plain data) to
    ``cnnlab check``'s sandboxed children, and returns the ``CheckReport``, which displays as
    a table under the cell. ``check_here("conv_backward")`` checks only that one.

    Raises ``CommandError`` (a ``CnnlabError``) for an option ``cnnlab check`` refuses.
    """
    from IPython import get_ipython

    ipython = get_ipython()
    if namespace is None:
        if ipython is None:
            raise CommandError("check_here() checks a running notebook; elsewhere pass "
                               "namespace=globals() (or run cnnlab check FILE)", 2)
        namespace = ipython.user_ns
    argv = ["--convention", convention, "--timeout", str(timeout)]
    argv += [word for name in only for word in ("--only", name)]
    argv += ["--course-only"] if course_only else []
    (view,) = check_kernel(argv, namespace, ipython)
    return view.report

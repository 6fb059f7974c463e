"""What a check of the running kernel sends: the functions' source and what they read.

``collect(namespace, names)`` looks up each course function by name, takes its source where
it was written (``inspect``: the kernel's cell, or a module's file), follows the global names it
reads — other functions of the kernel (their source too), modules (an ``import`` line), values
that are plain data (a literal) — and lays it all out as a notebook file whose code cell *n*
holds, at their own line numbers, the definitions made in ``In [n]``. The checker then reads
that file like any student notebook (``cnnlab.check.loader``) and runs it in its sandbox: the
student's code never runs in the kernel's process, and a line it reports is the kernel's line.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import textwrap
import types
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

PLAIN = (int, float, complex, bool, str, bytes, type(None))
LONGEST_LITERAL = 100_000


@dataclass
class Sent:
    """The notebook to check, a label per code cell, and what could not be sent (and why)."""

    cells: list[list[str]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # course name -> why not checked
    notes: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # name in the kernel -> its def's

    def notebook(self) -> dict[str, Any]:
        """The nbformat-4 document (code cells only; the header last)."""
        sources = [*self.cells, self.header]
        return {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                "cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                           "execution_count": None, "source": "\n".join(lines)}
                          for lines in sources]}


def _plain(value: Any) -> str | None:
    """A literal that rebuilds ``value`` exactly, if it is plain data (else None)."""
    def plain(v: Any, depth: int = 0) -> bool:
        if type(v) in PLAIN:
            return True
        if depth < 6 and type(v) in (tuple, list, set, frozenset):
            return all(plain(x, depth + 1) for x in v)
        if depth < 6 and type(v) is dict:
            return all(plain(k, depth + 1) and plain(x, depth + 1) for k, x in v.items())
        return False

    if not plain(value):
        return None
    text = repr(value)
    try:
        same = len(text) <= LONGEST_LITERAL and ast.literal_eval(text) == value
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        same = False
    return text if same else None


def _import_line(name: str, value: Any) -> str | None:
    """``import numpy as np`` or ``from numpy import pad``, if ``value`` comes from a module."""
    if isinstance(value, types.ModuleType):
        module = value.__name__
        return f"import {module}" if module == name else f"import {module} as {name}"
    module, attribute = getattr(value, "__module__", None), getattr(value, "__name__", None)
    if not module or not attribute or module in ("__main__", "builtins"):
        return None
    try:
        found = getattr(import_module(module), attribute, None)
    except Exception:  # noqa: BLE001 - any import failure: not importable by name
        return None
    if found is not value:
        return None
    return (f"from {module} import {attribute}" if attribute == name
            else f"from {module} import {attribute} as {name}")


def _free_names(tree: ast.AST) -> set[str]:
    from cnnlab.check.loader import _free_names as free_names

    return free_names(tree)


def _why_not(name: str, value: Any) -> str | None:
    """Why ``value`` (bound to ``name``) cannot be sent as a function, or None."""
    if not isinstance(value, types.FunctionType):
        return (f"{name} is {_kind(value)} here, not a function: define it with "
                f"def {name}(...)")
    if value.__name__ == "<lambda>":
        return f"{name} is a lambda: its source cannot be sent alone; define it with def"
    if "<locals>" in value.__qualname__:
        return f"{name} was defined inside another function; define it at the top of a cell"
    try:
        inspect.getsourcelines(value)
    except (OSError, TypeError):
        return (f"the source of {name} cannot be recovered (made by exec or eval?); define "
                f"it in a cell")
    return None


def _kind(value: Any) -> str:
    kind = type(value)
    article = "an" if kind.__name__[:1].lower() in "aeiou" else "a"
    return f"{article} {kind.__module__}.{kind.__qualname__}".replace("builtins.", "")


class _Collector:
    def __init__(self, namespace: dict[str, Any], cell_of: Any) -> None:
        self.namespace = namespace
        self.cell_of = cell_of  # function -> execution count, or None
        self.sent = Sent()
        self.done: set[int] = set()
        self.slots: dict[str, int] = {}  # a function's file name -> index in sent.cells

    def function(self, name: str, value: types.FunctionType) -> None:
        if id(value) in self.done:
            return
        self.done.add(id(value))
        lines, start = inspect.getsourcelines(value)
        count, filename = self.cell_of(value), value.__code__.co_filename
        cell = self._cell(filename, f"In [{count}]" if count else Path(filename).name)
        start = max(start, 1)
        body = self.sent.cells[cell]
        body += [""] * (start - 1 + len(lines) - len(body))
        body[start - 1: start - 1 + len(lines)] = [ln.rstrip("\n") for ln in lines]
        if value.__name__ != name:  # bound under another name than its def's
            self.sent.renamed[name] = value.__name__
        tree = ast.parse(textwrap.dedent("".join(lines)))
        for free in sorted(_free_names(tree)):
            self.reads(free, name)

    def _cell(self, filename: str, label: str) -> int:
        """The cell for the definitions of one kernel cell or one file (made on first use)."""
        if filename not in self.slots:
            self.slots[filename] = len(self.sent.cells)
            self.sent.cells.append([])
            self.sent.labels.append(label)
        return self.slots[filename]

    def reads(self, free: str, reader: str) -> None:
        if free not in self.namespace or free.startswith("__"):
            return  # a builtin, or a name the kernel does not have (fails as it would there)
        value = self.namespace[free]
        if isinstance(value, types.FunctionType) and _why_not(free, value) is None:
            self.function(free, value)
            if free in self.sent.renamed:  # a helper read under another name than its def's
                self.sent.header.append(f"{free} = {self.sent.renamed.pop(free)}")
            return None
        line = _import_line(free, value) or (
            f"{free} = {literal}" if (literal := _plain(value)) is not None else None)
        if line is not None:
            if line not in self.sent.header:
                self.sent.header.append(line)
        elif not hasattr(builtins, free):
            self.sent.notes.append(f"{free} ({_kind(value)}) is read by {reader} but is not "
                                   f"plain data: not sent")


def collect(namespace: dict[str, Any], names: list[str], cell_of: Any) -> Sent:
    """Everything the course functions ``names`` found in ``namespace`` need, laid out as
    notebook cells (see the module's docstring); ``cell_of(function)`` gives the execution
    count of the cell that defined it (or None)."""
    collector = _Collector(namespace, cell_of)
    for name in names:
        if name not in namespace:
            continue
        problem = _why_not(name, namespace[name])
        if problem:
            collector.sent.problems[name] = problem
        else:
            collector.function(name, namespace[name])
    return collector.sent

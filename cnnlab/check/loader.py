"""Read a student's ``.py`` or ``.ipynb`` by its syntax tree, never by running it.

The checker keeps only what its functions need: every top-level ``def`` (and ``class``), the
imports whose names those use, and module-level constants (assignments without calls) they read.
Training loops, plots, data-set loading and stale notebook state never run. Line numbers are
kept: unkept lines become blank lines, so a traceback's line is the student's line (for a
notebook, ``line_map`` turns it back into a cell and a line in that cell).
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

from cnnlab.check.catalog import CheckError

MAX_BYTES = 5_000_000


class NotGradable(CheckError):
    """The file cannot be graded at all (unreadable, not Python, a syntax error)."""


@dataclass(frozen=True)
class Program:
    """The kept source, line-for-line aligned with the student's file (or joined notebook)."""

    path: str
    source: str
    defs: dict[str, ast.FunctionDef] = field(repr=False)
    line_map: tuple[tuple[int, int], ...] | None = None   # joined line -> (cell, line)
    skipped: tuple[str, ...] = ()

    def where(self, line: int) -> str:
        """``line 12`` for a .py file, ``cell 4, line 3`` for a notebook."""
        if self.line_map and 0 < line <= len(self.line_map):
            cell, inner = self.line_map[line - 1]
            return f"cell {cell}, line {inner}"
        return f"line {line}"


def _read(path: Path) -> str:
    if not path.is_file():
        raise CheckError(f"no such file: {path}")
    if path.suffix not in (".py", ".ipynb"):
        raise CheckError(f"expected a .py or .ipynb file, got {path.name}")
    if path.stat().st_size > MAX_BYTES:
        raise NotGradable(f"{path.name} is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise NotGradable(f"cannot read {path}: {error}") from None


def _cell_lines(cell: dict) -> list[str]:
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    lines = text.split("\n")
    if lines and lines[0].lstrip().startswith("%%"):
        return [""] * len(lines)                    # a cell magic: the whole cell is not Python
    return ["" if ln.lstrip().startswith(("%", "!")) else ln for ln in lines]


def _notebook(text: str, name: str) -> tuple[str, tuple[tuple[int, int], ...], list[str]]:
    try:
        cells = json.loads(text)["cells"]
    except (ValueError, KeyError, TypeError):
        raise NotGradable(f"{name} is not a Jupyter notebook (no 'cells' list)") from None
    lines: list[str] = []
    line_map: list[tuple[int, int]] = []
    skipped: list[str] = []
    code = [c for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
    for number, cell in enumerate(code, start=1):
        cell_lines = _cell_lines(cell)
        try:
            ast.parse("\n".join(cell_lines))
        except SyntaxError as error:
            skipped.append(f"code cell {number} (syntax error at line {error.lineno})")
            cell_lines = [""] * len(cell_lines)
        lines += cell_lines
        line_map += [(number, k) for k in range(1, len(cell_lines) + 1)]
    return "\n".join(lines) + "\n", tuple(line_map), skipped


def _free_names(node: ast.AST) -> set[str]:
    """Names a definition reads but does not bind itself (its globals, roughly)."""
    loads = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Load)}
    stores = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
              and not isinstance(n.ctx, ast.Load)}
    arguments = {a.arg for n in ast.walk(node) if isinstance(n, ast.arguments)
                 for a in n.posonlyargs + n.args + n.kwonlyargs + [n.vararg, n.kwarg] if a}
    return loads - stores - arguments


def _names_used(nodes: list[ast.AST]) -> set[str]:
    return set().union(*(_free_names(node) for node in nodes))


def _bound(node: ast.Import | ast.ImportFrom) -> set[str]:
    return {(a.asname or a.name).split(".")[0] for a in node.names}


def _constant(node: ast.stmt) -> set[str]:
    """Names a call-free module-level assignment binds (empty for anything else)."""
    if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
        return set()
    if any(isinstance(n, ast.Call | ast.Lambda) for n in ast.walk(node.value)):
        return set()
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if not all(isinstance(t, ast.Name) for t in targets):
        return set()
    return {t.id for t in targets}


def _targets(node: ast.Assign) -> set[str]:
    return {t.id for t in node.targets if isinstance(t, ast.Name)}


def _select(tree: ast.Module) -> tuple[list[ast.stmt], list[str]]:
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    used = _names_used(defs)
    kept: list[ast.stmt] = list(defs)
    skipped: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            if any(a.name == "*" for a in node.names):
                skipped.append(f"line {node.lineno}: star import (names unknown)")
            elif _bound(node) & used:
                kept.append(node)
        elif (names := _constant(node)) and names & used:
            kept.append(node)
        elif isinstance(node, ast.Assign) and _targets(node) & used:
            skipped.append(f"line {node.lineno}: {', '.join(sorted(_targets(node) & used))} "
                           "(your functions read it, but its value needs a call, not run)")
    return sorted(kept, key=lambda n: n.lineno), skipped


def _blank_all_but(lines: list[str], kept: list[ast.stmt]) -> str:
    keep = [False] * len(lines)
    for node in kept:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        for k in range(first - 1, node.end_lineno or node.lineno):
            keep[k] = True
    return "\n".join(ln if keep[k] else "" for k, ln in enumerate(lines)) + "\n"


def load(path: str | Path) -> Program:
    """Parse ``path`` (.py or .ipynb) and keep the definitions, their imports and constants.

    Raises
    ------
    CheckError
        The path is not a readable .py / .ipynb file.
    NotGradable
        The file is not valid Python (or not a notebook).
    """
    path = Path(path)
    text = _read(path)
    line_map, skipped = None, []
    if path.suffix == ".ipynb":
        text, line_map, skipped = _notebook(text, path.name)
    try:
        tree = ast.parse(text, filename=str(path))
    except SyntaxError as error:
        raise NotGradable(f"{path.name} is not valid Python: {error.msg} "
                          f"(line {error.lineno})") from None
    kept, more = _select(tree)
    defs = {n.name: n for n in kept if isinstance(n, ast.FunctionDef)}
    source = _blank_all_but(text.split("\n"), kept)
    return Program(str(path), source, defs, line_map, tuple(skipped + more))

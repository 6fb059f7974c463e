"""Only the front ends draw and parse: typer is imported in cnnlab/cli alone, rich in cnnlab/cli
and cnnlab/render. ruff's banned-api rule enforces it everywhere but cnnlab/notebook, which it
must exempt for IPython; this reads every module's imports, the notebook's included."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cnnlab"
ALLOWED = {"typer": ("cli",), "rich": ("cli", "render")}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_typer_and_rich_stay_in_the_front_ends():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).parts[0]
        for library, places in ALLOWED.items():
            if library in imported_roots(path) and where not in places:
                found.append(f"{path.relative_to(PACKAGE.parent)} imports {library}")
    assert not found, "; ".join(found)

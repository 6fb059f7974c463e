"""No checker markers without a checker: CI runs ruff check and pytest, no formatter and no type
checker, so a ``# fmt: skip`` or a ``# type: ignore`` would promise a check that never runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"#\s*(fmt:\s*(skip|off|on)|type:\s*ignore)")


def test_no_formatter_or_type_checker_markers():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("cnnlab", "tests", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if MARKER.search(line) and path.name != "test_markers.py"
    ]
    assert not found, (
        "markers for tools CI does not run (drop them: sed -E 's/[[:space:]]+# fmt: skip$//'): "
        + ", ".join(found)
    )

"""Shared test helpers (tests are imported in importlib mode, so helpers come as fixtures).

Student files under tests/fixtures are data for the checker: never import or collect them."""

import importlib.util
import sys
from pathlib import Path

import pytest

collect_ignore_glob = ["fixtures/*"]


def _helper(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).parent / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def html_tables():
    """``read_html(text) -> (tables, text)`` and ``number(cell)`` (tests/html_tables.py)."""
    return _helper("html_tables")

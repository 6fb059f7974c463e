"""The doctests in cnnlab/ are part of the suite (README promises it): keep them collected."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pytest_collects_the_doctests_of_the_package():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in options["addopts"].split()
    assert "cnnlab" in options["testpaths"]

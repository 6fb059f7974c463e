"""The console script builds only the command it runs; everything else still sees them all."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer.main

from cnnlab.cli import app, keep_only


def built_after(first: list[str]) -> list[str]:
    saved = app.registered_commands, app.registered_groups
    try:
        keep_only(first)
        group = typer.main.get_command(app)
        return sorted(getattr(group, "commands", {}))
    finally:
        app.registered_commands, app.registered_groups = saved


def test_a_command_name_keeps_only_that_command():
    assert built_after(["zoo"]) == ["zoo"]
    assert built_after(["shape"]) == ["shape"]


@pytest.mark.parametrize("first", [[], ["--help"], ["shap"], ["--version"]])
def test_anything_else_keeps_every_command(first):
    assert {"shape", "complexity", "layers", "zoo"} <= set(built_after(first))


def test_python_m_cnnlab_runs_the_command_it_names():
    run = subprocess.run([sys.executable, "-m", "cnnlab", "shape", "8x8x3", "conv:f=3,k=2"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "6×6×2" in run.stdout
    typo = subprocess.run([sys.executable, "-m", "cnnlab", "shap"], capture_output=True,
                          text=True, timeout=60)
    assert typo.returncode == 2 and "'shape'" in typo.stderr  # every command was built

"""Every ``cnnlab …`` command shown in README.md runs and succeeds (the docs stay true)."""

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnlab.cli import app

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def shown_commands() -> list[str]:
    commands = []
    for block in re.findall(r"```(?:bash|console)\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            line = line.removeprefix("$ ").strip()
            if line.startswith("cnnlab "):
                commands.append(line)
    return commands


COMMANDS = shown_commands()
FAILING_ON_PURPOSE = ("conv:f=7,k=4", "conv:f=3,q=1", "res[conv:f=3,k=32,p=1]", "1000000000*relu")


def test_the_readme_shows_commands():
    assert len(COMMANDS) > 10


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(command)[1:], env={"COLUMNS": "120"})
    expected = 1 if any(bad in command for bad in FAILING_ON_PURPOSE) else 0
    assert result.exit_code == expected, result.output
    if expected:
        assert result.stderr.startswith("error: ")


def test_readme_table_is_what_the_command_prints_in_80_columns():
    block = re.search(r"```console\n\$ (cnnlab shape 39x39x3 [^\n]*)\n(.*?)```", README, re.S)
    assert block is not None
    result = CliRunner().invoke(app, shlex.split(block.group(1))[1:], env={"COLUMNS": "80"})
    assert result.stdout.strip() == block.group(2).strip()
    assert max(len(line) for line in block.group(2).splitlines()) <= 80


TABLES = [c for c in COMMANDS if c.split()[1] in ("shape", "complexity", "zoo", "layers")
          and "--json" not in c]


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("command", TABLES)
def test_readme_output_fits_the_terminal(command, width, monkeypatch):
    """Every line fits (tables fold, shorten and leave out columns) and no number is cut."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(command)[1:], env={"COLUMNS": str(width)})
    lines = result.stdout.splitlines()
    too_wide = [line for line in lines if len(line) > width]
    assert not too_wide, too_wide[0]
    assert not any(re.search(r"\d…", line) for line in lines), "a number was cut"

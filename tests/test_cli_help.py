"""The help text itself, as whatever typer version is installed renders it: examples in every
help, choices instead of ``<str>``, no ``<bool>`` beside flags, and examples that run."""

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnlab.cli import app
from cnnlab.cli.complexity import CHOICES
from cnnlab.complexity import Count, DType, Notation, Scope

ROOT = Path(__file__).parent.parent
runner = CliRunner()
HELPS = [[], ["shape"], ["complexity"], ["layers"], ["zoo"]]


def help_text(command: list[str]) -> str:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", HELPS)
def test_every_help_has_examples_and_no_bare_types(command):
    text = help_text(command)
    assert "Examples" in text
    assert "<bool>" not in text
    assert re.search(r"^\s+cnnlab \w+", text, re.M), "an example command line"


def test_choices_are_shown_instead_of_str():
    text = help_text(["complexity"])
    for option, choices in CHOICES.items():
        line = next(line for line in text.splitlines() if f"--{option} " in line)
        assert choices in line and "<str>" not in line


@pytest.mark.parametrize(
    ("option", "enum"),
    [("count", Count), ("scope", Scope), ("dtype", DType), ("notation", Notation)],
)
def test_the_choices_shown_are_the_ones_the_core_knows(option, enum):
    assert set(CHOICES[option].split("|")) == {member.value for member in enum}


def _examples() -> list[list[str]]:
    lines = []
    for command in HELPS:
        for line in help_text(command).splitlines():
            if "│" in line:  # inside the options panel, not the examples
                continue
            line = re.sub(r"\s{2,}\(.*$", "", line.strip())
            if line.startswith("cnnlab ") and "net.toml" not in line:
                lines.append(shlex.split(line)[1:])
    return lines


@pytest.mark.parametrize("args", _examples(), ids=" ".join)
def test_the_examples_in_the_help_run(args, monkeypatch, tmp_path):
    # Run in a scratch folder (an example may write a file, e.g. --svg rf.svg); files the
    # examples read are taken from the repository.
    monkeypatch.chdir(tmp_path)
    args = [str(ROOT / a) if (ROOT / a).is_file() else a for a in args]
    result = runner.invoke(app, args, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output

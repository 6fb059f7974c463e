"""The checker reads student files by their syntax tree: what it keeps, skips and refuses."""

import json

import pytest

from cnnlab.check.catalog import CheckError, Convention, guess_convention
from cnnlab.check.loader import NotGradable, load

SOURCE = '''import numpy as np
import matplotlib.pyplot as plt
from os.path import *
SCALE = 2
LIMIT = compute_limit()
EPS = np.finfo(float).eps

np.random.seed(1)
train(epochs=100)


def zero_pad(X, pad):
    return np.pad(X, pad) * SCALE + EPS
'''


def test_keeps_defs_their_imports_and_constants_and_nothing_else(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text(SOURCE)
    program = load(path)
    kept = [line for line in program.source.splitlines() if line.strip()]
    assert kept == ["import numpy as np", "SCALE = 2", "def zero_pad(X, pad):",
                    "    return np.pad(X, pad) * SCALE + EPS"]
    assert program.source.splitlines()[11] == "def zero_pad(X, pad):"     # line 12 stays line 12
    assert set(program.defs) == {"zero_pad"}
    assert any("star import" in note for note in program.skipped)
    assert any(note.startswith("line 6: EPS") for note in program.skipped)


def _notebook(path, *cells):
    path.write_text(json.dumps({"cells": [
        cell if isinstance(cell, dict) else {"cell_type": "code", "source": cell}
        for cell in cells]}))
    return path


def test_notebook_skips_magics_shell_lines_and_broken_cells(tmp_path):
    path = _notebook(tmp_path / "hw.ipynb", "import numpy as np\n%matplotlib inline",
                     {"cell_type": "markdown", "source": ["# text"]}, "!pip install x",
                     "%%time\nrun()", "def broken(:\n    pass",
                     ["def zero_pad(X, pad):\n", "    return np.pad(X, pad)"])
    program = load(path)
    assert set(program.defs) == {"zero_pad"}
    assert "%" not in program.source and "!" not in program.source
    assert program.where(program.defs["zero_pad"].lineno + 1) == "cell 5, line 2"
    assert any("code cell 4" in note for note in program.skipped)


def test_later_definitions_win_as_in_a_notebook(tmp_path):
    path = _notebook(tmp_path / "hw.ipynb", "def f():\n    return 1", "def f():\n    return 2")
    assert load(path).defs["f"].body[0].value.value == 2


@pytest.mark.parametrize("name, text, error", [
    ("hw.py", "def f(:\n", NotGradable),
    ("hw.ipynb", "{not json", NotGradable),
    ("hw.txt", "x = 1", CheckError),
])
def test_files_that_cannot_be_graded(tmp_path, name, text, error):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(error):
        load(path)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(CheckError, match="no such file"):
        load(tmp_path / "nothing.py")


def test_convention_is_guessed_from_the_names():
    assert guess_convention({"conv_forward", "zero_pad"}) is Convention.DLAI
    assert guess_convention({"conv_forward_naive", "helper"}) is Convention.CS231N
    with pytest.raises(CheckError, match="no course function"):
        guess_convention({"main"})


def test_a_parameter_is_not_mistaken_for_a_module_value(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\nx = np.ones(3)\nmask = None\n\n\n"
                    "def create_mask_from_window(x):\n    mask = x == np.max(x)\n    return mask\n")
    program = load(path)
    assert program.skipped == ()
    assert [ln for ln in program.source.splitlines() if ln.strip()][0] == "import numpy as np"

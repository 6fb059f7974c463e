"""A notebook whose functions hang, print or call ``sys.exit``, checked with ``check_here`` under
a real Jupyter kernel (nbclient): the kernel survives and the report says what happened."""

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("ipykernel")

from nbformat.v4 import new_code_cell, new_notebook  # noqa: E402

CELLS = {
    "functions": '''
import sys
import numpy as np

def zero_pad(X, pad):
    print("padding", X.shape)  # prints, but right
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))

def conv_single_step(a_slice_prev, W, b):
    while True:  # hangs
        pass

def distribute_value(dz, shape):
    sys.exit(3)  # would end the kernel if it ran here
''',
    "check": "import cnnlab\nreport = cnnlab.check_here(timeout=3)\nreport",
    "alive": "import os\nprint('alive', os.getpid() == KERNEL_PID)",
}


@pytest.fixture(scope="module")
def cells(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kernel")
    sources = {"pid": "import os\nKERNEL_PID = os.getpid()", **CELLS}
    notebook = new_notebook(cells=[new_code_cell(text.strip(), id=name)
                                   for name, text in sources.items()])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IPYTHONDIR", str(folder / ".ipython"))
        mp.setenv("JUPYTER_RUNTIME_DIR", str(folder / ".runtime"))
        nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}}).execute()
    return {cell.id: cell for cell in notebook.cells}


def test_the_kernel_survives_and_is_the_same_process(cells):
    (output,) = cells["alive"].outputs
    assert output.text == "alive True\n"


def test_the_report_says_what_each_function_did(cells, html_tables):
    (result,) = cells["check"].outputs
    assert result.data["text/plain"] == "CheckReport(this notebook, dlai: 1 of 3 functions pass)"
    tables, text = html_tables.read_html(result.data["text/html"])
    status = {row[0]: row[1] for row in tables[0].body}
    assert status == {"zero_pad": "pass", "conv_single_step": "timeout",
                      "distribute_value": "error"}
    assert "called sys.exit(3)" in text
    assert not [o for o in cells["check"].outputs if o.output_type in ("stream", "error")]

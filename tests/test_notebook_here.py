"""``cnnlab.check_here()`` and ``%cnnlab check`` on the functions of an in-process IPython kernel:
the same verdicts as ``cnnlab check FILE`` on the same code, clear lines for what cannot be
sent, and the check report displayed as a table (read back with html.parser)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("IPython")

from cnnlab.cli import app  # noqa: E402
from cnnlab.notebook.run import CommandError  # noqa: E402
from cnnlab.render.check_views import CheckView  # noqa: E402

STUDENTS = Path(__file__).parent / "fixtures" / "students"
runner = CliRunner()


@pytest.fixture
def shell(tmp_path):
    from IPython.core.interactiveshell import InteractiveShell

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
        ip = InteractiveShell.instance()
        ip.history_manager.enabled = False
        ip.extension_manager.load_extension("cnnlab")
        ip.reset(new_session=False)  # each test starts with an empty namespace
        yield ip


def run_cell(shell, source):
    result = shell.run_cell(source, store_history=True)
    assert result.success, result.error_in_exec
    return result


def cli_json(path, *options):
    result = runner.invoke(app, ["check", str(path), *options, "--json"])
    return json.loads(result.stdout)


def verdicts(data):
    return {f["name"]: (f["status"], f["cases_passed"], f["cases_run"], f["mistake"])
            for f in data["functions"]}


@pytest.mark.parametrize("student", ["dlai_unpad.py", "dlai_no_bias.py", "cs231n_correct.py",
                                     "cs231n_stride.py"])
def test_the_kernel_gets_the_verdicts_of_the_file(shell, student):
    path = STUDENTS / student
    run_cell(shell, path.read_text(encoding="utf-8"))
    data = shell.run_line_magic("cnnlab", "check --json")
    assert verdicts(data) == verdicts(cli_json(path))
    assert data["file"] == "this notebook"


def test_check_here_returns_the_report_and_points_at_the_cell(shell, html_tables):
    run_cell(shell, "x = 1")
    result = run_cell(shell, (STUDENTS / "dlai_unpad.py").read_text(encoding="utf-8"))
    run_cell(shell, "import cnnlab\nreport = cnnlab.check_here()")
    report = shell.user_ns["report"]
    assert repr(report) == "CheckReport(this notebook, dlai: 1 of 2 functions pass)"
    backward = next(f for f in report.functions if f.name == "conv_backward")
    assert backward.mistake == "unpad"
    count = result.execution_count
    assert backward.hint_where == f"In [{count}], line 36"  # the fixture's own line 36
    assert "[pad:-pad, pad:-pad, :]" in (STUDENTS / "dlai_unpad.py").read_text().splitlines()[35]
    formats, _ = shell.display_formatter.format(report)
    tables, text = html_tables.read_html(formats["text/html"])
    assert tables[0].body == [["zero_pad", "pass", "pass", "4/4", tables[0].body[0][4]],
                              ["conv_backward", "fail", "pass", "4/6", tables[0].body[1][4]]]
    assert f"likely mistake at In [{count}], line 36: crops the padding" in text
    assert "1 of 2 functions pass; 8 of 10 checks passed" in text


def test_what_cannot_be_sent_is_one_clear_line_each(shell):
    run_cell(shell, "import numpy as np")
    run_cell(shell, "conv_forward = 3\nconv_single_step = lambda a, W, b: np.sum(a * W) + b")
    run_cell(shell, "exec('def zero_pad(X, pad):\\n    return X')")
    run_cell(shell, "def outer():\n    def pool_forward(A_prev, hparameters, mode='max'):\n"
                    "        return A_prev\n    return pool_forward\npool_forward = outer()")
    report = shell.run_line_magic("cnnlab", "check").report
    hints = {f.name: (f.status.value, f.hint) for f in report.functions if f.hint}
    assert hints == {
        "conv_forward": ("error", "conv_forward is an int here, not a function: define it with "
                                  "def conv_forward(...)"),
        "conv_single_step": ("error", "conv_single_step is a lambda: its source cannot be sent "
                                      "alone; define it with def"),
        "zero_pad": ("error", "the source of zero_pad cannot be recovered (made by exec or "
                              "eval?); define it in a cell"),
        "pool_forward": ("error", "pool_forward was defined inside another function; define it "
                                  "at the top of a cell"),
    }
    assert not report.ok


def test_it_sends_modules_helpers_renamed_functions_and_plain_data(shell):
    run_cell(shell, "import numpy\nfrom numpy import pad as np_pad\nMODE = 'constant'\n"
                    "WIDTHS = {'edge': (0, 0)}\nBIG = numpy.zeros(3)")
    run_cell(shell, "def pad_hw(X, p):\n    return np_pad(X, (WIDTHS['edge'], (p, p), (p, p), "
                    "WIDTHS['edge']), mode=MODE)\n\ndef my_zero_pad(X, pad):\n"
                    "    return pad_hw(X, pad)\n\nzero_pad = my_zero_pad\n\n"
                    "def conv_single_step(a_slice_prev, W, b):\n"
                    "    return numpy.sum(a_slice_prev * W) + b.item() + BIG[0]")
    report = shell.run_line_magic("cnnlab", "check --only zero_pad --only conv_single_step").report
    pad, step = report.functions
    assert (pad.status.value, pad.student_name) == ("pass", "my_zero_pad")
    assert step.status.value == "error"
    assert "NameError" in step.cases[0].message and "'BIG'" in step.cases[0].message
    assert ("BIG (a numpy.ndarray) is read by conv_single_step but is not plain data: not sent"
            in report.notes)


def test_missing_and_bad_options(shell, capsys):
    report = shell.run_line_magic("cnnlab", "check").report
    assert "no course function" in report.not_gradable and not report.found
    run_cell(shell, (STUDENTS / "dlai_unpad.py").read_text(encoding="utf-8"))
    assert shell.run_line_magic("cnnlab", "check --only nosuch") is None
    assert capsys.readouterr().err.startswith("error: --only: unknown function 'nosuch'")
    assert shell.run_line_magic("cnnlab", "check --timeout abc") is None
    assert capsys.readouterr().err.startswith("error: Invalid value for '--timeout'")
    import cnnlab

    with pytest.raises(CommandError, match="--only: unknown function 'nosuch'"):
        cnnlab.check_here("nosuch")


def test_check_here_outside_ipython_asks_for_a_namespace(monkeypatch):
    import IPython

    import cnnlab

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    with pytest.raises(CommandError, match="pass namespace=globals()"):
        cnnlab.check_here()


def test_a_file_is_still_checked_as_a_file(shell):
    view = shell.run_line_magic("cnnlab", f"check {STUDENTS / 'dlai_unpad.py'}")
    assert isinstance(view, CheckView)
    assert view.report.file.endswith("dlai_unpad.py")


def test_outside_a_notebook_it_needs_a_namespace():
    from cnnlab.notebook.here import check_here

    source = (STUDENTS / "dlai_unpad.py").read_text(encoding="utf-8")
    namespace = {}
    exec(compile(source, str(STUDENTS / "dlai_unpad.py"), "exec"), namespace)  # noqa: S102
    report = check_here("conv_backward", namespace=namespace)
    (function,) = report.functions
    assert function.mistake == "unpad"
    assert function.hint_where == "dlai_unpad.py, line 36"  # a module's file: its own line


SCRIPT = """
import os, sys
from IPython.core.interactiveshell import InteractiveShell
ip = InteractiveShell.instance()
ip.run_cell("def conv_single_step(a_slice_prev, W, b):\\n    while True:\\n        pass")
import cnnlab
print("checking", flush=True)
try:
    cnnlab.check_here(timeout=60)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def test_interrupting_the_kernel_kills_the_children_at_once(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    env = {**__import__("os").environ, "IPYTHONDIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    children: list[int] = []
    for _ in range(200):  # wait for the checker's child to start
        time.sleep(0.1)
        if children := _children(process.pid):
            break
    assert children
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)  # the child alone would run for 60 s
    assert out.decode().splitlines() == ["checking", "interrupted"], err.decode()
    time.sleep(0.2)
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or " Z " in Path(f"/proc/{pid}/stat").read_text()


def _children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found

"""The one output path of every command: JSON errors under --json, exit codes, Ctrl-C."""

import json
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from cnnlab.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "code", "kind"),
    [
        (["shape", "8x8x3", "conv:f=9,k=2", "--json"], 1, "ShapeError"),
        (["shape", "8x8x3", "conv:f=3", "--json"], 1, "SpecError"),
        (["shape", "8x8x3", "--json"], 2, "usage"),
        (["complexity", "8x8x3", "conv:f=9,k=2", "--json"], 1, "ShapeError"),
        (["complexity", "--model", "nosuchnet", "--json"], 1, "SpecError"),
        (["complexity", "--json"], 2, "usage"),
    ],
)
def test_json_errors_are_one_object_on_stdout(args, code, kind):
    result = runner.invoke(app, args)
    assert result.exit_code == code
    error = json.loads(result.stdout)["error"]
    assert error["type"] == kind and error["exit_code"] == code
    assert result.stderr == f"error: {error['message']}\n"


def test_without_json_an_error_is_one_line_on_stderr_only():
    result = runner.invoke(app, ["shape", "8x8x3", "conv:f=9,k=2"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_ctrl_c_ends_at_once_with_130_and_no_traceback():
    code = (
        "import sys, time\n"
        "from cnnlab.cli.output import install_interrupt_handler, on_interrupt\n"
        "install_interrupt_handler()\n"
        "on_interrupt(lambda: sys.stdout.write('cleaned\\n') or sys.stdout.flush())\n"
        "print('ready', flush=True)\n"
        "while True: time.sleep(0.01)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "ready\n"
    started = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=10)
    assert child.returncode == 130
    assert time.monotonic() - started < 5
    assert out == "cleaned\n"
    assert err.strip() == "interrupted" and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prove", "nosuch"], "No such command 'nosuch'"),
        (["prove", "transpose", "--size"], "Option '--size' requires an argument"),
        (["prove", "pooling", "--mode", "mean"], "'mean' is not one of 'max', 'avg'"),
        (["exercises", "nosuch"], "No such command 'nosuch'"),
    ],
)
def test_usage_errors_of_sub_commands_are_one_line_too(args, message):
    # run as the console script does (the lazy prove sub-app runs through its own click main)
    done = subprocess.run([sys.executable, "-m", "cnnlab", *args], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
    assert message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [[], ["prove"], ["exercises"]])
def test_a_bare_group_prints_its_help_once(args):
    done = subprocess.run([sys.executable, "-m", "cnnlab", *args], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert (done.stdout + done.stderr).count("Usage:") == 1

"""``cnnlab check`` from the command line: exit codes, messages, JSON and Gradescope output."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnlab.cli import app

STUDENTS = Path(__file__).parent / "fixtures" / "students"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["check", *args], env={"COLUMNS": "120"})


def test_a_correct_file_exits_0_with_the_table():
    result = invoke(str(STUDENTS / "cs231n_correct.py"))
    assert result.exit_code == 0, result.output
    assert "4 of 4 functions pass" in result.stdout and "conv_backward_naive" in result.stdout


def test_a_mistake_exits_1_and_is_named():
    result = invoke(str(STUDENTS / "dlai_unpad.py"), "--only", "conv_backward")
    assert result.exit_code == 1
    assert "likely mistake at line 36" in result.stdout and "[pad:-pad]" in result.stdout


def test_json_report():
    result = invoke(str(STUDENTS / "dlai_unpad.py"), "--only", "conv_backward", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) >= {"file", "convention", "functions", "passed", "failed"}
    conv = data["functions"][0]
    assert (conv["name"], conv["status"], conv["mistake"]) == ("conv_backward", "fail", "unpad")
    assert conv["course_tests"] == "pass" and conv["cases_run"] == len(conv["cases"]) == 6
    assert (data["passed"], data["failed"]) == (0, 1)


def test_gradescope_results():
    result = invoke(str(STUDENTS / "dlai_float_b.py"), "--format", "gradescope")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    tests = {t["name"]: t for t in data["tests"]}
    assert tests["conv_forward"]["status"] == "passed" and tests["conv_forward"]["score"] == 1
    assert tests["conv_single_step"]["status"] == "failed"
    assert "float(b)" in tests["conv_single_step"]["output"]
    assert all(t["output_format"] == "md" and t["max_score"] == 1 for t in data["tests"])
    assert data["score"] == sum(t["score"] for t in data["tests"])


def test_not_gradable_exits_1():
    result = invoke(str(STUDENTS / "sandbox_syntax_error.py"))
    assert result.exit_code == 1 and "not gradable" in result.stdout


def test_usage_errors_exit_2():
    assert invoke("no/such/file.py").exit_code == 2
    bad_map = invoke(str(STUDENTS / "dlai_correct.py"), "--map", "zero_pad")
    assert bad_map.exit_code == 2 and bad_map.stderr.startswith("error: --map")
    assert invoke(str(STUDENTS / "dlai_correct.py"), "--timeout", "0").exit_code == 2


def test_unknown_function_is_one_error_line():
    result = invoke(str(STUDENTS / "dlai_correct.py"), "--only", "conv_fwd", "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: --only: unknown function 'conv_fwd'")
    assert json.loads(result.stdout)["error"]["exit_code"] == 1


def test_a_file_with_no_course_function_is_not_gradable(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("def main():\n    pass\n")
    result = invoke(str(path))
    assert result.exit_code == 1 and "no course function found" in result.stdout


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:                   # field 4 of stat: the parent's pid
            found.append(int(stat.parent.name))
    return found


def test_ctrl_c_kills_the_children_at_once():
    import signal
    import subprocess
    import sys
    import time

    command = [sys.executable, "-m", "cnnlab", "check", str(STUDENTS / "sandbox_crash.py"),
               "--only", "pool_forward", "--timeout", "60"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    children: list[int] = []
    for _ in range(100):                            # wait for the hanging child to start
        time.sleep(0.1)
        if children := _children(process.pid):
            break
    assert children
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 130 and b"interrupted" in err

    def gone(pid: int) -> bool:                     # ended, or a zombie nobody reaped yet
        try:
            return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
        except FileNotFoundError:
            return True

    deadline = time.monotonic() + 5                 # a loaded machine may take a moment; a
    while not all(map(gone, children)) and time.monotonic() < deadline:   # child left alive
        time.sleep(0.05)                            # would hang for its 60 s timeout
    assert all(map(gone, children))


def test_help_shows_examples():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "--format gradescope" in result.stdout and "--course-only" in result.stdout


def test_ctrl_c_while_a_child_starts_kills_it_though_not_yet_recorded(monkeypatch):
    """Ctrl-C can land between a child's start and its record in the live set: kill_children
    then finds it among this process's children (Linux /proc) by the child script's path."""
    import subprocess
    import sys
    import time

    from cnnlab.check import sandbox

    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)",
                              str(sandbox.CHILD)], start_new_session=True)
    try:
        time.sleep(0.2)
        sandbox.kill_children()                        # nothing being started: left alone
        assert child.poll() is None
        monkeypatch.setattr(sandbox, "_starting", ["a child being started"])
        sandbox.kill_children()
        assert child.wait(timeout=10) == -9            # SIGKILL
    finally:
        child.kill()
        child.wait()

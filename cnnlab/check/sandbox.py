"""Run one student function on its cases in a child process, and read back plain data.

The child (``cnnlab/check/child.py``) runs in its own process group with a scrubbed environment,
a private temporary working directory, stdin closed and rlimits on address space, CPU and file
size. A wall-clock limit kills the whole group. Results are files the parent reads with
``allow_pickle=False``; a case without a result file never passes. :func:`kill_children` ends
every live child at once (the CLI calls it on Ctrl-C).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

CHILD = Path(__file__).with_name("child.py")
ROOT = Path(__file__).resolve().parent.parent.parent
MEMORY = 2 * 1024**3
FILE_SIZE = 16 * 1024**2
HEAD = 400

_live: set[subprocess.Popen] = set()
_folders: set[str] = set()
_starting: list[str] = []                           # children being started, not yet in _live
_lock = threading.Lock()


@dataclass
class ChildRun:
    """What came back from one child: the load result, one entry per case (None: no result)."""

    load: dict | None
    cases: list[dict | None]
    outputs: list[list[np.ndarray]]
    returncode: int | None
    timed_out: bool
    seconds: float
    stdout: str = ""
    stderr: str = ""
    deaths: dict[int, int | None] = field(default_factory=dict)   # case -> exit code, None: hung


def _environment(home: str) -> dict[str, str]:
    env = {"PATH": os.defpath, "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8",
           "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = "1"
    return env


def kill_children() -> None:
    """Kill every running child's process group and remove its folder (fast, no output)."""
    with _lock:
        live, folders = list(_live), list(_folders)
    for process in live:
        _kill(process)
    if _starting:                                   # Ctrl-C between a start and its record
        for pid in _unrecorded_children({process.pid for process in live}):
            _kill_group(pid)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def _unrecorded_children(recorded: set[int]) -> list[int]:
    """This process's children running the child script that are not in ``_live`` yet (read
    from /proc: Linux; elsewhere none are found, and such a child ends at its CPU limit)."""
    found, me, script = [], os.getpid(), str(CHILD).encode()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            pid = int(stat.parent.name)
            if parent == me and pid not in recorded and script in (
                    stat.parent / "cmdline").read_bytes():
                found.append(pid)
        except (OSError, ValueError, IndexError):
            continue
    return found


def _kill(process: subprocess.Popen) -> None:
    _kill_group(process.pid)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _header(path: Path) -> dict | None:
    try:
        header = json.loads(path.read_text())
    except (OSError, ValueError):
        return None                                 # no result, or not one the child wrote whole
    return header if isinstance(header, dict) and isinstance(header.get("ok"), bool) else None


def _arrays(path: Path, header: dict | None) -> list[np.ndarray]:
    if header is None or not header["ok"] or not path.is_file():
        return []
    try:
        with np.load(path, allow_pickle=False) as data:
            return [data[f"arr_{j}"] for j in range(len(data.files))]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        header["returned"] = "a result that could not be read back"
        return []


def _read_results(folder: Path, count: int) -> tuple[dict | None, list, list]:
    cases = [_header(folder / f"{k}.json") for k in range(count)]
    outputs = [_arrays(folder / f"{k}.npz", header) for k, header in enumerate(cases)]
    return _header(folder / "load.json"), cases, outputs


def _head(path: Path) -> str:
    with open(path, "rb") as stream:
        return stream.read(HEAD).decode("utf-8", "replace")


def run(job: dict[str, Any], arrays: dict[str, np.ndarray], timeout: float) -> ChildRun:
    """Run ``job`` (source, call, cases, ...) in a fresh child; at most ``timeout`` seconds."""
    with tempfile.TemporaryDirectory(prefix="cnnlab-check-") as base:
        base_path = Path(base)
        work, results = base_path / "work", base_path / "results"
        work.mkdir()
        results.mkdir()
        np.savez(base_path / "inputs.npz", **arrays)
        job = {**job, "inputs": str(base_path / "inputs.npz"), "results": str(results),
               "memory": MEMORY, "file_size": FILE_SIZE, "cpu": int(timeout) + 2}
        (base_path / "job.json").write_text(json.dumps(job))
        with open(base_path / "out", "wb") as out, open(base_path / "err", "wb") as err:
            start = time.perf_counter()
            _starting.append(base)           # kill_children looks for it until recorded
            try:
                process = subprocess.Popen(
                    [sys.executable, "-I", str(CHILD), str(ROOT), str(base_path / "job.json")],
                    stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=work,
                    env=_environment(str(work)), start_new_session=True, close_fds=True)
                with _lock:
                    _live.add(process)
                    _folders.add(base)
            finally:
                _starting.remove(base)
            try:
                process.wait(timeout)
                timed_out = False
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                _kill(process)
                process.wait()
                with _lock:
                    _live.discard(process)
                    _folders.discard(base)
            seconds = time.perf_counter() - start
        load, cases, outputs = _read_results(results, len(job["cases"]))
        return ChildRun(load, cases, outputs, process.returncode, timed_out, seconds,
                        _head(base_path / "out"), _head(base_path / "err"))

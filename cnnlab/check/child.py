"""The child process that runs student code (started by ``cnnlab.check.sandbox``, never imported
by the checker itself).

``python -I child.py ROOT JOB`` sets its own limits (address space, CPU, file size), replaces
stdin by one that refuses to be read, executes the kept student source, then runs each case and
writes ``K.npz`` (the outputs) and ``K.json`` (what happened) into the result folder. Student
prints go to stdout/stderr, which the parent captures separately: they cannot reach the results.
"""

from __future__ import annotations

import copy
import json
import os
import resource
import signal
import sys
import time
import traceback
import warnings

STUDENT = "<student>"


class StdinClosed(OSError):
    """Raised when student code reads stdin (there is no one to type)."""


class _ClosedStdin:
    touched = False

    def __getattr__(self, name: str):
        _ClosedStdin.touched = True
        raise StdinClosed("stdin is closed while checking: your function read input")

    def readline(self, *args):
        _ClosedStdin.touched = True
        raise StdinClosed("stdin is closed while checking: your function read input")

    read = readline


def _limits(job: dict) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (job["memory"], job["memory"]))
    cpu = job["cpu"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (job["file_size"], job["file_size"]))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)       # writes past the limit fail, no kill


def _student_line(tb) -> int | None:
    lines = [f.lineno for f in traceback.extract_tb(tb) if f.filename == STUDENT]
    return lines[-1] if lines else None


def _error(error: BaseException) -> dict:
    if isinstance(error, SystemExit):
        return {"type": "SystemExit", "message": f"called sys.exit({error.code!r})",
                "line": _student_line(error.__traceback__)}
    try:
        message = str(error)[:500]
    except Exception:  # noqa: BLE001 - a student exception whose str() itself fails
        message = "(its message could not be read)"
    return {"type": type(error).__name__, "message": message,
            "line": _student_line(error.__traceback__)}


def _student_builtins() -> dict:
    """Builtins whose ``import`` refuses cnnlab: the reference answers are not the student's."""
    import builtins

    real = builtins.__import__

    def guarded(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name.split(".")[0] == "cnnlab":
            raise ImportError(f"checked code may not import {name} (the checker's reference)")
        return real(name, globals, locals, fromlist, level)

    return {**vars(builtins), "__import__": guarded}


def _load(source: str, names: list[str], swap: list[str]) -> dict:
    namespace: dict = {"__name__": "student", "__builtins__": _student_builtins()}
    exec(compile(source, STUDENT, "exec"), namespace)  # noqa: S102 - the student's own code, here only
    if swap:
        from cnnlab.reference import dlai

        for name in swap:
            namespace[name] = getattr(dlai, name)
    return {name: namespace.get(name) for name in names}


def _outputs(value, job: dict, np) -> tuple[dict, list]:
    keep = job["keep"]
    if len(keep) == 1:
        items = [value]
    elif isinstance(value, tuple | list) and len(value) == len(keep):
        items = [v for v, k in zip(value, keep, strict=True) if k]
    else:
        kind = f"a {type(value).__name__} of {len(value)}" if isinstance(
            value, tuple | list) else f"a {type(value).__name__}"
        return {"returned": f"{kind}, expected a tuple of {len(keep)}"}, []
    kept = [k for k in keep if k]
    if any(k == "cache[0]" and not (isinstance(v, tuple | list) and v) for v, k in
           zip(items, kept, strict=True)):
        return {"returned": "a cache that is not the course's tuple (A_prev, ...)"}, []
    items = [v[0] if k == "cache[0]" else v for v, k in zip(items, kept, strict=True)]
    if any(v is None for v in items):
        return {"returned": "None where an array was expected (a missing `return`?)"}, []
    types = [type(v).__module__ + "." + type(v).__name__ for v in items]
    arrays = [np.asarray(v) for v in items]
    if any(a.dtype == object for a in arrays):
        return {"returned": "something that is not a numeric array", "types": types}, []
    return {"types": types}, arrays


def _same(a, b, np) -> bool:
    try:
        return _equal(a, b, np)
    except Exception:  # noqa: BLE001 - something replaced by what cannot be compared: changed
        return False


def _equal(a, b, np) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(
            a, b, equal_nan=True)
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(_equal(x, y, np) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k], np) for k in a)
    return bool(a == b)


def _run_case(function, forward, case: dict, job: dict, arrays, np) -> tuple[dict, list]:
    try:
        args = [decode(item, arrays, forward) for item in case["args"]]
    except BaseException as error:  # noqa: BLE001 - the student's forward failed
        return {"ok": False, "error": _error(error), "stage": "forward"}, []
    own = [i for i, item in enumerate(case["args"]) if "forward" not in item]  # not caches
    before = {i: copy.deepcopy(args[i]) for i in own}
    start = time.perf_counter()
    try:
        value = function(*args)
    except BaseException as error:  # noqa: BLE001 - everything the student raises is reported
        return {"ok": False, "error": _error(error)}, []
    header = {"ok": True, "seconds": time.perf_counter() - start}
    header["mutated"] = [job["params"][i] for i in own if not _same(before[i], args[i], np)]
    try:
        more, outputs = _outputs(value, job, np)
    except Exception:  # noqa: BLE001 - e.g. a ragged list numpy refuses to make an array of
        more, outputs = {"returned": "something that is not a numeric array"}, []
    header.update(more)
    return header, outputs


def _write(folder: str, name: str, header: dict, outputs: list, np) -> None:
    if outputs:
        path = os.path.join(folder, f"{name}.npz")
        try:
            with open(path + ".tmp", "wb") as stream:
                np.savez(stream, *outputs)
            os.replace(path + ".tmp", path)
        except OSError:                             # over the file-size limit
            os.remove(path + ".tmp")
            header = {**header, "returned": "an output too large to send back (16 MiB limit)"}
    path = os.path.join(folder, f"{name}.json")
    with open(path + ".tmp", "w") as stream:
        json.dump(header, stream, default=str)
    os.replace(path + ".tmp", path)


def _sizes() -> tuple[int, int]:
    sys.stdout.flush()
    sys.stderr.flush()
    return os.fstat(1).st_size, os.fstat(2).st_size


def main() -> None:
    with open(sys.argv[2]) as stream:
        job = json.load(stream)
    os.remove(sys.argv[2])                          # nothing left for student code to read
    del sys.argv[1:]
    _limits(job)
    sys.stdin = _ClosedStdin()
    warnings.simplefilter("ignore")                 # numpy's warnings are not the student's prints
    import numpy as np

    with np.load(job["inputs"], allow_pickle=False) as data:
        arrays = dict(data)
    folder = job["results"]
    try:
        found = _load(job["source"], [job["call"], job["forward"] or job["call"]], job["swap"])
    except BaseException as error:  # noqa: BLE001 - a module that fails to load is reported
        _write(folder, "load", {"ok": False, "error": _error(error)}, [], np)
        return
    _write(folder, "load", {"ok": True}, [], np)
    function, forward = found[job["call"]], found.get(job["forward"] or "")
    for k, case in enumerate(job["cases"]):
        sizes = _sizes()
        header, outputs = _run_case(function, forward, case, job, arrays, np)
        header["printed"] = _sizes() != sizes
        header["stdin"] = _ClosedStdin.touched
        _write(folder, str(k), header, outputs, np)


if __name__ == "__main__":
    sys.path[0] = sys.argv[1]                       # cnnlab's root, not this folder
    from cnnlab.check.wire import decode

    main()

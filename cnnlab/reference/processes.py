"""Shares of a large batch computed by helper processes, which run truly side by side.

Python threads (``threads``) run numpy's loops in parallel but hand the GIL over at every call,
and a kernel making a dozen calls per band of an image waits on those hand-overs: on the
Winograd kernel two threads are only 1.1-1.4× faster than one, where two processes are 1.8×.
So on Linux a large float job gives the last shares of its batch to helper processes:

- a helper is a ``python`` running :func:`serve`, started on first need and kept for the next
  jobs (about 0.3 s, once); it runs in its own session, so Ctrl-C reaches this process only;
- each helper has an arena of shared memory (a ``memfd``): this process copies the helper's
  share of the inputs into it, sends the job (a kernel's name and its small arguments) through
  a pipe, computes its own share meanwhile, then copies the helper's outputs back. The arena
  keeps the size of the largest job until :func:`shutdown` (or the end of the process);
- a helper runs one thread with a single-threaded BLAS; this process's BLAS is asked for one
  thread while its helpers work.

An error in a helper is raised here. Ctrl-C, an error in this process's own share, or a
helper that ends unexpectedly kills the helpers that were working (the next job starts new
ones). Anything that keeps helpers from starting (another platform, no ``memfd_create``, a
failed start) leaves the work to ``threads``, as does ``CNNLAB_PROCESSES=0``, a job under
:data:`PROCESS_BYTES`, or a single worker (``threads.workers``: ``CNNLAB_THREADS=1``,
``OPENBLAS_NUM_THREADS=1``); parallelism is an optimisation, never a condition.
"""

import atexit
import importlib
import mmap
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from cnnlab.reference import threads

__all__ = ["KERNELS", "PROCESS_BYTES", "available", "run_split", "serve", "shutdown"]

PROCESS_BYTES = 16 << 20
"""Jobs reading and writing fewer bytes stay in this process: a helper's share is copied in
and out (about 1 ms per 10 MB here), which small jobs don't pay back."""

START_SECONDS = 30.0
"""How long a helper may take to start (import numpy and cnnlab) before it is given up."""

KERNELS = {"cnnlab.reference.winograd": ("winograd_conv3x3", "winograd_du")}
"""The only functions a helper runs, by module."""

_ALIGN = 64
_HEADER = struct.Struct("<Q")


def available(items: int, size: int) -> bool:
    """True when a job of ``items`` images and ``size`` bytes would be shared with helpers."""
    return (size >= PROCESS_BYTES and threads.workers(items) > 1 and _platform_allows()
            and os.environ.get("CNNLAB_PROCESSES", "").strip() != "0" and not _broken)


def run_split(work: Callable[[range], object], items: int, *, function: tuple[str, str],
              inputs: Sequence[np.ndarray], args: tuple, outputs: Sequence[np.ndarray]):
    """``[work(parts[0]), f(*inputs[p], *args, *outputs[p]) for the other parts p]``, the other
    parts in helper processes, or None when no helper can take them (then nothing ran).

    ``function`` is ``(module, name)`` of ``f``, one of :data:`KERNELS`; ``inputs`` and
    ``outputs`` are indexed by image on their first axis (any strides), ``args`` are small
    picklable values. ``f`` must write its outputs and return a small picklable result, and
    compute a part exactly as ``work`` would, so that the results don't depend on who ran it.
    Results come back in part order.
    """
    if not available(items, sum(a.nbytes for a in (*inputs, *outputs))):
        return None
    if not _lock.acquire(blocking=False):           # another thread's job holds the helpers
        return None
    try:
        parts = threads.split(items, threads.workers(items))
        helpers = _helpers(len(parts) - 1)
        if helpers is None:
            return None
        with threads.single_threaded_blas():
            return _run(helpers, work, parts, function, inputs, args, outputs)
    finally:
        _lock.release()


def _run(helpers, work, parts, function, inputs, args, outputs) -> list:
    started = []
    try:
        for helper, part in zip(helpers, parts[1:], strict=True):
            helper.start(function, [a[part.start:part.stop] for a in inputs], args,
                         [a[part.start:part.stop] for a in outputs])
            started.append(helper)
        results = [work(parts[0])]
        for helper, part in zip(helpers, parts[1:], strict=True):
            results.append(helper.finish([a[part.start:part.stop] for a in outputs]))
            started.remove(helper)
        return results
    finally:
        for helper in started:                      # interrupted, or failed: unknown state
            _discard(helper)


def _platform_allows() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "memfd_create")


_lock = threading.Lock()
_pool: list["_Helper"] = []
_broken = False


def _helpers(count: int):
    """``count`` running helpers (started as needed), or None if one cannot start."""
    global _broken
    for helper in [h for h in _pool if h.process.poll() is not None]:   # ended since
        _discard(helper)
    try:
        while len(_pool) < count:
            _pool.append(_Helper())
    except (OSError, subprocess.SubprocessError, EOFError):
        _broken = True
        return None
    return _pool[:count]


def _discard(helper: "_Helper") -> None:
    if helper in _pool:
        _pool.remove(helper)
    helper.close(kill=True)


def shutdown() -> None:
    """End the helpers and free their arenas (at exit too)."""
    with _lock:
        while _pool:
            _pool.pop().close(kill=False)


def _forget() -> None:
    """In a child forked from this process: the helpers are the parent's; start afresh."""
    global _lock, _pool
    for helper in _pool:
        for fd in (helper.job_write, helper.reply_read, helper.arena_fd):
            try:
                os.close(fd)
            except OSError:
                pass
    _lock, _pool = threading.Lock(), []


atexit.register(shutdown)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget)


class _Helper:
    """One helper process: a job pipe, a reply pipe and an arena of shared memory."""

    def __init__(self):
        self.arena_fd = os.memfd_create("cnnlab-arena", os.MFD_CLOEXEC)
        self.size, self.arena = 0, None
        job_read, self.job_write = os.pipe()
        self.reply_read, reply_write = os.pipe()
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   MKL_NUM_THREADS="1", CNNLAB_THREADS="1", CNNLAB_PROCESSES="0",
                   PYTHONPATH=os.pathsep.join(filter(None, [package_root,
                                                            os.environ.get("PYTHONPATH")])))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from cnnlab.reference.processes import serve; "
                 f"serve({job_read}, {reply_write}, {self.arena_fd})"],
                pass_fds=(job_read, reply_write, self.arena_fd), env=env,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)
        except BaseException:
            for fd in (self.job_write, self.reply_read, self.arena_fd):
                os.close(fd)
            raise
        finally:
            os.close(job_read)
            os.close(reply_write)
        self.outputs: list[np.ndarray] = []
        try:
            started = select.select([self.reply_read], [], [], START_SECONDS)[0]
            ready = _receive(self.reply_read) if started else None
        except BaseException:
            self.close(kill=True)
            raise
        if ready != "ready":
            self.close(kill=True)
            raise EOFError("the helper did not start")

    def start(self, function, inputs, args, outputs) -> None:
        """Copy the inputs into the arena and send the job."""
        regions, offset = [], 0
        for array in (*inputs, *outputs):
            regions.append(offset)
            offset += -(-array.nbytes // _ALIGN) * _ALIGN
        self._reserve(offset)
        specs = []
        for k, array in enumerate((*inputs, *outputs)):
            view = _like(array, self.arena, regions[k])
            if k < len(inputs):
                view[...] = array
            specs.append((regions[k], view.shape, view.strides, view.dtype.str))
        _send(self.job_write, (self.size, function, specs[:len(inputs)], args,
                               specs[len(inputs):]))
        self.outputs = [_like(a, self.arena, regions[len(inputs) + k])
                        for k, a in enumerate(outputs)]

    def finish(self, outputs):
        """Wait for the reply, copy the outputs back, and return the function's result."""
        reply = _receive(self.reply_read)
        if reply is None:
            raise RuntimeError("a cnnlab helper process ended unexpectedly")
        status, value = reply
        if status == "error":
            raise value
        for target, source in zip(outputs, self.outputs, strict=True):
            target[...] = source
        self.outputs = []
        return value

    def _reserve(self, nbytes: int) -> None:
        if nbytes <= self.size and self.arena is not None:
            return
        self.size = max(nbytes, _ALIGN)
        os.ftruncate(self.arena_fd, self.size)
        self.arena = mmap.mmap(self.arena_fd, self.size)

    def close(self, kill: bool) -> None:
        for fd in (self.job_write, self.reply_read, self.arena_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        if kill:
            self.process.kill()
        try:
            self.process.wait(timeout=None if kill else 2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.arena = self.outputs = None


def _like(array: np.ndarray, arena, offset: int) -> np.ndarray:
    """A view of the arena at ``offset`` shaped like ``array``, its axes in the same memory
    order (so that copying between the two reads and writes in order)."""
    order = sorted(range(array.ndim), key=lambda k: -abs(array.strides[k]))
    shape = [array.shape[k] for k in order]
    dense = np.ndarray(shape, array.dtype, buffer=arena, offset=offset)
    return dense.transpose(np.argsort(order))


def _send(fd: int, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int):
    """The next message, or None at the end of the pipe."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    data = _read_exactly(fd, _HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def _read_exactly(fd: int, count: int) -> bytes | None:
    chunks, left = [], count
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def serve(job_fd: int, reply_fd: int, arena_fd: int) -> None:
    """A helper's loop: run each job on arrays in the arena, reply, until the pipe closes."""
    threads.WORKERS = 1
    arena, size = None, 0
    _send(reply_fd, "ready")
    while (job := _receive(job_fd)) is not None:
        needed, (module, name), inputs, args, outputs = job
        try:
            if name not in KERNELS.get(module, ()):
                raise ValueError(f"{module}.{name} is not a helper kernel")
            if needed > size:
                arena, size = mmap.mmap(arena_fd, needed), needed
            arrays = [np.ndarray(shape, np.dtype(dtype), buffer=arena, offset=offset,
                                 strides=strides)
                      for offset, shape, strides, dtype in (*inputs, *outputs)]
            function = getattr(importlib.import_module(module), name)
            result = function(*arrays[:len(inputs)], *args, *arrays[len(inputs):])
            del arrays
            reply = ("ok", result)
        except Exception as error:  # noqa: BLE001 - sent to the caller, which raises it
            reply = ("error", error)
        try:
            _send(reply_fd, reply)
        except (pickle.PicklingError, TypeError, AttributeError):
            _send(reply_fd, ("error", RuntimeError(repr(reply[1]))))

"""Shares of a large batch computed by helper processes, which run truly side by side.

Python threads (``threads``) run numpy's loops in parallel but hand the GIL over at every call,
and a kernel making a dozen calls per band of an image waits on those hand-overs: on the
Winograd kernel two threads are only 1.1-1.4× faster than one, where two processes are 1.8×.
So on Linux a large float job gives the last shares of its batch to helper processes:

- a helper is a ``python -I`` running :func:`serve` with this process's ``sys.path``, started
  on first need and kept for the next jobs (about 0.3 s, once; at most :data:`MAX_HELPERS`);
  it runs in its own session, so Ctrl-C reaches this process only, and it must import the same
  numpy and cnnlab as this process, or it is not used;
- each helper has an arena of shared memory (a ``memfd``): this process copies the helper's
  share of the inputs into it, sends the job (a kernel's name and its small arguments) through
  a pipe, computes its own share meanwhile, then copies the helper's outputs back. The arena
  keeps the size of the largest share until :func:`shutdown` (or the end of the process);
- a helper runs one thread with a single-threaded BLAS; this process's BLAS is asked for one
  thread while its helpers work.

What can go wrong never makes a result depend on it: a kernel's error in a helper is raised
here, as it would have been raised here; a helper that dies, or answers nonsense, has its share
computed here instead; a job that cannot be handed over (the arena can't grow, a pipe broke)
runs on ``threads``; Ctrl-C, or an error in this process's own share, kills the helpers at work
(the next job starts new ones). Helpers are not used at all with ``CNNLAB_PROCESSES=0``, for a
job under :data:`PROCESS_BYTES`, with a single worker (``threads.workers``:
``CNNLAB_THREADS=1``, ``OPENBLAS_NUM_THREADS=1``), without an OpenBLAS to limit, off Linux, in
a frozen application, or once a helper has failed to start: parallelism is an optimisation,
never a condition.
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

import numpy as np

import cnnlab
from cnnlab.reference import threads

__all__ = ["KERNELS", "MAX_HELPERS", "PROCESS_BYTES", "START_SECONDS", "available", "run_split",
           "serve", "shutdown"]

PROCESS_BYTES = 16 << 20
"""Jobs reading and writing fewer bytes stay in this process: a helper's share is copied in
and out (about 1 ms per 10 MB here), which small jobs don't pay back."""

MAX_HELPERS = 3
"""Most helpers (so most 4 workers): each is a process with numpy loaded, started once."""

START_SECONDS = 30.0
"""How long helpers may take to start (import numpy and cnnlab) before they are given up."""

KERNELS = {"cnnlab.reference.winograd": ("winograd_conv3x3", "winograd_du")}
"""The only functions a helper runs, by module."""

_ALIGN = 64
_HEADER = struct.Struct("<Q")
_POLL_MS = 1000


def available(items: int, size: int) -> bool:
    """True when a job of ``items`` images and ``size`` bytes would be shared with helpers."""
    return (size >= PROCESS_BYTES and threads.workers(items) > 1
            and os.environ.get("CNNLAB_PROCESSES", "").strip() != "0" and not _broken
            and _platform_allows())


def run_split(work: Callable[[range], object], items: int, *, function: tuple[str, str],
              inputs: Sequence[np.ndarray], args: tuple, outputs: Sequence[np.ndarray],
              keywords: dict | None = None):
    """``[work(parts[0]), f(*inputs[p], *args, *outputs[p], **keywords) for the other parts
    p]``, the other parts in helper processes, or None when no helper can take them (then
    nothing ran).

    ``function`` is ``(module, name)`` of ``f``, one of :data:`KERNELS`; ``inputs`` and
    ``outputs`` are indexed by image on their first axis (any strides), ``args`` and
    ``keywords`` are small picklable values. ``f`` must write its outputs and return a small
    picklable result, and compute a part exactly as ``work`` would: a part whose helper fails
    is computed by ``work``. Results come back in part order.
    """
    if not available(items, sum(a.nbytes for a in (*inputs, *outputs))):
        return None
    if not _lock.acquire(blocking=False):           # another thread's job holds the helpers
        return None
    try:
        parts = threads.split(items, min(threads.workers(items), MAX_HELPERS + 1))
        helpers = _helpers(len(parts) - 1)
        if helpers is None:
            return None
        with threads.single_threaded_blas() as limited:
            if not limited:
                return None
            return _run(list(zip(helpers, parts[1:], strict=True)), work, parts[0], function,
                        inputs, args, outputs, keywords or {})
    finally:
        _lock.release()


def _run(shares, work, first: range, function, inputs, args, outputs, keywords):
    def cut(arrays, part):
        return [a[part.start:part.stop] for a in arrays]

    try:
        try:
            for helper, part in shares:
                helper.start(function, cut(inputs, part), args, cut(outputs, part), keywords)
        except Exception:  # noqa: BLE001 - the arena or a pipe failed; nothing has run yet
            return None
        results = [work(first)]
        for helper, part in shares:
            try:
                results.append(helper.finish(cut(outputs, part)))
            except _Lost:
                _discard(helper)
                results.append(work(part))              # the same numbers, computed here
        return results
    finally:
        for helper, _ in shares:                        # interrupted, failed or lost
            if helper.busy:
                _discard(helper)


def _platform_allows() -> bool:
    return (sys.platform.startswith("linux") and hasattr(os, "memfd_create")
            and bool(sys.executable) and not getattr(sys, "frozen", False)
            and threads._openblas() is not None)


class _Lost(Exception):
    """A helper died or answered nonsense: its share must be computed elsewhere."""


_lock = threading.Lock()
_pool: list["_Helper"] = []
_broken = False


def _helpers(count: int):
    """``count`` running helpers (started as needed, side by side), or None if they cannot
    start (then helpers are not tried again in this process)."""
    global _broken
    for helper in [h for h in _pool if h.busy or h.process.poll() is not None]:
        _discard(helper)                                # ended, or left mid-job
    new: list[_Helper] = []
    try:
        while len(_pool) + len(new) < count:
            new.append(_Helper())
        for helper in new:
            helper.wait_ready()
    except Exception:  # noqa: BLE001 - any failure to start: threads do the work
        for helper in new + _pool:
            helper.close(kill=True)
        _pool.clear()
        _broken = True
        return None
    except BaseException:
        for helper in new:
            helper.close(kill=True)
        raise
    _pool.extend(new)
    return _pool[:count]


def _discard(helper: "_Helper") -> None:
    if helper in _pool:
        _pool.remove(helper)
    helper.close(kill=True)


def shutdown() -> None:
    """End the helpers and free their arenas. Waits up to 10 s for a job in another thread to
    end; past that, its helpers are killed, and that job computes their shares itself."""
    locked = _lock.acquire(timeout=10)
    try:
        while _pool:
            _pool.pop().close(kill=not locked)
    finally:
        if locked:
            _lock.release()


def _at_exit() -> None:
    while _pool:
        _pool.pop().close(kill=True)


def _forget() -> None:
    """In a child forked from this process: the helpers are the parent's; start afresh."""
    global _lock, _pool
    for helper in _pool:
        helper.close_files()
    _lock, _pool = threading.Lock(), []


atexit.register(_at_exit)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget)


class _Helper:
    """One helper process: a job pipe, a reply pipe and an arena of shared memory."""

    def __init__(self):
        self.busy, self.size, self.arena = False, 0, None
        self.outputs: list[np.ndarray] = []
        self.arena_fd = self.job_write = self.reply_read = job_read = reply_write = -1
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   MKL_NUM_THREADS="1", CNNLAB_THREADS="1", CNNLAB_PROCESSES="0")
        try:
            self.arena_fd = os.memfd_create("cnnlab-arena", os.MFD_CLOEXEC)
            job_read, self.job_write = os.pipe()
            self.reply_read, reply_write = os.pipe()
            code = (f"import sys; sys.path[:] = {sys.path!r}; "
                    "from cnnlab.reference.processes import serve; "
                    f"serve({job_read}, {reply_write}, {self.arena_fd})")
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-c", code],
                pass_fds=(job_read, reply_write, self.arena_fd), env=env,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)
        except BaseException:
            self.close_files()
            raise
        finally:
            for fd in (job_read, reply_write):
                if fd >= 0:
                    os.close(fd)

    def wait_ready(self) -> None:
        """Wait for the helper's greeting: it must run this process's numpy and cnnlab."""
        if not _readable(self.reply_read, START_SECONDS):
            raise EOFError("a cnnlab helper did not start in time")
        greeting = _receive(self.reply_read, alive=lambda: self.process.poll() is None)
        if greeting != ("ready", *_identity()):
            raise EOFError("a cnnlab helper did not start, or runs another numpy or cnnlab")

    def start(self, function, inputs, args, outputs, keywords) -> None:
        """Copy the inputs into the arena and send the job."""
        regions, offset = [], 0
        for array in (*inputs, *outputs):
            regions.append(offset)
            offset += -(-array.nbytes // _ALIGN) * _ALIGN
        self._reserve(offset)
        views = [_like(a, self.arena, regions[k]) for k, a in enumerate((*inputs, *outputs))]
        for view, array in zip(views, inputs, strict=False):
            view[...] = array
        specs = [(regions[k], v.shape, v.strides, v.dtype.str) for k, v in enumerate(views)]
        job = _encode((self.size, function, specs[:len(inputs)], args, specs[len(inputs):],
                       keywords))                        # arguments that can't be pickled fail
        self.busy = True                                 # here, the helper still idle;
        _write(self.job_write, job)                      # busy from the first byte of the job
        self.outputs = views[len(inputs):]

    def finish(self, outputs):
        """Wait for the reply, copy the outputs back, and return the function's result; raise
        the kernel's error, or :class:`_Lost`."""
        reply = _receive(self.reply_read, alive=lambda: self.process.poll() is None)
        if not (isinstance(reply, tuple) and len(reply) == 2 and reply[0] in ("ok", "error")):
            raise _Lost
        self.busy = False
        status, value = reply
        if status == "error":
            self.outputs = []
            if isinstance(value, BaseException):
                raise value
            raise _Lost
        for target, source in zip(outputs, self.outputs, strict=True):
            target[...] = source
        self.outputs = []
        return value

    def _reserve(self, nbytes: int) -> None:
        if nbytes <= self.size and self.arena is not None:
            return
        size = max(nbytes, _ALIGN)
        os.ftruncate(self.arena_fd, size)
        self.arena = mmap.mmap(self.arena_fd, size)
        self.size = size

    def close_files(self) -> None:
        """Close the pipes and the arena's file, once (their numbers may be reused after)."""
        for name in ("job_write", "reply_read", "arena_fd"):
            fd = getattr(self, name, -1)
            setattr(self, name, -1)
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass

    def close(self, kill: bool) -> None:
        self.close_files()
        process = getattr(self, "process", None)
        if process is not None:
            if kill:
                process.kill()
            try:
                process.wait(timeout=None if kill else 2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.arena, self.outputs = None, []


def _identity() -> tuple[str, str]:
    return np.__version__, os.path.realpath(cnnlab.__file__)


def _like(array: np.ndarray, arena, offset: int) -> np.ndarray:
    """A view of the arena at ``offset`` shaped like ``array``, its axes in the same memory
    order (so that copying between the two reads and writes in order)."""
    order = sorted(range(array.ndim), key=lambda k: -abs(array.strides[k]))
    shape = [array.shape[k] for k in order]
    dense = np.ndarray(shape, array.dtype, buffer=arena, offset=offset)
    return dense.transpose(np.argsort(order))


def _readable(fd: int, seconds: float) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(int(seconds * 1000)))


def _encode(message) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _send(fd: int, message) -> None:
    _write(fd, _encode(message))


def _receive(fd: int, alive: Callable[[], bool] | None = None):
    """The next message; None at the end of the pipe, if ``alive()`` turns false while
    waiting, or if the message can't be read back."""
    header = _read_exactly(fd, _HEADER.size, alive)
    data = None if header is None else _read_exactly(fd, _HEADER.unpack(header)[0], alive)
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - nonsense from the other side counts as nothing
        return None


def _read_exactly(fd: int, count: int, alive) -> bytes | None:
    chunks, left = [], count
    poller = None
    if alive is not None:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
    while left:
        if poller is not None:
            while not poller.poll(_POLL_MS):
                if not alive() and not poller.poll(0):
                    return None
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
    _send(reply_fd, ("ready", *_identity()))
    while (job := _receive(job_fd)) is not None:
        needed, (module, name), inputs, args, outputs, keywords = job
        try:
            if name not in KERNELS.get(module, ()):
                raise ValueError(f"{module}.{name} is not a helper kernel")
            if needed > size:
                arena, size = mmap.mmap(arena_fd, needed), needed
            arrays = [np.ndarray(shape, np.dtype(dtype), buffer=arena, offset=offset,
                                 strides=strides)
                      for offset, shape, strides, dtype in (*inputs, *outputs)]
            function = getattr(importlib.import_module(module), name)
            result = function(*arrays[:len(inputs)], *args, *arrays[len(inputs):], **keywords)
            del arrays
            reply = ("ok", result)
        except Exception as error:  # noqa: BLE001 - sent to the caller, which raises it
            reply = ("error", _portable(error))
        _send(reply_fd, reply)


def _portable(error: Exception) -> Exception:
    """``error`` if it survives pickling both ways, else a RuntimeError that names it."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(error).__name__}: {error}")

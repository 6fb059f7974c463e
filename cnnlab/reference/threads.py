"""Independent images of a batch on the machine's cores, each with a single-threaded BLAS.

A fast kernel spends its time in two kinds of work: numpy's elementwise ufuncs, which run on one
core, and BLAS products, which OpenBLAS spreads over all cores. On the small matrices of one band
of one image the BLAS threads mostly wait on each other, and the ufuncs leave the other cores
idle. Splitting the batch instead (one Python thread per core, each with its own buffers and a
share of the images, BLAS asked for one thread meanwhile) keeps every core busy with both: numpy
releases the GIL inside ufunc loops and BLAS calls, so the threads really run side by side.

The number of BLAS threads is process-wide state. It is read and set through OpenBLAS's own
``*_get_num_threads`` / ``*_set_num_threads`` functions, found in the library numpy loaded (as
threadpoolctl does), and restored when the last kernel running in parallel is done. Where that
library cannot be found (another BLAS, another platform) the images run in the calling thread,
as before: parallelism is an optimisation, never a condition.

:data:`WORKERS` caps the threads; ``1`` runs everything in the calling thread. Unset, the
environment variable ``CNNLAB_THREADS`` decides, else as many threads as numpy's BLAS may use
(``OPENBLAS_NUM_THREADS=1`` means one thread here too) and this process has cores.
"""

import ctypes
import os
import threading
from collections.abc import Callable, Sequence
from contextlib import contextmanager, nullcontext

__all__ = ["WORKERS", "run_split", "single_threaded_blas", "split", "workers"]

WORKERS: int | None = None
"""Most threads a kernel uses (``None``: ``$CNNLAB_THREADS``, else BLAS's threads and cores)."""

SMALL_BYTES = 1 << 20
"""Jobs touching fewer bytes run in the calling thread: starting a thread costs about 0.1 ms."""


def workers(items: int) -> int:
    """How many threads to use for ``items`` independent pieces of work."""
    cap = WORKERS
    if cap is None:
        cap = _environment_cap()
    if cap is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        blas = _openblas()
        cap = min(cores or 1, int(blas[0]())) if blas is not None else 1
    return max(1, min(cap, items))


def _environment_cap() -> int | None:
    value = os.environ.get("CNNLAB_THREADS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def split(items: int, parts: int) -> list[range]:
    """``range(items)`` cut into ``parts`` consecutive runs whose lengths differ by at most one."""
    parts = max(1, min(parts, items))
    bounds = [items * k // parts for k in range(parts + 1)]
    return [range(bounds[k], bounds[k + 1]) for k in range(parts)]


def run_split(work: Callable[[range], object], items: int, blas: bool = True,
              size: int | None = None) -> list:
    """``[work(part) for part in split(items, k)]``, the parts run by ``k`` threads at once.

    ``work`` must only write what its own part owns (its images, its own partial sums). With
    ``blas``, BLAS is asked for one thread meanwhile, and the parts run as one in the calling
    thread where it can't be (``blas=False``: ``work`` makes no BLAS calls). A job of ``size``
    bytes (read and written) below :data:`SMALL_BYTES` runs in the calling thread too.

    Returns the results in part order, so a caller summing partial results adds them in a
    fixed order. An exception in any part is raised here, after every thread has finished;
    Ctrl-C (KeyboardInterrupt in the calling thread) is raised at once.
    """
    parts = split(items, workers(items) if size is None or size >= SMALL_BYTES else 1)
    if len(parts) == 1:
        return [work(parts[0])]
    with single_threaded_blas() if blas else nullcontext(True) as limited:
        if not limited:
            return [work(range(items))]
        results: list = [None] * len(parts)
        errors: list[BaseException] = []

        def target(k: int) -> None:
            try:
                results[k] = work(parts[k])
            except BaseException as error:  # noqa: BLE001 - re-raised in the calling thread
                errors.append(error)

        helpers = [threading.Thread(target=target, args=(k,), daemon=True)
                   for k in range(1, len(parts))]
        for helper in helpers:
            helper.start()
        try:
            results[0] = work(parts[0])
        except KeyboardInterrupt:
            raise                            # at once; the helpers end their share unattended
        except BaseException as error:  # noqa: BLE001 - raised below, once the helpers are done
            errors.insert(0, error)
        for helper in helpers:
            helper.join()
        if errors:
            raise errors[0]
        return results


_lock = threading.Lock()
_users = 0
_saved: int | None = None


@contextmanager
def single_threaded_blas():
    """Ask OpenBLAS for one thread while inside; yields False when it cannot be asked."""
    global _users, _saved
    blas = _openblas()
    if blas is None:
        yield False
        return
    get, set_ = blas
    with _lock:
        if _users == 0:
            _saved = int(get())
            set_(1)
        _users += 1
    try:
        yield True
    finally:
        with _lock:
            _users -= 1
            if _users == 0 and _saved is not None:
                set_(_saved)


_NAMES = ("scipy_openblas{}_num_threads64_", "scipy_openblas{}_num_threads",
          "openblas{}_num_threads64_", "openblas{}_num_threads")
_found: list = []


def _openblas():
    """(get, set) thread-count functions of the OpenBLAS numpy uses, or None (cached)."""
    if not _found:
        _found.append(_find_openblas())
    return _found[0]


def _find_openblas():
    for path in _loaded_libraries():
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _NAMES:
            get, set_ = name.format("_get"), name.format("_set")
            if hasattr(library, get) and hasattr(library, set_):
                getter, setter = getattr(library, get), getattr(library, set_)
                getter.restype, setter.argtypes = ctypes.c_int, [ctypes.c_int]
                return getter, setter
    return None


def _loaded_libraries() -> Sequence[str]:
    """Paths of the shared libraries loaded in this process that look like OpenBLAS (Linux)."""
    import numpy  # noqa: F401 - make sure numpy's BLAS is loaded before looking

    try:
        with open("/proc/self/maps") as maps:
            return sorted({line.split()[-1] for line in maps if "openblas" in line.lower()})
    except OSError:
        return ()

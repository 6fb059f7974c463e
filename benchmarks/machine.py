"""What the reference-layer benchmarks share: timing, and which BLAS kernel numpy runs.

OpenBLAS picks its kernel from the CPU at load time unless ``OPENBLAS_CORETYPE`` forces one
(some images set it to ``Haswell``, the AVX2 kernel, on AVX-512 machines). The benchmarks report
the kernel in use; to measure the one the machine would pick by itself, unset the variables in
the benchmark's own command (never in tests or CI)::

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_pool.py
"""

import ctypes
import os
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np

try:
    import torch
except ImportError:                                     # the comparison is optional
    torch = None

ENVIRONMENT = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
               "OMP_NUM_THREADS")


def best_time(step: Callable[[], object], repeat: int) -> float:
    """Seconds of the fastest of ``repeat`` calls (after one warm-up call)."""
    step()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


class Turns:
    """Every call's seconds for each step, the steps taking turns ``repeat`` times.

    On a shared machine the load changes from second to second. Taking turns exposes the steps
    to the same conditions, and a ratio is the median over the turns of the ratio within each
    turn, so that a turn slowed by someone else's job moves it little.

    Each call starts after a ``pause``: the BLAS and OpenMP thread pools of numpy and torch keep
    their threads spinning for a while after a call (OpenBLAS for about 2^28 cycles), and a
    step timed right after another library's would share the cores with those spinning threads.
    """

    def __init__(self, steps: dict[str, Callable[[], object]], repeat: int, pause: float = 0.25):
        for step in steps.values():
            step()                                      # warm-up
        self.times: dict[str, list[float]] = {name: [] for name in steps}
        for _ in range(repeat):
            for name, step in steps.items():
                time.sleep(pause)
                start = time.perf_counter()
                step()
                self.times[name].append(time.perf_counter() - start)

    def best(self, name: str) -> float:
        """The fastest call of a step."""
        return min(self.times[name])

    def ratio(self, over: str | tuple[str, ...], under: str) -> float:
        """Median over the turns of (the summed times of ``over``) / (the time of ``under``)."""
        names = (over,) if isinstance(over, str) else over
        return statistics.median(sum(self.times[n][i] for n in names) / t
                                 for i, t in enumerate(self.times[under]))


def blas_info() -> dict:
    """numpy's BLAS: library, version, kernel ("architecture") and threads.

    threadpoolctl when installed (``pip install threadpoolctl``; a benchmark aid, not a
    dependency of cnnlab), else the thread count asked of the loaded OpenBLAS directly.
    """
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return {"internal_api": "openblas?", "architecture": "unknown (pip install threadpoolctl)",
                "num_threads": _openblas_threads(), "version": "?"}
    found = [i for i in threadpool_info() if i["user_api"] == "blas"]
    return found[0] if found else {"internal_api": "none found", "architecture": "?",
                                   "num_threads": None, "version": "?"}


def _openblas_threads() -> int | None:
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower()}
    except OSError:
        return None
    names = ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
             "openblas_get_num_threads64_", "openblas_get_num_threads")
    for path in paths:
        library = ctypes.CDLL(path)
        for name in names:
            if hasattr(library, name):
                return int(getattr(library, name)())
    return None


def describe_machine() -> tuple[str, int | None]:
    """A header line (versions, BLAS kernel, threads, OpenBLAS variables) and numpy's threads.

    Sets torch to the same thread count as numpy's BLAS, so the two compare like for like.
    """
    blas = blas_info()
    threads = blas.get("num_threads")
    if torch is not None:
        torch.set_num_threads(threads or os.cpu_count() or 1)
    env = ", ".join(f"{k}={os.environ[k]}" for k in ENVIRONMENT if k in os.environ) or "none"
    return (f"python {platform.python_version()}, numpy {np.__version__}, "
            f"torch {torch.__version__ if torch else 'absent'}, {os.cpu_count()} CPUs\n"
            f"numpy BLAS: {blas.get('internal_api')} {blas.get('version')}, kernel "
            f"{blas.get('architecture')}, {threads} threads; torch threads "
            f"{torch.get_num_threads() if torch else '-'}; BLAS variables set: {env}"), threads

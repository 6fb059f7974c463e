"""Wall time of ``cnnlab check`` on student files, measured in one run.

    python benchmarks/bench_check.py [--runs 3]

Targets (issue "cnnlab check"):

1. a full deeplearning.ai solution (all eight functions, naive loops as students write them,
   ``tests/fixtures/students/dlai_correct.py``) is checked in under 20 s wall, aiming at 10 s;
   the same as a notebook, and the cs231n solution, for comparison;
2. a hanging function costs no more than its time limit: ``pool_forward`` of
   ``sandbox_crash.py`` loops forever, checked with ``--timeout 2``; the overhead is what the
   checker spends beyond the limit.

Each figure is the median of ``--runs`` cold command-line runs (``python -m cnnlab check``),
so it includes start-up, the children's start-up (a fresh Python + numpy per function, two at
a time) and the reference and mistake work in the parent.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

STUDENTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "students"


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cnnlab", "check", *args], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    limit = 2.0
    cases = {
        "dlai solution, 8 functions (.py)": [str(STUDENTS / "dlai_correct.py")],
        "dlai solution, 8 functions (.ipynb)": [str(STUDENTS / "dlai_notebook.ipynb")],
        "cs231n solution, 4 functions": [str(STUDENTS / "cs231n_correct.py")],
        "dlai, one mistake recognised": [str(STUDENTS / "dlai_stride.py")],
        f"a hanging function, --timeout {limit:g}": [
            str(STUDENTS / "sandbox_crash.py"), "--only", "pool_forward", "--timeout",
            str(limit)],
    }
    medians = {name: statistics.median(timed(*args) for _ in range(runs))
               for name, args in cases.items()}
    print(f"median of {runs} cold runs of `python -m cnnlab check ...`")
    for name, value in medians.items():
        print(f"  {name:<40} {value:6.2f} s")
    full = medians["dlai solution, 8 functions (.py)"]
    verdict = "within the 10 s aim" if full < 10 else ("within 20 s" if full < 20 else "OVER 20 s")
    print(f"full deeplearning.ai solution: {full:.2f} s ({verdict})")
    hang = medians[f"a hanging function, --timeout {limit:g}"]
    print(f"hanging function: {hang:.2f} s for a {limit:g} s limit "
          f"(overhead {hang - limit:.2f} s: start-up and the reference work)")


if __name__ == "__main__":
    main()

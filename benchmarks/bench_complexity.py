"""Cold-start wall time of ``cnnlab complexity --model resnet50 --per-layer``, in one run.

Targets (issue "complexity"): under 0.5 s without ``--symbolic``, under 3 s with it. Each
measurement is a fresh subprocess (imports, the zoo file, the analysis, the table); the runs of
the two commands are interleaved so machine noise hits both alike. Usage::

    python benchmarks/bench_complexity.py [--runs 11]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "complexity --model resnet50 --per-layer": (
        ["complexity", "--model", "resnet50", "--per-layer"], 0.5),
    "complexity --model resnet50 --per-layer --symbolic": (
        ["complexity", "--model", "resnet50", "--per-layer", "--symbolic"], 3.0),
}


def wall(args: list[str]) -> float:
    """Seconds for one cold ``python -m cnnlab …`` that must succeed."""
    start = time.perf_counter()
    env = os.environ | {"COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-m", "cnnlab", *args], capture_output=True, env=env,
                          check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"cnnlab {' '.join(args)} failed: {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for args, _ in COMMANDS.values():
        wall(args)  # warm the file-system cache once; not counted
    for _ in range(runs):
        for name, (args, _) in COMMANDS.items():
            times[name].append(wall(args))
    print(f"{runs} interleaved cold starts each (wall seconds)")
    ok = True
    for name, (_, target) in COMMANDS.items():
        median, worst = statistics.median(times[name]), max(times[name])
        within = median < target
        ok &= within
        print(f"  cnnlab {name:<52} median {median:.3f}  min {min(times[name]):.3f}  "
              f"max {worst:.3f}  target < {target:.1f}  {'ok' if within else 'OVER'}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""Wall time of a 5,000-layer chain through ``cnnlab shape`` and ``cnnlab complexity``.

Target (issue "hardening"): well under a second per thousand layers, cold start included.
Each run is a fresh ``python -m cnnlab`` subprocess given 5,000 separate layer arguments (no
``N*`` shortcut, so every token is read), as a table at 80 columns and as JSON; the median of
the runs is reported per thousand layers. Usage::

    python benchmarks/bench_chain.py [--layers 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

TARGET = 1.0  # seconds per thousand layers


def chain(layers: int) -> list[str]:
    """A chain of 3×3 same-padded convolutions and ReLUs, alternating."""
    pattern = ["conv:f=3,k=16,p=1", "relu"]
    return ["32x32x16", *(pattern[i % 2] for i in range(layers))]


def wall(args: list[str]) -> float:
    start = time.perf_counter()
    env = os.environ | {"COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-m", "cnnlab", *args], capture_output=True, env=env,
                          check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"cnnlab {args[0]} failed: {done.stderr.decode()[:300]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    layers = chain(options.layers)
    commands = {
        "shape (table)": ["shape", *layers],
        "shape --json": ["shape", *layers, "--json"],
        "complexity (table)": ["complexity", *layers],
        "complexity --json": ["complexity", *layers, "--json"],
    }
    print(f"{options.layers:,}-layer chain, {options.runs} cold runs each (wall seconds)")
    ok = True
    for name, args in commands.items():
        times = [wall(args) for _ in range(options.runs)]
        per_thousand = statistics.median(times) / (options.layers / 1000)
        ok &= per_thousand < TARGET
        print(f"  cnnlab {name:<20} median {statistics.median(times):.2f} s  "
              f"= {per_thousand:.3f} s per 1,000 layers  (target < {TARGET:.1f})")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

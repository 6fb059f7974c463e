"""Cold-start cost of ``cnnlab shape`` against a minimal two-command Typer app, in one run.

Target (issue "foundation"): ``cnnlab shape …`` with its table printed costs at most 1.3× the
minimal Typer app printing one line. Runs are interleaved so machine noise hits both alike;
medians are reported. Usage::

    python benchmarks/bench_startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = '''
import typer

app = typer.Typer()


@app.command()
def hello():
    print("hello")


@app.command()
def bye():
    print("bye")


app()
'''

SHAPE_ARGS = ["shape", "39x39x3", "conv:f=3,k=10", "conv:f=5,s=2,k=20", "conv:f=5,s=2,k=40",
              "flatten", "fc:10"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "minimal_app.py"
        app.write_text(MINIMAL_APP)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "minimal typer app": [sys.executable, str(app), "hello"],
            "cnnlab shape (table)": [sys.executable, "-m", "cnnlab", *SHAPE_ARGS],
            "cnnlab shape --json": [sys.executable, "-m", "cnnlab", *SHAPE_ARGS, "--json"],
        }
        for command in commands.values():  # warm the file cache once
            timed(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(timed(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["minimal typer app"]
    print(f"median of {runs} interleaved cold starts")
    for name, value in medians.items():
        print(f"  {name:<22} {value * 1000:7.1f} ms   {value / base:5.2f}× the minimal Typer app")
    ratio = medians["cnnlab shape (table)"] / base
    verdict = "within" if ratio <= 1.3 else "OVER"
    print(f"cnnlab shape / minimal typer app = {ratio:.2f} ({verdict} the 1.3× budget)")


if __name__ == "__main__":
    main()

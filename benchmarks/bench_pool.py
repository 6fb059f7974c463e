"""Benchmark of the reference pooling layers: every ratio below is measured in this one run.

    python benchmarks/bench_pool.py                  # batch 16, 112x112x64 (the ResNet stem)
    python benchmarks/bench_pool.py --quick          # batch 4, 56x56x64, fewer cases
    python benchmarks/bench_pool.py --strict         # exit 1 when a target is missed
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_pool.py

Targets (issue "reference layers close to the machine's limit"), for max pooling with either tie
rule and for average pooling, in both layouts and both float dtypes:

1. the backward pass takes at most 2x its forward's time. Judged on the backward writing into a
   reused ``dx`` (``pool2d_backward(dout, cache, out=dx)``, as a training loop would pass the
   same array each step); the same pass returning a new ``dx`` is printed beside it. That one
   also pays for the new array's fresh pages (see :func:`fresh_pages`): the forward's smaller
   outputs are recycled by the C library's allocator (up to 32 MB), an input-sized ``dx``
   isn't, and the first write to each of its pages waits for the operating system;
2. forward + backward allocate at most 3x the input's bytes at their peak (tracemalloc: the
   output, the cache, dx and every temporary; the input and dout exist before and are not counted);
3. forward + backward take at most 1.5x PyTorch's CPU ``max_pool2d`` / ``avg_pool2d`` + autograd
   in float64 and 2x in float32, NCHW against contiguous tensors and NHWC against channels_last
   (skipped without torch; torch is never a dependency of cnnlab).

Times shown are the best of several turns; ratios are medians of the ratios within each turn
(see ``machine.Turns``). On a shared machine run it more than once and read ranges.
"""

import argparse
import statistics
import sys
import time
import tracemalloc

import numpy as np
from machine import Turns, describe_machine, torch

from cnnlab.reference import pool2d_backward, pool2d_forward

CASES = [  # label, kernel, stride, padding, mode, tie rules
    ("max 2x2 s2", 2, 2, 0, "max", ("first", "all")),
    ("max 3x3 s2 p1", 3, 2, 1, "max", ("first", "all")),
    ("max 3x3 s1 p1", 3, 1, 1, "max", ("first", "all")),
    ("avg 2x2 s2", 2, 2, 0, "average", ("-",)),
    ("avg 3x3 s1 p1", 3, 1, 1, "average", ("-",)),
]
QUICK = {"max 3x3 s2 p1", "avg 2x2 s2"}


def layer_args(kernel, stride, padding, mode, ties, layout) -> dict:
    args = dict(stride=stride, padding=padding, mode=mode, layout=layout)
    if mode == "max":
        args["ties"] = ties
    return args


def peak_ratio(x, dout, kernel, args) -> float:
    """Peak bytes allocated by forward + backward, over the input's bytes."""
    tracemalloc.start()
    try:
        out, cache = pool2d_forward(x, kernel, **args)
        dx = pool2d_backward(dout, cache)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del out, cache, dx
    return peak / x.nbytes


def torch_step(x, dout, kernel, stride, padding, mode, layout):
    xt = torch.from_numpy(x)
    if layout == "nhwc":                                # same numbers, channels_last memory
        xt = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2))).to(
            memory_format=torch.channels_last)
        dout = dout.transpose(0, 3, 1, 2)
    xt.requires_grad_()
    dt = torch.from_numpy(np.ascontiguousarray(dout))
    pool = torch.nn.functional.max_pool2d if mode == "max" else torch.nn.functional.avg_pool2d

    def step():
        xt.grad = None
        pool(xt, kernel, stride, padding).backward(dt)
    return step


def measure(rng, shape, case, ties, layout, dtype, repeat) -> tuple[str, list[bool]]:
    label, kernel, stride, padding, mode, _ = case
    x = rng.standard_normal(shape).astype(dtype)
    if layout == "nchw":
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    args = layer_args(kernel, stride, padding, mode, ties, layout)
    out, cache = pool2d_forward(x, kernel, **args)
    dout = rng.standard_normal(out.shape).astype(dtype)
    reused = np.zeros_like(x)
    steps = {"fwd": lambda: pool2d_forward(x, kernel, **args),
             "bwd": lambda: pool2d_backward(dout, cache),
             "bwd into": lambda: pool2d_backward(dout, cache, out=reused)}
    if torch is not None:
        steps["torch"] = torch_step(x, dout, kernel, stride, padding, mode, layout)
    turns = Turns(steps, repeat)
    forward, backward, into = turns.best("fwd"), turns.best("bwd"), turns.best("bwd into")
    slower, slower_into = turns.ratio("bwd", "fwd"), turns.ratio("bwd into", "fwd")
    memory = peak_ratio(x, dout, kernel, args)
    verdicts = [slower_into <= 2, memory <= 3]
    line = (f"  {label:14} {ties:5} {layout} {np.dtype(dtype).name:7}: fwd {forward * 1e3:7.1f} ms"
            f"  bwd into dx {into * 1e3:7.1f} ms ({slower_into:4.2f}x fwd)"
            f"  new dx {backward * 1e3:7.1f} ms ({slower:4.2f}x)  peak {memory:4.2f}x input")
    if torch is not None:
        limit = 1.5 if dtype == np.float64 else 2.0
        ratio = turns.ratio(("fwd", "bwd"), "torch")
        verdicts.append(ratio <= limit)
        line += f"  torch {turns.best('torch') * 1e3:7.1f} ms -> {ratio:4.2f}x (<= {limit})"
    return line + ("" if all(verdicts) else "  MISSED"), verdicts


def fresh_pages(shape, dtype, turns: int = 8, pause: float = 0.25) -> str:
    """How long filling a new input-sized array takes here (what a backward pays to write
    ``dx``), median and worst of a few turns, with the transparent hugepage settings and the
    kernel's compaction stalls during the fills (``compact_stall`` in /proc/vmstat). On the
    development machine, a KVM guest with a balloon device, some fills took 4-9x the median
    while the kernel never compacted (docs/reference.md: "Writing dx into your own array")."""
    times = []
    stalls = _vmstat("compact_stall")
    for _ in range(turns):
        time.sleep(pause)
        start = time.perf_counter()
        np.zeros(shape, dtype).fill(1)
        times.append(time.perf_counter() - start)
    stalls = None if stalls is None else _vmstat("compact_stall") - stalls
    settings = []
    for name in ("enabled", "defrag"):
        try:
            with open(f"/sys/kernel/mm/transparent_hugepage/{name}") as setting:
                chosen = setting.read().split("[")[1].split("]")[0]
        except (OSError, IndexError):
            chosen = "?"
        settings.append(f"{name}={chosen}")
    return (f"fresh pages, {np.dtype(dtype).name}: a new input-sized array filled in "
            f"{statistics.median(times) * 1e3:.1f} ms (median), {max(times) * 1e3:.1f} ms "
            f"(worst of {turns}); transparent hugepages {', '.join(settings)}; compaction "
            f"stalls meanwhile: {'?' if stalls is None else stalls}")


def _vmstat(name: str) -> int | None:
    try:
        with open("/proc/vmstat") as counters:
            for line in counters:
                key, value = line.split()
                if key == name:
                    return int(value)
    except (OSError, ValueError):
        pass
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="batch 4, 56x56x64, two cases")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--repeat", type=int, default=5, help="repeats per timing (best kept)")
    parser.add_argument("--batch", type=int, default=16, help="images per batch")
    parser.add_argument("--only", default="", help="run the cases whose label contains this")
    args = parser.parse_args()
    header, _ = describe_machine()
    print(header)
    shape = (4, 56, 56, 64) if args.quick else (args.batch, 112, 112, 64)
    print(f"input {'x'.join(map(str, shape))} (N, H, W, C); targets: bwd into dx <= 2x fwd, "
          "peak <= 3x input, fwd + bwd <= 1.5x torch (float64) / 2x (float32)")
    for dtype in (np.float32, np.float64):
        print(fresh_pages(shape, dtype))
    rng, verdicts = np.random.default_rng(0), []
    for case in CASES:
        if (args.quick and case[0] not in QUICK) or args.only not in case[0]:
            continue
        for ties in case[5]:
            for dtype in (np.float32, np.float64):
                for layout in ("nhwc", "nchw"):
                    line, ok = measure(rng, shape, case, ties, layout, dtype, args.repeat)
                    print(line, flush=True)
                    verdicts += ok
    missed = verdicts.count(False)
    print(f"{len(verdicts) - missed} of {len(verdicts)} targets met")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())

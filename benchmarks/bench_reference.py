"""Benchmark of the numpy reference layers: every ratio below is measured in this one run.

    python benchmarks/bench_reference.py            # everything (about a minute on 2 cores)
    python benchmarks/bench_reference.py --quick    # skip the ResNet-stage layer
    python benchmarks/bench_reference.py --strict   # exit 1 when a target is missed

Targets (issues "numpy reference layers" and "reference layers close to the machine's limit"):

1. conv forward + backward >= 100x faster than the naive loops, on the deeplearning.ai test shape
   and on batch 8, 32x32x16, 3x3, 32 filters;
2. batch 32, 56x56x64, 3x3, 64 filters, pad 1 (a ResNet stage), forward + backward: in float32 at
   >= 70 % of numpy's own matmul peak and at most PyTorch's time (NCHW); in float64 at most 0.5x
   PyTorch's CPU conv2d + autograd (skipped without torch; ``pip install torch`` to run it -
   torch is never a dependency of cnnlab);
3. the forward of that layer holds no more than one im2col-sized buffer.

GFLOP/s count 6 * MACs per forward + backward (three products of 2 * MACs: out, dx, dw) and are
set against numpy's own float64 / float32 matmul peak, measured on 2048 x 2048 matrices in turns
with the layers (the machine may be shared): times shown are the best turn, ratios the median of
the ratios within each turn (``machine.Turns``). To measure the BLAS kernel the machine would
pick by itself:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_reference.py
"""

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
from machine import Turns, best_time, describe_machine, torch

from cnnlab.reference import conv2d_backward, conv2d_forward
from cnnlab.reference.im2col import CHUNK_BYTES
from cnnlab.reference.naive import conv2d_backward_naive, conv2d_forward_naive


def square_matmul(dtype, n: int = 2048) -> tuple[Callable[[], object], float]:
    """A step multiplying two n x n matrices, and its FLOP count: numpy's matmul peak."""
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n)).astype(dtype), rng.random((n, n)).astype(dtype)
    return (lambda: a @ b), 2 * n ** 3


def numpy_step(forward, backward, x, w, b, dout, **kwargs) -> Callable[[], object]:
    def step():
        _, cache = forward(x, w, b, **kwargs)
        return backward(dout, cache)
    return step


def conv_case(rng, N, H, W, C, F, f, dtype=np.float64, layout="nhwc", **kwargs):
    """Random x, w, b and dout for a conv layer, and the layer's MAC count."""
    x = rng.standard_normal((N, H, W, C)).astype(dtype)
    w = rng.standard_normal((f, f, C, F)).astype(dtype)
    b = rng.standard_normal(F).astype(dtype)
    out, _ = conv2d_forward(x, w, b, **kwargs)
    if layout == "nchw":
        x, w, out = x.transpose(0, 3, 1, 2).copy(), w.transpose(3, 2, 0, 1).copy(), \
            out.transpose(0, 3, 1, 2)
    macs = out.size * f * f * C
    return x, w, b, rng.standard_normal(out.shape).astype(dtype), macs


def versus_naive(rng, label, repeat, naive_repeat, **case) -> tuple[str, float, float]:
    kwargs = {k: case.pop(k) for k in ("stride", "padding") if k in case}
    x, w, b, dout, _ = conv_case(rng, **case, **kwargs)
    fast = best_time(numpy_step(conv2d_forward, conv2d_backward, x, w, b, dout, **kwargs),
                     repeat)
    slow = best_time(numpy_step(conv2d_forward_naive, conv2d_backward_naive, x, w, b, dout,
                                **kwargs), naive_repeat)
    return label, slow, fast


def torch_step(x, w, b, dout, channels_last: bool) -> Callable[[], object]:
    x = torch.from_numpy(x).requires_grad_()
    if channels_last:
        x = x.detach().to(memory_format=torch.channels_last).requires_grad_()
    w, b = torch.from_numpy(w).requires_grad_(), torch.from_numpy(b).requires_grad_()
    dout = torch.from_numpy(np.ascontiguousarray(dout))

    def step():
        for tensor in (x, w, b):
            tensor.grad = None
        torch.nn.functional.conv2d(x, w, b, padding=1).backward(dout)
    return step


def back_to_back(step, count: int = 3, runs: int = 2) -> float:
    """Seconds per step when ``count`` steps follow each other with no pause (after one
    untimed step), best of ``runs``: what a training loop sees, thread pools' spinning
    included (the turns pause before every call to keep libraries out of each other's way)."""
    best = float("inf")
    for _ in range(runs):
        time.sleep(0.25)
        step()
        start = time.perf_counter()
        for _ in range(count):
            step()
        best = min(best, (time.perf_counter() - start) / count)
    return best


def resnet_stage(rng, dtype, repeat) -> tuple[list[str], list[bool]]:
    """Our NHWC and NCHW layer, torch's NCHW and channels_last, and numpy's square matmul, in
    turns, for one dtype."""
    matmul, matmul_flops = square_matmul(dtype)
    steps, macs = {"peak": matmul}, 0
    for layout in ("nhwc", "nchw"):
        x, w, b, dout, macs = conv_case(rng, 32, 56, 56, 64, 64, 3, dtype, layout, padding=1)
        steps[layout] = numpy_step(conv2d_forward, conv2d_backward, x, w, b, dout, padding=1,
                                   layout=layout)
    if torch is not None:
        x, w, b, dout, _ = conv_case(rng, 32, 56, 56, 64, 64, 3, dtype, "nchw", padding=1)
        steps["torch nchw"] = torch_step(x, w, b, dout, False)
        steps["torch channels_last"] = torch_step(x, w, b, dout, True)
    turns = Turns(steps, repeat)
    peak, flops = matmul_flops / turns.best("peak") / 1e9, 6 * macs
    lines = [f"  numpy matmul peak: {peak:6.1f} GFLOP/s (best turn)"]
    share = {}
    for name in steps:
        if name == "peak":
            continue
        rate = flops / turns.best(name) / 1e9
        share[name] = turns.ratio("peak", name) * flops / matmul_flops
        who = name if name.startswith("torch") else f"cnnlab {name}"
        lines.append(f"  {who:21}: {turns.best(name) * 1e3:8.1f} ms  {rate:6.1f} GFLOP/s "
                     f"({share[name]:4.0%} of numpy matmul peak, median of turns)")
    verdicts = []
    if dtype == np.float32:
        verdicts.append(max(share["nhwc"], share["nchw"]) >= 0.7)
        lines.append(f"  best cnnlab layout at {max(share['nhwc'], share['nchw']):.0%} of numpy "
                     f"matmul peak (target >= 70 %: {'PASS' if verdicts[-1] else 'FAIL'})")
    lines.append("  back to back (a training loop: steps with no pause, ms per step, best of "
                 "two runs of three): " + ", ".join(
                     f"{name if name.startswith('torch') else 'cnnlab ' + name} "
                     f"{back_to_back(step) * 1e3:.1f}"
                     for name, step in steps.items() if name != "peak"))
    if torch is None:
        lines.append("  torch not installed: comparison skipped (pip install torch)")
        return lines, verdicts
    limit = 1.0 if dtype == np.float32 else 0.5
    for theirs in ("torch nchw", "torch channels_last"):
        ratios = {layout: turns.ratio(layout, theirs) for layout in ("nhwc", "nchw")}
        line = f"  vs {theirs}: " + ", ".join(f"cnnlab {k} {r:.2f}x" for k, r in ratios.items())
        if theirs == "torch nchw":
            verdicts.append(max(ratios.values()) <= limit)
            line += f" (target <= {limit}x: {'PASS' if verdicts[-1] else 'FAIL'})"
        lines.append(line)
    return lines, verdicts


def forward_memory(rng) -> tuple[str, bool]:
    """Peak bytes the ResNet-stage forward allocates, against one im2col matrix."""
    x, w, b, _, macs = conv_case(rng, 32, 56, 56, 64, 64, 3, np.float64, padding=1)
    im2col = 32 * 56 * 56 * (3 * 3 * 64) * 8
    tracemalloc.start()
    try:
        conv2d_forward(x, w, b, padding=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    ok = peak <= im2col
    return (f"forward peak allocation {peak / 1e6:.1f} MB (output + one {CHUNK_BYTES / 2**20:.0f}"
            f" MiB block + its input band) vs one im2col matrix {im2col / 1e6:.1f} MB: "
            f"{'PASS' if ok else 'FAIL'}"), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the ResNet-stage layer")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--repeat", type=int, default=5, help="repeats per timing (best kept)")
    parser.add_argument("--dtype", choices=("float64", "float32"), action="append",
                        help="the ResNet stage in this dtype only (repeatable; default both)")
    args = parser.parse_args()
    print(describe_machine()[0])
    rng, verdicts = np.random.default_rng(0), []
    print("conv forward + backward, vectorized vs naive loops (float64):")
    for label, slow, fast in (
        versus_naive(rng, "deeplearning.ai test shape 10x4x4x3, 2x2x3x8, pad 2, stride 2",
                     args.repeat * 40, args.repeat, N=10, H=4, W=4, C=3, F=8, f=2, padding=2,
                     stride=2),
        versus_naive(rng, "batch 8, 32x32x16, 3x3, 32 filters, pad 1", args.repeat, 1, N=8,
                     H=32, W=32, C=16, F=32, f=3, padding=1),
    ):
        verdicts.append(slow / fast >= 100)
        print(f"  {label}: naive {slow * 1e3:.1f} ms, vectorized {fast * 1e3:.3f} ms -> "
              f"{slow / fast:.0f}x (target >= 100x: {'PASS' if verdicts[-1] else 'FAIL'})")
    if not args.quick:
        for dtype in args.dtype or ("float64", "float32"):
            dtype = np.dtype(dtype).type
            print(f"ResNet stage 32x56x56x64, 3x3, 64 filters, pad 1, {np.dtype(dtype).name}:")
            lines, ok = resnet_stage(rng, dtype, args.repeat)
            print("\n".join(lines))
            verdicts += ok
        line, ok = forward_memory(rng)
        print(line)
        verdicts.append(ok)
    missed = verdicts.count(False)
    print(f"{len(verdicts) - missed} of {len(verdicts)} targets met")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())

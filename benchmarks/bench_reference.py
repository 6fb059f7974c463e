"""Benchmark of the numpy reference layers: every ratio below is measured in this one run.

    python benchmarks/bench_reference.py            # everything (about a minute on 2 cores)
    python benchmarks/bench_reference.py --quick    # skip the ResNet-stage layer
    python benchmarks/bench_reference.py --strict   # exit 1 when a target is missed

Targets (issue "numpy reference layers"):

1. conv forward + backward >= 100x faster than the naive loops, on the deeplearning.ai test shape
   and on batch 8, 32x32x16, 3x3, 32 filters;
2. batch 32, 56x56x64, 3x3, 64 filters, pad 1 (a ResNet stage), forward + backward within 1.5x of
   PyTorch's CPU conv2d + autograd in float64 and within 3x in float32 (skipped without torch;
   ``pip install torch`` to run it - torch is never a dependency of cnnlab);
3. the forward of that layer holds no more than one im2col-sized buffer.

GFLOP/s count 6 * MACs per forward + backward (three products of 2 * MACs: out, dx, dw) and are
set against numpy's own float64 / float32 matmul peak, measured here on 2048 x 2048 matrices.
Times are the best of several repeats.
"""

import argparse
import ctypes
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from cnnlab.reference import conv2d_backward, conv2d_forward
from cnnlab.reference.im2col import CHUNK_BYTES
from cnnlab.reference.naive import conv2d_backward_naive, conv2d_forward_naive

try:
    import torch
except ImportError:                                     # the comparison is optional
    torch = None


def best_time(step: Callable[[], object], repeat: int) -> float:
    """Seconds of the fastest of ``repeat`` calls (after one warm-up call)."""
    step()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def blas_threads() -> int | None:
    """Threads numpy's BLAS uses: threadpoolctl if present, else ask the loaded OpenBLAS."""
    try:
        from threadpoolctl import threadpool_info
        counts = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        return counts[0] if counts else None
    except ImportError:
        pass
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


def matmul_peak(dtype, repeat: int, n: int = 2048) -> float:
    """numpy's square-matmul speed in GFLOP/s, the ceiling for an im2col + GEMM layer."""
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n)).astype(dtype), rng.random((n, n)).astype(dtype)
    return 2 * n ** 3 / best_time(lambda: a @ b, repeat) / 1e9


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


def resnet_stage(rng, dtype, repeat, peak) -> tuple[list[str], list[bool]]:
    """Our NHWC and NCHW layer against torch's NCHW and channels_last, one dtype."""
    lines, verdicts, limit = [], [], 1.5 if dtype == np.float64 else 3.0
    ours = {}
    for layout in ("nhwc", "nchw"):
        x, w, b, dout, macs = conv_case(rng, 32, 56, 56, 64, 64, 3, dtype, layout, padding=1)
        ours[layout] = best_time(numpy_step(conv2d_forward, conv2d_backward, x, w, b, dout,
                                            padding=1, layout=layout), repeat)
        rate = 6 * macs / ours[layout] / 1e9
        lines.append(f"  cnnlab {layout}: {ours[layout] * 1e3:8.1f} ms  {rate:6.1f} GFLOP/s "
                     f"({rate / peak:4.0%} of numpy matmul peak)")
    if torch is None:
        lines.append("  torch not installed: comparison skipped (pip install torch)")
        return lines, verdicts
    x, w, b, dout, macs = conv_case(rng, 32, 56, 56, 64, 64, 3, dtype, "nchw", padding=1)
    for channels_last in (False, True):
        name = "channels_last" if channels_last else "nchw"
        t = best_time(torch_step(x, w, b, dout, channels_last), repeat)
        ratios = {layout: mine / t for layout, mine in ours.items()}
        verdicts.append(max(ratios.values()) <= limit)
        lines.append(f"  torch  {name}: {t * 1e3:8.1f} ms  {6 * macs / t / 1e9:6.1f} GFLOP/s -> "
                     + ", ".join(f"cnnlab {k} / torch = {r:.2f}x" for k, r in ratios.items())
                     + f" (target <= {limit}x: {'PASS' if verdicts[-1] else 'FAIL'})")
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
    args = parser.parse_args()
    threads = blas_threads()
    if torch is not None:
        torch.set_num_threads(threads or os.cpu_count() or 1)
    print(f"python {platform.python_version()}, numpy {np.__version__}, "
          f"torch {torch.__version__ if torch else 'absent'}, {os.cpu_count()} CPUs, "
          f"numpy BLAS threads {threads}, torch threads "
          f"{torch.get_num_threads() if torch else '-'}")
    peaks = {dt: matmul_peak(dt, args.repeat) for dt in (np.float64, np.float32)}
    print(f"numpy matmul peak: float64 {peaks[np.float64]:.1f} GFLOP/s, "
          f"float32 {peaks[np.float32]:.1f} GFLOP/s")
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
        for dtype in (np.float64, np.float32):
            print(f"ResNet stage 32x56x56x64, 3x3, 64 filters, pad 1, {np.dtype(dtype).name}:")
            lines, ok = resnet_stage(rng, dtype, args.repeat, peaks[dtype])
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

"""Pooling backward is the transpose of the pooling's (local) linear map, on the reference layers.

Average pooling runs on symbols (over QQ: it divides by f_h·f_w) and its matrix P is read off the
output. Max pooling is only locally linear: it runs on a numeric input with distinct entries two
apart, and column i of P is ``pool(x + eᵢ) − pool(x)`` (exact: no maximum moves); its backward
then runs on a symbolic ``δz``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnlab.symbolic import params
from cnnlab.symbolic.checks import compare, show
from cnnlab.symbolic.matrix import apply, apply_transpose, nonzeros, picture, read_matrix
from cnnlab.symbolic.nogc import without_gc
from cnnlab.symbolic.proof import Formula, Proof
from cnnlab.symbolic.texts import POOLING

F = Formula
SEED = 0


@dataclass(frozen=True)
class PoolSetting:
    """A pooling instance: mode ("max" or "average"), input, window, stride (default: the
    window), explicit per-side padding ((top, bottom), (left, right))."""

    mode: str = "max"
    size: tuple[int, int] = (4, 4)
    kernel: tuple[int, int] = (2, 2)
    stride: tuple[int, int] | None = None
    padding: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0))

    def layer(self) -> dict:
        """Keyword arguments of the reference pooling layers."""
        return {"kernel_size": self.kernel, "stride": self.stride or self.kernel,
                "padding": self.padding, "mode": self.mode}

    def describe(self, out_hw: tuple[int, int]) -> dict[str, str]:
        return {"mode": self.mode, "input x": params.fmt_size(self.size),
                "window": params.fmt_size(self.kernel),
                "stride": params.fmt_size(self.stride or self.kernel),
                "padding": params.fmt_padding(self.padding), "output z": params.fmt_size(out_hw)}


@without_gc
def prove_pooling(setting: PoolSetting = PoolSetting()) -> Proof:
    """Check ``δx = Pᵀ·δz`` for max or average pooling."""
    from cnnlab.reference.pool import pool2d_setup
    from cnnlab.symbolic.algebra import Algebra

    M, N = setting.size
    layer = setting.layer()
    H_out, W_out = pool2d_setup(np.zeros((1, M, N, 1)), **layer).out_hw
    params.check_work(H_out * W_out * setting.kernel[0] * setting.kernel[1], "this pooling")
    average = setting.mode == "average"
    algebra = Algebra.build({"x": setting.size, "d": (H_out, W_out)} if average else
                            {"d": (H_out, W_out)})
    g = algebra["d"].reshape(1, H_out, W_out, 1)
    P, z, dx, x_shown = (_average if average else _max)(algebra, setting.size, layer, g)
    z_check = (compare(algebra, F("z = P·x", "z = P x"), z, apply(algebra, P, algebra["x"].ravel()))
               if average else _numeric_z_check(algebra, P, z, x_shown))
    checks = (z_check,
              compare(algebra, F("δx = Pᵀ·δz", r"\delta x = P^{\top} \delta z"), dx.ravel(),
                      apply_transpose(algebra, P, algebra["d"].ravel(), M * N)))
    shown = (*([show(algebra, "x", "the point where max pooling is linearised (distinct "
                     "entries, two apart)", x_shown, cell=lambda v: (str(v), str(v)))]
               if not average else []),
             show(algebra, "δx", "the reference backward on symbolic δz (= Pᵀ·δz)",
                  dx.reshape(setting.size), limit=(6, 6)))
    return Proof(
        identity="pooling", title=POOLING.title, reference=POOLING.reference,
        statement=POOLING.statement, definitions=POOLING.definitions,
        sizes=setting.describe((H_out, W_out)) | {
            "P": f"{len(P)}×{M * N}, {nonzeros(P)} nonzero"},
        argument=POOLING.argument, checks=checks, holds=all(c.holds for c in checks),
        shown=shown, picture=picture(algebra, "P", P, M * N), notes=POOLING.notes,
    )


def _average(algebra, size, layer, g):
    from cnnlab.reference import pool2d_backward, pool2d_forward

    x = algebra["x"].reshape(1, *size, 1)
    z, cache = pool2d_forward(x, **layer)
    P = read_matrix(algebra, z.ravel(), x.size)
    return P, z.ravel(), pool2d_backward(g, cache), None


def _max(algebra, size, layer, g):
    """P by columns: pool(x + eᵢ) − pool(x) for every i, in one batched forward."""
    from cnnlab.reference import pool2d_backward, pool2d_forward

    n = size[0] * size[1]
    x = 2 * (np.random.default_rng(SEED).permutation(n) + 1).reshape(size)   # distinct, 2 apart
    batch = np.repeat(x[None, :, :, None], n + 1, axis=0).astype(float)      # exact integers
    batch.reshape(n + 1, n)[np.arange(1, n + 1), np.arange(n)] += 1
    z, _ = pool2d_forward(batch, **layer)
    columns = (z[1:] - z[:1]).reshape(n, -1).astype(int)                    # (inputs, outputs)
    one = algebra.one
    P = [{int(i): one for i in np.flatnonzero(columns[:, o])} for o in range(columns.shape[1])]
    _, cache = pool2d_forward(x.reshape(1, *size, 1).astype(float), **layer)
    return P, z[0].ravel().astype(int), pool2d_backward(g, cache), x


def _numeric_z_check(algebra, P, z, x):
    flat = x.ravel()
    Px = np.array([sum(int(flat[i]) for i in row) for row in P])
    return compare(algebra, F("z = P·x at this x", "z = P x"), z, Px)

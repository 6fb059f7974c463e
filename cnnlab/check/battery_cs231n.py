"""cs231n assignment 2 (NCHW) cases: the notebook's checks, then the cases it misses.

A backward case's cache is a ``Forward`` marker: the child builds it with the student's own
forward (cs231n leaves the cache format to the student), the reference with its own.
"""

from __future__ import annotations

import numpy as np

from cnnlab.check.cases import Case, course_randn, normal
from cnnlab.check.wire import Forward


def _conv(seed: int, x: tuple, w: tuple, pad: int, stride: int, dtype=np.float64) -> tuple:
    x, w, b = normal(seed, x, w, (w[0],), dtype=dtype)
    return x, w, (b + 2).astype(dtype), {"stride": stride, "pad": pad}


def conv_forward_naive() -> list[Case]:
    x = np.linspace(-0.1, 0.5, num=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
    w = np.linspace(-0.2, 0.3, num=3 * 3 * 4 * 4).reshape(3, 3, 4, 4)
    b = np.linspace(-0.1, 0.2, num=3)
    return [
        Case("course: x (2,3,4,4), w (3,3,4,4), stride 2, pad 1",
             (x, w, b, {"stride": 2, "pad": 1}), "np.linspace", course=True),
        Case("pad 0, stride 1", _conv(80, (2, 3, 5, 5), (2, 3, 3, 3), 0, 1), "default_rng(80)"),
        Case("stride 2 does not divide: 6 - 3 = 3", _conv(81, (1, 2, 6, 6), (3, 2, 3, 3), 0, 2),
             "default_rng(81)"),
        Case("non-square x (2,3,4,7), 5 filters, pad 1",
             _conv(82, (2, 3, 4, 7), (5, 3, 2, 2), 1, 1), "default_rng(82)"),
        Case("non-square kernel (4,2,3,2), x (1,2,6,5)",
             _conv(83, (1, 2, 6, 5), (4, 2, 3, 2), 1, 1), "default_rng(83)"),
        Case("stride 3, pad 2, batch 1", _conv(84, (1, 1, 7, 7), (2, 1, 3, 3), 2, 3),
             "default_rng(84)"),
        Case("float32, pad 1, stride 2", _conv(85, (2, 2, 5, 5), (2, 2, 3, 3), 1, 2, np.float32),
             "default_rng(85)"),
    ]


def _conv_back(seed: int, x: tuple, w: tuple, pad: int, stride: int) -> tuple:
    from cnnlab.reference import cs231n

    args = _conv(seed, x, w, pad, stride)
    out, _ = cs231n.conv_forward_fast(*args)
    dout, = normal(seed + 100, out.shape)
    return dout, Forward(*args)


def conv_backward_naive() -> list[Case]:
    x, w, b, dout = course_randn(231, (4, 3, 5, 5), (2, 3, 3, 3), (2,), (4, 2, 5, 5))
    return [
        Case("course: x (4,3,5,5), w (2,3,3,3), stride 1, pad 1",
             (dout, Forward(x, w, b, {"stride": 1, "pad": 1})), "np.random.seed(231)",
             course=True),
        Case("pad 0, stride 1", _conv_back(90, (2, 3, 4, 4), (2, 3, 3, 3), 0, 1),
             "default_rng(90)"),
        Case("pad 0, stride 2 does not divide", _conv_back(91, (1, 2, 6, 5), (3, 2, 3, 3), 0, 2),
             "default_rng(91)"),
        Case("non-square x (2,2,4,6), pad 1", _conv_back(92, (2, 2, 4, 6), (3, 2, 3, 3), 1, 1),
             "default_rng(92)"),
        Case("stride 2, pad 1, batch 1", _conv_back(93, (1, 2, 5, 5), (2, 2, 2, 2), 1, 2),
             "default_rng(93)"),
    ]


def _pool(x, height: int, width: int, stride: int) -> tuple:
    return x, {"pool_height": height, "pool_width": width, "stride": stride}


def max_pool_forward_naive() -> list[Case]:
    x = np.linspace(-0.3, 0.4, num=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
    ties = np.array([[1, 3, 3, 0], [2, 3, 1, 1], [0, 0, 2, 2], [1, 0, 2, 2]], float)
    return [
        Case("course: x (2,3,4,4), 2×2, stride 2", _pool(x, 2, 2, 2), "np.linspace", course=True),
        Case("overlapping windows 3×3, stride 1", _pool(*normal(100, (2, 2, 5, 5)), 3, 3, 1),
             "default_rng(100)"),
        Case("stride 2 does not divide: 7 - 2 = 5", _pool(*normal(101, (1, 2, 7, 7)), 2, 2, 2),
             "default_rng(101)"),
        Case("non-square window 2×3 on x (1,2,5,7)", _pool(*normal(102, (1, 2, 5, 7)), 2, 3, 2),
             "default_rng(102)"),
        Case("non-square x (2,3,4,7)", _pool(*normal(103, (2, 3, 4, 7)), 2, 2, 1),
             "default_rng(103)"),
        Case("ties in max pooling", _pool(ties.reshape(1, 1, 4, 4), 2, 2, 2), "fixed"),
    ]


def _pool_back(seed: int, x: tuple, height: int, width: int, stride: int) -> tuple:
    from cnnlab.reference import cs231n

    args = _pool(*normal(seed, x), height, width, stride)
    out, _ = cs231n.max_pool_forward_fast(*args)
    dout, = normal(seed + 100, out.shape)
    return dout, Forward(*args)


def max_pool_backward_naive() -> list[Case]:
    x, dout = course_randn(231, (3, 2, 8, 8), (3, 2, 4, 4))
    return [
        Case("course: x (3,2,8,8), 2×2, stride 2", (dout, Forward(*_pool(x, 2, 2, 2))),
             "np.random.seed(231)", course=True),
        Case("overlapping windows 3×3, stride 1", _pool_back(110, (2, 2, 5, 5), 3, 3, 1),
             "default_rng(110)"),
        Case("overlapping, stride 2 does not divide", _pool_back(111, (1, 2, 7, 6), 3, 3, 2),
             "default_rng(111)"),
        Case("non-square window 2×3, stride 1", _pool_back(112, (1, 2, 4, 6), 2, 3, 1),
             "default_rng(112)"),
        Case("stride 3", _pool_back(113, (1, 1, 7, 7), 2, 2, 3), "default_rng(113)"),
    ]


CASES = {f.__name__: f for f in (conv_forward_naive, conv_backward_naive,
                                 max_pool_forward_naive, max_pool_backward_naive)}

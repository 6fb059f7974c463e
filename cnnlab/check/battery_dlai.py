"""deeplearning.ai (NHWC) cases: the notebook's seeded tests, then the cases it misses.

The course's cases redraw their inputs exactly as the notebook does (``np.random.seed(1)`` then
``np.random.randn``), so the reference reproduces the published expected outputs. The others
use ``np.random.default_rng(seed)``: pad = 0, strides that do not divide, non-square inputs,
channels ≠ filters, batch of 1, f = 1, overlapping pool windows, both modes, ties, float32.
"""

from __future__ import annotations

import numpy as np

from cnnlab.check.cases import Case, course_randn, normal


def _conv_inputs(seed: int, x: tuple, f: tuple, dtype=np.float64) -> list[np.ndarray]:
    A, W, b = normal(seed, x, f, (1, 1, 1, f[-1]), dtype=dtype)
    return [A, W, (b + 2).astype(dtype)]                    # a bias far from 0: forgetting shows


def zero_pad() -> list[Case]:
    x, = course_randn(1, (4, 3, 3, 2))
    return [
        Case("course: x (4,3,3,2), pad 2", (x, 2), "np.random.seed(1)", course=True),
        Case("pad 0", (*normal(10, (2, 3, 3, 2)), 0), "default_rng(10)"),
        Case("non-square (2,3,5,1), pad 1", (*normal(11, (2, 3, 5, 1)), 1), "default_rng(11)"),
        Case("batch 1 (1,2,4,3), pad 3", (*normal(12, (1, 2, 4, 3)), 3), "default_rng(12)"),
    ]


def conv_single_step() -> list[Case]:
    old = course_randn(1, (4, 4, 3), (4, 4, 3), (1, 1, 1))
    new = course_randn(3, (5, 5, 3), (5, 5, 3), (1, 1, 1))
    one = (np.array([[[2.0]]]), np.array([[[3.0]]]), np.array([[[1.0]]]))
    return [
        Case("course: a_slice (4,4,3), b (1,1,1)", tuple(old), "np.random.seed(1)", course=True),
        Case("course (public_tests): a_slice (5,5,3)", tuple(new), "np.random.seed(3)",
             course=True),
        Case("exact: 2·3 + 1 = 7, f = 1", one, "fixed"),
        Case("non-square window (3,2,4)", tuple(normal(20, (3, 2, 4), (3, 2, 4), (1, 1, 1))),
             "default_rng(20)"),
    ]


def _integers() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A 4×4 image 0..15, a 2×2 filter of ones, bias 1: every output is a small exact sum."""
    A = np.arange(16.0).reshape(1, 4, 4, 1)
    return A, np.ones((2, 2, 1, 1)), np.ones((1, 1, 1, 1))


def _conv(A, W, b, pad, stride):
    return (A, W, b, {"pad": pad, "stride": stride})


def conv_forward() -> list[Case]:
    old = course_randn(1, (10, 4, 4, 3), (2, 2, 3, 8), (1, 1, 1, 8))
    A, W, b, W5 = course_randn(1, (2, 5, 7, 4), (3, 3, 4, 8), (1, 1, 1, 8), (5, 5, 4, 8))
    return [
        Case("course: A (10,4,4,3), W (2,2,3,8), pad 2, stride 2", _conv(*old, 2, 2),
             "np.random.seed(1)", course=True),
        Case("course (public_tests): A (2,5,7,4), W (3,3,4,8), pad 1, stride 2",
             _conv(A, W, b, 1, 2), "np.random.seed(1)", course=True),
        Case("course (public_tests): pad 3, stride 1", _conv(A, W, b, 3, 1),
             "np.random.seed(1)", course=True),
        Case("course (public_tests): pad 0, stride 2", _conv(A, W, b, 0, 2),
             "np.random.seed(1)", course=True),
        Case("course (public_tests): W (5,5,4,8), pad 6", _conv(A, W5, b, 6, 1),
             "np.random.seed(1)", course=True),
        Case("exact: integers 0..15, 2×2 filter of ones, b = 1, stride 2",
             _conv(*_integers(), 0, 2), "fixed"),
        Case("pad 0, stride 1", _conv(*_conv_inputs(30, (2, 5, 5, 3), (3, 3, 3, 2)), 0, 1),
             "default_rng(30)"),
        Case("stride 2 does not divide: 6 - 3 = 3", _conv(*_conv_inputs(
            31, (1, 6, 6, 2), (3, 3, 2, 3)), 0, 2), "default_rng(31)"),
        Case("non-square A (2,4,7,3), 5 filters, pad 1",
             _conv(*_conv_inputs(32, (2, 4, 7, 3), (2, 2, 3, 5)), 1, 1), "default_rng(32)"),
        Case("non-square A (1,5,9,2), stride 2", _conv(*_conv_inputs(
            33, (1, 5, 9, 2), (3, 3, 2, 4)), 0, 2), "default_rng(33)"),
        Case("f = 1, batch 1", _conv(*_conv_inputs(34, (1, 3, 4, 2), (1, 1, 2, 3)), 0, 1),
             "default_rng(34)"),
        Case("stride 3, pad 2", _conv(*_conv_inputs(35, (1, 7, 7, 1), (3, 3, 1, 2)), 2, 3),
             "default_rng(35)"),
        Case("float32, pad 1, stride 2", _conv(*_conv_inputs(
            36, (2, 5, 5, 2), (3, 3, 2, 2), np.float32), 1, 2), "default_rng(36)"),
    ]


def _backward(seed: int, x: tuple, f: tuple, pad: int, stride: int) -> tuple:
    from cnnlab.reference import dlai

    A, W, b = _conv_inputs(seed, x, f)
    Z, cache = dlai.conv_forward(A, W, b, {"pad": pad, "stride": stride})
    dZ, = normal(seed + 100, Z.shape)
    return dZ, cache


def conv_backward() -> list[Case]:
    from cnnlab.reference import dlai

    A, W, b = course_randn(1, (10, 4, 4, 3), (2, 2, 3, 8), (1, 1, 1, 8))
    Z, cache = dlai.conv_forward(A, W, b, {"pad": 2, "stride": 2})
    A1, W1, b1 = _integers()
    _, exact = dlai.conv_forward(A1, W1, b1, {"pad": 1, "stride": 1})
    return [
        Case("course: dZ = Z of the conv_forward test (pad 2, stride 2)", (Z, cache),
             "np.random.seed(1)", course=True),
        Case("exact: integers 0..15, 2×2 ones, pad 1, dZ all ones", (np.ones((1, 5, 5, 1)),
                                                                      exact), "fixed"),
        Case("pad 0, stride 1", _backward(40, (2, 4, 4, 3), (3, 3, 3, 2), 0, 1),
             "default_rng(40)"),
        Case("pad 0, stride 2 does not divide", _backward(41, (1, 6, 5, 2), (3, 3, 2, 3), 0, 2),
             "default_rng(41)"),
        Case("non-square A (2,4,6,2), pad 1", _backward(42, (2, 4, 6, 2), (3, 3, 2, 3), 1, 1),
             "default_rng(42)"),
        Case("stride 2, pad 1, batch 1", _backward(43, (1, 5, 5, 2), (2, 2, 2, 2), 1, 2),
             "default_rng(43)"),
    ]


def _pool(A, f, stride, mode):
    return (A, {"f": f, "stride": stride}, mode)


def pool_forward() -> list[Case]:
    A, = course_randn(1, (2, 4, 4, 3))
    ties = np.array([[1, 3, 3, 0], [2, 3, 1, 1], [0, 0, 2, 2], [1, 0, 2, 2]], float)
    return [
        Case("course: A (2,4,4,3), f 3, stride 2, max", _pool(A, 3, 2, "max"),
             "np.random.seed(1)", course=True),
        Case("course: same, average", _pool(A, 3, 2, "average"), "np.random.seed(1)",
             course=True),
        Case("exact: integers 0..15, f 2, stride 2, average",
             _pool(np.arange(16.0).reshape(1, 4, 4, 1), 2, 2, "average"), "fixed"),
        Case("overlapping windows f 3, stride 1, max",
             _pool(*normal(50, (2, 5, 5, 2)), 3, 1, "max"), "default_rng(50)"),
        Case("overlapping windows f 3, stride 1, average",
             _pool(*normal(50, (2, 5, 5, 2)), 3, 1, "average"), "default_rng(50)"),
        Case("stride 2 does not divide: 7 - 2 = 5", _pool(*normal(51, (1, 7, 7, 2)), 2, 2, "max"),
             "default_rng(51)"),
        Case("non-square A (2,4,7,3), max", _pool(*normal(52, (2, 4, 7, 3)), 2, 1, "max"),
             "default_rng(52)"),
        Case("non-square A (1,6,3,2), stride 3, average",
             _pool(*normal(53, (1, 6, 3, 2)), 2, 3, "average"), "default_rng(53)"),
        Case("ties in max pooling", _pool(ties.reshape(1, 4, 4, 1), 2, 2, "max"), "fixed"),
        Case("float32, average", _pool(*normal(54, (2, 4, 4, 2), dtype=np.float32), 2, 2,
                                       "average"), "default_rng(54)"),
    ]


def create_mask_from_window() -> list[Case]:
    x, = course_randn(1, (2, 3))
    return [
        Case("course: x (2,3)", (x,), "np.random.seed(1)", course=True),
        Case("course (public_tests): 3×3 integers", (np.array(
            [[-1, 2, 3], [2, -3, 2], [1, 5, -2]]),), "fixed", course=True),
        Case("a tie: every maximum is marked", (np.array([[1.0, 4.0], [4.0, 0.0]]),), "fixed"),
        Case("non-square (3,2)", tuple(normal(60, (3, 2))), "default_rng(60)"),
    ]


def distribute_value() -> list[Case]:
    return [
        Case("course: dz 2, shape (2,2)", (2.0, (2, 2)), "fixed", course=True),
        Case("non-square shape (2,3)", (3.0, (2, 3)), "fixed"),
        Case("negative dz, shape (3,3)", (-1.5, (3, 3)), "fixed"),
    ]


def _pool_back(seed: int, x: tuple, f: int, stride: int, mode: str) -> tuple:
    from cnnlab.reference import dlai

    A, = normal(seed, x)
    out, cache = dlai.pool_forward(A, {"f": f, "stride": stride}, mode)
    dA, = normal(seed + 100, out.shape)
    return dA, cache, mode


def pool_backward() -> list[Case]:
    A, dA = course_randn(1, (5, 5, 3, 2), (5, 4, 2, 2))
    cache = (A, {"stride": 1, "f": 2})
    return [
        Case("course: A (5,5,3,2), f 2, stride 1, max", (dA, cache, "max"), "np.random.seed(1)",
             course=True),
        Case("course: same, average", (dA, cache, "average"), "np.random.seed(1)", course=True),
        Case("f 2, stride 2, max", _pool_back(70, (2, 4, 4, 2), 2, 2, "max"), "default_rng(70)"),
        Case("f 2, stride 2, average", _pool_back(70, (2, 4, 4, 2), 2, 2, "average"),
             "default_rng(70)"),
        Case("overlapping, stride 2 does not divide, max",
             _pool_back(71, (1, 7, 6, 2), 3, 2, "max"), "default_rng(71)"),
        Case("overlapping, stride 2 does not divide, average",
             _pool_back(71, (1, 7, 6, 2), 3, 2, "average"), "default_rng(71)"),
        Case("non-square A (1,3,6,2), f 2, stride 1, max",
             _pool_back(72, (1, 3, 6, 2), 2, 1, "max"), "default_rng(72)"),
        Case("stride 3, average", _pool_back(73, (1, 7, 7, 1), 2, 3, "average"),
             "default_rng(73)"),
    ]


CASES = {f.__name__: f for f in (zero_pad, conv_single_step, conv_forward, conv_backward,
                                 pool_forward, create_mask_from_window, distribute_value,
                                 pool_backward)}

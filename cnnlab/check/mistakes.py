"""The classic mistakes, each recognised by behaviour: the mistake injected into the reference
loop (``mutants``) must reproduce what the student's function did on every case that ran.

Source text is never pattern-matched to *decide*; once a mistake is recognised, a small syntax
tree search only points at the line it most likely lives on.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from cnnlab.check import mutants
from cnnlab.check.wire import Forward


@dataclass(frozen=True)
class Mistake:
    key: str
    hint: str
    functions: tuple[str, ...]
    variants: tuple[dict[str, Any], ...]
    locate: Callable[[ast.FunctionDef], int | None] | None = None


def _first(node: ast.AST, test: Callable[[ast.AST], bool]) -> int | None:
    lines = [n.lineno for n in ast.walk(node) if test(n) and hasattr(n, "lineno")]
    return min(lines) if lines else None


def _minus_pad(node: ast.FunctionDef) -> int | None:
    return _first(node, lambda n: isinstance(n, ast.Subscript) and any(
        isinstance(s, ast.Slice) and isinstance(s.upper, ast.UnaryOp)
        and isinstance(s.upper.op, ast.USub) for s in ast.walk(n.slice)))


def _assigned_gradient(node: ast.FunctionDef) -> int | None:
    def test(n: ast.AST) -> bool:
        return isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)
            and t.value.id.lower().startswith("d") for t in n.targets)
    loops = [n for n in ast.walk(node) if isinstance(n, ast.For)]
    lines = [line for loop in loops if (line := _first(loop, test))]
    return max(lines) if lines else None


def _call_named(*names: str) -> Callable[[ast.FunctionDef], int | None]:
    def locate(node: ast.FunctionDef) -> int | None:
        def test(n: ast.AST) -> bool:
            if not isinstance(n, ast.Call):
                return False
            name = getattr(n.func, "attr", getattr(n.func, "id", ""))
            return name in names
        return _first(node, test)
    return locate


def _sum_with_plus(node: ast.FunctionDef) -> int | None:
    return _first(node, lambda n: isinstance(n, ast.Call) and getattr(
        n.func, "attr", getattr(n.func, "id", "")) == "sum" and any(
        isinstance(a, ast.BinOp) and isinstance(a.op, ast.Add) for a in n.args))


def _shape_unpacking(node: ast.FunctionDef) -> int | None:
    return _first(node, lambda n: isinstance(n, ast.Assign) and isinstance(
        n.value, ast.Attribute) and n.value.attr == "shape")


FORWARDS = ("conv_forward", "pool_forward", "conv_forward_naive", "max_pool_forward_naive")
CONV_FORWARDS = ("conv_single_step", "conv_forward", "conv_forward_naive")

ASSIGN = ("assigns the window's gradient with `=` instead of adding it with `+=`: wrong as soon "
          "as windows overlap (stride < f)")

MISTAKES = (
    Mistake("unpad", "crops the padding with `[pad:-pad]`, which is empty when pad = 0 (the "
            "notebook's own hint): crop with `[pad:pad + n_H_prev, pad:pad + n_W_prev]`",
            ("conv_backward", "conv_backward_naive"),
            ({"unpad": "assign"}, {"unpad": "slice"}), _minus_pad),
    Mistake("assign", ASSIGN, ("pool_backward", "max_pool_backward_naive", "conv_backward",
                               "conv_backward_naive"), ({"assign": True},), _assigned_gradient),
    Mistake("assign", ASSIGN, ("pool_backward",), ({"assign": "max"}, {"assign": "average"}),
            _assigned_gradient),
    Mistake("stride", "ignores the stride: a window starts at `h * stride`, not at `h`",
            FORWARDS + ("conv_backward", "pool_backward", "conv_backward_naive",
                        "max_pool_backward_naive"), ({"ignore_stride": True},)),
    Mistake("bias_inside", "adds the bias inside the window sum (`np.sum(a * W + b)`), so it "
            "counts f·f·n_C times: add it once, after the sum", CONV_FORWARDS,
            ({"bias_inside": True},), _sum_with_plus),
    Mistake("channels", "pools over the channels too (`A_prev[i, rows, cols, :]`): pooling "
            "works channel by channel, on `[..., c]`", ("pool_forward", "max_pool_forward_naive"),
            ({"over_channels": True},)),
    Mistake("swap_hw", "mixes up height and width (it shows only on non-square inputs): "
            "unpack shapes in the course's order, (m, n_H, n_W, n_C) or (N, C, H, W)",
            FORWARDS, ({"swap_hw": True},), _shape_unpacking),
    Mistake("float_b", "calls `float(b)` on the (1, 1, 1) bias, which NumPy ≥ 2.4 refuses "
            "(TypeError: only 0-dimensional arrays ...): use `b.item()` or `np.squeeze(b)`",
            ("conv_single_step",), ({"float_b": True},)),
    Mistake("divide_by_f", "averages by dividing by f instead of f·f (a window has f² entries)",
            ("pool_forward", "pool_backward"), ({"divide_by_f": True},)),
    Mistake("ceil", "rounds the output size up (ceil) instead of down: n_H = ⌊(n_H_prev + "
            "2·pad − f) / stride⌋ + 1", FORWARDS, ({"ceil": True},), _call_named("ceil")),
    Mistake("no_bias", "forgets the bias b", CONV_FORWARDS, ({"no_bias": True},)),
    Mistake("argmax", "marks only one maximum (`np.argmax`): the course's mask is "
            "`x == np.max(x)`, True at every tie", ("create_mask_from_window",),
            ({"argmax": True},), _call_named("argmax")),
    Mistake("undivided", "gives every entry the whole dz: each of the n_H·n_W entries gets "
            "dz / (n_H·n_W)", ("distribute_value",), ({"undivided": True},)),
    Mistake("no_pad", "never pads the input: the sizes count the padding but the windows slide "
            "over the unpadded input (pad it first, e.g. `zero_pad(A_prev, pad)`)",
            ("conv_forward", "conv_forward_naive", "conv_backward", "conv_backward_naive"),
            ({"no_pad": True},)),
)


def _single_step(a, W, b, *, bias_inside=False, no_bias=False, float_b=False):
    if float_b:
        return np.sum(a * W) + float(b)
    return np.sum(a * W + b) if bias_inside else np.sum(a * W) + (0 if no_bias else b.item())


def _nchw(x):
    return np.transpose(x, (0, 2, 3, 1))


def _nhwc(x):
    return np.transpose(x, (0, 3, 1, 2))


def _mask(x, *, argmax=False):
    x = np.asarray(x)
    if not argmax:
        return x == np.max(x)
    mask = np.zeros(x.shape, dtype=bool)
    mask[np.unravel_index(np.argmax(x), x.shape)] = True
    return mask


def _distribute(dz, shape, *, undivided=False):
    return np.ones(shape) * dz / (1 if undivided else shape[0] * shape[1])


def _dlai(name: str, args: tuple, knobs: dict) -> tuple:
    if name == "conv_single_step":
        return (_single_step(*args, **knobs),)
    if name == "create_mask_from_window":
        return (_mask(*args, **knobs),)
    if name == "distribute_value":
        return (_distribute(*args, **knobs),)
    if name == "conv_forward":
        A, W, b, hp = args
        return mutants.conv_forward(A, W, b.reshape(-1), hp["pad"], hp["stride"], **knobs), A
    if name == "conv_backward":
        dZ, (A, W, _, hp) = args
        dA, dW, db = mutants.conv_backward(dZ, A, W, hp["pad"], hp["stride"], **knobs)
        return dA, dW, db.reshape(1, 1, 1, -1)
    if name == "pool_forward":
        A, hp, mode = args
        return mutants.pool_forward(A, hp["f"], hp["f"], hp["stride"], mode, **knobs), A
    dA, (A, hp), mode = args
    return (mutants.pool_backward(dA, A, hp["f"], hp["f"], hp["stride"], mode, **knobs),)


def _cs231n(name: str, args: tuple, knobs: dict) -> tuple:
    if name == "conv_forward_naive":
        x, w, b, cp = args
        out = mutants.conv_forward(_nchw(x), np.transpose(w, (2, 3, 1, 0)), b, cp["pad"],
                                   cp["stride"], **knobs)
        return (_nhwc(out),)
    if name == "conv_backward_naive":
        dout, (x, w, _, cp) = args[0], args[1].args
        dx, dw, db = mutants.conv_backward(_nchw(dout), _nchw(x), np.transpose(w, (2, 3, 1, 0)),
                                           cp["pad"], cp["stride"], **knobs)
        return _nhwc(dx), np.transpose(dw, (3, 2, 0, 1)), db
    if name == "max_pool_forward_naive":
        x, pp = args
        out = mutants.pool_forward(_nchw(x), pp["pool_height"], pp["pool_width"], pp["stride"],
                                   "max", **knobs)
        return (_nhwc(out),)
    dout, (x, pp) = args[0], args[1].args
    return (_nhwc(mutants.pool_backward(_nchw(dout), _nchw(x), pp["pool_height"],
                                        pp["pool_width"], pp["stride"], "max", **knobs)),)


def mutant(name: str, knobs: dict) -> Callable[[tuple], tuple]:
    """The course function ``name`` with the mistake ``knobs`` injected; returns its compared
    outputs."""
    is_cs231n = name.endswith("_naive")

    def run(args: tuple) -> tuple:
        args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
        return _cs231n(name, args, knobs) if is_cs231n else _dlai(name, args, knobs)
    return run


def error_kind(name: str, message: str) -> str:
    """An exception's type and its message up to the first bracket or quote, numbers blanked
    (``ValueError: operands could not be broadcast together with shapes``): what two codes
    failing the same way share, whatever their array shapes."""
    words = re.sub(r"\d+", "#", re.split(r"[(\[{'\"]", message, maxsplit=1)[0])
    return f"{name}: {' '.join(words.split())}"


@dataclass(frozen=True)
class Outcome:
    """What a function did on one case: the exception it raised (``raised``, see
    :func:`error_kind`), or its outputs."""

    raised: str | None = None
    outputs: tuple[np.ndarray, ...] = ()


def _agrees(student: Outcome, run: Callable[[tuple], tuple], args: tuple, rtol: float,
            atol: float) -> bool:
    try:
        outputs = run(args)
    except Exception as error:  # noqa: BLE001 - the mistake itself may raise
        return student.raised == error_kind(type(error).__name__, str(error))
    if student.raised is not None or len(outputs) != len(student.outputs):
        return False
    for got, mine in zip(student.outputs, outputs, strict=True):
        mine = np.asarray(mine, dtype=np.float64)
        if got.shape != mine.shape or not np.allclose(got.astype(np.float64), mine, rtol=rtol,
                                                      atol=atol, equal_nan=True):
            return False
    return True


def recognise(name: str, cases: list, outcomes: list[Outcome | None]) -> Mistake | None:
    """The first mistake whose injected reference does what the student did on every case
    that ran (``outcomes[k]`` is None for a case without a usable result)."""
    ran = [(case, o) for case, o in zip(cases, outcomes, strict=True) if o is not None]
    if not ran:
        return None
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")             # mistakes average empty windows, on purpose
        for mistake in MISTAKES:
            if name not in mistake.functions:
                continue
            for knobs in mistake.variants:
                run = mutant(name, knobs)
                if all(_agrees(o, run, c.args, c.rtol, c.atol) for c, o in ran):
                    return mistake
    return None


__all__ = ["MISTAKES", "Forward", "Mistake", "Outcome", "mutant", "recognise"]

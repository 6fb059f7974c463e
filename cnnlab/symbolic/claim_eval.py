"""Evaluate a parsed claim at one instance (sizes, stride, padding), on the reference layers.

Every name is a 2-D object matrix of polynomials: ``X``, ``W``, ``G`` are symbols; ``Y``,
``dX``, ``dW`` come from the reference forward and backward of the layer ``Y = W ⊗ X`` (with the
instance's stride and padding); ``C`` is read off that forward; ``x``, ``z``, ``dz``, ``dx`` are
``X``, ``Y``, ``G``, ``dX`` flattened into columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from cnnlab.errors import CnnlabError, ShapeError
from cnnlab.symbolic import params
from cnnlab.symbolic.matrix import dense, read_matrix
from cnnlab.symbolic.ops import correlate, rot180, wide
from cnnlab.symbolic.transpose import ConvSetting, conv_algebra, run_layer


class Undefined(Exception):
    """The claim has no meaning at this instance (shapes that do not match)."""


@dataclass(frozen=True)
class Instance:
    """Sizes of X and W, and the layer's stride and symmetric padding."""

    size: tuple[int, int]
    kernel: tuple[int, int]
    stride: int = 1
    pad: int = 0

    @property
    def setting(self) -> ConvSetting:
        p = self.pad
        return ConvSetting(size=self.size, kernel=self.kernel, stride=(self.stride,) * 2,
                           padding=((p, p), (p, p)))

    def describe(self) -> dict[str, str]:
        return {"X": params.fmt_size(self.size), "W": params.fmt_size(self.kernel),
                "stride": str(self.stride), "padding": str(self.pad)}


class Environment:
    """The values of the names at one instance, computed when first used."""

    def __init__(self, instance: Instance):
        try:
            instance.setting.output_size()
        except CnnlabError as error:
            raise Undefined(str(error)) from None
        self.instance = instance
        self.algebra = conv_algebra(instance.setting)

    @cached_property
    def layer(self):
        z, dx, dw, _ = run_layer(self.algebra, self.instance.setting)
        return z, dx, dw

    def value(self, name: str) -> np.ndarray:
        a, (M, N) = self.algebra, self.instance.size
        H_out, W_out = a["d"].shape
        table = {
            "X": lambda: a["x"], "W": lambda: a["w"], "G": lambda: a["d"],
            "Y": lambda: self.layer[0].reshape(H_out, W_out),
            "dX": lambda: self.layer[1].reshape(M, N), "dW": lambda: self.layer[2],
            "C": lambda: dense(a, read_matrix(a, self.layer[0], M * N), M * N),
            "x": lambda: a["x"].reshape(-1, 1), "z": lambda: self.layer[0].reshape(-1, 1),
            "dz": lambda: a["d"].reshape(-1, 1), "dx": lambda: self.layer[1].reshape(-1, 1),
        }
        return table[name]()


def evaluate(node: tuple, env: Environment):
    """The value of an expression tree: an object matrix, or an int for a number."""
    kind = node[0]
    if kind == "name":
        return env.value(node[1])
    if kind == "int":
        return node[1]
    if kind == "neg":
        return -1 * evaluate(node[1], env)
    if kind in ("rot180", "T"):
        value = _matrix(evaluate(node[1], env), kind)
        return rot180(value) if kind == "rot180" else value.T
    a, b = evaluate(node[1], env), evaluate(node[2], env)
    if kind in ("+", "-"):
        if np.shape(a) != np.shape(b):
            raise Undefined(f"'{kind}' of shapes {np.shape(a)} and {np.shape(b)}")
        return a + b if kind == "+" else a - b
    if kind == "@":
        return _product(a, b)
    return _correlation(kind, _matrix(a, kind), _matrix(b, kind))


def _matrix(value, what: str) -> np.ndarray:
    if isinstance(value, int):
        raise Undefined(f"{what} needs a matrix, got the number {value}")
    return value


def _product(a, b):
    if isinstance(a, int) or isinstance(b, int):
        return a * b
    if a.shape[1] != b.shape[0]:
        raise Undefined(f"matrix product of shapes {a.shape} and {b.shape}")
    return a @ b


def _correlation(kind: str, K: np.ndarray, A: np.ndarray) -> np.ndarray:
    try:
        return correlate(K, A) if kind == "(*)" else wide(K, A)
    except ShapeError as error:
        raise Undefined(str(error)) from None

"""NNDL exercise 5-7: the forward pass is ``z = C·x``, the backward pass is ``δx = Cᵀ·δz``.

C is read off the reference forward run on symbols (column ``i`` = the layer's answer to the
unit input ``e_i``); the reference backward, run on symbolic ``δz``, must equal ``Cᵀ·δz`` entry by
entry, for any stride, padding, dilation and channel counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from cnnlab.symbolic import params
from cnnlab.symbolic.checks import compare, show
from cnnlab.symbolic.matrix import (
    apply,
    apply_transpose,
    dense,
    nonzeros,
    picture,
    read_matrix,
    weight_positions,
)
from cnnlab.symbolic.nogc import without_gc
from cnnlab.symbolic.proof import Formula, Proof
from cnnlab.symbolic.texts import TRANSPOSE

SHOW_DX = 36
"""Largest input whose δx is written out in full (beyond it the picture of C says it all)."""


@dataclass(frozen=True)
class ConvSetting:
    """A convolution layer instance: input H×W, kernel U×V, stride, explicit padding, dilation,
    channels C_in → C_out."""

    size: tuple[int, int] = (4, 4)
    kernel: tuple[int, int] = (3, 3)
    stride: tuple[int, int] = (1, 1)
    padding: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0))
    dilation: tuple[int, int] = (1, 1)
    c_in: int = 1
    c_out: int = 1

    def output_size(self) -> tuple[int, int]:
        """``(H_out, W_out)``; the reference layers' ShapeError when the window does not fit."""
        from cnnlab.reference.conv import conv2d_setup

        x = np.zeros((1, *self.size, self.c_in))
        w = np.zeros((*self.kernel, self.c_in, self.c_out))
        return conv2d_setup(x, w, stride=self.stride, padding=self.padding,
                            dilation=self.dilation).out_hw

    def describe(self) -> dict[str, str]:
        """The settings as displayable strings."""
        H_out, W_out = self.output_size()
        return {"input x": f"{params.fmt_size(self.size)}×{self.c_in}",
                "kernel W": f"{params.fmt_size(self.kernel)}, {self.c_in}→{self.c_out} channels",
                "stride": params.fmt_size(self.stride) if len(set(self.stride)) > 1
                else str(self.stride[0]),
                "padding": params.fmt_padding(self.padding),
                "dilation": params.fmt_size(self.dilation) if len(set(self.dilation)) > 1
                else str(self.dilation[0]),
                "output z": f"{H_out}×{W_out}×{self.c_out}"}

    def nonzeros_bound(self) -> int:
        """Nonzero entries of C at most: outputs × taps × input channels."""
        H_out, W_out = self.output_size()
        U, V = self.kernel
        return H_out * W_out * self.c_out * U * V * self.c_in


def conv_algebra(setting: ConvSetting, extra: dict | None = None):
    """The symbols of a convolution instance: ``x`` (C_in, H, W) first, ``w`` (C_out, C_in, U, V),
    ``d`` = δz (C_out, H_out, W_out); channel axes dropped when there is one channel."""
    from cnnlab.symbolic.algebra import Algebra

    H_out, W_out = setting.output_size()
    one = setting.c_in == setting.c_out == 1
    shapes = {"x": setting.size if one else (setting.c_in, *setting.size),
              "w": setting.kernel if one else (setting.c_out, setting.c_in, *setting.kernel),
              "d": (H_out, W_out) if one else (setting.c_out, H_out, W_out), **(extra or {})}
    return Algebra.build(shapes)


def as_nhwc(x: np.ndarray, c: int) -> np.ndarray:
    """(C, H, W) or (H, W) names → the reference's (1, H, W, C)."""
    x = x.reshape(c, *x.shape[-2:])
    return x.transpose(1, 2, 0)[None]


def as_hwio(w: np.ndarray, c_in: int, c_out: int) -> np.ndarray:
    """(C_out, C_in, U, V) or (U, V) names → the reference's (U, V, C_in, C_out)."""
    return w.reshape(c_out, c_in, *w.shape[-2:]).transpose(2, 3, 1, 0)


def channel_first(a: np.ndarray) -> np.ndarray:
    """The reference's (1, H, W, C) → the flat order of the names, (C, H, W)."""
    return a[0].transpose(2, 0, 1).ravel()


def run_layer(algebra, setting: ConvSetting, with_dw: bool = True):
    """Reference forward on ``x`` (with bias ``b`` when the algebra has one) and backward on ``δz``:
    ``(z, dx, dw, db)`` in name order (``db`` None without a bias).

    Without ``with_dw`` the backward gets the forward's cache with ``x`` set to zeros: its
    ``dx = fold(δz·wᵀ)`` never reads ``x``, and ``dw = colsᵀ·δz`` (a sum of H_out·W_out products
    per weight, whose cost grows like their square) is then a sum of zeros.
    """
    from cnnlab.reference import conv2d_backward, conv2d_forward

    s = setting
    x, w = as_nhwc(algebra["x"], s.c_in), as_hwio(algebra["w"], s.c_in, s.c_out)
    z, cache = conv2d_forward(x, w, algebra.arrays.get("b"), stride=s.stride, padding=s.padding,
                              dilation=s.dilation)
    if not with_dw:
        cache = replace(cache, x=np.zeros(cache.x.shape, dtype=object))
    dx, dw, db = conv2d_backward(as_nhwc(algebra["d"], s.c_out), cache)
    dw = dw.transpose(3, 2, 0, 1).reshape(algebra["w"].shape)
    return channel_first(z), channel_first(dx), dw, db


UNIT_COLUMNS = 64
"""Largest input whose C is also rebuilt column by column from the layer's answers to the unit
inputs eᵢ (one batched forward of that many images)."""


def _unit_columns(algebra, setting: ConvSetting, C) -> tuple:
    """``C·eᵢ = layer(eᵢ)`` for every input unit: the reference forward on the identity batch
    (symbolic weights), against the columns of C read off the symbolic output."""
    from cnnlab.reference import conv2d_forward

    n = algebra["x"].size
    if n > UNIT_COLUMNS:
        return ()
    s = setting
    units = np.eye(n, dtype=np.int64).reshape(n, s.c_in, *s.size).transpose(0, 2, 3, 1)
    out, _ = conv2d_forward(units, as_hwio(algebra["w"], s.c_in, s.c_out), stride=s.stride,
                            padding=s.padding, dilation=s.dilation)
    columns = out.transpose(0, 3, 1, 2).reshape(n, -1).T                # (outputs, inputs)
    return (compare(algebra, Formula("C·eᵢ = layer(eᵢ), every i", r"C e_i = "
                                     r"\mathrm{layer}(e_i)\ \forall i"),
                    dense(algebra, C, n), columns),)


@without_gc
def prove_transpose(setting: ConvSetting = ConvSetting()) -> Proof:
    """Prove ``z = C·x`` and ``δx = Cᵀ·δz`` on the reference layers at ``setting``."""
    params.check_work(setting.nonzeros_bound(), "this layer")
    algebra = conv_algebra(setting)
    x, d = algebra["x"].ravel(), algebra["d"].ravel()
    z, dx, _, _ = run_layer(algebra, setting, with_dw=False)
    C = read_matrix(algebra, z, x.size)
    checks = (
        compare(algebra, Formula("z = C·x", r"z = C x"), z, apply(algebra, C, x)),
        *_unit_columns(algebra, setting, C),
        compare(algebra, Formula("δx = Cᵀ·δz", r"\delta x = C^{\top} \delta z"), dx,
                apply_transpose(algebra, C, d, x.size)),
    )
    shown = [show(algebra, "C", f"{len(C)}×{x.size}, row o = output z_o, column i = input x_i",
                  dense(algebra, C, x.size), limit=(16, 16))] if x.size <= 16 else []
    if x.size <= SHOW_DX:
        shown.append(show(algebra, "δx", "the reference backward on symbolic δz (= Cᵀ·δz)",
                          dx.reshape(algebra["x"].shape[-2:]) if setting.c_in == 1
                          else dx.reshape(-1, 1)))
    sizes = setting.describe() | {"C": f"{len(C)}×{x.size}, {nonzeros(C):,} nonzero"}
    return Proof(
        identity="transpose", title=TRANSPOSE.title, reference=TRANSPOSE.reference,
        statement=TRANSPOSE.statement, definitions=TRANSPOSE.definitions, sizes=sizes,
        argument=TRANSPOSE.argument, checks=checks, holds=all(c.holds for c in checks),
        shown=tuple(shown), notes=TRANSPOSE.notes,
        picture=picture(algebra, "C", C, x.size, weights=weight_positions(
            C, x.size, setting.kernel) if setting.c_in == setting.c_out == 1 else ()),
    )

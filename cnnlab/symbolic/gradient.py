"""The gradients of ``Y = W ⊗ X + b``: the reference backward against the textbook formulas.

With stride s and padding p the formulas use ``G↑s`` (the output gradient with s − 1 zeros between
neighbours) and ``X̃`` (the padded input): ``∂L/∂W = G↑s ⊗ X̃`` (its first U×V block) and
``∂L/∂X̃ = rot180(W) ⊗̃ G↑s``, from which ``∂L/∂X`` drops the padding.
"""

from __future__ import annotations

import numpy as np

from cnnlab.symbolic import params
from cnnlab.symbolic.checks import compare, show
from cnnlab.symbolic.nogc import without_gc
from cnnlab.symbolic.ops import correlate, rot180, upsample, wide
from cnnlab.symbolic.proof import Formula, Proof
from cnnlab.symbolic.texts import GRADIENT
from cnnlab.symbolic.transpose import ConvSetting, conv_algebra, run_layer

F = Formula
ROTW = r"\operatorname{rot180}"


def _names(s: int, p: bool) -> tuple[str, str, str, str]:
    """How G and X are written at this stride and padding (text, LaTeX)."""
    g = ("G" if s == 1 else f"G↑{s}", "G" if s == 1 else rf"G{{\uparrow}}{s}")
    x = ("X̃" if p else "X", r"\tilde X" if p else "X")
    return (*g, *x)


GRADIENT_DEFAULT = ConvSetting(size=(3, 3), kernel=(2, 2))


def textbook(setting: ConvSetting, X, W, G):
    """The formulas' sides, by the reference forward: ``G↑s ⊗ X̃`` (every d-th entry of its
    first rows and columns), ``rot180(W↑d) ⊗̃ G↑s`` and ``rot180(G↑s) ⊗̃ W↑d`` (padding
    cropped)."""
    (top, _), (left, _) = setting.padding
    (M, N), (U, V), (d_h, d_w) = setting.size, setting.kernel, setting.dilation
    X_pad = np.pad(X, setting.padding, constant_values=0)
    W_up = upsample(W, setting.dilation)
    G_up = upsample(G, setting.stride, (X_pad.shape[0] - W_up.shape[0] + 1,
                                        X_pad.shape[1] - W_up.shape[1] + 1))
    return (correlate(G_up, X_pad)[: (U - 1) * d_h + 1: d_h, : (V - 1) * d_w + 1: d_w],
            wide(rot180(W_up), G_up)[top:top + M, left:left + N],
            wide(rot180(G_up), W_up)[top:top + M, left:left + N])


@without_gc
def prove_gradient(setting: ConvSetting = GRADIENT_DEFAULT) -> Proof:
    """Check ∂L/∂W, ∂L/∂X (both forms) and ∂L/∂b of the reference backward, entry by entry."""
    if setting.c_in != 1 or setting.c_out != 1:
        from cnnlab.errors import LayerArgumentError

        raise LayerArgumentError("the gradient formulas are shown for one channel; "
                                 "`cnnlab prove transpose` covers several channels")
    params.check_work(setting.nonzeros_bound(), "this layer")
    algebra = conv_algebra(setting, {"b": (1,)})
    X, W, G = algebra["x"], algebra["w"], algebra["d"]
    _, dx, dw, db = run_layer(algebra, setting)
    M, N = setting.size
    dW, dX, dX_commuted = textbook(setting, X, W, G)
    gt, gl, xt, xl = _names(max(setting.stride), any(any(q) for q in setting.padding))
    wt, wl = ("W", "W") if setting.dilation == (1, 1) else (
        f"W↑{max(setting.dilation)}", rf"W{{\uparrow}}{max(setting.dilation)}")
    every, every_l = ("", "") if setting.dilation == (1, 1) else (
        f" (entries {max(setting.dilation)} apart)",
        rf"\text{{ (entries {max(setting.dilation)} apart)}}")
    checks = (
        compare(algebra, F(f"∂L/∂W = {gt} ⊗ {xt}{every}",
                           rf"\partial L/\partial W = {gl} \otimes {xl}{every_l}"),
                dw, dW),
        compare(algebra, F(f"∂L/∂X = rot180({wt}) ⊗̃ {gt}",
                           rf"\partial L/\partial X = {ROTW}({wl}) \mathbin{{\tilde\otimes}} {gl}"),
                dx.reshape(M, N), dX),
        compare(algebra, F(f"∂L/∂X = rot180({gt}) ⊗̃ {wt}",
                           rf"\partial L/\partial X = {ROTW}({gl}) \mathbin{{\tilde\otimes}} {wl}"),
                dx.reshape(M, N), dX_commuted),
        compare(algebra, F("∂L/∂b = Σᵢⱼ gᵢⱼ", r"\partial L/\partial b = \sum_{i,j} g_{ij}"),
                db, np.array([sum(G.ravel(), algebra.zero)])),
    )
    shown = (show(algebra, "G", "∂L/∂Y, symbolic", G),
             show(algebra, "∂L/∂W", "the reference backward", dw, limit=(4, 4)),
             show(algebra, "∂L/∂X", "the reference backward", dx.reshape(M, N), limit=(5, 4)))
    return Proof(
        identity="gradient", title=GRADIENT.title, reference=GRADIENT.reference,
        statement=GRADIENT.statement, definitions=GRADIENT.definitions,
        sizes={"X": params.fmt_size(setting.size), "W": params.fmt_size(setting.kernel),
               "stride": setting.describe()["stride"], "padding": setting.describe()["padding"],
               "dilation": setting.describe()["dilation"],
               "Y and G": params.fmt_size(G.shape)}, argument=GRADIENT.argument, checks=checks,
        holds=all(c.holds for c in checks), shown=shown,
        notes=("G is written with δ: δᵢⱼ = gᵢⱼ = ∂L/∂yᵢⱼ.",),
    )

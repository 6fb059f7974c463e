"""NNDL exercise 5-3: a 1×1 convolution is the same fully connected layer at every pixel.

Both sides are reference layers: ``conv2d_forward`` with a 1×1×C_in×C_out kernel, and
``fc_forward`` on the H·W pixel vectors (a batch of H·W rows); backward passes too.
"""

from __future__ import annotations

from cnnlab.symbolic import params
from cnnlab.symbolic.checks import compare, show
from cnnlab.symbolic.nogc import without_gc
from cnnlab.symbolic.proof import Formula, Proof
from cnnlab.symbolic.texts import ONE_BY_ONE

F = Formula


@without_gc
def prove_one_by_one(size=(2, 2), c_in=3, c_out=2) -> Proof:
    """Check forward and backward of a 1×1 conv against an FC layer on every pixel."""
    from cnnlab.reference import conv2d_backward, conv2d_forward, fc_backward, fc_forward
    from cnnlab.symbolic.algebra import Algebra

    H, W_ = size
    params.check_work(H * W_ * c_in * c_out, "this layer")
    algebra = Algebra.build({"x": (c_in, H, W_), "w": (c_in, c_out), "b": (c_out,),
                             "d": (c_out, H, W_)})
    x = algebra["x"].transpose(1, 2, 0)[None]                   # (1, H, W, C_in)
    w, b = algebra["w"], algebra["b"]
    g = algebra["d"].transpose(1, 2, 0)[None]                   # (1, H, W, C_out)
    y_conv, cache = conv2d_forward(x, w.reshape(1, 1, c_in, c_out), b)
    pixels = x.reshape(H * W_, c_in)                            # one row per pixel
    y_fc, fc_cache = fc_forward(pixels, w, b)
    dx, dw, db = conv2d_backward(g, cache)
    dx_fc, dw_fc, db_fc = fc_backward(g.reshape(H * W_, c_out), fc_cache)
    checks = (
        compare(algebra, F("1×1 conv(X) = FC(x_{ij,:}) at every pixel",
                           r"\mathrm{conv}_{1\times 1}(X)_{ij,:} = W^{\top} x_{ij,:} + b"),
                y_conv.reshape(H * W_, c_out), y_fc),
        compare(algebra, F("∂L/∂X: conv = FC at every pixel", r"\partial L/\partial X"),
                dx.reshape(H * W_, c_in), dx_fc),
        compare(algebra, F("∂L/∂W: conv = FC summed over pixels", r"\partial L/\partial W"),
                dw.reshape(c_in, c_out), dw_fc),
        compare(algebra, F("∂L/∂b: conv = FC summed over pixels", r"\partial L/\partial b"),
                db, db_fc),
    )
    shown = (show(algebra, "W", f"C_in×C_out = {c_in}×{c_out}", w),
             show(algebra, "Y", "one row per pixel (i, j), row-major: the FC layer's output",
                  y_fc, limit=(6, 4)))
    return Proof(
        identity="one-by-one", title=ONE_BY_ONE.title, reference=ONE_BY_ONE.reference,
        statement=ONE_BY_ONE.statement, definitions=ONE_BY_ONE.definitions,
        sizes={"input X": f"{params.fmt_size(size)}×{c_in}", "kernel": f"1×1×{c_in}×{c_out}",
               "output Y": f"{params.fmt_size(size)}×{c_out}",
               "parameters": f"{c_in}·{c_out} + {c_out} = {c_in * c_out + c_out}"},
        argument=ONE_BY_ONE.argument, checks=checks, holds=all(c.holds for c in checks),
        shown=shown,
    )

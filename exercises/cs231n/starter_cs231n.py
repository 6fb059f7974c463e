"""Starter code for cnnlab exercise cs231n-a2-conv (CS231n assignment 2, naive conv and pool
layers). Channels first: x has shape (N, C, H, W); w has shape (F, C, HH, WW).

Fill in every function, then run:  cnnlab check THIS_FILE --convention cs231n
"""

import numpy as np

EXERCISE = "cs231n-a2-conv"


def conv_forward_naive(x, w, b, conv_param):
    """x (N, C, H, W), w (F, C, HH, WW), b (F,), conv_param {"stride", "pad"} -> (out, cache),
    out (N, F, H_out, W_out) with H_out = 1 + (H + 2 * pad - HH) // stride."""
    raise NotImplementedError(f"{EXERCISE}: conv_forward_naive is yours to write")


def conv_backward_naive(dout, cache):
    """dout (N, F, H_out, W_out), cache from conv_forward_naive -> (dx, dw, db), shaped like
    x, w and b."""
    raise NotImplementedError(f"{EXERCISE}: conv_backward_naive is yours to write")


def max_pool_forward_naive(x, pool_param):
    """x (N, C, H, W), pool_param {"pool_height", "pool_width", "stride"} -> (out, cache),
    out (N, C, H_out, W_out) with H_out = 1 + (H - pool_height) // stride."""
    raise NotImplementedError(f"{EXERCISE}: max_pool_forward_naive is yours to write")


def max_pool_backward_naive(dout, cache):
    """dout (N, C, H_out, W_out), cache from max_pool_forward_naive -> dx, shaped like x."""
    raise NotImplementedError(f"{EXERCISE}: max_pool_backward_naive is yours to write")

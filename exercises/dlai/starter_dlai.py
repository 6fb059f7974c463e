"""Starter code for cnnlab exercise dlai-step-by-step (deeplearning.ai "Convolution model – Step
by Step"). Channels last: A has shape (m, n_H, n_W, n_C); W has shape (f, f, n_C_prev, n_C).

Fill in every function, then run:  cnnlab check THIS_FILE --convention dlai
"""

import numpy as np

EXERCISE = "dlai-step-by-step"


def zero_pad(X, pad):
    """X (m, n_H, n_W, n_C) -> (m, n_H + 2*pad, n_W + 2*pad, n_C), zeros around H and W only."""
    raise NotImplementedError(f"{EXERCISE}: zero_pad is yours to write")


def conv_single_step(a_slice_prev, W, b):
    """a_slice_prev and W (f, f, n_C_prev), b (1, 1, 1) -> a scalar: sum(a_slice_prev * W) + b."""
    raise NotImplementedError(f"{EXERCISE}: conv_single_step is yours to write")


def conv_forward(A_prev, W, b, hparameters):
    """A_prev (m, n_H_prev, n_W_prev, n_C_prev), W (f, f, n_C_prev, n_C), b (1, 1, 1, n_C),
    hparameters {"stride", "pad"} -> (Z, cache) with Z (m, n_H, n_W, n_C) where
    n_H = (n_H_prev + 2*pad - f) // stride + 1, and cache = (A_prev, W, b, hparameters)."""
    raise NotImplementedError(f"{EXERCISE}: conv_forward is yours to write")


def conv_backward(dZ, cache):
    """dZ (m, n_H, n_W, n_C), cache from conv_forward -> (dA_prev, dW, db), shaped like
    A_prev, W and b."""
    raise NotImplementedError(f"{EXERCISE}: conv_backward is yours to write")


def pool_forward(A_prev, hparameters, mode="max"):
    """A_prev (m, n_H_prev, n_W_prev, n_C), hparameters {"f", "stride"}, mode "max" or
    "average" -> (A, cache), A (m, n_H, n_W, n_C), cache = (A_prev, hparameters)."""
    raise NotImplementedError(f"{EXERCISE}: pool_forward is yours to write")


def create_mask_from_window(x):
    """x (f, f) -> a boolean array of the same shape, True at the maximum of x."""
    raise NotImplementedError(f"{EXERCISE}: create_mask_from_window is yours to write")


def distribute_value(dz, shape):
    """dz a scalar, shape (n_H, n_W) -> an array of that shape whose entries are equal and sum
    to dz."""
    raise NotImplementedError(f"{EXERCISE}: distribute_value is yours to write")


def pool_backward(dA, cache, mode="max"):
    """dA (m, n_H, n_W, n_C), cache from pool_forward, mode "max" or "average" -> dA_prev,
    shaped like A_prev."""
    raise NotImplementedError(f"{EXERCISE}: pool_backward is yours to write")

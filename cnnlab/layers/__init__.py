"""Layer kinds as frozen dataclasses: output shape, parameters, MACs, activations.

>>> from cnnlab.shape import Shape
>>> Conv2d(filters=10, kernel=(3, 3)).apply(Shape(3, 39, 39)).params
280
"""

from cnnlab.layers.base import Layer, Outcome
from cnnlab.layers.conv import Conv2d, ConvTranspose2d
from cnnlab.layers.dense import ACTIVATIONS, Activation, BatchNorm, Flatten, Linear
from cnnlab.layers.pool import AdaptivePool2d, GlobalPool2d, Pool2d, PoolMode

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "AdaptivePool2d",
    "BatchNorm",
    "Conv2d",
    "ConvTranspose2d",
    "Flatten",
    "GlobalPool2d",
    "Layer",
    "Linear",
    "Outcome",
    "Pool2d",
    "PoolMode",
]

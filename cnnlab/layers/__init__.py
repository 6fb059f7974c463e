"""Layer kinds as frozen dataclasses: each kind's shape, parameters, operations and formulas.

Each kind's module is imported on first use (``cnnlab shape`` reads only the kinds it needs).

>>> from cnnlab.layers import Conv2d
>>> from cnnlab.shape import Shape
>>> Conv2d(filters=10, kernel=(3, 3)).apply(Shape(3, 39, 39)).params
280
"""

from importlib import import_module
from typing import Any

from cnnlab.layers.base import Layer, Outcome

_HOMES = {
    "Conv2d": "conv",
    "ConvTranspose2d": "transposed",
    "Activation": "activation",
    "BatchNorm": "norm",
    "Flatten": "dense",
    "Linear": "dense",
    "AdaptivePool2d": "pool",
    "GlobalPool2d": "pool",
    "Pool2d": "pool",
    "PoolMode": "pool",
}

__all__ = ["Layer", "Outcome", *sorted(_HOMES)]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"cnnlab.layers.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'cnnlab.layers' has no attribute {name!r}")

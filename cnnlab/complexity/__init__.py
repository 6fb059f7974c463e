"""Time and space complexity: counting conventions, per-layer and network totals, memory.

>>> from cnnlab.complexity import analyse
>>> from cnnlab.zoo import load_model
>>> report = analyse(load_model("resnet50"))
>>> report.time, report.params
(4089184256, 25557032)
"""

from importlib import import_module
from typing import Any

# imported on first use: `cnnlab complexity --help` reads only the conventions
_HOMES = {
    "ComplexityReport": "analysis",
    "LayerCost": "analysis",
    "analyse": "analysis",
    "Convention": "conventions",
    "Count": "conventions",
    "DType": "conventions",
    "Notation": "conventions",
    "Scope": "conventions",
    "parse_count": "conventions",
    "parse_dtype": "conventions",
    "parse_notation": "conventions",
    "parse_scope": "conventions",
    "Memory": "memory",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"cnnlab.complexity.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'cnnlab.complexity' has no attribute {name!r}")

"""Time and space complexity: counting conventions, per-layer and network totals, memory.

>>> from cnnlab.zoo import load_model
>>> report = analyse(load_model("resnet50"))
>>> report.time, report.params
(4089184256, 25557032)
"""

from cnnlab.complexity.analysis import ComplexityReport, LayerCost, analyse
from cnnlab.complexity.conventions import (
    Convention,
    Count,
    DType,
    Notation,
    Scope,
    parse_count,
    parse_dtype,
    parse_notation,
    parse_scope,
)
from cnnlab.complexity.memory import Memory
from cnnlab.complexity.ops import Ops

__all__ = [
    "ComplexityReport",
    "Convention",
    "Count",
    "DType",
    "LayerCost",
    "Memory",
    "Notation",
    "Ops",
    "Scope",
    "analyse",
    "parse_count",
    "parse_dtype",
    "parse_notation",
    "parse_scope",
]

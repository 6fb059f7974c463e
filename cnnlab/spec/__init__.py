"""The layer language and network files → layer objects; errors point at the offending token.

>>> [node.layer.spec() for node in parse_items(["conv:f=5,k=8 pool:max,f=2"])]
['conv:f=5,k=8', 'pool:max,f=2']
"""

from typing import Any

from cnnlab.spec.kinds import KINDS, Kind
from cnnlab.spec.layer import parse_layer
from cnnlab.spec.sequence import parse_items

__all__ = ["KINDS", "Kind", "load_network", "parse_items", "parse_layer", "parse_network"]


def __getattr__(name: str) -> Any:
    # network files need tomllib: imported on first use, not on cnnlab shape's start-up path
    if name in ("load_network", "parse_network"):
        from cnnlab.spec import netfile

        return getattr(netfile, name)
    raise AttributeError(f"module 'cnnlab.spec' has no attribute {name!r}")

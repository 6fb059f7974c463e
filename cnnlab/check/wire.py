"""Plain-data encoding of a call's arguments, shared by the checker and its child process.

Arguments are JSON (numbers, strings, dicts, tuples) plus named arrays stored in an ``.npz``
read with ``allow_pickle=False``: nothing is ever unpickled on either side. ``{"forward":
[...]}`` stands for "the cache your own forward returns for these arguments" (cs231n).
This module imports only the standard library (numpy is passed in), so the child stays small.
"""

from __future__ import annotations

from typing import Any


def encode(value: Any, arrays: dict[str, Any], prefix: str) -> Any:
    """JSON for ``value``; every ndarray in it is added to ``arrays`` under a fresh key."""
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        key = f"{prefix}_{len(arrays)}"
        arrays[key] = value
        return {"array": key}
    if isinstance(value, tuple | list):
        return {"tuple": [encode(v, arrays, prefix) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): encode(v, arrays, prefix) for k, v in value.items()}}
    if isinstance(value, Forward):
        return {"forward": [encode(v, arrays, prefix) for v in value.args]}
    return {"value": value}


class Forward:
    """Marks a cache argument built by calling the student's own forward on ``args``."""

    def __init__(self, *args: Any) -> None:
        self.args = args


def decode(item: dict, arrays: Any, forward: Any = None) -> Any:
    """The inverse of :func:`encode`; arrays are copied so every call gets fresh ones."""
    if "array" in item:
        return arrays[item["array"]].copy()
    if "tuple" in item:
        return tuple(decode(v, arrays, forward) for v in item["tuple"])
    if "dict" in item:
        return {k: decode(v, arrays, forward) for k, v in item["dict"].items()}
    if "forward" in item:
        if forward is None:
            raise LookupError("this case needs your forward function, which was not found")
        return forward(*[decode(v, arrays) for v in item["forward"]])[1]
    return item["value"]

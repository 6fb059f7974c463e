"""Proofs allocate hundreds of thousands of small dicts and no reference cycles: Python's cyclic
garbage collector, triggered by the allocations, then rescans every live object again and again
(~30% of a 32×32 transpose proof, growing with its size). :func:`without_gc` pauses it for the
duration of one proof; reference counting still frees everything.

>>> import gc
>>> @without_gc
... def probe():
...     return gc.isenabled()
>>> probe(), gc.isenabled()
(False, True)
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def without_gc(function: Callable[..., T]) -> Callable[..., T]:
    """Run ``function`` with the cyclic garbage collector paused (restored afterwards)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs) -> T:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper

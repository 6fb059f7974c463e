"""What can be proved: one entry per identity, with the textbook reference and accepted ids.

Importing this module is cheap (no numpy): ``cnnlab prove list`` reads it.
"""

from __future__ import annotations

from cnnlab.errors import SpecError
from cnnlab.symbolic.texts import (
    COMMUTATIVITY,
    GRADIENT,
    ONE_BY_ONE,
    POOLING,
    TRANSPOSE,
    Identity,
)

IDENTITIES: tuple[Identity, ...] = (COMMUTATIVITY, TRANSPOSE, GRADIENT, ONE_BY_ONE, POOLING)

ALIASES = {"5-1": "commutativity", "5-2": "commutativity", "5-3": "one-by-one",
           "5-6": "transpose", "5-7": "transpose", "1x1": "one-by-one"}
"""Exercise numbers of both NNDL editions (print: 5-2, 5-3, 5-7; online draft: 5-1, 5-6)."""


def find(name: str) -> Identity:
    """The identity called ``name`` (its id or an NNDL exercise number)."""
    key = ALIASES.get(name.lower(), name.lower())
    for identity in IDENTITIES:
        if identity.id == key:
            return identity
    known = ", ".join(i.id for i in IDENTITIES)
    raise SpecError(f"unknown identity {name!r}; known: {known} (or an exercise number: "
                    f"{', '.join(ALIASES)})")

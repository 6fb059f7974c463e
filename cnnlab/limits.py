"""The documented limits on what the layer language, shapes and network files may ask for.

Every input is checked against these *before* any work proportional to it is done, so a typo
such as ``1000000000*relu`` is refused at once with the number it would have expanded to,
instead of filling the memory. ``docs/LANGUAGE.md`` documents them.
"""

from __future__ import annotations

from cnnlab.errors import SpecError

MAX_LAYERS = 20_000
"""Rows a network may expand to (layers plus one per block), after every repeat and block use."""

MAX_DEPTH = 32
"""Blocks nested inside blocks (``res[``, ``concat[``, ``2*[``, network-file tables, block uses)."""

MAX_FILE_BYTES = 1_000_000
"""Size of a network file."""

MAX_DIGITS = 12
"""Digits of any one number (sizes, keys, repeat counts): at most 999,999,999,999."""


def check_digits(what: str, digits: str) -> None:
    """Refuse a number too long to be meant, before Python's ``int`` is asked to read it.

    >>> check_digits("s", "2")
    """
    if len(digits.lstrip("+-").lstrip("0")) > MAX_DIGITS:
        raise SpecError(
            f"{what}: a number has at most {MAX_DIGITS} digits here (the limit is "
            f"{10**MAX_DIGITS - 1:,})"
        )


def too_many_layers(rows: int | None) -> SpecError:
    """The error for a network that would expand past ``MAX_LAYERS`` (``None``: not counted)."""
    told = f"{rows:,} layers" if rows is not None else "more layers than that"
    return SpecError(
        f"the network expands to {told}; the limit is {MAX_LAYERS:,} (repeats and blocks "
        f"multiply: check the repeat counts)"
    )


def too_deep() -> SpecError:
    return SpecError(f"blocks are nested more than {MAX_DEPTH} deep, the limit")

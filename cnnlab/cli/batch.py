"""Which batch size a command uses when both ``--batch`` and a four-number shape give one."""

from __future__ import annotations

from cnnlab.cli.output import USAGE, fail


def choose_batch(option: int | None, written: int | None, shape: str, as_json: bool) -> int | None:
    """``--batch`` or the batch written in front of the shape (``8x39x39x3``); both only if equal.

    A conflict is a misused command line (exit 2): neither silently wins.
    """
    if option is not None and written is not None and option != written:
        raise fail(
            f"--batch {option} conflicts with the batch {written} written in the shape "
            f"{shape!r}; give the batch once",
            USAGE,
            as_json,
        )
    return option if option is not None else written

"""Padding modes and how each turns into (before, after) amounts along one axis.

The one padding vocabulary of cnnlab: the layer language (``p=same``), the layer objects and the
numpy reference layers (``padding="same"``) all read padding through :meth:`Padding.of` and
resolve it with :meth:`Padding.resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from numbers import Integral

from cnnlab.errors import LayerArgumentError, ShapeError


class PadMode(StrEnum):
    """How the padding of a window layer is chosen."""

    EXPLICIT = "explicit"  # numbers given: (top, bottom, left, right)
    VALID = "valid"  # no padding
    SAME = "same"  # p = (f - 1)/2 on every side; needs an odd (effective) kernel
    FULL = "full"  # p = f - 1 on every side: every partial overlap ("wide" convolution, NNDL)
    TF_SAME = "tf-same"  # TensorFlow SAME: out = ceil(n/s), the odd extra row goes bottom/right

    @classmethod
    def named(cls, name: str) -> PadMode | None:
        """The mode a padding name stands for (``'tf_same'`` and ``'same-tf'`` too), else None.

        >>> PadMode.named("SAME-TF")
        <PadMode.TF_SAME: 'tf-same'>
        """
        return _PAD_NAMES.get(name.strip().lower())


_PAD_NAMES = {
    "valid": PadMode.VALID,
    "same": PadMode.SAME,
    "full": PadMode.FULL,
    "tf-same": PadMode.TF_SAME,
    "tf_same": PadMode.TF_SAME,
    "tfsame": PadMode.TF_SAME,
    "same-tf": PadMode.TF_SAME,
}


@dataclass(frozen=True)
class Padding:
    """A padding specification; ``amounts`` is (top, bottom, left, right) for EXPLICIT."""

    mode: PadMode = PadMode.EXPLICIT
    amounts: tuple[int, int, int, int] = (0, 0, 0, 0)

    def __post_init__(self) -> None:
        if any(a < 0 for a in self.amounts):
            raise LayerArgumentError(f"padding must be >= 0, got {self.amounts}")

    @classmethod
    def symmetric(cls, p: int) -> Padding:
        return cls(PadMode.EXPLICIT, (p, p, p, p))

    @classmethod
    def pair(cls, p_h: int, p_w: int) -> Padding:
        return cls(PadMode.EXPLICIT, (p_h, p_h, p_w, p_w))

    @classmethod
    def of(cls, value: object) -> Padding:
        """Read a padding given to a Python function: the parse boundary of the numpy layers.

        ``value`` is a :class:`Padding`, a mode name (``"same"``, ``"valid"``, ``"full"``,
        ``"tf-same"``), an int (every side), ``(p_h, p_w)`` or ``((top, bottom), (left, right))``.

        >>> Padding.of(1) == Padding.symmetric(1)
        True
        >>> Padding.of(((0, 1), (2, 3))).amounts
        (0, 1, 2, 3)
        >>> Padding.of("same").mode.value
        'same'
        """
        if isinstance(value, Padding):
            return value
        if isinstance(value, str):
            mode = PadMode.named(value)
            if mode is not None:
                return cls(mode)
        else:
            amounts = _explicit(value)
            if amounts is not None:
                return cls(PadMode.EXPLICIT, amounts)
        raise LayerArgumentError(
            "padding must be a whole number >= 0, (p_h, p_w), ((top, bottom), (left, right)) or "
            f"one of {', '.join(repr(m.value) for m in PadMode if m is not PadMode.EXPLICIT)}, "
            f"got padding={value!r}"
        )

    def __str__(self) -> str:
        if self.mode is not PadMode.EXPLICIT:
            return self.mode.value
        top, bottom, left, right = self.amounts
        if top == bottom == left == right:
            return str(top)
        if top == bottom and left == right:
            return f"{top}x{left}"
        return f"{top}/{bottom}/{left}/{right}"

    def explicit(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """``((top, bottom), (left, right))`` of an explicit padding (the numpy layers' form)."""
        top, bottom, left, right = self.amounts
        return (top, bottom), (left, right)

    def resolve(self, axis: int, n: int, f_eff: int, s: int) -> tuple[int, int]:
        """(before, after) padding along ``axis`` (0 = height, 1 = width).

        ``n`` is the input size along the axis, ``f_eff = d·(f − 1) + 1`` the effective kernel.

        >>> Padding(PadMode.TF_SAME).resolve(0, n=64, f_eff=4, s=1)
        (1, 2)
        >>> Padding(PadMode.SAME).resolve(1, n=28, f_eff=5, s=1)
        (2, 2)
        """
        if self.mode is PadMode.EXPLICIT:
            return self.amounts[2 * axis], self.amounts[2 * axis + 1]
        if self.mode is PadMode.VALID:
            return 0, 0
        if self.mode is PadMode.FULL:
            return f_eff - 1, f_eff - 1
        if self.mode is PadMode.SAME:
            if f_eff % 2 == 0:
                raise ShapeError(
                    f"padding 'same' needs an odd kernel: p = (f − 1)/2 = ({f_eff} − 1)/2 = "
                    f"{(f_eff - 1) / 2:g} is not whole; use p=tf-same (the extra row/column goes "
                    f"at the bottom/right, as TensorFlow does) or explicit p=top/bottom/left/right"
                )
            return (f_eff - 1) // 2, (f_eff - 1) // 2
        out = -(-n // s)  # TF SAME: ceil(n / s)
        total = max((out - 1) * s + f_eff - n, 0)
        return total // 2, total - total // 2


def _amount(value: object) -> int | None:
    """A whole number of rows >= 0 (numpy integers too, never a bool), else None."""
    if isinstance(value, Integral) and not isinstance(value, bool) and int(value) >= 0:
        return int(value)
    return None


def _explicit(value: object) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of an int, (p_h, p_w) or ((top, bottom), (left, right))."""
    if not isinstance(value, tuple | list):
        sides = [_amount(value)] * 4
    elif len(value) != 2:
        return None
    elif all(isinstance(v, tuple | list) and len(v) == 2 for v in value):
        sides = [_amount(a) for side in value for a in side]
    elif not any(isinstance(v, tuple | list) for v in value):
        sides = [_amount(value[0])] * 2 + [_amount(value[1])] * 2
    else:
        return None
    top, bottom, left, right = sides
    if top is None or bottom is None or left is None or right is None:
        return None
    return top, bottom, left, right

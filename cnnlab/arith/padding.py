"""Padding modes and how each turns into (before, after) amounts along one axis."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cnnlab.errors import LayerArgumentError, ShapeError


class PadMode(StrEnum):
    """How the padding of a window layer is chosen."""

    EXPLICIT = "explicit"  # numbers given: (top, bottom, left, right)
    VALID = "valid"  # no padding
    SAME = "same"  # p = (f - 1)/2 on every side; needs an odd (effective) kernel
    FULL = "full"  # p = f - 1 on every side: every partial overlap ("wide" convolution, NNDL)
    TF_SAME = "tf-same"  # TensorFlow SAME: out = ceil(n/s), the odd extra row goes bottom/right


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

    def __str__(self) -> str:
        if self.mode is not PadMode.EXPLICIT:
            return self.mode.value
        top, bottom, left, right = self.amounts
        if top == bottom == left == right:
            return str(top)
        if top == bottom and left == right:
            return f"{top}x{left}"
        return f"{top}/{bottom}/{left}/{right}"

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

"""Receptive field and jump (effective stride), carried layer by layer.

For a window layer with effective kernel ``f_eff`` and stride ``s``, with ``r`` and ``j`` the
receptive field and jump of its input (both in input pixels)::

    r_out = r + (f_eff − 1)·j        j_out = j·s

A transposed convolution divides the jump by ``s``; each of its outputs sees
``⌈f_eff/s⌉`` neighbouring inputs, so ``r_out = r + (⌈f_eff/s⌉ − 1)·j``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

_ONE = (Fraction(1), Fraction(1))


class Receptive(NamedTuple):
    """Receptive field (rows, columns of the network input) and jump of one feature map.

    (A NamedTuple: every layer of a walk makes one, and it is cheap to create at start-up.)

    ``whole`` is set once a layer sees the entire input (flatten, fully connected, global pool).
    The jump is an exact fraction (a transposed convolution divides it), never a float, so
    sizes of any magnitude stay exact.
    """

    size: tuple[int, int] = (1, 1)
    jump: tuple[Fraction, Fraction] = _ONE
    whole: bool = False

    def through_window(self, f_eff: tuple[int, int], s: tuple[int, int]) -> Receptive:
        """After a convolution or pooling window.

        >>> Receptive().through_window((3, 3), (1, 1)).through_window((3, 3), (2, 2)).size
        (5, 5)
        """
        if self.whole:
            return self
        (r_h, r_w), (j_h, j_w) = self.size, self.jump
        size = (_whole(r_h + (f_eff[0] - 1) * j_h), _whole(r_w + (f_eff[1] - 1) * j_w))
        return Receptive(size, (j_h * s[0], j_w * s[1]))

    def through_transposed(self, f_eff: tuple[int, int], s: tuple[int, int]) -> Receptive:
        """After a transposed convolution (upsampling: the jump shrinks by the stride)."""
        if self.whole:
            return self
        (r_h, r_w), (j_h, j_w) = self.size, self.jump
        seen = (-(-f_eff[0] // s[0]), -(-f_eff[1] // s[1]))  # inputs under one output: ⌈f/s⌉
        size = (_whole(r_h + (seen[0] - 1) * j_h), _whole(r_w + (seen[1] - 1) * j_w))
        return Receptive(size, (j_h / s[0], j_w / s[1]))

    def everything(self) -> Receptive:
        return Receptive(self.size, self.jump, whole=True)

    @staticmethod
    def merge(branches: list[Receptive]) -> Receptive:
        """Several branches joined (concatenation or addition): the widest view wins."""
        if any(b.whole for b in branches):
            return branches[0].everything()
        size = (max(b.size[0] for b in branches), max(b.size[1] for b in branches))
        jump = (max(b.jump[0] for b in branches), max(b.jump[1] for b in branches))
        return Receptive(size, jump)

    def format(self) -> tuple[str, str]:
        """(receptive field, jump) as display strings, e.g. ('5×5', '2'), ('3×3', '1/2').

        >>> Receptive().through_transposed((1, 1), (2, 2)).format()
        ('1×1', '1/2')
        """
        if self.whole:
            return "all", "-"
        h, w = self.size
        rf = f"{h}×{w}"
        jh, jw = (str(j) for j in self.jump)
        return rf, (jh if jh == jw else f"{jh}×{jw}")


def _whole(value: Fraction) -> int:
    """A receptive field in whole input pixels (a fractional jump can leave a half: round up)."""
    return -(-value.numerator // value.denominator)

"""The result of a proof: plain data that the renderers turn into panels, LaTeX, Markdown or JSON.

Nothing here imports numpy: a :class:`Proof` holds strings and numbers only, so it can be built,
compared and serialised without the algebra that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Formula:
    """One formula in two notations: Unicode text for the terminal, LaTeX for documents."""

    text: str
    latex: str


@dataclass(frozen=True)
class Step:
    """One step of an argument: what is done (prose) and the formula it gives."""

    says: str
    formula: Formula | None = None


@dataclass(frozen=True)
class Shown:
    """A small matrix shown as part of the instance (entries already written out).

    ``entries`` holds the Unicode form of every cell, ``latex`` the LaTeX form (same shape);
    ``elided`` says how many rows/columns were left out to fit a screen.
    """

    name: str
    caption: str
    entries: tuple[tuple[str, ...], ...]
    latex: tuple[tuple[str, ...], ...]
    elided: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Picture:
    """The sparse structure of a matrix: one character per entry, a legend for the characters.

    ``weights`` lists, for a one-channel convolution, every nonzero entry as
    ``(row, column, (u, v))`` with ``(u, v)`` the 0-based kernel position of its weight (what
    ``cnnlab.render.matrix_svg`` draws); it is empty otherwise.
    """

    name: str
    rows: tuple[str, ...]
    legend: tuple[tuple[str, str], ...]
    shape: tuple[int, int]
    nonzeros: int
    elided: tuple[int, int] = (0, 0)
    weights: tuple[tuple[int, int, tuple[int, int]], ...] = ()


@dataclass(frozen=True)
class Counterexample:
    """The smallest instance found where a claim fails, and a numeric witness of it."""

    sizes: dict[str, str]
    entry: str
    lhs: str
    rhs: str
    witness: dict[str, int]
    lhs_value: int | str
    rhs_value: int | str
    reason: str = ""
    lhs_latex: str = ""
    rhs_latex: str = ""
    witness_latex: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SweepCase:
    """One instance of a sweep: its settings, whether it held, how many entries were checked."""

    sizes: dict[str, str]
    holds: bool
    checked_entries: int


@dataclass(frozen=True)
class Check:
    """One verified equation of the instance: ``lhs = rhs`` entry by entry."""

    equation: Formula
    checked_entries: int
    holds: bool
    first_difference: str = ""


@dataclass(frozen=True)
class Proof:
    """Everything a proof produced.

    Attributes
    ----------
    identity : its id (``"transpose"``, ``"claim"``, ...)
    title, reference : a human title and the textbook reference (e.g. ``"NNDL exercise 5-7"``)
    statement : the identity in general form
    definitions : every symbol of the statement, as (symbol, meaning) formulas
    sizes : the instance's sizes and settings, as displayable strings
    argument : the general, index-level derivation (holds for every size)
    shown : matrices of the instance, computed by the reference layers
    picture : the sparse structure of the operator, when there is one
    checks : the verified equations of the instance
    holds : the verdict
    counterexample : for a refuted claim
    sweep : instances checked beyond the chosen one (evidence, not proof)
    notes : remarks (errata, conventions)
    """

    identity: str
    title: str
    reference: str
    statement: Formula
    definitions: tuple[tuple[Formula, str], ...]
    sizes: dict[str, str]
    argument: tuple[Step, ...]
    checks: tuple[Check, ...]
    holds: bool
    shown: tuple[Shown, ...] = ()
    picture: Picture | None = None
    counterexample: Counterexample | None = None
    sweep: tuple[SweepCase, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        """One line: which identity, at which sizes, and the verdict."""
        sizes = ", ".join(f"{k} {v}" for k, v in self.sizes.items())
        verdict = "holds" if self.holds else "fails"
        return (f"Proof({self.identity}, {sizes}: {verdict}, "
                f"{self.checked_entries:,} entries checked)")

    @property
    def checked_entries(self) -> int:
        """Entries compared over the instance's checks and the sweep."""
        return sum(c.checked_entries for c in self.checks) + sum(
            c.checked_entries for c in self.sweep)

"""What an exercise is, as data: its source, statement, the quantities it asks and how each is
computed, and (for the other kinds) its functions, proof or model answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from cnnlab.exercises.tolerance import Tolerance

LANGUAGES = ("en", "zh")


class Kind(StrEnum):
    """What a student hands in: numbers, code, a proof, or a written answer."""

    NUMERIC = "numeric"
    CODE = "code"
    PROOF = "proof"
    OPEN = "open"


class ValueType(StrEnum):
    """The type of one asked quantity; a shape is a tuple of positive integers (``37x37x10``)."""

    INTEGER = "integer"
    NUMBER = "number"
    SHAPE = "shape"
    CLAIM = "claim"  # an expression in cnnlab prove's claim language, checked by the prover


@dataclass(frozen=True)
class Text:
    """A text in English and, where written, Chinese (``--lang zh`` falls back to English)."""

    en: str
    zh: str | None = None

    def get(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" and self.zh else self.en


@dataclass(frozen=True)
class Source:
    """Where an exercise comes from: the course key (nndl, ng, dlai, cs231n), its name, the item."""

    course: str
    name: str
    item: str


@dataclass(frozen=True)
class NetworkText:
    """A network written in cnnlab's layer language, with its input shape."""

    input: str
    layers: str

    def command(self, verb: str = "shape") -> str:
        quoted = " ".join(_quote(token) for token in self.layers.split())
        return f"cnnlab {verb} {self.input} {quoted}"


def _quote(token: str) -> str:
    return f"'{token}'" if any(c in token for c in "[]|*") else token


@dataclass(frozen=True)
class Ask:
    """One asked quantity: its key on the answer sheet, its wording, and how cnnlab computes it.

    ``of`` names the quantity (``output``, ``features``, ``params``, ``macs``, ``activations``,
    ``rf``, ``same_padding``, ``matrix_shape``, ``ratio``, or ``function`` for code); ``args``
    holds what it needs (``network``, ``layer``, ``f``, ``d``, ...). Code exercises ask for
    functions: ``function`` is the name to write.
    """

    key: str
    text: Text
    of: str
    args: dict[str, Any] = field(default_factory=dict, compare=False)
    points: float = 1.0
    tolerance: Tolerance = Tolerance()


@dataclass(frozen=True)
class Exercise:
    """One exercise (or a generated variant), as loaded from its TOML file."""

    id: str
    kind: Kind
    title: Text
    source: Source
    statement: Text
    asks: tuple[Ask, ...] = ()
    aliases: tuple[str, ...] = ()
    networks: dict[str, NetworkText] = field(default_factory=dict, compare=False)
    errata: tuple[Text, ...] = ()
    solution: Text | None = None
    model_answer: Text | None = None
    rubric: tuple[Text, ...] = ()
    prove: str | None = None
    convention: str | None = None
    starter: str | None = None
    seed: int | None = None

    @property
    def points(self) -> float:
        return sum(a.points for a in self.asks)

    def ask(self, key: str) -> Ask | None:
        return next((a for a in self.asks if a.key == key), None)


Exact = int | Fraction | tuple[int, ...] | str


@dataclass(frozen=True)
class Answer:
    """The right answer to one ask, as cnnlab computes it, and how.

    ``formula`` has the numbers substituted; ``command`` is the cnnlab command that shows it.
    """

    value: Exact
    type: ValueType
    formula: str
    command: str

    def text(self) -> str:
        return format_value(self.value, self.type)


def format_value(value: Exact, kind: ValueType) -> str:
    """``37×37×10``, ``1,960`` or ``9.677`` (a fraction to four significant figures).

    >>> format_value((37, 37, 10), ValueType.SHAPE), format_value(1960, ValueType.INTEGER)
    ('37×37×10', '1,960')
    >>> format_value(Fraction(120422400, 12443648), ValueType.NUMBER)
    '9.677'
    """
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return "×".join(str(v) for v in value)
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):.4g}"
    return f"{int(value):,}"

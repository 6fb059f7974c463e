"""Read a sequence of layer tokens, with blocks for parallel branches.

Grammar (tokens are separated by spaces; ``[``, ``|`` and ``]`` need no spaces around them)::

    sequence := item*
    item     := LAYER | N*LAYER | N*[ sequence ] | JOIN[ sequence ( | sequence )* ]
    JOIN     := concat | add | res

``concat[a | b]`` concatenates the channels of branches ``a`` and ``b`` (both fed the block's
input); ``add[a | b]`` adds them; ``res[body]`` is ``add[body | ]`` (identity shortcut) and
``res[body | shortcut]`` uses a projection shortcut. ``2*[...]`` repeats a sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cnnlab.errors import SpecError
from cnnlab.network.graph import Block, Item, Join, LayerNode
from cnnlab.spec.layer import parse_layer

_TOKEN = re.compile(r"[^\s\[\]|]*\[|\]|\||[^\s\[\]|]+")
_OPENER = re.compile(r"(?:(\d+)\*)?(\w*)\[")
_REPEATED = re.compile(r"(\d+)\*(.+)")
_JOINS = {"concat": Join.CONCAT, "cat": Join.CONCAT, "add": Join.ADD, "res": Join.ADD,
          "residual": Join.ADD}


@dataclass(frozen=True)
class Token:
    text: str
    origin: str  # where it was written, for error messages ('' when obvious)


def tokenize(texts: list[str], origins: list[str] | None = None) -> list[Token]:
    """Split every text into tokens; ``origins`` name where each text came from."""
    tokens = []
    for number, text in enumerate(texts):
        origin = origins[number] if origins else ""
        tokens += [Token(m.group(), origin) for m in _TOKEN.finditer(text)]
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def error(self, message: str, token: Token | None = None) -> SpecError:
        where = token.origin if token and token.origin else ""
        return SpecError(f"{where}: {message}" if where else message)

    def sequence(self) -> tuple[Item, ...]:
        items: list[Item] = []
        while self.i < len(self.tokens) and self.tokens[self.i].text not in ("|", "]"):
            items += self.item()
        return tuple(items)

    def item(self) -> list[Item]:
        token = self.tokens[self.i]
        self.i += 1
        opener = _OPENER.fullmatch(token.text)
        if opener:
            return self.group(token, int(opener.group(1) or 1), opener.group(2).lower())
        repeated = _REPEATED.fullmatch(token.text)
        count, text = (int(repeated.group(1)), repeated.group(2)) if repeated else (1, token.text)
        if count < 1:
            raise self.error(f"{token.text!r}: a repeat count must be >= 1", token)
        try:
            node = LayerNode(parse_layer(text), text)
        except SpecError as error:
            raise self.error(str(error), token) from None
        return [node] * count

    def group(self, opener: Token, count: int, name: str) -> list[Item]:
        if name and name not in _JOINS:
            raise self.error(
                f"unknown block {name + '[' !r}; blocks are concat[...], add[...], res[...] "
                f"and N*[...]",
                opener,
            )
        branches = [self.sequence()]
        while self.i < len(self.tokens) and self.tokens[self.i].text == "|":
            self.i += 1
            branches.append(self.sequence())
        if self.i >= len(self.tokens) or self.tokens[self.i].text != "]":
            raise self.error(f"{opener.text!r} is never closed: a ']' is missing", opener)
        self.i += 1
        if count < 1:
            raise self.error(f"{opener.text!r}: a repeat count must be >= 1", opener)
        if not name:
            if len(branches) > 1:
                raise self.error(f"{opener.text!r}: '|' only separates branches of a block", opener)
            return list(branches[0]) * count
        return [self.block(opener, name, branches)] * count

    def block(self, opener: Token, name: str, branches: list[tuple[Item, ...]]) -> Block:
        join = _JOINS[name]
        if name in ("res", "residual"):
            if len(branches) > 2:
                raise self.error("res[body | shortcut] takes at most two branches", opener)
            if not branches[0]:
                raise self.error("res[...] needs at least one layer in its body", opener)
            shortcut = "projection" if len(branches) == 2 and branches[1] else "identity"
            return Block(join, (branches[0], branches[1] if len(branches) == 2 else ()),
                         f"res ({shortcut} shortcut)")
        if len(branches) < 2:
            raise self.error(f"{name}[...] needs two branches or more, separated by '|'", opener)
        return Block(join, tuple(branches), f"{join.value} ({len(branches)} branches)")


def parse_items(texts: list[str], origins: list[str] | None = None) -> tuple[Item, ...]:
    """Parse layer tokens (one text per CLI argument, or one string of a network file).

    >>> [item.text for item in parse_items(["conv:f=3,k=8 2*relu"])]
    ['conv:f=3,k=8', 'relu', 'relu']
    >>> parse_items(["concat[conv:f=1,k=8 | pool:max,f=3,s=1,p=1]"])[0].text
    'concat (2 branches)'
    """
    tokens = tokenize(texts, origins)
    parser = _Parser(tokens)
    items = parser.sequence()
    if parser.i < len(tokens):
        stray = tokens[parser.i]
        message = "'|' outside a block" if stray.text == "|" else "']' without a matching '['"
        raise parser.error(message, stray)
    return items

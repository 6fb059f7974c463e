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

from cnnlab.errors import SpecError, quoted
from cnnlab.limits import MAX_DEPTH, check_digits, too_deep
from cnnlab.network.graph import Item, Join, LayerNode
from cnnlab.spec.expand import Group, Node, Repeat, expand
from cnnlab.spec.layer import parse_layer

_TOKEN = re.compile(r"[^\s\[\]|]*\[|\]|\||[^\s\[\]|]+")
_OPENER = re.compile(r"(?:([+-]?\d+)\*)?(\w*)\[")
_REPEATED = re.compile(r"([+-]?\d+)\*(.+)")
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
    def __init__(self, tokens: list[Token], depth: int = 0) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = depth  # blocks already open around these tokens (network-file tables)

    def error(self, message: str, token: Token | None = None) -> SpecError:
        where = token.origin if token and token.origin else ""
        return SpecError(f"{where}: {message}" if where else message)

    def sequence(self) -> tuple[Node, ...]:
        nodes: list[Node] = []
        while self.i < len(self.tokens) and self.tokens[self.i].text not in ("|", "]"):
            nodes.append(self.item())
        return tuple(nodes)

    def count(self, token: Token, digits: str | None) -> int:
        if digits is None:
            return 1
        try:
            check_digits(f"{quoted(token.text)}", digits)
        except SpecError as error:
            raise self.error(str(error), token) from None
        if int(digits) < 1:
            raise self.error(f"{quoted(token.text)}: a repeat count must be >= 1", token)
        return int(digits)

    def item(self) -> Node:
        token = self.tokens[self.i]
        self.i += 1
        opener = _OPENER.fullmatch(token.text)
        if opener:
            count = self.count(token, opener.group(1))
            return self.group(token, count, opener.group(2).lower())
        repeated = _REPEATED.fullmatch(token.text)
        text = repeated.group(2) if repeated else token.text
        count = self.count(token, repeated.group(1) if repeated else None)
        try:
            node = LayerNode(parse_layer(text), text)
        except SpecError as error:
            raise self.error(str(error), token) from None
        return Repeat(count, (node,)) if count != 1 else node

    def group(self, opener: Token, count: int, name: str) -> Node:
        if name and name not in _JOINS:
            raise self.error(
                f"unknown block {quoted(name + '[')}; blocks are concat[...], add[...], res[...] "
                f"and N*[...]",
                opener,
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(str(too_deep()), opener)
        branches = [self.sequence()]
        while self.i < len(self.tokens) and self.tokens[self.i].text == "|":
            self.i += 1
            branches.append(self.sequence())
        if self.i >= len(self.tokens) or self.tokens[self.i].text != "]":
            raise self.error(f"{quoted(opener.text)} is never closed: a ']' is missing", opener)
        self.i += 1
        self.depth -= 1
        if not name:
            if len(branches) > 1:
                message = f"{quoted(opener.text)}: '|' only separates branches of a block"
                raise self.error(message, opener)
            return Repeat(count, branches[0])
        block = self.block(opener, name, branches)
        return Repeat(count, (block,)) if count != 1 else block

    def block(self, opener: Token, name: str, branches: list[tuple[Node, ...]]) -> Group:
        join = _JOINS[name]
        if name in ("res", "residual"):
            if len(branches) > 2:
                raise self.error("res[body | shortcut] takes at most two branches", opener)
            if not branches[0]:
                raise self.error("res[...] needs at least one layer in its body", opener)
            shortcut = "projection" if len(branches) == 2 and branches[1] else "identity"
            return Group(join, (branches[0], branches[1] if len(branches) == 2 else ()),
                         f"res ({shortcut} shortcut)")
        if len(branches) < 2:
            raise self.error(f"{name}[...] needs two branches or more, separated by '|'", opener)
        return Group(join, tuple(branches), f"{join.value} ({len(branches)} branches)")


def parse_nodes(
    texts: list[str], origins: list[str] | None = None, depth: int = 0
) -> tuple[Node, ...]:
    """The layers as written, repeats not unrolled (``depth``: blocks already open around them).

    >>> [type(node).__name__ for node in parse_nodes(["conv:f=3,k=8 2*relu"])]
    ['LayerNode', 'Repeat']
    """
    tokens = tokenize(texts, origins)
    parser = _Parser(tokens, depth)
    nodes = parser.sequence()
    if parser.i < len(tokens):
        stray = tokens[parser.i]
        message = "'|' outside a block" if stray.text == "|" else "']' without a matching '['"
        raise parser.error(message, stray)
    return nodes


def parse_items(texts: list[str], origins: list[str] | None = None) -> tuple[Item, ...]:
    """Parse layer tokens (one text per CLI argument, or one string of a network file).

    Refuses, before building anything, a network that would expand past ``MAX_LAYERS`` rows.

    >>> [item.text for item in parse_items(["conv:f=3,k=8 2*relu"])]
    ['conv:f=3,k=8', 'relu', 'relu']
    >>> parse_items(["concat[conv:f=1,k=8 | pool:max,f=3,s=1,p=1]"])[0].text
    'concat (2 branches)'
    """
    return expand(parse_nodes(texts, origins))


def parse_arguments(texts: list[str], first: int = 2) -> tuple[Item, ...]:
    """The layers of a command line, one text per argument numbered from ``first``.

    An argument with no layer in it (``''``) is a mistake, not an empty network.
    """
    for number, text in enumerate(texts, start=first):
        if not text.strip():
            raise SpecError(f"argument {number} is empty: give a layer, e.g. conv:f=3,k=8")
    return parse_items(texts, [f"argument {i}" for i in range(first, first + len(texts))])

"""The ``layers`` of a network file (and of its blocks) → nodes, every field type-checked.

An entry is a layer-language string or a table with exactly one of ``layer``, ``concat``,
``add``, ``residual``, ``repeat`` or ``block``. Nesting is bounded by ``MAX_DEPTH``; a block
used with the same values is read once (so repeated blocks cost nothing); the layer text read
in all, after block values are filled in, is bounded by ``MAX_PARSE_CHARS``, so no file can
make the reader work without end.
"""

from __future__ import annotations

import re
from typing import Any

from cnnlab.errors import quoted
from cnnlab.limits import MAX_DEPTH, too_deep, too_many_layers
from cnnlab.network.graph import Join, LayerNode
from cnnlab.spec.expand import Group, Node, Repeat
from cnnlab.spec.fields import Fields
from cnnlab.spec.sequence import parse_nodes

KINDS = ("layer", "concat", "add", "residual", "repeat", "block")
ITEM_KEYS = ("layer", "name", "concat", "add", "residual", "shortcut", "repeat", "layers", "block")
_COMPANIONS = {"layer": ("name",), "concat": ("name",), "add": ("name",),
               "residual": ("name", "shortcut"), "repeat": ("layers",)}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
MAX_PARSE_CHARS = 2_000_000
"""Layer text a network file may make the reader parse, counted after block values are filled."""


class Reader(Fields):
    def __init__(self, blocks: dict[str, Any], origin: str) -> None:
        super().__init__(origin)
        self.blocks = blocks
        self.using: list[str] = []  # blocks being expanded, outermost first
        self.read: dict[tuple[str, str], Repeat] = {}
        self.chars = 0

    def sequence(self, value: Any, where: str, depth: int) -> tuple[Node, ...]:
        if depth > MAX_DEPTH:
            raise self.fail(where, str(too_deep()))
        if isinstance(value, str):
            return self.string(value, where, depth)
        if not isinstance(value, list):
            raise self.wrong(where, "an array of layers or a layer-language string", value)
        nodes: list[Node] = []
        for number, entry in enumerate(value):
            nodes += self.entry(entry, f"{where}[{number}]", depth)
        return tuple(nodes)

    def string(self, text: str, where: str, depth: int) -> tuple[Node, ...]:
        self.chars += len(text)
        if self.chars > MAX_PARSE_CHARS:
            raise self.fail(where, str(too_many_layers(None)))
        return parse_nodes([text], [f"{self.origin}: {where}"], depth)

    def entry(self, entry: Any, where: str, depth: int) -> list[Node]:
        if isinstance(entry, str):
            return list(self.string(entry, where, depth))
        if not isinstance(entry, dict):
            raise self.wrong(where, "a layer-language string or a table", entry)
        if "block" in entry:
            return [self.use_block(entry, where, depth)]
        self.keys(entry, ITEM_KEYS, where)
        kinds = [key for key in KINDS if key in entry]
        if len(kinds) != 1:
            found = f"{' and '.join(kinds)} together" if kinds else "none"
            raise self.fail(where, f"a table needs exactly one of {', '.join(KINDS)}; got {found}")
        extra = sorted(set(entry) - {kinds[0], *_COMPANIONS[kinds[0]]})
        if extra:
            raise self.fail(where, f"{quoted(extra[0])} does not go with {kinds[0]}")
        return [self.table(kinds[0], entry, where, depth)]

    def table(self, kind: str, entry: dict[str, Any], where: str, depth: int) -> Node:
        name = self.text(entry["name"], f"{where}.name") if "name" in entry else None
        if kind == "layer":
            return self.labelled(self.sequence(entry["layer"], f"{where}.layer", depth), name,
                                 where)
        if kind == "repeat":
            count = self.whole(entry["repeat"], f"{where}.repeat")
            if "layers" not in entry:
                raise self.fail(where, "repeat needs the layers to repeat (layers = [...])")
            return Repeat(count, self.sequence(entry["layers"], f"{where}.layers", depth + 1))
        if kind == "residual":
            body = self.sequence(entry["residual"], f"{where}.residual", depth + 1)
            if not body:
                raise self.fail(f"{where}.residual", "needs at least one layer")
            shortcut = self.sequence(entry.get("shortcut", []), f"{where}.shortcut", depth + 1)
            text = f"res ({'projection' if shortcut else 'identity'} shortcut)"
            return Group(Join.ADD, (body, shortcut), text, name)
        join = Join(kind)
        branches = entry[kind]
        if not isinstance(branches, list) or len(branches) < 2:
            raise self.wrong(f"{where}.{kind}", "an array of two branches or more", branches)
        parsed = tuple(self.sequence(b, f"{where}.{kind}[{i}]", depth + 1)
                       for i, b in enumerate(branches))
        return Group(join, parsed, f"{kind} ({len(parsed)} branches)", name)

    def labelled(self, nodes: tuple[Node, ...], name: str | None, where: str) -> Node | Repeat:
        if name is None:
            return Repeat(1, nodes)
        if len(nodes) != 1 or isinstance(nodes[0], Repeat):
            raise self.fail(
                f"{where}.name",
                f"a name labels one layer, but this entry holds {len(nodes)} items; give each "
                f"layer its own {{ layer = ..., name = ... }}",
            )
        node = nodes[0]
        if isinstance(node, LayerNode):
            return LayerNode(node.layer, node.text, name)
        return Group(node.join, node.branches, node.text, name)

    def use_block(self, entry: dict[str, Any], where: str, depth: int) -> Repeat:
        name = self.text(entry["block"], f"{where}.block", "a block name (a string)")
        if name not in self.blocks:
            known = ", ".join(sorted(self.blocks)) or "none defined"
            raise self.fail(where, f"unknown block {quoted(name)}; blocks: {known}")
        if name in self.using:
            cycle = " → ".join([*self.using[self.using.index(name) :], name])
            raise self.fail(where, f"block {quoted(name)} uses itself ({cycle})")
        values = {k: v for k, v in entry.items() if k != "block"}
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise self.wrong(f"{where}.{key}", "a string or a number to fill {" + key + "}",
                                 value)
        memo = (name, repr(sorted(values.items())))
        if memo not in self.read:
            body = _Filler(values, self, where).fill(self.blocks[name]["layers"])
            self.using.append(name)
            # one node, shared by every use: counting it costs nothing however often it is used
            self.read[memo] = Repeat(1, self.sequence(body, f"{where} (block {name})", depth + 1))
            self.using.pop()
        return self.read[memo]


class _Filler:
    """Replace ``{param}`` in every string of a block's layers by the caller's values."""

    def __init__(self, values: dict[str, Any], reader: Reader, where: str) -> None:
        self.values, self.reader, self.where = values, reader, where

    def fill(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value

    def text(self, value: str) -> str:
        budget = [MAX_PARSE_CHARS]

        def lookup(match: re.Match[str]) -> str:
            if match.group(1) not in self.values:
                missing = quoted(match.group(1))
                raise self.reader.fail(self.where, f"block needs a value for {missing}")
            text = str(self.values[match.group(1)])
            budget[0] -= len(text)
            if budget[0] < 0:
                raise self.reader.fail(self.where, str(too_many_layers(None)))
            return text

        return _PLACEHOLDER.sub(lookup, value)

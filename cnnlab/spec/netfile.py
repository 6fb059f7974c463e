"""Network files (TOML): a network with its input, branches, residual blocks and reusable blocks.

::

    name = "tiny-resnet"
    source = "where the architecture comes from"
    input = "32x32x3"                 # H×W×C (C×H×W with layout = "nchw")
    layers = [
      "conv:f=3,k=16,p=same bn relu",                              # layer-language text
      { layer = "conv:f=3,k=16,p=same", name = "CONV2" },          # a layer with a label
      { residual = ["conv:f=3,k=16,p=1", "bn"] },                  # identity shortcut
      { residual = ["conv:f=3,k=32,s=2,p=1"], shortcut = ["conv:f=1,k=32,s=2"] },
      { concat = [["conv:f=1,k=8"], ["conv:f=3,k=8,p=same"]] },    # Inception-style
      { add = [["conv:f=1,k=40"], ["conv:f=1,k=40"]] },
      { repeat = 2, layers = ["conv:f=3,k=40,p=1", "relu"] },
      { block = "down", k = 64 },                                  # a block defined below
      "gap fc:10",
    ]

    [blocks.down]                     # {k} in its strings is replaced by the caller's value
    layers = ["conv:f=3,k={k},s=2,p=1", "bn", "relu"]
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from cnnlab.errors import SpecError
from cnnlab.network.graph import Block, Item, Join, LayerNode, Network
from cnnlab.shape import Layout, parse_shape
from cnnlab.spec.sequence import parse_items

TOP_KEYS = ("name", "source", "input", "batch", "layout", "notes", "layers", "blocks")
ITEM_KEYS = ("layer", "name", "concat", "add", "residual", "shortcut", "repeat", "layers", "block")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class _Reader:
    def __init__(self, blocks: dict[str, Any], origin: str) -> None:
        self.blocks = blocks
        self.origin = origin
        self.depth = 0

    def fail(self, where: str, message: str) -> SpecError:
        return SpecError(f"{self.origin}: {where}: {message}")

    def sequence(self, value: Any, where: str) -> tuple[Item, ...]:
        if isinstance(value, str):
            return parse_items([value], [f"{self.origin}: {where}"])
        if not isinstance(value, list):
            raise self.fail(where, "expected a list of layers or a layer-language string")
        items: list[Item] = []
        for number, entry in enumerate(value):
            items += self.entry(entry, f"{where}[{number}]")
        return tuple(items)

    def entry(self, entry: Any, where: str) -> list[Item]:
        if isinstance(entry, str):
            return list(parse_items([entry], [f"{self.origin}: {where}"]))
        if not isinstance(entry, dict):
            raise self.fail(where, f"expected a string or a table, got {entry!r}")
        if "block" in entry:
            return self.use_block(entry, where)
        unknown = sorted(set(entry) - set(ITEM_KEYS))
        if unknown:
            raise self.fail(where, f"unknown key {unknown[0]!r}; accepted: {', '.join(ITEM_KEYS)}")
        return self.table(entry, where)

    def table(self, entry: dict[str, Any], where: str) -> list[Item]:
        name = entry.get("name")
        if "layer" in entry:
            items = list(self.sequence(entry["layer"], f"{where}.layer"))
            if name is not None and len(items) == 1 and isinstance(items[0], LayerNode):
                items = [LayerNode(items[0].layer, items[0].text, str(name))]
            return items
        if "concat" in entry or "add" in entry:
            join = Join.CONCAT if "concat" in entry else Join.ADD
            branches = entry[join.value]
            if not isinstance(branches, list) or len(branches) < 2:
                raise self.fail(where, f"{join.value} takes a list of two branches or more")
            parsed = tuple(
                self.sequence(b, f"{where}.{join.value}[{i}]") for i, b in enumerate(branches)
            )
            return [Block(join, parsed, f"{join.value} ({len(parsed)} branches)", name)]
        if "residual" in entry:
            body = self.sequence(entry["residual"], f"{where}.residual")
            shortcut = self.sequence(entry.get("shortcut", []), f"{where}.shortcut")
            kind = "projection" if shortcut else "identity"
            return [Block(Join.ADD, (body, shortcut), f"res ({kind} shortcut)", name)]
        if "repeat" in entry:
            count = entry["repeat"]
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise self.fail(where, f"repeat must be a whole number >= 1, got {count!r}")
            return list(self.sequence(entry.get("layers", []), f"{where}.layers")) * count
        raise self.fail(where, "a table needs one of layer, concat, add, residual, repeat, block")

    def use_block(self, entry: dict[str, Any], where: str) -> list[Item]:
        name = entry["block"]
        if name not in self.blocks:
            known = ", ".join(sorted(self.blocks)) or "none defined"
            raise self.fail(where, f"unknown block {name!r}; blocks: {known}")
        self.depth += 1
        if self.depth > 20:
            raise self.fail(where, f"block {name!r} uses itself")
        values = {k: v for k, v in entry.items() if k != "block"}
        body = _substitute(self.blocks[name].get("layers", []), values, self.fail, where)
        items = list(self.sequence(body, f"{where} (block {name})"))
        self.depth -= 1
        return items


def _substitute(value: Any, values: dict[str, Any], fail: Any, where: str) -> Any:
    """Replace ``{param}`` in every string of ``value`` by the caller's values."""
    if isinstance(value, str):

        def lookup(match: re.Match[str]) -> str:
            if match.group(1) not in values:
                raise fail(where, f"block needs a value for {match.group(1)!r}")
            return str(values[match.group(1)])

        return _PLACEHOLDER.sub(lookup, value)
    if isinstance(value, list):
        return [_substitute(v, values, fail, where) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, values, fail, where) for k, v in value.items()}
    return value


def parse_network(text: str, origin: str = "<network>") -> Network:
    """Read a network from TOML text; ``origin`` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SpecError(f"{origin}: not valid TOML: {error}") from None
    unknown = sorted(set(data) - set(TOP_KEYS))
    if unknown:
        raise SpecError(f"{origin}: unknown key {unknown[0]!r}; accepted: {', '.join(TOP_KEYS)}")
    if "layers" not in data:
        raise SpecError(f"{origin}: no layers (add layers = [...])")
    try:
        layout = Layout(str(data.get("layout", "nhwc")).lower())
    except ValueError:
        raise SpecError(f"{origin}: layout must be nhwc or nchw, got {data['layout']!r}") from None
    shape, batch = (None, None)
    if "input" in data:
        try:
            shape, batch = parse_shape(str(data["input"]), layout)
        except SpecError as error:
            raise SpecError(f"{origin}: input: {error}") from None
    batch = data.get("batch", batch)
    reader = _Reader(data.get("blocks", {}), origin)
    items = reader.sequence(data["layers"], "layers")
    notes = data.get("notes", [])
    return Network(
        items, shape, batch, data.get("name"), data.get("source"),
        tuple([notes] if isinstance(notes, str) else notes),
    )


def load_network(path: str | Path) -> Network:
    """Read a network file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SpecError(f"cannot read network file {str(path)!r}: {error.strerror}") from None
    return parse_network(text, path.name)

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

import tomllib
from pathlib import Path
from typing import Any

from cnnlab.errors import SpecError, quoted
from cnnlab.network.graph import Network
from cnnlab.shape import Layout, parse_shape
from cnnlab.spec.expand import expand
from cnnlab.spec.fields import Fields
from cnnlab.spec.files import read_text
from cnnlab.spec.netitems import Reader

TOP_KEYS = ("name", "source", "input", "batch", "layout", "notes", "layers", "blocks")


def _toml(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SpecError(f"{origin}: not valid TOML: {error}") from None
    except RecursionError:  # arrays or tables nested hundreds deep
        raise SpecError(f"{origin}: arrays or tables nested too deep to read") from None


def _blocks(value: Any, fields: Fields) -> dict[str, Any]:
    """``[blocks.NAME]`` tables, each with its ``layers``."""
    blocks = fields.table(value, "blocks")
    for name, block in blocks.items():
        fields.table(block, f"blocks.{name}")
        fields.keys(block, ("layers",), f"blocks.{name}")
        if "layers" not in block:
            raise fields.fail(f"blocks.{name}", "no layers (add layers = [...])")
        if not isinstance(block["layers"], (str, list)):
            expected = "an array of layers or a layer-language string"
            raise fields.wrong(f"blocks.{name}.layers", expected, block["layers"])
    return blocks


def _input(data: dict[str, Any], layout: Layout, fields: Fields) -> tuple[Any, int | None]:
    """The input shape and the batch, from ``input`` (a fourth number) and ``batch``."""
    shape, batch = None, None
    if "input" in data:
        try:
            shape, batch = parse_shape(fields.text(data["input"], "input", "a shape such as "
                                                   "'32x32x3'"), layout)
        except SpecError as error:
            raise fields.fail("input", str(error)) from None
    if "batch" in data:
        given = fields.whole(data["batch"], "batch")
        if batch is not None and given != batch:
            raise fields.fail("batch", f"{given} conflicts with the batch {batch} written in input")
        batch = given
    return shape, batch


def parse_network(text: str, origin: str = "<network>") -> Network:
    """Read a network from TOML text; ``origin`` names it in error messages."""
    data = _toml(text, origin)
    fields = Fields(origin)
    fields.keys(data, TOP_KEYS, "top level")
    if "layers" not in data:
        raise SpecError(f"{origin}: no layers (add layers = [...])")
    layout_text = fields.text(data.get("layout", "nhwc"), "layout", "nhwc or nchw")
    try:
        layout = Layout(layout_text.lower())
    except ValueError:
        raise fields.fail("layout", f"expected nhwc or nchw, got {quoted(layout_text)}") from None
    shape, batch = _input(data, layout, fields)
    name = fields.text(data["name"], "name") if "name" in data else None
    source = fields.text(data["source"], "source") if "source" in data else None
    notes = fields.texts(data.get("notes", []), "notes")
    reader = Reader(_blocks(data.get("blocks", {}), fields), origin)
    items = expand(reader.sequence(data["layers"], "layers", 0))
    if not items:
        raise SpecError(f"{origin}: layers: no layers in it")
    return Network(items, shape, batch, name, source, notes)


def load_network(path: str | Path) -> Network:
    """Read a network file (a regular UTF-8 file of at most ``MAX_FILE_BYTES``)."""
    return parse_network(read_text(path), Path(path).name)

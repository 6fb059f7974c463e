"""What a command analyses: layers written out, a network file, or a built-in model.

``cnnlab shape`` and ``cnnlab complexity`` (and every command to come that takes a network) read
their network through ``resolve``; ``--vs`` reads its second design through ``resolve_design``.
Heavy parts (network files, the zoo) are imported only when asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from cnnlab.errors import SpecError
from cnnlab.network import Network
from cnnlab.shape import Layout, Shape, parse_shape


class Source(NamedTuple):
    """A network to analyse, the input asked for (``None``: the network's own), the batch
    written in front of that input (``8x39x39x3``), and the zoo model it is, if one."""

    network: Network
    input: Shape | None = None
    batch: int | None = None
    model: str | None = None


def resolve(
    layers: list[str] | None = None,
    *,
    input: str | None = None,
    file: Path | None = None,
    model: str | None = None,
    layout: Layout = Layout.NHWC,
    name: str | None = None,
) -> Source:
    """The network of exactly one of ``layers`` (layer-language texts), ``file`` or ``model``.

    ``input`` (a shape such as ``32x32x3``) is required with ``layers`` and overrides the
    network's own input otherwise. ``name`` names a network written as layers.

    >>> source = resolve(["conv:f=3,k=8", "relu"], input="8x8x3")
    >>> len(source.network.items), source.input
    (2, Shape(c=3, h=8, w=8))
    >>> resolve(model="lenet-5").model
    'lenet5'
    """
    given = [what for what, value in (("layers", layers), ("file", file), ("model", model))
             if value]
    if len(given) != 1:
        raise SpecError(f"give one network (layers, a network file or a model), got {given}")
    shape, batch = parse_shape(input, layout) if input is not None else (None, None)
    if layers:
        from cnnlab.spec.sequence import parse_arguments

        if shape is None:
            raise SpecError("layers need an input shape, e.g. 32x32x3")
        return Source(Network(parse_arguments(layers), name=name), shape, batch)
    if file is not None:
        from cnnlab.spec.netfile import load_network

        return Source(load_network(file), shape, batch)
    from cnnlab.zoo import find_model, load_model

    found = find_model(model or "")
    return Source(load_model(found.name), shape, batch, found.name)


def resolve_design(text: str) -> Network:
    """A second design (``--vs``): the model of that name, else the layers written.

    >>> resolve_design("resnet-18").name, resolve_design("conv:f=1,k=64").name
    ('resnet18', 'conv:f=1,k=64')
    """
    from cnnlab.spec import parse_items
    from cnnlab.zoo import load_model, model_named

    written = text.strip()
    if not written:
        raise SpecError("the second design is empty: give layers or a model name")
    found = model_named(written)
    if found is not None:
        return load_model(found.name)
    try:
        return Network(parse_items([text], ["--vs"]), name=written)
    except SpecError as error:
        raise SpecError(f"{error} (nor is it a built-in model: see cnnlab zoo)") from None

"""The receptive field of one output unit, traced back layer by layer to the network's input.

Every window layer is walked backwards with its own :func:`~cnnlab.draw.axis.axis_plan` (the
output-size arithmetic ``cnnlab shape`` uses), so the traced cells are exactly those the unit's
value depends on: clipped at the borders, with the holes dilation leaves. Height and width are
independent, so each feature map's field is a set of rows × a set of columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.draw.axis import axis_plan
from cnnlab.errors import ShapeError
from cnnlab.network.graph import Block, Item, LayerNode, Network
from cnnlab.shape import Shape

GLOBAL = ("gap", "gmp", "adaptivepool")  # kinds after which every unit sees the whole input
Field = tuple[frozenset[int], frozenset[int]]  # rows, columns


@dataclass(frozen=True)
class FieldMap:
    """One feature map on the way back: its label, size, and the rows and columns traced."""

    label: str
    size: tuple[int, int]
    rows: frozenset[int]
    cols: frozenset[int]

    @property
    def extent(self) -> tuple[int, int]:
        """Rows and columns from the first traced one to the last (the field's bounding box)."""
        return (max(self.rows) - min(self.rows) + 1, max(self.cols) - min(self.cols) + 1)


@dataclass(frozen=True)
class Trace:
    """The unit (row, column) of the last feature map and every map from the input to it."""

    unit: tuple[int, int]
    maps: tuple[FieldMap, ...]


def _spatial(x: Shape) -> tuple[int, int] | None:
    return None if x.h is None or x.w is None else (x.h, x.w)


def _everything(x: Shape) -> Field:
    h, w = _spatial(x) or (0, 0)
    return frozenset(range(h)), frozenset(range(w))


def _through_layer(node: LayerNode, x: Shape, field: Field) -> Field:
    """The input rows and columns the output rows and columns ``field`` of ``node`` read."""
    outcome = node.layer.apply(x)
    if outcome.sizes is not None:
        traced = []
        for size, wanted in zip(outcome.sizes, field, strict=True):
            plan = axis_plan(size)
            cells = (c for i in wanted for c in plan.reads(i) if c < len(plan.inputs))
            traced.append(frozenset(i for c in cells if (i := plan.inputs[c]) is not None))
        return traced[0], traced[1]
    if node.layer.kind in ("gap", "gmp"):
        return _everything(x)
    if _spatial(outcome.out) == _spatial(x):  # element-wise: relu, bn, dropout, ...
        return field
    raise ShapeError(f"cannot trace a receptive field back through '{node.text}'")


def _back(items: tuple[Item, ...], x: Shape, field: Field) -> Field:
    """Trace ``field`` (at the output of ``items``) back to their input ``x``."""
    inputs = []
    for item in items:
        inputs.append(x)
        x = _output(item, x)
    for item, x_in in zip(reversed(items), reversed(inputs), strict=True):
        if isinstance(item, Block):
            fields = [_back(branch, x_in, field) for branch in item.branches]
            field = (frozenset().union(*(f[0] for f in fields)),
                     frozenset().union(*(f[1] for f in fields)))
        else:
            field = _through_layer(item, x_in, field)
    return field


def _output(item: Item, x: Shape) -> Shape:
    if isinstance(item, LayerNode):
        return item.layer.apply(x).out
    x_out = x
    for branch_item in item.branches[0]:
        x_out = _output(branch_item, x_out)
    return x_out  # H×W is what a field needs, and every branch agrees on it (walk checked)


def trace_receptive_field(
    network: Network, x: Shape, unit: tuple[int, int] | None = None
) -> Trace:
    """Trace output unit ``unit`` (default: the centre) of the last feature map back.

    The last feature map is the output of the last layer before any global or adaptive pool,
    flatten or fully connected layer (a unit after those sees the whole input).

    Run ``walk`` first: it raises the user-facing errors for networks that do not fit.

    >>> from cnnlab.spec import parse_items
    >>> net = Network(parse_items(["conv:f=3,k=4 conv:f=3,s=2,k=4"]))
    >>> t = trace_receptive_field(net, Shape(1, 9, 9))
    >>> t.unit, [m.extent for m in t.maps]
    ((1, 1), [(5, 5), (3, 3), (1, 1)])
    """
    maps, shapes = [("input", x)], [x]
    for item in network.items:
        out = _output(item, shapes[-1])
        if _spatial(out) is None or isinstance(item, LayerNode) and item.layer.kind in GLOBAL:
            break  # a global pool, flatten or fc sees the whole map: the trace starts before it
        maps.append((item.text, out))
        shapes.append(out)
    last = _spatial(shapes[-1])
    if last is None:
        raise ShapeError(f"a receptive field needs an H×W×C input, got a vector of {x.c}")
    unit = unit if unit is not None else ((last[0] - 1) // 2, (last[1] - 1) // 2)
    if not (0 <= unit[0] < last[0] and 0 <= unit[1] < last[1]):
        raise ShapeError(
            f"unit {unit[0]},{unit[1]} is outside the last feature map, {last[0]}×{last[1]} "
            f"(rows and columns count from 0)"
        )
    field: Field = (frozenset({unit[0]}), frozenset({unit[1]}))
    traced = [FieldMap(maps[-1][0], last, *field)]
    for k in range(len(maps) - 1, 0, -1):
        field = _back((network.items[k - 1],), shapes[k - 1], field)
        size = _spatial(shapes[k - 1]) or (0, 0)
        traced.append(FieldMap(maps[k - 1][0], size, *field))
    return Trace(unit, tuple(reversed(traced)))

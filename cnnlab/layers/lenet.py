"""The layers of LeCun et al. 1998 that no modern framework has: LeNet-5's own building blocks.

* trainable subsampling (S2, S4): each output sums an f×f window, multiplies the sum by one
  trainable coefficient and adds one trainable bias per map, so 2 parameters per map;
* a convolution with a connection table (C3): output map j only sees the input maps listed in
  row j of the table, which breaks the symmetry between maps and saves parameters;
* Euclidean radial-basis-function output units: unit j outputs Σᵢ (xᵢ − w_ij)².

>>> from cnnlab.shape import Shape
>>> TableConv((5, 5), LENET5_C3).apply(Shape(6, 14, 14)).params
1516
>>> Subsample((2, 2)).apply(Shape(6, 28, 28)).params
12
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.arith import Padding, Receptive
from cnnlab.errors import LayerArgumentError, ShapeError
from cnnlab.layers.base import Layer, Outcome, check_at_least, join_spec, pair_text
from cnnlab.layers.costs import Ops, Terms, gradient_ops, weighted_ops
from cnnlab.layers.window import coverage_notes, window_roles, window_sizes
from cnnlab.shape import Shape

# Table I of LeCun et al. 1998: the S2 maps each C3 map is connected to.
LENET5_C3: tuple[tuple[int, ...], ...] = (
    (0, 1, 2), (1, 2, 3), (2, 3, 4), (3, 4, 5), (4, 5, 0), (5, 0, 1),
    (0, 1, 2, 3), (1, 2, 3, 4), (2, 3, 4, 5), (3, 4, 5, 0), (4, 5, 0, 1), (5, 0, 1, 2),
    (0, 1, 3, 4), (1, 2, 4, 5), (0, 2, 3, 5),
    (0, 1, 2, 3, 4, 5),
)

TABLES: dict[str, tuple[tuple[int, ...], ...]] = {"lenet5": LENET5_C3}


def table_text(table: tuple[tuple[int, ...], ...]) -> str:
    """A table as the layer language writes it: a name, or ``0+1+2/1+2+3/...``."""
    for name, known in TABLES.items():
        if table == known:
            return name
    return "/".join("+".join(str(i) for i in row) for row in table)


@dataclass(frozen=True)
class Subsample(Layer):
    """LeNet-5's trainable subsampling: (sum of an f×f window)·coefficient + bias, per map.

    Notes
    -----
    Windows do not overlap (the stride is f). parameters = 2·C (one coefficient and one bias
    per map); MACs = H_out·W_out·C (one multiplication per output; the window sums are
    additions).
    """

    kind = "subsample"

    kernel: tuple[int, int]

    def __post_init__(self) -> None:
        check_at_least(1, f=self.kernel)

    def apply(self, x: Shape) -> Outcome:
        sizes = window_sizes(x, self.kernel, self.kernel, Padding(), (1, 1))
        out = Shape(x.c, sizes[0].value, sizes[1].value)
        formula = f"2·{x.c} = {2 * x.c}"
        return Outcome(out, 2 * x.c, 0, out.elements, sizes, formula, coverage_notes(sizes))

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        window, n = self.kernel[0] * self.kernel[1], out.elements
        # (window sum)·coefficient + bias for every output
        return Ops(n, n, n, adds=(window - 1) * n, connections=(window + 1) * n, weighted=True)

    def backward_ops(self, x: Shape, out: Shape, needs_dx: bool) -> Ops:
        n = out.elements  # d(coefficient) sums dY·(window sum) per map; dX = dY·coefficient
        return gradient_ops(Ops(n, x.c), Ops(n, n), needs_dx, n - x.c)

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]] | None:
        return None

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.through_window(self.kernel, self.kernel)

    def spec(self) -> str:
        return join_spec("subsample", pair_text("f", self.kernel))


@dataclass(frozen=True)
class TableConv(Layer):
    """Convolution with a connection table: output map j sees only the input maps ``table[j]``.

    Notes
    -----
    C_out = number of rows of the table; parameters = f_h·f_w·Σ_j |table_j| + C_out (biases);
    MACs = H_out·W_out·f_h·f_w·Σ_j |table_j|. No padding, stride 1 (as LeNet-5's C3).
    """

    kind = "tableconv"

    kernel: tuple[int, int]
    table: tuple[tuple[int, ...], ...]
    bias: bool = True

    def __post_init__(self) -> None:
        check_at_least(1, f=self.kernel)
        if not self.table or any(not row for row in self.table):
            raise LayerArgumentError("a connection table needs at least one input map per row")
        for j, row in enumerate(self.table):
            if len(set(row)) != len(row) or min(row) < 0:
                raise LayerArgumentError(
                    f"row {j} of the connection table lists input maps {row}: each must be a "
                    f"different map number >= 0"
                )

    @property
    def filters(self) -> int:
        return len(self.table)

    @property
    def slices(self) -> int:
        """Σ_j |table_j|: the number of f_h×f_w kernel slices."""
        return sum(len(row) for row in self.table)

    def apply(self, x: Shape) -> Outcome:
        highest = max(max(row) for row in self.table)
        if highest >= x.c:
            raise ShapeError(
                f"the connection table uses input map {highest}, but the input has only "
                f"{x.c} maps (0 … {x.c - 1})"
            )
        sizes = window_sizes(x, self.kernel, (1, 1), Padding(), (1, 1))
        out = Shape(self.filters, sizes[0].value, sizes[1].value)
        f_h, f_w = self.kernel
        params = f_h * f_w * self.slices + self.bias * self.filters
        bias = f" + {self.filters}" if self.bias else ""
        formula = f"{f_h}·{f_w}·{self.slices}{bias} = {params}"
        notes = (f"connection table: {self.slices} kernel slices instead of "
                 f"{self.filters}·{x.c} = {self.filters * x.c}",)
        macs = self.products(out)
        return Outcome(out, params, 0, macs, sizes, formula, notes + coverage_notes(sizes))

    def products(self, out: Shape) -> int:
        """MACs = H_out·W_out·f_h·f_w·Σ_j |table_j|."""
        return (out.h or 1) * (out.w or 1) * self.kernel[0] * self.kernel[1] * self.slices

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        return weighted_ops(self.products(out), out.elements, out.elements * self.bias)

    def backward_ops(self, x: Shape, out: Shape, needs_dx: bool) -> Ops:
        f_h, f_w = self.kernel
        products = self.products(out)
        bias = out.elements - self.filters if self.bias else 0
        dw = Ops(products, f_h * f_w * self.slices)
        return gradient_ops(dw, Ops(products, x.elements), needs_dx, bias)

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]]:
        values = window_roles(x, out, self.kernel) | {"S": self.slices}
        terms = Terms("h_out*w_out", "f_h*f_w*S", "c_out", f"f_h*f_w*S + {int(self.bias)}*c_out",
                      "h_out*w_out*c_out", self.bias, same_size=True)
        return terms, values

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.through_window(self.kernel, (1, 1))

    def spec(self) -> str:
        return join_spec(
            "tableconv",
            pair_text("f", self.kernel),
            f"table={table_text(self.table)}",
            "" if self.bias else "bias=false",
        )


@dataclass(frozen=True)
class RBF(Layer):
    """Euclidean radial-basis-function units (LeNet-5's output layer): y_j = Σᵢ (xᵢ − w_ij)².

    Notes
    -----
    parameters = n_in·n_out (the centres; LeNet-5 fixes them by hand, it does not learn them);
    MACs = n_in·n_out (one square accumulated per input and unit).
    """

    kind = "rbf"

    units: int

    def __post_init__(self) -> None:
        check_at_least(1, n=self.units)

    def apply(self, x: Shape) -> Outcome:
        n_in = x.elements
        params = n_in * self.units
        notes = (f"flattens {x} = {n_in} inputs",) if x.spatial else ()
        formula = f"{n_in}·{self.units} = {params}"
        return Outcome(Shape(self.units), params, 0, params, None, formula, notes)

    def forward_ops(self, x: Shape, out: Shape) -> Ops:
        products = x.elements * self.units  # (x_i − w_ij)² accumulated: a square per input
        return Ops(products, self.units, adds=products, connections=products, weighted=True)

    def backward_ops(self, x: Shape, out: Shape, needs_dx: bool) -> Ops:
        products = x.elements * self.units  # 2·(x_i − w_ij)·dy_j for both dW and dX
        dw = Ops(products, products, adds=products)
        return gradient_ops(dw, Ops(products, x.elements), needs_dx)

    def terms(self, x: Shape, out: Shape) -> tuple[Terms, dict[str, int]] | None:
        return None

    def receptive(self, rf: Receptive, x: Shape) -> Receptive:
        return rf.everything()

    def spec(self) -> str:
        return f"rbf:{self.units}"

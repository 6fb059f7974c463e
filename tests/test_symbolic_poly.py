"""The sparse polynomials the layers run on: ring laws (hypothesis), exact division, and the
reference layers' results on them equal sympy's on sympy symbols (an oracle sharing no code)."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from cnnlab.reference import conv2d_backward, conv2d_forward, pool2d_backward, pool2d_forward
from cnnlab.symbolic.algebra import Algebra
from cnnlab.symbolic.poly import Poly

monomials = st.lists(st.integers(0, 3), max_size=3).map(lambda m: tuple(sorted(m)))
polys = st.dictionaries(monomials, st.integers(-4, 4).filter(bool), max_size=4).map(Poly)


@given(polys, polys, polys)
def test_ring_laws(a, b, c):
    assert a + b == b + a and a * b == b * a
    assert (a + b) + c == a + (b + c) and (a * b) * c == a * (b * c)
    assert a * (b + c) == a * b + a * c
    assert a - a == 0 and not (a - a) and a * 0 == 0 and a * 1 == a and 0 + a == a


@given(polys)
def test_division_is_exact(a):
    assert (a / 3) * 3 == a and all(isinstance(c, int | Fraction) for _, c in (a / 3).items())


def test_only_exact_numbers_mix():
    with pytest.raises(TypeError):
        Poly.gen(0) + 0.5


def to_sympy(algebra, poly, symbols):
    return sum((c * sp.Mul(*(symbols[k] for k in m)) for m, c in poly.items()), sp.Integer(0))


@pytest.mark.parametrize("kwargs", [dict(stride=2, padding=((1, 0), (0, 1))),
                                    dict(dilation=2, padding=1)])
def test_conv_on_polys_equals_conv_on_sympy_symbols(kwargs):
    algebra = Algebra.build({"x": (1, 5, 5, 2), "w": (2, 2, 2, 3)})
    symbols = sp.symbols(f"s0:{len(algebra.names)}")
    x_s = np.array(symbols[:50], dtype=object).reshape(1, 5, 5, 2)
    w_s = np.array(symbols[50:], dtype=object).reshape(2, 2, 2, 3)
    z, cache = conv2d_forward(algebra["x"], algebra["w"], **kwargs)
    z_s, cache_s = conv2d_forward(x_s, w_s, **kwargs)
    for p, e in zip(z.ravel(), z_s.ravel(), strict=True):
        assert sp.expand(to_sympy(algebra, p, symbols) - e) == 0
    g = np.arange(1, z.size + 1).reshape(z.shape)                    # numeric dout
    for got, want in zip(conv2d_backward(g, cache)[:2], conv2d_backward(g, cache_s)[:2],
                         strict=True):
        assert all(sp.expand(to_sympy(algebra, algebra.element(p), symbols) - e) == 0
                   for p, e in zip(got.ravel(), want.ravel(), strict=True))


def test_average_pooling_on_polys_divides_exactly():
    algebra = Algebra.build({"x": (1, 2, 2, 1), "g": (1, 1, 1, 1)})
    out, cache = pool2d_forward(algebra["x"], 2, mode="average")
    assert out[0, 0, 0, 0] == sum(algebra["x"].ravel()) / 4
    dx = pool2d_backward(algebra["g"], cache)
    assert all(d == algebra["g"].ravel()[0] * Fraction(1, 4) for d in dx.ravel())

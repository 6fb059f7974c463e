"""The claim language: a real grammar with errors that point at the token; true claims hold,
every listed wrong variant is refuted by the smallest counterexample with a numeric witness."""

import itertools
import re

import numpy as np
import pytest

from cnnlab.errors import SpecError
from cnnlab.symbolic.claim import prove_claim
from cnnlab.symbolic.claim_eval import Instance
from cnnlab.symbolic.claim_parse import parse
from cnnlab.symbolic.claim_text import latex_of, text_of

TRUE = [
    "rot180(W) (*)~ X == rot180(X) (*)~ W",
    "dW == G (*) X",
    "dX == rot180(W) (*)~ G",
    "dX == rot180(G) (*)~ W",
    "dx == T(C) * dz",
    "z = C·x",
    "Y == W (*) X",
    "T(T(X)) == X",
    "rot180(rot180(W)) + 0 * W == W - W + W",
    "W ⊗̃ X == rot180(X ⊗̃ W)",
]
WRONG = [
    "W (*)~ X == X (*)~ W",                  # the rot180-free variant of exercise 5-2
    "dx == C * dz",                          # δx = C·δz instead of Cᵀ
    "T(C) * (C * x) == x",                   # a transposed convolution is not an inverse
    "dW == X (*) G",                         # operands swapped
    "dX == W (*)~ G",                        # rot180 forgotten
    "rot180(W) (*)~ X == X (*)~ rot180(W)",  # the example
]


@pytest.mark.parametrize("text", TRUE)
def test_true_claims_hold_on_every_instance(text):
    proof = prove_claim(text)
    assert proof.holds and proof.counterexample is None
    assert len(proof.sweep) > 20 and all(c.holds for c in proof.sweep)


@pytest.mark.parametrize("text", WRONG)
def test_wrong_variants_are_refuted(text):
    proof = prove_claim(text)
    c = proof.counterexample
    assert not proof.holds and c is not None
    assert c.lhs != c.rhs and c.lhs_value != c.rhs_value
    assert all(v != 0 for v in c.witness.values())


def full_correlation(K, A):
    """Brute-force K ⊗̃ A from the definition (an oracle sharing no code with cnnlab)."""
    U, V = K.shape
    M, N = A.shape
    pad = np.zeros((M + 2 * (U - 1), N + 2 * (V - 1)))
    pad[U - 1:U - 1 + M, V - 1:V - 1 + N] = A
    return np.array([[sum(K[u, v] * pad[i + u, j + v] for u in range(U) for v in range(V))
                      for j in range(N + V - 1)] for i in range(M + U - 1)])


def test_the_counterexample_is_smallest_and_its_witness_is_real():
    c = prove_claim("W (*)~ X == X (*)~ W").counterexample
    assert c.sizes["X"] == "1×2" and c.sizes["W"] == "1×1"         # 1×1 and 1×1 holds
    X, W = np.zeros((1, 2)), np.zeros((1, 1))
    names = {"x₁₁": (X, 0, 0), "x₁₂": (X, 0, 1), "w₁₁": (W, 0, 0)}
    for name, value in c.witness.items():
        array, i, j = names[name]
        array[i, j] = value
    lhs, rhs = full_correlation(W, X), full_correlation(X, W)
    i, j = (int(k) - 1 for k in c.entry.strip("()").split(","))
    assert lhs[i, j] == c.lhs_value and rhs[i, j] == c.rhs_value and lhs[i, j] != rhs[i, j]


def test_no_smaller_instance_refutes():
    """Brute force over every smaller size: W ⊗̃ X = X ⊗̃ W whenever both are 1×1."""
    for M, N, U, V in itertools.product((1,), (1,), (1,), (1,)):
        assert prove_claim("W (*)~ X == X (*)~ W",
                           Instance((M, N), (U, V))).checks[0].holds


def test_a_claim_undefined_at_the_sizes_says_why_and_finds_a_layer_where_it_fails():
    proof = prove_claim("dx = C * dz")
    assert not proof.checks and "matrix product of shapes (4, 9) and (4, 1)" in proof.notes[0]
    assert proof.counterexample.sizes["padding"] != "0"


@pytest.mark.parametrize("text, message", [
    ("W (*) == X", "unexpected '==' at column 7"),
    ("rot180(W (*)~ X", "unexpected end at column 16, expected ')'"),
    ("W (*)~ Q == X", "unknown name 'Q' at column 8"),
    ("W ? X == X", "unexpected '?' at column 3"),
    ("W (*)~ X", "expected '==' between the two sides"),
    ("X == X == X", "expected the end of the claim"),
    ("  ", "the claim is empty"),
])
def test_malformed_claims_point_at_the_token(text, message):
    with pytest.raises(SpecError, match=re.escape(message)):
        parse(text)


def test_a_claim_of_too_high_degree_is_refused_before_any_work():
    with pytest.raises(SpecError, match="multiplies 5 symbols in a term; at most 4"):
        prove_claim("C*T(C)*C*T(C)*C == C")


def test_a_claim_never_defined_is_an_error():
    with pytest.raises(SpecError, match="never defined"):
        prove_claim("X (*) W (*) W == X + T(W) (*) 2")


def test_claims_are_written_back_in_both_notations():
    claim = parse("T(C)*(C*x) == x")
    assert text_of(claim) == "Cᵀ·(C·x) = x" or text_of(claim) == "Cᵀ·C·x = x"
    assert latex_of(parse("rot180(W) (*)~ X == X")) == \
        r"\operatorname{rot180}(W) \mathbin{\tilde{\otimes}} X = X"

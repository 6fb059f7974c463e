"""Symbolic proofs of the convolution identities, run on the numpy reference layers.

Each ``prove_*`` function returns a :class:`~cnnlab.symbolic.proof.Proof` (plain data: statement,
general argument, instance, exact entry-by-entry checks, verdict) and never prints. The layers run
on arrays of :class:`~cnnlab.symbolic.poly.Poly` generators (exact sparse polynomials); numpy is
imported only when a proof runs, sympy never (see ``docs/prove.md`` for why). Importing this
package is cheap.
"""

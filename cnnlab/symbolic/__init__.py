"""Symbolic proofs of the convolution identities, run on the numpy reference layers.

Each ``prove_*`` function returns a :class:`~cnnlab.symbolic.proof.Proof` (plain data: statement,
general argument, instance, exact entry-by-entry checks, verdict) and never prints. sympy is
imported only when a proof runs; importing this package is cheap.
"""

"""cnnlab: the arithmetic, complexity, proofs and homework checking of convolutional networks.

The package root stays light on purpose (no numpy, no sympy): ``cnnlab shape`` must start fast.
Import the sub-packages you need, e.g. ``from cnnlab.network import walk``.
"""

__version__ = "0.1.0"

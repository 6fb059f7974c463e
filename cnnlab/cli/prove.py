"""``cnnlab prove``: symbolic proofs of the convolution identities, on the reference layers.

The commands live in ``cnnlab.cli.prove_commands``, built only when ``cnnlab prove`` runs.
"""

from cnnlab.cli.app import app
from cnnlab.cli.lazy import mount_lazy

mount_lazy(app, "prove", "cnnlab.cli.prove_commands:prove_app",
           help="Prove the convolution identities symbolically (NNDL ch. 5), or refute a claim.")

"""The matrix C of a transpose proof as an SVG (``cnnlab prove transpose --svg FILE``), drawn by
:func:`cnnlab.render.matrix_svg.matrix_svg` with NNDL's 1-based weight names."""

from __future__ import annotations

from cnnlab.errors import LayerArgumentError
from cnnlab.symbolic.algebra import name_of
from cnnlab.symbolic.proof import Proof


def proof_svg(proof: Proof) -> str:
    """SVG text of the proof's operator (one channel: which weight sits where).

    Raises
    ------
    LayerArgumentError
        When the proof has no one-channel convolution matrix to draw.
    ShapeError
        When the matrix is too large to draw (matrix_svg's limit).
    """
    from cnnlab.draw.matrix import SparseMatrix
    from cnnlab.render.matrix_svg import matrix_svg

    picture = proof.picture
    if picture is None or not picture.weights:
        raise LayerArgumentError("--svg draws the matrix C of a one-channel convolution "
                                 "(--channels 1:1)")
    kernel = tuple(max(w[k] for _, _, w in picture.weights) + 1 for k in (0, 1))
    title = (f"C ({picture.shape[0]}×{picture.shape[1]}) of "
             + ", ".join(f"{k} {v}" for k, v in proof.sizes.items() if k != "C"))
    return matrix_svg(SparseMatrix(picture.shape, picture.weights), kernel[1], title,
                      label=lambda w: name_of("w", w, kernel).text)

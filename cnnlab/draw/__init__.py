"""The geometry of pictures: for each output cell of a window layer, which input cells it reads.

Pure data, no drawing: ``cnnlab.render.draw_text`` and ``cnnlab.render.draw_svg`` draw it.
"""

from cnnlab.draw.axis import AxisPlan, CellKind, axis_plan
from cnnlab.draw.matrix import SparseMatrix, sparse_matrix
from cnnlab.draw.picture import (
    MAX_FRAMES,
    MAX_SIDE,
    Cell,
    Frame,
    WindowPicture,
    check_size,
    window_picture,
)

__all__ = [
    "MAX_FRAMES",
    "MAX_SIDE",
    "AxisPlan",
    "Cell",
    "CellKind",
    "Frame",
    "SparseMatrix",
    "WindowPicture",
    "axis_plan",
    "check_size",
    "sparse_matrix",
    "window_picture",
]

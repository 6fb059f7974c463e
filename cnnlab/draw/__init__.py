"""The geometry of pictures: for each output cell of a window layer, which input cells it reads.

Pure data, no drawing: ``cnnlab.render.draw_text``, ``draw_svg``, ``rf_svg`` and ``matrix_svg``
draw it. ``window_picture`` (one layer's canvas and frames), ``sparse_matrix`` (the matrix C of
y = C x), ``trace_receptive_field`` (one unit's field on every map back to the input).
"""

from cnnlab.draw.axis import AxisPlan, CellKind, axis_plan
from cnnlab.draw.matrix import SparseMatrix, sparse_matrix, window_matrix
from cnnlab.draw.picture import (
    MAX_FRAMES,
    MAX_SIDE,
    Cell,
    Frame,
    WindowPicture,
    check_size,
    picture_of_sizes,
    window_picture,
)
from cnnlab.draw.receptive import FieldMap, Trace, trace_receptive_field

__all__ = [
    "MAX_FRAMES",
    "MAX_SIDE",
    "AxisPlan",
    "Cell",
    "CellKind",
    "FieldMap",
    "Frame",
    "SparseMatrix",
    "Trace",
    "WindowPicture",
    "axis_plan",
    "check_size",
    "picture_of_sizes",
    "sparse_matrix",
    "trace_receptive_field",
    "window_matrix",
    "window_picture",
]

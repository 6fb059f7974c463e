"""Output-size arithmetic: convolution, pooling, transposed convolution, padding, receptive field.

The lowest layer of cnnlab's geometry: the layer language, the layer objects and the numpy
reference layers all resolve padding and output sizes here. Pure functions and frozen
dataclasses; nothing here prints or imports numpy.
"""

from cnnlab.arith.output import (
    OutputSize,
    conv_output_size,
    transposed_output_size,
)
from cnnlab.arith.padding import Padding, PadMode
from cnnlab.arith.receptive import Receptive
from cnnlab.arith.window import (
    PoolMode,
    check_pool_padding,
    effective_kernel,
    explicit_padding,
    window_sizes,
)

__all__ = [
    "OutputSize",
    "PadMode",
    "Padding",
    "PoolMode",
    "Receptive",
    "check_pool_padding",
    "conv_output_size",
    "effective_kernel",
    "explicit_padding",
    "transposed_output_size",
    "window_sizes",
]

"""Output-size arithmetic: convolution, pooling, transposed convolution, padding, receptive field.

Pure functions and frozen dataclasses; nothing here prints or imports numpy.
"""

from cnnlab.arith.output import (
    OutputSize,
    check_pool_padding,
    conv_output_size,
    transposed_output_size,
)
from cnnlab.arith.padding import Padding, PadMode
from cnnlab.arith.receptive import Receptive

__all__ = [
    "OutputSize",
    "PadMode",
    "Padding",
    "Receptive",
    "check_pool_padding",
    "conv_output_size",
    "transposed_output_size",
]

"""The two courses the checker knows (a module of its own: the CLI imports it at start-up)."""

from enum import StrEnum


class Convention(StrEnum):
    """deeplearning.ai (NHWC), cs231n (NCHW), or guess from the function names."""

    DLAI = "dlai"
    CS231N = "cs231n"
    AUTO = "auto"

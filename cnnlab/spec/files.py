"""Read a text file a user named, safely: a regular file, at most ``MAX_FILE_BYTES``, UTF-8.

A directory, a FIFO (which would block until someone writes to it), a device such as
``/dev/zero`` (which never ends), a file without read permission, or bytes that are not UTF-8
each give one sentence instead of a hang or a traceback. A UTF-8 byte-order mark is skipped.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from cnnlab.errors import SpecError
from cnnlab.limits import MAX_FILE_BYTES


def _not_text(data: bytes, error: UnicodeDecodeError, shown: str) -> SpecError:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return SpecError(f"{shown} is UTF-16 text; save it as UTF-8")
    byte = data[error.start]
    return SpecError(
        f"{shown} is not UTF-8 text (byte 0x{byte:02x} at offset {error.start}); save it as UTF-8"
    )


def _read_bytes(path: Path, shown: str) -> bytes:
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SpecError(f"{shown} is a directory, not a network file")
        if not stat.S_ISREG(info.st_mode):
            raise SpecError(f"{shown} is not a regular file (a FIFO, a device or a socket)")
        if info.st_size > MAX_FILE_BYTES:
            raise SpecError(
                f"{shown} has {info.st_size:,} bytes; a network file may have at most "
                f"{MAX_FILE_BYTES:,}"
            )
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise SpecError(f"{shown} has more than {MAX_FILE_BYTES:,} bytes, the limit")
    return data


def read_text(path: str | Path) -> str:
    """The text of the file at ``path``, or a SpecError that says why it cannot be read."""
    path = Path(path)
    shown = f"network file {str(path)!r}"
    try:
        data = _read_bytes(path, shown)
    except OSError as error:
        reason = error.strerror or str(error)
        if isinstance(error, IsADirectoryError):
            reason = "it is a directory"
        raise SpecError(f"cannot read {shown}: {reason}") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _not_text(data, error, shown) from None

"""Opening the history's files, and any file a user may have put a named pipe in
the place of: what is not a regular file is refused, never waited on."""

from __future__ import annotations

import errno
import os
import stat
from io import BufferedReader
from pathlib import Path


def open_regular(path: Path) -> BufferedReader:
    """``path`` opened to read; raises OSError unless it is a regular file.

    A named pipe or device in the history's place is refused, not waited on: it is
    opened without blocking, and checked before the first read.
    """
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        check_regular(fd, path)
        os.set_blocking(fd, True)  # a file on a network disk may make a read wait
    except OSError:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def check_regular(fd: int, path: Path) -> None:
    """Raise OSError unless ``fd`` is a regular file."""
    mode = os.fstat(fd).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(mode):
        raise OSError(NOT_A_FILE)


NOT_A_FILE = "not a regular file (a named pipe, socket or device)"

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


def cannot_save(history: Path) -> str | None:
    """Why a workout could not be saved in the ``history`` file now, else None.

    Asked as the app starts (the folder made if missing, a file made and removed in
    it, the history opened to add to, nothing written to it): a read-only or foreign
    folder was found only when a 26-minute workout ended ("Not saved ...").
    """
    folder = history.parent
    probe = folder / f".coretui-write-check-{os.getpid()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
        os.unlink(probe)
        if history.exists():  # opened as a save opens it (a named pipe: refused unopened)
            if not history.is_file():
                raise OSError(NOT_A_FILE)
            os.close(os.open(history, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return (
            f"Workouts cannot be saved in {folder}: {reason.lower()}. One done now is kept "
            "in memory only, until coretui closes (a retry from History saves it)."
        )
    return None

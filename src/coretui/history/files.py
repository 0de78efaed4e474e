"""Opening the history's files, and any file a user may have put a named pipe in
the place of: what is not a regular file is refused, never waited on."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from io import BufferedReader
from pathlib import Path

from coretui.problem_words import os_reason
from coretui.safe_files import link_gone, make_private_dirs

IN_PROGRESS = "in-progress"
"""The folder, beside the history, of the records of workouts under way (`checkpoint`)."""


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

    Asked as the app starts: the folder is made if missing (0700, as a save makes
    it), a file made and removed in it, and the history, if there, asked whether it
    may be written (not opened: a sync tool would see a write). A read-only or
    foreign folder was found only when a 26-minute workout ended ("Not saved ...").
    """
    folder = history.parent
    try:
        make_private_dirs(folder)
        fd, probe = tempfile.mkstemp(prefix=".coretui-write-check-", dir=folder)
        os.close(fd)
        os.unlink(probe)
        if (gone := link_gone(history)) is not None:  # (a sync folder not mounted)
            raise gone
        if history.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if history.exists() and not history.is_file():  # a named pipe, waiting for ever
            raise OSError(NOT_A_FILE)
        if history.exists() and not os.access(history, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as exc:
        return (
            f"Workouts cannot be saved in {history}: {os_reason(exc)}. One done now is kept in "
            "memory only, until coretui closes (a retry from History saves it)."
        )
    return _cannot_keep_in_progress(folder / IN_PROGRESS)


def _cannot_keep_in_progress(keep: Path) -> str | None:
    """Why the record of a workout under way (kept against a crash) cannot be written in
    the folder `keep`, else None: a file in its place was found only after a crash."""
    try:
        if keep.exists() and not keep.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        if keep.is_dir():
            fd, probe = tempfile.mkstemp(prefix=".coretui-write-check-", dir=keep)
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        return (
            f"A workout under way cannot be kept in {keep} in case coretui crashes: "
            f"{os_reason(exc)}. It is still saved when it ends."
        )
    return None

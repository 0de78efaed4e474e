"""Byte-level steps of the history file's writes: open, sync, find the last line."""

from __future__ import annotations

import errno
import os
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path


def open_for_append(path: Path) -> tuple[int, bool]:
    """An O_APPEND descriptor on ``path`` (0600 when new), and whether it was just created."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CLOEXEC
    try:
        return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o600), True
    except FileExistsError:
        return os.open(path, flags), False


def fsync_dir(directory: Path) -> None:
    """Make a new file's name durable, not just its bytes."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as err:
        # Some filesystems cannot sync a directory; the file's data is synced already.
        if err.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def after_last_newline(fd: int, size: int) -> int:
    """Offset just past the last newline before ``size`` (0 if there is none)."""
    end = size
    while end > 0:
        start = max(0, end - 65536)
        found = os.pread(fd, end - start, start).rfind(b"\n")
        if found >= 0:
            return start + found + 1
        end = start
    return 0


def read_range(fd: int, start: int, end: int) -> bytes:
    """All bytes from ``start`` to ``end``."""
    chunks: list[bytes] = []
    while start < end:
        chunk = os.pread(fd, end - start, start)
        if not chunk:
            break
        chunks.append(chunk)
        start += len(chunk)
    return b"".join(chunks)


CHUNK = 1 << 20
"""Bytes copied or compared at a time: a torn tail may be gigabytes of NULs."""


def copy_range(fd: int, start: int, end: int, to: int) -> None:
    """Write the bytes from ``start`` to ``end`` of ``fd`` to ``to``, a chunk at a time."""
    while start < end:
        chunk = os.pread(fd, min(CHUNK, end - start), start)
        if not chunk:
            break
        view = memoryview(chunk)
        while view:
            view = view[os.write(to, view) :]
        start += len(chunk)


def holds_range(path: Path, fd: int, start: int, end: int) -> bool:
    """Whether the file ``path`` holds exactly the bytes ``start`` to ``end`` of ``fd``."""
    if path.stat().st_size != end - start:
        return False
    with path.open("rb") as file:
        while start < end:
            chunk = os.pread(fd, min(CHUNK, end - start), start)
            if not chunk or file.read(len(chunk)) != chunk:
                return False
            start += len(chunk)
    return True


def touch_lock(path: Path) -> None:
    """Make sure the lock file can be opened, creating it (0600) if need be.

    filelock retries an open that fails with "no such file" until its timeout (on a
    network filesystem that can pass); in a folder where no file can be made (such as
    /proc) it would wait 10 s and then blame another coretui. This open raises the
    real reason at once. It does not follow a link, as filelock does not.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    os.close(os.open(path, flags, 0o600))


def keep_corrupt_range(path: Path, source: int, start: int, end: int) -> Path | None:
    """Copy the bytes ``start`` to ``end`` of ``source`` (the file at ``path``) durably to
    a new history.corrupt-YYYYMMDDTHHMMSS[-N].jsonl, and return where; None when a copy of
    them is there already (the file could not be cut after an earlier copy: `chattr +a`;
    each save then made one more)."""
    for kept in path.parent.glob(f"{path.stem}.corrupt-*{path.suffix}"):
        with suppress(OSError):
            if holds_range(kept, source, start, end):
                return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    for n in range(1000):
        name = f"{path.stem}.corrupt-{stamp}{f'-{n}' if n else ''}{path.suffix}"
        target = path.with_name(name)
        try:
            fd = os.open(target, flags, 0o600)
        except FileExistsError:
            continue
        try:
            copy_range(source, start, end, fd)
            os.fsync(fd)
        except OSError as err:
            os.close(fd)
            # Only our own partial copy goes; the original bytes are still in place.
            with suppress(OSError):
                os.unlink(target)
            raise OSError(err.errno, err.strerror, str(target)) from err
        os.close(fd)
        fsync_dir(path.parent)
        return target
    raise OSError(errno.EEXIST, "too many corrupt-* files this second", str(path))

"""Files written so that nothing is lost: whole or not at all (`atomic_write`,
`atomic_file`), copied aside before a rewrite (`keep_copy`), set aside under a free name
rather than deleted (`set_aside`, `free_name`), in folders made private
(`make_private_dirs`); read only when they are regular files (`read_regular`), told
changed by their `file_stamp`, and a link to a place gone told from a missing file
(`link_gone`). The history, the settings, routine files, progress, kept edits and the
caches all write through here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from coretui.problem_words import LinkGone


def link_gone(path: Path) -> LinkGone | None:
    """The error for a link at `path` to a place gone (a sync or dotfiles folder not
    mounted), saying where it points ("a link to ..., not there"); None for anything
    else. Such a file is no missing one: it holds the user's, and nothing is made there."""
    if not path.is_symlink():
        return None
    try:
        path.stat()
    except FileNotFoundError:
        return LinkGone(errno.ENOENT, f"a link to {os.readlink(path)}, not there")
    except OSError:  # a loop of links: said as such where it is opened
        pass
    return None


def make_private_dirs(directory: Path) -> None:
    """Create ``directory`` and its missing parents as 0700, as the XDG spec asks."""
    missing: list[Path] = []
    while not directory.exists() and directory != directory.parent:
        missing.append(directory)
        directory = directory.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # another process made it meanwhile
            continue
        os.chmod(folder, 0o700)  # mkdir's mode passes through the umask


def file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """What tells a file changed since it was read: its size, modification time, inode
    and change time (a write that kept the size and put the modification time back, a
    sync or `cp -p`, changes the change time, which nothing can set back); None when it
    cannot be seen."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes; None when it is not one (a
    named pipe there is not waited on, a device not read without end) or is larger.
    Raises OSError when it cannot be opened or read."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    finally:
        os.close(fd)
    return data if len(data) <= limit else None


def atomic_write(
    path: Path, text: str | bytes, *, create_folder: bool = True, mode: int = 0o600
) -> None:
    """Write a whole file (text as UTF-8) so that a crash leaves the old or the new one,
    never half (`atomic_file`)."""
    with atomic_file(path, create_folder=create_folder, mode=mode) as handle:
        handle.write(text.encode("utf-8") if isinstance(text, str) else text)


@contextlib.contextmanager
def atomic_file(path: Path, *, create_folder: bool = True, mode: int = 0o600) -> Iterator[BinaryIO]:
    """A file to write in pieces, made beside `path`, synced, then renamed over it with
    `mode`: a crash, a full disk or an error part way leaves the old file or the new
    one, never half of it and no file of its own.

    With `create_folder=False` a missing folder is an error (FileNotFoundError): a
    mistyped `export -o` folder should be reported, not created.
    """
    if create_folder:
        make_private_dirs(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def keep_copy(path: Path) -> Path:
    """Copy `path` beside itself as `<name>.bak`, atomically; the copy's path.

    A `.bak` already there that holds something else (an earlier version the user
    wrote, their own backup) is kept too: the copy is then `<name>.bak.1`, `.2`...
    """
    copy = path.with_name(path.name + ".bak")
    number = 0
    while copy.exists() and not _same_bytes(copy, path):
        number += 1
        copy = path.with_name(f"{path.name}.bak.{number}")
    atomic_write(copy, path.read_bytes(), create_folder=False)
    return copy


def _same_bytes(one: Path, other: Path) -> bool:
    try:
        return one.is_file() and one.read_bytes() == other.read_bytes()
    except OSError:
        return False


def free_name(file: Path, start: int = 1) -> Path:
    """The first of `<file>.deleted`, `<file>.2.deleted`, ... that does not exist."""
    number = start
    while True:
        aside = file.with_name(f"{file.name}{'' if number == 1 else f'.{number}'}.deleted")
        if not aside.exists() and not aside.is_symlink():
            return aside
        number += 1


def set_aside(file: Path) -> Path:
    """Rename `file` to a free `.deleted` name, never over an existing file; the name.
    Raises OSError, and then `file` is where it was (and, as far as the folder lets it
    go, no `.deleted` name beside it)."""
    number = 1
    while True:
        aside = free_name(file, number)
        try:
            os.link(file, aside, follow_symlinks=False)  # fails if the name was taken since
        except FileExistsError:
            number += 1
            continue
        except OSError:  # a file system without hard links: the name was free just now
            file.rename(aside)
            return aside
        try:
            file.unlink()
        except OSError:  # refused (a folder that takes new names, but lets none go)
            with contextlib.suppress(OSError):  # no second name left, where that goes
                aside.unlink()
            raise
        return aside

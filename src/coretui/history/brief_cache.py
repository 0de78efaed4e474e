"""A cache of a history file's briefs, so lists and streaks of a long history load fast.

The cache lives in the user cache folder, one file per history file, and holds the
briefs of the file's complete lines with what identifies the bytes they came from:
the file's device, inode, size, mtime and ctime, and the CRC-32 of those bytes. It is
only ever a shortcut to what reading the file gives:

- the file is unchanged (same device, inode, size, mtime and ctime): the cached briefs
  are used as they are, and only bytes after the last newline (a torn line) are read;
- the file grew and its first bytes still have the cached CRC (sessions appended): the
  cached briefs are used and only the new lines are read;
- anything else (another inode, shorter, same size but other times, another CRC, a
  cache from another coretui or unreadable): the whole file is read.

A file changed within `RACY_NS` of the moment the cache was written could change again
without its mtime moving (timestamps are coarse), so such a cache is checked by its CRC
before use. The cache is replaced atomically; failing to write it is never an error.
"""

from __future__ import annotations

import os
import time
import zlib
from contextlib import suppress
from io import BufferedReader
from pathlib import Path
from sys import intern

import msgspec
from msgspec import Struct
from msgspec.structs import force_setattr

from coretui import __version__
from coretui.history.files import open_regular
from coretui.history.load import (
    BLOCK,
    BadLine,
    BriefLoad,
    Tally,
    brief_of_line,
    feed_file,
    gc_paused,
)
from coretui.history.records import SessionBrief
from coretui.paths import APP_NAME

FORMAT = 4
"""Bump when `SessionBrief` or the way a brief is made from a line changes."""
RACY_NS = 3_000_000_000
"""A file changed this recently may change again within the same timestamp."""
_CODE = Path(__file__).parent


class _Key(Struct, array_like=True, frozen=True):
    """What identifies the history file's bytes without reading them."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int


class _Cache(Struct, array_like=True, gc=False):
    """The cache file: the briefs of the history file's first `covered` bytes."""

    format: int
    code: str
    path: str
    key: _Key
    covered: int
    """Bytes of complete lines (up to and including the last newline) that are cached."""
    crc: int
    """CRC-32 of the first `covered` bytes."""
    racy: bool
    """Written too soon after the file changed: check the CRC before trusting the key."""
    lines: int
    bad: list[tuple[int, str]]
    live: list[SessionBrief]
    """The briefs as a load returns them: tombstones out, sorted by start time."""
    tombstones: list[SessionBrief]


_DECODER = msgspec.msgpack.Decoder(_Cache)
_ENCODER = msgspec.msgpack.Encoder()


def cache_file_for(history: Path, cache_dir: Path | None = None) -> Path:
    """Where the cache of ``history``'s briefs is kept (by default in the user cache folder)."""
    if cache_dir is None:
        from platformdirs import user_cache_path

        cache_dir = user_cache_path(APP_NAME, appauthor=False)
    where = os.fsencode(history.absolute())
    name = f"{zlib.crc32(where):08x}{zlib.adler32(where):08x}"  # another file's is ignored
    return cache_dir / f"briefs-{name}.msgpack"


def read_briefs_cached(path: Path, cache: Path) -> BriefLoad:
    """`read_briefs` through the cache file ``cache``; raises OSError as it does."""
    with open_regular(path) as file:
        before = os.fstat(file.fileno())
        key = _key(before)
        known = _usable(_read_cache(cache, path), key, file)
        if known is not None:
            _share_names(known.live)
            _share_names(known.tombstones)
        if known is not None and key == known.key and not known.racy and key.size == known.covered:
            # Unchanged since it was cached: nothing to read (the common case).
            bad = [BadLine(number, reason) for number, reason in known.bad]
            return BriefLoad(known.live, bad, torn_tail=False)
        tally = Tally(brief_of_line)
        with gc_paused():
            if known is not None:
                _seed(tally, known)
            start = 0 if known is None else known.covered
            crc = 0 if known is None else known.crc
            covered, crc = feed_file(file, tally, start, before.st_size, crc)
            if known is not None and covered == known.covered and tally.lines == known.lines:
                briefs = known.live  # nothing new: already sorted, tombstones out
            else:
                briefs = tally.records(keep_deleted=False)
            after = _key(os.fstat(file.fileno()))
    # Not cached: a file that changed while it was read, or one with a torn last line
    # (its record, if it reads, is not in the complete lines the cache stands for).
    if after == key and not tally.torn:
        _write(cache, path, key, covered, crc, tally, briefs)
    return BriefLoad(briefs, tally.bad, tally.torn)


def _key(st: os.stat_result) -> _Key:
    return _Key(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _code() -> str:
    """coretui's version and this package's files as installed: a change drops the cache."""
    stamps = [__version__]
    for name in ("brief_cache.py", "load.py", "records.py"):
        with suppress(OSError):
            st = (_CODE / name).stat()
            stamps.append(f"{st.st_size}:{st.st_mtime_ns}")
    return " ".join(stamps)


def _read_cache(cache: Path, path: Path) -> _Cache | None:
    """The cache file's contents, or None when missing, unreadable or not for this file."""
    try:
        with open_regular(cache) as file:  # a named pipe or device there: not waited on
            data = file.read()
        known = _DECODER.decode(data)
    except (OSError, msgspec.DecodeError):
        return None
    if known.format != FORMAT or known.code != _code() or known.path != str(path.absolute()):
        return None
    return known


def _share_names(briefs: list[SessionBrief]) -> None:
    """One copy of each routine's id and name, as a read of the history file keeps.

    The cache's decoder makes a copy of both for every brief: about 1.6 MB at 10k.
    """
    for brief in briefs:
        force_setattr(brief, "routine_id", intern(brief.routine_id))
        force_setattr(brief, "routine_name", intern(brief.routine_name))


def _usable(known: _Cache | None, key: _Key, file: BufferedReader) -> _Cache | None:
    """The cache when the file's first `covered` bytes are still the cached ones."""
    if known is None:
        return None
    old = known.key
    if (old.dev, old.ino) != (key.dev, key.ino) or known.covered > key.size:
        return None
    if key == old and not known.racy:
        return known
    return known if _crc(file, known.covered) == known.crc else None


def _crc(file: BufferedReader, size: int) -> int:
    """CRC-32 of the first ``size`` bytes of ``file`` (-1 if it has fewer)."""
    file.seek(0)
    buffer = memoryview(bytearray(BLOCK))  # one buffer, reused: no peak of memory
    crc, left = 0, size
    while left > 0:
        got = file.readinto(buffer[: min(BLOCK, left)])
        if not got:
            return -1
        crc = zlib.crc32(buffer[:got], crc)
        left -= got
    return crc


def _seed(tally: Tally[SessionBrief], known: _Cache) -> None:
    """Start ``tally`` where the cache left off: its records, bad lines and line count."""
    by_id = tally.by_id
    for brief in known.live:
        by_id[brief.id] = brief
    for brief in known.tombstones:
        by_id[brief.id] = brief
    tally.bad.extend(BadLine(number, reason) for number, reason in known.bad)
    tally.lines = known.lines


def _write(
    cache: Path,
    path: Path,
    key: _Key,
    covered: int,
    crc: int,
    tally: Tally[SessionBrief],
    live: list[SessionBrief],
) -> None:
    """Replace the cache file atomically; a failure only means the next read is slower."""
    bad = [(b.line_number, b.reason) for b in tally.bad]
    racy = time.time_ns() - max(key.mtime_ns, key.ctime_ns) < RACY_NS
    tombstones = [brief for brief in tally.by_id.values() if brief.deleted]
    document = _Cache(
        FORMAT,
        _code(),
        str(path.absolute()),
        key,
        covered,
        crc,
        racy,
        tally.lines,
        bad,
        live,
        tombstones,
    )
    try:
        data = _ENCODER.encode(document)
    except ValueError:  # text no UTF-8 holds: half a surrogate pair (a hand edit's
        return  # "\udc80" in a routine's name), or a path of undecodable bytes
    temporary = cache.with_name(f"{cache.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        from coretui.safe_files import make_private_dirs  # (writes only)

        make_private_dirs(cache.parent)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, cache)
    except OSError:
        with suppress(OSError):
            temporary.unlink()

"""Loading a history file: the latest record per id, the bad lines, and a torn tail.

Lines exactly as the store writes them are read by `coretui.history_canonical`, a
block at a time; any other line is decoded and checked in full by `Session.from_dict`,
which also says what is wrong with a bad one. Either way the result is the same.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter, lt
from pathlib import Path
from typing import BinaryIO

from coretui.history_canonical import CanonicalReader, Columns, Record
from coretui.history_records import Session, SessionBrief, decode_line

_BLOCK_BYTES = 1 << 17  # small blocks: a load peaks barely above what it keeps
_ID = attrgetter("id")
_STARTED = attrgetter("started_at")
_ORDER = attrgetter("started_at", "id")


@dataclass(frozen=True)
class BadLine:
    """A line of the history file that could not be read; it stays on disk untouched."""

    line_number: int
    reason: str


@dataclass
class BriefLoad:
    """`HistoryLoad` with briefs: what `coretui history` needs, read faster."""

    briefs: list[SessionBrief]
    bad_lines: list[BadLine]
    torn_tail: bool


@dataclass
class HistoryLoad:
    """Everything a history file holds: sessions, unreadable lines, and a torn tail flag."""

    sessions: list[Session]
    bad_lines: list[BadLine]
    torn_tail: bool


def read_history(path: Path) -> HistoryLoad:
    """Load a history file; raises OSError (FileNotFoundError when it is missing)."""
    with path.open("rb") as file:
        return parse_history(_blocks(file))


def parse_history(lines: Iterable[bytes]) -> HistoryLoad:
    """Lines as a binary file yields them (or blocks of whole lines): the latest record
    per id, sorted by start time."""
    reader = CanonicalReader()
    sessions, bad, torn = _read(lines, reader, reader.sessions, lambda session: session)
    return HistoryLoad(sessions, bad, torn)


def read_briefs(path: Path) -> BriefLoad:
    """`read_history`, keeping only what `coretui history` shows of each session."""
    with path.open("rb") as file:
        reader = CanonicalReader()
        briefs, bad, torn = _read(_blocks(file), reader, reader.briefs, SessionBrief.of)
    return BriefLoad(briefs, bad, torn)


def _read(
    blocks: Iterable[bytes],
    reader: CanonicalReader,
    build: Callable[[Columns], list[Record] | None],
    from_session: Callable[[Session], Record],
) -> tuple[list[Record], list[BadLine], bool]:
    """The latest record per id sorted by start time, the bad lines, and a torn-tail flag."""
    by_id: dict[str, Record] = {}
    bad: list[BadLine] = []
    number = 0
    last = b""
    with _gc_paused():
        for block in blocks:
            last = block
            # Lines exactly as the store writes them come back read; any other line
            # comes back as bytes, to be decoded and checked in full, which also says
            # what is wrong with a bad one.
            for item in reader.scan(block, build):
                if not isinstance(item, bytes):
                    by_id.update(zip(map(_ID, item), item, strict=True))
                    number += len(item)
                    continue
                number += 1
                line = item
                if line.isspace():
                    continue
                try:
                    if number == 1:
                        line = line.removeprefix(b"\xef\xbb\xbf")  # a BOM from a Windows editor
                    session = Session.from_dict(decode_line(line), reader.shared_steps)
                except ValueError as err:
                    torn = not line.endswith(b"\n")  # only the last line can lack it
                    reason = (
                        f"incomplete last line, moved aside on the next save ({err})"
                        if torn
                        else str(err)
                    )
                    bad.append(BadLine(number, reason))
                    continue
                record = from_session(session)
                by_id[record.id] = record
    records = list(by_id.values())
    starts = list(map(_STARTED, records))
    # Appended as they happen, sessions are usually in order already: checking is
    # cheaper than sorting (a later line with the same id can still move one).
    if not all(map(lt, starts, islice(starts, 1, None))):
        records.sort(key=_ORDER)
    return records, bad, bool(last) and not last.endswith(b"\n")


def _blocks(file: BinaryIO) -> Iterator[bytes]:
    """A file in blocks of whole lines, about 128 KB each; only the last may lack a newline.

    Never the whole file in memory: a long history is read a block at a time.
    """
    pending: list[bytes | memoryview] = []
    while chunk := file.read(_BLOCK_BYTES):
        cut = chunk.rfind(b"\n") + 1
        if not cut:
            pending.append(chunk)  # a very long line (a corrupt file): keep reading
            continue
        yield b"".join([*pending, memoryview(chunk)[:cut]])  # one copy, not two
        pending = [chunk[cut:]]
    rest = b"".join(pending)
    if rest:
        yield rest


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic collector: a load makes millions of acyclic objects, and its
    passes over them would double the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

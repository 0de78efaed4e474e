"""Loading a history file: the latest record per id, the bad lines, and a torn tail.

Each line is decoded on its own by msgspec into the record types of
`coretui.history.records`, so a bad line is reported by its number and the rest load.
A later line with the same id replaces an earlier one unless the earlier one was
updated later (`updated_at`); a tombstone (`deleted: true`) removes the session.
"""

from __future__ import annotations

import gc
import json
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from pathlib import Path
from sys import intern
from typing import Any, BinaryIO, Generic, TypeVar

import msgspec

from coretui.durations import SELF_PACED_S_PER_REP
from coretui.history.files import open_regular
from coretui.history.records import (
    CommonFields,
    Session,
    SessionBrief,
    SessionV1,
    StepEntry,
    StepEntryV1,
    Version2Fields,
    upgrade,
    utc,
)
from coretui.history.wording import plain_json_error, plain_reason


class _BriefLine(Version2Fields[StepEntry], kw_only=True, gc=False):
    """A version 2 line read for its brief. Its steps are read whole, as `Session` reads
    them (a fifth slower to decode than their work times alone): a line is bad for both
    reads or for neither, so `history` and `export` count the same sessions."""


class _BriefLineV1(CommonFields[StepEntryV1], tag_field="schema_version", tag=1, kw_only=True):
    """A version 1 line read for its brief."""


_SESSIONS = msgspec.json.Decoder(Session | SessionV1)
_BRIEFS = msgspec.json.Decoder(_BriefLine | _BriefLineV1)


Record = TypeVar("Record", Session, SessionBrief)


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


def decode_session(line: bytes) -> Session:
    """One history line as a session; raises ValueError saying what is wrong with it."""
    return upgrade(_decode(line, _SESSIONS, Session | SessionV1))


def session_at(line: bytes, offset: int) -> Session:
    return decode_session(line)


def _brief(line: bytes, offset: int) -> SessionBrief:
    """The brief of the line that starts at byte ``offset`` of the file."""
    record = _decode(line, _BRIEFS, _BriefLine | _BriefLineV1)
    # did_the_work inlined (see `work_of`): a brief of a 21-step session spends most
    # of its time here when it calls a function per step.
    planned = done = 0.0
    updated: datetime | None = None  # version 1: updated at its finish
    deleted = False
    for step in record.steps:
        plan, work = step.planned_s, step.done_s
        if plan is not None:
            planned += plan
            done += plan if plan < work else work
        else:  # a self-paced set: its reps at the routine's pace (skipped: or stopped)
            reps = step.planned_reps
            estimate = (reps or 1) * SELF_PACED_S_PER_REP
            planned += estimate
            if not step.skipped:  # (its reps done: those its time allowed)
                did = step.done_reps
                done += (
                    estimate if did is None or not reps or did >= reps else estimate * did / reps
                )
    if not isinstance(record, _BriefLineV1):
        updated, deleted = record.updated_at, record.deleted
    # Every time is checked, as `Session` checks them, so a line is bad for both reads.
    finished = utc(record.finished_at, "finished_at")
    return SessionBrief(
        record.id,
        intern(record.routine_id),  # one copy of each name in memory, not one a session
        intern(record.routine_name),
        utc(record.started_at, "started_at"),
        record.local_date,
        record.status,
        record.duration_s,
        record.active_s,
        record.pain_before,
        record.pain_after,
        planned > 0 and done * 2 >= planned,
        finished if updated is None else utc(updated, "updated_at"),
        deleted,
        offset,
    )


def _decode(line: bytes, decoder: msgspec.json.Decoder[Any], kind: Any) -> Any:
    """Decode and check one line, or raise ValueError in plain words."""
    try:
        return decoder.decode(line)
    except msgspec.ValidationError as err:
        failure, wrong_type = str(err), True
    except msgspec.DecodeError as err:
        failure, wrong_type = str(err), False
    except RecursionError:
        raise ValueError(_TOO_DEEP) from None
    # Explain what is wrong, or accept what json.dumps itself can write (lone
    # surrogates such as "\udc80", from a terminal's undecodable bytes).
    if b"\x00" in line:
        if _utf16(line):
            raise ValueError("UTF-16 text, not UTF-8 (save the file as UTF-8)")
        raise ValueError("contains NUL bytes (binary data, or a file cut short by a crash)")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"not valid UTF-8 (byte {err.start + 1})") from None
    if wrong_type:
        # msgspec checks types as it parses: "[" is "expected an object" before it is
        # cut short. Say what a person must mend first: the JSON itself.
        raise ValueError(_json_problem(line) or plain_reason(failure, _loose(line)))
    if "surrogate" not in failure:
        raise ValueError(plain_json_error(failure))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ValueError(plain_json_error(failure)) from None
    try:
        return msgspec.convert(data, kind, strict=True)
    except msgspec.ValidationError as err:
        raise ValueError(plain_reason(str(err), data)) from None


def _utf16(line: bytes) -> bool:
    """A line of UTF-16 text (an editor's "Unicode"): every other byte NUL, the rest not.

    Split at b"\n", a little-endian line starts with the NUL of the newline before it.
    """
    text = line.removeprefix(b"\xff\xfe").removeprefix(b"\xfe\xff").removeprefix(b"\x00")
    text = text[: len(text) // 2 * 2]
    odd, even = text[1::2], text[0::2]
    return bool(text) and (
        (not odd.strip(b"\x00") and 0 not in even) or (not even.strip(b"\x00") and 0 not in odd)
    )


def _loose(line: bytes) -> object:
    """The line as plain JSON values, to quote the bad value in a message; raises
    ValueError for a line nested too deep to hold a record."""
    try:
        return msgspec.json.decode(line)
    except RecursionError:
        raise ValueError(_TOO_DEEP) from None
    except msgspec.DecodeError:
        try:
            return json.loads(line)
        except (ValueError, RecursionError):
            return None


_TOO_DEEP = "not a history record (lists or objects nested too deep)"


def _json_problem(line: bytes) -> str | None:
    """What is wrong with the line as JSON (before any record's shape); None if nothing."""
    try:
        msgspec.json.decode(line)
    except RecursionError:
        return _TOO_DEEP
    except msgspec.ValidationError:  # untyped: only an integer can be out of range
        return "not a history record (a number has too many digits)"
    except msgspec.DecodeError as err:
        if "surrogate" not in str(err):  # (what json.dumps writes is read: see `_decode`)
            return plain_json_error(str(err))
    return None


MOVED_ASIDE = ", moved aside on the next save"
"""What happens to the history's own torn last line (not to another file's)."""


def read_history(path: Path, *, keep_deleted: bool = False) -> HistoryLoad:
    """Load a history file; raises OSError (FileNotFoundError when it is missing)."""
    with open_regular(path) as file:
        tally = Tally(session_at)
        with gc_paused():
            feed_file(file, tally, 0, os.fstat(file.fileno()).st_size)
    return HistoryLoad(tally.records(keep_deleted), tally.bad, tally.torn)


def read_briefs(path: Path, *, keep_deleted: bool = False) -> BriefLoad:
    """`read_history`, keeping only what lists and streaks need of each session."""
    with open_regular(path) as file:
        tally = Tally(brief_of_line)
        with gc_paused():
            feed_file(file, tally, 0, os.fstat(file.fileno()).st_size)
    return BriefLoad(tally.records(keep_deleted), tally.bad, tally.torn)


brief_of_line = _brief


class Tally(Generic[Record]):
    """The latest record per id of the lines read so far, in file order, and the bad ones."""

    def __init__(self, decode: Callable[[bytes, int], Record]) -> None:
        self.decode: Callable[[bytes, int], Record] = decode
        self.by_id: dict[str, Record] = {}
        self.bad: list[BadLine] = []
        self.lines = 0
        """Lines read so far (blank ones too): the number of the next is one more."""
        self.torn = False
        """The last line read lacked its newline (a crash's torn write, or a hand edit)."""

    def add(self, line: bytes, complete: bool, offset: int) -> None:
        """One line, without its newline, that starts at byte ``offset``; ``complete``
        when it had a newline."""
        self.lines += 1
        self.torn = not complete
        if not line or line.isspace():
            return
        try:
            if self.lines == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")  # a BOM from a Windows editor
            record = self.decode(line, offset)
        except ValueError as err:
            reason = str(err) if complete else f"incomplete last line{MOVED_ASIDE} ({err})"
            self.bad.append(BadLine(self.lines, reason))
            return
        self.keep(record)

    def too_long(self, size: int, *, complete: bool) -> None:
        """A line past MAX_LINE_BYTES, not read: said by its number and size."""
        self.lines += 1
        self.torn = not complete
        reason = f"not a history record ({size:,} bytes in one line)"
        self.bad.append(
            BadLine(
                self.lines, reason if complete else f"incomplete last line{MOVED_ASIDE} ({reason})"
            )
        )

    def keep(self, record: Record) -> None:
        """A record read: the newer edit wins; on a tie, the later line."""
        earlier = self.by_id.get(record.id)
        if earlier is None or record.updated >= earlier.updated:
            self.by_id[record.id] = record

    def records(self, keep_deleted: bool) -> list[Record]:
        """The latest record per id, sorted by start time (tombstones only if asked)."""
        records = [r for r in self.by_id.values() if keep_deleted or not r.deleted]
        records.sort(key=_order)
        return records


BLOCK = 1 << 17
"""Bytes read at a time: large enough that splitting lines costs little per line."""
MAX_LINE_BYTES = 1 << 24
"""A line longer than this (16 MiB; a session's is a few KB) is no record: it is said,
not held (a crash can leave a file's end as a run of NULs, gigabytes long)."""


def feed_file(
    file: BinaryIO, tally: Tally[Any], start: int, end: int, crc: int = 0
) -> tuple[int, int]:
    """Feed the lines of bytes ``start`` to ``end`` of ``file`` to ``tally``.

    ``start`` must be the start of a line. Returns the offset just past the last
    newline (where the next read can start) and the CRC-32 of the bytes up to it,
    continuing ``crc`` (the CRC of the bytes before ``start``).
    """
    file.seek(start)
    covered, position = start, start
    pending: list[bytes] = []  # the start of a line not yet ended
    long: tuple[int, int] | None = None  # a line past MAX_LINE_BYTES: its size, its CRC
    while position < end:
        block = file.read(min(BLOCK, end - position))
        if not block:
            break  # the file shrank meanwhile: what was read is what there is
        position += len(block)
        if long is not None:  # passed over to its newline, never held
            ends = block.find(b"\n")
            if ends < 0:
                long = (long[0] + len(block), zlib.crc32(block, long[1]))
                continue
            crc = zlib.crc32(memoryview(block)[: ends + 1], long[1])
            tally.too_long(long[0] + ends, complete=True)
            covered, long, block = covered + long[0] + ends + 1, None, block[ends + 1 :]
            if not block:
                continue
        cut = block.rfind(b"\n") + 1
        if not cut:
            pending.append(block)
            if (held := sum(map(len, pending))) > MAX_LINE_BYTES:
                through = reduce(lambda done, part: zlib.crc32(part, done), pending, crc)
                long, pending = (held, through), []
            continue
        if pending:
            pending.append(block)
            block = b"".join(pending)
            cut = block.rfind(b"\n") + 1
        lines = block.split(b"\n")
        tail = lines.pop()
        pending = [tail] if tail else []
        crc = zlib.crc32(memoryview(block)[:cut], crc)
        add = tally.add
        for line in lines:
            add(line, True, covered)
            covered += len(line) + 1
    if long is not None:
        tally.too_long(long[0], complete=False)
    elif pending:
        tally.add(b"".join(pending), False, covered)
    return covered, crc


def _order(record: Session | SessionBrief) -> tuple[datetime, str]:
    return record.started_at, record.id


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector: a load makes millions of acyclic objects, and its
    passes over them would double the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

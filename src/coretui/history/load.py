"""Loading a history file: the latest record per id, the bad lines, and a torn tail.

Each line is decoded on its own by msgspec into the record types of
`coretui.history.records`, so a bad line is reported by its number and the rest load.
A later line with the same id replaces an earlier one unless the earlier one was
updated later (`updated_at`); a tombstone (`deleted: true`) removes the session.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import msgspec
from msgspec import Struct

from coretui.history.records import (
    CommonFields,
    Ended,
    Seconds,
    Session,
    SessionBrief,
    SessionV1,
    Version2Fields,
    did_the_work,
    upgrade,
    work_of,
)
from coretui.history.wording import plain_json_error, plain_reason


class _StepWork(Struct, gc=False):
    """Of a step, only its work time: other step fields are not read for a brief."""

    done_s: Seconds
    ended: Ended
    planned_s: Seconds | None = None


class _StepWorkV1(Struct, gc=False):
    """A version 1 step's work time."""

    done_s: Seconds
    planned_s: Seconds | None = None
    skipped: bool = False


class _BriefLine(Version2Fields[_StepWork], kw_only=True, gc=False):
    """A version 2 line read for its brief."""


class _BriefLineV1(CommonFields[_StepWorkV1], tag_field="schema_version", tag=1, kw_only=True):
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


def _brief(line: bytes) -> SessionBrief:
    record = _decode(line, _BRIEFS, _BriefLine | _BriefLineV1)
    if isinstance(record, _BriefLineV1):
        work = (
            work_of(s.planned_s, s.done_s, "skipped" if s.skipped else "time") for s in record.steps
        )
        updated, deleted = record.finished_at, False
    else:
        work = (work_of(s.planned_s, s.done_s, s.ended) for s in record.steps)
        updated = record.finished_at if record.updated_at is None else record.updated_at
        deleted = record.deleted
    return SessionBrief(
        record.id,
        record.routine_id,
        record.routine_name,
        record.started_at,
        record.local_date,
        record.status,
        record.duration_s,
        record.active_s,
        record.pain_before,
        record.pain_after,
        did_the_work(work),
        updated,
        deleted,
    )


def _decode(line: bytes, decoder: msgspec.json.Decoder[Any], kind: Any) -> Any:
    """Decode and check one line, or raise ValueError in plain words."""
    try:
        return decoder.decode(line)
    except msgspec.ValidationError as err:
        failure, wrong_type = str(err), True
    except msgspec.DecodeError as err:
        failure, wrong_type = str(err), False
    # Explain what is wrong, or accept what json.dumps itself can write (lone
    # surrogates such as "\udc80", from a terminal's undecodable bytes).
    if b"\x00" in line:
        raise ValueError("contains NUL bytes (a file cut short by a crash)")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"not valid UTF-8 (byte {err.start + 1})") from None
    if wrong_type:
        raise ValueError(plain_reason(failure, _loose(line)))
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


def _loose(line: bytes) -> object:
    """The line as plain JSON values, to quote the bad value in a message."""
    try:
        return msgspec.json.decode(line)
    except msgspec.DecodeError:
        try:
            return json.loads(line)
        except (ValueError, RecursionError):
            return None


def read_history(path: Path, *, keep_deleted: bool = False) -> HistoryLoad:
    """Load a history file; raises OSError (FileNotFoundError when it is missing)."""
    with path.open("rb") as file:
        return parse_history(file, keep_deleted=keep_deleted)


def parse_history(lines: Iterable[bytes], *, keep_deleted: bool = False) -> HistoryLoad:
    """Lines as a binary file yields them: the latest record per id, sorted by start time.

    Tombstones are dropped with the session they delete, unless ``keep_deleted``
    (a merge carries them to the other file).
    """
    sessions, bad, torn = _read(lines, decode_session, keep_deleted)
    return HistoryLoad(sessions, bad, torn)


def read_briefs(path: Path) -> BriefLoad:
    """`read_history`, keeping only what lists and streaks need of each session."""
    with path.open("rb") as file:
        briefs, bad, torn = _read(file, _brief, keep_deleted=False)
    return BriefLoad(briefs, bad, torn)


def _read(
    lines: Iterable[bytes], decode: Callable[[bytes], Record], keep_deleted: bool
) -> tuple[list[Record], list[BadLine], bool]:
    """The latest record per id sorted by start time, the bad lines, and a torn-tail flag."""
    by_id: dict[str, Record] = {}
    bad: list[BadLine] = []
    line = b""
    with _gc_paused():
        for number, line in enumerate(lines, start=1):
            if line.isspace():
                continue
            try:
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")  # a BOM from a Windows editor
                record = decode(line)
            except ValueError as err:
                torn = not line.endswith(b"\n")  # only the last line can lack it
                reason = (
                    f"incomplete last line, moved aside on the next save ({err})"
                    if torn
                    else str(err)
                )
                bad.append(BadLine(number, reason))
                continue
            earlier = by_id.get(record.id)
            # The newer edit wins; on a tie, the later line.
            if earlier is None or record.updated >= earlier.updated:
                by_id[record.id] = record
    records = [r for r in by_id.values() if keep_deleted or not r.deleted]
    records.sort(key=_order)
    return records, bad, bool(line) and not line.endswith(b"\n")


def _order(record: Session | SessionBrief) -> tuple[datetime, str]:
    return record.started_at, record.id


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

"""The history store: one JSON line per session in ``history.jsonl``, appended, never rewritten.

A later line with the same ``id`` replaces an earlier one; that is how edits made on the
summary screen are saved without touching the lines already on disk.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from filelock import FileLock, Timeout
from pydantic_core import from_json

SCHEMA_VERSION = 1
LOCK_TIMEOUT_S = 10.0
# Rejects inf (a "1e999" in a file) with the range check the fast path already makes.
_MAX_SECONDS = 1e9


@dataclass(frozen=True, slots=True)
class StepEntry:
    """What happened to one step of a session: planned against done."""

    exercise: str
    side: str | None
    planned_s: float | None
    done_s: float
    planned_reps: int | None
    done_reps: int | None
    skipped: bool
    variant: str | None

    def to_dict(self) -> dict[str, object]:
        """The step as stored; seconds are always floats so reads take the fast path."""
        return {
            "exercise": self.exercise,
            "side": self.side,
            "planned_s": None if self.planned_s is None else float(self.planned_s),
            "done_s": float(self.done_s),
            "planned_reps": self.planned_reps,
            "done_reps": self.done_reps,
            "skipped": self.skipped,
            "variant": self.variant,
        }

    @classmethod
    def from_dict(cls, raw: object, where: str = "") -> StepEntry:
        """Validate one stored step; raises ValueError naming the bad field."""
        data = _object(raw, where.rstrip("."))
        return cls(
            exercise=_text(data, "exercise", where),
            side=_text_or_none(data, "side", where),
            planned_s=_seconds_or_none(data, "planned_s", where),
            done_s=_seconds(data, "done_s", where),
            planned_reps=_count(data, "planned_reps", where),
            done_reps=_count(data, "done_reps", where),
            skipped=_flag(data, "skipped", where),
            variant=_text_or_none(data, "variant", where),
        )


StepKey = tuple[Any, ...]


def _steps_from_json(raw_steps: list[Any], shared: dict[StepKey, StepEntry]) -> list[StepEntry]:
    """A record's steps, checked in one loop without a call per step.

    A 100,000-session history holds a million steps, so exactly what StepEntry.to_dict
    writes is checked inline, and equal steps (a plank held to the end in every session)
    share one frozen object via ``shared``. Anything else goes to StepEntry.from_dict,
    which explains what is wrong.
    """
    steps: list[StepEntry] = []
    top = _MAX_SECONDS
    for index, raw in enumerate(raw_steps):
        try:
            if type(raw) is dict and len(raw) == _STEP_FIELD_COUNT:
                key = (
                    raw["exercise"],
                    raw["side"],
                    raw["planned_s"],
                    raw["done_s"],
                    raw["planned_reps"],
                    raw["done_reps"],
                    raw["skipped"],
                    raw["variant"],
                )
                exercise, side, planned, done, p_reps, d_reps, skipped, variant = key
                if (
                    type(exercise) is str
                    and (side is None or type(side) is str)
                    and (planned is None or (type(planned) is float and 0.0 <= planned < top))
                    and type(done) is float
                    and 0.0 <= done < top
                    and (p_reps is None or (type(p_reps) is int and p_reps >= 0))
                    and (d_reps is None or (type(d_reps) is int and d_reps >= 0))
                    and type(skipped) is bool
                    and (variant is None or type(variant) is str)
                ):
                    step = shared.get(key)
                    if step is None:
                        step = shared[key] = StepEntry(*key)
                    steps.append(step)
                    continue
        except KeyError:  # eight keys, but not ours
            pass
        steps.append(StepEntry.from_dict(raw, f"steps[{index}]."))
    return steps


_STEP_FIELD_COUNT = len(fields(StepEntry))


@dataclass(slots=True)
class Session:
    """One workout as recorded in the history file."""

    id: str
    routine_id: str
    routine_name: str
    started_at: datetime
    finished_at: datetime
    tz: str | None
    local_date: date
    status: Literal["completed", "partial"]
    duration_s: float
    active_s: float
    steps: list[StepEntry]
    pain_before: int | None = None
    pain_after: int | None = None
    note: str = ""
    schema_version: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, object]:
        """The record as stored, keys in SPEC section 5 order; ValueError if invalid."""
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "routine_id": self.routine_id,
            "routine_name": self.routine_name,
            "started_at": _iso_utc(self.started_at, "started_at"),
            "finished_at": _iso_utc(self.finished_at, "finished_at"),
            "tz": self.tz,
            "local_date": self.local_date.isoformat(),
            "status": self.status,
            "duration_s": float(self.duration_s),
            "active_s": float(self.active_s),
            "steps": [step.to_dict() for step in self.steps],
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "note": self.note,
        }

    def to_json_line(self) -> str:
        """One line of JSON ending in a newline (ASCII only, so no encoding can fail)."""
        return json.dumps(self.to_dict(), separators=(",", ":")) + "\n"

    @classmethod
    def from_dict(
        cls, data: object, shared_steps: dict[StepKey, StepEntry] | None = None
    ) -> Session:
        """Validate one decoded line; raises ValueError with a readable reason.

        ``shared_steps`` lets the records of one load share equal steps, to save memory.
        """
        record = _object(data, "record")
        version = record.get("schema_version")
        if type(version) is not int or version < 1:
            raise ValueError(f"schema_version: expected a whole number, got {_show(version)}")
        if version > SCHEMA_VERSION:
            raise ValueError(
                f"written by a newer coretui (schema_version {version}); update coretui to read it"
            )
        raw_steps = record.get("steps")
        if type(raw_steps) is not list:
            raise ValueError(f"steps: expected a list, got {_show(raw_steps)}")
        status = record.get("status")
        if status != "completed" and status != "partial":
            raise ValueError(f"status: expected 'completed' or 'partial', got {_show(status)}")
        session_id = _text(record, "id")
        if not session_id:
            raise ValueError("id: must not be empty")
        return cls(
            id=session_id,
            routine_id=_text(record, "routine_id"),
            routine_name=_text(record, "routine_name"),
            started_at=_utc_time(record, "started_at"),
            finished_at=_utc_time(record, "finished_at"),
            tz=_text_or_none(record, "tz"),
            local_date=_day(record, "local_date"),
            status=status,
            duration_s=_seconds(record, "duration_s"),
            active_s=_seconds(record, "active_s"),
            steps=_steps_from_json(raw_steps, {} if shared_steps is None else shared_steps),
            pain_before=_pain(record, "pain_before"),
            pain_after=_pain(record, "pain_after"),
            note=_text(record, "note", default=""),
            schema_version=version,
        )


def new_session_id() -> str:
    """A fresh session id: a uuid4 in its usual dashed form."""
    return str(uuid.uuid4())


def local_date_and_tz(started_at: datetime) -> tuple[date, str | None]:
    """The system's local date at ``started_at`` and its IANA zone name when one is known."""
    if started_at.utcoffset() is None:
        raise ValueError("started_at must be timezone-aware")
    name = _system_zone_name()
    if name is None:
        # No IANA name (e.g. TZ="EST+5"): the C library still knows the offset.
        return started_at.astimezone().date(), None
    return started_at.astimezone(ZoneInfo(name)).date(), name


def _system_zone_name() -> str | None:
    """The IANA name behind TZ or /etc/localtime, if it names a zone zoneinfo knows."""
    tz_env = os.environ.get("TZ")
    candidates: list[str] = []
    if tz_env is not None:
        candidates.append(tz_env.removeprefix(":"))
    else:
        with suppress(OSError):
            candidates.append(os.readlink("/etc/localtime"))
        with suppress(OSError):
            candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for candidate in candidates:
        name = candidate.rpartition("zoneinfo/")[2].removeprefix("posix/").removeprefix("right/")
        try:
            ZoneInfo(name)
        except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
            continue
        return name
    return None


@dataclass(frozen=True)
class BadLine:
    """A line of the history file that could not be read; it stays on disk untouched."""

    line_number: int
    reason: str


@dataclass
class HistoryLoad:
    """Everything a history file holds: sessions, unreadable lines, and a torn tail flag."""

    sessions: list[Session]
    bad_lines: list[BadLine]
    torn_tail: bool


@dataclass(frozen=True)
class MergeResult:
    """What merging another history file did, session by session."""

    added: int
    updated: int
    unchanged: int
    bad_lines: list[BadLine]


class HistoryError(Exception):
    """A history file could not be read or written; ``str()`` is one line for the user."""


def read_history(path: Path) -> HistoryLoad:
    """Load a history file; raises OSError (FileNotFoundError when it is missing)."""
    with path.open("rb") as lines:  # line by line: the whole file is never in memory twice
        return parse_history(lines)


def parse_history(lines: Iterable[bytes]) -> HistoryLoad:
    """Lines as a binary file yields them: the latest record per id, sorted by start time."""
    by_id: dict[str, Session] = {}
    shared_steps: dict[StepKey, StepEntry] = {}
    bad: list[BadLine] = []
    torn = False
    with _gc_paused():
        for number, line in enumerate(lines, 1):
            torn = not line.endswith(b"\n")  # only the last line can lack its newline
            if line.isspace():
                continue
            try:
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")  # a BOM from a Windows editor
                session = Session.from_dict(decode_line(line), shared_steps)
            except ValueError as err:
                reason = (
                    f"incomplete last line, moved aside on the next save ({err})"
                    if torn
                    else str(err)
                )
                bad.append(BadLine(number, reason))
                continue
            by_id[session.id] = session
    sessions = sorted(by_id.values(), key=lambda s: (s.started_at, s.id))
    return HistoryLoad(sessions, bad, torn)


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


def decode_line(line: bytes) -> object:
    """JSON-decode one line; raises ValueError saying what is wrong with it."""
    try:
        # jiter (pydantic's parser) is about twice as fast as the json module here.
        return from_json(line, cache_strings="all", allow_inf_nan=False)
    except ValueError:
        pass
    # Slow path: explain the failure, and accept what json.dumps itself can write
    # (lone surrogates such as "\udc80", which jiter refuses).
    if b"\x00" in line:
        raise ValueError("contains NUL bytes (a file cut short by a crash)")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"not valid UTF-8 (byte {err.start + 1})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"not valid JSON ({err.msg} at column {err.colno})") from None
    except (ValueError, RecursionError) as err:
        raise ValueError(f"not valid JSON ({err})") from None


class HistoryStore:
    """The append-only history file, safe against crashes and concurrent coretui processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # A separate lock file: the data file is never replaced, and the kernel drops
        # the flock if we crash, so a stale lock never blocks the next run.
        self.lock_path = path.with_suffix(".lock")

    def load(self) -> HistoryLoad:
        """All sessions; a missing file is an empty history, an unreadable one a HistoryError."""
        # No lock: appends are whole lines, so a reader can at worst see a line still being
        # written, as a torn tail that is not there on the next load.
        try:
            return read_history(self.path)
        except FileNotFoundError:
            return HistoryLoad([], [], torn_tail=False)
        except OSError as err:
            raise HistoryError(_failure("read history", self.path, err)) from err

    def append(self, session: Session) -> None:
        """Add (or, with a known id, replace) one session durably; raises HistoryError."""
        self.append_many([session])

    def append_many(self, sessions: Iterable[Session]) -> None:
        """Add many sessions in one locked, fsynced write (an import, a benchmark's history).

        All or nothing: one invalid session refuses the lot, and a failed write leaves the
        file as it was.
        """
        payload = b"".join(_encode(session) for session in sessions)
        if not payload:
            return
        with self._locked("save history"):
            self._append_locked(payload, "save history")

    def merge(self, other: Path) -> MergeResult:
        """Append another history file's new and newer sessions; nothing local is lost."""
        try:
            incoming = read_history(other)
        except OSError as err:
            raise HistoryError(_failure("merge", other, err)) from err
        added = updated = unchanged = 0
        payload: list[bytes] = []
        with self._locked("merge history"):
            ours = {session.id: session for session in self.load().sessions}
            for session in incoming.sessions:
                mine = ours.get(session.id)
                if mine is None:
                    added += 1
                elif mine == session or session.finished_at <= mine.finished_at:
                    unchanged += 1
                    continue
                else:
                    updated += 1
                payload.append(_encode(session))
            if payload:
                self._append_locked(b"".join(payload), "merge history")
        return MergeResult(added, updated, unchanged, incoming.bad_lines)

    @contextmanager
    def _locked(self, action: str) -> Iterator[None]:
        """Hold the history lock, creating the private data folder first."""
        lock = FileLock(self.lock_path, timeout=LOCK_TIMEOUT_S, mode=0o600)
        try:
            _make_private_dirs(self.path.parent)
            lock.acquire()
        except Timeout as err:  # before OSError: Timeout is a TimeoutError
            raise HistoryError(
                f"cannot {action}: {self.lock_path} is held by another coretui "
                f"(waited {LOCK_TIMEOUT_S:g} s)"
            ) from err
        except OSError as err:
            raise HistoryError(_failure(action, self.lock_path, err)) from err
        try:
            yield
        finally:
            lock.release()

    def _append_locked(self, payload: bytes, action: str) -> None:
        """Write whole lines in one call; on any failure the file is left as it was."""
        try:
            fd, created = _open_for_append(self.path)
        except OSError as err:
            raise HistoryError(_failure(action, self.path, err)) from err
        try:
            self._set_aside_torn_tail(fd)
            size = os.fstat(fd).st_size
            try:
                # One write of whole lines: a crash leaves at most a torn last line.
                if os.write(fd, payload) != len(payload):
                    # A short write to a regular file means the disk filled up.
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                os.fsync(fd)
            except OSError:
                with suppress(OSError):  # if even this fails, the next save quarantines the tail
                    os.ftruncate(fd, size)
                raise
            if created:
                _fsync_dir(self.path.parent)
        except OSError as err:
            raise HistoryError(_failure(action, self.path, err)) from err
        finally:
            os.close(fd)

    def _set_aside_torn_tail(self, fd: int) -> None:
        """Move the bytes after the last newline (a crash's torn line) to a corrupt-* file."""
        size = os.fstat(fd).st_size
        if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
            return
        start = _after_last_newline(fd, size)
        tail = _read_range(fd, start, size)
        try:
            Session.from_dict(decode_line(tail))
        except ValueError:
            self._keep_copy(tail)
            # Only now that the copy is synced may the bytes leave the main file.
            os.ftruncate(fd, start)
            os.fsync(fd)
        else:
            # A whole record that only lacks its newline (a hand-edited file): finish the line.
            os.write(fd, b"\n")

    def _keep_copy(self, tail: bytes) -> None:
        """Write ``tail`` durably to a new history.corrupt-YYYYMMDDTHHMMSS[-N].jsonl."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        for n in range(1000):
            name = f"{self.path.stem}.corrupt-{stamp}{f'-{n}' if n else ''}{self.path.suffix}"
            target = self.path.with_name(name)
            try:
                fd = os.open(target, flags, 0o600)
            except FileExistsError:
                continue
            try:
                view = memoryview(tail)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError as err:
                os.close(fd)
                # Only our own partial copy goes; the original bytes are still in place.
                with suppress(OSError):
                    os.unlink(target)
                raise OSError(err.errno, err.strerror, str(target)) from err
            os.close(fd)
            _fsync_dir(self.path.parent)
            return
        raise OSError(errno.EEXIST, "too many corrupt-* files this second", str(self.path))


def _encode(session: Session) -> bytes:
    """The session's line, refused unless it reads back: never write what load would reject."""
    try:
        line = session.to_json_line().encode("ascii")
        Session.from_dict(decode_line(line))
    except ValueError as err:
        raise HistoryError(f"cannot save history: invalid session: {err}") from err
    return line


def _open_for_append(path: Path) -> tuple[int, bool]:
    """An O_APPEND descriptor on ``path`` (0600 when new), and whether it was just created."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CLOEXEC
    try:
        return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o600), True
    except FileExistsError:
        return os.open(path, flags), False


def _make_private_dirs(directory: Path) -> None:
    """Create ``directory`` and missing parents as 0700, as the XDG spec asks."""
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


def _fsync_dir(directory: Path) -> None:
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


def _after_last_newline(fd: int, size: int) -> int:
    """Offset just past the last newline before ``size`` (0 if there is none)."""
    end = size
    while end > 0:
        start = max(0, end - 65536)
        found = os.pread(fd, end - start, start).rfind(b"\n")
        if found >= 0:
            return start + found + 1
        end = start
    return 0


def _read_range(fd: int, start: int, end: int) -> bytes:
    """All bytes from ``start`` to ``end``."""
    chunks: list[bytes] = []
    while start < end:
        chunk = os.pread(fd, end - start, start)
        if not chunk:
            break
        chunks.append(chunk)
        start += len(chunk)
    return b"".join(chunks)


def _failure(action: str, path: Path | str, err: OSError) -> str:
    """One line such as 'cannot save history: /x/history.jsonl: read-only file system'."""
    reason = os.strerror(err.errno) if err.errno else str(err)
    where = err.filename or path
    return f"cannot {action}: {where}: {reason[:1].lower()}{reason[1:]}"


def _iso_utc(moment: datetime, name: str) -> str:
    """ISO 8601 in UTC with a Z; naive times are refused, not guessed."""
    if moment.utcoffset() is None:
        raise ValueError(f"{name}: must be timezone-aware")
    return moment.astimezone(UTC).isoformat().removesuffix("+00:00") + "Z"


# Field readers for the slow path: each returns the checked value or raises a ValueError
# naming the field. ``where`` prefixes step fields, e.g. "steps[2].".
_MISSING: Any = object()


def _show(value: object) -> str:
    """A short description of a JSON value for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool | int | float | str):
        shown = json.dumps(value)
        return shown if len(shown) <= 40 else shown[:37] + "..."
    return "a list" if isinstance(value, list) else "an object"


def _object(value: object, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{name}: expected an object, got {_show(value)}")
    return value


def _get(data: dict[str, Any], key: str, where: str) -> Any:
    value = data.get(key, _MISSING)
    if value is _MISSING:
        raise ValueError(f"{where}{key}: missing")
    return value


def _text(data: dict[str, Any], key: str, where: str = "", default: Any = _MISSING) -> str:
    value = data.get(key, default)
    if type(value) is str:
        return value
    if value is _MISSING:
        raise ValueError(f"{where}{key}: missing")
    raise ValueError(f"{where}{key}: expected text, got {_show(value)}")


def _text_or_none(data: dict[str, Any], key: str, where: str = "") -> str | None:
    return None if data.get(key) is None else _text(data, key, where)


def _seconds(data: dict[str, Any], key: str, where: str = "") -> float:
    value = _get(data, key, where)
    if type(value) not in (int, float) or not 0 <= value < _MAX_SECONDS:
        raise ValueError(f"{where}{key}: expected seconds (a number from 0), got {_show(value)}")
    return float(value)


def _seconds_or_none(data: dict[str, Any], key: str, where: str = "") -> float | None:
    return None if data.get(key) is None else _seconds(data, key, where)


def _count(data: dict[str, Any], key: str, where: str = "") -> int | None:
    value = data.get(key)
    if value is not None and (type(value) is not int or value < 0):
        raise ValueError(f"{where}{key}: expected a whole number from 0, got {_show(value)}")
    return value


def _flag(data: dict[str, Any], key: str, where: str = "") -> bool:
    value = data.get(key, False)
    if type(value) is not bool:
        raise ValueError(f"{where}{key}: expected true or false, got {_show(value)}")
    return value


def _pain(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is not None and (type(value) is not int or not 0 <= value <= 10):
        raise ValueError(f"{key}: expected a whole number from 0 to 10, got {_show(value)}")
    return value


def _utc_time(data: dict[str, Any], key: str) -> datetime:
    value = _text(data, key)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{key}: expected an ISO 8601 date and time, got {_show(value)}") from None
    if moment.utcoffset() is None:
        raise ValueError(f"{key}: has no UTC offset: {_show(value)}")
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def _day(data: dict[str, Any], key: str) -> date:
    value = _text(data, key)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{key}: expected a date YYYY-MM-DD, got {_show(value)}") from None

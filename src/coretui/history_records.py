"""History records: a session and its steps, as the store writes and reads them.

Pure data and validation, no files: `Session.from_dict` checks one decoded line and
says exactly what is wrong with it, so a bad line can be reported and kept.
"""

from __future__ import annotations

import json
import os
import uuid
from contextlib import suppress
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo

from pydantic_core import from_json

SCHEMA_VERSION = 1
# Rejects inf (a "1e999" in a file) with the range check the fast path already makes.
MAX_SECONDS = 1e9


@dataclass(frozen=True, slots=True)
class StepEntry:
    """What happened to one step of a session: planned against done."""

    exercise: str
    side: str | None
    planned_s: float | None
    done_s: float
    planned_reps: int | None
    done_reps: int | None
    skipped: bool = False
    variant: str | None = None
    added_s: float = 0.0
    ended: str = "time"
    hurt: bool = False

    def __post_init__(self) -> None:
        if self.ended in ("skipped", "stopped"):
            object.__setattr__(self, "skipped", True)
        elif self.skipped:
            object.__setattr__(self, "ended", "skipped")

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


def steps_from_json(raw_steps: list[Any], shared: dict[StepKey, StepEntry]) -> list[StepEntry]:
    """A record's decoded steps, checked in one loop without a call per step.

    A 100,000-session history holds a million steps, so exactly what StepEntry.to_dict
    writes is checked inline, and equal steps (a plank held to the end in every session)
    share one frozen object via ``shared``. Anything else goes to StepEntry.from_dict,
    which explains what is wrong.
    """
    steps: list[StepEntry] = []
    top = MAX_SECONDS
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
            steps=steps_from_json(raw_steps, {} if shared_steps is None else shared_steps),
            pain_before=_pain(record, "pain_before"),
            pain_after=_pain(record, "pain_after"),
            note=_text(record, "note", default=""),
            schema_version=version,
        )


class SessionBrief(NamedTuple):
    """What `coretui history` shows of a session: no steps, finish time, zone or note.

    Reading only this much is what lets a 100,000-session history be summed up in
    well under a second (`HistoryStore.load_briefs`); a tuple, as it is made fastest.
    """

    id: str
    routine_id: str
    routine_name: str
    started_at: datetime
    local_date: date
    status: Literal["completed", "partial"]
    duration_s: float
    active_s: float
    pain_before: int | None
    pain_after: int | None

    @classmethod
    def of(cls, session: Session) -> SessionBrief:
        """The brief of a whole session."""
        return cls(
            session.id,
            session.routine_id,
            session.routine_name,
            session.started_at,
            session.local_date,
            session.status,
            session.duration_s,
            session.active_s,
            session.pain_before,
            session.pain_after,
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
    if type(value) not in (int, float) or not 0 <= value < MAX_SECONDS:
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

"""History records: one definition of a history line, read and written by msgspec.

`Session` and `StepEntry` are the whole record (schema_version 2). `SessionBrief` is a
session without its steps, for bulk reads (lists, streaks, `coretui history`): its
steps are decoded only as far as the work time they hold. Version 1 lines are read by
their own structs and converted, so the rest of coretui sees one record shape.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar
from zoneinfo import ZoneInfo

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from coretui.durations import SELF_PACED_S_PER_REP
from coretui.history.wording import out_of_range, plain_reason

SCHEMA_VERSION = 2
# Rejects inf (a "1e999" in a file), and keeps sums of a long history finite.
MAX_SECONDS = 1e9

Seconds = Annotated[float, Meta(ge=0, lt=MAX_SECONDS)]
SignedSeconds = Annotated[float, Meta(gt=-MAX_SECONDS, lt=MAX_SECONDS)]
Count = Annotated[int, Meta(ge=0)]
Pain = Annotated[int, Meta(ge=0, le=10)]
Moment = Annotated[datetime, Meta(tz=True)]
Id = Annotated[str, Meta(pattern=r"\A[A-Za-z0-9_.:-]{1,64}\Z")]
"""A uuid4 as coretui writes them; any word of letters, digits and `-_.:` is read, but no
control character or markup: ids are shown and typed (`coretui delete`)."""
Ended = Literal["time", "done", "skipped", "stopped"]
Status = Literal["completed", "partial"]
Side = Literal["left", "right"]
Outcome = Literal["done", "ended early", "skipped", "stopped", "not reached"]


class StepEntry(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """What happened to one step of a session: the plan, the change made, what was done."""

    exercise: str
    side: Side | None = None
    planned_s: Seconds | None = None
    """The routine's plan (after accepted progression), without +/-; null when self-paced."""
    planned_reps: Count | None = None
    added_s: SignedSeconds = 0.0
    """Seconds added (+) or taken off (-) during the step."""
    done_s: Seconds
    done_reps: Count | None = None
    ended: Ended
    """"time" ran to its end, "done" Enter, "skipped" n, "stopped" quit."""
    variant: str | None = None
    hurt: bool = False
    hurt_on_standard: bool | UnsetType = UNSET
    """True when "this hurts" was marked on the standard move alone, while `variant` was
    done in the step too (switched to after the mark, or before it and left). Written
    only then: a line without it, as older coretui wrote every line, reads a mark
    beside a variant as the variant's."""

    @property
    def hurt_move(self) -> str | None:
        """The move "this hurts" was marked on (the variant's name when it was on), or
        None for a step not marked."""
        if not self.hurt:
            return None
        if self.variant is None or self.hurt_on_standard is True:
            return self.exercise
        return self.variant

    @property
    def skipped(self) -> bool:
        """True when the step was not finished: skipped, the workout stopped in it, or
        never reached."""
        return self.ended in ("skipped", "stopped")

    @property
    def outcome(self) -> Outcome:
        """How the step ended, as the summary, the history and the CSV export say it:
        "done" only when it was done as planned (or longer), never when cut short."""
        if self.ended == "time":  # ran to its time, unless - took time off it
            return "done" if self.added_s >= 0 else "ended early"
        # A timed step made longer with + that had run its plan is done, however it
        # ended after (Enter, n); cut short before, it ended early or was skipped.
        ran = self.planned_s is not None and self.done_s >= self.planned_s
        if self.ended == "done":  # Enter: a self-paced set is done, its reps in their time
            if self.planned_s is None:  # (done_reps null: an older or hand-made line)
                did, reps = self.done_reps, self.planned_reps or 0
                return "ended early" if did is not None and did < reps else "done"
            return "done" if ran else "ended early"
        if self.ended == "skipped":  # (+ made it longer: without, it had ended by time)
            return "done" if ran and self.added_s > 0 else "skipped"
        return "stopped" if self.done_s > 0 else "not reached"

    def work_s(self) -> tuple[float, float]:
        """(planned, done) work seconds toward a streak day; see `work_of`."""
        return work_of(self.planned_s, self.done_s, self.ended, self.planned_reps, self.done_reps)

    def to_dict(self) -> dict[str, Any]:
        """The step as stored."""
        return msgspec.to_builtins(self)  # type: ignore[no-any-return]


def work_of(
    planned: float | None,
    done: float,
    ended: str,
    reps: int | None = None,
    done_reps: int | None = None,
) -> tuple[float, float]:
    """(planned, done) work seconds of one step, as a streak day counts them.

    A timed step counts its plan, and what was done of it (never more: time added with +
    does not make up for a skipped step). A self-paced set (`reps` of them) has no plan
    in seconds: it counts its reps at the pace the routine's total assumes, all done when
    finished (those `done_reps` of them: a set marked done sooner than a second a rep
    counts the reps its time allows), none when skipped or stopped, however long it
    took. (Counted as the time it took when finished and as nothing when not, one set
    of three done and two skipped made the day count, and two done quickly and one
    skipped did not.)
    """
    if planned is not None:
        return planned, min(done, planned)
    estimate = (reps or 1) * SELF_PACED_S_PER_REP
    if ended in ("skipped", "stopped"):
        return estimate, 0.0
    counted = estimate if done_reps is None or not reps else estimate * min(done_reps, reps) / reps
    return estimate, counted


S = TypeVar("S")


class CommonFields(Struct, Generic[S], kw_only=True, forbid_unknown_fields=True, gc=False):
    """The fields every schema version stores, in SPEC section 5 order."""

    id: Id
    routine_id: str
    routine_name: str
    started_at: Moment
    finished_at: Moment
    tz: str | None = None
    local_date: date
    status: Status
    duration_s: Seconds
    active_s: Seconds
    steps: list[S]
    pain_before: Pain | None = None
    pain_after: Pain | None = None
    note: str = ""


class Version2Fields(CommonFields[S], tag_field="schema_version", tag=2, kw_only=True):
    """Schema version 2: the common fields, then when the line was written and deletion."""

    updated_at: Moment | None = None
    """When this line was written (UTC); the store sets it. Version 1: `finished_at`."""
    deleted: bool = False
    """A tombstone: the session was deleted."""


class Session(Version2Fields[StepEntry], kw_only=True, gc=False):
    """One workout as recorded in the history file (schema_version 2)."""

    schema_version: ClassVar[int] = SCHEMA_VERSION

    def __post_init__(self) -> None:
        # Times are kept in UTC, whatever offset a hand edit wrote.
        self.started_at = utc(self.started_at, "started_at")
        self.finished_at = utc(self.finished_at, "finished_at")
        if self.updated_at is not None:
            self.updated_at = utc(self.updated_at, "updated_at")

    @property
    def updated(self) -> datetime:
        """When this record was last written; a record never saved counts from its finish."""
        return self.finished_at if self.updated_at is None else self.updated_at

    @property
    def did_the_work(self) -> bool:
        """True when the done work time is at least half the planned work time."""
        return did_the_work(step.work_s() for step in self.steps)

    def to_dict(self) -> dict[str, Any]:
        """The record as stored, keys in SPEC section 5 order."""
        return msgspec.to_builtins(self)  # type: ignore[no-any-return]

    def to_json_line(self) -> str:
        """One line of JSON ending in a newline."""
        return encode_line(self).decode("utf-8", "surrogatepass")

    @classmethod
    def from_dict(cls, data: object) -> Session:
        """Validate one decoded line; raises ValueError with a readable reason."""
        try:
            record = msgspec.convert(data, _RECORD, strict=True)
        except msgspec.ValidationError as err:
            raise ValueError(plain_reason(str(err), data)) from None
        return upgrade(record)


def did_the_work(steps: Iterable[tuple[float, float]]) -> bool:
    """True when (planned, done) pairs add up to at least half the plan done."""
    planned = done = 0.0
    for plan, work in steps:
        planned += plan
        done += work
    return planned > 0 and done * 2 >= planned


class StepEntryV1(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A step as schema_version 1 stored it: `planned_s` included +/-, and a skipped flag."""

    exercise: str
    side: Side | None = None
    planned_s: Seconds | None = None
    done_s: Seconds
    planned_reps: Count | None = None
    done_reps: Count | None = None
    skipped: bool = False
    variant: str | None = None


class SessionV1(CommonFields[StepEntryV1], tag_field="schema_version", tag=1, kw_only=True):
    """A schema_version 1 line, read as it is and converted by `upgrade`."""


def upgrade(record: Session | SessionV1) -> Session:
    """A version 1 record as version 2: `ended` from `skipped`, updated at its finish."""
    if isinstance(record, Session):
        return record
    return Session(
        id=record.id,
        routine_id=record.routine_id,
        routine_name=record.routine_name,
        started_at=record.started_at,
        finished_at=record.finished_at,
        tz=record.tz,
        local_date=record.local_date,
        status=record.status,
        duration_s=record.duration_s,
        active_s=record.active_s,
        steps=[
            StepEntry(
                exercise=step.exercise,
                side=step.side,
                planned_s=step.planned_s,
                planned_reps=step.planned_reps,
                done_s=step.done_s,
                done_reps=step.done_reps,
                ended="skipped" if step.skipped else "time",
                variant=step.variant,
            )
            for step in record.steps
        ],
        pain_before=record.pain_before,
        pain_after=record.pain_after,
        note=record.note,
        updated_at=record.finished_at,
    )


_RECORD = Session | SessionV1


class SessionBrief(Struct, frozen=True, gc=False, array_like=True):
    """A session without its steps, finish time, zone or note: what lists and streaks need.

    Reading only this much keeps a 100,000-session history small and quick to sum up.
    """

    id: str
    routine_id: str
    routine_name: str
    started_at: datetime
    local_date: date
    status: Status
    duration_s: float
    active_s: float
    pain_before: int | None
    pain_after: int | None
    did_the_work: bool
    updated: datetime
    deleted: bool = False
    offset: int = -1
    """Where its line starts in the history file (-1: not read from the file)."""

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
            session.did_the_work,
            session.updated,
            session.deleted,
        )


_ENCODER = msgspec.json.Encoder()


def encode_line(session: Session) -> bytes:
    """The session's line, ending in a newline."""
    try:
        return _ENCODER.encode(session) + b"\n"
    except UnicodeEncodeError:
        # A lone surrogate (a terminal's undecodable byte in a note): JSON escapes it.
        return json.dumps(session.to_dict(), separators=(",", ":")).encode("ascii") + b"\n"


def new_session_id() -> str:
    """A fresh session id: a uuid4 in its usual dashed form."""
    return str(uuid.uuid4())


def local_date_and_tz(started_at: datetime) -> tuple[date, str | None]:
    """The system's local date at ``started_at`` and its IANA zone name when one is known."""
    if started_at.utcoffset() is None:
        raise ValueError("started_at must be timezone-aware")
    name = system_zone_name()
    if name is None:
        # No IANA name (e.g. TZ="EST+5"): the C library still knows the offset.
        return started_at.astimezone().date(), None
    return started_at.astimezone(ZoneInfo(name)).date(), name


def wall_clock(moment: datetime, zone: str | None) -> datetime:
    """`moment` as the clocks read it in `zone` (a session's IANA zone: where its day
    was counted); in the system's zone when none was known or this machine lacks it."""
    try:
        return moment.astimezone(ZoneInfo(zone)) if zone else moment.astimezone()
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return moment.astimezone()


def system_zone_name() -> str | None:
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


EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC) - timedelta(microseconds=1)
"""A record's times lie between these (the years 2 to 9998), so that any time zone can
show them: a hand-edited year 1 or 9999 is a bad line. A save stamps a change a moment
after the copy it replaces, which a copy updated at `LATEST` itself cannot have (the
store refuses that save in words)."""


def utc(moment: datetime, field: str = "time") -> datetime:
    """The same moment in UTC; raises ValueError naming ``field`` when it lies outside
    `EARLIEST` to `LATEST`."""
    # A naive time is left as it is, for the store to refuse: never guessed.
    if moment.tzinfo is None:
        return moment
    try:
        in_utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    except OverflowError:
        pass  # out of range, said below
    else:
        if EARLIEST <= in_utc <= LATEST:
            return in_utc
    raise ValueError(out_of_range(field, moment))  # as it was written

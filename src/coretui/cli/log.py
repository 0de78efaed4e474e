"""`coretui log`: record a session done away from the terminal, as a run of it would."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from msgspec.structs import replace

from coretui.cli.errors import EXIT_USAGE, UserError, unknown_routine
from coretui.cli.output import warn
from coretui.durations import human_duration
from coretui.history import HistoryStore, Session, StepEntry, new_session_id
from coretui.history.records import system_zone_name
from coretui.paths import AppPaths
from coretui.services.trainer import Trainer
from coretui.textsafe import printable
from coretui.workout.timeline import Step, compile_routine


def local_now() -> datetime:
    """The local time a session logged for today ends at."""
    return datetime.now().astimezone()


def logged_session(
    routine_id: str,
    name: str,
    steps: list[StepEntry],
    day: date,
    status: str,
    now: datetime | None = None,
    total_s: float | None = None,
) -> Session:
    """A session done away from the terminal, dated `day`, ending at the current local
    time (for an earlier day, at its end instead when it would have started before its
    midnight), lasting `total_s` when completed (the routine's length with its rests,
    as a run of it takes; else its work alone). Today, it must fit in the day so far.

    The time is placed in `day` with that day's own UTC offset: logging a summer session
    in winter must not borrow winter's offset.
    """
    now = now or local_now()
    zone = system_zone_name()
    done = status == "completed"
    active = sum(step.done_s for step in steps) if done else 0.0
    length = max(total_s or 0.0, active) if done else 0.0

    def in_utc(wall: datetime) -> datetime:
        # A naive time's astimezone() asks the C library for the offset at that date.
        return (wall.replace(tzinfo=ZoneInfo(zone)) if zone else wall.astimezone()).astimezone(UTC)

    planned = human_duration(length)
    if length > timedelta(days=1).total_seconds():  # (a routine may last longer)
        raise UserError(
            f"a {planned} session does not fit in a day: log records one session done on one day",
            EXIT_USAGE,
        )
    ended = datetime.combine(day, now.time())  # (to the second: two logs keep their order)
    midnight = datetime.combine(day, time())
    if ended - midnight < timedelta(seconds=length):
        if day == now.date():
            yesterday = day - timedelta(days=1)
            raise UserError(
                f"it is {now:%H:%M}, too early for a {planned} session today;"
                f" if it was last night, add --date {yesterday}",
                EXIT_USAGE,
            )
        # An earlier day, logged too early in this one to fit before this time of day:
        # done that evening (the "last night" said above), not just after its midnight.
        ended = datetime.combine(day, time(23, 59, 59))
    started = in_utc(max(ended - timedelta(seconds=length), midnight))
    finished = started + timedelta(seconds=length)
    return Session(
        id=new_session_id(),
        routine_id=routine_id,
        routine_name=name,
        started_at=started,
        finished_at=finished,
        tz=zone,
        local_date=day,
        status="completed" if done else "partial",
        duration_s=length,
        active_s=active,
        steps=steps if done else [],
        note="logged from the command line",
    )


def cmd_log(
    paths: AppPaths,
    store: HistoryStore,
    routine_id: str,
    day: date | None,
    status: str,
    rated: tuple[int | None, int | None, str | None] = (None, None, None),
) -> int:
    """`coretui log`: record a session done without the timer, with the pain before
    and after and a note (`rated`) if given."""
    trainer = Trainer.load(paths)
    loaded = trainer.library.get(routine_id)
    if loaded is None:
        raise unknown_routine(routine_id, trainer.library)
    warn(trainer.notices)  # (a setting that did not read: the session uses its default)
    # As the user does it, as a run of it records it: their rests, progress and variants.
    plan = trainer.plan(loaded.routine)
    timeline = compile_routine(plan.routine)
    easier = {
        index: exercise.easier.name
        for index, exercise in enumerate(plan.routine.exercises)
        if index in plan.start_easier and exercise.easier is not None
    }
    # What the user lacks the equipment for, with no variant that fits, a run of it
    # passes over: skipped here too, and its time (and its rest's) not in the session's.
    lacking = plan.unfit
    work = [step for step in timeline.steps if step.is_work]
    steps = [_logged_step(step, easier, skipped=step.exercise_index in lacking) for step in work]
    now = local_now()  # (once: the date and the time of day from the same moment)
    day = day or now.date()
    total = timeline.total_passing(lacking)
    if not timeline.passing(lacking):  # nothing fits: skipped whole with n, rests and all
        total -= sum(s.estimate_s for s in timeline.steps if s.exercise_index in lacking)
    session = logged_session(
        routine_id, loaded.routine.name, steps, day, status, now=now, total_s=total
    )
    before, after, note = rated  # (the note says the session was logged, after the user's)
    note = f"{note} · {session.note}" if note else session.note
    session = replace(session, pain_before=before, pain_after=after, note=note)
    store.append(session)
    print(f"logged {status} {routine_id} on {session.local_date} ({session.id})")
    if session.steps and (skipped := [s.exercise for s in plan.swaps if s.variant is None]):
        names = ", ".join(printable(name, single_line=True) for name in skipped)
        print(f"note: skipped for the equipment you have: {names}", file=sys.stderr)
    if not session.steps:
        print(
            "note: a partial session logged holds no work: it does not count toward your streak",
            file=sys.stderr,
        )
    return 0


def _logged_step(step: Step, easier: dict[int, str], *, skipped: bool) -> StepEntry:
    """A work step as a run records it: done as planned, or skipped with nothing done."""
    index = step.exercise_index if step.exercise_index is not None else -1
    return StepEntry(
        exercise=step.label,
        side=step.side,
        planned_s=step.seconds,
        planned_reps=step.reps,
        done_s=0.0 if skipped else step.estimate_s,
        done_reps=(0 if step.reps is not None else None) if skipped else step.reps,
        ended="skipped" if skipped else "time" if step.seconds is not None else "done",
        variant=None if skipped else easier.get(index),
    )

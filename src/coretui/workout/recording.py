"""Turn a finished (or stopped) workout into a history session."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce

from msgspec import UNSET, Struct
from msgspec.structs import replace

from coretui.history import Session, StepEntry, local_date_and_tz, new_session_id
from coretui.history.tries import more_done
from coretui.workout.engine import WorkoutEngine
from coretui.workout.events import StepRecord
from coretui.workout.routines import Routine
from coretui.workout.timeline import Timeline


@dataclass
class WorkoutResult:
    """A workout that ended, with the wall-clock times it started and ended."""

    routine: Routine
    engine: WorkoutEngine
    started_at: datetime
    finished_at: datetime
    preset_easier: frozenset[int] = frozenset()
    """Exercises that started on their easier variant (the user's choice or equipment)."""
    session_id: str | None = None
    """Set once the workout is in the history, so later edits replace that record."""
    resumed: Session | None = None
    """The unfinished session this workout carried on; its record is extended."""
    pain_before: int | None = None
    """Back pain (0-10) the user gave before starting, if any."""
    record_id: str = field(default_factory=new_session_id)
    """The id its record gets (a new workout's): the record kept while it ran has it too."""


def step_entries(engine: WorkoutEngine) -> list[StepEntry]:
    """The exercise steps of a workout: the plan, the adjustments, and what was done
    (of a step sent round again with back or restart, the try that did most)."""
    entries = []
    for index, record in enumerate(engine.records):
        if record.step.is_work:
            if index == engine.index and record.ended is None:  # under way: done so far
                record = engine.so_far()
            tries = [*map(_entry, engine.earlier.get(index, ())), _entry(record)]
            entry = reduce(more_done, tries)
            if index == engine.index and record.ended in (None, "stopped") and entry.skipped:
                # A skipped step gone back to and under way, or stopped in at once: it
                # is where the workout is, and where a resume would carry on.
                entry = replace(entry, ended="stopped")
            entries.append(entry)
    return entries


def _entry(record: StepRecord) -> StepEntry:
    on_standard = record.hurt and record.variant is not None and not record.hurt_on_easier
    return StepEntry(
        exercise=record.step.label,
        side=record.step.side,
        planned_s=record.planned_s,
        planned_reps=record.step.reps,
        added_s=round(record.added_s, 3),
        done_s=round(record.done_s, 3),
        done_reps=record.done_reps,
        # A step the workout never reached (it stopped first) ended "stopped" too.
        ended=record.ended or "stopped",
        variant=record.variant,
        hurt=record.hurt,
        hurt_on_standard=True if on_standard else UNSET,  # (written only then)
    )


def work_steps(timeline: Timeline) -> list[int]:
    """Timeline indices of the exercise steps, in order."""
    return [index for index, step in enumerate(timeline.steps) if step.is_work]


def same_moves(session: Session, timeline: Timeline) -> bool:
    """True when the session's steps are the timeline's exercise steps, one for one: the
    same move (name, side, held or counted) at each place, whatever its numbers now.

    A file changed since (moves reordered, renamed, added) is another routine to carry
    on: its steps would be paired with records of other moves, by place.
    """
    steps = [timeline.steps[at] for at in work_steps(timeline)]
    return len(session.steps) == len(steps) and all(
        (entry.exercise, entry.side, entry.planned_reps is None)
        == (step.label, step.side, step.reps is None)
        for entry, step in zip(session.steps, steps, strict=True)
    )


def resume_point(
    session: Session, timeline: Timeline, passed: frozenset[int] = frozenset()
) -> int | None:
    """Which exercise step (0 = the first) to carry on an unfinished session from.

    That is the step the user stopped in (or the one after, if it was done or skipped),
    or the first after it that the workout does not pass over (`passed`, timeline
    indices: nothing in the user's equipment fits it, since Settings changed). None when
    the routine changed its moves since, or nothing is left to do.
    """
    if not same_moves(session, timeline):
        return None
    # Every step passed ended otherwise (time, done, skipped, ended early), so the first
    # one "stopped" is where the workout stopped; after it come the steps it never
    # reached and tries cut off later in the workout (`r`, then `p` back before them).
    work = work_steps(timeline)
    stopped = (k for k, step in enumerate(session.steps) if step.ended == "stopped")
    return next((k for k in stopped if work[k] not in passed), None)


def easier_carried_on(preset: Iterable[int], timeline: Timeline, earlier: Session) -> set[int]:
    """The exercises to start on their easier variant, carrying on `earlier`: as
    planned (`preset`), but each exercise it began as its last begun step's record has
    it (done on the easier variant, or not): a set resumed part-way goes on on that move.
    One marked "this hurts" goes on on its easier variant, whichever it hurt on (the
    plank hurt, the knees chosen in answer, the terminal closed while paused: a resume
    began on the plank again)."""
    chosen = set(preset)
    if not same_moves(earlier, timeline):
        return chosen
    for at, step in zip(work_steps(timeline), earlier.steps, strict=True):
        exercise = timeline.steps[at].exercise_index
        if exercise is not None and (step.done_s > 0 or step.hurt):  # begun
            has_one = timeline.routine.exercises[exercise].easier is not None
            (chosen.add if step.variant or (step.hurt and has_one) else chosen.discard)(exercise)
    return chosen


def session_from_result(result: WorkoutResult) -> Session:
    """The history record of a workout; its status comes from the engine."""
    if result.resumed is not None:
        return _carried_on(result, result.resumed)
    engine = result.engine
    local_date, tz = local_date_and_tz(result.started_at)
    return Session(
        id=result.session_id or result.record_id,
        routine_id=result.routine.id,
        routine_name=result.routine.name,
        started_at=result.started_at,
        finished_at=result.finished_at,
        tz=tz,
        local_date=local_date,
        status=engine.status or "partial",
        duration_s=round(engine.duration_s(), 3),
        active_s=round(engine.active_s(), 3),
        steps=step_entries(engine),
        pain_before=result.pain_before,
    )


def _carried_on(result: WorkoutResult, earlier: Session) -> Session:
    """The earlier session's record, extended with the steps done now."""
    engine = result.engine
    now = step_entries(engine)
    first_new = carried_steps(result)
    # A step redone now replaces its earlier try, unless that try did more (the step
    # under way, or one stopped sooner this time): the record never loses work done.
    steps = [
        *earlier.steps[:first_new],
        *(
            more_done(then, redone)
            for then, redone in zip(earlier.steps[first_new:], now[first_new:], strict=True)
        ),
    ]
    return replace(
        earlier,
        finished_at=result.finished_at,
        # Completed before (another window resumed and finished it): its steps stay done.
        status="completed" if earlier.status == "completed" else engine.status or "partial",
        duration_s=round(earlier.duration_s + engine.duration_s(), 3),
        # Time spent exercising in both sittings: a step tried in each counts both tries,
        # as one sent round again with back does (it was the sum of the steps kept, which
        # fell when a resume redid a step, and dropped the first sitting's redos).
        active_s=round(earlier.active_s + engine.active_s(), 3),
        steps=steps,
        # The pain before the session is the first sitting's (asked again only if not then).
        pain_before=result.pain_before if earlier.pain_before is None else earlier.pain_before,
    )


def rated_at_resume(resumed: Session | None, pain_before: int | None) -> bool:
    """True when the pain before a workout was asked at its resume (its first sitting
    had none): the rating is kept even if no new work follows."""
    return resumed is not None and resumed.pain_before is None and pain_before is not None


def carried_steps(result: WorkoutResult) -> int:
    """How many exercise steps at the start come from the session this one carried on."""
    if result.resumed is None:
        return 0
    engine = result.engine
    return sum(1 for step in engine.timeline.steps[: engine.first_index] if step.is_work)


class ResumeOffer(Struct, frozen=True):
    """An unfinished session that can be carried on, and where."""

    session: Session
    step: int
    """The exercise step (0 = first) to carry on from."""
    label: str
    """"Side plank · Left side (exercise 2 of 5)", "Superman (exercise 5 of 5, set 2 of 2)"."""


def resume_label(timeline: Timeline, at: int, earlier: Session, preset: Iterable[int]) -> str:
    """The exercise step `at` as the resume question names it: "Side plank · Left side
    (exercise 2 of 5)", "Superman (exercise 5 of 5, set 2 of 2)"; by its easier variant's
    name when carrying on `earlier` goes on on that (`easier_carried_on`)."""
    step = timeline.steps[work_steps(timeline)[at]]
    index = step.exercise_index or 0
    variant = timeline.routine.exercises[index].easier
    if variant is not None and index in easier_carried_on(
        preset, timeline, earlier
    ):  # ("Bird dog" for the arm-only one begun)
        step = dataclasses.replace(step, label=variant.name)
    sets = f", set {step.set_number} of {step.sets}" if step.sets > 1 else ""
    return f"{step.title} (exercise {index + 1} of {len(timeline.routine.exercises)}{sets})"

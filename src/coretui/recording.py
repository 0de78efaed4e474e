"""Turn a finished (or stopped) workout into a history session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coretui.engine import WorkoutEngine
from coretui.history import Session, StepEntry, local_date_and_tz, new_session_id
from coretui.routines import Routine


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


def step_entries(engine: WorkoutEngine) -> list[StepEntry]:
    """The exercise steps of a workout, planned against done."""
    return [
        StepEntry(
            exercise=record.step.label,
            side=record.step.side,
            planned_s=record.planned_s
            if record.planned_s is None
            else record.planned_s + record.added_s,
            done_s=round(record.done_s, 3),
            planned_reps=record.step.reps,
            done_reps=record.done_reps,
            skipped=record.skipped or not record.finished,
            variant=record.variant,
        )
        for record in engine.records
        if record.step.is_work
    ]


def session_from_result(result: WorkoutResult) -> Session:
    """The history record of a workout; its status comes from the engine."""
    engine = result.engine
    local_date, tz = local_date_and_tz(result.started_at)
    return Session(
        id=result.session_id or new_session_id(),
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
    )

"""What a user would see go wrong in a workout, checked the same way by every test tier."""

from __future__ import annotations

from coretui.durations import FASTEST_REP_S
from coretui.workout.engine import WorkoutEngine


def assert_consistent(engine: WorkoutEngine) -> None:
    """Never negative time, never a missing step, never more done than planned or counted."""
    steps = len(engine.timeline.steps)
    assert 0 <= engine.index < steps, f"step {engine.index} of {steps}"
    remaining = engine.step_remaining()
    assert remaining is None or remaining >= 0, f"remaining {remaining}"
    assert engine.remaining_total_s() >= 0
    assert engine.step_elapsed() >= 0
    length = engine.step_length()
    assert length is None or length >= 0
    for index, record in enumerate(engine.records):
        if record.planned_s is not None:
            limit = record.planned_s + record.added_s
            assert record.done_s <= limit + 1e-9, f"step {index}: done {record.done_s} > {limit}"
        assert record.done_s >= 0
        step = record.step
        if step.reps is not None and record.ended is not None:
            # Reps are counted, never assumed.
            rep_s = step.rep_seconds
            if rep_s is not None:  # (+ and - add and take off whole reps)
                most = step.reps + round(record.added_s / rep_s)
                counted = min(most, int((record.done_s + 1e-6) // rep_s))
            else:  # self-paced: Enter says they were done, in the time they take at least
                most = int(record.done_s / FASTEST_REP_S)
                counted = min(step.reps, most) if record.ended == "done" else 0
            assert record.done_reps == counted, f"step {index}: {record.done_reps} reps"
    assert engine.duration_s() >= 0
    assert engine.active_s() <= engine.duration_s() + 1e-6, "more active time than time spent"

"""The workout engine against a fake clock: timing, keys at the boundaries, cues."""

from __future__ import annotations

from typing import Any

import pytest

from coretui.workout.engine import (
    AutoPaused,
    Countdown,
    Event,
    Halfway,
    PhaseChanged,
    RepBeat,
    State,
    StepStarted,
    VariantChanged,
    WorkoutEngine,
    WorkoutFinished,
)
from coretui.workout.routine_models import routine_of
from coretui.workout.routines import Routine, load_library
from coretui.workout.timeline import StepKind
from tests.conftest import FakeClock


def make_routine(*exercises: dict[str, Any], **top: Any) -> Routine:
    data: dict[str, Any] = {
        "id": "test",
        "name": "Test",
        "lead_in_s": 5,
        "rest_between_sets_s": 10,
        "rest_between_exercises_s": 15,
        "exercises": list(exercises),
    }
    data.update(top)
    return routine_of(data)


PLANK = {"kind": "hold", "name": "Plank", "seconds": 60, "cue": "Straight line."}
SIDE = {"kind": "hold", "name": "Side plank", "seconds": 30, "per_side": True, "switch_s": 5}
TEMPO = {"kind": "reps", "name": "Pike", "reps": 15, "sets": 3, "tempo": 3}
HIP = {
    "kind": "reps",
    "name": "Hip raise",
    "reps": 15,
    "sets": 3,
    "tempo": [
        {"name": "up", "seconds": 1},
        {"name": "hold", "seconds": 5},
        {"name": "down", "seconds": 1},
    ],
}
SELF = {"kind": "reps", "name": "Crunch", "reps": 10, "easier": {"name": "Half crunch"}}


def run_to_end(engine: WorkoutEngine, clock: FakeClock, dt: float = 0.25) -> list[Event]:
    events = engine.start()
    while engine.state is not State.FINISHED:
        clock.advance(dt)
        events += engine.tick()
        if engine.step.self_paced and engine.state is State.RUNNING:
            events += engine.set_done()
    return events


def walk(engine: WorkoutEngine, clock: FakeClock, seconds: float, dt: float = 0.5) -> list[Event]:
    """Let time pass with the UI's regular ticks (a single jump over 2 s is a sleep)."""
    events: list[Event] = []
    steps = round(seconds / dt)
    for _ in range(steps):
        clock.advance(dt)
        events += engine.tick()
    return events


def core_six() -> Routine:
    loaded = load_library(None).get("core-six")
    assert loaded is not None
    return loaded.routine


def test_full_core_six_run_ends_with_exact_planned_total(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(core_six(), clock)
    events = run_to_end(engine, clock, dt=0.3)
    planned = engine.timeline.total_s
    assert sum(r.done_s for r in engine.records) == pytest.approx(planned, abs=1e-6)
    assert engine.duration_s() == pytest.approx(planned, abs=1e-6)
    assert engine.status == "completed"
    assert events[-1] == WorkoutFinished("completed")
    assert all(r.ended == "time" for r in engine.records)


def test_pause_for_37_seconds_changes_nothing_in_the_record(clock: FakeClock) -> None:
    routine = make_routine(PLANK, SIDE)
    plain = WorkoutEngine.for_routine(routine, FakeClock())
    run_to_end(plain, plain.clock)  # type: ignore[arg-type]

    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 20)
    engine.pause()
    remaining = engine.step_remaining()
    for _ in range(37):
        walk(engine, clock, 1)
        assert engine.step_remaining() == remaining
    engine.resume()
    run_to_end(engine, clock)
    assert [r.done_s for r in engine.records] == [r.done_s for r in plain.records]
    assert engine.duration_s() == pytest.approx(plain.duration_s())
    assert engine.paused_s == pytest.approx(37)


def test_remaining_is_deadline_minus_now_with_irregular_ticks(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    for dt in (0.1, 0.9, 1.7, 0.05, 1.99):
        clock.advance(dt)
        engine.tick()
    assert engine.step_remaining() == pytest.approx(60 - 4.74)


def test_skip_during_lead_in_goes_to_first_exercise(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK), clock)
    engine.start()
    assert engine.step.kind is StepKind.LEAD_IN
    engine.skip()
    assert engine.step.label == "Plank"
    assert engine.records[0].ended == "skipped"
    assert engine.step_remaining() == 60


def test_skip_on_last_step_finishes_completed(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 10)
    events = engine.skip()
    assert engine.state is State.FINISHED
    assert engine.status == "completed"
    assert WorkoutFinished("completed") in events
    assert engine.records[0].done_s == 10
    assert engine.records[0].ended == "skipped"
    assert engine.skip() == []  # nothing more to skip


def test_skip_while_paused_stays_paused_with_full_next_step(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK), clock)
    engine.start()
    engine.pause()
    engine.skip()
    walk(engine, clock, 30)
    assert engine.state is State.PAUSED
    assert engine.step.label == "Plank"
    assert engine.step_remaining() == 60


def test_back_on_first_step_restarts_it(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK), clock)
    engine.start()
    walk(engine, clock, 1)
    engine.back()
    assert engine.index == 0
    assert engine.step_remaining() == 5


def test_back_from_the_first_exercise_restarts_it_and_never_returns_to_the_lead_in(
    clock: FakeClock,
) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK), clock)
    engine.start()
    engine.skip()
    clock.advance(1.5)
    engine.back()
    assert engine.step.label == "Plank"
    assert engine.step_remaining() == 60


def test_back_in_a_rest_goes_to_the_start_of_the_exercise_before_it(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 60)
    assert engine.step.kind is StepKind.REST_EXERCISE
    walk(engine, clock, 5)  # well past 2 s into the rest: still back, not a restart
    engine.back()
    assert engine.step.label == "Plank"
    assert engine.step_remaining() == 60
    assert engine.records[0].ended is None  # the step is fresh again


def test_back_from_an_exercise_passes_over_the_rest_before_it(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 75)  # plank 60 + rest 15
    assert engine.step.title == "Side plank · Left side"
    walk(engine, clock, 10)
    engine.back()
    assert engine.step.label == "Plank"
    assert engine.step_remaining() == 60


def test_back_later_in_a_step_restarts_it(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK), clock)
    engine.start()
    engine.skip()
    walk(engine, clock, 12)
    engine.back()
    assert engine.step.label == "Plank"
    assert engine.step_remaining() == 60


def test_back_while_paused_stays_paused(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE), clock)
    engine.start()
    engine.skip()
    walk(engine, clock, 75)
    engine.pause()
    engine.back()
    walk(engine, clock, 9)
    assert engine.state is State.PAUSED
    assert engine.step.label == "Plank"
    assert engine.step_remaining() == 60


def test_restart_step_resets_added_time(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    engine.add_time(10)
    walk(engine, clock, 30)
    engine.restart_step()
    assert engine.step_remaining() == 60


def test_add_and_remove_ten_seconds(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    engine.add_time(10)
    assert engine.step_remaining() == 70
    engine.add_time(-10)
    engine.add_time(-10)
    assert engine.step_remaining() == 50
    walk(engine, clock, 45)
    engine.add_time(-10)  # only 5 s left: clamps to zero, the step ends, never negative
    assert engine.step_remaining() == 0
    assert engine.state is State.FINISHED
    assert engine.records[0].done_s == 45


def test_minus_on_a_paced_set_takes_off_whole_reps_and_never_ends_mid_rep(
    clock: FakeClock,
) -> None:
    # 10 s off a set of 7 s reps ended it 3 s into a rep ("UP 1", then rest), and the
    # screen still said "of 15".
    from coretui.tui.screens.workout_lines import step_counts

    engine = WorkoutEngine.for_routine(make_routine(HIP, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 3)
    engine.add_time(-10)
    engine.add_time(-10)
    assert engine.step_length() == 13 * 7
    assert step_counts(engine).startswith("Set 1/3 · Rep 1 of 13 · HOLD")
    walk(engine, clock, 80)  # 3 s into rep 12 of 13
    for _ in range(5):
        engine.add_time(-10)
    assert engine.step_length() == 12 * 7, "the rep under way is finished"
    assert "Rep 12 of 12" in step_counts(engine)
    walk(engine, clock, 4.5)
    assert engine.records[0].done_reps == 12 and engine.records[0].ended == "time"


def test_plus_on_a_paced_set_adds_whole_reps_and_minus_takes_them_back(
    clock: FakeClock,
) -> None:
    # + added 10 s after the last rep, with no rep shown in them: "Rep 15 of 15, DOWN 0"
    # for 10 s, and the reps done then were not counted.
    from coretui.tui.screens.workout_lines import step_counts

    engine = WorkoutEngine.for_routine(make_routine(HIP, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 100)  # 2 s into rep 15 of 15
    engine.add_time(10)  # one rep of 7 s: the nearest 10 s
    assert engine.step_length() == 16 * 7 and "Rep 15 of 16" in step_counts(engine)
    engine.add_time(10)
    engine.add_time(-10)
    engine.add_time(0)
    assert engine.step_length() == 16 * 7
    walk(engine, clock, 8)  # 3 s into rep 16: a rep, not "DOWN 0"
    assert step_counts(engine).startswith("Set 1/3 · Rep 16 of 16 · HOLD")
    walk(engine, clock, 4.5)
    assert engine.records[0].done_reps == 16 and engine.records[0].ended == "time"
    assert engine.step.label != "Hip raise"  # the set ended with its last rep


def test_add_time_while_paused_and_on_the_last_step(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    engine.pause()
    engine.add_time(10)
    walk(engine, clock, 100)
    assert engine.step_remaining() == 70
    engine.resume()
    run_to_end(engine, clock)
    assert engine.records[0].done_s == 70
    assert engine.planned_total_s() == 70


def test_tempo_sets_give_45_beats_for_3_sets_of_15(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(TEMPO, lead_in_s=0), clock)
    events = run_to_end(engine, clock, dt=0.2)
    beats = [e for e in events if isinstance(e, RepBeat)]
    assert len(beats) == 45
    assert [b.rep for b in beats[:15]] == list(range(1, 16))
    work = [r for r in engine.records if r.step.is_work]
    assert [r.done_s for r in work] == [45, 45, 45]
    assert [r.done_reps for r in work] == [15, 15, 15]


def test_hip_raise_hold_phase_is_announced_each_rep(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(HIP, lead_in_s=0), clock)
    events = run_to_end(engine, clock, dt=0.5)
    holds = [e for e in events if isinstance(e, PhaseChanged) and e.phase == "hold"]
    assert len(holds) == 45
    assert [h.rep for h in holds[:15]] == list(range(1, 16))


def test_rep_position_reports_phase_and_rep(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(HIP, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 7 * 6 + 3)  # rep 7, two seconds into the hold
    rep, phase, left = engine.rep_position() or (0, "", 0.0)
    assert (rep, phase, left) == (7, "hold", pytest.approx(3.0))


def test_a_tick_gap_over_two_seconds_pauses_at_the_last_tick(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 10)
    clock.advance(2.5)  # laptop asleep, or Ctrl+Z
    events = engine.tick()
    assert events == [AutoPaused(pytest.approx(2.5))]
    assert engine.state is State.PAUSED
    assert engine.step_remaining() == 50
    engine.resume()
    walk(engine, clock, 1)
    assert engine.step_remaining() == 49
    assert engine.duration_s() == pytest.approx(11)


def test_a_short_gap_is_not_a_pause(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    clock.advance(1.9)
    engine.tick()
    assert engine.state is State.RUNNING


def test_countdown_and_halfway_cues(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    events = run_to_end(engine, clock, dt=0.1)
    assert [e.seconds for e in events if isinstance(e, Countdown)] == [3, 2, 1]
    assert sum(isinstance(e, Halfway) for e in events) == 1


def test_side_plank_goes_left_switch_right(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(SIDE, lead_in_s=0), clock)
    events = run_to_end(engine, clock)
    started = [e.step for e in events if isinstance(e, StepStarted)]
    assert [(s.kind, s.side) for s in started] == [
        (StepKind.WORK, "left"),
        (StepKind.SWITCH, None),
        (StepKind.WORK, "right"),
    ]


def test_self_paced_set_counts_up_until_enter(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(SELF, lead_in_s=0), clock)
    engine.start()
    assert engine.step_remaining() is None
    walk(engine, clock, 40)  # slower than the estimate: it just keeps counting
    assert engine.state is State.RUNNING
    assert engine.step_elapsed() == 40
    engine.set_done()
    assert engine.state is State.FINISHED
    assert engine.records[0].done_reps == 10
    assert engine.records[0].done_s == 40


def test_easier_variant_is_recorded(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(SELF, PLANK, lead_in_s=0), clock)
    engine.start()
    assert engine.toggle_easier() == [VariantChanged(0, "Half crunch")]
    engine.set_done()
    assert engine.records[0].variant == "Half crunch"
    walk(engine, clock, 1)
    assert engine.step.kind is StepKind.REST_EXERCISE
    assert engine.toggle_easier() == []  # a rest between exercises has no exercise


def test_a_hold_done_mostly_on_the_easier_variant_is_not_recorded_as_the_standard_one(
    clock: FakeClock,
) -> None:
    # `e` at 0.5 s and `e` again at 59 s: the record said the standard plank, done in
    # full, and that counted towards a harder suggestion.
    plank = {**PLANK, "easier": {"name": "Plank on knees"}}
    engine = WorkoutEngine.for_routine(make_routine(plank, SELF, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 0.5)
    engine.toggle_easier()
    walk(engine, clock, 58.5)
    engine.toggle_easier()
    assert engine.variant_name(0) is None, "the standard plank is on again"
    walk(engine, clock, 1.5)
    assert engine.records[0].ended == "time"
    assert engine.records[0].variant == "Plank on knees"
    engine.toggle_easier()  # in the rest: for the next exercise, not the plank
    assert engine.records[0].variant == "Plank on knees"


@pytest.mark.parametrize(("on_s", "recorded"), [(2.0, None), (4.5, None), (5.0, "Plank on knees")])
def test_e_pressed_again_within_five_seconds_leaves_the_standard_move_in_the_record(
    clock: FakeClock, on_s: float, recorded: str | None
) -> None:
    # `e`, then `e` again 2 s later (a look at the variant, or a slip seen from the mat):
    # the summary said the step was done on the variant and offered it as the default.
    plank = {**PLANK, "easier": {"name": "Plank on knees"}}
    engine = WorkoutEngine.for_routine(make_routine(plank, SELF, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 10)
    engine.toggle_easier()
    walk(engine, clock, on_s)
    engine.toggle_easier()
    walk(engine, clock, 60 - 10 - on_s)
    assert engine.records[0].ended == "time"
    assert engine.records[0].variant == recorded


@pytest.mark.parametrize(
    ("rest_s", "off_after_s", "recorded"),
    [
        (10, 3.5, [None, None]),  # `e` again in the rest
        (0, 3.5, [None, None]),  # `e` again in the next set
        (0, None, ["Knee plank", "Knee plank"]),  # kept on: both sets were on it
    ],
)
def test_a_look_at_the_easier_variant_across_a_set_s_end_is_not_recorded(
    clock: FakeClock, rest_s: int, off_after_s: float | None, recorded: list[str | None]
) -> None:
    # `e` 2 s before a set's end and again 3.5 s later: the set ended "on" the variant
    # and was recorded on it (with no rest, the next set too).
    plank = {**PLANK, "seconds": 30, "sets": 2, "rest_s": rest_s, "easier": {"name": "Knee plank"}}
    engine = WorkoutEngine.for_routine(make_routine(plank, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 28)
    engine.toggle_easier()
    if off_after_s is not None:
        walk(engine, clock, off_after_s)
        engine.toggle_easier()
    walk(engine, clock, 70)
    assert [r.variant for r in engine.records if r.step.is_work] == recorded


def test_a_set_begun_on_the_easier_variant_keeps_it_in_the_record_when_switched_back(
    clock: FakeClock,
) -> None:
    # Set 2 began on the knees (as set 1 ended) and went back to the standard plank
    # 1.5 s in: it was recorded as the standard plank, done in full.
    plank = {**PLANK, "seconds": 10, "sets": 2, "easier": {"name": "Plank on knees"}}
    engine = WorkoutEngine.for_routine(make_routine(plank, lead_in_s=0), clock)
    engine.start()
    engine.toggle_easier()
    while not (engine.step.is_work and engine.step.set_number == 2):
        walk(engine, clock, 0.5)  # set 1 on the knees, then the rest
    walk(engine, clock, 1.5)
    assert engine.toggle_easier(), "back to the standard plank, 1.5 s into set 2"
    walk(engine, clock, 9)
    assert [r.variant for r in engine.records if r.step.is_work] == ["Plank on knees"] * 2


def test_stop_records_a_partial_workout(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 20)
    events = engine.stop()
    assert events == [WorkoutFinished("partial")]
    assert engine.status == "partial"
    assert engine.records[0].done_s == 20
    assert engine.active_s() == 20
    assert engine.stop() == []


def test_total_and_remaining_time_are_known_at_every_moment(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE), clock)
    total = engine.planned_total_s()
    assert total == 5 + 60 + 15 + 30 + 5 + 30
    engine.start()
    walk(engine, clock, 30)
    assert engine.remaining_total_s() == pytest.approx(total - 30)
    engine.add_time(10)
    assert engine.planned_total_s() == total + 10
    assert engine.remaining_total_s() == pytest.approx(total - 20)


def test_e_in_the_lead_in_or_a_rest_between_exercises_switches_the_next_exercise(
    clock: FakeClock,
) -> None:
    # `e` there did nothing and said "This exercise has no easier variant", while
    # "Up next" named an exercise that had one.
    plank = {**PLANK, "seconds": 10, "easier": {"name": "Plank on knees"}}
    engine = WorkoutEngine.for_routine(make_routine(plank, SELF, PLANK), clock)
    engine.start()
    assert engine.step.kind is StepKind.LEAD_IN
    assert engine.toggle_easier() == [VariantChanged(0, "Plank on knees")]
    walk(engine, clock, 5 + 10)
    assert engine.step.kind is StepKind.REST_EXERCISE
    assert engine.records[1].variant == "Plank on knees", "the plank was on the knees"
    assert engine.toggle_easier() == [VariantChanged(1, "Half crunch")]
    assert engine.records[1].variant == "Plank on knees", "the plank's record unchanged"
    walk(engine, clock, 15 + 2)
    engine.set_done()
    assert engine.records[3].step.label == "Crunch" and engine.records[3].variant == "Half crunch"
    walk(engine, clock, 1)
    assert engine.step.kind is StepKind.REST_EXERCISE
    assert engine.toggle_easier() == [], "the next exercise, a plank, has no easier variant"


def test_the_side_skipped_before_it_began_records_no_variant(clock: FakeClock) -> None:
    side = {**SIDE, "easier": {"name": "Side plank on knees"}}
    engine = WorkoutEngine.for_routine(make_routine(side, PLANK, lead_in_s=0), clock)
    engine.start()
    engine.toggle_easier()
    walk(engine, clock, 10)
    engine.skip_exercise()  # "this hurts", then skip: the right side never began
    left, right = (r for r in engine.records if r.step.label == "Side plank")
    assert (left.ended, left.done_s, left.variant) == ("skipped", 10, "Side plank on knees")
    assert (right.ended, right.done_s, right.variant) == ("skipped", 0, None)


def test_e_in_a_resumed_workout_s_lead_in_switches_the_exercise_it_resumes_at(
    clock: FakeClock,
) -> None:
    # It switched the first exercise, done in the earlier sitting, while "Up next"
    # named the one the workout resumes at.
    from coretui.workout.timeline import compile_routine

    plank = {**PLANK, "easier": {"name": "Plank on knees"}}
    timeline = compile_routine(make_routine(plank, SELF))
    crunch = next(i for i, step in enumerate(timeline.steps) if step.label == "Crunch")
    engine = WorkoutEngine(timeline, clock, resume_at=crunch)
    engine.start()
    assert engine.step.kind is StepKind.LEAD_IN and engine.next_step is not None
    assert engine.next_step.label == "Crunch"
    assert engine.toggle_easier() == [VariantChanged(1, "Half crunch")]


class CountingClock(FakeClock):
    """A fake clock that counts its reads, each one a little later than the one before
    (a real clock never reads the same twice)."""

    def __init__(self, creep: float = 0.0) -> None:
        super().__init__()
        self.reads, self.creep = 0, creep

    def __call__(self) -> float:
        self.reads += 1
        self.t += self.creep
        return self.t


def test_n_pressed_as_the_lead_in_ends_skips_one_step_not_two() -> None:
    # `n` read the clock twice: just before the lead-in's end, then just after it, so
    # the lead-in ended by time and the same press skipped the plank unseen.
    clock = CountingClock(creep=0.004)
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE), clock)
    engine.start()
    for _ in range(9):
        clock.advance(0.5)
        engine.tick()
    clock.t = engine.started_at + 5 - 0.006  # the next read: 2 ms before the lead-in's end
    engine.skip_pressed()
    assert engine.index == 1 and engine.step.label == "Plank"


@pytest.mark.parametrize(
    "operation",
    [
        "tick",
        "pause",
        "toggle_pause",
        "skip",
        "skip_pressed",
        "set_done",
        "back",
        "restart_step",
        "add_time(10)",
        "add_time(-10)",
        "toggle_easier",
        "mark_hurt",
        "skip_exercise",
        "stop",
    ],
)
def test_every_key_acts_at_one_moment(operation: str) -> None:
    # The engine's promise: an operation reads the clock once, so one key press cannot
    # end a step by time and then act on the next one as well.
    clock = CountingClock()
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE), clock)
    engine.start()
    for _ in range(40):  # 15 s into the plank
        clock.advance(0.5)
        engine.tick()
    engine.skip()  # to the rest
    engine.skip()  # to the side plank's left side: a step before it to go back to
    clock.advance(1)
    name, *argument = operation.rstrip(")").split("(")
    clock.reads = 0
    getattr(engine, name)(*map(float, argument))
    assert clock.reads == 1, operation

"""The engine's record is true: every event reaches the caller, reps are counted,
plan and adjustments are kept apart, and each step says how it ended."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from coretui.workout.engine import (
    Countdown,
    Event,
    HurtMarked,
    State,
    StepFinished,
    WorkoutEngine,
    WorkoutFinished,
)
from coretui.workout.timeline import StepKind
from tests.conftest import FakeClock
from tests.unit.test_engine import HIP, PLANK, SELF, SIDE, TEMPO, make_routine, walk

T0 = datetime(2026, 6, 15, 7, 0, tzinfo=UTC)

OPERATIONS: dict[str, Callable[[WorkoutEngine], list[Event]]] = {
    "pause": WorkoutEngine.pause,
    "resume": WorkoutEngine.resume,
    "skip": WorkoutEngine.skip,
    "done": WorkoutEngine.set_done,
    "back": WorkoutEngine.back,
    "restart": WorkoutEngine.restart_step,
    "plus": lambda e: e.add_time(10),
    "minus": lambda e: e.add_time(-10),
    "easier": WorkoutEngine.toggle_easier,
    "hurt": WorkoutEngine.mark_hurt,
    "skip_exercise": WorkoutEngine.skip_exercise,
    "stop": WorkoutEngine.stop,
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_an_operation_just_after_the_last_deadline_reports_the_finish(
    name: str, clock: FakeClock
) -> None:
    engine = WorkoutEngine.for_routine(make_routine(SELF, PLANK, lead_in_s=0), clock)
    engine.start()
    engine.set_done()  # the crunch set
    walk(engine, clock, 15 + 59)  # the rest, then the plank to its last second
    clock.advance(1.004)  # the plank's deadline passed; no tick has seen it yet
    events = OPERATIONS[name](engine)
    assert engine.state is State.FINISHED
    assert engine.status == "completed"
    assert events.count(WorkoutFinished("completed")) == 1
    assert StepFinished(2, "time") in events
    assert engine.records[2].ended == "time"


def test_minus_three_times_then_skip_keeps_the_plan_and_counts_the_reps(
    clock: FakeClock,
) -> None:
    engine = WorkoutEngine.for_routine(make_routine(TEMPO, lead_in_s=0), clock)
    engine.start()  # 15 reps at 3 s: a 45 s set
    walk(engine, clock, 7)
    for _ in range(3):
        engine.add_time(-10)
    walk(engine, clock, 2)
    engine.skip()
    record = engine.records[0]
    assert record.planned_s == 45
    assert record.step.reps == 15
    assert record.added_s == -27  # whole reps: the three nearest 10 s, each time
    assert record.done_s == 9
    assert record.done_reps == 3  # reps 1-3 finished; the 4th had just begun
    assert record.ended == "skipped"


def test_time_removed_down_to_what_is_done_ends_the_step_there(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 5)
    for _ in range(6):
        engine.add_time(-10)
    walk(engine, clock, 1)
    record = engine.records[0]
    assert record.planned_s == 60  # the plan, not the cut-down length
    assert record.added_s == -55  # never below the time already done
    assert record.done_s == 5
    assert record.ended == "time"


def test_enter_two_seconds_into_a_hold_ends_it_done_with_two_seconds(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 2)
    engine.set_done()
    assert engine.records[0].ended == "done"
    assert engine.records[0].done_s == 2


def test_a_skipped_tempo_set_counts_only_finished_reps(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(HIP, lead_in_s=0), clock)
    engine.start()  # up 1, hold 5, down 1: 7 s a rep
    walk(engine, clock, 20)
    engine.skip()
    assert engine.records[0].done_reps == 2


def test_enter_on_a_tempo_set_counts_finished_reps_not_the_plan(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(HIP, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 15)
    engine.set_done()
    assert engine.records[0].ended == "done"
    assert engine.records[0].done_reps == 2


@pytest.mark.parametrize("how", ["skip", "stop"])
def test_stop_and_skip_count_reps_alike(how: str, clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(TEMPO, PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 16)
    engine.skip() if how == "skip" else engine.stop()
    assert engine.records[0].done_reps == 5
    assert engine.records[0].ended == ("skipped" if how == "skip" else "stopped")


def test_a_self_paced_set_ended_any_other_way_than_enter_counts_no_reps(
    clock: FakeClock,
) -> None:
    engine = WorkoutEngine.for_routine(make_routine(SELF, PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 20)
    engine.skip()
    assert engine.records[0].done_reps == 0


def test_the_321_marks_sound_again_after_time_is_added(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    events = walk(engine, clock, 58.5, dt=0.25)
    assert Countdown(3) in events and Countdown(2) in events
    engine.add_time(10)
    events = walk(engine, clock, 11, dt=0.25)
    assert [e for e in events if isinstance(e, Countdown)] == [
        Countdown(3),
        Countdown(2),
        Countdown(1),
    ]


def test_this_hurts_pauses_and_marks_the_exercise(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 62)  # into the rest after the plank
    events = engine.mark_hurt()
    assert engine.state is State.PAUSED
    assert HurtMarked(0) in events
    assert engine.records[0].hurt
    engine.resume()
    engine.back()  # redoing the plank keeps the mark
    assert engine.records[0].hurt


@pytest.mark.parametrize(
    ("switches", "skipped", "stopped"),
    [
        # Knees for 50 s, back on the plank, then n: the record said the standard plank,
        # 50 s of it done on the knees. Then q: a resume carries it on on the plank.
        ((0, 50), "Knee plank", None),
        # `e`, `e` again a moment later (a slip): the record said "Knee plank", and a
        # resume put the user back on their knees, then suggested keeping that variant.
        ((2, 2.3), None, None),
        ((2, 2.4, 4, 4.4), None, None),  # slips adding up to less than a second
        ((2, 3.5), None, None),  # a second and a half on the knees: a look at the variant
        ((2, 7), "Knee plank", None),  # five seconds on them
        ((2, 3.5, 4), "Knee plank", "Knee plank"),  # and on them again at the end
    ],
)
@pytest.mark.parametrize("how", ["stop", "skip"])
def test_a_set_skipped_records_the_easier_variant_done_and_one_stopped_the_move_on_at_the_stop(
    switches: tuple[float, ...],
    skipped: str | None,
    stopped: str | None,
    how: str,
    clock: FakeClock,
) -> None:
    from coretui.workout.recording import step_entries

    knees = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    engine = WorkoutEngine.for_routine(make_routine(knees, lead_in_s=0), clock)
    engine.start()
    at = 0.0
    for switch in switches:
        walk(engine, clock, switch - at, dt=0.1)
        at = switch
        engine.toggle_easier()
    walk(engine, clock, 2)
    engine.stop() if how == "stop" else engine.skip()
    [plank] = step_entries(engine)
    ended = "stopped" if how == "stop" else "skipped"
    assert (plank.ended, plank.variant) == (ended, stopped if how == "stop" else skipped)


def test_a_hold_done_in_full_after_a_slip_of_e_is_the_standard_move(clock: FakeClock) -> None:
    # `e`, `e` again 0.2 s later, then the full 60 s of the standard plank: recorded as
    # the knee plank, it counted towards no harder suggestion.
    knees = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    engine = WorkoutEngine.for_routine(make_routine(knees, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 1)
    engine.toggle_easier()
    walk(engine, clock, 0.2, dt=0.1)
    engine.toggle_easier()
    walk(engine, clock, 60)
    [plank] = [r for r in engine.records if r.step.is_work]
    assert (plank.ended, plank.variant) == ("time", None)


@pytest.mark.parametrize(("times", "variant"), [(1, None), (2, "Knee plank"), (3, "Knee plank")])
def test_short_spells_on_the_easier_variant_count_once_they_add_up(
    times: int, variant: str | None, clock: FakeClock
) -> None:
    # Knees down for 4.5 s three times in 30 s, each spell taken for a look at the
    # variant: recorded as the standard plank held in full (a harder suggestion next).
    knees = {**PLANK, "seconds": 30, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    engine = WorkoutEngine.for_routine(make_routine(knees, lead_in_s=0), clock)
    engine.start()
    for _ in range(times):
        walk(engine, clock, 3)
        engine.toggle_easier()
        walk(engine, clock, 4.5)
        engine.toggle_easier()
    walk(engine, clock, 30)
    [plank] = [r for r in engine.records if r.step.is_work]
    assert (plank.ended, plank.variant) == ("time", variant)


@pytest.mark.parametrize(("how", "variant"), [("stop", None), ("skip", None)])
def test_a_set_switched_to_the_easier_variant_just_before_its_end_is_the_standard_move(
    how: str, variant: str | None, clock: FakeClock
) -> None:
    # Half a second of it was on the knees, the rest the standard plank. Stopped so, it
    # was recorded as 20.5 s of the knee plank (a resume carried it on on the knees).
    from coretui.workout.recording import step_entries

    knees = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    engine = WorkoutEngine.for_routine(make_routine(knees, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 20)
    engine.toggle_easier()
    walk(engine, clock, 0.5)
    engine.stop() if how == "stop" else engine.skip()
    [plank] = step_entries(engine)
    assert plank.variant == variant


def test_a_set_that_hurt_on_its_easier_variant_keeps_it_when_stopped_on_the_standard(
    clock: FakeClock,
) -> None:
    # e, "this hurts" on the knees, e back to the plank, q: the record said the standard
    # move hurt, and the summary offered the knee plank, the very move that hurt.
    from coretui.workout.coaching import suggestions
    from coretui.workout.recording import WorkoutResult, session_from_result

    knees = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    routine = make_routine(knees, lead_in_s=0)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 2)
    engine.toggle_easier()
    walk(engine, clock, 2)
    engine.mark_hurt()
    engine.resume()
    engine.toggle_easier()
    walk(engine, clock, 2)
    engine.stop()
    result = WorkoutResult(routine, engine, started_at=T0, finished_at=T0)
    [plank] = session_from_result(result).steps
    assert (plank.ended, plank.variant, plank.hurt_move) == ("stopped", "Knee plank", "Knee plank")
    assert suggestions(routine, [session_from_result(result)]) == []


@pytest.mark.parametrize("paused", [True, False])
def test_this_hurts_pressed_just_after_e_is_of_the_move_that_was_being_done(
    clock: FakeClock, paused: bool
) -> None:
    # Space, e, x in a plank held 1 s: the knee plank had had no second, yet the record
    # said it was the knee plank that hurt, and the summary sent the user to a physio.
    # Then 3 s on the knees and n: the step is the knee plank's, and the plank hurt.
    from coretui.workout.coaching import suggestions
    from coretui.workout.recording import WorkoutResult, session_from_result

    knees = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    routine = make_routine(knees, lead_in_s=0)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 1)
    if paused:
        engine.pause()
    engine.toggle_easier()
    walk(engine, clock, 0.4)
    engine.mark_hurt()
    engine.resume()
    walk(engine, clock, 3)
    engine.skip()
    result = WorkoutResult(routine, engine, started_at=T0, finished_at=T0)
    [plank] = session_from_result(result).steps
    assert (plank.ended, plank.variant, plank.hurt_move) == ("skipped", "Knee plank", "Plank")
    [suggestion] = suggestions(routine, [session_from_result(result)])
    assert suggestion.text == "Plank hurt today. Switch to Knee plank from next time?"


@pytest.mark.parametrize("lead_in", [3, 10])
def test_this_hurts_on_a_set_begun_on_its_easier_variant_is_of_that_variant(
    clock: FakeClock, lead_in: int
) -> None:
    # e in the lead-in (seconds before the set, or just before it): the set began on the
    # knees, and "this hurts" half a second in is of the knee plank (the plank itself
    # was never done).
    from coretui.workout.recording import WorkoutResult, session_from_result

    knees = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    routine = make_routine(knees, lead_in_s=lead_in)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, lead_in - 2)
    engine.toggle_easier()
    walk(engine, clock, 2.5)
    engine.mark_hurt()
    engine.stop()
    result = WorkoutResult(routine, engine, started_at=T0, finished_at=T0)
    [plank] = session_from_result(result).steps
    assert (plank.variant, plank.hurt_move) == ("Knee plank", "Knee plank")


def test_skip_exercise_passes_over_every_set_and_side_of_it(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(SIDE, PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 3)
    engine.skip_exercise()
    assert engine.step.label in ("Rest", "Plank")
    if engine.step.kind is StepKind.REST_EXERCISE:
        engine.skip()
    assert engine.step.label == "Plank"
    side_records = [r for r in engine.records if r.step.label == "Side plank"]
    assert [r.ended for r in side_records] == ["skipped", "skipped"]
    assert side_records[0].done_s == 3
    assert side_records[1].done_s == 0


def test_quitting_in_the_lead_in_has_done_no_work(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK), clock)
    engine.start()
    walk(engine, clock, 2)
    engine.stop()
    assert not engine.work_started
    engine = WorkoutEngine.for_routine(make_routine(PLANK), clock)
    engine.start()
    engine.skip()
    engine.stop()
    assert engine.work_started


def _plank_entry(engine: WorkoutEngine) -> tuple[str, float]:
    from coretui.workout.recording import step_entries

    plank = step_entries(engine)[0]
    return plank.ended, plank.done_s


def test_a_plank_held_in_full_then_back_and_skip_stays_done(clock: FakeClock) -> None:
    # Back (or a stray left arrow) threw the finished try away: the plank then read
    # as skipped after half a second, though it had been held in full.
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 62)  # the plank in full, then into the rest
    engine.back()
    walk(engine, clock, 0.5)
    engine.skip()
    assert _plank_entry(engine) == ("time", 60)
    assert engine.active_s() == 60.5, "the time spent on both tries"


def test_restart_near_the_end_then_skip_keeps_the_seconds_held(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 55)
    engine.restart_step()
    walk(engine, clock, 1)
    engine.skip()
    assert _plank_entry(engine) == ("skipped", 55)  # the 55 s held, and then skipped


def test_a_redo_that_does_more_is_the_record(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 20)
    engine.restart_step()
    walk(engine, clock, 62)  # the redo runs to time
    assert _plank_entry(engine) == ("time", 60)


def test_a_hurt_marked_on_a_redo_stays_when_the_earlier_try_is_kept(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 62)  # the plank in full
    engine.back()
    walk(engine, clock, 1)
    engine.mark_hurt()
    engine.resume()
    engine.skip()
    from coretui.workout.recording import step_entries

    plank = step_entries(engine)[0]
    assert (plank.ended, plank.done_s, plank.hurt) == ("time", 60, True)


def test_a_redo_ended_early_does_not_beat_a_longer_try(clock: FakeClock) -> None:
    # Enter on a timed set (or - past its end) ends it early: no proof of more work
    # than the 55 s held before r.
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 55)
    engine.restart_step()
    walk(engine, clock, 2)
    engine.set_done()
    assert _plank_entry(engine) == ("done", 55)  # the 55 s held, then ended early


def test_active_time_counts_every_try(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 10)
    engine.restart_step()
    walk(engine, clock, 61)  # the second try in full, then 1 s into the rest
    engine.back()
    walk(engine, clock, 5)
    engine.skip()
    assert engine.active_s() == 75
    assert _plank_entry(engine) == ("time", 60)


def test_after_back_a_resume_starts_at_the_step_gone_back_to(clock: FakeClock) -> None:
    # The step left by back keeps its try (its 2 s were done), and the resume offer
    # is still the step the user was redoing: it once went past it, and that step
    # could not be reached again.
    from coretui.workout.recording import resume_point, step_entries

    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 75)  # the plank in full, its rest: the side plank's left side
    walk(engine, clock, 0.5)
    engine.skip()  # the left side skipped; the switch
    engine.skip()  # the right side
    walk(engine, clock, 2)
    engine.back()  # back to the left side
    walk(engine, clock, 3)
    steps = step_entries(engine)
    assert [(s.side, s.ended, s.done_s) for s in steps[1:]] == [
        ("left", "stopped", 3),  # skipped at 0.5 s, gone back to: under way, 3 s done
        ("right", "stopped", 2),
    ]
    assert engine.active_s() == 60 + 0.5 + 2 + 3
    session = type("S", (), {"steps": steps})()
    assert resume_point(session, engine.timeline) == 1  # type: ignore[arg-type]


def test_back_keeps_the_try_under_way_in_the_record(clock: FakeClock) -> None:
    # A plank held 55 s, p, then skipped through: it read "skipped, 0 s", while the
    # active time counted the 55 s.
    from coretui.workout.recording import step_entries

    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 55)
    engine.back()  # nothing before it: the plank again
    engine.skip()
    [plank, *_] = step_entries(engine)
    assert (plank.ended, plank.done_s) == ("skipped", 55)
    walk(engine, clock, 15 + 10)  # its rest, 10 s of the left side
    engine.back()  # to the plank: the left side's 10 s stay in the record too
    assert [(s.ended, s.done_s) for s in step_entries(engine)][:2] == [
        ("stopped", 55),
        ("stopped", 10),
    ]


def test_a_longer_try_cut_off_then_a_redo_shortened_with_minus_is_not_done(
    clock: FakeClock,
) -> None:
    # The redo ran out its time after - took 50 s off: the 50 s held before r read as
    # the plank done in full ("time"), counted as a set done and as proof for coaching.
    from coretui.workout.recording import step_entries

    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 50)
    engine.restart_step()
    for _ in range(5):
        engine.add_time(-10)
    walk(engine, clock, 11)  # the shortened redo runs out
    engine.stop()
    plank = step_entries(engine)[0]
    assert (plank.outcome, plank.done_s) == ("ended early", 50)


def test_a_skipped_step_gone_back_to_and_quit_in_is_where_a_resume_goes(
    clock: FakeClock,
) -> None:
    from coretui.workout.recording import resume_point, step_entries

    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 3)
    engine.skip()  # the plank, 3 s in
    walk(engine, clock, 1)
    engine.back()  # back to it, and quit 1 s in: a shorter try than the skipped one
    walk(engine, clock, 1)
    engine.stop()
    steps = step_entries(engine)
    assert (steps[0].ended, steps[0].done_s) == ("stopped", 3)
    session = type("S", (), {"steps": steps})()
    assert resume_point(session, engine.timeline) == 0  # type: ignore[arg-type]


def test_going_back_over_two_skipped_steps_a_resume_carries_on_where_the_workout_was(
    clock: FakeClock,
) -> None:
    from coretui.workout.recording import resume_point, step_entries

    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 3)
    engine.skip()  # the plank, 3 s in; the rest
    engine.skip()  # the rest; the left side
    walk(engine, clock, 1)
    engine.skip()  # the left side, 1 s in; the switch
    engine.back()  # back to the left side
    engine.back()  # and back to the plank
    walk(engine, clock, 1)
    steps = step_entries(engine)
    assert [(s.ended, s.done_s) for s in steps] == [("stopped", 3), ("skipped", 1), ("stopped", 0)]
    session = type("S", (), {"steps": steps})()
    assert resume_point(session, engine.timeline) == 0  # type: ignore[arg-type]  # the plank


def test_a_hold_made_longer_and_skipped_past_its_plan_is_done(clock: FakeClock) -> None:
    # + 10 s on a 12 s plank, n at 14 s: "skipped", the plan held in full, and never
    # proof for coaching (Enter there was "done"); n before the plan's end is skipped.
    from coretui.workout.recording import step_entries

    plank = {**PLANK, "seconds": 12}
    engine = WorkoutEngine.for_routine(make_routine(plank, SIDE, lead_in_s=0), clock)
    engine.start()
    engine.add_time(10)
    walk(engine, clock, 14)
    engine.skip()
    walk(engine, clock, 15 + 20)  # the rest, then 20 s of the side plank's 30
    engine.skip()
    held, left = step_entries(engine)[:2]
    assert (held.ended, held.done_s, held.planned_s, held.outcome) == ("skipped", 14, 12, "done")
    assert (left.ended, left.outcome) == ("skipped", "skipped")


def test_a_hold_made_longer_and_ended_with_enter_past_its_plan_is_done(clock: FakeClock) -> None:
    # + 10 s on a 60 s plank, Enter at 65 s: more than planned, said "ended early", and
    # refused as proof for coaching; Enter before the plan's end is still ended early.
    from coretui.workout.recording import step_entries

    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, TEMPO, lead_in_s=0), clock)
    engine.start()
    engine.add_time(10)
    walk(engine, clock, 65)
    engine.set_done()  # the plank, 65 s of its 70
    walk(engine, clock, 10)  # the rest
    walk(engine, clock, 20)
    engine.set_done()  # the side plank's left side, 20 s of its 30
    plank, left = step_entries(engine)[:2]
    assert (plank.ended, plank.done_s, plank.planned_s, plank.outcome) == ("done", 65, 60, "done")
    assert (left.ended, left.outcome) == ("done", "ended early")


def hold_minus_down(engine: WorkoutEngine, clock: FakeClock, seconds: float) -> None:
    """- held down for `seconds`, repeating 30 times a second; then the step it ended
    in must be as it began (its key's repeat touched nothing after the step it cut)."""
    for _ in range(round(seconds * 30)):
        engine.add_time(-10)
        clock.advance(1 / 30)
        engine.tick()
    length, left = engine.step_length(), engine.step_remaining()
    assert length is not None and left is not None
    assert engine.record.added_s == 0 and left > length - seconds, "the step after is untouched"


@pytest.mark.parametrize(
    ("first", "walked", "held", "rest"),
    [
        # The key's repeat ran on into the rest and the side plank: both sides were
        # cut to nothing and recorded as run to their (cut) time.
        (PLANK, 5, 0.9, StepKind.REST_EXERCISE),
        # A paced set cut by - ends at its rep's end, later: the guard never began, and
        # the rest was cut to nothing; held for 2.5 s, the key cut what came after.
        (TEMPO, 5.5, 2.5, StepKind.REST_SET),
    ],
    ids=["a hold", "a paced set, held long"],
)
def test_minus_held_down_cuts_only_the_step_it_was_pressed_in(
    first: dict[str, object], walked: float, held: float, rest: StepKind, clock: FakeClock
) -> None:
    from coretui.workout.recording import step_entries

    engine = WorkoutEngine.for_routine(make_routine(first, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, walked)
    hold_minus_down(engine, clock, held)
    assert engine.step.kind == rest
    walk(engine, clock, 1.5)
    at, before = engine.index, engine.step_remaining()
    assert before is not None
    engine.add_time(-10)  # let go, and pressed again a moment later: for the rest
    assert engine.index > at if before <= 10 else engine.step_remaining() == before - 10
    engine.stop()
    cut, after = step_entries(engine)[:2]
    assert cut.outcome == "ended early" and cut.done_s < walked + 1
    assert (after.done_s, after.added_s) == (0, 0)


def test_a_try_cut_off_by_restart_records_the_easier_variant_done_on_it(
    clock: FakeClock,
) -> None:
    # 50 s on the knees, back on the plank, `r`, then a stop: the try kept (the one that
    # did more) was cut off "stopped", read as the workout's stop: the standard plank.
    from coretui.workout.recording import step_entries

    knees = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    engine = WorkoutEngine.for_routine(make_routine(knees, lead_in_s=0), clock)
    engine.start()
    engine.toggle_easier()
    walk(engine, clock, 50)
    engine.toggle_easier()
    walk(engine, clock, 2)
    engine.restart_step()
    walk(engine, clock, 3)
    engine.stop()
    [plank] = step_entries(engine)
    assert (plank.done_s, plank.variant) == (52, "Knee plank")


def test_enter_pressed_twice_ends_one_step_not_the_set_after_it(clock: FakeClock) -> None:
    from coretui.workout.recording import step_entries

    # Enter ended the lead-in, and the same Enter pressed twice (0.15 s later) ended the
    # crunch set just begun: recorded with all 10 reps done, and kept over a later skip.
    engine = WorkoutEngine.for_routine(make_routine(dict(SELF, sets=2), PLANK, lead_in_s=5), clock)
    engine.start()
    walk(engine, clock, 2)
    engine.set_done()  # the lead-in
    clock.advance(0.15)
    engine.set_done()
    assert engine.step.label == "Crunch" and engine.record.ended is None
    for _ in range(60):  # held down 2 s, repeating 30 times a second: ignored while held
        clock.advance(1 / 30)
        engine.set_done()
    assert engine.step.label == "Crunch" and engine.record.ended is None
    walk(engine, clock, 3)
    engine.skip()
    engine.stop()
    crunch = step_entries(engine)[0]
    assert (crunch.outcome, crunch.done_reps) == ("skipped", 0)


@pytest.mark.parametrize(("ticked", "late"), [(True, 0.0), (True, 0.9), (False, 0.0)])
def test_enter_meant_for_a_rest_that_just_ended_by_time_ends_nothing(
    ticked: bool, late: float, clock: FakeClock
) -> None:
    # Enter pressed at the rest's last second arrived 0.3 s after it ended by time: the
    # crunch set just begun was recorded done, all 10 reps, in 0.3 s. (`ticked`: the
    # screen's tick ended the rest before the key, `late` after its end on a busy
    # machine, and the set showed then; else the key's own tick.)
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SELF, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 60 + 14.5)  # the plank, then the rest to 0.5 s before its end
    clock.advance(0.5 + late)
    if ticked:
        engine.tick()
        assert engine.step.label == "Crunch"
    clock.advance(0.5)
    engine.set_done()
    assert engine.step.label == "Crunch" and engine.record.ended is None
    walk(engine, clock, 20)
    engine.set_done()  # a fresh Enter, once the set is under way, is the set done
    assert engine.records[2].ended == "done" and engine.records[2].done_reps == 10


@pytest.mark.parametrize(("after", "reps"), [(1.5, 1), (6.5, 6), (12.0, 10)])
def test_a_self_paced_set_marked_done_counts_no_more_reps_than_its_time_allows(
    clock: FakeClock, after: float, reps: int
) -> None:
    # Enter 1.5 s into a set of 10 crunches recorded all 10, done in full: for the
    # streak and for progression, reps that could not have been done.
    engine = WorkoutEngine.for_routine(make_routine(SELF, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, after)
    engine.set_done()
    from coretui.workout.recording import step_entries

    [crunch] = step_entries(engine)
    assert (crunch.ended, crunch.done_reps) == ("done", reps)


def test_this_hurts_just_after_an_exercise_ended_by_time_marks_that_exercise(
    clock: FakeClock,
) -> None:
    # Sides of one exercise and two exercises back to back (no rest between them): the
    # hurt pressed as the plank ended marked the side plank, never begun.
    engine = WorkoutEngine.for_routine(
        make_routine(PLANK, SIDE, lead_in_s=0, rest_between_exercises_s=0), clock
    )
    engine.start()
    walk(engine, clock, 60)  # the plank ends at its deadline, the side plank begins
    clock.advance(0.4)
    events = engine.mark_hurt()
    assert HurtMarked(0) in events and not engine.records[1].hurt
    engine.resume()
    walk(engine, clock, 2)
    assert HurtMarked(1) in engine.mark_hurt()  # under way for a while: this one


def test_a_hurt_mark_meant_for_the_exercise_begun_moves_to_it(clock: FakeClock) -> None:
    # x as the side plank began marked the plank ("Plank hurts"), and the user who meant
    # the side plank could only keep going: the plank's record said it hurt.
    engine = WorkoutEngine.for_routine(
        make_routine(PLANK, SIDE, lead_in_s=0, rest_between_exercises_s=0), clock
    )
    engine.start()
    walk(engine, clock, 60)
    clock.advance(0.4)
    assert HurtMarked(0) in engine.mark_hurt()
    assert engine.move_hurt_mark() == [HurtMarked(1)]
    assert not engine.records[0].hurt and engine.records[1].hurt
    assert engine.move_hurt_mark() == [], "moved once: it is where it was meant"


def test_a_hurt_mark_moved_on_leaves_the_mark_made_before_it(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(
        make_routine(PLANK, SIDE, lead_in_s=0, rest_between_exercises_s=0), clock
    )
    engine.start()
    walk(engine, clock, 30)
    engine.mark_hurt()  # in the plank: it did hurt
    engine.resume()
    walk(engine, clock, 30)
    clock.advance(0.4)
    engine.mark_hurt()  # the side plank, just begun: marks the plank again
    engine.move_hurt_mark()
    assert engine.records[0].hurt and engine.records[1].hurt


def test_enter_a_second_after_the_last_ends_the_step(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(dict(SELF, sets=2), lead_in_s=5), clock)
    engine.start()
    engine.set_done()  # the lead-in
    walk(engine, clock, 20)
    engine.set_done()  # ten crunches in 20 s
    assert engine.step.kind == StepKind.REST_SET


def test_n_held_down_stops_at_the_last_step_and_a_fresh_press_ends_it(clock: FakeClock) -> None:
    # Held down, `n` skipped every step to the end: the workout ended "complete" with
    # nothing done, and no key undoes an end (`p` undoes any other skip).
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=5), clock)
    engine.start()
    walk(engine, clock, 2)
    for _ in range(60):  # held 2 s, repeating 30 times a second
        engine.skip_pressed()
        clock.advance(1 / 30)
    assert not engine.finished and engine.next_step is None
    walk(engine, clock, 1.5)  # let go; pressed again
    engine.skip_pressed()
    assert engine.finished


def test_n_pressed_at_a_human_pace_skips_every_step_to_the_end(clock: FakeClock) -> None:
    # Quick presses skip as many steps (the guard is the last step's alone); pressed a
    # second apart, the last press ends the workout.
    engine = WorkoutEngine.for_routine(make_routine(PLANK, PLANK, lead_in_s=5), clock)
    engine.start()
    engine.skip_pressed()
    clock.advance(0.3)
    engine.skip_pressed()
    assert engine.step.kind == StepKind.REST_EXERCISE
    presses = 0
    while not engine.finished and presses < 10:
        clock.advance(1.0)
        engine.skip_pressed()
        presses += 1
    assert engine.finished and presses == 2  # the second plank, then the last press

"""From a finished engine to a history session, and from a session back to where to resume."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from coretui.history import Session, StepEntry
from coretui.history.tries import more_done
from coretui.workout.coaching import suggestions
from coretui.workout.engine import WorkoutEngine
from coretui.workout.events import State
from coretui.workout.recording import (
    WorkoutResult,
    carried_steps,
    easier_carried_on,
    resume_point,
    session_from_result,
    work_steps,
)
from coretui.workout.routines import load_library
from coretui.workout.timeline import compile_routine
from tests.conftest import FakeClock
from tests.unit.test_engine import PLANK, SELF, SIDE, TEMPO, make_routine, walk

T0 = datetime(2026, 6, 15, 7, 0, tzinfo=UTC)


def result_of(engine: WorkoutEngine, **extra: object) -> WorkoutResult:
    return WorkoutResult(
        routine=engine.timeline.routine,
        engine=engine,
        started_at=T0,
        finished_at=T0 + timedelta(minutes=5),
        **extra,  # type: ignore[arg-type]
    )


def test_a_stopped_workout_records_every_exercise_step_and_how_each_ended(
    clock: FakeClock,
) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, TEMPO, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 60 + 15 + 10)  # plank, rest, 10 s of the left side
    engine.add_time(10)
    engine.stop()
    session = session_from_result(result_of(engine, pain_before=5))
    assert session.status == "partial"
    assert session.pain_before == 5
    assert [step.exercise for step in session.steps] == [
        "Plank",
        "Side plank",
        "Side plank",
        *["Pike"] * 3,
    ]
    plank, left, right, *pikes = session.steps
    assert (plank.ended, plank.done_s, plank.planned_s, plank.added_s) == ("time", 60, 60, 0)
    assert (left.ended, left.done_s, left.planned_s, left.added_s) == ("stopped", 10, 30, 10)
    assert (right.ended, right.done_s) == ("stopped", 0)  # never reached
    # Never reached: no reps done (null would read as a hold's "no reps to count").
    assert [(p.planned_reps, p.done_reps, p.ended) for p in pikes] == [(15, 0, "stopped")] * 3
    assert session.active_s == 70


def test_resume_point_is_the_stopped_step_or_the_one_after_a_finished_step(
    clock: FakeClock,
) -> None:
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    timeline = compile_routine(routine)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 60 + 15 + 10)
    engine.stop()
    assert resume_point(session_from_result(result_of(engine)), timeline) == 1

    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 60 + 5)  # the plank done, stopped in the rest after it
    engine.stop()
    assert resume_point(session_from_result(result_of(engine)), timeline) == 1


BRIDGE = {"kind": "hold", "name": "Bridge", "seconds": 60, "easier": {"name": "Short bridge"}}
SUPERMAN = {"kind": "hold", "name": "Superman", "seconds": 60, "easier": {"name": "Half superman"}}


def test_no_resume_once_the_routine_s_steps_are_other_moves_than_the_record_s(
    clock: FakeClock,
) -> None:
    # The plank done, 50 s of the bridge, quit; then the file moved the superman before
    # the bridge. The step counts still agree, and the resume carried on the "Bridge"
    # record with the superman: its seconds were lost, the bridge listed twice, and the
    # superman begun on its easier variant because the bridge had been on its own.
    routine = make_routine(PLANK, BRIDGE, SUPERMAN, lead_in_s=0)
    engine = WorkoutEngine(compile_routine(routine), clock, easier={1})
    engine.start()
    walk(engine, clock, 60 + 15 + 50)
    engine.stop()
    earlier = session_from_result(result_of(engine))
    assert resume_point(earlier, compile_routine(routine)) == 1  # as it was: carried on

    reordered = make_routine(PLANK, SUPERMAN, BRIDGE, lead_in_s=0)
    assert resume_point(earlier, compile_routine(reordered)) is None
    assert easier_carried_on((), compile_routine(reordered), earlier) == set()
    renamed = make_routine(PLANK, {**BRIDGE, "name": "Glute bridge"}, SUPERMAN, lead_in_s=0)
    assert resume_point(earlier, compile_routine(renamed)) is None
    bridge_reps = {"kind": "reps", "name": "Bridge", "reps": 10}
    counted = make_routine(PLANK, bridge_reps, SUPERMAN, lead_in_s=0)
    assert resume_point(earlier, compile_routine(counted)) is None
    # The same moves at other numbers (progress accepted since) still carry on.
    longer = make_routine(PLANK, {**BRIDGE, "seconds": 70}, SUPERMAN, lead_in_s=0)
    assert resume_point(earlier, compile_routine(longer)) == 1
    assert easier_carried_on((), compile_routine(longer), earlier) == {1}


def test_resume_point_is_where_the_workout_stopped_not_a_try_cut_off_after_it(
    clock: FakeClock,
) -> None:
    # The plank skipped, 20 s of the left side cut off with r, then p back to the plank,
    # 30 s of it, and quit: the resume offered the left side, passing the plank by.
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 3)
    engine.skip()
    walk(engine, clock, 15 + 20)
    engine.restart_step()
    walk(engine, clock, 2)
    engine.back()
    walk(engine, clock, 30)
    engine.stop()
    session = session_from_result(result_of(engine))
    assert [(s.ended, s.done_s) for s in session.steps][:2] == [("stopped", 30), ("stopped", 20)]
    assert resume_point(session, compile_routine(routine)) == 0


def test_an_unfinished_step_counts_as_not_done_when_resuming(clock: FakeClock) -> None:
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    timeline = compile_routine(routine)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    engine.stop()  # stopped in the first second of the plank
    session = session_from_result(result_of(engine))
    assert session.steps[0].ended == "stopped"
    assert resume_point(session, timeline) == 0


def test_nothing_to_resume_when_the_routine_changed_shape(clock: FakeClock) -> None:
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 5)
    engine.stop()
    session = session_from_result(result_of(engine))
    assert resume_point(session, compile_routine(make_routine(PLANK, lead_in_s=0))) is None


def test_a_resumed_workout_extends_the_earlier_record(clock: FakeClock) -> None:
    routine = make_routine(PLANK, SIDE)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 5 + 60 + 15 + 10)
    engine.stop()
    earlier = session_from_result(result_of(engine, pain_before=6))
    timeline = compile_routine(routine)
    at = resume_point(earlier, timeline)
    assert at == 1
    later = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[at])
    later.start()
    while not later.finished:
        later.skip()
    result = result_of(later, resumed=earlier, pain_before=2)  # (asked again by hand)
    assert carried_steps(result) == 1
    session = session_from_result(result)
    assert session.id == earlier.id
    assert session.status == "completed"
    assert session.pain_before == 6  # the rating given before the first sitting stays
    assert session.steps[0] == earlier.steps[0]
    # The left side, 10 s done before and skipped now, keeps the 10 s done, and ends as
    # this sitting ended it: skipped (a resume goes on after it, not back to it).
    assert [(s.ended, s.done_s) for s in session.steps[1:]] == [("skipped", 10), ("skipped", 0)]
    assert resume_point(session, timeline) is None


def test_every_bundled_routine_records_one_step_per_exercise_step(clock: FakeClock) -> None:
    for loaded in load_library(None).routines:
        engine = WorkoutEngine.for_routine(loaded.routine, clock)
        engine.start()
        while not engine.finished:
            engine.skip()
        session = session_from_result(result_of(engine))
        assert len(session.steps) == len(work_steps(engine.timeline))
        assert all(step.ended == "skipped" for step in session.steps)


def test_a_resumed_step_keeps_its_earlier_try_until_this_one_does_more(clock: FakeClock) -> None:
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 20)  # 20 s of the 60 s plank, then the terminal closed
    engine.stop()
    earlier = session_from_result(result_of(engine))
    timeline = compile_routine(routine)
    assert resume_point(earlier, timeline) == 0  # the plank starts again

    later = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[0])
    later.start()
    walk(later, clock, 5)
    # The record as it stands 5 s into the redone plank (kept in case of a crash, or
    # saved if the user stops here): the 20 s done before are not lost, and the time
    # exercising counts both tries.
    kept = session_from_result(result_of(later, resumed=earlier))
    assert (kept.steps[0].done_s, kept.active_s) == (20, 25)

    walk(later, clock, 60)  # the plank redone in full this time
    later.stop()
    session = session_from_result(result_of(later, resumed=earlier))
    assert (session.steps[0].ended, session.steps[0].done_s) == ("time", 60)


def test_a_resumed_set_finished_now_beats_a_longer_unfinished_earlier_try(
    clock: FakeClock,
) -> None:
    routine = make_routine(SELF, PLANK, lead_in_s=0)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 40)  # 40 s into the self-paced set, then stopped
    engine.stop()
    earlier = session_from_result(result_of(engine))
    timeline = compile_routine(routine)
    later = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[0])
    later.start()
    walk(later, clock, 20)
    later.set_done()  # done this time, in 20 s
    later.stop()
    first = session_from_result(result_of(later, resumed=earlier)).steps[0]
    assert (first.ended, first.done_reps, first.done_s) == ("done", first.planned_reps, 20)


def test_this_hurts_on_the_earlier_try_stays_when_the_step_is_redone(clock: FakeClock) -> None:
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 10)
    engine.mark_hurt()
    engine.stop()
    earlier = session_from_result(result_of(engine))
    timeline = compile_routine(routine)
    later = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[0])
    later.start()
    walk(later, clock, 60)  # the plank in full this time
    later.stop()
    plank = session_from_result(result_of(later, resumed=earlier)).steps[0]
    assert (plank.ended, plank.hurt) == ("time", True)


def test_a_stopped_step_moved_past_on_resuming_is_not_offered_again(clock: FakeClock) -> None:
    # The side plank stopped 2 s in; resumed, Enter after 0.5 s moved on. The record
    # kept the earlier try whole, "stopped", and the next resume went back to it.
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    timeline = compile_routine(routine)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 60 + 15 + 2)
    engine.stop()
    earlier = session_from_result(result_of(engine))
    assert resume_point(earlier, timeline) == 1
    later = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[1])
    later.start()
    walk(later, clock, 0.5)
    later.set_done()
    walk(later, clock, 1)  # in the switch between sides, then stopped
    later.stop()
    session = session_from_result(result_of(later, resumed=earlier))
    left = session.steps[1]
    assert (left.ended, left.outcome, left.done_s) == ("done", "ended early", 2)
    assert resume_point(session, timeline) == 2, "the right side, not the left again"
    assert session.active_s == earlier.active_s + 0.5  # both sittings (a switch is no work)


def test_a_skipped_step_is_passed_on_resuming(clock: FakeClock) -> None:
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    timeline = compile_routine(routine)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 3)
    engine.skip()  # the plank skipped, then a quit in the rest after it
    walk(engine, clock, 5)
    engine.stop()
    session = session_from_result(result_of(engine))
    assert resume_point(session, timeline) == 1, "the side plank, not the plank skipped"


def test_the_record_tells_this_hurts_on_the_move_from_a_switch_made_after_it(
    clock: FakeClock,
) -> None:
    # "This hurts" on the plank, then on to its knees: the record held the knee plank
    # and the mark, and History named the knee plank as what hurt. A mark made on the
    # side plank's knees is the knees'. Only the switch after a mark is written down.
    plank = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    knees = {**SIDE, "easier": {"name": "Side plank on knees", "cue": "Knees down."}}
    engine = WorkoutEngine.for_routine(make_routine(plank, knees, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 5)
    engine.mark_hurt()  # on the plank...
    engine.toggle_easier()  # ...then on to its knees
    engine.resume()
    walk(engine, clock, 55 + 15 + 3)  # the plank's end, the rest, 3 s of the side plank
    engine.toggle_easier()
    walk(engine, clock, 5)
    engine.mark_hurt()  # on the side plank's knees
    engine.stop()
    session = session_from_result(result_of(engine))
    read = Session.from_dict(json.loads(session.to_json_line()))
    plank_step, side_step = read.steps[:2]
    assert (plank_step.variant, plank_step.hurt_move) == ("Knee plank", "Plank")
    assert (side_step.variant, side_step.hurt_move) == ("Side plank on knees",) * 2
    assert "hurt_on_standard" not in side_step.to_dict()
    assert read.steps[2].hurt_move is None  # the right side, never reached


def test_a_switch_after_this_hurts_in_a_first_sitting_is_offered_after_the_resume(
    clock: FakeClock,
) -> None:
    # The sitting in which the plank hurt, and its knees were taken, ended with a closed
    # terminal, so no summary came; resumed and finished, its summary offered nothing
    # for the plank, as if the knees had hurt: the record could not tell.
    plank = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    routine = make_routine(plank, SIDE, lead_in_s=0)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 5)
    engine.mark_hurt()
    engine.toggle_easier()
    engine.resume()
    walk(engine, clock, 60)  # into the rest
    engine.stop()
    earlier = session_from_result(result_of(engine))
    timeline = compile_routine(routine)
    later = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[1])
    later.start()
    walk(later, clock, 100)
    assert later.state is State.FINISHED
    session = session_from_result(result_of(later, resumed=earlier))
    [idea] = suggestions(routine, [session])
    assert (idea.exercise, idea.direction) == ("Plank", "easier")


def test_of_two_tries_the_kept_one_names_the_move_either_hurt_on() -> None:
    def plank(variant: str | None = None, *, done: float = 60, hurt: bool = False) -> StepEntry:
        return StepEntry(
            exercise="Plank", planned_s=60, done_s=done, ended="time", variant=variant, hurt=hurt
        )

    # The plank hurt 5 s in and was redone in full on the knees: the plank hurt.
    kept = more_done(plank(done=5, hurt=True), plank("Knee plank"))
    assert (kept.done_s, kept.variant, kept.hurt_move) == (60, "Knee plank", "Plank")
    # Hurt on the knees in either try: the knees hurt.
    kept = more_done(plank("Knee plank", done=5, hurt=True), plank("Knee plank"))
    assert kept.hurt_move == "Knee plank"
    kept = more_done(plank(hurt=True), plank("Knee plank", done=5, hurt=True))
    assert (kept.variant, kept.hurt_move) == ("Knee plank", "Knee plank")  # (both: no easier)
    assert more_done(plank(), plank("Knee plank", done=5)).hurt_move is None
    # Hurt on the knees and cut off, then the plank in full: the knees hurt, and the
    # step keeps their name (a mark on a variant is always recorded with it).
    kept = more_done(plank("Knee plank", done=5, hurt=True), plank())
    assert (kept.done_s, kept.variant, kept.hurt_move) == (60, "Knee plank", "Knee plank")


def test_the_full_move_marked_after_a_while_on_the_knees_is_the_one_that_hurt(
    clock: FakeClock,
) -> None:
    # On the knees first, back on the full plank, then "this hurts": the full plank hurt
    # (the step keeps the knees, done for long enough), and the page says so, in no
    # order of events the record does not hold ("hurt, then as" read as a switch after).
    from coretui.history.session_words import step_marks

    plank = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}
    engine = WorkoutEngine.for_routine(make_routine(plank, lead_in_s=0), clock)
    engine.start()
    engine.toggle_easier()
    walk(engine, clock, 10)
    engine.toggle_easier()
    walk(engine, clock, 5)
    engine.mark_hurt()
    engine.resume()
    walk(engine, clock, 50)  # to the plank's end
    [step] = session_from_result(result_of(engine)).steps
    assert (step.ended, step.variant, step.hurt_move) == ("time", "Knee plank", "Plank")
    assert step_marks(step) == ("as Knee plank", "hurt on the full move")

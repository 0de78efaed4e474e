"""A workout passes over what nothing in the user's equipment fits: the user on the mat
never has to get up to skip it, and the record says it was skipped, never begun."""

from __future__ import annotations

from coretui.workout.engine import State, WorkoutEngine
from coretui.workout.recording import step_entries
from coretui.workout.timeline import StepKind, compile_routine
from tests.conftest import FakeClock
from tests.unit.test_engine import HIP, PLANK, SIDE, TEMPO, make_routine, walk

# Plank, Pike (3 sets), Side plank (2 sides), Hip raise: the pike needs a Swiss ball.
ROUTINE = make_routine({**PLANK, "rest_after_s": 20}, {**TEMPO, "rest_after_s": 40}, SIDE, HIP)


def shape(engine: WorkoutEngine) -> list[str]:
    """Each step the workout runs, as n goes through them: "Plank", "Rest 20", ..."""
    seen = []
    while not engine.finished:
        step = engine.step
        seen.append(step.label if step.is_work else f"{step.kind} {step.seconds:g}")
        engine.skip()
    return seen


def test_the_steps_passed_over_are_an_exercise_s_and_the_rest_after_it() -> None:
    timeline = compile_routine(ROUTINE)
    passed = timeline.passing({1})
    assert {timeline.steps[i].label for i in passed} == {"Pike", "Rest"}
    # The plank's own rest (20 s, its `rest_after_s`) leads to the side plank; the pike's
    # 40 s rest goes with it.
    kept = [s for i, s in enumerate(timeline.steps) if i not in passed]
    assert [(s.kind, s.seconds) for s in kept][1:3] == [
        (StepKind.WORK, 60),
        (StepKind.REST_EXERCISE, 20),
    ]
    assert timeline.total_passing({1}) == sum(s.estimate_s for s in kept)
    # Nothing left to do: nothing is passed over (the user is told to skip, with n).
    assert timeline.passing({0, 1, 2, 3}) == frozenset()
    assert timeline.passing(()) == frozenset()


def test_a_workout_never_enters_the_steps_passed_over_and_records_them_skipped(
    clock: FakeClock,
) -> None:
    timeline = compile_routine(ROUTINE)
    engine = WorkoutEngine(timeline, clock)
    engine.passed_over = timeline.passing({1})
    planned = engine.planned_total_s()
    engine.start()
    assert engine.remaining_total_s() == planned == timeline.total_passing({1})
    assert shape(engine) == [
        "lead_in 5",
        "Plank",
        "rest_exercise 20",
        "Side plank",
        "switch 5",
        "Side plank",
        "rest_exercise 15",
        "Hip raise",
        "rest_set 10",
        "Hip raise",
        "rest_set 10",
        "Hip raise",
    ]
    assert engine.status == "completed"
    pikes = [e for e in step_entries(engine) if e.exercise == "Pike"]
    assert [(e.ended, e.done_s, e.done_reps) for e in pikes] == [("skipped", 0, 0)] * 3


def test_the_first_or_last_exercise_passed_over_leaves_no_rest_on_its_own(
    clock: FakeClock,
) -> None:
    # The lead-in leads to the first move kept, and the last kept ends the workout.
    timeline = compile_routine(make_routine(TEMPO, PLANK, SIDE, lead_in_s=0))
    engine = WorkoutEngine(timeline, clock)
    engine.passed_over = timeline.passing({0, 2})
    engine.start()
    assert shape(engine) == ["Plank"]
    timeline = compile_routine(make_routine(TEMPO, PLANK))
    engine = WorkoutEngine(timeline, clock)
    engine.passed_over = timeline.passing({0})
    engine.start()
    assert shape(engine) == ["lead_in 5", "Plank"]


def test_a_workout_stopped_before_them_records_them_skipped_and_up_next_passes_them(
    clock: FakeClock,
) -> None:
    # Stopped in the rest before the pike: its sets read "not reached", as if a resume
    # could carry on there; and the plank's "Up next" said "then Pike, set 1 of 3".
    from coretui.tui.screens.workout_lines import up_next

    timeline = compile_routine(ROUTINE)
    engine = WorkoutEngine(timeline, clock)
    engine.passed_over = timeline.passing({1})
    engine.start()
    walk(engine, clock, 5 + 10)
    assert engine.step.label == "Plank"
    assert up_next(engine) == "Up next: Rest 0:20, then Side plank · Left side"
    walk(engine, clock, 50 + 5)
    engine.stop()
    pikes = [e for e in step_entries(engine) if e.exercise == "Pike"]
    assert [(e.ended, e.outcome) for e in pikes] == [("skipped", "skipped")] * 3
    sides = [e for e in step_entries(engine) if e.exercise == "Side plank"]
    assert [e.outcome for e in sides] == ["not reached"] * 2  # (a resume carries on there)


def test_back_and_this_hurts_pass_over_them_too(clock: FakeClock) -> None:
    timeline = compile_routine(ROUTINE)
    engine = WorkoutEngine(timeline, clock)
    engine.passed_over = timeline.passing({1})
    engine.start()
    walk(engine, clock, 5 + 60 + 20 + 10)  # the lead-in, the plank, its rest; 10 s in
    assert engine.step.label == "Side plank"
    engine.back()
    assert engine.step.label == "Plank"
    walk(engine, clock, 60 + 5)  # into the rest after the plank
    assert engine.step.kind is StepKind.REST_EXERCISE
    engine.mark_hurt()  # in the rest: the move just done, the plank (not the pike)
    assert engine.hurt_marked is not None and timeline.steps[engine.hurt_marked].label == "Plank"
    assert engine.state is State.PAUSED
    engine.resume()
    walk(engine, clock, 20)
    assert engine.step.label == "Side plank"
    engine.stop()
    pikes = [e for e in step_entries(engine) if e.exercise == "Pike"]
    assert [e.ended for e in pikes] == ["skipped"] * 3

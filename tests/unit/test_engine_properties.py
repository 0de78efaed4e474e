"""Property tests: random routines and random key sequences never break the engine."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coretui.workout.engine import State, WorkoutEngine, WorkoutFinished
from coretui.workout.routine_models import routine_of
from coretui.workout.routines import Routine
from tests.checks import assert_consistent
from tests.conftest import FakeClock

phase = st.fixed_dictionaries(
    {"name": st.sampled_from(["up", "hold", "down"]), "seconds": st.integers(1, 5)}
)
hold = st.fixed_dictionaries(
    {
        "kind": st.just("hold"),
        "name": st.just("Hold"),
        "seconds": st.integers(1, 90),
        "sets": st.integers(1, 3),
        "per_side": st.booleans(),
        "switch_s": st.integers(0, 5),
        "rest_s": st.integers(0, 20),
        "easier": st.just({"name": "Easier hold"}),
    }
)
reps = st.fixed_dictionaries(
    {
        "kind": st.just("reps"),
        "name": st.just("Reps"),
        "reps": st.integers(1, 20),
        "sets": st.integers(1, 3),
        "per_side": st.booleans(),
        "tempo": st.one_of(st.none(), st.integers(1, 4), st.lists(phase, min_size=1, max_size=3)),
    }
)
routines = st.builds(
    lambda exercises, lead_in, rest: routine_of(
        {
            "id": "random",
            "name": "Random",
            "lead_in_s": lead_in,
            "rest_between_exercises_s": rest,
            "exercises": exercises,
        }
    ),
    st.lists(st.one_of(hold, reps), min_size=1, max_size=4),
    st.integers(0, 10),
    st.integers(0, 30),
)
KEYS = [
    "hurt",
    "skip_exercise",
    "tick",
    "space",
    "skip",
    "back",
    "restart",
    "plus",
    "minus",
    "done",
    "easier",
    "wait",
]
keys = st.lists(st.tuples(st.sampled_from(KEYS), st.floats(0, 1.9)), max_size=120)


def press(engine: WorkoutEngine, key: str) -> Any:
    actions = {
        "tick": engine.tick,
        "space": engine.toggle_pause,
        "skip": engine.skip,
        "back": engine.back,
        "restart": engine.restart_step,
        "plus": lambda: engine.add_time(10),
        "minus": lambda: engine.add_time(-10),
        "done": engine.set_done,
        "easier": engine.toggle_easier,
        "hurt": engine.mark_hurt,
        "skip_exercise": engine.skip_exercise,
        "wait": lambda: engine.tick(engine.clock() + 30),  # a long gap: auto-pause
    }
    return actions[key]()


@settings(max_examples=150, deadline=None)
@given(routines, keys)
def test_random_keys_never_raise_and_never_overcount(routine: Routine, presses: Any) -> None:
    clock = FakeClock()
    engine = WorkoutEngine.for_routine(routine, clock)
    events = engine.start()
    for key, dt in presses:
        clock.advance(dt)
        events += press(engine, key)
        assert_consistent(engine)
    # No operation swallows the end: a finished engine said so exactly once.
    endings = [e for e in events if isinstance(e, WorkoutFinished)]
    assert len(endings) == (1 if engine.finished else 0)


@settings(max_examples=100, deadline=None)
@given(routines, keys)
def test_workout_finishes_after_at_most_one_skip_per_step(routine: Routine, presses: Any) -> None:
    clock = FakeClock()
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    for key, dt in presses:
        if key == "back" or key == "restart":
            continue
        clock.advance(dt)
        press(engine, key)
    for _ in range(len(engine.timeline.steps)):
        if engine.state is State.FINISHED:
            break
        engine.skip()
    assert engine.state is State.FINISHED
    assert engine.status == "completed"
    assert_consistent(engine)


def test_reps_added_with_plus_are_counted_past_the_plan() -> None:
    # Found by the walk above: + on a one-rep set, two reps done, then "this hurts" and
    # a skip. The engine counted the two; the check capped them at the plan's one.
    routine = routine_of(
        {
            "id": "r",
            "name": "R",
            "lead_in_s": 0,
            "exercises": [
                {"kind": "reps", "name": "Reps", "reps": 1, "tempo": 1},
                {"kind": "hold", "name": "Hold", "seconds": 1},
            ],
        }
    )
    clock = FakeClock()
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    for _ in range(2):
        engine.add_time(10)
        clock.advance(1.0)
    engine.mark_hurt()
    engine.skip()
    assert engine.records[0].done_reps == 2
    assert_consistent(engine)

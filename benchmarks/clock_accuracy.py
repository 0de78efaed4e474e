"""How far the end of a step lands from the wall clock: the engine on the real clock.

The engine runs on `time.monotonic`, ticked the way the workout screen ticks it: each
tick is scheduled by `workout_lines.next_change_in` (the function the workout screen
calls, so this follows the UI if it changes), and the wait is a plain sleep. A step's error is when
the tick that ended it returned, against the start plus the planned seconds before
it, both read from the wall clock (`time.time`).

Run as `python -m benchmarks.clock_accuracy hold 60` or `... routine 300`; it prints
one JSON object. The harness runs these in their own processes, beside the rest.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, dataclass
from typing import Any

from coretui.tui.screens.workout_lines import next_change_in
from coretui.workout.engine import StepFinished, WorkoutEngine, WorkoutFinished
from coretui.workout.routine_models import routine_of
from coretui.workout.routines import Routine
from coretui.workout.timeline import compile_routine


@dataclass(frozen=True)
class ClockRun:
    """Step-end errors of one run, in milliseconds (late is positive)."""

    planned_s: float
    ticks: int
    step_errors_ms: list[float]
    end_error_ms: float
    max_error_ms: float
    engine_end_error_ms: float
    """The engine's own finish time against start + planned: drift in its arithmetic."""


def hold_routine(seconds: int) -> Routine:
    """One timed hold and nothing else."""
    return routine_of(
        {
            "id": "bench-hold",
            "name": f"Hold {seconds} s",
            "lead_in_s": 0,
            "exercises": [{"kind": "hold", "name": "Plank", "seconds": seconds}],
        }
    )


# One block of every kind of timed step: a hold, per-side holds with a switch, tempo
# reps with up/hold/down phases and rests between sets, repeated holds, and rests.
_BLOCK: list[dict[str, Any]] = [
    {"kind": "hold", "name": "Plank", "seconds": 40},
    {"kind": "hold", "name": "Side plank", "seconds": 20, "per_side": True, "switch_s": 5},
    {
        "kind": "reps",
        "name": "Hip raise",
        "sets": 2,
        "reps": 4,
        "rest_s": 7,
        "tempo": [
            {"name": "up", "seconds": 1},
            {"name": "hold", "seconds": 2.5},
            {"name": "down", "seconds": 1.5},
        ],
    },
    {"kind": "hold", "name": "Superman", "seconds": 13, "sets": 3, "rest_s": 5},
    {"kind": "reps", "name": "Bird dog", "reps": 10, "tempo": 1.7},
]


def mixed_routine(minutes: int) -> Routine:
    """Blocks of mixed steps, trimmed by the last hold to exactly `minutes` minutes."""
    target = minutes * 60
    exercises: list[dict[str, Any]] = []

    def build(extra: list[dict[str, Any]]) -> Routine:
        return routine_of(
            {
                "id": "bench-mixed",
                "name": f"Mixed {minutes} min",
                "lead_in_s": 0,
                "rest_between_sets_s": 10,
                "rest_between_exercises_s": 12,
                "exercises": exercises + extra,
            }
        )

    while compile_routine(build(_BLOCK)).total_s + 30 <= target:
        exercises.extend(_BLOCK)
    # The last hold takes what is left, after the rest that comes before it.
    short = target - compile_routine(build([])).total_s - 12 if exercises else target
    routine = build([{"kind": "hold", "name": "Last plank", "seconds": round(short)}])
    if compile_routine(routine).total_s != target:
        raise ValueError(f"could not build a {minutes}-minute routine")
    return routine


def run(routine: Routine) -> ClockRun:
    """Run `routine` to its end on the real clock; the error at every step's end."""
    engine = WorkoutEngine(compile_routine(routine), time.monotonic)
    ends: list[float] = []
    planned = 0.0
    for step in engine.timeline.steps:
        if step.seconds is None:
            raise ValueError("a self-paced step never ends by itself")
        planned += step.seconds
        ends.append(planned)
    errors: list[float] = []
    ticks = 0
    wall_start = time.time()
    events = engine.start()
    while True:
        time.sleep(next_change_in(engine))  # as the screen does
        events = engine.tick()
        now = time.time()
        ticks += 1
        for event in events:
            if isinstance(event, StepFinished):
                errors.append((now - wall_start - ends[event.index]) * 1000)
        if any(isinstance(event, WorkoutFinished) for event in events):
            break
    assert engine.started_at is not None and engine.finished_at is not None
    engine_end = engine.finished_at - engine.started_at - planned
    return ClockRun(
        planned_s=planned,
        ticks=ticks,
        step_errors_ms=[round(e, 3) for e in errors],
        end_error_ms=round(errors[-1], 3),
        max_error_ms=round(max(abs(e) for e in errors), 3),
        engine_end_error_ms=round(engine_end * 1000, 6),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("hold", "routine"))
    parser.add_argument("amount", type=int, help="seconds of the hold, or minutes of routine")
    args = parser.parse_args()
    routine = hold_routine(args.amount) if args.kind == "hold" else mixed_routine(args.amount)
    print(json.dumps(asdict(run(routine))))


if __name__ == "__main__":
    main()

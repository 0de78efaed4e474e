"""The offline track: the real engine run over a routine on a fake clock, with no key
pressed, and the cues the same `Coach` as a workout's gives for it (`coretui cues`, the
WAV renderer, the tests)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace

from coretui.sound.schedule import EPS_S, Coach, Cue, SoundOptions
from coretui.workout.engine import Event, State, WorkoutEngine
from coretui.workout.routines import Routine


class FakeClock:
    """A clock that only moves when told: the offline track never waits."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def next_cue_moment(engine: WorkoutEngine) -> float:
    """Step-elapsed seconds of the next moment a cue may fall on (as the screen ticks)."""
    elapsed = engine.step_elapsed()
    step = engine.step
    moments = [math.floor(elapsed + EPS_S) + 1.0]
    length = engine.step_length()
    if length is not None:
        moments += [length - 3, length - 2, length - 1, length / 2, length]
    rep_s = step.rep_seconds
    if rep_s:
        rep_index = min(int(elapsed // rep_s), (engine.target_reps() or 1) - 1)
        start = rep_index * rep_s
        for phase in step.phases:
            end = start + phase.seconds
            if end > elapsed + EPS_S:
                moments += [end, start + math.floor(elapsed - start + EPS_S) + 1.0]
                break
            start = end
    return min(m for m in moments if m > elapsed + EPS_S)


def build_track(
    routine: Routine,
    options: SoundOptions | None = None,
    *,
    lead_in_s: float | None = None,
    until_s: float | None = None,
) -> list[Cue]:
    """Every cue of a routine as it is written, timed from the start, with no key pressed."""
    clock = FakeClock()
    engine = WorkoutEngine.for_routine(routine, clock, lead_in_s)
    return run_track(engine, clock, options, until_s=until_s)


def drive(
    engine: WorkoutEngine, clock: FakeClock, *, until_s: float | None = None
) -> Iterator[tuple[float, list[Event]]]:
    """Run a ready engine on its fake clock with no key pressed: (seconds in, events) batches.

    The engine is ticked at every moment the workout screen would tick it; self-paced
    sets (no tempo) are marked done at their estimated length.
    """
    start = clock.now
    yield 0.0, engine.start()
    while engine.state is State.RUNNING:
        if until_s is not None and clock.now - start > until_s:
            return
        elapsed = engine.step_elapsed()
        if engine.step_length() is None and elapsed >= engine.step.estimate_s - EPS_S:
            events = engine.set_done()
        else:
            clock.now += next_cue_moment(engine) - elapsed + EPS_S
            events = engine.tick()
        yield round(clock.now - start, 4), events  # drop the EPS_S nudge


def run_track(
    engine: WorkoutEngine,
    clock: FakeClock,
    options: SoundOptions | None = None,
    *,
    until_s: float | None = None,
) -> list[Cue]:
    """Every cue a ready engine gives, run to the end (or `until_s`) with no key pressed."""
    coach = Coach(options or SoundOptions())
    track: list[Cue] = []
    for at_s, events in drive(engine, clock, until_s=until_s):
        track += [_timed(c, at_s) for c in coach.cues(events, engine)]
    if until_s is not None:
        track = [c for c in track if c.at_s <= until_s]
    return sorted(track, key=lambda c: c.at_s)  # (a cue played after its moment)


def _timed(cue: Cue, at_s: float) -> Cue:
    return replace(cue, at_s=at_s + cue.after_s, after_s=0.0)

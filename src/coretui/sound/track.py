"""The offline track: the real engine run over a routine on a fake clock, with no key
pressed, and the cues the same `Coach` as a workout's gives for it (`coretui cues`, the
WAV renderer, the tests)."""

from __future__ import annotations

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
            clock.now += engine.next_cue_moment() - elapsed + EPS_S
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

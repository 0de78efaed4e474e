"""Which cues are due at a moment of a step: 3-2-1, halfway, each rep and phase (and,
for the record kept while the workout runs, every `KEEP_EVERY_S` of work done).

Pure functions of the step and the seconds done in it; the engine keeps one
CueMarks per step so each cue is given once, and re-arms them when +/- moves
the end of the step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coretui.workout.events import Countdown, Event, Halfway, PhaseChanged, RepBeat, WorkDone
from coretui.workout.timeline import Step, StepKind

KEEP_EVERY_S = 10.0
"""Each time this much more of an exercise step is done, `WorkDone` (the record kept)."""
HALFWAY_MIN_S = 30.0
"""Only timed holds this long (as they run, with time added) have a "halfway" cue;
in shorter ones it would only be noise, and a set of reps has its own count."""


@dataclass
class CueMarks:
    """Which cues the current step has already given."""

    countdown: int = 4
    halfway: bool = False
    beat: tuple[int, int] = (-1, -1)
    kept: int = 0
    """`KEEP_EVERY_S` periods of the step told with `WorkDone`."""

    def rearm(self, elapsed: float, length: float | None) -> None:
        """The step's end moved (+/-): the 3-2-1 and halfway still ahead sound again; a
        halfway already passed is not said late ("halfway" at 24 s of 35 is false)."""
        if length is None:
            return
        self.countdown = min(4, math.floor(max(0.0, length - elapsed)) + 1)
        self.halfway = elapsed >= length / 2


def rep_position(
    step: Step, elapsed: float, reps: int | None = None
) -> tuple[int, str, float] | None:
    """(rep number from 1, phase name, seconds left in the phase) in a tempo set of
    `reps` (the step's own, unless + or - changed them)."""
    rep_s = step.rep_seconds
    reps = step.reps if reps is None else reps
    if rep_s is None or reps is None:
        return None
    index = phase_index(step, elapsed, reps)
    rep_index = min(int(elapsed // rep_s), reps - 1)
    into = elapsed - rep_index * rep_s - sum(p.seconds for p in step.phases[:index])
    phase = step.phases[index]
    return rep_index + 1, phase.name, max(0.0, phase.seconds - into)


def phase_index(step: Step, elapsed: float, reps: int | None = None) -> int:
    """Which phase of the current rep `elapsed` seconds into a tempo set falls in."""
    rep_s = step.rep_seconds or 1.0
    reps = (step.reps if reps is None else reps) or 1
    into = elapsed - min(int(elapsed // rep_s), reps - 1) * rep_s
    for i, phase in enumerate(step.phases):
        if into < phase.seconds:
            return i
        into -= phase.seconds
    return len(step.phases) - 1


def due_cues(
    step: Step, elapsed: float, length: float | None, marks: CueMarks, reps: int | None = None
) -> list[Event]:
    """Cues due `elapsed` seconds into a step of `length` seconds (a tempo set of `reps`),
    each given once."""
    reps = step.reps if reps is None else reps
    events: list[Event] = []
    if length is not None:
        remaining = max(0.0, length - elapsed)
        # Not at a step's first moment (its own sound is there), but a lead-in has none:
        # one of 3 s counts "three, two, one" from its start.
        first = length + 1 if step.kind is StepKind.LEAD_IN else length
        due = [n for n in (3, 2, 1) if remaining <= n < marks.countdown and n < first]
        if due:
            marks.countdown = min(due)
            events.append(Countdown(min(due)))
        if (
            step.kind is StepKind.WORK
            and reps is None
            and not marks.halfway
            and length >= HALFWAY_MIN_S
            and elapsed >= length / 2
        ):
            marks.halfway = True
            events.append(Halfway())
    if step.kind is StepKind.WORK and (kept := int(elapsed // KEEP_EVERY_S)) > marks.kept:
        marks.kept = kept
        events.append(WorkDone(kept * KEEP_EVERY_S))
    position = rep_position(step, elapsed, reps)
    if position is not None and reps is not None:
        rep, phase_name, _ = position
        beat = (rep, phase_index(step, elapsed, reps))
        if beat != marks.beat:
            if rep != marks.beat[0]:
                events.append(RepBeat(rep, reps))
            events.append(PhaseChanged(phase_name, rep))  # (a tempo of one phase: each rep)
            marks.beat = beat
    return events

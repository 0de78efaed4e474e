"""The workout engine: runs a compiled timeline against an injected clock.

Pure Python, no Textual. Remaining time is always `deadline - now`, where the
deadline is fixed when a step starts (or resumes); nothing counts ticks, so a
late or irregular tick never makes the workout drift. Every operation reads the
clock once and returns the events it caused; the UI and the cue layer consume
them.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass

from coretui.workout.engine_state import Clock, EasierLook, EngineState
from coretui.workout.events import (
    EASIER_LOOK_S,
    AutoPaused,
    Countdown,
    Ended,
    Event,
    Halfway,
    HurtMarked,
    PhaseChanged,
    RepBeat,
    State,
    Status,
    StepFinished,
    StepRecord,
    StepStarted,
    VariantChanged,
    WorkoutFinished,
)
from coretui.workout.routines import Routine
from coretui.workout.step_cues import CueMarks, due_cues
from coretui.workout.timeline import StepKind, compile_routine

__all__ = [
    "AutoPaused",
    "Clock",
    "Countdown",
    "Ended",
    "Event",
    "Halfway",
    "HurtMarked",
    "PhaseChanged",
    "RepBeat",
    "State",
    "Status",
    "StepFinished",
    "StepRecord",
    "StepStarted",
    "VariantChanged",
    "WorkoutEngine",
    "WorkoutFinished",
]
# (The events and records of events.py, exported here too: the engine's users import one.)


TICK_GAP_S = 2.0
"""A longer gap between ticks means the process was stopped (Ctrl+Z) or starved. (A
laptop's sleep stops the monotonic clock, on Linux and macOS: the step goes on as it was.)"""
MAX_ADDED_S = 3_600.0
CUT_REPEAT_S = 1.0
"""A - this soon after the step it cut to its end ended (or after a - ignored since) is
that key held down, and ignored: its repeat ran through a step or two after it (a side
plank's both sides cut to nothing). Enter likewise (`set_done`)."""


@dataclass
class WorkoutEngine(EngineState):
    """Runs one workout. Create it, `start()`, then `tick()` a few times a second."""

    @classmethod
    def for_routine(
        cls, routine: Routine, clock: Clock = time.monotonic, lead_in_s: float | None = None
    ) -> WorkoutEngine:
        """An engine for a routine, compiled with an optional lead-in override."""
        return cls(compile_routine(routine, lead_in_s), clock)

    # -- operations ----------------------------------------------------------------
    #
    # Every operation first ticks to now and returns the events that tick caused
    # with its own: a step (or the workout) that ended just before a key press is
    # never lost.

    def start(self) -> list[Event]:
        """Begin the workout with its first step."""
        if self.state is not State.READY:
            return []
        now = self.clock()
        self._now = now
        self.started_at = now
        self.state = State.RUNNING
        first = self.timeline.steps[0]
        self.first_index = self.resume_at or 0
        first_index = 0
        if self.resume_at is not None and first.kind is not StepKind.LEAD_IN:
            first_index, self.resume_at = self.resume_at, None  # no lead-in: straight there
        entered = self.kept_from(first_index)
        self._pass_over(first_index, entered)
        return self._enter(entered, now)

    def tick(self, now: float | None = None) -> list[Event]:
        """Advance to `now`: finish steps whose deadline passed, give due cues."""
        now = self.clock() if now is None else now
        if self.state is not State.RUNNING:
            self._now = max(self._now, now)
            return []
        if now - self._now > TICK_GAP_S:
            gap = now - self._now
            self._pause_at(self._now)
            self._now = now
            return [AutoPaused(gap)]
        self._now = max(self._now, now)
        events: list[Event] = []
        while self.state is State.RUNNING:
            deadline = self.deadline()
            if deadline is None or self._now < deadline:
                break
            events += self._finish("time", end=deadline)
        if self.state is State.RUNNING:
            events += self._due_cues()
        return events

    def pause(self) -> list[Event]:
        """Freeze the step where it is."""
        events = self.tick()
        if self.state is State.RUNNING:
            self._pause_at(self._now)
        return events

    def resume(self) -> list[Event]:
        """Carry on from where the step was paused."""
        events = self.tick()
        if self.state is State.PAUSED:
            self._resume_at(self._now)
        return events

    def toggle_pause(self) -> list[Event]:
        """Space: pause when running, resume when paused."""
        return self.resume() if self.state is State.PAUSED else self.pause()

    def skip(self) -> list[Event]:
        """Leave the current step unfinished and go to the next."""
        return self.tick() + self._skip()

    def _skip(self) -> list[Event]:
        """`skip` at the moment ticked to (a second look at the clock could end the step
        by time first, and skip the one after it)."""
        if self.state in (State.READY, State.FINISHED):
            return []
        return self._finish("skipped", end=self._now)

    def skip_pressed(self) -> list[Event]:
        """`n`: `skip`, but on the last step under CUT_REPEAT_S after the `n` before it
        is that key held down, and ignored (as long as it is held): its repeat ran
        through every step and ended the workout, which no key undoes (`p` goes back
        over any other skip)."""
        events = self.tick()
        held = self._skip_at is not None and self._now - self._skip_at < CUT_REPEAT_S
        self._skip_at = self._now
        if held and self.next_step is None:
            return events
        return events + self._skip()

    def set_done(self) -> list[Event]:
        """Enter: the user finished this set (or rest) early: a self-paced set is done, a
        timed step ended early (unless + made it longer and it ran its plan: `outcome`).

        Ignored under CUT_REPEAT_S after the Enter that ended the step before (pressed
        twice or held down: the same press ended the self-paced set just begun, every
        rep counted), and when `just_moved_on` to this step (meant for a rest ended by time)."""
        events = self.tick()
        if self.state in (State.READY, State.FINISHED):
            return events
        held = self._done_at is not None and self._now - self._done_at < CUT_REPEAT_S
        self._done_at = self._now
        if held or self.just_moved_on():
            return events
        return events + self._finish("done", end=self._now)

    def back(self) -> list[Event]:
        """Go back to the start of the previous exercise step, passing over rests.

        With no earlier exercise step in this workout (the lead-in, the first
        exercise, or the first step of a resumed workout) it restarts this step.
        """
        events = self.tick()
        if self.state in (State.READY, State.FINISHED):
            return events
        target = self._previous_work_index()
        if target is None:
            return events + self._restart()
        if self.step.is_work and self.record.ended is None:
            # The try under way, left for the step before: kept, as `r` keeps it.
            self._close("stopped", self.step_elapsed())
            self._redo(self.index)
        for index in range(target + 1, self.index + 1):  # done again when reached again
            self.records[index] = StepRecord(
                self.timeline.steps[index], hurt=self.records[index].hurt
            )
        self._redo(target)
        return events + self._enter(target, self._now)

    def restart_step(self) -> list[Event]:
        """Start the current step again from its full planned time."""
        return self.tick() + self._restart()

    def _restart(self) -> list[Event]:
        """`restart_step` at the moment ticked to."""
        if self.state in (State.READY, State.FINISHED):
            return []
        if self.step.is_work and self.record.ended is None:  # the try under way
            self._close("stopped", self.step_elapsed())
        self._redo(self.index)
        return self._enter(self.index, self._now)

    def add_time(self, seconds: float) -> list[Event]:
        """Add (or with a negative number, remove) time from the current timed step."""
        events = self.tick()
        length = self.step_length()
        if self.state in (State.READY, State.FINISHED) or length is None:
            return events
        if self._cut_step is not None and self.index != self._cut_step:  # it has ended
            self._cut_at, self._cut_step = self._now - self.step_elapsed(), None
        if seconds < 0 and self._cut_at is not None and self._now - self._cut_at < CUT_REPEAT_S:
            self._cut_at = self._now  # still held down: for no step until it is let go
            return events
        assert self.step.seconds is not None
        elapsed = self.step_elapsed()
        added = self.record.added_s + seconds
        ends = elapsed  # never below what is already done (remaining >= 0)
        most = MAX_ADDED_S
        rep_s = self.step.rep_seconds if self.step.reps else None
        if rep_s and seconds:
            # A paced set gains or loses whole reps (those nearest 10 s, at least one),
            # paced and counted like the others, and ends no sooner than the rep under
            # way: never halfway up.
            reps = max(1, round(abs(seconds) / rep_s))
            added = self.record.added_s + math.copysign(reps * rep_s, seconds)
            ends = max(elapsed, min(length, (elapsed // rep_s + 1) * rep_s))
            most = MAX_ADDED_S // rep_s * rep_s
        added = min(most, max(added, ends - self.step.seconds))
        self.record.added_s = added
        self._marks.rearm(elapsed, self.step_length())
        cut = seconds < 0 and added <= ends - self.step.seconds  # to its end: now, or its rep's
        self._cut_step = self.index if cut else None
        return events + self.tick(self._now)  # a step cut to before now ends now

    def toggle_easier(self) -> list[Event]:
        """Switch the current exercise (in the lead-in or a rest between exercises, the
        next one: `easier_target`) to its easier variant, or back.

        Returns a VariantChanged event when it switched; none when the exercise
        has no easier variant (see `has_easier`).
        """
        events = self.tick()
        index = self.easier_target()
        if self.state is State.FINISHED or index is None or not self.has_easier():
            return events
        self.easier ^= {index}
        on = index in self.easier
        look = self._look
        if not on and look is not None and self._looking(index):  # steps ended in the look
            for record in self.records[look.step : self.index]:
                if record.step.exercise_index == index:
                    record.unlook()
        self._look = EasierLook(index, self.index, self.duration_s()) if on else None
        if self.step.is_work and self.step.exercise_index == index:
            self.record.switched(self.variant_name(index), self.step_elapsed())
        return [*events, VariantChanged(index, self.variant_name(index))]

    def _looking(self, index: int | None) -> bool:
        """The easier variant of exercise `index` was switched on with `e` less than
        `EASIER_LOOK_S` of the workout ago (a step or a rest may have ended since)."""
        look = self._look
        return (
            look is not None
            and look.exercise == index
            and self.duration_s() - look.at_s < EASIER_LOOK_S
        )

    def mark_hurt(self) -> list[Event]:
        """ "This hurts": pause, and mark the exercise step being done (or just done)."""
        events = self.pause()
        if self.state is State.FINISHED:
            return events
        index = self.hurting_index()
        if index is None:
            return events  # the lead-in: nothing done yet that could hurt
        return [*events, *self._mark_hurt_at(index)]

    def skip_exercise(self) -> list[Event]:
        """Skip the rest of the current exercise: its remaining sets, sides and rests."""
        events = self.tick()
        exercise = self.step.exercise_index
        if self.state in (State.READY, State.FINISHED) or exercise is None:
            return events
        events += self._finish("skipped", end=self._now)
        while not self.finished and self.step.exercise_index == exercise:
            never_begun = self.record  # a set or side after it: done on no variant
            events += self._finish("skipped", end=self._now)
            never_begun.variant = None
        return events

    def stop(self) -> list[Event]:
        """End the workout early; it is recorded as `partial`."""
        events = self.tick()
        if self.state is State.FINISHED:
            return events
        if self.state is State.READY:  # (the tick above took the time)
            self.started_at = self._now
        self._close("stopped", self.step_elapsed(), at_stop=True)
        self._pass_over(self.index + 1, len(self.timeline.steps))  # (never to be begun)
        return events + self._end("partial")

    # -- internals -------------------------------------------------------------------

    def _pause_at(self, at: float) -> None:
        self._frozen_elapsed = max(0.0, at - self._anchor)
        self._paused_at = at
        self.state = State.PAUSED

    def _resume_at(self, at: float) -> None:
        if self._paused_at is not None:
            self.paused_s += at - self._paused_at
        self._paused_at = None
        self._anchor = at - self._frozen_elapsed
        self.state = State.RUNNING

    def _enter(self, index: int, at: float, *, moved_on: bool = False) -> list[Event]:
        self.index = index
        self._moved_on_at = self._now if moved_on else None  # (seen then, not at `at`)
        self._anchor = at
        self._frozen_elapsed = 0.0
        self._marks = CueMarks()
        self._entered_work = self._entered_work or self.step.is_work
        if self.step.is_work and (variant := self.variant_name(self.step.exercise_index)):
            # On as it began (a set after one on it, `r`), or as a look goes on.
            self.record.switched(variant, 0.0, pressed=self._looking(self.step.exercise_index))
        events: list[Event] = [StepStarted(index, self.step)]
        return events + self._due_cues()

    def _due_cues(self) -> list[Event]:
        elapsed, length = self.step_elapsed(), self.step_length()
        return due_cues(self.step, elapsed, length, self._marks, self.target_reps())

    def _previous_work_index(self) -> int | None:
        for index in range(self.index - 1, self.first_index - 1, -1):
            if self.timeline.steps[index].is_work and index not in self.passed_over:
                return index
        return None

    def _redo(self, index: int) -> None:
        """Send a step round again: its record starts afresh (a hurt stays marked), and
        its try so far is kept with its tries, for the record to keep the one that did
        most (a plank held in full, then back and skip, was still done)."""
        record = self.records[index]
        if record.step.is_work:
            self.earlier.setdefault(index, []).append(record)
        self.records[index] = StepRecord(self.timeline.steps[index], hurt=record.hurt)

    def so_far(self) -> StepRecord:
        """The current step's record as if it stopped now: what the record kept while
        the workout runs says of the step under way (never more than it has done)."""
        record = copy.copy(self.record)
        record.close("stopped", self.step_elapsed(), self.step_length(), at_stop=True)
        return record

    def _close(self, ended: Ended, elapsed: float, *, at_stop: bool = False) -> None:
        """Write the current step's record: how it ended and what was done (`at_stop`:
        the workout stopped in it, not back or restart)."""
        self.record.close(ended, elapsed, self.step_length(), at_stop=at_stop)

    def _finish(self, ended: Ended, *, end: float) -> list[Event]:
        """Close the current step at `end` and enter the next one there."""
        elapsed = (
            max(0.0, end - self._anchor) if self.state is State.RUNNING else self._frozen_elapsed
        )
        self._close(ended, elapsed)
        events: list[Event] = [StepFinished(self.index, ended)]
        following = self.following_index()
        if self.step.kind is StepKind.LEAD_IN:
            self.resume_at = None
        self._pass_over(self.index + 1, following)
        if following >= len(self.timeline.steps):
            return events + self._end("completed", at=end)
        return events + self._enter(following, end, moved_on=True)

    def _end(self, status: Status, at: float | None = None) -> list[Event]:
        end = self._now if at is None else at
        if self._paused_at is not None:
            self.paused_s += max(0.0, end - self._paused_at)
            self._paused_at = None
        self.state, self.status, self.finished_at = State.FINISHED, status, end
        return [WorkoutFinished(status)]

"""The workout engine's state and queries: which step, how long left, what was done.

Pure Python, no Textual; the operations that change it, and how time is kept, are in
`coretui.workout.engine`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from coretui.workout.events import Event, HurtMarked, State, Status, StepRecord
from coretui.workout.step_cues import CueMarks, rep_position
from coretui.workout.timeline import Step, StepKind, Timeline

Clock = Callable[[], float]

EPS_S = 1e-6
"""A margin for float seconds: a moment reached is not still ahead."""
LATE_KEY_S = 1.0
"""Enter or "this hurts" this soon after the workout moved on to a step was meant for the
step before: pressed as it ended by time, the key arrives a moment after (Enter to end a
rest ended the set begun, every rep counted; the hurt marked the move not yet begun)."""


@dataclass(frozen=True)
class EasierLook:
    """Where `e` switched an easier variant on: its exercise, the step under way, and
    the second of the workout (`duration_s`)."""

    exercise: int
    step: int
    at_s: float


@dataclass
class EngineState:
    """What a workout engine knows and answers: the current step, time left, totals.

    WorkoutEngine (engine.py) adds the operations that change it.
    """

    timeline: Timeline
    clock: Clock = time.monotonic
    state: State = State.READY
    index: int = 0
    status: Status | None = None
    records: list[StepRecord] = field(default_factory=list)
    easier: set[int] = field(default_factory=set)
    """Indices of exercises switched to their easier variant."""
    resume_at: int | None = None
    """A step to jump to when the lead-in ends, to carry on an unfinished workout."""
    first_index: int = 0
    """The first step this workout runs (after the lead-in): not 0 when resuming."""
    passed_over: frozenset[int] = frozenset()
    """Steps the workout passes over, recorded skipped (`Timeline.passing`): exercises
    nothing in the user's equipment fits, with the rests that led to them."""
    started_at: float | None = None
    finished_at: float | None = None
    paused_s: float = 0.0
    _now: float = 0.0
    _anchor: float = 0.0
    _frozen_elapsed: float = 0.0
    _paused_at: float | None = None
    _marks: CueMarks = field(default_factory=CueMarks)
    _entered_work: bool = False
    _cut_at: float | None = None
    """When - last ended a step, or was last ignored (see `add_time`)."""
    _cut_step: int | None = None
    """The step - cut to its end (a paced set ends at its rep's end, later)."""
    _done_at: float | None = None
    """When Enter last ended a step, or was last ignored (see `set_done`)."""
    _skip_at: float | None = None
    """When `n` was last pressed (see `skip_pressed`)."""
    _moved_on_at: float | None = None
    """When the workout was seen to move on to this step, its step before ended (by time,
    Enter or `n`): the tick that ended it, which may come late on a busy machine (the
    screen shows the step then); None when it began otherwise (the start, back,
    restart). See `LATE_KEY_S`."""
    _hurt_undo: tuple[int, bool, bool] | None = None
    """The step "this hurts" last marked, and its marks before (`move_hurt_mark`)."""
    _look: EasierLook | None = None
    """Where `e` last switched an easier variant on; off again within `EASIER_LOOK_S`, in
    that step or after, it was a look (see `WorkoutEngine.toggle_easier`)."""

    def __post_init__(self) -> None:
        self.records = [StepRecord(step) for step in self.timeline.steps]
        self.earlier: dict[int, list[StepRecord]] = {}
        """An exercise step's tries before back or restart sent the user round to it
        again: the record keeps the one that did most (`recording.step_entries`)."""

    # -- queries -----------------------------------------------------------------

    @property
    def finished(self) -> bool:
        """True once the workout has ended (completed or stopped)."""
        return self.state is State.FINISHED

    @property
    def step(self) -> Step:
        """The current step."""
        return self.timeline.steps[min(self.index, len(self.timeline.steps) - 1)]

    @property
    def record(self) -> StepRecord:
        """The current step's record."""
        return self.records[min(self.index, len(self.records) - 1)]

    def following_index(self) -> int:
        """Where the workout goes after this step (past the end when it is the last)."""
        if self.resume_at is not None and self.step.kind is StepKind.LEAD_IN:
            return self.kept_from(self.resume_at)
        return self.kept_from(self.index + 1)

    def kept_from(self, index: int) -> int:
        """`index`, or the first step after it that the workout does not pass over."""
        while index in self.passed_over:
            index += 1
        return index

    def _pass_over(self, start: int, end: int) -> None:
        """Record the steps passed over from `start` up to `end` as skipped, never begun
        (of a resumed workout, those after where it carries on)."""
        for index in self.passed_over.intersection(range(max(start, self.first_index), end)):
            record = self.records[index]
            record.close("skipped", 0.0, record.step.seconds)

    @property
    def next_step(self) -> Step | None:
        """The step after the current one, for "Up next"."""
        nxt = self.following_index()
        return self.timeline.steps[nxt] if nxt < len(self.timeline.steps) else None

    @property
    def now(self) -> float:
        """The clock reading of the last tick or operation."""
        return self._now

    def step_elapsed(self) -> float:
        """Seconds of the current step done, pauses excluded."""
        if self.state is State.RUNNING:
            return max(0.0, self._now - self._anchor)
        return self._frozen_elapsed

    def step_elapsed_now(self) -> float | None:
        """`step_elapsed` read from the clock now, without advancing the engine: for a
        display that moves between ticks (the figure). Within the step's length; None
        once the engine is not running (paused, finished), as the clock has stopped."""
        if self.state is not State.RUNNING:
            return None
        elapsed = max(0.0, self.clock() - self._anchor)
        length = self.step_length()
        return elapsed if length is None else min(elapsed, length)

    def step_length(self) -> float | None:
        """The current step's planned seconds plus any added, or None if self-paced."""
        if self.step.seconds is None:
            return None
        return self.step.seconds + self.record.added_s

    def deadline(self) -> float | None:
        """When the current step ends, while running."""
        length = self.step_length()
        if length is None or self.state is not State.RUNNING:
            return None
        return self._anchor + length

    def step_remaining(self) -> float | None:
        """Seconds left in the current step (None when self-paced)."""
        if self.state is State.FINISHED:
            return 0.0
        length = self.step_length()
        if length is None:
            return None
        deadline = self.deadline()
        if deadline is not None:
            return max(0.0, deadline - self._now)
        return max(0.0, length - self._frozen_elapsed)

    def rep_position(self) -> tuple[int, str, float] | None:
        """(rep number from 1, phase name, seconds left in the phase) in a tempo set."""
        return rep_position(self.step, self.step_elapsed(), self.target_reps())

    def next_cue_moment(self) -> float:
        """Step-elapsed seconds of the next moment a cue may fall on: the next whole
        second of the step, its 3-2-1, halfway and end, and in a tempo set the current
        phase's end or its next whole second (a hold tick). The screen wakes then, and
        the offline track (`coretui cues`) steps from one to the next, so both hear alike."""
        elapsed = self.step_elapsed()
        moments = [math.floor(elapsed + EPS_S) + 1.0]
        length = self.step_length()
        if length is not None:
            moments += [length - 3, length - 2, length - 1, length / 2, length]
        rep_s = self.step.rep_seconds
        if rep_s:
            rep_index = min(int(elapsed // rep_s), (self.target_reps() or 1) - 1)
            start = rep_index * rep_s
            for phase in self.step.phases:
                end = start + phase.seconds
                if end > elapsed + EPS_S:
                    moments += [end, start + math.floor(elapsed - start + EPS_S) + 1.0]
                    break
                start = end
        return min(m for m in moments if m > elapsed + EPS_S)

    def target_reps(self) -> int | None:
        """The current set's reps as planned, with those added with + or taken off with -
        (whole reps, in a paced set: see `WorkoutEngine.add_time`)."""
        return self.record.target_reps()

    def planned_total_s(self) -> float:
        """The whole workout's planned length, with added time and estimates (without
        the steps it passes over)."""
        passed = sum(self.timeline.steps[index].estimate_s for index in self.passed_over)
        return self.timeline.total_s - passed + sum(r.added_s for r in self.records)

    def remaining_total_s(self) -> float:
        """Seconds left in the whole workout (self-paced sets estimated)."""
        if self.state is State.FINISHED:
            return 0.0
        current = self.step_remaining()
        if current is None:
            current = max(0.0, self.step.estimate_s - self.step_elapsed())
        later = range(self.following_index(), len(self.timeline.steps))
        kept = (self.timeline.steps[i] for i in later if i not in self.passed_over)
        return current + sum(step.estimate_s for step in kept)

    def active_s(self) -> float:
        """Seconds spent in work steps so far (every try at each)."""
        tries = (r for rs in self.earlier.values() for r in rs)
        done = sum(r.done_s for r in (*self.records, *tries) if r.step.is_work)
        if self.state is not State.FINISHED and self.step.is_work:
            done += self.step_elapsed()
        return done

    def duration_s(self) -> float:
        """Workout time so far: wall time minus pauses (and time away)."""
        if self.started_at is None:
            return 0.0
        end = self.finished_at if self.finished_at is not None else self._now
        paused = self.paused_s
        if self._paused_at is not None and self.finished_at is None:
            paused += self._now - self._paused_at
        return max(0.0, end - self.started_at - paused)

    def variant_name(self, exercise_index: int | None) -> str | None:
        """Name of the easier variant in use for an exercise, if any."""
        if exercise_index is None or exercise_index not in self.easier:
            return None
        variant = self.timeline.routine.exercises[exercise_index].easier
        return variant.name if variant else None

    def easier_target(self) -> int | None:
        """The exercise `e` switches: the current step's, or in the lead-in and a rest
        between exercises the next one's (the exercise "Up next" names)."""
        index = self.step.exercise_index
        if index is None:  # (a resumed workout's lead-in leads to where it resumes)
            ahead = self.timeline.steps[self.following_index() :]
            index = next((step.exercise_index for step in ahead if step.is_work), None)
        return index

    def on_easier(self) -> bool:
        """True when the exercise `e` switches (`easier_target`) is on its easier variant:
        `e` then goes back to the full move."""
        return self.easier_target() in self.easier

    def has_easier(self) -> bool:
        """True when the exercise `e` switches (`easier_target`) has an easier variant."""
        index = self.easier_target()
        return index is not None and self.timeline.routine.exercises[index].easier is not None

    def just_moved_on(self) -> bool:
        """The workout moved on to this step under `LATE_KEY_S` ago (by the clock's last
        reading): a key now was meant for the step before."""
        return self._moved_on_at is not None and self._now - self._moved_on_at < LATE_KEY_S

    def hurting_index(self) -> int | None:
        """The step "this hurts" marks: the exercise step under way, or just done (in a
        rest or a side switch, or `just_moved_on` from it); None in the lead-in, before
        anything was done."""
        done = self._work_from(self.index - 1) if self.just_moved_on() else None
        return done if done is not None else self._work_from(self.index)

    def _mark_hurt_at(self, index: int) -> list[Event]:
        """Mark the exercise step at `index` as hurting (see `mark_hurt`)."""
        record = self.records[index]
        self._hurt_undo = (index, record.hurt, record.hurt_on_easier)
        record.hurt = True
        if record.ended:
            record.hurt_on_easier |= record.variant is not None
        else:  # (the step under way)
            record.hurt_on_easier |= record.easier_being_done(self.step_elapsed())
        return [HurtMarked(index)]

    @property
    def hurt_marked(self) -> int | None:
        """The step "this hurts" last marked (None before any mark)."""
        return None if self._hurt_undo is None else self._hurt_undo[0]

    def move_hurt_mark(self) -> list[Event]:
        """ "This hurts" was meant for the exercise begun, not the one `just_moved_on`
        from that the key marked: the mark moves to it, the one before as it was."""
        current = self._work_from(self.index)
        if self._hurt_undo is None or current is None or current == self._hurt_undo[0]:
            return []
        index, hurt, on_easier = self._hurt_undo
        self.records[index].hurt, self.records[index].hurt_on_easier = hurt, on_easier
        return self._mark_hurt_at(current)

    def _work_from(self, index: int) -> int | None:
        """The exercise step at `index`, or the last before it (in this workout)."""
        while index >= self.first_index and (
            not self.timeline.steps[index].is_work or index in self.passed_over
        ):
            index -= 1
        return index if index >= self.first_index else None

    @property
    def work_started(self) -> bool:
        """True once any exercise step has begun: before that a stop records nothing."""
        return self._entered_work

"""What the workout engine tells its listeners, and what it records of each step.

Pure data: the engine (engine.py) emits these events and fills these records;
the workout screen, the cue layer and the history read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from coretui.durations import FASTEST_REP_S
from coretui.workout.timeline import Step


class State(StrEnum):
    """Where the workout is."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


Status = Literal["completed", "partial"]
Ended = Literal["time", "done", "skipped", "stopped"]
"""How a step ended: ran to its end, Enter, skipped (n), or the workout stopped first."""


@dataclass(frozen=True)
class StepStarted:
    """A step began (or was restarted)."""

    index: int
    step: Step


@dataclass(frozen=True)
class Countdown:
    """3, 2, 1 seconds left in the step."""

    seconds: int


@dataclass(frozen=True)
class RepBeat:
    """A new rep began in a tempo-paced set."""

    rep: int
    reps: int


@dataclass(frozen=True)
class PhaseChanged:
    """A new phase of a rep began (up / hold / down)."""

    phase: str
    rep: int


@dataclass(frozen=True)
class Halfway:
    """Half of a work step is done."""


@dataclass(frozen=True)
class StepFinished:
    """A step ended: ran to its end, marked done early, or skipped."""

    index: int
    ended: Ended


@dataclass(frozen=True)
class VariantChanged:
    """An exercise switched to its easier variant (`variant`), or back (None)."""

    exercise_index: int
    variant: str | None


@dataclass(frozen=True)
class HurtMarked:
    """The user said a step hurts; the workout paused."""

    index: int


@dataclass(frozen=True)
class WorkDone:
    """Another `KEEP_EVERY_S` of the exercise step under way is done: the record kept
    while the workout runs is written again, so a `kill -9` loses no more of it."""

    seconds: float


@dataclass(frozen=True)
class AutoPaused:
    """Ticks stopped for longer than TICK_GAP_S; the workout paused at the last one."""

    gap_s: float


@dataclass(frozen=True)
class WorkoutFinished:
    """The workout ended: reached the end (`completed`) or stopped (`partial`)."""

    status: Status


Event = (
    StepStarted
    | Countdown
    | RepBeat
    | PhaseChanged
    | Halfway
    | StepFinished
    | AutoPaused
    | VariantChanged
    | HurtMarked
    | WorkDone
    | WorkoutFinished
)


EASIER_SLIP_S = 1.0
"""Seconds on the easier variant that make it the step's (see `StepRecord.variant` for
when less counts)."""
EASIER_LOOK_S = 5.0
"""The easier variant switched on with `e` and off again within this many seconds was a
look at it, or `e` pressed by mistake: from the mat the screen is a glance away, and
the second press comes seconds later. It does not make the variant the step's."""


@dataclass
class StepRecord:
    """What happened to one step: the plan, the adjustments, and what was done."""

    step: Step
    done_s: float = 0.0
    added_s: float = 0.0
    """Seconds added (+) or removed (-) with +/-; the plan itself stays in `step`."""
    done_reps: int | None = None
    ended: Ended | None = None
    """None while the step has not ended (or was never reached)."""
    variant: str | None = None
    """The easier variant's name when it was on for `EASIER_SLIP_S` of the step: a plank
    held 9 of its 10 s on the knees was not the standard move done in full (progress
    suggestions stand on that), whichever was on when it ended, while `e` pressed and
    pressed again within `EASIER_LOOK_S` changes nothing (unless such looks add up).
    But of a step stopped in (`q`, a closed terminal), never done in full, when it was
    on at the stop (for `EASIER_SLIP_S` or more): a resume carries the step on on this
    move. And whenever "this hurts" was marked on it: so that the summary never offers
    the move that hurt."""
    hurt: bool = False
    hurt_on_easier: bool = False
    """ "This hurts" was marked while the easier variant was on (not kept in the history,
    where `hurt` and `variant` cannot tell it from a switch made after the mark)."""
    easier_used: str | None = None
    """The easier variant's name once it was switched on during the step."""
    easier_s: float = 0.0
    """Seconds of the step done on the easier variant (up to its last switch off)."""
    looked_s: float = 0.0
    """Seconds of the step on it in looks (`EASIER_LOOK_S`): counted once they add up to
    a look's length (the knees put down for 4 s three times in a side plank)."""
    easier_since: float | None = None
    """The step's seconds when the easier variant was switched on; None while it is off."""
    easier_pressed: bool = False
    """The easier variant now on was switched on with `e` (not on as the step began)."""

    def __post_init__(self) -> None:
        if self.done_reps is None and self.step.reps is not None:
            self.done_reps = 0  # a set never reached did none (None is for holds)

    @property
    def planned_s(self) -> float | None:
        """The step's planned seconds (None when self-paced), without +/-."""
        return self.step.seconds

    def switched(self, variant: str | None, elapsed: float, *, pressed: bool = True) -> None:
        """The easier variant `variant` went on (None: off) `elapsed` s into the step,
        with `e` (`pressed`) or as the step began."""
        if variant is not None:
            self.easier_used = variant
            if self.easier_since is None:
                self.easier_since, self.easier_pressed = elapsed, pressed
        elif self.easier_since is not None:
            on = max(0.0, elapsed - self.easier_since)
            if self.easier_pressed and on < EASIER_LOOK_S:  # (a look: not counted alone)
                self.looked_s += on
            else:
                self.easier_s += on
            self.easier_since = None

    def easier_being_done(self, elapsed: float) -> bool:
        """The easier variant, on, is the move being done `elapsed` s into the step: on
        since it began, or switched on with `e` at least `EASIER_SLIP_S` of the step ago
        (Space, e, x in a plank: it was the plank that hurt, the knee plank had had no
        second)."""
        since = self.easier_since
        if since is None:
            return False
        return since == 0 or not self.easier_pressed or elapsed - since >= EASIER_SLIP_S

    def _counted_easier_s(self) -> float:
        """Seconds on the easier variant up to its last switch off, the looks' once they
        add up to one's length."""
        return self.easier_s + (self.looked_s if self.looked_s >= EASIER_LOOK_S else 0.0)

    def unlook(self) -> None:
        """The easier variant on at this step's end was a look, switched off within
        `EASIER_LOOK_S` of `e` in a step after: not the step's move (unless it hurt)."""
        easier_s = self._counted_easier_s()
        if self.ended is not None and easier_s < EASIER_SLIP_S and not self.hurt_on_easier:
            self.variant = None

    def close(
        self, ended: Ended, elapsed: float, length: float | None, *, at_stop: bool = False
    ) -> None:
        """The step ended after `elapsed` seconds of a `length` (None: self-paced);
        `at_stop`: the workout stopped in it (a try cut off by back or restart is not)."""
        self.done_s = elapsed if length is None else min(elapsed, length)
        self.ended = ended
        on_easier, on_last = self._counted_easier_s(), 0.0
        if self.easier_since is not None:  # (on at the end)
            on_last = max(0.0, self.done_s - self.easier_since)
            on_easier += on_last
        # At a stop, the move a resume carries the step on on: on at the stop (not just
        # switched on before a `q`). All of a step on it counts too (skipped at once).
        on = on_last if at_stop else on_easier
        used = on >= EASIER_SLIP_S or (
            self.easier_since is not None and on_easier >= self.done_s - 1e-6
        )
        used |= self.hurt_on_easier
        self.variant = self.easier_used if used else None
        self.done_reps = self.reps_done()

    def target_reps(self) -> int | None:
        """The set's reps as planned; in a paced set, with the whole reps + added or -
        took off (`added_s` is whole reps there)."""
        reps, rep_s = self.step.reps, self.step.rep_seconds
        if reps is None or not rep_s:
            return reps
        return reps + round(self.added_s / rep_s)

    def reps_done(self) -> int | None:
        """Reps counted, never assumed: finished tempo reps, or a self-paced set marked done."""
        reps = self.target_reps()
        if reps is None:
            return None
        rep_s = self.step.rep_seconds
        if rep_s is None:  # self-paced: only Enter says the reps were done, in their time
            return min(reps, int(self.done_s / FASTEST_REP_S)) if self.ended == "done" else 0
        # A rep counts once its last phase has finished (a hair of float slack).
        return min(reps, int((self.done_s + 1e-6) // rep_s))

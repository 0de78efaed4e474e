"""Routines as the program runs them: plain, immutable, already checked.

`coretui.workout.routine_models` (pydantic) checks a routine file once; the
routine it accepts becomes these msgspec structs, field for field the same, and
the start cache keeps them, so a workout started from it loads no pydantic.
`coretui.workout.routines` re-exports them with the loading functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal, Protocol

from msgspec import Struct

from coretui.figures.shapes import Figure

# Limits keep a hostile or mistaken file from hanging the app or the terminal.
# They are documented in the README ("Routine files").
MAX_FILE_BYTES = 1_000_000
MAX_NAME = 80
MAX_TEXT = 2_000
MAX_EXERCISES = 100
MAX_STEPS = 2_000
MAX_HOLD_S = 3_600
MAX_REST_S = 1_800
MAX_LEAD_IN_S = 300
MAX_SETS = 50
MAX_REPS = 500
MIN_PHASE_S = 0.1
"""A phase (or a rep, given as a number) lasts at least this: 1e-300 s made a set of
ten reps that lasted 0:00."""
MAX_PHASE_S = 60.0
MAX_PHASES = 10
MAX_SET_S = MAX_HOLD_S
"""A paced rep set lasts at most as long as a hold."""

RISING_PHASES = ("up", "lift", "raise", "in")
FALLING_PHASES = ("down", "lower", "out")
STILL_PHASES = ("hold", "pause")
"""Tempo phases known by name (any case): their tones rise, fall or stay level, and a
figure moves through them or holds still."""


class _Plain(Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Base: immutable, fields by name, defaults left out when written."""


class Phase(_Plain, frozen=True, kw_only=True):
    """One part of a rep, such as "up" 1 s, "hold" 5 s, "down" 1 s."""

    name: str
    seconds: float


class Variant(_Plain, frozen=True, kw_only=True):
    """An easier or harder version of an exercise, with its own cue."""

    name: str
    cue: str = ""
    safety: str = ""
    equipment: list[str] = []
    figure: Figure | None = None
    """How the variant looks; the exercise's figure when absent."""


class _ExerciseBase(_Plain, frozen=True, kw_only=True):
    name: str
    cue: str = ""
    safety: str = ""
    equipment: list[str] = []
    sets: int = 1
    rest_s: int | None = None
    """Rest between sets; the routine's `rest_between_sets_s` when absent."""
    per_side: bool = False
    """Work each side in turn: left, a switch pause, then right."""
    switch_s: int = 5
    rest_after_s: int | None = None
    """Rest after this exercise; the routine's `rest_between_exercises_s` when absent."""
    easier: Variant | None = None
    harder: Variant | None = None
    figure: Figure | None = None
    """A side-view stick figure of the move (`coretui show` prints it)."""


class HoldExercise(_ExerciseBase, frozen=True, kw_only=True, tag_field="kind", tag="hold"):
    """A timed hold, done `sets` times (plank 60 s; superman 30 s x 3)."""

    kind: ClassVar[Literal["hold"]] = "hold"
    """The tag a file writes (`kind = "hold"`)."""

    seconds: int


class RepsExercise(_ExerciseBase, frozen=True, kw_only=True, tag_field="kind", tag="reps"):
    """Repetitions in sets, paced by a tempo or self-paced when `tempo` is absent.

    `tempo` is seconds per rep (a number) or a list of phases.
    """

    kind: ClassVar[Literal["reps"]] = "reps"
    """The tag a file writes (`kind = "reps"`)."""

    reps: int
    tempo: float | list[Phase] | None = None

    @property
    def rep_seconds(self) -> float | None:
        """Seconds one rep takes, or None when self-paced."""
        return rep_seconds(self.tempo)

    @property
    def most_reps(self) -> int:
        """The most reps a set of this tempo may have (progress stays within the limits)."""
        rep_s = self.rep_seconds
        return MAX_REPS if rep_s is None else min(MAX_REPS, int(MAX_SET_S // rep_s))

    @property
    def phases(self) -> list[Phase]:
        """The rep's phases; a plain tempo is one phase called "rep"."""
        if isinstance(self.tempo, list):
            return list(self.tempo)
        if self.tempo is None:
            return []
        return [Phase(name="rep", seconds=self.tempo)]


Exercise = HoldExercise | RepsExercise


class Routine(_Plain, frozen=True, kw_only=True, omit_defaults=False):
    """A whole session: exercises in order, with the rests between them.

    Written out with its defaults (lead-in and rests stay in a copied file, to edit).
    """

    id: str
    name: str
    description: str = ""
    credit: str = ""
    """Where the routine comes from."""
    equipment: list[str] = []
    lead_in_s: int = 10
    rest_between_sets_s: int = 30
    rest_between_exercises_s: int = 30
    exercises: list[Exercise]


class _Timed(Protocol):
    @property
    def seconds(self) -> float: ...


def rep_seconds(tempo: float | Sequence[_Timed] | None) -> float | None:
    """Seconds one rep of this tempo takes (a number, or phases); None when self-paced."""
    if tempo is None or isinstance(tempo, int | float):
        return tempo
    # Rounded: eight phases of 0.9 s summed to 7.2000000000000001, and 500 reps of it
    # went past the 3,600 s limit they are exactly at.
    return round(sum(phase.seconds for phase in tempo), 6)

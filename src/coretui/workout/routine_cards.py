"""What the picker shows of a routine: a card, made from the validated routine.

Cards are msgspec structs with no pydantic behind them, so the start cache can
hold them and the routine list can appear before any routine model loads.
`coretui.workout.routine_summary` makes them from a routine as the user does it.
"""

from __future__ import annotations

from typing import Literal

from msgspec import Struct


class ExerciseLine(Struct, frozen=True):
    """One exercise in the detail pane: "Plank: 60s hold", and its easier variant's name."""

    text: str
    easier: str = ""
    on_easier: bool = False
    """The user starts on the easier variant (their change, or their equipment)."""


class RoutineCard(Struct, frozen=True, kw_only=True):
    """A routine as this user does it (their rests, progress, equipment), ready to show."""

    id: str
    name: str
    source: Literal["bundled", "user"]
    file: str
    total_s: float
    """The planned length; self-paced sets at an estimated pace."""
    lead_in_s: int
    rest_between_sets_s: int
    rest_between_exercises_s: int
    description: str
    credit: str
    equipment: tuple[str, ...]
    exercises: tuple[ExerciseLine, ...]
    notes: tuple[str, ...]
    """What differs for this user: progress taken, exercises swapped for lack of equipment."""
    swaps: int
    """Exercises done as an easier variant for lack of equipment."""
    unfit: int
    """Exercises needing equipment the user lacks, with no variant that fits (to skip)."""
    has_progress: bool

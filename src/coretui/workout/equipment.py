"""Equipment: the exercises a user cannot do as written for want of it, and the easier
variant that fits (coaching's `plan_for` runs them so).

Pure functions over routines; no Textual, no files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coretui.workout.routines import Routine, Variant


@dataclass(frozen=True)
class Swap:
    """An exercise whose equipment the user lacks, and the variant used instead (if any)."""

    exercise_index: int
    exercise: str
    missing: tuple[str, ...]
    variant: Variant | None


def equipment_swaps(routine: Routine, owned: Sequence[str] | None) -> list[Swap]:
    """Exercises needing equipment the user lacks, each with an easier variant that fits.

    `owned` None means the user has everything. A variant fits when it needs
    nothing the user lacks; when none does, `variant` is None (the workout passes it
    over: `Timeline.passing`).
    """
    if owned is None:
        return []
    have = set(owned)
    swaps: list[Swap] = []
    for index, exercise in enumerate(routine.exercises):
        missing = tuple(tag for tag in exercise.equipment if tag not in have)
        if not missing:
            continue
        easier = exercise.easier
        fits = easier is not None and all(tag in have for tag in easier.equipment)
        swaps.append(Swap(index, exercise.name, missing, easier if fits else None))
    return swaps

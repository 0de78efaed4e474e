"""Coaching: fit routines to the equipment at hand, and suggest safe progressions.

Pure functions over routines and history; no Textual, no files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from msgspec.structs import replace

from coretui.history import Session, StepEntry
from coretui.settings import SettingsValues
from coretui.wording import equipment_words
from coretui.workout.overlays import Change, apply_overlay, describe
from coretui.workout.routines import HoldExercise, RepsExercise, Routine, Variant

HOLD_STEP_S = 5
"""A progression lengthens a hold by this much..."""
HOLD_CAP_S = 120
"""...up to this: past two minutes a harder variant trains more than a longer hold."""
REPS_STEP = 2
REPS_CAP = 25
SESSIONS_IN_FULL = 3
"""This many sessions of an exercise done in full, without more pain, earn a step up."""
PAIN_RISE = 2
"""Pain after this much higher than before suggests the easier variant."""


# -- equipment -------------------------------------------------------------------------


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
    nothing the user lacks; when none does, `variant` is None (skip it with n).
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


# -- progression -----------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A proposed change to one exercise, to accept or dismiss on the summary."""

    routine_id: str
    exercise: str
    direction: Literal["harder", "easier"]
    text: str
    change: Change


def _steps_of(session: Session, name: str, variant: str | None = None) -> list[StepEntry]:
    return [s for s in session.steps if s.exercise == name or (variant and s.variant == variant)]


def _done_in_full(steps: list[StepEntry], exercise: HoldExercise | RepsExercise) -> bool:
    """Every step ran its full plan, on the standard variant, at today's numbers or more.

    Full means it ran to its end (or a self-paced set was marked done with Enter),
    with no time taken off and no "this hurts": a set ended early, shortened with
    -, skipped or stopped is no proof that the exercise is ready to get harder.
    """
    if not steps:
        return False
    for step in steps:
        if step.variant is not None or step.hurt or step.outcome != "done":
            return False
        if isinstance(exercise, HoldExercise) and (step.planned_s or 0) < exercise.seconds:
            return False  # done at an older, shorter hold: not yet proof for this one
        if isinstance(exercise, RepsExercise) and (step.planned_reps or 0) < exercise.reps:
            return False
        if step.planned_s is not None and step.done_s + 0.5 < step.planned_s:
            return False  # a version-1 record: its plan included the +/- adjustments
        if step.planned_reps is not None and (step.done_reps or 0) < step.planned_reps:
            return False
    return True


def _pain_ok(session: Session) -> bool:
    before, after = session.pain_before, session.pain_after
    return before is None or after is None or after <= before


def _pain_rose(session: Session) -> bool:
    before, after = session.pain_before, session.pain_after
    return before is not None and after is not None and after - before >= PAIN_RISE


def _step_up(routine_id: str, exercise: HoldExercise | RepsExercise) -> Suggestion | None:
    name = exercise.name
    if isinstance(exercise, HoldExercise) and exercise.seconds < HOLD_CAP_S:
        longer = min(HOLD_CAP_S, exercise.seconds + HOLD_STEP_S)
        text = f"{name}: done in full {SESSIONS_IN_FULL} times. Hold {longer}s next time?"
        return Suggestion(routine_id, name, "harder", text, {"seconds": longer})
    if exercise.harder is not None:
        text = f"{name}: done in full {SESSIONS_IN_FULL} times. Try {exercise.harder.name}?"
        return Suggestion(routine_id, name, "harder", text, {"variant": "harder"})
    if isinstance(exercise, RepsExercise) and exercise.reps < min(REPS_CAP, exercise.most_reps):
        more = min(REPS_CAP, exercise.most_reps, exercise.reps + REPS_STEP)
        text = f"{name}: done in full {SESSIONS_IN_FULL} times. {more} reps next time?"
        return Suggestion(routine_id, name, "harder", text, {"reps": more})
    return None  # at the cap with nothing harder: well done, stay there


def suggestions(
    routine: Routine,
    sessions: Sequence[Session],
    on_easier: set[int] | None = None,
    switched_after_hurt: set[int] | None = None,
) -> list[Suggestion]:
    """What to change after the newest session of `routine` (sessions oldest first).

    `routine` is as the user does it now (overlay applied); `on_easier` holds the
    exercises that already start on their easier variant; `switched_after_hurt`, those
    the workout just done marked "this hurts" only on the standard move (the record
    cannot tell a variant switched to after the mark from one that hurt).
    """
    switched_after_hurt = switched_after_hurt or set()
    on_easier = on_easier or set()
    mine = [s for s in sessions if s.routine_id == routine.id]
    if not mine:
        return []
    latest = mine[-1]
    out: list[Suggestion] = []
    for index, exercise in enumerate(routine.exercises):
        easier = exercise.easier if index not in on_easier else None
        latest_steps = _steps_of(latest, exercise.name, easier.name if easier else None)
        if any(step.hurt for step in latest_steps):
            # It hurt today: never harder; the easier variant when there is one and it
            # was not what hurt (a user who switched to it and was hurt is not offered
            # it again: that is for a physio to answer, see Help).
            hurt_on_easier = any(s.hurt and s.variant for s in latest_steps)
            if easier is not None and (not hurt_on_easier or index in switched_after_hurt):
                text = f"{exercise.name} hurt today. Switch to {easier.name} for now?"
                change: Change = {"variant": "easier"}
                out.append(Suggestion(routine.id, exercise.name, "easier", text, change))
            continue
        if latest.status != "completed":
            continue  # a workout stopped early says nothing more about progress
        swapped = any(s.variant is not None and not s.skipped for s in latest_steps)
        if easier is not None and not swapped and _pain_rose(latest):
            text = f"{exercise.name}: pain went up {PAIN_RISE}+ points. Switch to {easier.name}?"
            out.append(Suggestion(routine.id, exercise.name, "easier", text, {"variant": "easier"}))
            continue
        if easier is not None and swapped:
            text = f"{exercise.name}: you chose {easier.name} today. Make it the default for now?"
            out.append(Suggestion(routine.id, exercise.name, "easier", text, {"variant": "easier"}))
            continue
        recent = mine[-SESSIONS_IN_FULL:]
        if (
            index not in on_easier
            and len(recent) == SESSIONS_IN_FULL
            and all(
                s.status == "completed"
                and _pain_ok(s)
                and _done_in_full(_steps_of(s, exercise.name), exercise)
                for s in recent
            )
        ):
            step_up = _step_up(routine.id, exercise)
            if step_up is not None:
                out.append(step_up)
    return out


# -- the routine as this user does it ------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """A routine with the user's rests, progress and equipment applied."""

    routine: Routine
    start_easier: frozenset[int]
    """Exercises that start on their easier variant (chosen, or for lack of equipment)."""
    swaps: tuple[Swap, ...]
    changes: dict[str, Change]


def as_written(routine: Routine) -> Plan:
    """The routine as its file says it, with no settings or progress applied."""
    return Plan(routine, frozenset(), (), {})


def plan_for(routine: Routine, settings: SettingsValues, changes: dict[str, Change]) -> Plan:
    """The routine as this user will do it today."""
    chosen = {  # the user's own lead-in and rests, where set, for every routine
        key: value
        for key in ("lead_in_s", "rest_between_sets_s", "rest_between_exercises_s")
        if (value := getattr(settings, key)) is not None
    }
    if chosen:
        routine = replace(routine, **chosen)
    routine, start_easier = apply_overlay(routine, changes)
    swaps = tuple(equipment_swaps(routine, settings.equipment))
    start_easier |= {swap.exercise_index for swap in swaps if swap.variant is not None}
    return Plan(routine, frozenset(start_easier), swaps, changes)


def plan_notes(plan: Plan) -> list[str]:
    """Lines for the picker: the user's progress, and swaps for missing equipment."""
    notes = [
        f"Your change: {name}, {describe(change)}"  # ("progress" read oddly for an easier one)
        for name, change in plan.changes.items()
        if describe(change)
    ]
    for swap in plan.swaps:
        lacking = equipment_words(swap.missing)
        if swap.variant is not None:
            notes.append(f"No {lacking}: {swap.exercise} becomes {swap.variant.name}")
        else:
            notes.append(f"No {lacking}: no variant of {swap.exercise} fits; skip it with n")
    return notes

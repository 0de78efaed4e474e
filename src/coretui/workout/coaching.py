"""Coaching: fit routines to the equipment at hand, and suggest safe progressions.

Pure functions over routines and history; no Textual, no files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, TypeVar

from msgspec.structs import replace

from coretui.history import Session, StepEntry
from coretui.history.streaks import Dated
from coretui.settings import SettingsValues
from coretui.wording import equipment_words
from coretui.workout.equipment import Swap, equipment_swaps
from coretui.workout.overlays import (
    Change,
    apply_overlay,
    change_words,
    describe,
    exercise_keys,
)
from coretui.workout.routines import HoldExercise, RepsExercise, Routine
from coretui.workout.timeline import compile_routine

HOLD_STEP_S = 5
"""A progression lengthens a hold by this much..."""
HOLD_CAP_S = 120
"""...up to this: past two minutes a harder variant trains more than a longer hold."""
REPS_STEP = 2
REPS_CAP = 25
SESSIONS_IN_FULL = 3
"""This many days' sessions of an exercise done in full, without more pain, earn a step up."""
DatedT = TypeVar("DatedT", bound=Dated)
PAIN_RISE = 2
"""Pain after this much higher than before suggests the easier variant."""
PAIN_HIGH = 7
"""Back pain this high (0-10, severe on the usual scale), before or after a workout,
earns no harder idea, however flat it stayed."""


# -- progression -----------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A proposed change to one exercise, to accept or dismiss on the summary."""

    routine_id: str
    exercise: str
    """Its entry in the progress file (`exercise_keys`)."""
    name: str
    """As the user knows it: the variant done ("Plank #2" for a second plank)."""
    direction: Literal["harder", "easier"]
    text: str
    change: Change
    to: str | None = None
    """The variant it switches to, by name ("Knee plank"); None for the file's own move."""


def _steps_by_exercise(
    session: Session, routine: Routine, owners: list[int | None]
) -> list[list[StepEntry]]:
    """Each exercise's steps in a session of `routine` (`owners`: each work step's
    exercise): by their place, when the session has the routine's steps (two exercises
    of one name are told apart); else by name, where the routine has only one of it."""
    groups: list[list[StepEntry]] = [[] for _ in routine.exercises]
    if len(owners) == len(session.steps):
        for owner, step in zip(owners, session.steps, strict=True):
            groups[owner or 0].append(step)
        return groups
    names = Counter(exercise.name for exercise in routine.exercises)
    for index, exercise in enumerate(routine.exercises):
        if names[exercise.name] == 1:
            groups[index] = [s for s in session.steps if s.exercise == exercise.name]
    return groups


def _steps_of(steps: list[StepEntry], name: str, variant: str | None = None) -> list[StepEntry]:
    return [s for s in steps if s.exercise == name or (variant and s.variant == variant)]


def _done_in_full(steps: list[StepEntry], exercise: HoldExercise | RepsExercise) -> bool:
    """Every step ran its full plan, on the standard variant, at today's numbers or more,
    on today's sides, in today's sets or more (a session of the routine before a set or a
    side was added is no proof for it).

    Full means it ran to its end (or a self-paced set was marked done with Enter),
    with no time taken off and no "this hurts": a set ended early, shortened with
    -, skipped or stopped is no proof that the exercise is ready to get harder.
    """
    sides: tuple[str | None, ...] = ("left", "right") if exercise.per_side else (None,)
    done = Counter[str | None](step.side for step in steps)
    if set(done) != set(sides) or any(done[side] < exercise.sets for side in sides):
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


def last_of_each_day(sessions: Sequence[DatedT]) -> list[DatedT]:
    """The last session of each day, the days in order: progress stands on sessions
    done in full on different days (a workout and two logs of one afternoon are one
    day's proof), and a day's last session is its word."""
    last: dict[date, DatedT] = {}
    for session in sessions:  # (oldest first)
        last[session.local_date] = session
    return [last[day] for day in sorted(last)]


def evidence(sessions: Sequence[DatedT]) -> list[DatedT]:
    """What `suggestions` reads of a routine's sessions (oldest first): every session of
    the last days that count (a day's last is its proof; one before it may have hurt),
    and the newest, last, whatever its date (the workout just done, dated before the one
    it follows after a flight west)."""
    days = {session.local_date for session in last_of_each_day(sessions)[-SESSIONS_IN_FULL:]}
    return [s for s in sessions[:-1] if s.local_date in days] + list(sessions[-1:])


def _pain_ok(session: Session) -> bool:
    """No more pain after than before, and neither severe (`PAIN_HIGH`)."""
    before, after = session.pain_before, session.pain_after
    if any(pain is not None and pain >= PAIN_HIGH for pain in (before, after)):
        return False
    return before is None or after is None or after <= before


def _pain_rose(session: Session) -> bool:
    before, after = session.pain_before, session.pain_after
    return before is not None and after is not None and after - before >= PAIN_RISE


def _step_up(
    routine_id: str, exercise: HoldExercise | RepsExercise, key: str, name: str
) -> Suggestion | None:
    if isinstance(exercise, HoldExercise) and exercise.seconds < HOLD_CAP_S:
        longer = min(HOLD_CAP_S, exercise.seconds + HOLD_STEP_S)
        text = f"{name}: done in full on {SESSIONS_IN_FULL} days. Hold {longer} s next time?"
        return Suggestion(routine_id, key, name, "harder", text, {"seconds": longer})
    if exercise.harder is not None:
        text = f"{name}: done in full on {SESSIONS_IN_FULL} days. Try {exercise.harder.name}?"
        harder: Change = {"variant": "harder"}
        return Suggestion(routine_id, key, name, "harder", text, harder, exercise.harder.name)
    if isinstance(exercise, RepsExercise) and exercise.reps < min(REPS_CAP, exercise.most_reps):
        more = min(REPS_CAP, exercise.most_reps, exercise.reps + REPS_STEP)
        text = f"{name}: done in full on {SESSIONS_IN_FULL} days. {more} reps next time?"
        return Suggestion(routine_id, key, name, "harder", text, {"reps": more})
    return None  # at the cap with nothing harder: well done, stay there


def _is_move(mine: HoldExercise | RepsExercise, run: HoldExercise | RepsExercise) -> bool:
    """True when `run` is the file's exercise `mine` as done: by its own name, or as its
    harder variant (`_as_harder`)."""
    return run.name == mine.name or (mine.harder is not None and run.name == mine.harder.name)


def _file_keys(written: Routine, routine: Routine) -> tuple[list[str | None], set[int]]:
    """Each exercise of `routine`'s entry in the progress file (`written`'s names), and
    the exercises done as the harder variant their file gives them.

    By place while the file has the same moves; when it changed under the workout
    (reordered, an exercise added), by a name the file uses once; None where no entry
    is sure (a change kept under another move's name would change that move).
    """
    places: list[int | None] = list(range(len(routine.exercises)))
    if len(written.exercises) != len(routine.exercises) or not all(
        map(_is_move, written.exercises, routine.exercises)
    ):
        found = [
            [at for at, mine in enumerate(written.exercises) if _is_move(mine, run)]
            for run in routine.exercises
        ]
        places = [ats[0] if len(ats) == 1 else None for ats in found]
    file_keys = exercise_keys(written)
    keys = [None if at is None else file_keys[at] for at in places]
    on_harder = {  # (`_as_harder` took the variant's place, and its own harder is gone)
        index
        for index, at in enumerate(places)
        if at is not None
        and written.exercises[at].harder is not None
        and routine.exercises[index].harder is None
    }
    return keys, on_harder


def suggestions(
    routine: Routine,
    sessions: Sequence[Session],
    on_easier: set[int] | None = None,
    written: Routine | None = None,
) -> list[Suggestion]:
    """What to change after the newest session of `routine` (sessions oldest first).

    `routine` is as the user does it now (overlay applied); `on_easier` holds the
    exercises that already start on their easier variant. `written`: the routine as
    its file has it, whose exercises the progress file names (an exercise done as its
    harder variant is kept under its own name).
    """
    on_easier = on_easier or set()
    mine = [s for s in sessions if s.routine_id == routine.id]
    if not mine:
        return []
    names = exercise_keys(routine)
    keys: list[str | None] = list(names)
    on_harder: set[int] = set()
    if written is not None:
        keys, on_harder = _file_keys(written, routine)
    owners = [step.exercise_index for step in compile_routine(routine).steps if step.is_work]
    recent = last_of_each_day(mine)[-SESSIONS_IN_FULL:]
    by_exercise = [_steps_by_exercise(s, routine, owners) for s in recent]
    # Every sitting of those days: a "this hurts" in a try stopped before the day's last
    # session blocks a harder one as much as one in it.
    days = {s.local_date for s in recent}
    of_the_days = [s for s in mine if s.local_date in days]
    sittings = [_steps_by_exercise(s, routine, owners) for s in of_the_days]
    latest = mine[-1]
    # As a "this hurts" does, a pain that rose in any sitting of those days, and any
    # move that hurt on the latest day, hold back every harder idea.
    steady = all(map(_pain_ok, of_the_days)) and not any(
        step.hurt for s in mine if s.local_date == latest.local_date for step in s.steps
    )
    latest_groups = _steps_by_exercise(latest, routine, owners)
    out: list[Suggestion] = []
    for index, exercise in enumerate(routine.exercises):
        key, name = keys[index], names[index]
        if key is None:
            continue  # no sure entry in the file for it (see `_file_keys`)
        # From its harder variant, the easier move is the standard one (the file's own).
        back: Change = {"variant": "standard" if index in on_harder else "easier"}
        easier = exercise.easier if index not in on_easier else None
        variant = easier.name if easier else None
        # The move switched to, named when it is a variant (back to the file's own: not).
        to = variant if back["variant"] == "easier" else None
        latest_steps = _steps_of(latest_groups[index], exercise.name, variant)
        if any(step.hurt for step in latest_steps):
            # It hurt today: never harder; the easier variant when there is one and it
            # was not what hurt (a user who switched to it and was hurt is not offered
            # it again: that is for a physio to answer, see Help).
            hurt_on_easier = any(s.hurt_move not in (None, s.exercise) for s in latest_steps)
            if easier is not None and not hurt_on_easier:
                text = f"{name} hurt today. Switch to {easier.name} from next time?"
                out.append(Suggestion(routine.id, key, name, "easier", text, back, to))
            continue
        swapped = any(s.variant is not None and not s.skipped for s in latest_steps)
        # An exercise skipped before it began (in a resumed sitting too) did not raise the pain.
        begun = any(not s.skipped or s.done_s > 0 for s in latest_steps)
        if easier is not None and not swapped and begun and _pain_rose(latest):
            rose = f"from {latest.pain_before} to {latest.pain_after}"  # (in a try stopped too)
            text = f"{name}: pain went up {rose}. Switch to {easier.name}?"
            out.append(Suggestion(routine.id, key, name, "easier", text, back, to))
            continue
        if latest.status != "completed":
            continue  # a workout stopped early says nothing more about progress
        done = [s for s in latest_steps if not s.skipped]
        if easier is not None and all(s.variant is not None for s in done) and swapped:
            # (Not when a set was done on the move itself: one set of two on the knees,
            # after a first held in full, is no reason to drop the move.)
            text = f"{name}: you chose {easier.name} today. Make it the default?"
            out.append(Suggestion(routine.id, key, name, "easier", text, back, to))
            continue
        if (
            steady
            and index not in on_easier
            and len(recent) == SESSIONS_IN_FULL
            and not any(step.hurt for groups in sittings for step in groups[index])
            and all(
                s.status == "completed"
                and _done_in_full(_steps_of(steps[index], exercise.name), exercise)
                for s, steps in zip(recent, by_exercise, strict=True)
            )
        ):
            step_up = _step_up(routine.id, exercise, key, name)
            if step_up is not None:
                out.append(step_up)
    return out


def saved_words(suggestion: Suggestion, kept: Path | None = None) -> str:
    """What an accepted suggestion tells: "Saved: Plank 65 s from next time.", "Saved:
    Knee plank in place of Plank from next time."; and where the progress file that
    could not be read, written over now, was `kept`."""
    change = describe(suggestion.change)
    said = f"{suggestion.name} {change}" if change else suggestion.exercise  # the file's move
    if suggestion.to is not None:
        said = f"{suggestion.to} in place of {suggestion.name}"  # ("Plank easier variant")
    aside = f" The progress file as it was is kept as {kept.name}." if kept else ""
    return f"Saved: {said} from next time.{aside}"


# -- the routine as this user does it ------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """A routine with the user's rests, progress and equipment applied."""

    routine: Routine
    start_easier: frozenset[int]
    """Exercises that start on their easier variant (chosen, or for lack of equipment)."""
    swaps: tuple[Swap, ...]
    changes: dict[str, Change]

    @property
    def unfit(self) -> frozenset[int]:
        """Exercises nothing in the user's equipment fits, not even a variant."""
        return frozenset(swap.exercise_index for swap in self.swaps if swap.variant is None)

    def total_s(self) -> float:
        """Its planned length, self-paced sets estimated, without what the workout
        passes over (`unfit`): as the routine list, `list` and `validate` give it."""
        return compile_routine(self.routine).total_passing(self.unfit)


def as_written(routine: Routine) -> Plan:
    """The routine as its file says it, with no settings or progress applied."""
    return Plan(routine, frozenset(), (), {})


SETTINGS_IN_PLACE = {
    "lead_in_s": "get ready",
    "rest_between_sets_s": "set rest",
    "rest_between_exercises_s": "move rest",
}
"""The settings that, where set, stand for every routine's own (as the editor says them)."""


def plan_for(routine: Routine, settings: SettingsValues, changes: dict[str, Change]) -> Plan:
    """The routine as this user will do it today."""
    chosen = {  # the user's own lead-in and rests, where set, for every routine
        key: value for key in SETTINGS_IN_PLACE if (value := getattr(settings, key)) is not None
    }
    if chosen:
        routine = replace(routine, **chosen)
    routine, start_easier = apply_overlay(routine, changes)
    swaps = tuple(equipment_swaps(routine, settings.equipment))
    start_easier |= {swap.exercise_index for swap in swaps if swap.variant is not None}
    return Plan(routine, frozenset(start_easier), swaps, changes)


def in_place_of_the_file(written: Routine | None, plan: Plan | None) -> str:
    """What the user's settings and accepted progress put in place of a routine's own
    numbers (`plan_for`), in words for the editor; "" when nothing (or no routine)."""
    if written is None or plan is None:
        return ""
    run, said = plan.routine, []
    used = [
        f"{words} {getattr(run, key)} s"
        for key, words in SETTINGS_IN_PLACE.items()
        if getattr(run, key) != getattr(written, key)
    ]
    if used:
        said.append(f"Your settings, for every routine: {', '.join(used)} (s on the routine list).")
    # The progress the total counts (it is why the total differs from the fields): of
    # the exercises the routine still has, by the names the progress file keeps.
    keys = set(exercise_keys(written))
    applied = {key: change for key, change in plan.changes.items() if key in keys}
    if kept := "; ".join(filter(None, (change_words(k, c) for k, c in applied.items()))):
        numbers = any("seconds" in change or "reps" in change for change in applied.values())
        typed = " A number typed here replaces the accepted one." if numbers else ""
        said.append(f"Your accepted progress: {kept}.{typed}")
    return "\n".join(said)


def plan_notes(plan: Plan) -> list[str]:
    """Lines for the picker: the user's progress, and swaps for missing equipment."""
    notes = [
        f"Your change: {name}, {describe(change)}"  # ("progress" read oddly for an easier one)
        for name, change in plan.changes.items()
        if describe(change)
    ]
    # What nothing fits, the workout passes over; unless nothing else would be left.
    out = (
        "the workout leaves it out"
        if len(plan.unfit) < len(plan.routine.exercises)
        else "skip it with n"
    )
    for swap in plan.swaps:
        lacking = equipment_words(swap.missing)
        if swap.variant is not None:
            notes.append(f"No {lacking}: {swap.exercise} becomes {swap.variant.name}")
        else:
            notes.append(f"No {lacking}: no variant of {swap.exercise} fits; {out}")
    return notes

"""The user's own changes to routines, kept apart from the routine files.

Accepting a progression suggestion ("hold the plank 65 s", "try the harder
variant") writes it here, in `<config dir>/progress.json`; the bundled files are
never edited. Loading a routine applies its overlay on top.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from msgspec.structs import replace

from coretui.history.files import open_regular
from coretui.plain_text import not_utf8, shown, syntax_message
from coretui.problem_words import os_reason
from coretui.safe_files import atomic_write, keep_copy
from coretui.textsafe import printable
from coretui.workout.routine_types import MAX_HOLD_S, MAX_REPS
from coretui.workout.routines import (
    HoldExercise,
    LoadedRoutine,
    RepsExercise,
    Routine,
    Variant,
)

Change = dict[str, int | str]
"""One exercise's change: {"seconds": 65}, {"reps": 17} or {"variant": "harder"}."""

VariantChoice = Literal["standard", "easier", "harder"]


def exercise_keys(routine: Routine) -> list[str]:
    """Each exercise's entry in the progress file: its name, and for a name the routine
    uses again, " #2", " #3"... (a circuit's second plank keeps its own progress; an
    exercise named "Plank #2" keeps its own too)."""
    keys: list[str] = []
    for exercise in routine.exercises:
        key, times = exercise.name, 1
        while key in keys:
            times += 1
            key = f"{exercise.name} #{times}"
        keys.append(key)
    return keys


@dataclass
class Overlays:
    """Per routine, per exercise (`exercise_keys`): the user's accepted changes."""

    path: Path
    changes: dict[str, dict[str, Change]] = field(default_factory=dict)
    problem: str | None = None
    held: dict[str, object] = field(default_factory=dict)
    """What the file held, entries ignored included: written back with each change, so
    that an entry typed by hand with a slip is said, not lost."""
    unread: bool = False
    """The file is there but could not be read as a table (a trailing comma typed by
    hand): copied aside (`kept`) before the first change writes over it."""
    kept: Path | None = None
    """Where the file that could not be read was copied, by the change just written."""
    before: dict[tuple[str, str], tuple[object, ...]] = field(default_factory=dict)
    """An exercise's entry (in `changes`, in `held`) before the last change accepted
    here: `take_back` puts it back."""

    @classmethod
    def load(cls, path: Path) -> Overlays:
        """Read the overlay file; a damaged one is reported and ignored, never fatal."""
        try:
            with open_regular(path) as file:  # a named pipe there is refused, not waited on
                raw = json.loads(file.read().decode("utf-8"))
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            return cls(path, problem=f"{path}: {os_reason(exc)}; progress changes ignored")
        except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            if isinstance(exc, json.JSONDecodeError):
                reason = syntax_message(exc, "json")
            elif isinstance(exc, UnicodeDecodeError):  # as a routine file's is said
                reason = not_utf8(exc)
            return cls(path, problem=f"{path}: {reason}; progress changes ignored", unread=True)
        if not isinstance(raw, dict):  # "[1, 2]", "x": said, as a broken file is
            found = "a list" if isinstance(raw, list) else type(raw).__name__
            reason = f"not a table of routines (got {found})"
            return cls(path, problem=f"{path}: {reason}; progress changes ignored", unread=True)
        changes: dict[str, dict[str, Change]] = {}
        ignored: list[str] = []
        for routine_id, exercises in raw.items():
            if not isinstance(exercises, dict):
                ignored.append(f"{routine_id}: {shown(exercises)} (expected a table)")
                continue
            kept = changes[str(routine_id)] = {}
            for name, change in exercises.items():
                if not isinstance(change, dict):
                    ignored.append(f"{routine_id} · {name}: {shown(change)} (expected a table)")
                    continue
                kept[str(name)] = {k: v for k, v in change.items() if _fits(k, v)}
                ignored += [
                    f"{routine_id} · {name} · {k}: {shown(v)} ({_WANTED.get(k, 'unknown key')})"
                    for k, v in change.items()
                    if not _fits(k, v)
                ]
        problem = None
        if ignored:  # (kept in the file: a later accepted change rewrites it with them)
            more = f" (and {len(ignored) - 1} more)" if len(ignored) > 1 else ""
            problem = f"{path}: ignored {ignored[0]}{more}"
        return cls(path, changes, problem, raw)

    def for_routine(self, routine_id: str) -> dict[str, Change]:
        """The changes to one routine's exercises, by `exercise_keys`."""
        return self.changes.get(routine_id, {})

    def accept(self, routine_id: str, exercise: str, change: Change) -> None:
        """Record a change and save the file atomically (raises OSError, and then
        nothing changed: a refused change is not run, nor written by the next save)."""
        changes, held = copy.deepcopy(self.changes), copy.deepcopy(self.held)
        entries = (self.changes.get(routine_id, {}), self.held.get(routine_id))
        was = copy.deepcopy(
            tuple(e.get(exercise) if isinstance(e, dict) else None for e in entries)
        )
        changes.setdefault(routine_id, {}).setdefault(exercise, {}).update(change)
        routine = held.get(routine_id)
        if not isinstance(routine, dict):  # (none yet, or not a table: said when loaded)
            routine = held[routine_id] = {}
        entry = routine.get(exercise)
        if not isinstance(entry, dict):
            entry = routine[exercise] = {}
        entry.update(change)
        self._save(held)
        self.changes, self.held = changes, held
        self.before[(routine_id, exercise)] = was

    def take_back(self, routine_id: str, exercise: str) -> None:
        """Put an exercise's entry back as it was before the last change accepted here
        (the summary's harder idea, once the pain after tells of a rise); saved as
        `accept`."""
        if (first := self.before.get((routine_id, exercise))) is None:
            return
        changes, held = copy.deepcopy(self.changes), copy.deepcopy(self.held)
        tables: tuple[dict[str, Any], ...] = (changes, held)
        for table, entry in zip(tables, first, strict=True):
            routine = table.setdefault(routine_id, {})
            if isinstance(routine, dict):
                if entry is None:
                    routine.pop(exercise, None)
                else:
                    routine[exercise] = copy.deepcopy(entry)
        self._save(held)
        self.changes, self.held = changes, held
        del self.before[(routine_id, exercise)]

    def forget(self, routine_id: str) -> list[str]:
        """Drop every change accepted for a routine, saved as `accept` (raises OSError,
        and then nothing changed); what was dropped, in words ("Plank (65 s)")."""
        dropped = self.told(routine_id)
        held = {key: value for key, value in self.held.items() if key != routine_id}
        self._save(held)
        self.changes = {key: value for key, value in self.changes.items() if key != routine_id}
        self.held = held
        self.before = {key: was for key, was in self.before.items() if key[0] != routine_id}
        return dropped

    def told(self, routine_id: str) -> list[str]:
        """The changes accepted for a routine, in words ("Plank (65 s)"); an entry with none
        coretui can apply (a slip typed by hand, said at the start) is left out."""
        changes = self.for_routine(routine_id).items()
        return [words for key, change in changes if (words := change_words(key, change))]

    def give_way_to_edit(self, before: Routine, after: Routine) -> list[str]:
        """Drop the accepted numbers of `after` that its file now gives anew (a length
        typed for the plank in the editor, or by hand): the accepted one went on
        overriding it, and the new number was never run. What was dropped, in words
        ("Plank (9 s)"); the file is saved when anything was (raises OSError)."""
        changes = self.changes.get(after.id, {})
        dropped: list[str] = []
        for key, name in edited_numbers(changes, before, after):
            dropped.append(change_words(key, {name: changes[key].pop(name)}))
            if not changes[key]:
                changes.pop(key)
            held = self.held.get(after.id, {})
            if isinstance(held, dict) and isinstance(held.get(key), dict):
                held[key].pop(name, None)
                if not held[key]:  # (nothing left: no "your progress" on its card)
                    del held[key]
        if dropped:
            self._save(self.held)
        return dropped

    def _save(self, held: dict[str, object]) -> None:
        """Write `held`, what the file held with the changes made (atomically; raises
        OSError); a file that could not be read is copied aside first (`kept`)."""
        kept = keep_copy(self.path) if self.unread and self.path.is_file() else None
        atomic_write(self.path, json.dumps(held, indent=2, ensure_ascii=False) + "\n")
        self.kept, self.unread = kept, False


_WANTED = {
    "seconds": f"expected a whole number from 1 to {MAX_HOLD_S}",
    "reps": f"expected a whole number from 1 to {MAX_REPS}",
    "variant": "expected 'standard', 'easier' or 'harder'",
}


def _fits(key: str, value: object) -> bool:
    """Whether a change's value is one coretui can apply (what `_WANTED` says)."""
    if key in ("seconds", "reps"):
        return type(value) is int and 0 < value <= (MAX_HOLD_S if key == "seconds" else MAX_REPS)
    return key == "variant" and value in ("standard", "easier", "harder")


def edited_numbers(
    changes: dict[str, Change], before: Routine, after: Routine
) -> list[tuple[str, str]]:
    """The accepted numbers (exercise key, "seconds" or "reps") that `after`, the routine
    as its file now has it, gives anew against `before`: the file's number wins them."""
    old = dict(zip(exercise_keys(before), before.exercises, strict=True))
    edited: list[tuple[str, str]] = []
    for key, exercise in zip(exercise_keys(after), after.exercises, strict=True):
        was = old.get(key)
        for name in ("seconds", "reps"):
            if was is None or name not in changes.get(key, {}):
                continue
            if getattr(was, name, None) != getattr(exercise, name, None):
                edited.append((key, name))
    return edited


def as_edited(
    changes: dict[str, Change], before: Routine | None, after: Routine
) -> dict[str, Change]:
    """`changes` as they will stand once `after` is saved over `before` (the editor's
    total counts the number typed, not the accepted one it replaces); as they are when
    `after` is another routine (a copy given a new id: it has no progress of its own)."""
    if before is None or before.id != after.id:
        return changes
    kept = {key: dict(change) for key, change in changes.items()}
    for key, name in edited_numbers(changes, before, after):
        del kept[key][name]
    return {key: change for key, change in kept.items() if change}


def give_way_to_edits(
    overlays: Overlays, before: dict[str, Routine], after: Iterable[LoadedRoutine]
) -> list[str]:
    """After the routine files were read again: each routine's accepted numbers that
    its file now gives anew (against `before`, by id) dropped, in notices."""
    said: list[str] = []
    for loaded in after:
        old = before.get(loaded.routine.id)
        if old is None or old == loaded.routine:
            continue
        name = printable(loaded.routine.name, single_line=True)
        try:
            dropped = overlays.give_way_to_edit(old, loaded.routine)
        except OSError as exc:  # (dropped for this run; the file keeps them)
            said.append(f"{overlays.path}: not saved: {os_reason(exc)}")
            continue
        if dropped:
            gone = "; ".join(printable(d, single_line=True) for d in dropped)
            said.append(f"{name}: the numbers now in its file replace your accepted {gone}")
    return said


def _as_harder(
    exercise: HoldExercise | RepsExercise, harder: Variant
) -> HoldExercise | RepsExercise:
    """The exercise done as its harder variant; the standard one becomes its easier."""
    standard = Variant(
        name=exercise.name, cue=exercise.cue, safety=exercise.safety, equipment=exercise.equipment
    )
    return replace(
        exercise,
        name=harder.name,
        cue=harder.cue or exercise.cue,
        safety=harder.safety or exercise.safety,
        equipment=harder.equipment or exercise.equipment,
        easier=standard,
        harder=None,
    )


def apply_overlay(routine: Routine, changes: dict[str, Change]) -> tuple[Routine, set[int]]:
    """The routine with the user's changes, and the exercises to start on their easier variant."""
    if not changes:
        return routine, set()
    exercises: list[HoldExercise | RepsExercise] = []
    start_easier: set[int] = set()
    keys = exercise_keys(routine)
    for index, exercise in enumerate(routine.exercises):
        change = changes.get(keys[index], {})
        updated = exercise
        seconds, reps = change.get("seconds"), change.get("reps")
        if isinstance(updated, HoldExercise) and isinstance(seconds, int):
            updated = replace(updated, seconds=seconds)
        if isinstance(updated, RepsExercise) and isinstance(reps, int):
            # (not validated again: kept within the set's limit here)
            updated = replace(updated, reps=min(reps, updated.most_reps))
        variant = change.get("variant")
        if variant == "harder" and updated.harder is not None:
            updated = _as_harder(updated, updated.harder)
        elif variant == "easier" and updated.easier is not None:
            start_easier.add(index)
        exercises.append(updated)
    return replace(routine, exercises=exercises), start_easier


def change_words(key: str, change: Change) -> str:
    """An accepted change in words, as every place says it: "Plank (65 s)", "Side plank
    (easier variant)"; "" for one coretui cannot apply (a slip typed by hand)."""
    what = describe(change) or ("standard move" if change.get("variant") == "standard" else "")
    return f"{key} ({what})" if what else ""


def describe(change: Change) -> str:
    """A short note for the picker: "65 s", "17 reps", "harder variant" ("" for the
    standard move: the exercise as its file has it)."""
    parts = []
    if "seconds" in change:
        parts.append(f"{change['seconds']} s")
    if "reps" in change:
        parts.append(f"{change['reps']} reps")
    if change.get("variant") in ("easier", "harder"):
        parts.append(f"{change['variant']} variant")
    return ", ".join(parts)

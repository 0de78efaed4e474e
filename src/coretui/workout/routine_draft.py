"""A routine being edited: its fields as text, checked by the routine model as you type.

Pure (no Textual). The draft holds the routine as plain data (the file's own
keys, so a key the editor has no field for, such as a figure, is kept), turns
each field's text into a value (`draft_fields`), and validates the whole with
`Routine`: the same model, and the same plain-words messages, as loading a file.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic import ValidationError

from coretui.plain_errors import plain_errors
from coretui.problem_words import ENTRY_INDEX, message_after
from coretui.workout.draft_fields import (
    ROUTINE_FIELDS,
    Field,
    exercise_fields,
    field_text,
    new_exercise,
    set_field,
    set_kind,
    set_tempo_mode,
)
from coretui.workout.routine_files import RoutineData, id_from_name
from coretui.workout.routine_models import Routine as RoutineModel
from coretui.workout.routine_models import runtime_routine
from coretui.workout.routine_sources import numbered
from coretui.workout.routines import Routine

TEMPO_AGAINST_FIGURE = re.compile(
    r"(the (easier|harder) variant's )?figure"
    r" (holds still|moves|has \d+ keyframes( not marked via)? but a rep)"
)
"""An exercise's problem of its figure with its phases: the editor shows it beside them."""
NO_FIGURE_FIELD = (
    " (the editor has no field for figures: set the phases back, or change the figure"
    " in the file by hand)"
)


def place_in_words(path: str) -> str:
    """A problem's place as the editor says it: "exercises[1].rest_s" is "exercise 2 ·
    set rest (s)", "lead_in_s" is "routine · get ready (s)": each key by its label on
    the form, whose the field is first."""
    labels = _field_labels()
    parts = numbered(path).split(" · ")
    # A list's entry ("equipment[1]"): the field's label; the message names the entry.
    words = [labels.get(ENTRY_INDEX.sub("", part), part) for part in parts]
    if not path.startswith("exercises["):
        words.insert(0, "routine")
    return " · ".join(word[:1].lower() + word[1:] for word in words)


def beside_field(path: str, message: str, field_path: str | None = None) -> str:
    """A problem at `path` as shown beside its field or after its place in words: the
    label says whose it is, so a message that starts with the key starts after it
    ("rest_s must be..." is "must be...", "equipment[1] must be..." is "entry 2 must
    be..."). Beside the field at `field_path`, a problem deeper in (a tempo phase's
    seconds) keeps its key: the label does not say it. A tempo that did not read was
    typed as seconds per rep: phases have a field of their own, so its problem does
    not offer "a list of phases"."""
    if path.endswith("tempo"):
        message = message.replace(" or a list of phases, got", ", got")
    if field_path is not None and ENTRY_INDEX.sub("", path) != field_path:
        return message
    return message_after(path, message)


def screen_order(data: dict[str, Any], path: str) -> tuple[int, int]:
    """Where a problem's field is in the editor, top to bottom: the routine's fields
    first, then each exercise's in its form's order (to focus the first one shown)."""
    found = re.match(r"exercises\[(\d+)\]\.?(.*)", path)
    exercises = data.get("exercises") or []
    if found and int(found[1]) < len(exercises):
        index, rest = int(found[1]), found[2]
        fields: tuple[Field, ...] = exercise_fields(exercises[index])
    else:
        index, rest, fields = -1, path, ROUTINE_FIELDS
    key = re.split(r"[.\[]", rest, maxsplit=1)[0] or "kind"
    keys = ["tempo" if f.key.startswith("tempo") else f.key for f in fields]
    return index, keys.index(key) if key in keys else len(keys)


@cache
def _field_labels() -> dict[str, str]:
    """Each key of the form (routine and both kinds of exercise) with its label."""
    return {
        field.key: field.label
        for exercise in ({"kind": "hold"}, {"kind": "reps"})
        for field in (*ROUTINE_FIELDS, *exercise_fields(exercise))
    }


class Draft:
    """The routine being edited, and what is wrong with it."""

    def __init__(self, data: RoutineData, taken: dict[str, str] | None = None) -> None:
        """`taken`: the ids the routine may not have, each with whose it is in words
        ("the bundled routine 'Core six'"); for a copy or a new routine."""
        self.taken = taken or {}
        self.data = copy.deepcopy(data)
        self.id_follows = taken is not None and data.get("id") == self._id_of(data.get("name"))
        """The id follows the name (`id_from_name`) until it is typed: a new routine's,
        "my-routine" of "My routine" (not a copy's, "core-six-copy")."""
        self.data.setdefault("exercises", [])
        self.saved = copy.deepcopy(self.data)
        self.local: dict[str, str] = {}
        """Problems found before the model sees the data (phases that do not parse),
        by their field's path ("exercises[2].tempo")."""
        self.unread: dict[str, str] = {}
        """Those fields' text as typed: their form shows it again, not the last good value."""
        self.set_aside: list[tuple[dict[str, Any], dict[str, Any]]] = []
        """Each exercise whose kind was switched, with what its other kind had (`set_kind`)."""

    def restore(self, saved: RoutineData, unread: dict[str, str], local: dict[str, str]) -> None:
        """Carry on a draft kept when coretui closed: `saved` is what it was edited from
        (so its changes still count as not saved), with its fields' unread text."""
        self.saved = copy.deepcopy(saved)
        self.unread, self.local = dict(unread), dict(local)

    @property
    def exercises(self) -> list[dict[str, Any]]:
        """The exercises, in order."""
        exercises: list[dict[str, Any]] = self.data["exercises"]
        return exercises

    @property
    def changed(self) -> bool:
        """True when the draft differs from what was loaded or last saved, or holds
        typed text that does not read (leaving would lose it too)."""
        return self.data != self.saved or bool(self.unread)

    def poses_dropped(self) -> list[str]:
        """The names of the exercises made holds whose figures lost poses (a hold's has
        one: `set_kind`): those switched in this run, and those that were reps of more
        poses in the routine as opened (`saved`, which edits kept when coretui closed
        bring back, without the switches made)."""
        switched = {id(e) for e, aside in self.set_aside if any(map(_is_figure, aside))}
        opened: dict[object, dict[str, Any]] = {}
        for exercise in self.saved.get("exercises") or []:
            if isinstance(exercise, dict):
                opened.setdefault(exercise.get("name"), exercise)

        def lost_poses(exercise: dict[str, Any]) -> bool:
            if id(exercise) in switched:
                return True
            before = opened.get(exercise.get("name"))
            return (
                before is not None
                and before.get("kind") == "reps"
                and (_poses(before) > _poses(exercise))
            )

        holds = (e for e in self.exercises if e.get("kind") == "hold")
        return list(dict.fromkeys(str(e.get("name", "")) for e in holds if lost_poses(e)))

    def figures_lost(self) -> bool:
        """Whether a figure of more than one pose in the routine as opened is nowhere in
        the draft: the form has no figure field, so only a kind switch (or a deletion)
        drops one, and a save keeps the file as it was beside it."""
        now = {repr(k) for k in _keyframe_lists(self.data)}
        return any(repr(k) not in now for k in _keyframe_lists(self.saved) if len(k) > 1)

    def check(self) -> tuple[Routine | None, dict[str, str]]:
        """The routine, if valid, and every problem by key path ("exercises[0].seconds")."""
        problems = dict(self.local)
        owner = self.taken.get(str(self.data.get("id")))
        if owner is not None:  # said as it is typed, not only when saving
            problems["id"] = f"'{self.data['id']}' is already the id of {owner}"
        try:
            routine = runtime_routine(RoutineModel.model_validate(self.data))
        except ValidationError as exc:
            for path, message in plain_errors(exc, RoutineModel):
                # Phases that do not read are the tempo's one problem: the model, which
                # still sees the last good (or an empty) tempo, does not add another.
                if f"{path}.tempo" in self.local and message.startswith("tempo "):
                    continue
                if re.fullmatch(r"exercises\[\d+\]", path) and TEMPO_AGAINST_FIGURE.match(message):
                    path, message = f"{path}.tempo", message + NO_FIGURE_FIELD
                problems.setdefault(path, message)
            return None, problems
        return (routine, {}) if not problems else (None, problems)

    def phase_named(self, path: str, message: str) -> str:
        """A tempo phase's problem beside the phases field names the phase by its name
        ("phase 'hold': seconds must be..."): the field shows them all on one line."""
        found = re.fullmatch(r"exercises\[(\d+)\]\.tempo\[(\d+)\]\.\w+", path)
        if found is None:
            return message
        try:
            name = self.exercises[int(found[1])]["tempo"][int(found[2])]["name"]
        except (IndexError, KeyError, TypeError):
            return message
        return f"phase '{name}': {message}" if isinstance(name, str) and name else message

    def take_text(self, values: dict[str, Any], field: Field, path: str, text: str) -> bool:
        """Read a field's text into `values` (the routine's or an exercise's; `path` is
        the field's); True when its value or its problem changed."""
        if self.unread.get(path) == text:
            return False
        if text == field_text(values, field):
            # Typed back to what it shows: change nothing (a variant's "a: b" name), but
            # a problem with what was typed in between is gone.
            self.unread.pop(path, None)
            return self.local.pop(path, None) is not None
        problem = set_field(values, field, text)
        self.id_follows &= path != "id"
        if path == "name" and self.id_follows:
            self.data["id"] = self._id_of(self.data.get("name"))
        if problem:
            self.local[path], self.unread[path] = problem, text
        else:
            self.local.pop(path, None)
            self.unread.pop(path, None)
        return True

    def _id_of(self, name: object) -> str:
        return id_from_name(str(name or ""), self.taken)

    def take_tick(self, values: dict[str, Any], key: str, ticked: bool) -> bool:
        """Tick or clear a yes/no field (clear: the key goes); True when it changed."""
        if bool(values.get(key, False)) == ticked:
            return False
        if ticked:
            values[key] = True
        else:
            values.pop(key, None)
        return True

    def take_choice(self, exercise: dict[str, Any], field: Field, choice: str) -> bool:
        """Set an exercise's kind or tempo mode; True when it changed. Phases typed for
        the old choice, that did not read, go with it."""
        at = next((i for i, e in enumerate(self.exercises) if e is exercise), None)
        if at is None:  # the routine itself, or an exercise deleted since
            return False
        if field.kind == "tempo" and exercise.get("kind") != "reps":
            return False  # the tempo's choice of a form shown before the kind changed
        before = dict(exercise)
        if field.kind == "kind":
            if exercise.get("kind") == choice:
                return False  # (shown again as it is: what was set aside stays aside)
            at_aside = next((i for i, (e, _) in enumerate(self.set_aside) if e is exercise), None)
            kept = self.set_aside.pop(at_aside)[1] if at_aside is not None else None
            self.set_aside.append((exercise, set_kind(exercise, choice, kept)))
        elif field.kind == "tempo":
            set_tempo_mode(exercise, choice)
        if exercise == before:
            return False
        self.local.pop(f"exercises[{at}].tempo", None)
        self.unread.pop(f"exercises[{at}].tempo", None)
        return True

    def move(self, index: int, offset: int) -> int:
        """Move an exercise up (-1) or down (+1); returns where it is now."""
        target = index + offset
        if not (0 <= index < len(self.exercises) and 0 <= target < len(self.exercises)):
            return index
        items = self.exercises
        items[index], items[target] = items[target], items[index]
        self._shift_local(lambda i: target if i == index else index if i == target else i)
        return target

    def add(self, after: int | None) -> int:
        """Add a new exercise after `after` (at the end when None); returns its index."""
        at = len(self.exercises) if after is None else after + 1
        self.exercises.insert(at, new_exercise())
        self._shift_local(lambda i: i + 1 if i >= at else i)
        return at

    def duplicate(self, index: int) -> int:
        """A copy of the exercise just below it; returns the copy's index. The copy
        holds the last good values: text that did not read stays with the original."""
        self.exercises.insert(index + 1, copy.deepcopy(self.exercises[index]))
        self._shift_local(lambda i: i + 1 if i > index else i)
        return index + 1

    def delete(self, index: int) -> None:
        """Remove one exercise, and what was typed in it."""
        del self.exercises[index]
        self._shift_local(lambda i: None if i == index else i - 1 if i > index else i)

    def _shift_local(self, place: Callable[[int], int | None]) -> None:
        """Keep typed text and its problem with its exercise as the list changes:
        `place` says where exercise i is now (None: deleted)."""
        for found in (self.local, self.unread):
            shifted = {}
            for path, text in found.items():
                at = re.match(r"exercises\[(\d+)\]", path)
                if at is None:
                    shifted[path] = text
                elif (now := place(int(at[1]))) is not None:
                    shifted[f"exercises[{now}]{path[at.end() :]}"] = text
            found.clear()
            found.update(shifted)


def _is_figure(aside: str) -> bool:
    """A key `set_kind` set aside that holds a figure's poses ("figure:easier")."""
    return aside.startswith("figure:")


def _figure_keyframes(exercise: dict[str, Any]) -> list[list[Any]]:
    """The keyframe lists of an exercise's figures, its variants' too."""
    places = (exercise, exercise.get("easier"), exercise.get("harder"))
    figures = [place.get("figure") for place in places if isinstance(place, dict)]
    keyframes = [f.get("keyframes") for f in figures if isinstance(f, dict)]
    return [k for k in keyframes if isinstance(k, list)]


def _poses(exercise: dict[str, Any]) -> int:
    """How many keyframes an exercise's figures have, its variants' too."""
    return sum(map(len, _figure_keyframes(exercise)))


def _keyframe_lists(data: RoutineData) -> list[list[Any]]:
    """Every figure's keyframe list in a routine."""
    exercises = [e for e in data.get("exercises") or [] if isinstance(e, dict)]
    return [k for exercise in exercises for k in _figure_keyframes(exercise)]

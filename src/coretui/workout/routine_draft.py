"""A routine being edited: its fields as text, checked by the routine model as you type.

Pure (no Textual). The draft holds the routine as plain data (the file's own
keys, so a key the editor has no field for, such as a figure, is kept), turns
each field's text into a value, and validates the whole with `Routine`: the
same model, and the same plain-words messages, as loading a file.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from coretui.plain_errors import plain_errors
from coretui.problem_words import ENTRY_INDEX, message_after
from coretui.workout.routine_files import RoutineData
from coretui.workout.routine_sources import numbered
from coretui.workout.routines import HoldExercise, Routine
from coretui.workout.timeline import compile_routine

FieldKind = Literal["text", "int", "number", "tags", "bool", "kind", "tempo", "phases", "variant"]


@dataclass(frozen=True)
class Field:
    """One field of the form: the key it edits, its label and how its text is read."""

    key: str
    label: str
    kind: FieldKind
    optional: bool = False
    """An empty text removes the key, so the default (or the routine's value) applies."""
    hint: str = ""


def _default(model: type[BaseModel], key: str) -> str:
    """ "empty: 30", from the model, so the hint follows a changed default."""
    return f"empty: {model.model_fields[key].default}"


ROUTINE_FIELDS = (
    Field("id", "Id", "text", hint="lowercase letters, digits, hyphens; names the file"),
    Field("name", "Name", "text"),
    Field("description", "Description", "text", optional=True),
    Field("credit", "Credit", "text", optional=True, hint="where the routine comes from"),
    Field("lead_in_s", "Get ready (s)", "int", optional=True, hint=_default(Routine, "lead_in_s")),
    Field(
        "rest_between_sets_s",
        "Set rest (s)",
        "int",
        optional=True,
        hint=_default(Routine, "rest_between_sets_s"),
    ),
    Field(
        "rest_between_exercises_s",
        "Move rest (s)",
        "int",
        optional=True,
        hint=_default(Routine, "rest_between_exercises_s"),
    ),
    Field("equipment", "Equipment", "tags", optional=True, hint="tags, comma separated"),
)

TEMPO_MODES = (("none", "your own pace"), ("rep", "seconds per rep"), ("phases", "named phases"))


def place_in_words(path: str) -> str:
    """A problem's place as the editor says it: "exercises[1].rest_s" is "exercise 2 ·
    Sets rest s", each key by its label on the form."""
    labels = _field_labels()
    parts = numbered(path).split(" · ")
    # A list's entry ("equipment[1]"): the field's label; the message names the entry.
    return " · ".join(labels.get(ENTRY_INDEX.sub("", part), part) for part in parts)


def beside_field(path: str, message: str, field_path: str | None = None) -> str:
    """A problem at `path` as shown beside its field or after its place in words: the
    label says whose it is, so a message that starts with the key starts after it
    ("rest_s must be..." is "must be...", "equipment[1] must be..." is "entry 2 must
    be..."). Beside the field at `field_path`, a problem deeper in (a tempo phase's
    seconds) keeps its key: the label does not say it."""
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


def exercise_fields(exercise: dict[str, Any]) -> tuple[Field, ...]:
    """The form for one exercise: a hold asks for seconds, reps for reps and a tempo."""
    fields = [Field("kind", "Kind", "kind"), Field("name", "Name", "text")]
    if exercise.get("kind") == "reps":
        fields.append(Field("reps", "Reps", "int"))
    else:
        fields.append(Field("seconds", "Seconds", "int"))
    fields += [
        Field("sets", "Sets", "int", optional=True, hint=_default(HoldExercise, "sets")),
        Field("rest_s", "Set rest (s)", "int", optional=True, hint="empty: the routine's"),
        Field("per_side", "Each side", "bool"),
        Field(
            "switch_s", "Switch (s)", "int", optional=True, hint=_default(HoldExercise, "switch_s")
        ),
    ]
    if exercise.get("kind") == "reps":
        fields.append(Field("tempo", "Tempo", "tempo"))
        mode = tempo_mode(exercise)
        if mode == "rep":
            fields.append(Field("tempo_rep", "Per rep (s)", "number"))
        elif mode == "phases":
            fields.append(Field("tempo_phases", "Phases", "phases", hint="up 1, hold 5, down 1"))
    fields += [
        Field("cue", "Cue", "text", optional=True),
        Field("safety", "Safety", "text", optional=True),
        Field("equipment", "Equipment", "tags", optional=True, hint="tags, comma separated"),
        Field("rest_after_s", "Rest after (s)", "int", optional=True, hint="empty: the routine's"),
        Field("easier", "Easier", "variant", optional=True, hint="name: cue"),
        Field("harder", "Harder", "variant", optional=True, hint="name: cue"),
    ]
    return tuple(fields)


def tempo_mode(exercise: dict[str, Any]) -> str:
    """ "none", "rep" (a number) or "phases" (a list)."""
    tempo = exercise.get("tempo")
    if tempo is None:
        return "none"
    return "phases" if isinstance(tempo, list) else "rep"


def _number(text: str) -> object:
    """An int or float when the text is one; otherwise the text, for the model to refuse."""
    stripped = text.strip()
    if re.fullmatch(r"[+-]?\d{1,9}", stripped):
        return int(stripped)
    if re.fullmatch(r"[+-]?(\d{1,9}\.\d*|\.\d+)", stripped):
        return float(stripped)
    return stripped


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def field_text(data: dict[str, Any], field: Field) -> str:
    """What the field's input shows for the data."""
    if field.kind == "phases":
        tempo = data.get("tempo")
        phases = tempo if isinstance(tempo, list) else []
        return ", ".join(
            f"{p.get('name', '')} {_shown(p.get('seconds', ''))}".strip() for p in phases
        )
    if field.key == "tempo_rep":
        tempo = data.get("tempo")
        return "" if tempo is None or isinstance(tempo, list) else _shown(tempo)
    if field.kind == "variant":
        variant = data.get(field.key) or {}
        cue = variant.get("cue", "")
        return f"{variant.get('name', '')}: {cue}" if cue else str(variant.get("name", ""))
    value = data.get(field.key)
    if value is None:
        return ""
    if field.kind == "tags":
        return ", ".join(str(tag) for tag in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


PHASE = re.compile(r"^\s*(?P<name>[^\d,]*?)\s+(?P<seconds>[+-]?\d+(\.\d+)?)\s*$")


def set_field(data: dict[str, Any], field: Field, text: str) -> str | None:
    """Store the field's text in the data; returns a problem the model cannot see, if any."""
    if field.kind == "phases":
        phases = []
        for part in filter(str.strip, text.split(",")):
            found = PHASE.match(part)
            if found is None:  # the tempo stays as it was: only this problem is shown
                example = "'up 1, hold 5, down 1'"
                return f"phases read 'name seconds, ...' (like {example}), got {part.strip()!r}"
            phases.append({"name": found["name"], "seconds": _number(found["seconds"])})
        data["tempo"] = phases
        return None
    if field.key == "tempo_rep":
        data["tempo"] = _number(text)
        return None
    if field.kind == "variant":
        name, _, cue = text.partition(":")
        if not text.strip():
            data.pop(field.key, None)
            return None
        variant = dict(data.get(field.key) or {})
        variant["name"] = name.strip()
        variant["cue"] = cue.strip()
        if not variant["cue"]:
            variant.pop("cue")
        data[field.key] = variant
        return None
    if not text.strip() and field.optional:
        data.pop(field.key, None)
        return None
    if field.kind == "tags":
        data[field.key] = [tag.strip() for tag in text.split(",") if tag.strip()]
    elif field.kind in ("int", "number"):
        data[field.key] = _number(text)
    else:
        data[field.key] = text
    return None


def set_kind(exercise: dict[str, Any], kind: str) -> None:
    """Switch hold <-> reps, keeping a sensible amount for the new kind."""
    if exercise.get("kind") == kind:
        return
    exercise["kind"] = kind
    if kind == "reps":
        exercise.pop("seconds", None)
        exercise.setdefault("reps", 10)
    else:
        exercise.pop("reps", None)
        exercise.pop("tempo", None)
        exercise.setdefault("seconds", 30)


def set_tempo_mode(exercise: dict[str, Any], mode: str) -> None:
    """None, 3 s a rep, or up 1 / hold 1 / down 2 to start from."""
    if tempo_mode(exercise) == mode:
        return
    if mode == "none":
        exercise.pop("tempo", None)
    elif mode == "rep":
        exercise["tempo"] = 3
    else:
        exercise["tempo"] = [
            {"name": "up", "seconds": 1},
            {"name": "hold", "seconds": 1},
            {"name": "down", "seconds": 2},
        ]


def new_exercise() -> dict[str, Any]:
    """What Ctrl+N adds: a 30 s hold to rename and change."""
    return {"kind": "hold", "name": "New exercise", "seconds": 30}


class Draft:
    """The routine being edited, and what is wrong with it."""

    def __init__(self, data: RoutineData, taken: dict[str, str] | None = None) -> None:
        """`taken`: the ids the routine may not have, each with whose it is in words
        ("the bundled routine 'Core six'"); for a copy or a new routine."""
        self.taken = taken or {}
        self.data = copy.deepcopy(data)
        self.data.setdefault("exercises", [])
        self.saved = copy.deepcopy(self.data)
        self.local: dict[str, str] = {}
        """Problems found before the model sees the data (phases that do not parse)."""

    @property
    def exercises(self) -> list[dict[str, Any]]:
        """The exercises, in order."""
        exercises: list[dict[str, Any]] = self.data["exercises"]
        return exercises

    @property
    def changed(self) -> bool:
        """True when the draft differs from what was loaded or last saved."""
        return self.data != self.saved

    def check(self) -> tuple[Routine | None, dict[str, str]]:
        """The routine, if valid, and every problem by key path ("exercises[0].seconds")."""
        problems = dict(self.local)
        owner = self.taken.get(str(self.data.get("id")))
        if owner is not None:  # said as it is typed, not only when saving
            problems["id"] = f"'{self.data['id']}' is already the id of {owner}"
        try:
            routine = Routine.model_validate(self.data)
        except ValidationError as exc:
            for path, message in plain_errors(exc, Routine):
                # Phases that do not read are the tempo's one problem: the model, which
                # still sees the last good (or an empty) tempo, does not add another.
                if f"{path}.tempo" in self.local and message.startswith("tempo "):
                    continue
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

    def total_s(self) -> float | None:
        """The planned length, from the workout's own timeline; None while invalid."""
        routine, _ = self.check()
        return None if routine is None else compile_routine(routine).total_s

    def move(self, index: int, offset: int) -> int:
        """Move an exercise up (-1) or down (+1); returns where it is now."""
        target = index + offset
        if not (0 <= index < len(self.exercises) and 0 <= target < len(self.exercises)):
            return index
        items = self.exercises
        items[index], items[target] = items[target], items[index]
        self._shift_local()
        return target

    def add(self, after: int | None) -> int:
        """Add a new exercise after `after` (at the end when None); returns its index."""
        at = len(self.exercises) if after is None else after + 1
        self.exercises.insert(at, new_exercise())
        self._shift_local()
        return at

    def duplicate(self, index: int) -> int:
        """A copy of the exercise just below it; returns the copy's index."""
        self.exercises.insert(index + 1, copy.deepcopy(self.exercises[index]))
        self._shift_local()
        return index + 1

    def delete(self, index: int) -> None:
        """Remove one exercise."""
        del self.exercises[index]
        self._shift_local()

    def _shift_local(self) -> None:
        # Phase problems are re-found when their field is shown again; a moved list
        # would leave them at the wrong index.
        self.local.clear()

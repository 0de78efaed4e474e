"""The editor's form as text: each field, what it shows, and how its text is read back.

Pure (no Textual). A field's text becomes a value of the routine's plain data
(the file's own keys); the model (`Routine`) judges the whole afterwards, so
text it would refuse ("abc" seconds) is stored as it is, for it to say why.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from coretui.plain_text import as_tag
from coretui.workout.routine_models import HoldExercise, Routine
from coretui.workout.routine_types import FALLING_PHASES, RISING_PHASES, STILL_PHASES

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
    # The name first: a new routine is named, and its id follows the name until typed.
    Field("name", "Name", "text"),
    Field("id", "Id", "text", hint="lowercase letters a-z, digits, hyphens; names the file"),
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
        "Exercise rest (s)",
        "int",
        optional=True,
        hint=_default(Routine, "rest_between_exercises_s"),
    ),
    Field("equipment", "Equipment", "tags", optional=True, hint="tags, comma separated"),
)

TEMPO_MODES = (("none", "your own pace"), ("rep", "seconds per rep"), ("phases", "named phases"))


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
    """ "none", "rep" (a number) or "phases" (a list; or a file's text of them,
    `tempo = "up 2, hold 1"`, which the phases field reads as it would read it typed)."""
    tempo = exercise.get("tempo")
    if tempo is None:
        return "none"
    if isinstance(tempo, str) and not isinstance(read_phases(tempo), str):
        return "phases"
    return "phases" if isinstance(tempo, list) else "rep"


def number_from_text(text: str) -> object:
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
        if isinstance(tempo, str):  # (a file's text of phases: `tempo_mode`)
            return tempo
        phases = tempo if isinstance(tempo, list) else []
        return ", ".join(
            f"{p.get('name', '')} {_shown(p.get('seconds', ''))}".strip() for p in phases
        )
    if field.key == "tempo_rep":
        tempo = data.get("tempo")
        return "" if tempo is None or isinstance(tempo, list) else _shown(tempo)
    if field.kind == "variant":
        variant = data.get(field.key) or {}
        if not isinstance(variant, dict):  # (a file's slip: `easier = "Knee plank"`)
            return str(variant)
        cue = variant.get("cue", "")
        return f"{variant.get('name', '')}: {cue}" if cue else str(variant.get("name", ""))
    value = data.get(field.key)
    if value is None:
        return ""
    if field.kind == "tags":
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


SECONDS = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
"""As `number_from_text` reads them: "2", "1.5", ".5", "1."."""
UNITS = ("s", "sec", "secs", "second", "seconds")
"""Seconds may be typed with their unit, as the routine list writes them: "up 2 s"."""
_WITH_UNIT = re.compile(rf"({SECONDS.pattern})({'|'.join(UNITS)})", re.IGNORECASE)
_KNOWN = "|".join((*RISING_PHASES, *FALLING_PHASES, *STILL_PHASES))
_WITH_NAME = re.compile(rf"({SECONDS.pattern})({_KNOWN})", re.I)
"""After a phase's name, its seconds and the next one's name, known to the tempo, with
the space and comma between left out: "hold 1down". ("2nd", "10cm": names of their own.)"""


def typed_phases(part: str) -> list[tuple[str, str]] | None:
    """The phases in `part` as (name, seconds): "up 2 hold 1 down 2" (typed without
    commas, it was one phase of 2 s named "up 2 hold 1 down", where 5 s were meant),
    "up 2 s", "hold2 5", "down 2up 1" (a comma and space left out: "down 2, up 1"); a
    file's phase named with a number ("up 1" of 2 s) reads back from "up 1 2". None
    when it does not read so: a name or seconds missing, or a unit that could be a name
    ("up 2 s 3")."""
    tokens: list[str] = []
    for token in part.split():
        glued = _WITH_UNIT.fullmatch(token)
        tokens += [glued[1], glued[2]] if glued else [token]
    phases: list[tuple[str, str]] = []
    words: list[str] = []
    after_seconds = False
    for token in tokens:
        if words and (glued := _WITH_NAME.fullmatch(token)):
            phases.append((" ".join(words), glued[1]))
            words, after_seconds = [glued[2]], False
        elif SECONDS.fullmatch(token):
            if not words:  # two numbers: the first was the name's ("up 1" of 2 s)
                if not after_seconds:
                    return None
                words = list(phases.pop())
            phases.append((" ".join(words), token))
            words, after_seconds = [], True
        elif after_seconds and not words and token.lower() in UNITS:
            after_seconds = False  # its unit, said
        else:
            words.append(token)
            after_seconds = False
    return phases if phases and not words else None


PHASE_SEPARATORS = re.compile(r"[,;/]")
"""Between phases: a comma, or a semicolon or slash (the routine list writes "/")."""


def read_phases(text: str) -> list[tuple[str, str]] | str:
    """Every phase in `text` ("up 2, hold 1") as `typed_phases` reads them, or the
    first part that does not read so ("" when there is none at all)."""
    phases: list[tuple[str, str]] = []
    for part in filter(str.strip, PHASE_SEPARATORS.split(text)):
        found = typed_phases(part)
        if found is None:
            return part.strip()
        phases += found
    return phases or ""


def set_field(data: dict[str, Any], field: Field, text: str) -> str | None:
    """Store the field's text in the data; returns a problem the model cannot see, if any."""
    if field.kind == "phases":
        found = read_phases(text)
        if isinstance(found, str) and found:  # the tempo stays as it was: only this is said
            example = "'up 1, hold 5, down 1'"
            return f"phases read 'name seconds, ...' (like {example}), got {found!r}"
        data["tempo"] = [{"name": n, "seconds": number_from_text(s)} for n, s in found or []]
        return None
    if field.key == "tempo_rep":
        data["tempo"] = number_from_text(text)
        return None
    if field.kind == "variant":
        if not text.strip():
            data.pop(field.key, None)
            return None
        old = data.get(field.key)
        variant = dict(old) if isinstance(old, dict) else {}
        name, cue = _variant_parts(text, str(variant.get("name", "")))
        variant["name"] = name.strip()
        variant["cue"] = cue.strip()
        if not variant["cue"]:
            variant.pop("cue")
        data[field.key] = variant
        return None
    if not text.strip() and field.optional:
        data.pop(field.key, None)
        return None
    if field.kind == "tags":  # typed as words, as the settings take them: "Swiss ball"
        tags = (as_tag(tag.strip()) for tag in text.split(",") if tag.strip())
        data[field.key] = list(dict.fromkeys(tags))  # "mat, Mat": the mat once
    elif field.kind in ("int", "number"):
        data[field.key] = number_from_text(text)
    elif field.key in ("id", "name"):  # (" Plank " was saved with its spaces)
        data[field.key] = text.strip()
    else:
        data[field.key] = text
    return None


_NAME_ENDS = re.compile(r"(?<!\d):|:(?!\d)")
"""The colon between a variant's name and its cue: any but one between two digits, as
in a ratio ("Plank 2:1 breathing"), which is the name's."""


def _variant_parts(text: str, name: str) -> tuple[str, str]:
    """A variant field's text as (name, cue), split at its first colon not between two
    digits; but a name that holds such a colon itself ("Hold: knees") is kept while
    the text still begins with it."""
    if name and text.strip() == name:
        return name, ""
    if name and _NAME_ENDS.search(name) and text.startswith(f"{name}:"):
        return name, text[len(name) + 1 :]
    found = _NAME_ENDS.search(text)
    return (text, "") if found is None else (text[: found.start()], text[found.end() :])


def set_kind(
    exercise: dict[str, Any], kind: str, kept: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Switch hold <-> reps, keeping a sensible amount for the new kind.

    Returns what the old kind had that the new one has no use for. Given back as
    `kept` when the kind is switched back, it is taken up again: a 60 s plank made
    reps and a hold again is 60 s, not the 30 s a new hold gets.
    """
    if exercise.get("kind") == kind:
        return {}
    dropped = ("seconds",) if kind == "reps" else ("reps", "tempo")
    aside = {key: exercise.pop(key) for key in dropped if key in exercise}
    exercise["kind"] = kind
    places = {"": exercise, "easier": exercise.get("easier"), "harder": exercise.get("harder")}
    for key, value in (kept or {}).items():
        if key.startswith("figure:"):  # the rep's poses, back in place of the hold's one
            place = places.get(key.removeprefix("figure:"))
            if isinstance(place, dict) and "figure" in place:
                place["figure"] = value
        elif key not in dropped:
            exercise.setdefault(key, value)
    if kind == "reps":
        exercise.setdefault("reps", 10)
        return aside
    exercise.setdefault("seconds", 30)
    # A hold's figure has one pose, and the form has no field for figures: keep the one
    # the rep's first phase moves to (the top of a hip raise), not a problem no field
    # could mend.
    for name, place in places.items():
        figure = place.get("figure") if isinstance(place, dict) else None
        keyframes = figure.get("keyframes") if isinstance(figure, dict) else None
        if isinstance(figure, dict) and isinstance(keyframes, list) and len(keyframes) > 1:
            aside[f"figure:{name}"] = copy.deepcopy(figure)
            stops = [pose for pose in keyframes if not _is_via(pose)] or keyframes
            figure["keyframes"] = [stops[min(1, len(stops) - 1)]]  # not one passed on the way
    return aside


def _is_via(pose: object) -> bool:
    """A keyframe passed on the way (`via = true`), not one a phase ends at."""
    return isinstance(pose, dict) and pose.get("via") is True


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

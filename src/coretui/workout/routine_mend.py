"""A routine file that did not load, opened in the editor to be mended there.

A slip made by hand (a negative time, a word where a number goes, a key misspelt)
keeps the whole file from loading. The editor shows most such files with each
problem beside its field. On the way in, what no field of the form could mend is
set right and said in the editor's note:

- a key the routine model has no place for is read as the key it is a slip for
  (`cues` as `cue`) when that one is free, else left out (its value quoted whole in
  the note, to be typed where it belongs);
- a missing, malformed or taken id becomes the file's name in an id's letters,
  numbered when taken (the form keeps an existing file's id; the file's name is how
  `coretui edit NAME` found it);
- a value of the wrong type is read back from the text its field shows, so that
  what looks right is right: `seconds = "5"` shows 5, and is 5 (and `per_side =
  "yes"` ticks the box, and is true).

A file the form cannot hold at all (exercises that are not tables, a bad figure) is
refused in one line, with its problem as `coretui validate` says it.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coretui.model_places import dotted
from coretui.plain_errors import plain_errors, unknown_keys
from coretui.plain_text import set_already, shown, shown_text
from coretui.problem_words import message_after
from coretui.workout.draft_fields import (
    ROUTINE_FIELDS,
    Field,
    exercise_fields,
    field_text,
    number_from_text,
    set_field,
)
from coretui.workout.routine_files import RoutineData, free_id
from coretui.workout.routine_models import Routine as RoutineModel
from coretui.workout.routine_sources import NOT_READ, ROUTINE_SUFFIXES, LoadError, numbered

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
"""An id as the routine model takes it (`Slug`)."""


@dataclass
class Mended:
    """A file's table ready for the form, and what was set right on the way in."""

    data: RoutineData
    said: list[str] = field(default_factory=list)


def mendable(file: str, taken: tuple[str, ...]) -> bool:
    """Whether the editor can show the routine file `file` (`mend_file`); read again
    only once it changed (the palette asks at every key typed, the list at each change)."""
    try:
        stat = os.stat(file)
    except OSError:
        return False
    return _mendable_as_of(file, stat.st_mtime_ns, stat.st_size, taken)


@lru_cache(maxsize=64)
def _mendable_as_of(file: str, _mtime_ns: int, _size: int, taken: tuple[str, ...]) -> bool:
    return not isinstance(mend_file(Path(file), taken), str)


def mend_file(file: Path, taken: Collection[str] = ()) -> Mended | str:
    """The routine file `file` (of the user's, which did not load) for the editor, or
    why it has to be mended by hand, in one line. `taken`: the ids of the routines that
    loaded, which this one may not have."""
    from coretui.history.files import open_regular
    from coretui.problem_words import os_reason
    from coretui.workout.routines import MAX_FILE_BYTES, routine_table

    if file.suffix.lower() not in ROUTINE_SUFFIXES:  # ("mine.toml.txt": never read)
        return f"{file}: {NOT_READ}; rename it"
    try:
        with open_regular(file) as handle:  # a named pipe there is refused, not waited on
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return f"{file}: {os_reason(exc)}"
    if len(data) > MAX_FILE_BYTES:
        return f"{file}: too large: more than {MAX_FILE_BYTES:,} bytes; mend it by hand"
    table = routine_table(str(file), data)
    if isinstance(table, list):
        return f"{table[0]}; mend it by hand"
    mended = Mended(table)
    for _ in range(4):  # (a key read as another, `[[exercise]]`, is checked in its place)
        _read_kinds(mended)
        if (place := shape_problem(mended.data)) is not None:
            return _shape_refusal(file, mended, place)
        if not _leave_out_unknown_keys(mended):
            break
    _mend_id(mended, file, set(taken))
    _read_back(mended.data)
    mended.data.setdefault("exercises", [])  # (as the editor's draft holds it)
    return _figure_problem(mended, file) or mended


def _read_kinds(mended: Mended) -> None:
    """An exercise's kind in capitals (`"Hold"`) is that kind; any other is left out,
    for the user to choose on the form (which shows no kind as "choose")."""
    exercises = mended.data.get("exercises")
    for index, exercise in enumerate(exercises if isinstance(exercises, list) else []):
        if not isinstance(exercise, dict) or exercise.get("kind", "hold") in ("hold", "reps"):
            continue
        kind, where = exercise.pop("kind"), numbered(f"exercises[{index}].kind")
        if isinstance(kind, str) and kind.strip().lower() in ("hold", "reps"):
            exercise["kind"] = kind.strip().lower()
            mended.said.append(f"Read {where} {quoted(kind)} as '{exercise['kind']}'.")
        else:
            said = "not 'hold' or 'reps' (choose one)"
            mended.said.append(f"Left out {where} = {quoted(kind)}: {said}.")


def _shape_refusal(file: Path, mended: Mended, place: str) -> str:
    """Why the form cannot hold the file, as `coretui validate` says it, in one line."""
    from coretui.workout.routines import checked_routine

    errors = checked_routine(str(file), mended.data)
    problems = errors if isinstance(errors, list) else []
    # (pydantic says an exercise's unknown kind at the exercise itself)
    first = next((e for e in problems if e.path.startswith(place.removesuffix(".kind"))), None)
    said = f" ({' '.join(mended.said)})" if mended.said else ""  # "Read exercise as exercises."
    problem = first or f"{file}: {numbered(place)}: the editor cannot show it"
    return f"{problem}{said}; mend it by hand"


def _figure_problem(mended: Mended, file: Path) -> str | None:
    """A figure's problem, which no field of the form shows: the file is mended by hand."""
    try:
        RoutineModel.model_validate(mended.data)
    except ValidationError as exc:
        for path, message in plain_errors(exc, RoutineModel):
            if ".figure" in path:
                return f"{LoadError(str(file), path, message)}; mend it by hand"
    return None


def shape_problem(data: dict[str, Any]) -> str | None:
    """The place of the first thing the form cannot hold (its path), or None: the
    exercises must be a list of tables of a kind the form knows (or none yet), and
    tempo phases tables; equipment and variants are lists, tables or text."""
    exercises = data.get("exercises", [])
    if not isinstance(exercises, list):
        return "exercises"
    for index, exercise in enumerate(exercises):
        place = f"exercises[{index}]"
        if not isinstance(exercise, dict):
            return place
        if exercise.get("kind", "hold") not in ("hold", "reps"):
            return f"{place}.kind"
        tempo = exercise.get("tempo")
        if isinstance(tempo, list) and not all(isinstance(p, dict) for p in tempo):
            return f"{place}.tempo"
        for key in ("easier", "harder"):
            if not isinstance(exercise.get(key, ""), dict | str):
                return f"{place}.{key}"
    return None


def _leave_out_unknown_keys(mended: Mended) -> bool:
    """Leave out (or read as the key meant) each unknown key; whether any was read as
    another key, whose value is then to be checked in its place."""
    moved = False
    found = _unknown_keys(mended.data)
    if found:
        messages, unknown = found
        for path, known in unknown:
            owner: Any = mended.data
            try:
                for part in path[:-1]:
                    owner = owner[part]
                value = owner.pop(path[-1])
            except (KeyError, IndexError, TypeError, AttributeError):
                continue  # (not where the path says: left for its field to show)
            where = dotted(path)
            free = [key for key in known if key not in owner and key != "kind"]
            needed = [key for key in free if known[key]]  # (`secs` for a missing `seconds`)
            if meant := difflib.get_close_matches(
                str(path[-1]), needed, n=1, cutoff=MEANT_NEEDED
            ) or difflib.get_close_matches(str(path[-1]), free, n=1, cutoff=MEANT):
                owner[meant[0]] = value  # a slip of the keyboard: `cues`, `saftey`, `set`
                mended.said.append(f"Read {numbered(where)} as {meant[0]}.")
                moved = True
                continue
            message = message_after(where, messages.get(where, "unknown key"))
            if told := set_already(str(path[-1]), owner, (), known):  # not meant: it is set
                message = f"unknown key, {told}"
            mended.said.append(f"Left out {numbered(where)} = {quoted(value)}: {message}.")
    return moved


def _unknown_keys(
    data: RoutineData,
) -> tuple[dict[str, str], list[tuple[list[int | str], dict[str, bool]]]] | None:
    """The model's messages and the keys it has no place for (each with the keys its
    table could have), or None when there are none.

    An exercise with no kind yet is checked as a hold and as a rep set: its keys would
    otherwise show only once a kind is chosen, with no field. A key is unknown to it
    when neither kind has it (`reps` is a rep set's, `colour` neither's).
    """
    exercises = data.get("exercises", [])
    found: list[tuple[dict[str, str], dict[str, tuple[list[int | str], dict[str, bool]]]]] = []
    for kind in ("hold", "reps"):
        probe = {**data, "exercises": [{"kind": kind, **ex} for ex in exercises]}
        try:
            RoutineModel.model_validate(probe)
        except ValidationError as exc:
            keys = {dotted(path): (path, known) for path, known in unknown_keys(exc, RoutineModel)}
            found.append((dict(plain_errors(exc, RoutineModel)), keys))
        else:
            return None
    (messages, as_hold), (_, as_reps) = found
    return messages, [
        (path, {**as_reps[where][1], **known})
        for where, (path, known) in as_hold.items()
        if where in as_reps
    ]


MEANT = 0.8
"""How close an unknown key is to a key its table lacks to be read as that key
(`cues` and `cue` 0.86, `saftey` and `safety` 0.83; `colour` and `cue` 0.44)."""
MEANT_NEEDED = 0.6
"""The same, for a key the table must have and lacks (`secs` and `seconds` 0.73)."""


def quoted(value: object) -> str:
    """A left-out value whole enough to type back, on one line: a table or list as JSON
    (an inf in it as Python's JSON has it, Infinity), a bare inf or nan as TOML has it."""
    if isinstance(value, dict | list):
        return shown_text(json.dumps(value, ensure_ascii=False, default=str), 200)
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # (inf, -inf, nan)
    return shown_text(shown(value) if not isinstance(value, str) else f"'{value}'", 200)


def _mend_id(mended: Mended, file: Path, taken: set[str]) -> None:
    """Give the routine its file's name (in an id's letters) as id when its own is
    missing, malformed or taken."""
    given = mended.data.get("id")
    if isinstance(given, str) and ID.fullmatch(given) and len(given) <= 64 and given not in taken:
        return
    if given is None:
        why = "the file has no id"
    elif isinstance(given, str) and given in taken:
        why = f"its id {shown(given)} is another routine's"
    else:
        why = f"its id {shown(given)} is not lowercase letters a-z, digits and hyphens"
    name = _id_of_name(file.stem, taken)
    mended.data["id"] = name
    whose = "the file's name" if name == file.stem else "made of the file's name"
    mended.said.append(f"Id set to '{name}', {whose}: {why}.")


def _id_of_name(stem: str, taken: set[str]) -> str:
    """The file's name as an id, or one made of it: "My Routine" gives "my-routine",
    "Rücken Übung" "rucken-ubung", a name of no such letters "my-routine", and one
    taken a number ("core-six-2")."""
    letters = unicodedata.normalize("NFKD", stem.casefold()).encode("ascii", "ignore").decode()
    base = "-".join(re.findall(r"[a-z0-9]+", letters))[:60].strip("-") or "my-routine"
    return free_id(base, taken)


def _read_back(data: RoutineData) -> None:
    """Each value of a type its field cannot hold, as the field's text reads."""
    _read_fields(data, ROUTINE_FIELDS)
    for exercise in data.get("exercises", []):
        _read_fields(exercise, exercise_fields(exercise))


YES_NO = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
"""A box's words as people write them in a file (`per_side = "yes"`): the box shows them so."""


def _read_fields(values: dict[str, Any], fields: tuple[Field, ...]) -> None:
    for each in fields:
        key = "tempo" if each.key.startswith("tempo_") else each.key
        if key not in values or each.kind in ("kind", "tempo"):
            continue
        value = values[key]
        if each.kind == "bool":
            if isinstance(value, str) and value.strip().lower() in YES_NO:
                values[key] = YES_NO[value.strip().lower()]
            elif value in (0, 1) and not isinstance(value, bool):  # (the box shows 1 ticked)
                values[key] = bool(value)
        elif each.kind == "int" and isinstance(value, float) and value.is_integer():
            values[key] = int(value)  # `seconds = 30.0` shows 30: it is 30
        elif each.kind == "phases" and isinstance(value, str):  # `tempo = "up 2, hold 1"`
            set_field(values, each, value)
        elif each.kind == "phases" and isinstance(value, list):
            for phase in value:  # (each a table: `shape_problem`) only those given as text
                if isinstance(seconds := phase.get("seconds"), str):
                    phase["seconds"] = number_from_text(seconds)
        elif each.kind == "variant" and isinstance(value, dict):
            if isinstance(name := value.get("name"), int | float) and not isinstance(name, bool):
                value["name"] = field_text({"name": name}, Field("name", "", "text"))
        elif not _right_type(value, each):
            set_field(values, each, field_text(values, each))


def _right_type(value: object, each: Field) -> bool:
    """Whether the field holds `value` as it is (else its text is read back)."""
    if each.kind == "text":
        return isinstance(value, str)
    if each.kind in ("int", "number") or each.key == "tempo_rep":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if each.kind == "tags":
        return isinstance(value, list)
    if each.kind == "variant":
        return isinstance(value, dict)
    return True

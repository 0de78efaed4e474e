"""Writing routine files: readable TOML in the bundled files' order, saved atomically.

Pure (no Textual): the editor and `coretui new` both build a routine as plain
data (the model's own keys, so keys the editor does not know are kept) and save
it here.
"""

from __future__ import annotations

import errno
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from coretui.history.files import NOT_A_FILE, open_regular
from coretui.safe_files import atomic_write, keep_copy
from coretui.textsafe import printable
from coretui.toml_keys import read_toml
from coretui.toml_text import toml_key, toml_value
from coretui.workout.overlays import Change, apply_overlay, change_words
from coretui.workout.routine_types import MAX_NAME
from coretui.workout.routines import Routine, checked_routine

RoutineData = dict[str, Any]
"""A routine as a file holds it: its keys and values, in any order."""

ROUTINE_ORDER = (
    "id",
    "name",
    "description",
    "credit",
    "equipment",
    "lead_in_s",
    "rest_between_sets_s",
    "rest_between_exercises_s",
)
EXERCISE_ORDER = (
    "kind",
    "name",
    "seconds",
    "reps",
    "sets",
    "rest_s",
    "per_side",
    "switch_s",
    "tempo",
    "equipment",
    "cue",
    "safety",
    "rest_after_s",
)
VARIANT_ORDER = ("name", "cue", "safety", "equipment")


@dataclass(frozen=True)
class Saved:
    """What the editor wrote: the routine's id, its file, its hand-written form's copy."""

    routine_id: str
    path: Path
    kept: Path | None = None
    poses_dropped: tuple[str, ...] = ()
    """Exercises made holds, whose figures were saved with one pose of their rep's."""


def saved_words(saved: Saved) -> str:
    """What the routine list says of a save: where, and what was kept of the file."""
    said, kept = f"Saved {saved.path}", saved.kept and saved.kept.name
    if saved.poses_dropped:
        names = " and ".join(f"{name}'s" for name in saved.poses_dropped)
        keeps = "figure keeps" if len(saved.poses_dropped) == 1 else "figures keep"
        said += f"; {names} {keeps} one pose, as a hold's does"
        return said + (f" (the file as it was is kept as {kept})" if kept else "")
    return said + (f"; the file as you wrote it is kept as {kept}" if kept else "")


def routine_data(routine: Routine) -> RoutineData:
    """A routine as plain data to write: its own keys but the empty ones, and of its
    exercises and figures only what differs from the defaults; a whole number of
    seconds as the user wrote it ("tempo": 3, not 3.0)."""
    data: RoutineData = _whole(msgspec.to_builtins(routine))
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def _whole(value: Any) -> Any:
    """`value` with each float that holds a whole number as an int, all the way down."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole(item) for item in value]
    return value


_LEFT_OUT = {
    field.name: field.default
    for field in msgspec.structs.fields(Routine)
    if field.name in ("lead_in_s", "rest_between_sets_s", "rest_between_exercises_s")
}
"""The routine's defaults `routine_data` writes out (see `Routine`), but a file may omit."""


def editable_now(routine: Routine, file: Path) -> RoutineData:
    """`editable_data` of the routine as its file holds it now, read again: another
    window may have changed it since the list read it (the editor would save the list's
    copy over that change); as `routine` when it no longer loads."""
    from coretui.workout.routines import load_routine_file

    found = load_routine_file(file)
    return editable_data(found if isinstance(found, Routine) else routine, file)


def editable_data(routine: Routine, file: Path) -> RoutineData:
    """The user's own routine as the editor opens it: `routine_data`, but the lead-in and
    rests the file leaves to their defaults stay left out (shown as "empty: 10"), as
    the editor wrote them: saved unchanged, the file gained three keys."""
    data = routine_data(routine)
    try:
        with open_regular(file) as handle:  # a named pipe there is not waited on
            text = handle.read().decode("utf-8-sig")  # (a byte order mark, as loading allows)
        written = json.loads(text) if file.suffix.lower() == ".json" else read_toml(text)
    except (OSError, UnicodeDecodeError, ValueError):
        return data
    if isinstance(written, dict):  # (a JSON file holding a list did not load anyway)
        for key, default in _LEFT_OUT.items():
            if key not in written and data.get(key) == default:
                del data[key]
    return data


def new_routine_data(taken: Iterable[str]) -> RoutineData:
    """What the editor starts a new routine from: "my-routine" (or -2, -3, ...), empty."""
    used, routine_id, number = set(taken), "my-routine", 2
    while routine_id in used:
        routine_id, number = f"my-routine-{number}", number + 1
    return {"id": routine_id, "name": "My routine", "exercises": []}


def copy_id(base: str, taken: Iterable[str]) -> str:
    """`core-six-copy`, then `core-six-copy-2`, ... : the first id not yet used."""
    return free_id(re.sub(r"-copy(-\d+)?$", "", base)[:50] + "-copy", taken)


def id_from_name(name: str, taken: Iterable[str]) -> str:
    """The id a new routine's name makes: "Runner back rehab" -> "runner-back-rehab"
    (-2, -3... when taken; "my-routine" from a name with no letter a-z or digit)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    plain = plain.replace("'", "")  # "Runner's" reads "runners" (a curly one went above)
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:50].strip("-")
    return free_id(slug or "my-routine", taken)


def free_id(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`... : the first not yet used."""
    used = set(taken)
    name, number = base, 2
    while name in used:
        name, number = f"{base}-{number}", number + 1
    return name


def copy_name(name: str, new_id: str) -> str:
    """ "Core six (full session)" -> "Core six (full session, my copy)"; a second copy
    "(full session, my copy 2)"; "Plank" -> "Plank (my copy)". (The words in brackets
    were dropped: the copies of "Core six (full session)" and "(mat only)" had one name.)

    A name too long to take the words is cut short ("…") so that the copy's fits.
    """
    number = re.search(r"-copy-(\d+)$", new_id)
    mine = f"my copy {number.group(1)}" if number else "my copy"
    base = re.sub(r"(\s*\(|, )my copy( \d+)?\)$", lambda m: "" if "(" in m[1] else ")", name)
    bracket = re.fullmatch(r"(?P<plain>.*\S)\s*\((?P<words>[^()]+)\)", base)
    if bracket is not None and len(bracket["words"]) <= MAX_NAME // 3:
        plain, said = bracket["plain"], f" ({bracket['words']}, {mine})"
    else:
        plain, said = base.strip() or name, f" ({mine})"
    if len(plain) + len(said) > MAX_NAME:
        plain = plain[: MAX_NAME - len(said) - 1].rstrip() + "…"
    return plain + said


def copied(
    routine: Routine, changes: dict[str, Change], taken: Iterable[str]
) -> tuple[RoutineData, str]:
    """A routine's copy under a new id and name, with the user's progress applied.

    Returns the data and a note saying which of the user's numbers it starts from.
    """
    current, _easier = apply_overlay(routine, changes)
    data = routine_data(current)
    data["id"] = copy_id(routine.id, taken)
    data["name"] = copy_name(routine.name, data["id"])
    progress = [words for name, change in changes.items() if (words := change_words(name, change))]
    note = f"Copy of {routine.name}"
    if progress:
        note += " with your progress: " + "; ".join(progress)
    return data, note


def starting_routine(routine_id: str) -> RoutineData:
    """A new routine to fill in: one short plank, so the file is valid at once."""
    name = routine_id.replace("-", " ").capitalize()
    return {
        "id": routine_id,
        "name": name,
        "exercises": [{"kind": "hold", "name": "Plank", "seconds": 30, "cue": ""}],
    }


# -- TOML --------------------------------------------------------------------------------


def _ordered(data: dict[str, Any], order: tuple[str, ...]) -> list[tuple[str, Any]]:
    known = [(key, data[key]) for key in order if key in data]
    return known + [(key, value) for key, value in data.items() if key not in order]


def _table(data: dict[str, Any], order: tuple[str, ...], prefix: str) -> list[str]:
    """Plain keys first; tables (a variant, say) after, as their own sections."""
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []
    for key, value in _ordered(data, order):
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    for key, value in tables:
        lines += [
            "",
            f"[{prefix}{toml_key(key)}]",
            *_table(value, VARIANT_ORDER, f"{prefix}{key}."),
        ]
    return lines


def routine_toml(data: RoutineData, comment: str = "") -> str:
    """A routine as TOML a person can read and edit, in the bundled files' order."""
    top = {k: v for k, v in data.items() if k != "exercises"}
    # (A name in it, "Copy of ...", written out: TOML takes no control character in a
    # comment, and a terminal showing the file would take the escape.)
    lines = [f"# {printable(line)}" for line in comment.split("\n")] if comment else []
    if lines:
        lines.append("")
    lines += _table(top, ROUTINE_ORDER, "")
    for exercise in data.get("exercises", []):
        lines += ["", "[[exercises]]", *_table(exercise, EXERCISE_ORDER, "exercises.")]
    return "\n".join(lines) + "\n"


def routine_text(data: RoutineData, path: Path, comment: str = "") -> str:
    """The file's text: JSON for a .json file (kept as the user wrote it, with the
    "$schema" it names, which loading leaves out), else TOML."""
    if path.suffix.lower() == ".json":
        return json.dumps({**_schema_named(path), **data}, indent=2, ensure_ascii=False) + "\n"
    return routine_toml(data, comment)


def _schema_named(path: Path) -> dict[str, Any]:
    """{"$schema": where} when the JSON file at `path` names one, else {}."""
    try:
        with open_regular(path) as handle:  # a named pipe there is not waited on
            where = json.loads(handle.read().decode("utf-8-sig")).get("$schema")
    except (OSError, ValueError, AttributeError, RecursionError):
        return {}
    return {"$schema": where} if isinstance(where, str) else {}


EDITOR_COMMENT = "Made with coretui's routine editor."
NEW_COMMENT = "A new routine: change it with 'coretui edit', or by hand."
NEW_FROM_COMMENT = "A new routine from {name}: change it with 'coretui edit', or by hand."
"""Above what `coretui new ID --from ROUTINE` writes (its id is the user's, not a copy's).
These are the comments coretui writes above a routine (and a copy's "Copy of ..." line)."""


def save_routine(
    data: RoutineData, path: Path, comment: str = "", *, keep: bool = False
) -> Path | None:
    """Write the routine atomically: the old file stays whole if the disk refuses.

    A file there that did not load (`keep`: the caller knows it did not, as when its
    id is another routine's) or is not in coretui's own form (written by hand:
    comments of the user's, a key left out as unknown, another order) is first copied
    to `<name>.bak` (`.bak.1`... when one is there), whose path is returned: nothing
    the user wrote is lost to a save. Raises OSError (a full or read-only disk) with
    the old file untouched.
    """
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if path.exists() and not path.is_file():  # a named pipe would be read for ever
        raise OSError(NOT_A_FILE)
    copy = keep_copy(path) if (keep and path.exists()) or not _own_form(path) else None
    atomic_write(path, routine_text(data, path, comment))
    return copy


def file_bytes(path: Path) -> bytes | None:
    """The file's bytes as they are now; None when it is not there or cannot be read
    (a named pipe there is not waited on)."""
    try:
        with open_regular(path) as handle:
            return handle.read()
    except OSError:
        return None


def save_question(
    path: Path, own: Path | None, opened: bytes | None
) -> tuple[str, str, str] | None:
    """What to ask before the editor saves to `path` (title, detail, the yes button), or
    None to save at once: another file there (not `own`, the file being edited), or
    `own` changed since it was `opened` (another window, a sync) or gone."""
    if path != own:
        return (f"Replace {path.name}?", replaced_words(path), "Replace") if path.exists() else None
    now = file_bytes(path)
    if now == opened:
        return None
    if now is None:
        return f"{path.name} was removed since you opened it", "Saving writes it again.", "Save"
    said = f"Saving keeps what it holds now as a copy ({path.name}.bak) and writes yours."
    return f"{path.name} changed since you opened it", said, "Save"


def replaced_words(path: Path) -> str:
    """What saving over `path` replaces, for the question asked first: the routine it
    holds, by name and id, or only its path (a file that did not load is kept as
    `.bak` by `save_routine`)."""
    from coretui.workout.routines import load_routine_file

    found = load_routine_file(path)
    if not isinstance(found, Routine):
        return str(path)
    name = printable(found.name, single_line=True)
    return f"{path} holds your routine '{name}' (id {found.id}): saving replaces it."


def _own_form(path: Path) -> bool:
    """Whether the file is gone, or is a routine that loads, word for word as coretui
    writes it (under one of its own comments): saving over it loses nothing the user
    wrote."""
    try:
        with open_regular(path) as handle:  # a named pipe there is not waited on
            text = handle.read().decode("utf-8")
    except FileNotFoundError:
        return True
    except (OSError, UnicodeDecodeError):
        return False
    try:
        table = json.loads(text) if path.suffix.lower() == ".json" else read_toml(text)
        if not isinstance(table, dict):
            return False
        comment = "" if path.suffix.lower() == ".json" else _own_comment(text, table)
        checked = {key: value for key, value in table.items() if key != "$schema"}
        return (
            comment is not None
            and text == routine_text(checked, path, comment)
            and isinstance(checked_routine(str(path), checked), Routine)
        )
    except Exception:  # anything odd (nested too deeply, a TOML date): keep a copy
        return False


def _own_comment(text: str, table: dict[str, Any]) -> str | None:
    """The comment above the routine when it is one coretui writes ("" for none), else
    None: a comment of the user's is theirs to keep. A "Copy of ..." line is coretui's
    only above a routine whose id it made for a copy (`core-six-copy`)."""
    lines = text.splitlines()
    count = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    comment = "\n".join(line.removeprefix("# ") for line in lines[:count])
    copy_of = re.fullmatch(r"Copy of .+", comment) and re.search(
        r"-copy(-\d+)?$", str(table.get("id", ""))
    )
    new_from = re.fullmatch(re.escape(NEW_FROM_COMMENT).replace(r"\{name\}", ".+"), comment)
    own = comment in ("", EDITOR_COMMENT, NEW_COMMENT) or (count == 1 and bool(copy_of or new_from))
    return comment if own else None

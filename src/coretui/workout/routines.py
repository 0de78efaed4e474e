"""Loading routine files, with readable errors; the routines as the program runs them.

A routine is data only. Files are TOML or JSON, checked by the pydantic models
of `coretui.workout.routine_models` (every model forbids unknown keys, so a typo
is an error rather than a silently ignored setting); a checked routine becomes
the plain, immutable structs of `coretui.workout.routine_types` (re-exported
here). pydantic is imported only to check a file:
a routine the start cache already checked comes back without it.
"""

from __future__ import annotations

import errno
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Literal

from coretui.plain_text import not_utf8, shown_text, syntax_message
from coretui.problem_words import os_reason
from coretui.safe_files import link_gone
from coretui.toml_keys import DeepKeyError, DuplicateKey, read_toml, unique_keys
from coretui.workout.routine_sources import (
    ROUTINE_SUFFIXES,
    Found,
    LoadError,
    arrange,
    bundled_dir,
    bundled_files,
    routine_folder,
    user_routine_files,
)
from coretui.workout.routine_types import (
    MAX_FILE_BYTES,
    Exercise,
    HoldExercise,
    Phase,
    RepsExercise,
    Routine,
    Variant,
)

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = [  # the routine types are re-exported (the limits are in routine_types)
    "MAX_FILE_BYTES",
    "MAX_MESSAGE",
    "ROUTINE_SUFFIXES",
    "Exercise",
    "HoldExercise",
    "Library",
    "LoadError",
    "LoadedRoutine",
    "Phase",
    "RepsExercise",
    "Routine",
    "Variant",
    "bundled_dir",
    "checked_routine",
    "library_of",
    "load_library",
    "load_routine_file",
    "parse_routine_bytes",
    "read_routine_files",
    "user_routine_files",
    "validation_errors",
]


@dataclass(frozen=True)
class LoadedRoutine:
    """A routine and where it came from (`bundled` or `user`)."""

    routine: Routine
    source: Literal["bundled", "user"]
    file: str


@dataclass
class Library:
    """Every routine that loaded, and the errors of those that did not."""

    routines: list[LoadedRoutine]
    errors: list[LoadError]

    def get(self, routine_id: str) -> LoadedRoutine | None:
        """The routine with this id, if it loaded."""
        return next((r for r in self.routines if r.routine.id == routine_id), None)

    def in_file(self, file: PurePath) -> Routine | None:
        """The routine that loaded from `file`, if one did."""
        return next((r.routine for r in self.routines if PurePath(r.file) == file), None)

    def to_edit(self, routine_id: str) -> LoadedRoutine | LoadError | None:
        """What `coretui edit ID` opens: the file named `ID.toml`, loaded or to mend (the
        name the user gave it, and the one the mend hints name), then the routine with
        that id, then a file that did not load holding it."""
        loaded, error = self.get(routine_id), self.error_for(routine_id)
        if error is None or (loaded is not None and PurePath(loaded.file).stem == routine_id):
            return loaded
        return error if loaded is None or PurePath(error.file).stem == routine_id else loaded

    def error_for(self, routine_id: str) -> LoadError | None:
        """The first problem of a file that did not load, named for this id (`ID.toml`)
        or holding it (`mine.toml` with `id = "ID"`: asked for by that id, it was
        "unknown routine")."""
        named = next((e for e in self.errors if PurePath(e.file).stem == routine_id), None)
        if named is not None:
            return named
        return next((e for e in self.errors if _written_id(e.file) == routine_id), None)

    def equipment_tags(self) -> list[str]:
        """Every equipment tag the routines mention (theirs, their exercises' and their
        variants'), sorted."""
        tags: set[str] = set()
        for routine in (loaded.routine for loaded in self.routines):
            tags.update(routine.equipment)
            for exercise in routine.exercises:
                parts = (exercise, exercise.easier, exercise.harder)
                tags.update(tag for part in parts if part for tag in part.equipment)
        return sorted(tags)


# Messages can quote a file's own text; keep them to one short, printable line so a
# hostile file cannot drive the terminal.
MAX_MESSAGE = 200


def _one_line(text: str) -> str:
    return shown_text(str(text), MAX_MESSAGE)


def validation_errors(file: str, error: ValidationError, raw: object = None) -> list[LoadError]:
    """One LoadError per wrong key, in plain words with a dotted key path (`raw`: the
    table checked)."""
    from coretui.plain_errors import plain_errors
    from coretui.workout.routine_models import Routine as RoutineModel

    said = plain_errors(error, RoutineModel, raw)
    if file.lower().endswith(".json"):  # (the TOML for a list of tables is no help there)
        said = [(path, re.sub(TOML_LIST, JSON_LIST, message)) for path, message in said]
    return [LoadError(file, path, message) for path, message in said]


TOML_LIST = r"each entry begins \[\[(?:\w+\.)*(\w+)\]\] in TOML$"
JSON_LIST = r'in JSON, a list in square brackets: "\1": [{...}, {...}]'


def parse_routine_bytes(name: str, data: bytes) -> Routine | list[LoadError]:
    """Parse TOML or JSON bytes (by the file name's suffix) into a Routine."""
    table = routine_table(name, data)
    return table if isinstance(table, list) else checked_routine(name, table)


def routine_table(name: str, data: bytes) -> dict[str, object] | list[LoadError]:
    """A routine file's keys and values, as written (not yet checked by the model), or
    why the file does not read as a table: too large, not text, not TOML or JSON."""
    if len(data) > MAX_FILE_BYTES:
        return [
            LoadError(name, "(file)", f"too large: {len(data):,} bytes; at most {MAX_FILE_BYTES:,}")
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [LoadError(name, "(file)", not_utf8(exc))]
    if "\x00" in text:
        return [LoadError(name, "(file)", "contains NUL bytes; not a text file")]
    if not text.strip():  # (not one line for each key missing)
        empty = "empty: a routine has an id, a name and its exercises ('coretui new' writes one)"
        return [LoadError(name, "(file)", empty)]
    is_json = name.lower().endswith(".json")
    raw: object
    try:
        raw = json.loads(text, object_pairs_hook=unique_keys) if is_json else read_toml(text)
    except DeepKeyError as exc:
        return [LoadError(name, "(toml)", str(exc))]
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        message = syntax_message(exc, "json" if is_json else "toml", text)
        return [LoadError(name, "(json)" if is_json else "(toml)", _one_line(message))]
    except DuplicateKey as exc:
        return [LoadError(name, "(json)", _one_line(f"JSON: {exc}"))]
    except RecursionError:
        return [LoadError(name, "(file)", "nested too deeply")]
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits.
        return [LoadError(name, "(json)" if is_json else "(toml)", "a number has too many digits")]
    if not isinstance(raw, dict):
        found = "a list" if isinstance(raw, list) else shown_text(json.dumps(raw), 40)
        message = f"a routine file holds keys and values, as {{...}} does; got {found}"
        return [LoadError(name, "(json)", message)]
    if is_json:
        raw.pop("$schema", None)  # where an editor finds `coretui schema`'s output: no field
    return raw


def checked_routine(name: str, raw: dict[str, object]) -> Routine | list[LoadError]:
    """A routine file's parsed table, checked by the routine models (pydantic, loaded
    here), as the struct the program runs on; or its errors, each in plain words."""
    from pydantic import ValidationError

    from coretui.workout.routine_models import Routine as RoutineModel
    from coretui.workout.routine_models import runtime_routine

    try:
        return runtime_routine(RoutineModel.model_validate(raw))
    except ValidationError as exc:
        return validation_errors(name, exc, raw)
    except RecursionError:
        return [LoadError(name, "(file)", "nested too deeply")]


def load_routine_file(path: Path) -> Routine | list[LoadError]:
    """Read and parse one routine file; never raises for a user's bad file."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return [
                LoadError(
                    str(path), "(file)", f"too large: {size:,} bytes; at most {MAX_FILE_BYTES:,}"
                )
            ]
        if not path.is_file():
            return [LoadError(str(path), "(file)", "not a regular file")]
        # Read one byte past the limit: a file that grew since stat() is still refused.
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return [LoadError(str(path), "(file)", _unread(path, exc))]
    return parse_routine_bytes(str(path), data)


def _unread(path: Path, exc: OSError) -> str:
    """Why a routine file could not be read: 'permission denied', 'a link to ..., not there'."""
    gone = link_gone(path) if exc.errno == errno.ENOENT else None
    return os_reason(gone or exc)


def read_routine_files(
    user_dir: Path | None, extra_files: Iterable[Path] = ()
) -> list[Found[Routine]]:
    """Every routine file, bundled first, read and validated one by one."""
    found: list[Found[Routine]] = [
        (name, "bundled", parse_routine_bytes(name, data)) for name, data in bundled_files()
    ]
    listed, problem = routine_folder(user_dir) if user_dir else ([], [])
    found += [(str(path), "user", load_routine_file(path)) for path in [*listed, *extra_files]]
    if problem:
        found.append((str(user_dir), "user", problem))
    return found


def library_of(found: Iterable[Found[Routine]]) -> Library:
    """The library that files read by `read_routine_files` make."""
    placed, errors = arrange(found, lambda routine: routine.id)
    return Library([LoadedRoutine(r, source, file) for file, source, r in placed], errors)


def load_library(user_dir: Path | None, extra_files: Iterable[Path] = ()) -> Library:
    """Load bundled routines, then the user's; bad files become errors, never exceptions."""
    return library_of(read_routine_files(user_dir, extra_files))


def _written_id(file: str) -> str | None:
    """The top-level id written in a routine file that did not load (it may not parse).
    A regular file only, read no further than a routine may be: a named pipe left in
    the folder would keep the read waiting for ever."""
    path = Path(file)
    try:
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            text = handle.read(MAX_FILE_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    if path.suffix.lower() == ".json":
        try:
            table = json.loads(text)
        except (ValueError, RecursionError):
            found = re.search(r'"id"\s*:\s*"([^"\n]*)"', text)
            return found[1] if found else None
        written = table.get("id") if isinstance(table, dict) else None
        return written if isinstance(written, str) else None
    top = re.split(r"^\s*\[", text, maxsplit=1, flags=re.MULTILINE)[0]  # before any table
    found = re.search(r'^\s*id\s*=\s*["\']([^"\'\n]*)["\']', top, re.MULTILINE)
    return found[1] if found else None

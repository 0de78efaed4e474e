"""Where routines come from: the bundled library and the user's folder (no pydantic).

The app's start lists these files and reads the start cache before any routine
model loads; `coretui.workout.routines` parses and validates them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal, TypeVar

import msgspec

from coretui.problem_words import ENTRY_INDEX, message_after, os_reason

T = TypeVar("T")

ROUTINE_SUFFIXES = (".toml", ".json")
NOT_READ = "not read: routine files end in .toml or .json"
FOLDER_PLACE = "(folder)"
"""The place of a problem with the routines folder itself (it cannot be listed)."""
"""Said of a file with another suffix, which is never read ("mine.toml.txt")."""
# The picker lists the full session first, then its mat version, then the short one.
BUNDLED_ORDER = ("core-six", "core-six-mat", "core-quick")


class LoadError(msgspec.Struct, frozen=True):
    """A readable problem with one routine file."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        """ "FILE: exercise 2 · seconds: must be at least 1, got 0": the place names the
        key, so the message goes on after it (its entry: "equipment: entry 2 must be...")."""
        if not self.path:  # the file as a whole: "mine.yaml: not read..."
            return f"{self.file}: {self.message}"
        message = message_after(self.path, self.message)
        path = ENTRY_INDEX.sub("", self.path) if message != self.message else self.path
        return f"{self.file}: {numbered(path)}: {message}"


_INDEXED = re.compile(r"(exercises|tempo|keyframes|props)\[(\d+)\]")
_QUOTED_KEY = re.compile(r"""\[('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\]""")
"""A key that is not a plain word, as `dotted` quotes it (`exercises[0]['a b']`)."""
_INDEX_WORDS = {
    "exercises": "exercise",
    "tempo": "tempo phase",
    "keyframes": "keyframe",
    "props": "prop",
}


def numbered(path: str) -> str:
    """A problem's place counted as people count, in the order the file has them:
    "exercises[1].tempo[0].seconds" is "exercise 2 · tempo phase 1 · seconds"."""
    named = _INDEXED.sub(lambda m: f"{_INDEX_WORDS[m[1]]} {int(m[2]) + 1}", path)
    parts: list[str] = []
    for index, piece in enumerate(_QUOTED_KEY.split(named)):  # dotted text, quoted key, ...
        parts += [piece] if index % 2 else [part for part in piece.split(".") if part]
    return " · ".join(parts)


def data_dir() -> Path:
    """The data shipped inside the package (or the checkout's data/)."""
    # The package's own folder, as importlib.resources would give it for an installed
    # package, without importing importlib.resources (and zipfile) at start.
    package = Path(__file__).resolve().parent.parent
    packaged = package / "data"
    if packaged.is_dir():
        return packaged
    # An editable install: the package sits in src/, the data at the repo root.
    return package.parents[1] / "data"


def bundled_dir() -> Path:
    """The routine library shipped inside the package (or the checkout's data/)."""
    return data_dir() / "routines"


def bundled_files() -> Iterator[tuple[str, bytes]]:
    """Each bundled routine file as `bundled:NAME` and its bytes, sorted by name."""
    folder = bundled_dir()
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(ROUTINE_SUFFIXES):
            yield f"bundled:{entry.name}", entry.read_bytes()


def user_routine_files(folder: Path) -> list[Path]:
    """The routine files in a user's routines folder, sorted by name (none when the
    folder cannot be listed: `routine_folder` says why)."""
    return routine_folder(folder)[0]


def routine_folder(folder: Path) -> tuple[list[Path], list[LoadError]]:
    """The routine files in a user's routines folder, sorted by name, and, said as a
    file's error is, why the folder cannot be listed (a file in its place, no
    permission) or the files in it that look like routines but are not read
    ("mine.toml.txt", as some editors save, or "mine.yaml"); nothing of a folder that
    is not there at all. One listing for both."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        reason = os_reason(exc)
        return [], [LoadError(str(folder), FOLDER_PLACE, f"cannot list your routines: {reason}")]
    files = [folder / e.name for e in entries if Path(e.name).suffix.lower() in ROUTINE_SUFFIXES]
    stray = [
        LoadError(str(folder / e.name), "", NOT_READ)
        for e in entries
        if _LOOKS_LIKE_A_ROUTINE.search(e.name) and not e.name.startswith(".") and e.is_file()
    ]
    return files, stray


_LOOKS_LIKE_A_ROUTINE = re.compile(r"\.(toml|json)\.txt$|\.ya?ml$", re.IGNORECASE)


Source = Literal["bundled", "user"]
Found = tuple[str, Source, T | list[LoadError]]
"""One file as read: its name, where it came from, and its routine (or card) or errors."""
Placed = tuple[list[tuple[str, Source, T]], list[LoadError]]
"""The routines (or cards) in the library's order with their files, and the errors."""


def arrange(found: Iterable[Found[T]], id_of: Callable[[T], str]) -> Placed[T]:
    """The library's order and id rules over files read in order (bundled first).

    Bundled routines come in BUNDLED_ORDER, then the user's in file order; a user
    routine whose id is already used is an error, as is every file that did not load.
    Of two files of the user's with one id, the one named for it keeps it ("mine.toml"
    over "copy.toml", copied from it by hand and sorting first), else the first.
    """
    bundled: list[tuple[str, Source, T]] = []
    user: list[tuple[str, Source, T]] = []
    errors: list[LoadError] = []
    found = list(found)
    named: dict[str, str] = {}  # the first file named for each id keeps it
    for file, source, result in found:
        if source == "user" and not isinstance(result, list) and Path(file).stem == id_of(result):
            named.setdefault(id_of(result), file)
    for file, source, result in found:
        if isinstance(result, list):
            errors.extend(result)
            continue
        if source == "bundled":
            bundled.append((file, source, result))
            continue
        routine_id = id_of(result)
        clash = next((f for f, _, r in [*bundled, *user] if id_of(r) == routine_id), None)
        if clash is None and named.get(routine_id, file) != file:
            clash = named[routine_id]
        if clash is not None:
            errors.append(LoadError(file, "id", id_taken_words(routine_id, clash)))
            continue
        user.append((file, source, result))
    bundled.sort(key=lambda e: _bundled_rank(id_of(e[2])))
    return [*bundled, *user], errors


def _bundled_rank(routine_id: str) -> int:
    return BUNDLED_ORDER.index(routine_id) if routine_id in BUNDLED_ORDER else 99


def id_taken_words(routine_id: str, taken_by: str) -> str:
    """Why a file's id is refused: whose it is already, in words ("bundled:core-six.toml"
    said nothing to a user)."""
    bundled = taken_by.removeprefix("bundled:")
    whose = f"the bundled routine {bundled}" if bundled != taken_by else f"your routine {taken_by}"
    return f"'{routine_id}' is already the id of {whose}; give this one another id"

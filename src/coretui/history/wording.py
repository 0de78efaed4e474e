"""msgspec's validation messages in plain words, naming the field and the value found.

msgspec says "Expected `int` <= 10 - at `$.pain_after`"; a user reading a warning about
line 12 of their history should read "pain_after: expected a whole number from 0 to 10,
got 11" instead.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

_SECONDS = "seconds (a number from 0)"
_WHOLE = "a whole number from 0"
_TEXT = "text"
_TIME = "an ISO 8601 date and time"
_FLAG = "true or false"
# What each field holds, in the words a message uses after "expected".
EXPECTED = {
    "schema_version": "a whole number",
    "id": "letters, digits and -_.: (a uuid)",
    "routine_id": _TEXT,
    "routine_name": _TEXT,
    "started_at": _TIME,
    "finished_at": _TIME,
    "updated_at": _TIME,
    "tz": _TEXT,
    "local_date": "a date YYYY-MM-DD",
    "status": "'completed' or 'partial'",
    "duration_s": _SECONDS,
    "active_s": _SECONDS,
    "steps": "a list",
    "pain_before": "a whole number from 0 to 10",
    "pain_after": "a whole number from 0 to 10",
    "note": _TEXT,
    "deleted": _FLAG,
    "exercise": _TEXT,
    "side": "'left', 'right' or null",
    "planned_s": _SECONDS,
    "planned_reps": _WHOLE,
    "added_s": "seconds (a number, below zero when time was taken off)",
    "done_s": _SECONDS,
    "done_reps": _WHOLE,
    "ended": "'time', 'done', 'skipped' or 'stopped'",
    "skipped": _FLAG,
    "variant": _TEXT,
    "hurt": _FLAG,
    "hurt_on_standard": _FLAG,
}
_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_FIELD = re.compile(r"field `(?P<name>[^`]*)`")
_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_MISSING = object()


def plain_reason(message: str, data: object) -> str:
    """One line saying what is wrong with ``data`` (the decoded line msgspec refused)."""
    match = _AT.match(message)
    assert match is not None  # the pattern matches any text
    text, path = match["message"], (match["path"] or "").lstrip(".")
    if text.endswith(_OUT_OF_RANGE):
        return text  # said in plain words already, by `out_of_range`
    field = _FIELD.search(text)
    if text.startswith("Object missing required field") and field:
        return f"{_join(path, field['name'])}: missing"
    if text.startswith("Object contains unknown field") and field:
        return f"{_join(path, field['name'])}: not a history field (a typo, or a newer coretui?)"
    value = _value_at(data, path)
    if path == "schema_version":
        if type(value) is int and value > 2:
            return f"written by a newer coretui (schema_version {value}); update coretui to read it"
        return f"schema_version: expected a whole number, got {_show(value)}"
    name = re.sub(r"\[\d+\]$", "", path).rpartition(".")[2]
    if "timezone component" in text:
        return f"{path}: has no UTC offset: {_show(value)}"
    if name == "id" and value == "":
        return "id: must not be empty"
    if not path or path.endswith("]"):
        return f"{path or 'record'}: expected an object, got {_show(value)}"
    return f"{path}: expected {EXPECTED.get(name, 'another value')}, got {_show(value)}"


def out_of_range(field: str, moment: datetime) -> str:
    """The reason a time far outside any workout's is refused."""
    return f"{field}: {moment.isoformat()} {_OUT_OF_RANGE}"


_OUT_OF_RANGE = "is out of range (years 2 to 9998)"


def lock_held(action: str, lock: Path, waited_s: float) -> str:
    """Why a write gave up: another coretui kept the history's lock."""
    return f"cannot {action}: {lock} is held by another coretui (waited {waited_s:g} s)"


def lock_is_a_link(action: str, lock: Path) -> str:
    """Why a write cannot lock the history: its lock file is a symbolic link."""
    return (
        f"cannot {action}: {lock} is a symbolic link, which coretui does not follow for "
        "its lock; remove it (coretui makes the lock file again)"
    )


def no_files_here(action: str, folder: Path) -> str:
    """Why a write cannot lock the history: its folder takes no new files (such as /proc)."""
    return f"cannot {action}: {folder}: no file can be made in this folder (check --data-dir)"


def no_time_after(session_id: str, updated: datetime) -> str:
    """Why a change to a session updated at the very last time a record holds is refused."""
    return (
        f"cannot save session '{session_id}': its updated_at ({updated.isoformat()}) is the "
        "latest time coretui can store (the end of year 9998), so no change can be saved after it"
    )


def plain_json_error(message: str) -> str:
    """msgspec's "JSON is malformed: ..." in plain words."""
    if "truncated" in message:
        return "not valid JSON (the line stops part-way)"
    detail = message.removeprefix("JSON is malformed: ")
    byte = re.search(r"\(byte (\d+)\)", detail)
    if byte:
        detail = f"{detail[: byte.start()].strip()} at byte {int(byte[1]) + 1}"
    return f"not valid JSON ({detail})"


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _value_at(data: object, path: str) -> object:
    """The value at a msgspec path such as "steps[2].done_s", or a marker if absent."""
    for name, index in _PART.findall("." + path if path else ""):
        if name and isinstance(data, dict):
            data = data.get(name, _MISSING)
        elif index and isinstance(data, list) and int(index) < len(data):
            data = data[int(index)]
        else:
            return _MISSING
    return data


def _show(value: object) -> str:
    """A short description of a JSON value for an error message."""
    if value is _MISSING:
        return "nothing"
    if value is None:
        return "null"
    if isinstance(value, bool | int | float | str):
        shown = json.dumps(value)
        return shown if len(shown) <= 40 else shown[:37] + "..."
    return "a list" if isinstance(value, list) else "an object"

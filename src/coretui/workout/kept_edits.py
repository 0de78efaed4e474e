"""A routine's edits not saved when coretui closed, kept for the next start.

Esc and Ctrl+Q ask before the editor's unsaved changes go. A closed terminal, or a
SIGTERM, cannot wait for an answer: the draft is written here instead (the data as
edited, what it was edited from, the text of fields that did not read yet), and the
routine list offers it at the next start. Pure (no Textual); one file a draft, named
by when it was kept and by which process, so that no draft replaces another (two
windows closing at once, a draft not yet answered and a later one).
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from coretui.safe_files import atomic_write, read_regular

if TYPE_CHECKING:  # (the routine files' module brings the routine model: not at start)
    from coretui.workout.routine_files import RoutineData

MAX_BYTES = 4_000_000
"""A kept draft larger than this is not one coretui wrote (it holds a routine of at most
1 MB twice, as edited and as it was): it is left alone, unread."""


class KeptEdits(msgspec.Struct, frozen=True):
    """What the editor held, and where it was to be saved."""

    target: Path
    """The file the editor was to write (for a copy or a new routine: named by its id)."""
    new_id: bool
    """A copy or a new routine: its id may still change (and with it the file)."""
    note: str
    data: RoutineData
    saved: RoutineData
    """What the draft was edited from: the changes are the difference."""
    unread: dict[str, str]
    local: dict[str, str]
    kept_at: datetime

    @property
    def name(self) -> str:
        """The routine's name as edited (or its file's name when it has none)."""
        name = self.data.get("name")
        return name if isinstance(name, str) and name.strip() else self.target.name


def keep_edits(folder: Path, edits: KeptEdits, file: Path | None = None) -> Path:
    """Write `edits` atomically as a new file in `folder` (or over `file`, which this
    process kept a moment before: a hangup is told twice); its path. Raises OSError."""
    record = {
        "target": str(edits.target.absolute()),  # (a --config-dir given relative)
        "new_id": edits.new_id,
        "note": edits.note,
        "data": edits.data,
        "saved": edits.saved,
        "unread": edits.unread,
        "local": edits.local,
        "kept_at": edits.kept_at.isoformat(),
    }
    file = file or folder / f"{edits.kept_at:%Y%m%d-%H%M%S-%f}-{os.getpid()}.json"
    text = json.dumps(record, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # half of an emoji read from a JSON routine ("\ud83d"):
        text = json.dumps(record)  # kept as the escape it came as, not lost
    atomic_write(file, text + "\n")
    return file


def kept_edits_files(folder: Path) -> list[Path]:
    """The kept drafts' files, oldest first (none when the folder is missing)."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".json")
    except OSError:
        return []


def read_kept_edits(file: Path) -> KeptEdits | None:
    """The edits kept in `file`; None when the file is not one coretui wrote (it is
    then left as it is)."""
    try:
        raw = read_regular(file, MAX_BYTES)  # (a FIFO would block the start for ever)
        if raw is None:
            return None
        record: Any = json.loads(raw)
        edits = KeptEdits(
            target=Path(record["target"]),
            new_id=record["new_id"],
            note=str(record["note"]),
            data=record["data"],
            saved=record["saved"],
            unread=record["unread"],
            local=record["local"],
            kept_at=datetime.fromisoformat(record["kept_at"]).astimezone(),
        )
    except (OSError, ValueError, TypeError, KeyError, RecursionError, OverflowError):
        return None
    return edits if _well_formed(edits) else None


def _well_formed(edits: KeptEdits) -> bool:
    """True when the editor can show the draft: coretui's own writes always are; a file
    damaged or edited by hand might hold a shape the form cannot show (a kind of 5)."""
    tables = (edits.data, edits.saved, edits.unread, edits.local)
    if not all(isinstance(table, dict) for table in tables) or not isinstance(edits.new_id, bool):
        return False
    texts = (*edits.unread.values(), *edits.local.values())
    exercises = edits.data.get("exercises", [])
    return (
        all(isinstance(text, str) for text in texts)
        and _shaped(edits.data, _ROUTINE_KEYS)
        and isinstance(exercises, list)
        and all(isinstance(e, dict) and _exercise_shaped(e) for e in exercises)
        and edits.target.is_absolute()
        and edits.target.suffix.lower() in (".toml", ".json")
        and "\0" not in str(edits.target)
    )


_TEXT = (str,)
_NUMBER = (int, float, str)  # the text typed, when it does not read as a number yet
_ROUTINE_KEYS: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(("id", "name", "description", "credit"), _TEXT),
    **dict.fromkeys(("lead_in_s", "rest_between_sets_s", "rest_between_exercises_s"), _NUMBER),
    "equipment": (list,),
}
_EXERCISE_KEYS: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(("name", "cue", "safety"), _TEXT),
    **dict.fromkeys(("reps", "seconds", "sets", "rest_s", "switch_s", "rest_after_s"), _NUMBER),
    "per_side": (bool,),
    "tempo": (*_NUMBER, list),
    "equipment": (list,),
    **dict.fromkeys(("easier", "harder"), (dict,)),
}


def _shaped(data: dict[str, Any], keys: dict[str, tuple[type, ...]]) -> bool:
    """The editor's fields of `data` hold what the form can show (other keys are kept
    as they are, as a figure is); tags are texts."""
    for key, kinds in keys.items():
        value = data.get(key)
        if value is not None and not isinstance(value, kinds):
            return False
    tags = data.get("equipment") or []
    return all(isinstance(tag, str) for tag in tags)


def _exercise_shaped(exercise: dict[str, Any]) -> bool:
    variants = [exercise.get(key) or {} for key in ("easier", "harder")]
    tempo = exercise.get("tempo")
    return (
        exercise.get("kind", "hold") in ("hold", "reps")  # (none yet: the user chooses)
        and _shaped(exercise, _EXERCISE_KEYS)
        and all(_shaped(variant, {"name": _TEXT, "cue": _TEXT}) for variant in variants)
        and (not isinstance(tempo, list) or all(isinstance(phase, dict) for phase in tempo))
    )


def drop_kept_edits(file: Path) -> None:
    """Forget the kept edits (opened again, or discarded); a file that cannot be removed
    is offered again at the next start."""
    with contextlib.suppress(OSError):
        file.unlink()

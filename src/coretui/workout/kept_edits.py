"""A routine's edits not saved when coretui closed, kept for the next start.

Esc and Ctrl+Q ask before the editor's unsaved changes go. A closed terminal, or a
SIGTERM, cannot wait for an answer: the draft is written here instead (the data as
edited, what it was edited from, the text of fields that did not read yet), and the
routine list offers it at the next start. Pure (no Textual); one file, as one editor
is open at a time.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coretui.settings import atomic_write

if TYPE_CHECKING:  # (the routine files' module brings the routine model: not at start)
    from coretui.workout.routine_files import RoutineData

MAX_BYTES = 1_000_000
"""A kept draft larger than this is not one coretui wrote: it is left alone, unread."""


@dataclass(frozen=True)
class KeptEdits:
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


def keep_edits(file: Path, edits: KeptEdits) -> None:
    """Write `edits` atomically (replacing any kept before). Raises OSError."""
    record = {
        "target": str(edits.target),
        "new_id": edits.new_id,
        "note": edits.note,
        "data": edits.data,
        "saved": edits.saved,
        "unread": edits.unread,
        "local": edits.local,
        "kept_at": edits.kept_at.isoformat(),
    }
    atomic_write(file, json.dumps(record, ensure_ascii=False) + "\n")


def read_kept_edits(file: Path) -> KeptEdits | None:
    """The edits kept in `file`; None when there are none, or the file is not one
    coretui wrote (it is then left as it is)."""
    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None
        record: Any = json.loads(raw)
        edits = KeptEdits(
            target=Path(record["target"]),
            new_id=bool(record["new_id"]),
            note=str(record["note"]),
            data=record["data"],
            saved=record["saved"],
            unread=record["unread"],
            local=record["local"],
            kept_at=datetime.fromisoformat(record["kept_at"]),
        )
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None
    texts = (*edits.unread.values(), *edits.local.values()) if _all_dicts(edits) else (0,)
    if not all(isinstance(text, str) for text in texts):
        return None
    return edits


def _all_dicts(edits: KeptEdits) -> bool:
    return all(isinstance(d, dict) for d in (edits.data, edits.saved, edits.unread, edits.local))


def drop_kept_edits(file: Path) -> None:
    """Forget the kept edits (opened again, or discarded); a file that cannot be removed
    is offered again at the next start."""
    with contextlib.suppress(OSError):
        file.unlink()

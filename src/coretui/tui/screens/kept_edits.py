"""The editor's unsaved changes, kept when coretui closes without asking, and offered
back at the next start (the file: `coretui.workout.kept_edits`).

Ctrl+Q and Esc ask before changes go, and a "Quit" answered there loses them as the
user chose. A closed terminal or a SIGTERM cannot ask: then the draft is kept. At the
next start the routine list offers it: Open brings the editor back as it was (its
changes still unsaved, Ctrl+S saves them), Discard deletes it, Esc asks again at the
next start.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from coretui.textsafe import printable
from coretui.workout.kept_edits import KeptEdits, drop_kept_edits, keep_edits, read_kept_edits

if TYPE_CHECKING:
    from textual.app import App

    from coretui.services.trainer import Trainer
    from coretui.tui.screens.editor import EditorScreen


class EditorHost(Protocol):
    """The screen the editor opens from (the routine list), as these functions use it."""

    editor: EditorScreen | None
    routines_dir: Path | None
    trainer: Trainer

    @property
    def app(self) -> App[Any]: ...

    def open_editor(self, data: dict[str, object], target: Path, new_id: bool, note: str) -> None:
        """Open the editor on `data`, to be saved to `target`."""


def keep_unsaved_edits(picker: EditorHost, file: Path, now: datetime) -> bool:
    """Write the open editor's unsaved changes to `file`; False when there are none (or
    the disk refused: coretui is closing, and has no one left to tell)."""
    editor = picker.editor
    if editor is None or not editor.unsaved():
        return False
    draft = editor.draft
    edits = KeptEdits(
        editor.target,
        editor.new_id,
        editor.note,
        draft.data,
        draft.saved,
        draft.unread,
        draft.local,
        now,
    )
    with contextlib.suppress(OSError):
        keep_edits(file, edits)
        return True
    return False


def offer_kept_edits(picker: EditorHost) -> None:
    """Offer the edits kept when coretui last closed, if any, over the routine list."""
    shown: object = picker.app.screen
    if picker.routines_dir is None or picker.editor is not None or shown is not picker:
        return  # the editor is off, or already open, or a workout started at once
    file = picker.trainer.paths.kept_edits_file
    edits = read_kept_edits(file)
    if edits is None:
        return
    from coretui.tui.screens.confirm import ConfirmScreen

    def answered(reopen: bool | None) -> None:
        if reopen is None:
            return  # neither: asked again at the next start
        drop_kept_edits(file)
        if reopen:
            picker.open_editor(edits.data, edits.target, edits.new_id, edits.note)
            assert picker.editor is not None
            picker.editor.draft.restore(edits.saved, edits.unread, edits.local)

    when = edits.kept_at.astimezone().strftime("%d %b %Y %H:%M")
    question = ConfirmScreen(
        f"Open your unsaved changes to {printable(edits.name, single_line=True)}?",
        f"Kept when coretui closed ({when}) before they were saved to"
        f" {printable(str(edits.target), single_line=True)}. Discard deletes them.",
        yes="Open",
        no="Discard",
        danger=False,
    )
    picker.app.push_screen(question, answered)

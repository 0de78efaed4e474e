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
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from coretui.textsafe import printable
from coretui.workout.kept_edits import (
    KeptEdits,
    drop_kept_edits,
    keep_edits,
    kept_edits_files,
    read_kept_edits,
)

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


def keep_unsaved_edits(
    picker: EditorHost, folder: Path, now: datetime, file: Path | None = None
) -> Path | None:
    """Keep the open editor's unsaved changes in `folder` (over `file`, kept by this
    run a moment before); the file, or None when there are none (or the disk refused:
    coretui is closing, and has no one left to tell)."""
    editor = picker.editor
    if editor is None or not editor.unsaved():
        return None
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
        return keep_edits(folder, edits, file)
    return None


def offer_kept_edits(picker: EditorHost) -> None:
    """Offer the oldest edits kept when coretui closed, if any, over the routine list
    (one a start: the others wait for the next)."""
    shown: object = picker.app.screen
    if picker.routines_dir is None or picker.editor is not None or shown is not picker:
        return  # the editor is off, or already open, or a workout started at once
    kept = ((f, read_kept_edits(f)) for f in kept_edits_files(picker.trainer.paths.kept_edits_dir))
    file, edits = next(((f, e) for f, e in kept if e is not None), (None, None))
    if file is None or edits is None:
        return
    routines = picker.routines_dir
    from coretui.tui.screens.confirm import ConfirmScreen

    def answered(reopen: bool | None) -> None:
        if reopen is None:
            return  # neither: asked again at the next start
        if reopen:
            target, new_id, note = _where_to_save(picker, edits, routines)
            picker.open_editor(edits.data, target, new_id, note)
            assert picker.editor is not None
            picker.editor.draft.restore(edits.saved, edits.unread, edits.local)
        drop_kept_edits(file)  # once the editor holds them

    when = edits.kept_at.strftime("%d %b %Y %H:%M")
    target = _file_named(edits, routines)
    question = ConfirmScreen(
        f"Open your unsaved changes to {printable(edits.name, single_line=True)}?",
        f"Kept when coretui closed ({when}) before they were saved to"
        f" {printable(str(target), single_line=True)}. Discard deletes them.",
        yes="Open",
        no="Discard",
        danger=False,
    )
    picker.app.push_screen(question, answered)


def _file_named(edits: KeptEdits, routines: Path) -> Path:
    """The file a save would write: a copy's is named by its id, in today's folder (an
    id typed as "a/b" or ".." names no other folder: the editor saves beside this)."""
    if not edits.new_id:
        return edits.target
    name = edits.data.get("id")
    if not isinstance(name, str) or Path(name).name != name or name in ("", ".", ".."):
        name = edits.target.stem
    return routines / f"{name}.toml"


def _where_to_save(picker: EditorHost, edits: KeptEdits, routines: Path) -> tuple[Path, bool, str]:
    """Where the reopened editor saves (its target, whether the id may change, its note).

    An edit of a file that changed since it was kept, or is gone, comes back as a new
    routine: saving it in place would undo the other changes without a word (or
    write a second file with an id that moved elsewhere). Its id must then differ.
    """
    from coretui.workout.routine_files import routine_data

    if edits.new_id:
        return _file_named(edits, routines), True, edits.note
    routines_now = picker.trainer.library.routines
    now = next((r for r in routines_now if Path(r.file).absolute() == edits.target), None)
    if now is not None and routine_data(now.routine) == edits.saved:
        return edits.target, False, edits.note
    if now is None and edits.target.exists():  # a file that did not load, being mended
        from coretui.workout.routine_mend import mend_file

        mended = mend_file(edits.target, [r.routine.id for r in routines_now])
        if not isinstance(mended, str) and mended.data == edits.saved:
            return edits.target, False, edits.note
    note = f"{edits.target} changed (or went) since these changes were kept: saved as a new file."
    return _file_named(replace(edits, new_id=True), routines), True, note

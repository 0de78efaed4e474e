"""The editor's unsaved changes, kept when coretui closes without asking, and offered
back at the next start (the file: `coretui.workout.kept_edits`), or as the editor opens
on their file; and the editor on a file that did not load, to mend it.

Ctrl+Q and Esc ask before changes go, and a "Quit" answered there loses them as the
user chose. A closed terminal or a SIGTERM cannot ask: then the draft is kept. At the
next start the routine list offers it: Open brings the editor back as it was (its
changes still unsaved, Ctrl+S saves them), Discard deletes it once asked again, Esc
asks again at the next start.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import msgspec

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


def offer_kept_edits(
    picker: EditorHost,
    routine_id: str | None = None,
    otherwise: Callable[[], None] | None = None,
) -> bool:
    """Offer edits kept when coretui closed, over the routine list; whether it did.

    At the start, the oldest (one a start: the others wait for the next). With
    `routine_id`, as the editor is asked to open that routine of the user's (`coretui
    edit`, E, Ctrl+P Mend), the edits kept of its file: Discard then opens the file as
    it is (`otherwise`). Opened afresh, the kept edits would be offered again at the
    next start as of a file changed since, to be saved as a new one.
    """
    shown: object = picker.app.screen
    if picker.routines_dir is None or picker.editor is not None or shown is not picker:
        return False  # the editor is off, or already open, or a workout started at once
    file, edits = _kept(picker, routine_id)
    if file is None or edits is None:
        return False
    routines = picker.routines_dir
    from coretui.tui.screens.confirm import ConfirmScreen

    def answered(reopen: bool | None) -> None:
        if reopen is None:
            return  # neither: asked again at the next start
        if not reopen:  # ("n" read as "not now": asked once more, as nothing brings them back)
            picker.app.push_screen(sure, discarded)
            return
        target, new_id, note = _where_to_save(picker, edits, routines)
        picker.open_editor(edits.data, target, new_id, note)
        assert picker.editor is not None
        picker.editor.draft.restore(edits.saved, edits.unread, edits.local)
        drop_kept_edits(file)  # once the editor holds them

    def discarded(yes: bool | None) -> None:
        if not yes:
            return  # kept: offered again at the next start
        drop_kept_edits(file)
        if otherwise is not None:
            otherwise()

    when = edits.kept_at.strftime("%Y-%m-%d %H:%M")  # (as the history dates)
    target = _file_named(edits, routines)
    question = ConfirmScreen(
        f"Open your unsaved changes to {printable(edits.name, single_line=True)}?",
        f"Kept when coretui closed ({when}) before they were saved to"
        f" {printable(str(target), single_line=True)}. Discard deletes them.",
        yes="Open",
        no="Discard",
        danger=False,
    )
    sure = ConfirmScreen(
        f"Discard your unsaved changes to {printable(edits.name, single_line=True)}?",
        "Nothing brings them back. Kept, they are offered again: at the next start, or as"
        " this routine is next edited.",
        yes="Discard",
        no="Keep",
    )
    picker.app.push_screen(question, answered)
    return True


def _kept(picker: EditorHost, routine_id: str | None) -> tuple[Path | None, KeptEdits | None]:
    """The oldest kept edits (of `routine_id`'s file, when given) and their file."""
    folder = picker.trainer.paths.kept_edits_dir
    kept = ((f, read_kept_edits(f)) for f in kept_edits_files(folder))
    if routine_id is None:
        return next(((f, e) for f, e in kept if e is not None), (None, None))
    library = picker.trainer.library
    loaded, error = library.get(routine_id), library.error_for(routine_id)
    if loaded is not None and loaded.source == "user":
        mine = Path(loaded.file).absolute()
    elif error is not None and loaded is None:
        mine = Path(error.file).absolute()
    else:
        return None, None
    of_mine = ((f, e) for f, e in kept if e is not None and not e.new_id and e.target == mine)
    return next(of_mine, (None, None))


def open_to_mend(picker: EditorHost, file: Path, taken: list[str]) -> None:
    """The editor on a file of the user's that did not load, set right as far as it can
    be (`routine_mend`; `taken`: the ids it may not have), or why not, in a notice."""
    from coretui.workout.routine_mend import mend_file

    mended = mend_file(file, taken)
    if isinstance(mended, str):
        picker.app.notify(printable(mended), severity="error", timeout=10, markup=False)
    elif picker.routines_dir is not None:
        note = " ".join([f"Editing {printable(file.name)}, which did not load.", *mended.said])
        picker.open_editor(mended.data, file, False, note)
        if mended.said and picker.editor is not None:
            picker.editor.said = mended.said  # (the note's lines go to the problems first)
            picker.editor.action_said()


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
    from coretui.workout.routine_files import editable_data, routine_data

    if edits.new_id:
        return _file_named(edits, routines), True, edits.note
    routines_now = picker.trainer.library.routines
    now = next((r for r in routines_now if Path(r.file).absolute() == edits.target), None)
    # (Edits kept before the editor left defaults out, `editable_data`, hold them in.)
    forms = (editable_data, lambda routine, _: routine_data(routine))
    if now is not None and any(form(now.routine, Path(now.file)) == edits.saved for form in forms):
        return edits.target, False, edits.note
    if now is None and edits.target.exists():  # a file that did not load, being mended
        from coretui.workout.routine_mend import mend_file

        mended = mend_file(edits.target, [r.routine.id for r in routines_now])
        if not isinstance(mended, str) and mended.data == edits.saved:
            return edits.target, False, edits.note
    note = f"{edits.target} changed (or went) since these changes were kept: saved as a new file."
    return _file_named(msgspec.structs.replace(edits, new_id=True), routines), True, note

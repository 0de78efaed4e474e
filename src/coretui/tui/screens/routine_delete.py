"""The routine list's questions about a routine: delete one of one's own (asked first,
and undoable), or edit a copy of a bundled one.

The file is renamed `<file>.deleted` (`<file>.2.deleted` and on when that is taken: an
earlier deletion is never overwritten), which no routine list reads, so a slip is undone
by renaming it back; the routine's sessions stay in the history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from coretui.problem_words import os_reason
from coretui.safe_files import free_name, set_aside
from coretui.textsafe import printable
from coretui.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from coretui.workout.routines import LoadedRoutine  # not before the list shows


def ask_to_delete(app: App[Any], loaded: LoadedRoutine, deleted: Callable[[], object]) -> None:
    """Ask, then delete `loaded` and call `deleted`; a bundled routine is only refused."""
    name = printable(loaded.routine.name, single_line=True)
    if loaded.source == "bundled":
        app.notify(f"{name} comes with coretui and cannot be deleted.", markup=False)
        return
    file = Path(loaded.file)
    aside = free_name(file)
    shown = printable(str(file))  # (a file's name can hold an escape: shown written out)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            aside = set_aside(file)
        except OSError as exc:
            app.notify(f"Not deleted: {shown}: {os_reason(exc)}", severity="error", markup=False)
            return
        deleted()
        where = printable(str(aside))
        app.notify(f"Deleted {name}: its file is now {where}", timeout=6, markup=False)

    detail = f"{shown} becomes {printable(aside.name)}. Its sessions stay in the history."
    app.push_screen(ConfirmScreen(f"Delete {name}?", detail, yes="Delete", no="Keep"), answered)


def ask_to_copy(app: App[Any], loaded: LoadedRoutine, copy: Callable[[], object]) -> None:
    """Editing a bundled routine: offer a copy to edit (`copy`), as it is never changed."""
    question = ConfirmScreen(
        f"{loaded.routine.name} comes with coretui. Edit a copy?",
        "Bundled routines are never changed; your copy is yours to edit.",
        yes="Copy",
        no="Cancel",
        danger=False,
    )

    def answered(yes: bool | None) -> None:
        if yes:
            copy()

    app.push_screen(question, answered)

"""The editor's exercise list, and buttons under it for the mouse."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, OptionList

MOUSE_BUTTONS = (
    ("up", "▲", "screen.move(-1)", "Move up (Ctrl+↑)"),
    ("down", "▼", "screen.move(1)", "Move down (Ctrl+↓)"),
    ("add", "add", "screen.add", "Add an exercise (Ctrl+N)"),
    ("duplicate", "dup", "screen.duplicate", "Duplicate (Ctrl+D)"),
    ("delete", "del", "screen.delete", "Delete (Del on the list)"),
)
"""Buttons under the list, so the mouse can reorder too."""


class ExerciseList(OptionList):
    """The routine, then its exercises; plain keys work here because nothing is typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown once in the footer, as the Ctrl keys that work everywhere in the editor.
        Binding("a", "screen.add", "Add", show=False),
        Binding("d", "screen.duplicate", "Duplicate", show=False),
        Binding("delete,x", "screen.delete", "Delete", key_display="Del"),
        Binding("shift+up", "screen.move(-1)", "Move up", show=False),
        Binding("shift+down", "screen.move(1)", "Move down", show=False),
    ]


class ListButtons(Horizontal):
    """▲ ▼ add dup del: the list's commands for the mouse (the keys are in the footer)."""

    def compose(self) -> ComposeResult:
        for name, label, action, tip in MOUSE_BUTTONS:
            button = Button(label, id=f"mouse-{name}", action=action, tooltip=tip, compact=True)
            button.can_focus = False  # Tab goes from the list to the form, not through these
            yield button

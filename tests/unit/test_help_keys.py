"""Help lists every binding of the main screens (by one of its keys), under the screen's name."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from coretui.tui.screens.help import KEYS
from coretui.tui.screens.history import HistoryScreen
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.screens.summary import SummaryScreen
from coretui.tui.screens.workout import WorkoutScreen

# How Help writes Textual's key names.
SHOWN = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "left": "←",
    "right": "→",
    "question_mark": "?",
    "plus": "+",
    "minus": "-",
    "ctrl+s": "Ctrl+S",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
}


@pytest.mark.parametrize(
    ("place", "screen"),
    [
        ("Routines", PickerScreen),
        ("Workout", WorkoutScreen),
        ("Summary", SummaryScreen),
        ("History", HistoryScreen),
    ],
)
def test_every_bound_key_is_in_help(place: str, screen: type) -> None:
    listed = {key for where, keys, _ in KEYS if where == place for key in keys.split()}
    for binding in screen.BINDINGS:
        assert isinstance(binding, Binding)
        names = {SHOWN.get(key, key) for key in binding.key.split(",")}
        assert names & listed, f"{place}: {binding.key} ({binding.description}) not in Help"

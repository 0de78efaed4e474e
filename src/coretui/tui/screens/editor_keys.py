"""The editor's Tab: round its form, never on to the exercise list by a run of Tabs; and
the keys typed as a new routine's editor opens."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from coretui.tui.widgets.exercise_list import FieldForm

FOCUS_KEYS: list[BindingType] = [
    Binding("tab", "next_field", "Focus Next", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Focus Previous", show=False, priority=True),
]
"""Tab and Shift+Tab, taken as they come, as a form's are (`safe_input.FOCUS_KEYS`); Tab
goes round the form (`next_field`)."""


def next_field(screen: Screen[Any]) -> None:
    """The editor's Tab: the next field, and from the form's last its first. A Tab run
    past the last field reached the list, where letters are commands ("mat" typed on
    added an exercise); the list is a Shift+Tab away from the first field."""
    form = screen.query_one(FieldForm)
    fields = [widget for widget in screen.focus_chain if form in widget.ancestors]
    if fields and screen.focused is fields[-1]:
        fields[0].focus()
    else:
        screen.focus_next()


def typed_as_it_opened(screen: Screen[Any], event: events.Key) -> None:
    """The editor's own keys (`on_key`). A new routine's editor gives nothing the focus
    while it is built (`AUTO_FOCUS`): the exercise list, focused first, took a name typed
    at once, and its "a" added an exercise. The characters typed meanwhile come to the
    screen itself; once a field has the focus (its name), they go on to it, in order. (A
    field takes every character it is sent: none comes up to the screen from one.)"""
    if event.is_printable and isinstance(screen.focused, Input):
        event.stop()
        event.prevent_default()
        screen.app.post_message(events.Key(event.key, event.character))

"""The routine list's pane of routine files that did not load, made for the first one.

A start with none, the usual one, composes no pane: its widgets and their rules were
milliseconds of the first paint (its rules: picker.tcss, `#load-errors`).
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static


def show_load_errors(screen: Screen[None], text: Content | None, *, before: Widget) -> None:
    """`text` in the pane at the foot of `screen`, made (above `before`) when the first
    error comes; None when there is none: the pane, if made, hides."""
    said = screen.query("#load-errors-text")
    if not said:
        if text is not None:
            pane = VerticalScroll(Static(text, id="load-errors-text"), id="load-errors")
            screen.mount(pane, before=before)
        return
    said.first(Static).update(text or "")
    screen.query_one("#load-errors").display = text is not None

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


class LoadErrors(VerticalScroll):
    """The pane: its text scrolls when it is longer than the pane's few lines."""

    def __init__(self, text: Content) -> None:
        self.said = Static(text, id="load-errors-text")
        """The text (held here: until the pane is composed, no query finds it)."""
        super().__init__(self.said, id="load-errors")


def show_load_errors(screen: Screen[None], text: Content | None, *, before: Widget) -> None:
    """`text` in the pane at the foot of `screen`, made (above `before`) when the first
    error comes; None when there is none: the pane, if made, hides."""
    panes = screen.query(LoadErrors)
    if not panes:
        if text is not None:
            screen.mount(LoadErrors(text), before=before)
        return
    pane = panes.first()
    pane.said.update(text or "")
    pane.display = text is not None

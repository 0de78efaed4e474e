"""A form's scrolling body: a stop of Tab's only when it scrolls."""

from __future__ import annotations

from textual.containers import VerticalScroll


class ScrollingForm(VerticalScroll):
    """A form's body, scrolled to the field Tab reaches. A stop of Tab's only when it
    scrolls (a small terminal: there the arrows, Home and End bring back what is above
    the fields), and tinted then (`:focus` in the screen's CSS): at every size it was a
    stop that showed nothing, where a Space did nothing."""

    def allow_focus(self) -> bool:
        return self.allow_vertical_scroll

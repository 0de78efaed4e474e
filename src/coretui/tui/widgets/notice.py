"""A one-row line above the footer: the progress bar, or for a few seconds a notice instead.

During a workout a toast would sit on top of the cue or "Up next"; here a notice
takes the progress bar's row, one notice at a time (a newer one replaces it). A
warning replaced before its time is up comes back for the rest of it once the newer
notices are gone: "No sound device" a second into a workout hid a settings file's
problem for good.
"""

from __future__ import annotations

import time
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Label

DEFAULT_TIMEOUT_S = 5.0
HELD_AT_LEAST_S = 1.0
"""A replaced warning with less time than this left is not shown again."""


class NoticeLine(Horizontal):
    """Holds the widgets given to it (the progress bar) and shows a notice in their place."""

    DEFAULT_CSS = """
    NoticeLine {
        height: 1;
        & > #notice {
            display: none;
            width: 1fr;
            padding: 0 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        &.-showing > * { display: none; }
        &.-showing > #notice { display: block; }
        &.-warning > #notice { color: $text-warning; }
        &.-error > #notice { color: $text-error; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._timer: Timer | None = None
        self._shown: tuple[Content, SeverityLevel, float, float] | None = None
        """The notice shown: its text, severity, when it was shown and for how long."""
        self._held: list[tuple[Content, SeverityLevel, float]] = []
        """Warnings and errors replaced before their time was up, with the seconds left."""

    def compose(self) -> ComposeResult:
        yield Label(id="notice")

    @property
    def text(self) -> str:
        """The notice shown, or "" when the line shows the progress bar."""
        return str(self.query_one("#notice", Label).content) if self.has_class("-showing") else ""

    def show(
        self,
        message: str | Content,
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        *,
        settles: bool = False,
    ) -> None:
        """Show a notice (replacing any other) for `timeout` seconds. One that `settles`
        what the warnings before it said ("The record is kept again") drops them."""
        content = message if isinstance(message, Content) else Content(message)
        if settles:
            self._held.clear()
        elif self._shown is not None and self._shown[1] != "information":
            text, was, since, seconds = self._shown
            left = seconds - (time.monotonic() - since)
            if left >= HELD_AT_LEAST_S and text.plain != content.plain:
                self._held.append((text, was, left))
        # The same warning again (a key pressed twice) is shown once, not queued again.
        self._held = [held for held in self._held if held[0].plain != content.plain]
        self._show(content, severity, timeout or DEFAULT_TIMEOUT_S)

    def _show(self, content: Content, severity: SeverityLevel, seconds: float) -> None:
        self.query_one("#notice", Label).update(content)
        self.set_class(severity == "warning", "-warning")
        self.set_class(severity == "error", "-error")
        self.add_class("-showing")
        if self._timer is not None:
            self._timer.stop()
        self._shown = (content, severity, time.monotonic(), seconds)
        self._timer = self.set_timer(seconds, self.timed_out)

    def timed_out(self) -> None:
        """The notice's time is up: a warning it replaced comes back, else the bar."""
        if self._held:
            self._show(*self._held.pop())
        else:
            self.clear()

    def clear(self) -> None:
        """Back to the progress bar."""
        self.remove_class("-showing")
        self._timer = None
        self._shown = None


def warn_once(where: App[Any] | Widget, notices: list[str]) -> None:
    """Problems found together (a settings file's, the history's), in one notice a line
    each: notices one by one scroll each other off the screen, unread (ten of them at
    100x30 showed seven)."""
    if notices:
        timeout = 8 + 2 * (len(notices) - 1)
        where.notify("\n".join(notices), severity="warning", timeout=timeout, markup=False)

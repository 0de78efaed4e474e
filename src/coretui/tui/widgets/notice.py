"""A one-row line above the footer: the progress bar, or for a few seconds a notice instead.

During a workout a toast would sit on top of the cue or "Up next"; here a notice
takes the progress bar's row, one notice at a time (a newer one replaces it).
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Label

DEFAULT_TIMEOUT_S = 5.0


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
    ) -> None:
        """Show a notice (replacing any other) for `timeout` seconds."""
        content = message if isinstance(message, Content) else Content(message)
        self.query_one("#notice", Label).update(content)
        self.set_class(severity == "warning", "-warning")
        self.set_class(severity == "error", "-error")
        self.add_class("-showing")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout or DEFAULT_TIMEOUT_S, self.clear)

    def clear(self) -> None:
        """Back to the progress bar."""
        self.remove_class("-showing")
        self._timer = None


def warn_once(where: App[Any] | Widget, notices: list[str]) -> None:
    """Problems found together (a settings file's, the history's), in one notice a line
    each: notices one by one scroll each other off the screen, unread (ten of them at
    100x30 showed seven)."""
    if notices:
        timeout = 8 + 2 * (len(notices) - 1)
        where.notify("\n".join(notices), severity="warning", timeout=timeout, markup=False)

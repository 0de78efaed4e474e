"""Screens that show the history keep up with other processes while they are open.

A second window's workout, `coretui log` or `coretui delete` write the same file.
The routine list and the History screen read it again when they come back into
view; while one of them stays open, it looks every few seconds (one `stat` of the
file: the usual answer is "unchanged") and redraws when the file changed. The
routine list looks at the routine files the same way (a `stat` of each).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from coretui.services.sessions import SessionBook

CHECK_EVERY_S = 2.0
"""How often an open screen looks whether the history file changed."""


def watch_history(
    screen: Screen[Any],
    book: SessionBook,
    changed: Callable[[], object],
    also: Callable[[], object] | None = None,
) -> Timer:
    """Call `changed` when another process wrote to the history while `screen` shows,
    or the day changed (a list left open overnight said "last done: today" of
    yesterday), and `also` at each look: the routine list looks at its files too.

    The timer pauses itself once the screen is covered (a workout runs with no
    extra wake-ups): the screen resumes it when it comes back (`Timer.resume`).
    """

    shown_on = book.current_day()

    def check() -> None:
        nonlocal shown_on
        if screen.app.screen is not screen:  # (`is_current` holds under the top screen too)
            timer.pause()
            return
        # Not during the first read (a thread holds the book): that read shows it all.
        if book.loaded:
            today = book.current_day()
            if book.reread_if_changed() or today != shown_on:
                changed()
            shown_on = today
        if also is not None:
            also()

    timer = screen.set_interval(CHECK_EVERY_S, check, name="history-watch")
    return timer

"""A text field that never sends a control character to the terminal.

An Input draws its value as it is: an escape sequence in a routine's name (from a
file anyone can write) or in a session's note would reach the terminal when the
editor or the summary shows it. `SafeInput` draws each control character as a
visible stand-in of one cell (ESC as ␛); the value itself is kept as it is.
"""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input

from coretui.textsafe import control_pictures


class ControlPictures(Highlighter):
    """Replaces control characters in the drawn text only (same length: spans and the
    cursor stay in place)."""

    def highlight(self, text: Text) -> None:
        text.plain = control_pictures(text.plain)


class SafeInput(Input):
    """An Input whose drawing shows control characters as visible stand-ins."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", ControlPictures())
        super().__init__(*args, **kwargs)

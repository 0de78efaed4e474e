"""Showing a user's text in a Static: as plain text, and only when it changed."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def show_plain(widget: Static, text: str) -> None:
    """Show `text` as it is (never as markup). A text already shown is left alone:
    each `Static.update` lays the screen out again, and the editor checks every
    field at each key typed."""
    if str(widget.content) != text:
        widget.update(Content(text))

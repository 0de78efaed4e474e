"""A user's text on the screen: shown as plain text, and cut to the cells it has."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from coretui.textsafe import printable


def show_plain(widget: Static, text: str) -> None:
    """Show `text` as it is (never as markup), a control character in it written out
    (a file's name can hold an escape: the terminal would act on it). A text already
    shown is left alone: each `Static.update` lays the screen out again, and the
    editor checks every field at each key typed."""
    text = printable(text)
    if str(widget.content) != text:
        widget.update(Content(text))

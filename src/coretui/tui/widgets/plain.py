"""A user's text on the screen: shown as plain text, and cut to the cells it has."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
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


def cut(text: str, width: int, keep: str = "") -> str:
    """`text` in at most `width` terminal cells, "…" at the end when it was longer (a
    wide character, as in "腰が痛い", takes two). `keep` follows it whole: what a long
    name must not push off the line (" · Left side")."""
    if cell_len(text + keep) <= width:
        return text + keep
    room = width - cell_len(keep) - 1
    if room < 1:  # not even one cell of the text: what is kept comes first
        return cut(keep, width) if keep else "…"[:width]
    return set_cell_size(text, room).rstrip(" ") + "…" + keep

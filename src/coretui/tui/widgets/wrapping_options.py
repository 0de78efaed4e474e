"""Textual's OptionList, its options measured again when its scrollbar comes or goes."""

from __future__ import annotations

from textual.widgets import OptionList


class WrappingOptionList(OptionList):
    """An OptionList whose options that wrap keep all their lines.

    Textual's OptionList measures each option's lines at the width it has when asked,
    and again only on a resize. Its scrollbar coming or going changes that width with
    no resize: a list rebuilt (its options cleared, then added) was measured while it
    was empty, its scrollbar gone, and an option that wraps at the narrower width kept
    a line too few once the scrollbar was back. Its last line was cut off, or took the
    place of the separator under it. (Textual's TextArea watches its scrollbar alike.)
    """

    def watch_show_vertical_scrollbar(self) -> None:
        self._clear_caches()

"""The routine list of the home screen."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from coretui.tui.widgets.wrapping_options import WrappingOptionList


class RoutineList(WrappingOptionList):
    """The routine list: its own Enter (select, then start) is shown as Start.

    Not a priority key on the screen: those are acted on ahead of the keys pressed
    before them, and a quick Down, Enter started the routine above.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Start")]

    def on_resize(self) -> None:
        # Narrower, the names wrap onto more lines: the routine the detail pane describes
        # was left scrolled out of view.
        self.call_after_refresh(self.scroll_to_highlight)

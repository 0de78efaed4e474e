"""The routine list of the home screen."""

from __future__ import annotations

from typing import ClassVar

from textual import events
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

    async def _on_key(self, event: events.Key) -> None:
        # The screen's keys (a, c, E...) act as each comes, as the list's own do: Textual
        # acts on them a few messages later, on whatever screen is up by then, and the
        # "a" of a name typed straight after `a` added an exercise in the editor. Keys
        # that came here while one opened another screen go on to what has the focus there.
        from coretui.tui.widgets.key_relay import took_own_key  # (a dataclass: not at start)

        app = self.app
        if self.screen is not app.screen and app.focused is not None:
            event.prevent_default()
            event.stop()
            app.post_message(events.Key(event.key, event.character))
        elif event.key in self._bindings.key_to_bindings or not await took_own_key(
            self.screen, event
        ):
            await super()._on_key(event)

"""A text field that never sends a control character to the terminal.

An Input draws its value as it is: an escape sequence in a routine's name (from a
file anyone can write) or in a session's note would reach the terminal when the
editor or the summary shows it. `SafeInput` draws each control character as a
visible stand-in of one cell (ESC as ␛); the value itself is kept as it is.

Textual's Input measures its cursor, scroll and clicks on the raw value, where ESC
takes no cell and Rich drops BEL: the three methods that draw and measure are
overridden together, so the cursor stays on the character it is at.
(`tests/ui/test_user_text.py` checks the drawing and the cursor.)

A paste of several lines is taken as one (its lines joined by spaces), without the
escape sequences and control characters a terminal's text may carry, and a paste
longer than the field takes is cut to fit, with a word that it was.

Left, it shows its text from the start; come back to, a field not selected on focus
(the summary's note) takes what is typed at its end.

It also takes its keys in the order they come. Textual runs a field's own key bindings
(Backspace, Enter, the arrows) once the key has bubbled up to the app, a message hop
later, while a character is typed at once: keys that come together (a quick hand,
tmux, a paste of keys) were taken out of order, and "5", Backspace, "4", Enter
submitted "5". `SafeInput` runs its own bindings as the key comes.
(`tests/ui/test_key_order.py`.)
"""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.expand_tabs import expand_tabs_inline
from textual.widgets import Input

from coretui.textsafe import control_pictures, without_controls
from coretui.tui.widgets.key_relay import took_own_key

FOCUS_KEYS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Focus Next", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Focus Previous", show=False, priority=True),
]
"""Tab and Shift+Tab for a form's screen, taken by the app as they come: what is typed
right after them goes to the field they lead to. (Textual's own Tab moves the focus once
the field left has taken the key, and it had already been given what came after.) Keys
before the Tab were given to the field it leaves, in order: they stay there."""


class SafeInput(Input):
    """An Input that draws control characters as visible stand-ins, and takes its keys
    in order."""

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and not self.check_consume_key(event.key, event.character):
            event.prevent_default()  # (not Input's own handler: `?` goes on to the help)
            return
        if not await took_own_key(self, event):
            await super()._on_key(event)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """A box that would refuse `?` (a number box) leaves it to the help: it took the
        key without a word."""
        refused = self.restrict is not None and re.fullmatch(self.restrict, "?") is None
        return not (character == "?" and refused) and super().check_consume_key(key, character)

    def on_blur(self) -> None:
        # Left, a field shows its text from the start: a long note or cue stayed scrolled
        # to its end ("k; hip raise twinged, skipped it"). Not when the terminal went to
        # another window: back, the typing goes on where it was (it went in at the start).
        if self.app.app_focus and self.app.focused is not self:  # (back already: it is at once)
            self.cursor_position = 0

    def on_focus(self, event: events.Focus) -> None:
        if not (self.select_on_focus or event.from_app_focus):  # come back to: added to at its end
            self.cursor_position = len(self.value)

    def _on_paste(self, event: events.Paste) -> None:
        # Textual keeps a paste's first line, and refuses a paste past `max_length` whole,
        # unsaid: a cue pasted from a page lost all but its first sentence.
        event.prevent_default()  # (Input's own would paste its first line again)
        event.stop()
        lines = event.text.splitlines()
        if len(lines) > 1:  # lines joined by a space, each without its own edge spaces
            lines = [line.strip() for line in lines]
        text = without_controls(" ".join(line for line in lines if line).replace("\t", " "))
        if not text:
            return
        start, end = sorted(self.selection)
        room = self.max_length - len(self.value) + end - start if self.max_length else len(text)
        cut = len(text) > room
        before = self.value
        self.replace(text[: max(0, room)], start, end)
        if cut and self.value != before:  # (not when the field refused what was left)
            self.notify(
                f"Pasted text cut to the {self.max_length} characters this field takes.",
                severity="warning",
                markup=False,
            )

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(control_pictures(self.value), no_wrap=True, overflow="ignore", end="")
        return text if self.highlighter is None else self.highlighter(text)

    def _position_to_cell(self, position: int) -> int:
        return cell_len(expand_tabs_inline(control_pictures(self.value[:position]), 4))

    def _cell_offset_to_index(self, offset: int) -> int:
        scroll_x, _ = self.scroll_offset
        offset += scroll_x
        cell = 0
        for index, char in enumerate(control_pictures(self.value)):
            width = get_character_cell_size(char)
            if cell <= offset < cell + width:
                return index
            cell += width
        return max(0, min(offset, len(self.value)))

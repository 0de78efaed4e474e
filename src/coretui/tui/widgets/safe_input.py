"""A text field that never sends a control character to the terminal.

An Input draws its value as it is: an escape sequence in a routine's name (from a
file anyone can write) or in a session's note would reach the terminal when the
editor or the summary shows it. `SafeInput` draws each control character as a
visible stand-in of one cell (ESC as ␛); the value itself is kept as it is.

Textual's Input measures its cursor, scroll and clicks on the raw value, where ESC
takes no cell and Rich drops BEL: the three methods that draw and measure are
overridden together, so the cursor stays on the character it is at.
(`tests/ui/test_user_text.py` checks the drawing and the cursor.)
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual.expand_tabs import expand_tabs_inline
from textual.widgets import Input

from coretui.textsafe import control_pictures


class SafeInput(Input):
    """An Input that draws control characters as visible stand-ins."""

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

"""A SelectionList whose boxes say ticked or not in their text, not by colour alone."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist


class TickList(SelectionList[str]):
    """Textual draws an X in every box, greyed where not ticked: in a high-contrast theme
    the grey X read as ticked, and without colours (NO_COLOR, a screen reader, text
    copied) every box read "X". A box not ticked is drawn empty."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        # The box as SelectionList draws it: its left side, its inside, its right side
        # (one line an option, as SelectionList's own drawing counts them).
        box = [Checkbox.BUTTON_LEFT, Checkbox.BUTTON_INNER, Checkbox.BUTTON_RIGHT]
        if option.value in self._selected or [s.text for s in segments[:3]] != box:
            return strip
        inner = segments[1]
        segments[1] = Segment(" " * len(inner.text), inner.style, inner.control)
        return Strip(segments, strip.cell_length)

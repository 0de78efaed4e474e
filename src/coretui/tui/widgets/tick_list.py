"""A SelectionList whose boxes say ticked or not in their text, not by colour alone."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
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
        if option.value in self._selected or len(segments) < 2:
            return strip
        inner = segments[1]  # the box: its left side, its inside, its right side
        segments[1] = Segment(" " * len(inner.text), inner.style, inner.control)
        return Strip(segments, strip.cell_length)

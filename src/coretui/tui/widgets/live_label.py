"""A one-line label that changes in place every second: the workout's time left, its counts."""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip

from coretui.cells import cut
from coretui.textsafe import printable
from coretui.tui.widgets.direct_paint import DirectlyPainted, DirectPainter


class LiveLabel(DirectlyPainted):
    """Plain text on one line (never markup), placed by its `text-align` and cut with
    "…" when longer than the widget (as wide as the text by default).

    A new text ("25:52 left" to "25:51 left") is written straight to the terminal,
    its changed cells only, when nothing can be drawn over it (`DirectPainter`):
    the countdown's second then needs no pass of Textual's compositor over the
    screen. A new length of a label as wide as its text needs a new layout, and
    that, or a change that cannot be written directly, is a refresh.
    """

    DEFAULT_CSS = """
    LiveLabel {
        width: auto;
        height: 1;
    }
    """

    def __init__(
        self,
        text: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = text
        self._painter = DirectPainter(self, keep_lines=False)

    @property
    def text(self) -> str:
        """The text shown."""
        return self._text

    def show(self, text: str) -> None:
        """Show `text`, writing only the cells that changed."""
        text = printable(text, single_line=True)
        old, self._text = self._text, text
        if text == old:
            return
        width = self.styles.width
        sized = width is None or width.is_auto  # as wide as its text
        plain = cell_len(old) == len(old) and cell_len(text) == len(text)  # a cell a character
        fits = len(text) <= self.size.width and len(old) <= self.size.width
        if not self.is_mounted or not plain or not fits or (sized and len(old) != len(text)):
            self.refresh(layout=sized)  # a new length of a label as wide as its text
            return
        style = self.visual_style.rich_style
        change: Hashable
        if len(old) == len(text):
            changed = [i for i, (was, now) in enumerate(zip(old, text, strict=True)) if was != now]
            first, end = changed[0], changed[-1] + 1
            region = Region(self._left(text) + first, 0, end - first, 1)
            # The same new characters in the same place are the same cells: written again.
            change = (first, text[first:end], style)
        else:  # from where either text starts to where either ends ("UP 1" to "HOLD 1")
            left = min(self._left(old), self._left(text))
            right = max(self._left(old) + len(old), self._left(text) + len(text))
            region = Region(left, 0, right - left, 1)
            change = (region, text, style)
        self._painter.check_colours()
        if not self._painter.paint([region], change):
            self.refresh(region)

    def render(self) -> Content:
        return Content(self._text)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return cell_len(self._text)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def _left(self, text: str) -> int:
        """The cells before `text` in the widget's width."""
        room = self.size.width - cell_len(text)
        align = self.styles.text_align
        if room <= 0 or align not in ("center", "right", "end"):
            return 0
        return room // 2 if align == "center" else room

    def render_line(self, y: int) -> Strip:
        style = self.visual_style.rich_style
        width = self.size.width
        if y:
            return Strip.blank(width, style)
        text = cut(self._text, width)
        segments = [Segment(" " * self._left(text), style), Segment(text, style)]
        return Strip(segments).adjust_cell_length(width, style)

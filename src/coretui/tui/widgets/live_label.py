"""A one-line label that changes in place every second: the workout's time left."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from coretui.textsafe import printable
from coretui.tui.widgets.direct_paint import DirectPainter
from coretui.tui.widgets.plain import cut


class LiveLabel(Widget):
    """Plain text on one line (never markup), placed by its `text-align` and cut with
    "…" when longer than the widget (as wide as the text by default).

    A new text of the same width ("25:52 left" to "25:51 left") is written straight
    to the terminal, its changed cells only, when nothing can be drawn over it
    (`DirectPainter`): the countdown's second then needs no pass of Textual's
    compositor over the screen. Any other change, or one that cannot be written
    directly, is a refresh.
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
        """Show `text`, writing only the cells that changed when its width is the same."""
        text = printable(text, single_line=True)
        old, self._text = self._text, text
        if text == old:
            return
        same_cells = len(old) == len(text) and cell_len(old) == cell_len(text) == len(text)
        if not self.is_mounted or not same_cells or len(text) > self.size.width:
            width = self.styles.width  # as wide as its text: a new length, a new layout
            self.refresh(layout=width is None or width.is_auto)
            return
        changed = [
            i for i, (before, after) in enumerate(zip(old, text, strict=True)) if before != after
        ]
        first, end = changed[0], changed[-1] + 1
        region = Region(self._left(text) + first, 0, end - first, 1)
        # The same new characters in the same place are the same cells: written again.
        change = (first, text[first:end], self.visual_style.rich_style)
        self._painter.check_colours()
        if not self._painter.paint([region], change):
            self.refresh(region)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._painter.forget()  # the theme or a colour changed: the prepared text is stale

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

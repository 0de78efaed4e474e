"""A progress bar that only moves when told, and only repaints when a cell changes."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

from coretui.tui.widgets.direct_paint import DirectlyPainted, DirectPainter

BAR, HALF_RIGHT, HALF_LEFT = "━", "╸", "╺"


def bar_text(width: int, halves: int) -> tuple[str, str]:
    """The done part and the rest of a bar `width` cells wide, `halves` half-cells done.

    Drawn as Textual's ProgressBar draws it: a half-filled cell ends in "╸", and the
    rest starts with "╺" after a whole one.
    """
    halves = max(0, min(2 * width, halves))
    whole, half = divmod(halves, 2)
    if half:
        return BAR * whole + HALF_RIGHT, BAR * (width - whole - 1)
    if whole in (0, width):
        return BAR * whole, BAR * (width - whole)
    return BAR * whole, HALF_LEFT + BAR * (width - whole - 1)


class StillProgressBar(DirectlyPainted):
    """How much of the workout is done, as a thin bar: no timer, no animation.

    The workout screen calls `update` on every tick; the bar repaints only when
    the filled length changes by half a cell (about every 8 s of a 26-minute
    routine at 100 columns), so the tick that moves the digits does not also
    repaint the bottom row; and it is written straight to the terminal when nothing
    covers it (`DirectPainter`).
    """

    DEFAULT_CSS = """
    StillProgressBar {
        width: 1fr;
        height: 1;
        & > .still-progress-bar--bar { color: $primary; background: $surface; }
        & > .still-progress-bar--complete { color: $success; background: $surface; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "still-progress-bar--bar",
        "still-progress-bar--complete",
    }

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.total: float | None = None
        self.progress = 0.0
        self._drawn: tuple[int, int] | None = None
        self._painter = DirectPainter(self, keep_lines=False)

    @property
    def fraction(self) -> float:
        """How much is done, 0 to 1."""
        if not self.total:
            return 1.0 if self.total == 0 else 0.0
        return max(0.0, min(1.0, self.progress / self.total))

    def _halves(self, width: int) -> int:
        return int(self.fraction * 2 * width)

    def update(self, *, total: float | None = None, progress: float | None = None) -> None:
        """Set the total and the progress; a repaint only when a cell would change."""
        if total is not None:
            self.total = total
        if progress is not None:
            self.progress = progress
        width = self.content_size.width
        drawn = (width, self._halves(width))
        if self._drawn == drawn:
            return
        # Straight to the terminal when nothing covers the bar, as the countdown's digits.
        self._painter.check_colours()
        if self._painter.paint([Region(0, 0, width, 1)], drawn):
            self._drawn = drawn
        else:
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        halves = self._halves(width)
        self._drawn = (width, halves)
        done_all = halves >= 2 * width
        colours = self.get_component_rich_style(
            "still-progress-bar--complete" if done_all else "still-progress-bar--bar"
        )
        base = self.visual_style.rich_style  # the widget's background under the thin bar
        done, rest = bar_text(width, halves)
        segments = [
            Segment(done, base + Style.from_color(colours.color)),
            Segment(rest, base + Style.from_color(colours.bgcolor)),
        ]
        return Strip([s for s in segments if s.text], width)

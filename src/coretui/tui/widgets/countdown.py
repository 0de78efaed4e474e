"""The big countdown: block digits that grow with the terminal."""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass

from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip

from coretui.tui.widgets.direct_paint import DirectlyPainted, DirectPainter

# A 3x5 block font, scaled by whole numbers: Textual's Digits is fixed at three
# rows, too small to read from an exercise mat across the room.
_GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", "###", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": (" ", "#", " ", "#", " "),
    "+": ("   ", " # ", "###", " # ", "   "),
    " ": ("   ",) * 5,
}
GLYPH_ROWS = 5
_RUNS = re.compile(r" +|[^ ]+")


def glyph_width(text: str) -> int:
    """Width of `text` in font units, one unit of space between characters."""
    widths = [len(_GLYPHS.get(ch, _GLYPHS[" "])[0]) for ch in text]
    return sum(widths) + max(0, len(widths) - 1)


def render_blocks(text: str, scale_x: int, scale_y: int) -> list[str]:
    """The lines of `text` drawn in full blocks, each font pixel scale_x by scale_y cells."""
    rows: list[str] = []
    for row in range(GLYPH_ROWS):
        pieces = [_GLYPHS.get(ch, _GLYPHS[" "])[row] for ch in text]
        line = " ".join(pieces).replace("#", "█")
        scaled = "".join(cell * scale_x for cell in line)
        rows.extend([scaled] * scale_y)
    return rows


def fit_scale(text: str, width: int, height: int) -> tuple[int, int]:
    """The largest (scale_x, scale_y) that fits; (0, 0) when even 1x1 does not."""
    units = glyph_width(text)
    scale_y = height // GLYPH_ROWS
    # Terminal cells are about twice as tall as wide: twice the columns looks square.
    scale_x = min(2 * scale_y, width // max(1, units))
    if scale_y < 1 or scale_x < 1:
        return 0, 0
    scale_y = min(scale_y, scale_x)  # never taller than wide: thin stalks read badly
    return scale_x, scale_y


def glyph_spans(text: str, scale_x: int) -> list[tuple[int, int]]:
    """(first column, width) of each character of `text` drawn at scale_x, from the left edge."""
    spans: list[tuple[int, int]] = []
    x = 0
    for ch in text:
        width = len(_GLYPHS.get(ch, _GLYPHS[" "])[0]) * scale_x
        spans.append((x, width))
        x += width + scale_x  # one font unit of space between characters
    return spans


@dataclass(frozen=True)
class _Layout:
    """Where the digits sit in the region: the same for every value of the same shape."""

    scale_x: int
    scale_y: int
    left: int
    top: int
    rows: int


class BigCountdown(DirectlyPainted):
    """Shows a time like "0:45" as large as its region allows.

    Below the size of the smallest block digits it falls back to plain bold
    text, so a tiny terminal still shows the time. Lines are drawn directly
    (`render_line`), centred in the region. A new value repaints only the cells
    that changed: from "0:45" to "0:44", the rows of the last digit where a 4
    and a 5 differ, written straight to the terminal when nothing covers them
    (`DirectPainter`), else refreshed. A steady countdown sends a few hundred
    cells a second to the terminal, not the whole block.
    """

    DEFAULT_CSS = """
    BigCountdown {
        width: 1fr;
        height: 1fr;
        text-style: bold;
    }
    """

    def __init__(
        self,
        value: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._value = value
        self._painter = DirectPainter(self, keep_lines=False)
        self._layout: tuple[tuple[object, ...], _Layout] | None = None
        # The lines of the value on screen, each font row once (a 20-row countdown
        # has 5 different lines, and the blank one), made once per render pass.
        self._frame: tuple[tuple[object, ...], _Layout, dict[int, Strip]] | None = None

    @property
    def value(self) -> str:
        """The time shown."""
        return self._value

    def update(self, value: str) -> None:
        """Show a new time, repainting only the cells that changed."""
        old, self._value = self._value, value
        if value == old:
            return
        if not self.is_mounted or self._shape(old) != self._shape(value):
            self.refresh()  # a new width ("10:00" to "9:59"): everything moves
            return
        layout = self._current_layout()
        if not layout.scale_y:  # plain text: one short line
            self.refresh(Region(0, layout.top, self.size.width, 1))
            return
        # Each band of rows where a character's font row changed. Its text depends only
        # on the new character, its place and the font row: written once, then reused.
        looks = (self._shape(value), layout, self.visual_style.rich_style)
        changed: list[tuple[list[Region], Hashable]] = []
        spans = glyph_spans(value, layout.scale_x)
        for place, ((x, width), before, after) in enumerate(zip(spans, old, value, strict=True)):
            if before == after:
                continue
            was, now = _GLYPHS.get(before, _GLYPHS[" "]), _GLYPHS.get(after, _GLYPHS[" "])
            for row in range(GLYPH_ROWS):
                if was[row] != now[row]:
                    top = layout.top + row * layout.scale_y
                    band = Region(layout.left + x, top, width, layout.scale_y)
                    changed.append(([band], (place, now[row], row, looks)))
        if not changed:
            return
        # Straight to the terminal when nothing covers the digits: Textual would write
        # each changed row from the widget's left edge, and compose the screen for it.
        self._painter.check_colours()
        if not self._painter.paint_parts(changed):
            self.refresh(*(band for bands, _ in changed for band in bands))

    def lines(self) -> list[str]:
        """The drawing for the current value and size (block digits, or plain text)."""
        layout = self._current_layout()
        if not layout.scale_y:
            return [self._value]
        return render_blocks(self._value, layout.scale_x, layout.scale_y)

    def digit_rows(self) -> int:
        """How many terminal rows the digits take at the current size."""
        return len(self.lines())

    @staticmethod
    def _shape(value: str) -> tuple[int, ...]:
        """What the layout depends on: the width of each character, not which digit it is."""
        return tuple(len(_GLYPHS.get(ch, _GLYPHS[" "])[0]) for ch in value)

    def _current_layout(self) -> _Layout:
        width, height = self.size
        key = (self._shape(self._value), width, height)
        if self._layout is None or self._layout[0] != key:
            scale_x, scale_y = fit_scale(self._value, width, height)
            if scale_y:
                rows = GLYPH_ROWS * scale_y
                drawn = glyph_width(self._value) * scale_x
            else:
                rows, drawn = 1, len(self._value)
            left, top = max(0, (width - drawn) // 2), (height - rows) // 2
            self._layout = (key, _Layout(scale_x, scale_y, left, top, rows))
        return self._layout[1]

    def render_lines(self, crop: Region) -> list[Strip]:
        """Work out the value's lines once, then let Textual ask for each row."""
        self._prepare()
        return super().render_lines(crop)

    def _prepare(self) -> tuple[_Layout, dict[int, Strip]]:
        layout = self._current_layout()
        width = self.size.width
        style = self.visual_style.rich_style
        key = (self._value, layout, width, style)
        if self._frame is None or self._frame[0] != key:
            value = self._value
            texts = render_blocks(value, layout.scale_x, 1) if layout.scale_y else [value]
            strips = {-1: Strip([Segment(" " * width, style)], width)}
            for row, text in enumerate(texts):
                line = (" " * layout.left + text)[:width].ljust(width)
                # One segment per run of blanks or blocks: an SVG screenshot collapses
                # the leading spaces of a text run, which would shift a "2" into an "E".
                runs = [Segment(run, style) for run in _RUNS.findall(line)]
                strips[row] = Strip(runs, width)
            self._frame = (key, layout, strips)
        return self._frame[1], self._frame[2]

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        # Outside a render pass (render_lines) the lines may be for an older value.
        if frame is None or frame[0][0] != self._value:
            layout, strips = self._prepare()
        else:
            layout, strips = frame[1], frame[2]
        row = y - layout.top
        if not 0 <= row < layout.rows:
            return strips[-1]
        return strips[row // max(1, layout.scale_y)]

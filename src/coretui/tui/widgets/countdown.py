"""The big countdown: block digits that grow with the terminal."""

from __future__ import annotations

from itertools import groupby

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

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


class BigCountdown(Widget):
    """Shows a time like "0:45" as large as its region allows.

    Below the size of the smallest block digits it falls back to plain bold
    text, so a tiny terminal still shows the time. Lines are drawn directly
    (`render_line`), centred in the region, and only when the value changes.
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
        self._cache: tuple[tuple[str, int, int], list[str]] | None = None

    @property
    def value(self) -> str:
        """The time shown."""
        return self._value

    def update(self, value: str) -> None:
        """Show a new time; nothing is redrawn when it has not changed."""
        if value != self._value:
            self._value = value
            self.refresh()

    def lines(self) -> list[str]:
        """The drawing for the current value and size (block digits, or plain text)."""
        key = (self._value, self.size.width, self.size.height)
        if self._cache is None or self._cache[0] != key:
            scale_x, scale_y = fit_scale(self._value, self.size.width, self.size.height)
            drawn = render_blocks(self._value, scale_x, scale_y) if scale_y else [self._value]
            self._cache = (key, drawn)
        return self._cache[1]

    def digit_rows(self) -> int:
        """How many terminal rows the digits take at the current size."""
        return len(self.lines())

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        lines = self.lines()
        row = y - (height - len(lines)) // 2
        text = ""
        if 0 <= row < len(lines):
            line = lines[row]
            text = " " * max(0, (width - len(line)) // 2) + line
        style = self.rich_style
        # One segment per run of blanks or blocks: an SVG screenshot collapses the
        # leading spaces of a text run, which would shift a "2" into an "E".
        runs = [
            Segment("".join(chars), style)
            for _, chars in groupby(text[:width].ljust(width), key=lambda ch: ch == " ")
        ]
        return Strip(runs, width)

"""A dot canvas printed as Unicode braille: each character cell holds 2 x 4 dots.

Braille dots are about as wide as they are tall in a terminal cell, so lines
and circles keep their shape, and a 30-column box already holds 60 dots.
"""

from __future__ import annotations

import math

BLANK = 0x2800
# Bit of each dot in a cell, by [row][column]: the braille block's numbering.
_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


class Canvas:
    """A grid of `cols` x `rows` cells, drawn on in dot coordinates (y grows down)."""

    def __init__(self, cols: int, rows: int) -> None:
        self.cols = max(0, cols)
        self.rows = max(0, rows)
        self.cells = [[0] * self.cols for _ in range(self.rows)]

    @property
    def width(self) -> int:
        """Dots across."""
        return self.cols * 2

    @property
    def height(self) -> int:
        """Dots down."""
        return self.rows * 4

    def dot(self, x: float, y: float) -> None:
        """Set the dot nearest (x, y); dots off the canvas are dropped."""
        col, row = round(x), round(y)
        if 0 <= col < self.width and 0 <= row < self.height:
            self.cells[row // 4][col // 2] |= _BITS[row % 4][col % 2]

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A one-dot line, no gaps (one dot per step along the longer axis)."""
        steps = max(1, math.ceil(max(abs(x1 - x0), abs(y1 - y0))))
        for i in range(steps + 1):
            t = i / steps
            self.dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)

    def circle(self, cx: float, cy: float, radius: float, *, fill: bool = False) -> None:
        """A circle outline (or a disc) of `radius` dots."""
        if fill:
            reach = math.ceil(radius)
            for dy in range(-reach, reach + 1):
                span = math.sqrt(max(0.0, radius * radius - dy * dy))
                self.line(cx - span, cy + dy, cx + span, cy + dy)
            return
        count = max(8, math.ceil(2 * math.pi * radius * 1.5))
        for i in range(count):
            angle = 2 * math.pi * i / count
            self.dot(cx + radius * math.cos(angle), cy + radius * math.sin(angle))


def cell_text(bits: int) -> str:
    """The braille character for a cell's dots; a space when it has none."""
    return chr(BLANK + bits) if bits else " "

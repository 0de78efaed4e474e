"""One row of a figure's drawing as a Strip: the body in the text colour, props lighter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

if TYPE_CHECKING:
    from coretui.figures.drawing import Drawing


def drawing_strip(drawing: Drawing | None, y: int, width: int, base: Style, prop: Style) -> Strip:
    """Row `y` of `drawing`, `width` cells wide (blank below the drawing or without one)."""
    if drawing is None or y >= len(drawing.body):
        return Strip([Segment(" " * width, base)], width)
    styles: dict[str, Style] = {"figure": base, "prop": prop, "blank": base}
    segments = [Segment(text, styles[layer]) for text, layer in drawing.runs(y)]
    return Strip(segments, width).adjust_cell_length(width, base)

"""The figure widget: an exercise's stick figure in braille, moving with the tempo."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from coretui.figures.drawing import Drawing, Viewport, draw, viewport
from coretui.figures.model import Figure
from coretui.figures.pose import Frame, figure_frames, frame_at, is_moving

FRAME_S = 0.1
"""Poses are taken on a 0.1 s grid: the figure repaints at most 10 times a second."""


def frame_time(elapsed: float) -> float:
    """`elapsed` rounded down to the frame grid."""
    return math.floor(max(0.0, elapsed) / FRAME_S + 1e-9) * FRAME_S


class FigureView(Widget):
    """Draws one exercise's figure, scaled to its region, props in a lighter colour.

    The owner says which figure (`show`) and how far into the set it is (`at`);
    the widget has no timer of its own. It repaints only when the drawing
    changes, and takes poses on a 0.1 s grid, so even a caller that asks every
    few milliseconds gets at most 10 new frames a second.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"figure-view--prop"}

    DEFAULT_CSS = """
    FigureView {
        width: 1fr;
        height: 1fr;
        color: $foreground;
    }
    FigureView > .figure-view--prop { color: $foreground 45%; }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._figure: Figure | None = None
        self._frames: list[Frame] = []
        self._phases: tuple[float, ...] = ()
        self._mirrored = False
        self._elapsed = 0.0
        self._view: tuple[tuple[int, int], Viewport] | None = None
        self._drawing: Drawing | None = None
        self.paints = 0
        """How many times the drawing changed (tests and the benchmark read it)."""

    @property
    def figure(self) -> Figure | None:
        """The figure shown, if any."""
        return self._figure

    @property
    def drawing(self) -> Drawing | None:
        """The drawing on screen now."""
        return self._drawing

    def show(
        self, figure: Figure | None, phases: Sequence[float] = (), *, mirrored: bool = False
    ) -> None:
        """Show `figure`, moving through its keyframes with these phase lengths (seconds)."""
        phases = tuple(phases)
        if (figure, phases, mirrored) == (self._figure, self._phases, self._mirrored):
            return
        self._figure, self._phases, self._mirrored = figure, phases, mirrored
        self._frames = figure_frames(figure) if figure else []
        self._view = None
        self._redraw()

    def at(self, elapsed: float) -> None:
        """Pose the figure `elapsed` seconds into the set (pauses excluded)."""
        self._elapsed = frame_time(elapsed)
        self._redraw()

    def is_moving(self) -> bool:
        """True while the figure travels between keyframes at the current moment."""
        return bool(self._frames) and is_moving(len(self._frames), self._phases, self._elapsed)

    def on_resize(self) -> None:
        self._redraw()

    def _viewport(self) -> Viewport | None:
        if self._figure is None:
            return None
        size = (self.size.width, self.size.height)
        if self._view is None or self._view[0] != size:
            self._view = (size, viewport(self._figure, *size, mirrored=self._mirrored))
        return self._view[1]

    def _redraw(self) -> None:
        view = self._viewport()
        drawing = None
        if self._figure is not None and view is not None:
            frame = frame_at(self._frames, self._phases, self._elapsed)
            drawing = draw(self._figure, frame, view)
        if drawing != self._drawing:
            self._drawing = drawing
            self.paints += 1
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        drawing = self._drawing
        base = self.rich_style
        if drawing is None or y >= len(drawing.body):
            return Strip([Segment(" " * width, base)], width)
        prop = self.get_component_rich_style("figure-view--prop")
        styles: dict[str, Style] = {"figure": base, "prop": prop, "blank": base}
        segments = [Segment(text, styles[layer]) for text, layer in drawing.runs(y)]
        return Strip(segments, width).adjust_cell_length(width, base)

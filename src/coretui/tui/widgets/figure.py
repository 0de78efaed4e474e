"""The figure widget: an exercise's stick figure in braille, moving with the tempo."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.geometry import Region
from textual.strip import Strip

from coretui.figures.drawing import Drawing, Viewport, draw, viewport
from coretui.figures.pose import Frame, figure_frames, frame_at, is_moving
from coretui.figures.shapes import Figure
from coretui.tui.widgets.braille_strip import drawing_strip
from coretui.tui.widgets.direct_paint import DirectlyPainted, DirectPainter

FRAME_S = 0.1
"""Poses are taken on a 0.1 s grid: the figure repaints at most 10 times a second."""
MAX_CACHED_DRAWINGS = 400
MAX_CACHED_ROWS = 4000
LOOK_AHEAD_FRAMES = 20
WAKE_MARGIN_S = 0.002
"""The figure's own wake-up lands this long after its drawing changes, not just before."""


def frame_time(elapsed: float) -> float:
    """`elapsed` rounded down to the frame grid."""
    return math.floor(max(0.0, elapsed) / FRAME_S + 1e-9) * FRAME_S


def changed_cells(before: Drawing | None, after: Drawing | None) -> list[Region] | None:
    """The cells that differ between two drawings of one size, a region per row
    (None: redraw everything)."""
    if before is None or after is None or len(before.body) != len(after.body):
        return None
    regions: list[Region] = []
    rows = zip(before.body, before.props, after.body, after.props, strict=True)
    for y, (body, props, new_body, new_props) in enumerate(rows):
        if body == new_body and props == new_props:
            continue
        if len(body) != len(new_body):
            return None
        cells = zip(body, props, new_body, new_props, strict=True)
        xs = [x for x, (b, p, nb, np) in enumerate(cells) if b != nb or p != np]
        regions.append(Region(xs[0], y, xs[-1] - xs[0] + 1, 1))
    return regions


class FigureView(DirectlyPainted):
    """Draws one exercise's figure, scaled to its region, props in a lighter colour.

    The owner says which figure (`show`) and how far into the set it is (`at`),
    and, while the set runs, gives it the set's clock (`follow`): the figure then
    wakes on its own exactly when its drawing next changes, so the owner's clock
    ticks for the countdown alone. It repaints only when the drawing changes, and
    takes poses on a 0.1 s grid, so it draws at most 10 new frames a second. A
    change between two drawings is written to the terminal directly when nothing
    can cover the figure (`DirectPainter`), else through a refresh.
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
        self._drawing_key: float | None = None
        # Reps repeat: the drawing at each 0.1 s of a rep is made once per set and size,
        # and so are the cells that change from one to the next.
        self._cache: dict[float, Drawing] = {}
        self._changes: dict[tuple[float, float], list[Region] | None] = {}
        self._ahead: dict[float, float | None] = {}
        self._rep_s = 0.0
        self._box: tuple[int, int] | None = None
        self._strips: dict[tuple[object, ...], Strip] = {}
        self._painter = DirectPainter(self)
        self._follow: Callable[[], float | None] | None = None
        self._wake: asyncio.TimerHandle | None = None
        self.paints = 0
        """How many times the drawing changed: each change is one repaint."""

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
        self._rep_s = sum(phases)
        self._frames = figure_frames(figure) if figure else []
        self._view = None
        self._forget_drawings()
        self._strips.clear()
        self._redraw()
        self._wake_later()

    def at(self, elapsed: float) -> None:
        """Pose the figure `elapsed` seconds into the set (pauses excluded)."""
        self._painter.check_colours()  # the owner's tick: the screen's colours may differ
        self._pose(elapsed)

    def _pose(self, elapsed: float) -> None:
        self._elapsed = frame_time(elapsed)
        self._redraw()
        self._wake_later()

    def follow(self, clock: Callable[[], float | None] | None) -> None:
        """Move on with `clock` (seconds into the set, pauses excluded); None: stay put.

        While following, the figure poses itself at `clock()` each time its drawing
        changes; the owner stops it (None) when the set pauses or ends, and a clock
        that answers None has stopped too (the figure sleeps until posed again).
        """
        if clock == self._follow:  # the same clock (a bound method equals its twin)
            return
        self._follow = clock
        self._wake_later()

    def _wake_later(self) -> None:
        if self._wake is not None:
            self._wake.cancel()
            self._wake = None
        now = None if self._follow is None else self._follow()
        if now is None:
            return
        delay = self.next_change_in(now)
        if delay is not None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # no app running it (a test posing the figure by hand)
                return
            self._wake = loop.call_later(delay + WAKE_MARGIN_S, self._woken)

    def _woken(self) -> None:
        self._wake = None
        if self._follow is None:
            return
        elapsed = self._follow()
        if elapsed is not None:  # None: the set has stopped (it ended under a dialog)
            self._pose(elapsed)

    def on_unmount(self) -> None:
        self.follow(None)

    def is_moving(self) -> bool:
        """True while the figure travels between keyframes at the current moment."""
        return bool(self._frames) and is_moving(len(self._frames), self._phases, self._elapsed)

    def next_change_in(self, elapsed: float) -> float | None:
        """Seconds from `elapsed` until the drawing next changes while moving (None: still
        until the phase ends, when the owner's tick comes anyway).

        A small figure that moves a dot or two a second wakes once or twice, not ten
        times. Where the next change lies depends only on the moment of the rep, so it
        is worked out once per set and size for each frame of a rep.
        """
        if not self._frames:
            return None
        now = frame_time(elapsed)
        key = self._drawing_key_at(now)
        if key in self._ahead:
            ahead = self._ahead[key]
        else:
            ahead = self._ahead[key] = self._look_ahead(now)
        return None if ahead is None else max(0.0, now + ahead - elapsed)

    def _look_ahead(self, now: float) -> float | None:
        """Seconds from the frame at `now` to the next frame with another drawing."""
        keyframes = len(self._frames)
        if not is_moving(keyframes, self._phases, now):
            return None
        drawing = self._drawing_at(now)
        for step in range(1, LOOK_AHEAD_FRAMES + 1):
            then = now + step * FRAME_S
            if not is_moving(keyframes, self._phases, then):
                return None
            if self._drawing_at(then) != drawing:
                return step * FRAME_S
        return None

    def on_resize(self) -> None:
        self._box = (self.size.width, self.size.height)
        self._forget_drawings()
        self._redraw()

    def _forget_drawings(self) -> None:
        self._cache.clear()
        self._changes.clear()
        self._ahead.clear()
        self._painter.forget()
        self._drawing_key = None

    def _viewport(self) -> Viewport | None:
        if self._figure is None:
            return None
        if self._box is None:  # not resized yet: Textual's size (slower to ask every frame)
            self._box = (self.size.width, self.size.height)
        if self._view is None or self._view[0] != self._box:
            still = not self._phases  # (a rest's next move, a hold: its one pose fills the box)
            box, mirrored = self._box, self._mirrored
            self._view = (box, viewport(self._figure, *box, mirrored=mirrored, still=still))
        return self._view[1]

    def _drawing_key_at(self, elapsed: float) -> float:
        """Where `elapsed` falls in a rep: reps repeat, and so do their drawings."""
        rep_s = self._rep_s
        return round(elapsed % rep_s if rep_s > 0 else 0.0, 3)

    def _drawing_at(self, elapsed: float, key: float | None = None) -> Drawing | None:
        if self._figure is None:
            return None
        if key is None:
            key = self._drawing_key_at(elapsed)
        found = self._cache.get(key)
        if found is None:
            view = self._viewport()
            if view is None:
                return None
            if len(self._cache) >= MAX_CACHED_DRAWINGS:
                self._forget_drawings()
            frame = frame_at(self._frames, self._phases, elapsed)
            found = self._cache[key] = draw(self._figure, frame, view)
        return found

    def _redraw(self) -> None:
        key = self._drawing_key_at(self._elapsed)
        drawing = self._drawing_at(self._elapsed, key)
        if drawing is self._drawing or drawing == self._drawing:
            return
        before, before_key = self._drawing, self._drawing_key
        self._drawing, self._drawing_key = drawing, (key if drawing is not None else None)
        self.paints += 1
        if before_key is None or drawing is None:
            self.refresh()
            return
        change = (before_key, key)
        if change in self._changes:
            changed = self._changes[change]
        else:
            if len(self._changes) >= MAX_CACHED_DRAWINGS:
                self._changes.clear()
            changed = self._changes[change] = changed_cells(before, drawing)
        if changed is None:
            self.refresh()
        elif not self._painter.paint(changed, change):
            self.refresh(*changed)  # a move is a few dots a frame: those rows' cells alone

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        drawing = self._drawing
        base = self.visual_style.rich_style
        prop = self.get_component_rich_style("figure-view--prop")
        if drawing is None or y >= len(drawing.body):
            return drawing_strip(None, y, width, base, prop)
        # Reps repeat, and so do their rows: each is turned into text once per set.
        key = (drawing.body[y], drawing.props[y], width, base, prop)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) >= MAX_CACHED_ROWS:
                self._strips.clear()
            strip = self._strips[key] = drawing_strip(drawing, y, width, base, prop)
        return strip

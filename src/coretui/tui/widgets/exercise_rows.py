"""The picker's exercise lines, each with a small still figure of its move beside it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

import msgspec
from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from coretui.tui.widgets.braille_strip import drawing_strip

if TYPE_CHECKING:
    # The figures load with the first figure drawn, after the routine list's first
    # paint.
    from coretui.figures.drawing import Drawing
    from coretui.figures.shapes import Figure

FIGURE_COLUMNS = 20
"""A figure beside its line is 20 x 4 cells (40 x 16 braille dots): a plank still reads.
(ExerciseRows' CSS says the same: width 20, height 4, margin-left FIGURE_GAP.)"""
FIGURE_GAP = 2
BESIDE_MIN_SPARE = FIGURE_COLUMNS + FIGURE_GAP
"""Figures go beside the lines when the widest line leaves this many columns of the pane.

Then no line wraps beside its figure; below that (80x24 and 100x30 with the bundled
routines) only the first move's figure shows, under its line.
"""
MAX_CACHED_DRAWINGS = 256

_drawings: dict[tuple[int, int, int], tuple[Figure, Drawing]] = {}
"""First-keyframe drawings by (figure, columns, rows): moving through the routine list
draws each figure once per size. Figures are unhashable (they hold lists), so the key is
their id; the entry holds the figure itself, so that id cannot be reused meanwhile."""


def still_drawing(figure: Figure, cols: int, rows: int) -> Drawing:
    """`figure`'s first keyframe drawn in a box of cols x rows cells (cached)."""
    from coretui.figures.drawing import draw, viewport
    from coretui.figures.pose import figure_frames

    key = (id(figure), cols, rows)
    found = _drawings.get(key)
    if found is None or found[0] is not figure:
        if len(_drawings) >= MAX_CACHED_DRAWINGS:
            _drawings.clear()
        frame = figure_frames(figure)[0]
        found = _drawings[key] = (
            figure,
            draw(figure, frame, viewport(figure, cols, rows, still=True)),
        )
    return found[1]


class StillFigure(Widget):
    """An exercise's figure standing still in its first keyframe, props lighter.

    It draws when it is first painted, at its size, so a figure that is hidden
    or scrolled out of view costs nothing.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"still-figure--prop"}

    DEFAULT_CSS = """
    StillFigure {
        width: 20;
        height: 4;
        color: $foreground;
    }
    StillFigure > .still-figure--prop { color: $foreground 45%; }
    """

    def __init__(self, figure: Figure | None = None) -> None:
        super().__init__()
        self._figure = figure

    @property
    def figure(self) -> Figure | None:
        """The figure shown, if any."""
        return self._figure

    @property
    def drawing(self) -> Drawing | None:
        """The drawing at the widget's present size (None: no figure, or no size yet)."""
        width, height = self.size
        if self._figure is None or width <= 0 or height <= 0:
            return None
        return still_drawing(self._figure, width, height)

    def show(self, figure: Figure | None) -> None:
        """Show `figure` (None: nothing)."""
        if figure is not self._figure:
            self._figure = figure
            self.refresh()

    def render_line(self, y: int) -> Strip:
        prop = self.get_component_rich_style("still-figure--prop")
        return drawing_strip(self.drawing, y, self.size.width, self.rich_style, prop)


class ExerciseItem(msgspec.Struct, frozen=True):
    """One exercise of the list: its number ("2."), its text (a line, maybe an "easier"
    line) and figure."""

    number: str
    text: str
    figure: Figure | None

    @property
    def width(self) -> int:
        """Columns of its widest line unwrapped, the number and its gap counted."""
        return cell_len(self.number) + 1 + max(map(cell_len, self.text.splitlines()), default=0)


class ExerciseRow(Horizontal):
    """One exercise's text with its figure beside it (or under it, or none: see ExerciseRows)."""

    def __init__(self, item: ExerciseItem) -> None:
        super().__init__(classes="-no-figure" if item.figure is None else None)
        self._item = item

    def compose(self) -> ComposeResult:
        # The number in a column of its own: a wrapped line goes on under the text, not
        # under the number.
        with Horizontal(classes="exercise-words"):
            yield Static(Content(self._item.number), classes="exercise-number")
            yield Static(Content(self._item.text), classes="exercise-text")
        yield StillFigure(self._item.figure)

    def show(self, item: ExerciseItem) -> None:
        """Show another exercise in this row (before or after it is composed)."""
        if item == self._item:
            return
        self._item = item
        self.set_class(item.figure is None, "-no-figure")
        for number in self.query(".exercise-number").results(Static):
            number.update(Content(item.number))
        for text in self.query(".exercise-text").results(Static):
            text.update(Content(item.text))
        for figure in self.query_children(StillFigure):
            figure.show(item.figure)


class ExerciseRows(Vertical):
    """A routine's exercise lines, a small still figure beside each when the width allows.

    With `BESIDE_MIN_SPARE` columns left beside the widest line, every line gets
    its figure (`-beside`); otherwise only the first move's figure shows, under
    its line (`-first-only`). Rows are kept and refilled when the routine
    changes, so moving through the routine list mounts nothing.
    """

    DEFAULT_CSS = """
    ExerciseRows {
        height: auto;
        ExerciseRow { height: auto; }
        .exercise-words { width: 1fr; height: auto; }
        .exercise-number { width: auto; margin-right: 1; }
        .exercise-text { width: 1fr; }
        StillFigure { display: none; }
        &.-beside StillFigure {  /* FIGURE_COLUMNS x 4, FIGURE_GAP to the left */
            display: block;
            width: 20;
            height: 4;
            margin-left: 2;
        }
        &.-first-only ExerciseRow.-first { layout: vertical; }
        &.-first-only ExerciseRow.-first StillFigure {
            display: block;
            width: 28;
            height: 5;
            margin: 0 0 1 3;
        }
        &.-beside ExerciseRow.-no-figure StillFigure,
        &.-first-only ExerciseRow.-first.-no-figure StillFigure { display: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[ExerciseItem] = []
        self._widest = 0
        self._fill_pending = False

    def show(self, items: Sequence[ExerciseItem]) -> None:
        """Show these exercises, reusing the rows already there.

        The first rows are mounted after the next refresh, so the screen's first
        paint (the routine list) does not wait for them.
        """
        self._items = list(items)
        self._widest = max((item.width for item in items), default=0)
        if self.children:
            self._fill()
        elif not self._fill_pending:
            self._fill_pending = True
            self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        self._fill_pending = False
        items = self._items
        rows = list(self.query_children(ExerciseRow))
        for row, item in zip(rows, items, strict=False):
            row.show(item)
        for row in rows[len(items) :]:
            row.remove()
        new = [ExerciseRow(item) for item in items[len(rows) :]]
        if new:
            self.mount_all(new)
        for index, row in enumerate([*rows[: len(items)], *new]):
            row.set_class(index == 0, "-first")
        self._place()

    def on_resize(self) -> None:
        self._place()

    def _room(self) -> int:
        """Columns for a line and its figure, counted as if the pane scrolled.

        Figures beside the lines make the list taller, which can bring in the pane's
        scrollbar; counting its columns either way keeps that from flipping the layout.
        """
        room = self.size.width
        pane = self.parent
        if isinstance(pane, ScrollableContainer) and not pane.show_vertical_scrollbar:
            room -= pane.styles.scrollbar_size_vertical
        return room

    def _place(self) -> None:
        if self.size.width <= 0:
            return  # not laid out yet: on_resize places them
        beside = self._room() - self._widest >= BESIDE_MIN_SPARE
        self.set_class(beside, "-beside")
        self.set_class(not beside, "-first-only")

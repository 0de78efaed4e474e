"""Where the workout's figure stands: beside the digits, below them, or nowhere."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.widgets import Static

from coretui.cells import cut
from coretui.textsafe import printable
from coretui.tui.widgets.countdown import GLYPH_ROWS, glyph_width
from coretui.tui.widgets.figure import FigureView
from coretui.tui.widgets.plain import show_plain
from coretui.workout.figure_steps import StepFigure
from coretui.workout.timeline import Step

BESIDE_MIN_COLUMNS = 30
"""The figure goes beside the digits only with at least this many columns to spare."""
BELOW_MIN_ROWS_WORK = 10
BELOW_MIN_ROWS_REST = 5
CLOCK_SAMPLE = "0:00"
"""The digits keep room for a m:ss time, whatever the step shows, so nothing jumps."""


@dataclass(frozen=True)
class Placement:
    """Where the workout screen puts the figure: `beside` (columns) or `below` (rows)."""

    where: Literal["beside", "below", "none"]
    size: int = 0


def figure_placement(
    width: int, height: int, stage_rows: int, *, work: bool, sample: str = CLOCK_SAMPLE
) -> Placement:
    """Room for the figure once the digits have their minimum size.

    The digits keep at least half the terminal's height in work steps and a
    third in rests, at their natural proportions (twice as wide as tall). What
    is left beside them (30 columns or more) or below them (10 rows in work,
    5 in rests) goes to the figure; `stage_rows` is the height the digits and
    figure share; `sample` is the widest text the digits show in this step (a
    time, or a tempo set's rep number).
    """
    digit_rows = math.ceil(height / (2 if work else 3))
    scale = max(1, math.ceil(digit_rows / GLYPH_ROWS))
    spare_columns = width - glyph_width(sample) * 2 * scale
    if spare_columns >= BESIDE_MIN_COLUMNS:
        return Placement("beside", spare_columns)
    spare_rows = stage_rows - scale * GLYPH_ROWS
    if spare_rows >= (BELOW_MIN_ROWS_WORK if work else BELOW_MIN_ROWS_REST):
        return Placement("below", spare_rows)
    return Placement("none")


class FigurePane(Vertical):
    """The workout's figure and, in rests, the next move's set-up cue under it."""

    DEFAULT_CSS = """
    FigurePane {
        display: none;
        #figure-caption { height: 1; color: $text-muted; text-align: center; }
    }
    """

    _view: FigureView | None = None
    """Made by `compose`: a `show` before it waits for it (`_pending`)."""
    _pending: tuple[StepFigure | None, Callable[[], float | None] | None] | None = None
    """What was shown before the pane was composed (the screen ticked as it mounted)."""

    def compose(self) -> ComposeResult:
        self._view = FigureView()
        self._caption = Static(id="figure-caption")
        self._captioned: tuple[str, int] | None = None
        yield self._view
        yield self._caption

    def on_mount(self) -> None:
        if self._pending is not None:
            self.show(*self._pending)
            self._pending = None

    def show(
        self, shown: StepFigure | None, follow: Callable[[], float | None] | None = None
    ) -> None:
        """Show a step's figure (None: nothing), posed at its moment of the set; while
        `follow` is given (the set's clock), the figure moves on with it between calls."""
        view = self._view
        if view is None:  # (not composed yet: shown once it is)
            self._pending = (shown, follow)
            return
        if shown is None:
            view.follow(None)
            view.show(None)
        else:
            view.show(shown.figure, shown.phases, mirrored=shown.mirrored)
            view.at(shown.elapsed)
            view.follow(follow)
        text, width = (shown.caption + shown.side if shown else ""), self.size.width
        if self._captioned == (text, width):
            return  # the same caption as the last tick's
        self._captioned = (text, width)
        # One line: a long name ends in "…" rather than push the figure away, or the
        # side off the line (which side to lie on is what the user needs from it).
        if shown is not None:
            text = cut(printable(" ".join(shown.caption.split())), width or 40, shown.side)
        caption = self._caption
        if caption.display != bool(text):
            caption.display = bool(text)
        show_plain(caption, text)


class FigureStage(Container):
    """The digits and the figure pane side by side, one above the other, or the digits alone."""

    DEFAULT_CSS = """
    FigureStage {
        height: 1fr;
        layout: horizontal;
        &.-below { layout: vertical; }
        &.-beside > FigurePane, &.-below > FigurePane { display: block; }
        &.-beside > FigurePane { padding-left: 2; }  /* a gap after the digits */
    }
    """

    placement = Placement("none")

    def place_figure(
        self, width: int, height: int, stage_rows: int, *, work: bool, sample: str = CLOCK_SAMPLE
    ) -> None:
        """Place the figure for a terminal of width x height (see `figure_placement`)."""
        self._place(figure_placement(width, height, stage_rows, work=work, sample=sample))

    def _place(self, placement: Placement) -> None:
        if placement == self.placement:
            return
        self.placement = placement
        self.set_class(placement.where == "beside", "-beside")
        self.set_class(placement.where == "below", "-below")
        pane = self.query_one(FigurePane)
        # The pane's size comes from the digit font's arithmetic, not from a CSS unit.
        pane.styles.width = placement.size if placement.where == "beside" else "100%"
        pane.styles.height = placement.size if placement.where == "below" else "100%"

    def place_for_step(
        self, width: int, height: int, stage_rows: int, step: Step, *, drawn: bool = True
    ) -> str:
        """Place the figure for `step`; where it went ("beside", "below" or "none").

        A move without a figure (`drawn` False: a routine of the user's) gives the
        digits the whole stage, centred and, in a rest, at their full size.
        """
        if not drawn:
            self._place(Placement("none"))
            return "none"
        # A tempo set shows its rep number, narrower than a time: more room for the figure
        # (two digits at least: + adds reps, and a set of 9 becomes one of 12).
        reps = step.reps if step.rep_seconds else None
        sample = "0" * max(2, len(str(reps))) if reps else CLOCK_SAMPLE
        self.place_figure(width, height, stage_rows, work=step.is_work, sample=sample)
        return self.placement.where

"""The moving figure's frames written straight to the terminal show what Textual would.

The app runs with a driver that reports a real terminal and records every byte
Textual and the figure write; a small terminal model replays them. After a set's
frames, the figure's cells on that model must be the figure's drawing, and after
a forced repaint they must not change: a frame written in the wrong place, a
cell left behind or Textual's stale copy of a row would each show.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from rich.style import Style
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot

from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from coretui.tui.widgets.braille_strip import drawing_strip
from coretui.tui.widgets.figure import FigureView
from coretui.tui.widgets.figure_stage import FigurePane
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, skip_to

TOKEN = re.compile(
    r"\x1b\[(\d*);(\d*)H|\x1b\[([0-9;]*)m|\x1b\[[0-9;?<>=]*[A-Za-z]|\x1b\][^\x07]*\x07|(\n)|(.)"
)


class Terminal:
    """Enough of a terminal to replay Textual's output: cursor moves, colours, text."""

    def __init__(self, width: int, height: int) -> None:
        self.cells = [[" "] * width for _ in range(height)]
        self.styles = [[""] * width for _ in range(height)]
        self.x = self.y = 0
        self.style = ""

    def feed(self, data: str) -> None:
        for match in TOKEN.finditer(data):
            row, column, sgr, newline, char = match.groups()
            if sgr is not None:  # Textual writes each run's whole style, then a reset
                self.style = "" if sgr in ("", "0") else sgr
            elif match.group(0).endswith("H") and match.group(0).startswith("\x1b["):
                self.y, self.x = int(row or 1) - 1, int(column or 1) - 1
            elif newline:
                self.y, self.x = self.y + 1, 0
            elif char is not None:
                if 0 <= self.y < len(self.cells) and 0 <= self.x < len(self.cells[0]):
                    self.cells[self.y][self.x] = char
                    self.styles[self.y][self.x] = self.style
                self.x += 1

    def text(self, region: Region) -> list[str]:
        return [
            "".join(self.cells[y][region.x : region.right]) for y in range(region.y, region.bottom)
        ]

    def styled(self, region: Region) -> list[list[tuple[str, str]]]:
        """Each cell's character and colours."""
        return [
            list(zip(self.cells[y], self.styles[y], strict=True))[region.x : region.right]
            for y in range(region.y, region.bottom)
        ]


class RecordingDriver:
    """The test's driver, reporting a real full-screen terminal and keeping what is written."""

    is_headless = False
    is_inline = False

    def __init__(self, real: Any, terminal: Terminal) -> None:
        self._real = real
        self.terminal = terminal

    def write(self, data: str) -> None:
        self.terminal.feed(data)

    def flush(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def figure_text(view: FigureView) -> list[str]:
    """The figure's rows as its drawing reads now (without touching Textual's copy)."""
    width, height = view.size
    return [drawing_strip(view.drawing, y, width, Style(), Style()).text for y in range(height)]


@dataclass
class Scene:
    """The hip raise at 160x48, every byte written going to a model terminal."""

    app: CoreApp
    pilot: Pilot[int]
    view: FigureView
    terminal: Terminal

    def wake(self) -> None:
        """What the figure's own timer does, if it is set."""
        if self.view._wake is not None:
            self.view._woken()

    async def assert_a_full_repaint_changes_nothing(self) -> None:
        """Textual's own repaint of the whole screen draws the figure the same, colours too."""
        shown = self.terminal.styled(self.view.region)
        self.app.screen.refresh()
        await self.pilot.pause()
        assert self.terminal.styled(self.view.region) == shown


@asynccontextmanager
async def hip_raise(
    app_paths: AppPaths, clock: FakeClock, *, notifications: bool = False
) -> AsyncIterator[Scene]:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(160, 48), notifications=notifications) as pilot:
        await skip_to(pilot, app, "Hip raise")
        terminal = Terminal(160, 48)
        real = app._driver
        app._driver = RecordingDriver(real, terminal)  # type: ignore[assignment]
        try:
            app.screen.refresh()  # the whole screen once, onto the model terminal
            await pilot.pause()
            view = app.screen.query_one(FigurePane).query_one(FigureView)
            yield Scene(app, pilot, view, terminal)
        finally:
            app._driver = real


async def test_direct_frames_match_what_textual_draws(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    async with hip_raise(app_paths, clock) as scene:
        app, view, terminal = scene.app, scene.view, scene.terminal
        assert app.workout is not None
        painter = view._painter
        before = painter.painted
        # two reps of up 1 s / hold 5 s / down 1 s, frame by frame as the figure wakes
        for _ in range(140):
            clock.advance(0.1)
            if view._wake is None:  # the hold: the screen's own tick
                app.workout.tick()
                await scene.pilot.pause()
                continue
            drawn, painted = view.drawing, painter.painted
            view._woken()
            if view.drawing != drawn:  # a new frame, written at once, not refreshed
                assert painter.painted == painted + 1
                assert terminal.text(view.region) == figure_text(view)
        assert painter.painted - before >= 20
        await scene.assert_a_full_repaint_changes_nothing()


async def test_a_notification_over_the_figure_is_not_painted_over(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    async with hip_raise(app_paths, clock, notifications=True) as scene:
        app, pilot, view = scene.app, scene.pilot, scene.view
        message = "A long message that covers part of the figure " * 4
        # coretui's own notices have a line of their own in a workout; Textual's toast
        # stands for anything drawn over the figure (a tooltip, a toast, a dialog)
        App.notify(app, message, timeout=60)
        await pilot.pause()
        await pilot.pause()  # the toast is mounted, then laid out
        toasts = [w for w in app.screen.query("Toast") if w.region.overlaps(view.region)]
        assert toasts, "the notification should lie over the figure at 160x48"
        painted = view._painter.painted
        for _ in range(9):  # the 1 s "up" phase
            clock.advance(0.1)
            scene.wake()
            await pilot.pause()
        assert view._painter.painted == painted  # refreshed through Textual instead
        assert "long message" in "".join(scene.terminal.text(toasts[0].region))


async def test_after_a_theme_change_direct_frames_have_the_new_colours(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    async with hip_raise(app_paths, clock) as scene:
        app, pilot, view, terminal = scene.app, scene.pilot, scene.view, scene.terminal
        assert app.workout is not None
        colours: set[str] = set()
        # The hip raise: up 1 s, hold 5 s, down 1 s. The theme changes half-way up;
        # the next rep's first frames are changes whose text was made before it.
        direct_in_the_next_rep = False
        for step in range(80):
            if step == 5:
                await pilot.pause()
                colours = {style for row in terminal.styled(view.region) for _, style in row}
                app.theme = "textual-light" if app.theme != "textual-light" else "nord"
                await pilot.pause()
            clock.advance(0.1)
            if step % 5 == 0:
                app.workout.tick()
                await pilot.pause()
            painted = view._painter.painted
            scene.wake()
            elapsed = app.workout.engine.step_elapsed_now()
            if elapsed is not None and elapsed > 7.05 and view._painter.painted > painted:
                direct_in_the_next_rep = True  # this frame went directly: look now
                break
        assert direct_in_the_next_rep
        shown = terminal.styled(view.region)
        assert {style for row in shown for _, style in row}.isdisjoint(colours)
        await scene.assert_a_full_repaint_changes_nothing()

"""The moving figure's frames written straight to the terminal show what Textual would.

The app runs with a driver that reports a real terminal and records every byte
Textual and the figure write; a small terminal model replays them. As in a real
terminal, Textual's writes go through its writer thread, and a frame written while
that thread is idle goes straight from the app's thread. After a set's
frames, the figure's cells on that model must be the figure's drawing, and after
a forced repaint they must not change: a frame written in the wrong place, a
cell left behind or Textual's stale copy of a row would each show.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
from rich.style import Style
from textual.app import App
from textual.pilot import Pilot

from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from coretui.tui.widgets import direct_paint
from coretui.tui.widgets.braille_strip import drawing_strip
from coretui.tui.widgets.figure import FigureView
from coretui.tui.widgets.figure_stage import FigurePane
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, skip_to
from tests.ui.model_terminal import RecordingDriver, Terminal, recorded


@pytest.fixture(autouse=True)
def settled_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test's writer thread counts as settled at once (a real one after 2 s)."""
    monkeypatch.setattr(direct_paint, "WRITER_SETTLE_S", 0.0)


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
    driver: RecordingDriver
    clock: FakeClock

    @property
    def terminal(self) -> Terminal:
        """The model terminal, once everything written so far has reached it."""
        self.driver.drain()
        return self.driver.file.terminal

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
    app_paths: AppPaths, clock: FakeClock, *, notifications: bool = False, threaded: bool = True
) -> AsyncIterator[Scene]:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(160, 48), notifications=notifications) as pilot:
        await skip_to(pilot, app, "Hip raise")
        async with recorded(app, pilot, (160, 48), threaded=threaded) as driver:
            view = app.screen.query_one(FigurePane).query_one(FigureView)
            yield Scene(app, pilot, view, driver, clock)


async def test_direct_frames_match_what_textual_draws(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    async with hip_raise(app_paths, clock) as scene:
        app, view = scene.app, scene.view
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
                assert scene.terminal.text(view.region) == figure_text(view)
        assert painter.painted - before >= 20
        # with Textual's writer idle between frames, they went out from the app's thread
        assert scene.driver.file.from_the_app_thread >= 20
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
        app, pilot, view = scene.app, scene.pilot, scene.view
        assert app.workout is not None
        colours: set[str] = set()
        # The hip raise: up 1 s, hold 5 s, down 1 s. The theme changes half-way up;
        # the next rep's first frames are changes whose text was made before it.
        direct_in_the_next_rep = False
        for step in range(80):
            if step == 5:
                await pilot.pause()
                colours = {style for row in scene.terminal.styled(view.region) for _, style in row}
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
        shown = scene.terminal.styled(view.region)
        assert {style for row in shown for _, style in row}.isdisjoint(colours)
        await scene.assert_a_full_repaint_changes_nothing()


async def test_a_frame_never_overtakes_textual_s_own_output(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    async with hip_raise(app_paths, clock) as scene:
        app, pilot, view, driver = scene.app, scene.pilot, scene.view, scene.driver
        driver.drain()  # everything so far written
        driver.file.slow = slow = threading.Event()
        app.screen.refresh()  # Textual repaints the screen; the terminal takes its time
        await pilot.pause()
        direct, painted = driver.file.from_the_app_thread, view._painter.painted
        for _ in range(5):  # half of the 1 s "up": the figure rises
            clock.advance(0.1)
            scene.wake()
        assert view._painter.painted > painted  # the frames went the direct way...
        assert driver.file.from_the_app_thread == direct  # ...queued behind Textual's
        slow.set()
        assert scene.terminal.text(view.region) == figure_text(view)  # the last frame shows


async def rise(scene: Scene, frames: int) -> tuple[int, int]:
    """`frames` tenths of a second of the "up" phase: (frames painted, from the app's thread)."""
    painted, direct = scene.view._painter.painted, scene.driver.file.from_the_app_thread
    for _ in range(frames):
        scene.clock.advance(0.1)
        scene.wake()
    await scene.pilot.pause()
    painter = scene.view._painter
    return painter.painted - painted, scene.driver.file.from_the_app_thread - direct


async def test_a_terminal_that_takes_no_output_gets_its_frames_queued(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    async with hip_raise(app_paths, clock) as scene:
        scene.driver.drain()
        scene.driver.file.stop_reading()  # a write from the app's thread would wait now
        painted, direct = await rise(scene, 5)
        assert painted >= 3 and direct == 0  # still direct frames, but queued to the writer
        assert scene.terminal.text(scene.view.region) == figure_text(scene.view)


async def test_a_new_writer_thread_gets_no_frames_past_it_at_first(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual's input thread may still queue its answers to the terminal's replies
    monkeypatch.setattr(direct_paint, "WRITER_SETTLE_S", 60.0)
    async with hip_raise(app_paths, clock) as scene:
        painted, direct = await rise(scene, 5)
        assert painted >= 3 and direct == 0
        assert scene.terminal.text(scene.view.region) == figure_text(scene.view)


async def test_without_a_writer_thread_frames_go_through_the_driver(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # the browser's driver (coretui serve) writes itself: frames are still direct ones
    async with hip_raise(app_paths, clock, threaded=False) as scene:
        painted, _ = await rise(scene, 5)
        assert painted >= 3
        assert scene.terminal.text(scene.view.region) == figure_text(scene.view)

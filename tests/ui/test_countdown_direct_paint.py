"""Each second of the countdown is written straight to the terminal, and shows what
Textual would draw.

A running countdown changes a digit's rows, the time left in the top bar, the
progress bar now and then and, in a paced set, the counts under the digits.
Written through Textual, each second was a pass of its compositor over the screen,
and each changed row went out from the widget's left edge: more CPU in a second
than `termdown` spends. With nothing drawn over them they are written directly,
their changed cells only. The app runs with a driver that keeps every byte on a
model terminal; after every second the model must read as Textual's own rendering
of the screen, and a full repaint must change nothing.
"""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from coretui.tui.widgets import direct_paint
from coretui.tui.widgets.countdown import BigCountdown
from coretui.tui.widgets.live_label import LiveLabel
from coretui.tui.widgets.still_progress import StillProgressBar
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, skip_to
from tests.ui.model_terminal import RecordingDriver, recorded


@pytest.fixture(autouse=True)
def settled_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test's writer thread counts as settled at once (a real one after 2 s)."""
    monkeypatch.setattr(direct_paint, "WRITER_SETTLE_S", 0.0)


def shown(driver: RecordingDriver, size: tuple[int, int]) -> list[str]:
    driver.drain()
    return driver.file.terminal.text(Region(0, 0, *size))


def textual_s(app: CoreApp) -> list[str]:
    """The screen as Textual renders it from its widgets now."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def seconds_match(
    app: CoreApp, pilot: Pilot[int], clock: FakeClock, size: tuple[int, int], seconds: int
) -> RecordingDriver:
    """Tick `seconds` seconds, checking the model terminal against Textual each time."""
    assert app.workout is not None
    async with recorded(app, pilot, size) as driver:
        for _ in range(seconds):
            clock.advance(1.0)
            app.workout.tick()
            await pilot.pause()  # what still goes through Textual (a new length) goes out
            assert shown(driver, size) == textual_s(app)
        styled = driver.file.terminal.styled(Region(0, 0, *size))
        app.screen.refresh()  # Textual's own repaint of everything draws the same
        await pilot.pause()
        driver.drain()
        assert driver.file.terminal.styled(Region(0, 0, *size)) == styled
    return driver


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_hold_s_seconds_are_written_directly(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        digits = app.screen.query_one(BigCountdown)
        time_left = app.screen.query_one("#total-left", LiveLabel)
        bar = app.screen.query_one(StillProgressBar)
        before = digits._painter.painted, time_left._painter.painted, bar._painter.painted
        await seconds_match(app, pilot, clock, size, 25)
        # every second of the 60 s plank went the direct way, digits and time left,
        # and so did the progress bar each time it grew (every 8-10 s of Core six)
        assert digits._painter.painted - before[0] == 25
        assert time_left._painter.painted - before[1] == 25
        assert bar._painter.painted - before[2] >= 2


async def test_a_paced_set_s_counts_are_written_directly(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    size = (100, 30)
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=size) as pilot:
        await skip_to(pilot, app, "Back extension")
        counts = app.screen.query_one("#counts", LiveLabel)
        before = counts._painter.painted
        await seconds_match(app, pilot, clock, size, 12)
        # "Rep 2 of 12 · UP 1 · 0:55 left in the set": its changed cells each second;
        # from "UP 1" to "HOLD 1", the cells of the longer of the two lines
        assert counts._painter.painted - before == 12

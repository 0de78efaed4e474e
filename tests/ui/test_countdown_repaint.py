"""The big digits repaint only what changed: a steady countdown must stay cheap to draw."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region

from coretui.paths import AppPaths
from coretui.tui.widgets.countdown import BigCountdown, fit_scale, glyph_spans
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, walk

SIZE = (100, 22)


class CountdownApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BigCountdown("0:45")


def spy_on_repaints(countdown: BigCountdown) -> list[Region | None]:
    """Every repaint the widget asks for: a region, or None for the whole widget."""
    asked: list[Region | None] = []
    original = countdown.refresh

    def refresh(*regions: Region, **kwargs: bool) -> BigCountdown:
        asked.extend(regions or [None])
        return original(*regions, **kwargs)

    countdown.refresh = refresh  # type: ignore[method-assign]
    return asked


def drawn(countdown: BigCountdown) -> list[str]:
    """What the widget puts on the screen now: its rows with ink, without the margins."""
    lines = countdown.render_lines(countdown.size.region)
    return [line.text.strip() for line in lines if line.text.strip()]


def expected(countdown: BigCountdown) -> list[str]:
    return [line.strip() for line in countdown.lines()]


def columns_of(value: str, index: int, countdown: BigCountdown) -> tuple[int, int]:
    """The screen columns (first, end) of character `index` of `value`."""
    scale_x, _ = fit_scale(value, *countdown.size)
    spans = glyph_spans(value, scale_x)
    drawn_width = spans[-1][0] + spans[-1][1]
    left = (countdown.size.width - drawn_width) // 2
    x, width = spans[index]
    return left + x, left + x + width


async def test_a_new_last_digit_repaints_that_digit_alone() -> None:
    app = CountdownApp()
    async with app.run_test(size=SIZE) as pilot:
        countdown = app.query_one(BigCountdown)
        await pilot.pause()
        asked = spy_on_repaints(countdown)

        countdown.update("0:44")
        await pilot.pause()
        first, end = columns_of("0:44", 3, countdown)
        assert asked, "the new digit was not drawn"
        assert all(r is not None and first <= r.x and r.right <= end for r in asked), asked
        # A 5 and a 4 share their middle and lower rows: those are not sent again.
        assert sum(r.area for r in asked if r) < (end - first) * countdown.digit_rows()
        assert drawn(countdown) == expected(countdown)

        asked.clear()
        countdown.update("0:44")  # the same second again: nothing to draw
        await pilot.pause()
        assert asked == []

        countdown.update("0:39")  # two digits change; the 0 and the colon stay
        await pilot.pause()
        kept_end = columns_of("0:39", 1, countdown)[1]
        assert asked and all(r is not None and r.x >= kept_end for r in asked), asked
        assert drawn(countdown) == expected(countdown)


async def test_a_new_width_redraws_the_whole_countdown() -> None:
    app = CountdownApp()
    async with app.run_test(size=SIZE) as pilot:
        countdown = app.query_one(BigCountdown)
        countdown.update("10:00")
        await pilot.pause()
        asked = spy_on_repaints(countdown)
        countdown.update("9:59")  # one character fewer: the digits move to stay centred
        await pilot.pause()
        assert asked == [None]
        assert drawn(countdown) == expected(countdown)


async def test_a_rest_recolours_every_digit_not_only_the_changed_ones(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    """From 0:01 of work to 0:10 of rest only some cells change, but all take the rest colour."""
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        countdown = app.screen.query_one(BigCountdown)

        def colours() -> set[object]:
            lines = countdown.render_lines(countdown.size.region)
            return {seg.style.color for line in lines for seg in line if seg.text.strip()}

        await walk(pilot, app, clock, 59)
        assert countdown.value == "0:01"
        work = colours()
        await walk(pilot, app, clock, 1)
        assert "-rest" in countdown.classes and countdown.value == "0:10"
        rest = colours()
        assert len(rest) == 1 and rest != work

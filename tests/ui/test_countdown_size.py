"""The countdown reads from the mat: at least half the terminal's height from 80x24 up."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.color import Color

from coretui.paths import AppPaths
from coretui.tui.themes import HIGH_CONTRAST, contrast, legible
from coretui.tui.widgets.countdown import BigCountdown, fit_scale, render_blocks
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, walk


@pytest.mark.parametrize(
    ("size", "min_rows"),
    [((80, 23), 12), ((80, 24), 12), ((100, 30), 15), ((160, 48), 24), ((200, 60), 30)],
)
async def test_digits_fill_half_the_terminal(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int], min_rows: int
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        countdown = app.screen.query_one(BigCountdown)
        assert countdown.digit_rows() >= min_rows
        assert countdown.region.width <= size[0]


async def test_still_block_digits_at_40x12(app_paths: AppPaths, clock: FakeClock) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        countdown = app.screen.query_one(BigCountdown)
        assert countdown.digit_rows() >= 5
        assert "-compact" in app.screen.classes  # the cue gives way to the digits


def test_blocks_are_scaled_exactly() -> None:
    rows = render_blocks("1:00", 2, 3)
    assert len(rows) == 15
    assert len({len(row) for row in rows}) == 1
    assert fit_scale("0:45", 100, 22) == (7, 4)
    assert fit_scale("0:45", 10, 3) == (0, 0)  # too small: plain text instead


@pytest.mark.parametrize("width", [40, 30])
async def test_the_top_bar_says_where_and_how_long_whole_or_ends_in_an_ellipsis(
    app_paths: AppPaths, clock: FakeClock, width: int
) -> None:
    # At 40 columns it ran off the edge: "Next: exercise 4 of 5 · 2:34 le".
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(width, 12)) as pilot:
        await pilot.pause()
        for _ in range(3):  # into a rest, and on
            await pilot.press("n")
            await pilot.pause()
        top = app.screen.query_one("#total-left").region
        text = str(app.screen.query_one("#total-left").render())
        assert top.right <= width, "inside the screen"
        assert text.endswith(" left") or text.endswith("…")
        assert "of 5" in text


async def test_the_top_bar_is_fitted_again_on_a_resize_while_paused(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # No tick runs while paused: the bar kept its old text, cut at the new edge.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.pause()
        label = app.screen.query_one("#total-left")
        assert label.region.right <= 40
        assert str(label.render()).endswith((" left", "…"))


async def test_with_no_colour_the_digits_of_every_phase_are_bright(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NO_COLOR turns the phase colours to greys: the rest's digits came out at about
    # 3:1 against the background and the paused ones 2.6:1, too dim to read across a
    # room. With no colour to tell the phases apart (their label does), all are bright.
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, app, clock, 62)  # past the plank, into the rest
        assert app.workout is not None and app.workout.engine.step.is_rest
        countdown = app.screen.query_one(BigCountdown)
        foreground = Color.parse(app.get_css_variables()["foreground"])
        assert countdown.styles.color == foreground
        await pilot.press("space")
        await pilot.pause()
        assert app.workout.engine.state.name == "PAUSED"
        assert countdown.styles.color == foreground


@pytest.mark.parametrize("theme", ["atom-one-light", "textual-light", "rose-pine-dawn"])
async def test_the_digits_read_on_a_light_theme(
    app_paths: AppPaths, clock: FakeClock, theme: str
) -> None:
    # Each phase drew its digits in the theme's own colour: atom-one-light's work
    # green on its white was 1.4:1, textual-light's get-ready orange 1.5:1.
    app = make_app(app_paths, clock, "core-quick", lead_in=5)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        background = Color.parse(app.get_css_variables()["background"])
        for phase in ("lead-in", "work", "paused"):
            if phase == "work":
                await walk(pilot, app, clock, 6)
            if phase == "paused":
                await pilot.press("space")
            await pilot.pause()
            countdown = app.screen.query_one(BigCountdown)
            assert f"-{phase}" in countdown.classes
            digits = countdown.styles.color
            assert contrast(digits, background) >= 4.5, (phase, digits, background)


def test_every_theme_offered_has_phase_colours_that_read() -> None:
    app = App()
    app.register_theme(HIGH_CONTRAST)
    for name in app.available_themes:
        app.theme = name
        variables = app.get_css_variables()
        background = Color.parse(variables["background"])
        for colour in legible(variables).values():
            shown = Color.parse(colour)
            assert shown.ansi is not None or contrast(shown, background) >= 4.5, name

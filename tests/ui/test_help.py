"""The keys page of the help reads at 80x24 without scrolling sideways."""

from __future__ import annotations

from collections import Counter

import pytest
from textual import events
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from coretui.paths import AppPaths
from coretui.tui.screens.help import KEYS, HelpScreen
from tests.conftest import FakeClock
from tests.ui.conftest import make_app


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_key_s_description_is_shown_whole_within_the_width(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    # At 80 columns "settings: lead-in, rests, sound, weekly goal," stopped at the edge,
    # the rest to be found by scrolling sideways.
    app = make_app(app_paths, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys-table", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await pilot.resize_terminal(size[0] + 20, size[1])
        await pilot.pause()
        await pilot.pause()
        assert table.row_count == len(KEYS)


async def test_the_keys_page_fills_the_width_when_the_help_opens_on_the_other_page(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Laid out while hidden, the table had no width: its descriptions wrapped at 24
    # cells with half the page empty.
    app = make_app(app_paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(HelpScreen("about"))
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        await pilot.pause()
        table = app.screen.query_one("#keys-table", DataTable)
        room = table.scrollable_content_region.width
        assert room - 4 <= table.virtual_size.width <= room


@pytest.mark.parametrize("paused", [False, True])
async def test_the_workout_footer_shows_help_at_80x24(
    app_paths: AppPaths, clock: FakeClock, paused: bool
) -> None:
    # At 80x24 the footer ended "... m Mute q Quit": "? Help" was cut off.
    app = make_app(app_paths, clock, "core-quick", lead_in=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if paused:
            await pilot.press("space", "m")  # "Resume" and "Unmute": the longest labels
        await pilot.pause()
        shown = {str(key.description): key.region for key in app.screen.query(FooterKey)}
        assert {"Pause" if not paused else "Resume", "Quit", "Help"} <= set(shown)
        assert all(region.right <= 80 for region in shown.values()), shown


async def test_the_footer_shows_the_keys_that_add_and_take_off_time(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # It showed "± 10s": no key of the keyboard is "±", and "-" was not named at all.
    app = make_app(app_paths, clock, "core-quick", lead_in=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = {str(key.description): key.key_display for key in app.screen.query(FooterKey)}
        assert shown["10s"] == "+/-", shown


@pytest.mark.parametrize("width", [60, 62, 100])
async def test_the_palette_key_ends_the_routine_lists_footer_with_nothing_after_it(
    app_paths: AppPaths, clock: FakeClock, width: int
) -> None:
    # At 60 columns the footer ended "^p paletteu": the palette's key, docked right,
    # kept a cell open after it, where the "u" of a Quit scrolled under it showed.
    app = make_app(app_paths, clock)
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        keys = app.screen.query(FooterKey)
        [palette] = [key for key in keys if key.has_class("-command-palette")]
        assert palette.region.right == width


@pytest.mark.parametrize("busy", [False, True], ids=["idle", "busy"])
async def test_help_over_a_workout_opens_at_the_workouts_keys(
    app_paths: AppPaths, clock: FakeClock, busy: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `?` in a workout opened on the routine list's keys, the workout's below the fold;
    # on a busy machine too, where the rows' heights are worked out late (the table
    # scrolled before them, and stayed at the top).
    if busy:
        on_idle, idle_moments = DataTable._on_idle, Counter[DataTable]()

        async def late(table: DataTable, event: events.Idle) -> None:  # type: ignore[type-arg]
            idle_moments[table] += 1
            if idle_moments[table] > 10:
                await on_idle(table, event)

        monkeypatch.setattr(DataTable, "_on_idle", late)
    app = make_app(app_paths, clock, "core-quick", lead_in=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys-table", DataTable)
        for _ in range(500):  # (filled once laid out: a busy machine takes a few refreshes)
            if table.scroll_offset.y > 0:
                break
            await pilot.pause(0.01)
        assert KEYS[table.cursor_row][0] == "Workout"
        region = table.scrollable_content_region
        assert table.scroll_offset.y > 0 and region.height > 0


@pytest.mark.parametrize(
    ("screen_key", "out_of_a_box"),
    [("s", "tab"), ("a", "shift+tab")],  # (a new routine opens in its name; its list is back)
    ids=["settings", "editor"],
)
async def test_question_mark_opens_the_help_on_every_screen(
    app_paths: AppPaths, clock: FakeClock, screen_key: str, out_of_a_box: str
) -> None:
    # Settings and the editor had no `?`: nothing happened (README: "anywhere").
    from textual.widgets import Input

    app = make_app(app_paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(screen_key)
        await pilot.pause()
        opened = app.screen
        for _ in range(20):
            if not isinstance(app.focused, Input):  # a box takes the key as text
                break
            await pilot.press(out_of_a_box)
        assert not isinstance(app.focused, Input)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is opened


async def test_question_mark_opens_the_help_from_a_settings_box(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Settings opens in its first box, which took the `?` (a number box: no use for it).
    from textual.widgets import Input

    app = make_app(app_paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        footer = [strip.text for strip in app.screen._compositor.render_strips()][-1]
        assert " ? Help " in footer, footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_question_mark_opens_the_help_from_the_summary_s_pain_box(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    from textual.widgets import Input

    from tests.ui.scenes import skip_to_summary

    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await skip_to_summary(pilot, app)
        assert isinstance(app.focused, Input) and app.focused.id == "pain-before"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_help_closed_at_once_leaves_nothing_to_scroll_later(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # ? and Escape together (random keys in the stress test): the keys page's scrolls,
    # timed for when its rows were measured, came after it closed and ended coretui
    # with NoMatches.
    app = make_app(app_paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        help_screen = HelpScreen()
        app.push_screen(help_screen)
        await pilot.pause()
        await help_screen.query_one("#keys-table", DataTable).remove()  # (as it closes)
        help_screen._keep_in_view(3)  # (what its table's height known, and a resize, call)
        help_screen._fill()
        await pilot.pause()
        assert app.return_code is None and app.is_running

"""Settings, themes and the command palette, as a user meets them."""

from __future__ import annotations

import stat

from textual.widgets import Input, Select

from coretui.paths import AppPaths
from coretui.screens.help import HelpScreen
from coretui.screens.history import HistoryScreen
from coretui.screens.picker import PickerScreen
from coretui.screens.settings import SettingsScreen
from coretui.screens.workout import WorkoutScreen
from coretui.settings import load_settings
from tests.conftest import FakeClock
from tests.plain_check import assert_plain
from tests.ui.conftest import make_app

SIZE = (100, 30)


async def test_weekly_goal_and_theme_persist_across_a_restart(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        goal = app.screen.query_one("#weekly_goal", Input)
        goal.focus()
        await pilot.press("backspace", "5")
        app.screen.query_one("#theme", Select).value = "coretui-high-contrast"
        await pilot.pause()
        assert app.theme == "coretui-high-contrast"
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        assert "this week 0/5" in str(app.screen.query_one("#streak").render())

    file = app_paths.settings_files[0]
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    again = make_app(app_paths, clock)
    async with again.run_test(size=SIZE):
        assert again.trainer.settings.weekly_goal == 5
        assert again.theme == "coretui-high-contrast"


async def test_an_invalid_value_is_named_and_not_saved(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        lead_in = app.screen.query_one("#lead_in_s", Input)
        lead_in.focus()
        await pilot.press("9", "9", "9")
        status = str(app.screen.query_one("#settings-status").render())
        assert "lead_in_s must be at most 300, got 999" in status
        assert_plain(status)
        assert app.trainer.settings.lead_in_s == 99  # the last valid value typed
    assert load_settings(app_paths.settings_files).settings.lead_in_s == 99


async def test_the_palette_lists_and_starts_a_routine(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in (
            "Show history",
            "Toggle sound",
            "Toggle voice",
            "Settings",
            "About back pain",
        ):
            assert wanted in titles
        assert "Start routine: Quick core (7 min)" in titles

        await pilot.press("ctrl+p")
        await pilot.press(*"start routine quick")
        await pilot.pause(0.3)  # the palette searches in a worker
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.engine.timeline.routine.id == "core-quick"


async def test_palette_actions_open_history_and_about(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.action_history()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        app.action_about()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.tab == "about"


async def test_toggle_sound_is_remembered(app_paths: AppPaths, clock: FakeClock) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE):
        app.action_toggle_sound()
        assert app.trainer.settings.sound is False
    assert load_settings(app_paths.settings_files).settings.sound is False

"""Settings, themes and the command palette, as a user meets them."""

from __future__ import annotations

import errno
import stat

import pytest
from textual import events
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Label, Select, SelectionList, Switch, TabbedContent

from coretui.paths import AppPaths
from coretui.services.trainer import Trainer
from coretui.settings import load_settings
from coretui.tui.app import CoreApp
from coretui.tui.screens.help import HelpScreen
from coretui.tui.screens.history import HistoryScreen
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.screens.settings import SettingsScreen
from coretui.tui.screens.workout import WorkoutScreen
from coretui.workout.engine import State
from tests.conftest import FakeClock
from tests.plain_check import assert_plain
from tests.ui.conftest import make_app, write_routine
from tests.ui.scenes import walk

SWITCHES = ("sound", "tempo_sounds", "voice", "ask_pain_before")
SIZE = (100, 30)


async def settings_box(pilot: Pilot[int], app: CoreApp, key: str) -> Input:
    """Settings opened from the routine list, with the number box of `key` focused."""
    await pilot.press("s")
    box = app.screen.query_one(f"#{key}", Input)
    box.focus()
    return box


def status_line(app: CoreApp) -> str:
    """What the Settings status line says."""
    return str(app.screen.query_one("#settings-status").render())


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
        lead_in = await settings_box(pilot, app, "lead_in_s")
        await pilot.press("9", "9", "9", "enter")
        status = status_line(app)
        assert "Get ready: must be at most 300, got 999; not saved" in status
        assert_plain(status)
        assert lead_in.has_class("-invalid")
        assert app.trainer.settings.lead_in_s is None  # nothing part-typed was kept either
        await pilot.press("backspace", "enter")
        assert app.trainer.settings.lead_in_s == 99
    assert load_settings(app_paths.settings_files).settings.lead_in_s == 99


async def test_a_minus_sign_a_point_or_a_letter_is_refused_in_words_not_dropped(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        lead_in = await settings_box(pilot, app, "lead_in_s")
        await pilot.press("-", "enter")
        status = status_line(app)
        assert "Get ready: must be a whole number, got '-'; not saved" in status
        await pilot.press("3", "enter")
        assert lead_in.value == "-3"
        status = status_line(app)
        assert "Get ready: must be at least 0, got -3; not saved" in status
        assert app.trainer.settings.lead_in_s is None, "not saved as 3"
        for typed in ("5.0", "1e3", "5s"):  # saved as 50, 13 and 5, with "Saved."
            lead_in.value = ""
            await pilot.press(*typed, "enter")
            assert lead_in.value == typed
            status = status_line(app)
            assert f"Get ready: must be a whole number, got '{typed}'; not saved" in status
        assert app.trainer.settings.lead_in_s is None


async def test_a_number_is_saved_only_once_it_is_complete(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        rest = await settings_box(pilot, app, "rest_between_exercises_s")
        await pilot.press("1", "2")
        assert app.trainer.settings.rest_between_exercises_s is None
        assert not app_paths.settings_files[0].exists()  # nothing written on the way
        await pilot.press("0", "tab")  # leaving the box completes it
        assert app.trainer.settings.rest_between_exercises_s == 120

        rest.focus()
        await pilot.press("backspace", "backspace", "backspace", *"9999")
        # 9999 is over the limit: not saved, and neither is the 999 typed on the way.
        assert app.trainer.settings.rest_between_exercises_s == 120
        await pilot.press("escape")  # leaving holds once, to show why
        assert isinstance(app.screen, SettingsScreen)
        assert "Rest between exercises: must be at most 1800" in str(
            app.screen.query_one("#settings-status").render()
        )
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
    assert load_settings(app_paths.settings_files).settings.rest_between_exercises_s == 120


async def test_a_refused_number_left_shows_the_one_in_use_and_esc_holds_on_another(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Left with Tab, a refused number stayed in its box, read as saved; the next
    # number typed, meant for it, went into the field after it.
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        goal = await settings_box(pilot, app, "weekly_goal")
        await pilot.press("backspace", "9", "tab")
        assert goal.value == "3" and app.focused is not goal
        said = status_line(app)
        assert said.startswith("Weekly goal: must be") and said.endswith("; not saved, 3 kept")
        lead_in = app.screen.query_one("#lead_in_s", Input)  # blank: the routines' own
        lead_in.focus()
        await pilot.press(*"999", "tab")
        said = status_line(app)
        assert lead_in.value == "" and said.endswith("; not saved, each routine's own kept")
        app.screen.query_one("#volume", Input).focus()
        await pilot.press("backspace", "backspace", *"200", "escape")
        said = status_line(app)
        assert said.startswith("Volume: must be") and "Weekly" not in said
        assert said.endswith("; not saved. Esc again leaves without it.")
        assert app.focused is app.screen.query_one("#volume", Input), "still where it was"
        assert app.screen.query_one("#volume", Input).value == "200", "left to mend"
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
    assert app.trainer.settings.weekly_goal == 3 and app.trainer.settings.volume == 80


@pytest.mark.parametrize("back_at_once", [False, True], ids=["away", "back-at-once"])
async def test_a_number_being_typed_stays_while_the_terminal_is_in_another_window(
    app_paths: AppPaths, clock: FakeClock, back_at_once: bool
) -> None:
    # The terminal's focus going to another window blurred the box: "1" on the way to
    # 150 was put back to 175, and "50" typed on came before it ("50175"); a number
    # that read ("10" on the way to 150) was saved half-typed. Back at once (the blur
    # handled after the focus came back), the same.
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        box = await settings_box(pilot, app, "speech_rate")
        await pilot.press("ctrl+u", "1", "0", "left")  # typed on before the 0
        app.post_message(events.AppBlur())
        if not back_at_once:
            await pilot.pause()
            assert box.value == "10" and app.focused is None
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert app.focused is box and box.value == "10"
        assert app.trainer.settings.speech_rate == 175, "not saved half-typed"
        await pilot.press("5", "tab")
        assert box.value == "150"
    assert app.trainer.settings.speech_rate == 150


async def test_leaving_the_screen_saves_the_number_being_typed(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        app.screen.query_one("#rest_between_sets_s", Input).focus()
        await pilot.press("4", "5", "escape")
        assert isinstance(app.screen, PickerScreen)
    assert load_settings(app_paths.settings_files).settings.rest_between_sets_s == 45


async def choose_in_palette(pilot: Pilot[int], app: CoreApp, typed: str) -> None:
    """Ctrl+P, `typed`, and Enter on the first command found."""
    await pilot.press("ctrl+p")
    await pilot.press(*typed)
    # The palette searches in a worker: wait for it, not for a fixed time.
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.screen.query_one(CommandList).option_count:
            break
    await pilot.press("enter")


async def test_the_palette_over_a_workout_pauses_it_until_it_closes(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The countdown ran on under the palette: a step could end while the user read it.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        assert app.workout is not None
        engine = app.workout.engine
        assert engine.state is State.RUNNING
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert engine.state is State.PAUSED
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.workout and engine.state is State.RUNNING
        # A command with a screen of its own: paused until that screen closes.
        await choose_in_palette(pilot, app, "Settings")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert engine.state is State.PAUSED
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.workout and engine.state is State.RUNNING
        # Paused by the user first: the palette leaves it paused.
        await pilot.press("space")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert engine.state is State.PAUSED


async def test_ctrl_z_suspends_from_a_dialog_help_and_the_palette_too(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "Anywhere", says Help; under a dialog, Help or the palette the key did nothing
    # (and in the palette it emptied the list).
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        asked: list[str] = []
        app.action_suspend_process = lambda: asked.append(type(app.screen).__name__)  # type: ignore[method-assign]
        for opens in ("question_mark", "q", "ctrl+p"):
            await pilot.press(opens)
            await pilot.pause()
            await pilot.press("ctrl+z")
            await pilot.press("escape")
            await pilot.pause()
        assert asked == ["HelpScreen", "ConfirmScreen", "CommandPalette"]
        # Suspended from Help and back from the shell: closing Help went on at once.
        assert app.workout is not None and app.workout.engine.state is State.RUNNING
        await pilot.press("question_mark")
        app.app_suspend_signal.publish(app)  # what Ctrl+Z does before the process stops
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.workout and app.workout.engine.state is State.PAUSED


async def test_the_palette_lists_and_starts_a_routine(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    one = 'id = "one"\nname = "One"\n[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = 20\n'
    write_routine(app_paths, "one.toml", one)
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
        # Textual's Keys (its widgets' keys, in a panel Esc did not close) and Screenshot
        # ("Failed" without a Downloads folder) gave way to coretui's own Keys.
        assert titles.count("Keys") == 1 and "Screenshot" not in titles and "Theme" in titles
        helps = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert helps["Keys"] == "Every key of coretui, screen by screen"
        assert helps["Start routine: Quick core (7 min)"] == "Begin it now: 5 exercises"
        assert helps["Start routine: One"] == "Begin it now: 1 exercise"  # (not "1 exercises")
        assert helps["Settings"].startswith("Get ready, rests")  # as Settings call it

        await choose_in_palette(pilot, app, "start routine quick")
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
        app.action_help("about")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.tab == "about"
        help_screen = app.screen
        app.action_help("keys")  # over Help: that page of it, not a second Help
        await pilot.pause()
        assert app.screen is help_screen
        assert help_screen.query_one(TabbedContent).active == "keys"


async def test_settings_open_show_what_the_palette_changed_over_them(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # With Settings open, the palette's theme and Toggle sound changed the file, and the
    # screen went on saying textual-dark and "on".
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#sound", Switch).value is True
        app.action_toggle_sound()
        app.theme = "ansi-light"
        await pilot.pause()
        screen.follow_settings()  # (what its timer calls every FOLLOW_S)
        await pilot.pause()
        assert screen.query_one("#sound", Switch).value is False
        assert str(screen.query_one("#sound-state", Label).render()) == "off"
        assert screen.query_one("#theme", Select).value == "ansi-light"
        assert app.trainer.settings.sound is False, "and showing it changed nothing"
        assert app.trainer.settings_values["theme"] == "ansi-light"


async def test_a_required_number_cleared_says_what_it_needs_not_a_value(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Volume cleared showed a dim "80" in the box, read as the volume still set.
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        box = await settings_box(pilot, app, "volume")
        box.value = ""
        await pilot.press("enter")
        assert box.placeholder == "a number, 0 to 100"
        said = str(app.screen.query_one("#settings-status", Label).render())
        assert said == "Volume: a number of percent from 0 to 100; not saved"
        assert app.trainer.settings.volume == 80


async def test_toggle_sound_is_remembered(app_paths: AppPaths, clock: FakeClock) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE):
        app.action_toggle_sound()
        assert app.trainer.settings.sound is False
    assert load_settings(app_paths.settings_files).settings.sound is False


async def test_each_switch_says_on_or_off_in_words(app_paths: AppPaths, clock: FakeClock) -> None:
    # In the high-contrast theme a switch showed on and off by its colour alone.
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        said = {key: str(screen.query_one(f"#{key}-state", Label).render()) for key in SWITCHES}
        assert said == {
            "sound": "on",
            "tempo_sounds": "on",
            "voice": "off",
            "ask_pain_before": "on",
        }
        screen.query_one("#voice", Switch).toggle()
        await pilot.pause()
        assert str(screen.query_one("#voice-state", Label).render()) == "on"
        # Equipment not ticked is an empty box, in its text, not by a colour alone (a grey
        # X read as ticked in a high-contrast theme, and every box read "X" in a
        # terminal without colours); ticked, an X. The highlighted line as the others.
        equipment = screen.query_one("#equipment", SelectionList)
        equipment.focus()
        await pilot.press("enter")  # the first, highlighted, unticked
        await pilot.pause()
        boxes = [equipment.render_line(y).text[:3] for y in range(equipment.option_count)]
        assert boxes == ["▐ ▌", "▐X▌", "▐X▌", "▐X▌"]
        await pilot.press("enter")
        await pilot.pause()
        assert equipment.render_line(0).text[:3] == "▐X▌"
    assert load_settings(app_paths.settings_files).settings.voice is True


async def test_the_equipment_reads_as_the_routine_list_says_it(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Settings listed "back-extension-station", a file's tag, where the list and the
    # routine's details say "back extension station"; ticking it still saves the tag.
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        equipment = app.screen.query_one("#equipment", SelectionList)
        options = [equipment.get_option_at_index(i) for i in range(equipment.option_count)]
        said = {str(option.prompt): option.value for option in options}
        assert said["back extension station"] == "back-extension-station", said
        assert said["swiss ball"] == "swiss-ball", said


async def test_a_sound_toggle_that_cannot_be_saved_says_nothing_changed(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(self: Trainer, key: str, value: object) -> bool:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Trainer, "change_setting", read_only)
    app = make_app(app_paths, clock)
    said: list[str] = []
    async with app.run_test(size=SIZE):
        monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
        app.action_toggle_sound()
        assert app.trainer.settings.sound is True
    assert said == ["Sound still on: the settings could not be saved (read-only file system)."]


async def test_a_switch_or_theme_that_cannot_be_saved_shows_the_setting_in_use(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Space on "Spoken guidance" with the folder read-only: the switch said on while
    # voice stayed off; the theme's notice gave "[Errno 30] ...: '.settings.toml.x1'".
    def read_only(self: Trainer, key: str, value: object) -> bool:
        raise OSError(
            errno.EROFS, "Read-only file system", str(app_paths.settings_files[0]) + ".tmp"
        )

    monkeypatch.setattr(Trainer, "change_setting", read_only)
    app = make_app(app_paths, clock)
    said: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        voice = app.screen.query_one("#voice", Switch)
        voice.focus()
        await pilot.press("space")
        await pilot.pause()
        assert (voice.value, app.trainer.settings.voice) == (False, False)
        assert str(app.screen.query_one("#voice-state", Label).render()) == "off"
        equipment = app.screen.query_one("#equipment", SelectionList)
        everything = set(equipment.selected)
        equipment.focus()
        await pilot.press("space")  # one item off: not saved, so still everything
        await pilot.pause()
        assert set(equipment.selected) == everything and app.trainer.settings.equipment is None
        monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
        app.theme = "nord"
    assert said == [f"Theme not saved in {app_paths.settings_files[0]}: read-only file system"]


async def test_settings_open_ready_to_type_into_the_first_field(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        first = app.screen.query(Input).first()
        assert app.screen.focused is first
        await pilot.press("7")
        assert first.value.endswith("7")


async def test_at_40_columns_every_field_is_in_sight_when_tab_reaches_it(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Labels 36 wide pushed the fields off the right edge: nothing could be seen typed.
    app = make_app(app_paths, clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        seen: set[str] = set()
        for _ in range(14):
            focused = app.focused
            assert focused is not None
            await pilot.pause()
            region = focused.region
            assert region.width and region.right <= 40 and region.bottom <= 11, (
                focused.id,
                region,
            )
            seen.add(focused.id or "")
            await pilot.press("tab")
        assert {"lead_in_s", "volume", "voice", "test-sound", "theme"} <= seen


@pytest.mark.parametrize(("size", "stop"), [((160, 60), False), ((100, 30), True)])
async def test_the_form_itself_is_a_tab_stop_only_where_it_scrolls(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int], stop: bool
) -> None:
    # One Tab after the equipment list showed no focus at all, and a Space there did
    # nothing: the form's own stop, at every size.
    app = make_app(app_paths, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        await pilot.pause()
        seen = []
        for _ in range(16):
            seen.append(app.focused.id if app.focused else None)
            await pilot.press("tab")
        assert ("settings-form" in seen) is stop, seen
        if stop:  # (and seen to be one: tinted)
            while app.focused is None or app.focused.id != "settings-form":
                await pilot.press("tab")
            await pilot.pause()
            form = app.screen.query_one("#settings-form")
            assert form.styles.background_tint.a > 0


async def test_a_change_keeps_the_users_own_settings_file_and_says_where(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = app_paths.settings_files[0]
    file.parent.mkdir(parents=True, exist_ok=True)
    written = "# three days, my physio said\nweekly_goal = 3\nsound_volum = 40\n"
    file.write_text(written)
    app = make_app(app_paths, clock)
    said: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
        await settings_box(pilot, app, "weekly_goal")
        await pilot.press("backspace", "4", "enter")
        label = app.screen.query_one("#settings-status")
        copy = file.with_name(file.name + ".bak")
        assert str(label.render()) == (
            f"Saved. Your settings file as it was is kept as {copy}: coretui writes the"
            " file in its own form, one line per setting."
        )
        assert label.size.height > 1, "wrapped, so the path is in sight at 100 columns"
        assert copy.read_text() == written
        assert load_settings(app_paths.settings_files).settings.weekly_goal == 4
        app.action_toggle_sound()  # the file is coretui's own now: nothing more to keep
        assert said == ["Sound off"]


@pytest.mark.parametrize("change", ["sound", "theme"])
async def test_a_toggle_or_a_theme_that_keeps_the_users_file_says_so_in_one_line(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    # Said in the toggle's own notice: during a workout the notice line shows one line,
    # the newest, so a second notice would hide the first.
    file = app_paths.settings_files[0]
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("# mine\nweekly_goal = 3\n")
    app = make_app(app_paths, clock)
    said: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
        if change == "sound":
            app.action_toggle_sound()
        else:
            app.theme = "coretui-high-contrast"
        await pilot.pause()
    first = "Sound off" if change == "sound" else "Theme kept"
    assert said == [f"{first}; your settings file as it was is kept as settings.toml.bak"]
    assert file.with_name("settings.toml.bak").read_text() == "# mine\nweekly_goal = 3\n"


async def test_leaving_settings_untouched_keeps_another_windows_change(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Esc (and Tab out of a box) saved every number box as shown: another window's
    # weekly goal, changed since the screen opened, was put back without a word.
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        assert Trainer.load(app_paths).change_setting("weekly_goal", 5)  # another window
        await pilot.press("tab", "tab", "tab", "tab")
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
    assert load_settings(app_paths.settings_files).settings.weekly_goal == 5


async def test_a_settings_file_with_many_problems_says_all_in_one_notice(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Ten notices one by one at 100x30: the first three scrolled off unread.
    file = app_paths.settings_files[0]
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(
        'volume = 300\ntheme = "nope"\nwekly_goal = 2\nequipment = ["Mat", "benchh"]\n'
        'lead_in_s = "abc"\n'
    )
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The file's own problems at once; the equipment once the routines are read.
        [first, later] = [n.message.splitlines() for n in app._notifications]
        assert len(first) == 4
        for key, lines in [
            ("wekly_goal", first),
            ("lead_in_s", first),
            ("volume", first),
            ("theme", first),
            ("equipment", later),
        ]:
            assert any(key in line for line in lines), (key, first, later)


@pytest.mark.parametrize(
    ("title", "shown"), [("Settings", "SettingsScreen"), ("Show history", "HistoryScreen")]
)
async def test_settings_or_history_from_the_palette_pause_the_workout_they_cover(
    app_paths: AppPaths, clock: FakeClock, title: str, shown: str
) -> None:
    # Opened from the palette, they covered the countdown while it ran on: whole steps
    # passed unseen, as if done.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 5)
        workout = app.workout
        assert workout is not None and workout.engine.state is State.RUNNING
        left = workout.engine.step_remaining()
        await choose_in_palette(pilot, app, title.lower())
        await pilot.pause()
        assert type(app.screen).__name__ == shown
        assert workout.engine.state is State.PAUSED
        # Chosen again over itself: it stacked a second one, and Esc led to the first.
        await choose_in_palette(pilot, app, title.lower())
        await pilot.pause()
        assert type(app.screen).__name__ == shown
        await walk(pilot, app, clock, 30)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is workout and workout.engine.state is State.RUNNING
        assert workout.engine.step_remaining() == left, "no time passed in the workout"


async def test_an_unknown_theme_is_saved_as_the_theme_in_use_with_the_next_change(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # A save of the volume wrote the theme back as the file had it: the notice about it
    # came back at every start, though the theme in use was the default.
    app_paths.config_dir.mkdir(parents=True, exist_ok=True)
    app_paths.settings_files[0].write_text(
        '# mine\ntheme = "no-such-theme"\nvolume = 40\n', encoding="utf-8"
    )
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert any("theme: no theme 'no-such-theme'" in n for n in app.trainer.notices)
        await pilot.press("s")
        app.screen.query_one("#volume", Input).focus()
        await pilot.press("backspace", "backspace", "6", "0", "escape")
        assert isinstance(app.screen, PickerScreen)
    saved = load_settings(app_paths.settings_files).settings
    assert (saved.theme, saved.volume) == ("textual-dark", 60)

"""The routine list and the user's routine files: deleting one (asked first, undoable),
and files added or removed outside the app; the list's footer keys at each size."""

from __future__ import annotations

from itertools import pairwise

import pytest
from textual import events
from textual.widgets import Footer, OptionList

from coretui.paths import AppPaths
from coretui.tui import history_watch
from coretui.tui.app import CoreApp
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.screens.workout import WorkoutScreen
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, write_routine
from tests.ui.test_history_screen import until

MINE = 'id = "mine"\nname = "Mine"\n[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = 30\n'
SIZE = (100, 30)


def listed(app: object) -> list[str]:
    options = app.screen.query_one("#routines", OptionList)  # type: ignore[attr-defined]
    return [
        str(option.id)
        for index in range(options.option_count)
        if (option := options.get_option_at_index(index)).id
    ]


async def press_on(pilot, app, routine_id: str, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Highlight the routine `routine_id` on the list, then press `keys`."""
    options = app.screen.query_one("#routines", OptionList)
    options.highlighted = options.get_option_index(routine_id)
    await pilot.press(*keys)


async def test_d_deletes_a_users_routine_after_asking_and_keeps_its_file_aside(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # There was no way to delete one from the app; `coretui delete` is for sessions.
    write_routine(app_paths, "mine.toml", MINE)
    file = app_paths.routines_dir / "mine.toml"
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, PickerScreen) and "mine" in listed(app)
        await press_on(pilot, app, "mine", "D")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Delete Mine?"
        await pilot.press("n")  # kept
        assert file.exists() and "mine" in listed(app)
        await pilot.press("D", "y")
        assert "mine" not in listed(app)
        assert not file.exists()
        assert (app_paths.routines_dir / "mine.toml.deleted").read_text() == MINE

        await press_on(pilot, app, "core-six", "D")  # a bundled one: no question, nothing deleted
        assert isinstance(app.screen, PickerScreen) and "core-six" in listed(app)
        said = [n.message for n in app._notifications]
        assert "Core six (full session) comes with coretui and cannot be deleted." in said


async def test_deleting_a_file_whose_name_holds_an_escape_shows_it_written_out(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The question and the notice named the file raw: its escape reached the terminal.
    write_routine(app_paths, "m\x1b[31m.toml", MINE)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await press_on(pilot, app, "mine", "D")
        assert isinstance(app.screen, ConfirmScreen)
        assert "m\\x1b[31m.toml becomes m\\x1b[31m.toml.deleted." in app.screen.detail
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("y")
        assert "mine" not in listed(app)
        said = [n.message for n in app._notifications]
        assert any(s.endswith("m\\x1b[31m.toml.deleted") for s in said), said


async def test_deleting_a_routine_again_keeps_the_file_deleted_before(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # A routine made again under the same file name and deleted again: the rename went
    # over the first deletion's file, which was then lost for good.
    write_routine(app_paths, "mine.toml", MINE)
    earlier = MINE.replace('"Mine"', '"Mine, the first"')
    (app_paths.routines_dir / "mine.toml.deleted").write_text(earlier)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await press_on(pilot, app, "mine", "D")
        assert "mine.toml.2.deleted" in app.screen.detail  # type: ignore[attr-defined]
        await pilot.press("y")
        assert "mine" not in listed(app)
    assert (app_paths.routines_dir / "mine.toml.deleted").read_text() == earlier
    assert (app_paths.routines_dir / "mine.toml.2.deleted").read_text() == MINE
    assert not (app_paths.routines_dir / "mine.toml").exists()


async def test_a_routine_file_added_or_removed_by_hand_shows_in_the_open_list(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file deleted by hand stayed listed, and could be started, until a restart.
    monkeypatch.setattr(history_watch, "CHECK_EVERY_S", 0.02)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        assert "mine" not in listed(app)
        write_routine(app_paths, "mine.toml", MINE)  # `coretui new`, or an editor
        await until(pilot, lambda: "mine" in listed(app), "the new file listed")
        (app_paths.routines_dir / "mine.toml").unlink()
        await until(pilot, lambda: "mine" not in listed(app), "the removed file gone")
        assert app.trainer.library.get("mine") is None, "and it cannot be started"


def pane_said(app: CoreApp) -> str:
    """What the pane of files that did not load says ("" when it is hidden or not made)."""
    panes = app.screen.query("#load-errors")
    shown = panes and panes.first().display and app.screen.query("#load-errors-text")
    return str(shown.first().render()) if shown else ""


async def test_a_file_broken_and_mended_by_hand_while_the_list_shows_is_said_then_not(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pane of files that did not load is made for the first one (a start without
    # one composes no pane, for a quicker first paint): it comes for a file broken
    # while the list shows, and goes once the file is mended.
    monkeypatch.setattr(history_watch, "CHECK_EVERY_S", 0.02)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        assert not app.screen.query("#load-errors")
        write_routine(app_paths, "mine.toml", MINE.replace("seconds = 30", "seconds = -3"))
        await until(pilot, lambda: pane_said(app).startswith("1 problem in 1 routine file"), "said")
        write_routine(app_paths, "mine.toml", MINE)
        await until(pilot, lambda: "mine" in listed(app), "mended")
        assert not app.screen.query_one("#load-errors").display, "no empty pane left"


async def test_errors_said_twice_before_their_pane_is_drawn_make_one_pane(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The pane was looked for by its text, which exists only once the pane is drawn: a
    # second call in between made a second pane (two widgets of one id: an error).
    from textual.content import Content

    from coretui.tui.widgets.key_footer import KeyFooter
    from coretui.tui.widgets.load_errors import show_load_errors

    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        footer = app.screen.query_one(KeyFooter)
        show_load_errors(app.screen, Content("first"), before=footer)
        show_load_errors(app.screen, Content("second"), before=footer)
        await pilot.pause()
        assert len(app.screen.query("#load-errors")) == 1 and pane_said(app) == "second"


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 48)])
async def test_every_key_of_the_routine_lists_footer_shows_whole(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    # The footer is compact at every width: in the full one, at 80 columns, the
    # command palette's key covered Quit.
    app = make_app(app_paths, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        keys = list(app.screen.query_one(Footer).query("FooterKey"))
        shown = {str(key.key) for key in keys}  # type: ignore[attr-defined]
        assert shown >= {"enter", "h", "s", "question_mark", "q"}
        regions = sorted((key.region for key in keys), key=lambda region: region.x)
        for before, after in pairwise(regions):
            assert before.right <= after.x, "the command palette's key covers Quit"
        assert all(region.width > 0 and region.right <= size[0] for region in regions)


async def test_enter_at_once_after_down_starts_the_routine_then_highlighted(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Keys pressed while the app is busy arrive together. Enter, a priority key, was
    # acted on before the list had taken the Downs ahead of it: another routine started.
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in ("down", "down", "enter"):
            app.post_message(events.Key(key, None))
        # Mounted, not only pushed: closed while its widgets were still being made, the
        # test's app took the workout's start for a failure (a busy machine, 1 run in 30).
        started = lambda: isinstance(app.screen, WorkoutScreen) and app.screen.is_mounted  # noqa: E731
        await until(pilot, started, "a workout")
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.engine.timeline.routine.id == "core-quick"


async def test_after_a_delete_the_next_routine_is_highlighted_not_the_first(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    write_routine(app_paths, "mine.toml", MINE)
    write_routine(app_paths, "yours.toml", MINE.replace("mine", "yours"))
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        before = listed(app)
        await press_on(pilot, app, "mine", "D", "y")
        after = listed(app)
        assert after == [r for r in before if r != "mine"]
        options = app.screen.query_one("#routines", OptionList)
        highlighted = options.get_option_at_index(options.highlighted or 0).id
        assert highlighted == before[before.index("mine") + 1], "where the deleted one was"

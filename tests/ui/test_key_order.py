"""Keys that come together (a quick hand, tmux, a paste of keys) are taken in order.

Textual runs a field's own bindings (Backspace, Enter) once the key has bubbled up to
the app, a message hop after a character is typed: "5", Backspace, "4", Enter at once
saved a pain rating of 5, and "11", Enter, Backspace, Backspace, "4", Enter none.
"""

from __future__ import annotations

from textual.widgets import Input

from coretui.history import HistoryStore
from coretui.paths import AppPaths
from coretui.tui.screens.pain import PainPrompt
from coretui.tui.screens.summary import SummaryScreen
from coretui.tui.screens.workout import WorkoutScreen
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, walk
from tests.ui.editor_helpers import copy_core_six, press_at_once

SIZE = (100, 30)


async def test_a_pain_rating_typed_at_once_is_the_one_typed(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    for keys, rating in (
        (["5", "backspace", "4", "enter"], 4),
        (["1", "1", "enter", "backspace", "backspace", "4", "enter"], 4),
    ):
        app = make_app(app_paths, clock, "self-paced", ask_pain=True)
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, PainPrompt)
            press_at_once(app, *keys)
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, WorkoutScreen)
            await pilot.press("enter")
            await walk(pilot, app, clock, 40)
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("escape")
        session = HistoryStore(app_paths.history_file).load().sessions[-1]
        assert session.pain_before == rating, keys


async def test_a_note_typed_at_once_is_the_text_typed(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "self-paced")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await walk(pilot, app, clock, 40)
        assert isinstance(app.screen, SummaryScreen)
        note = app.screen.query_one("#note", Input)
        note.focus()
        await pilot.pause()
        press_at_once(app, "t", "i", "g", "h", "x", "backspace", "t", "left", "left", "delete")
        await pilot.pause()
        await pilot.pause()
        assert note.value == "tigt"


async def test_text_typed_right_after_tab_goes_to_the_field_tab_leads_to(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "2", Tab, "sore" sent at once (tmux, a quick hand): Textual moved the focus only
    # once the pain box had the Tab, and "sore" had already gone to the pain box,
    # which refused it: the note stayed empty.
    app = make_app(app_paths, clock, "self-paced")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await walk(pilot, app, clock, 40)
        assert isinstance(app.screen, SummaryScreen)
        after = app.screen.query_one("#pain-after", Input)
        after.focus()
        await pilot.pause()
        press_at_once(app, "2", "tab", "s", "o", "r", "e", "shift+tab", "backspace", "3")
        await pilot.pause()
        await pilot.pause()
        assert (after.value, app.screen.query_one("#note", Input).value) == ("3", "sore")


async def test_in_the_editor_what_follows_tab_goes_to_the_next_field(app_paths: AppPaths) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await copy_core_six(pilot, app)
        name = app.screen.query_one("#field-name", Input)
        name.focus()  # (its text selected: what is typed replaces it, as with Tab)
        await pilot.pause()
        press_at_once(app, "X", "tab", "h", "i")
        await pilot.pause()
        await pilot.pause()
        id_field = app.screen.query_one("#field-id", Input)  # (a copy's: after its name)
        assert (name.value, id_field.value) == ("X", "hi")

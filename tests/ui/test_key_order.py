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
from tests.ui.editor_helpers import press_at_once

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

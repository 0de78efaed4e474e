"""A routine's edits not saved when coretui closed without asking come back at the next
start: the terminal closed (SIGHUP) or a SIGTERM, with the editor open and changed."""

from __future__ import annotations

import signal
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from coretui.paths import AppPaths
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.editor import EditorScreen
from coretui.tui.screens.picker import PickerScreen
from coretui.workout.kept_edits import KeptEdits, keep_edits, read_kept_edits
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, write_routine
from tests.ui.editor_helpers import MINE, open_editor, type_into

SIZE = (100, 30)


def mine_file(paths: AppPaths) -> Path:
    return paths.routines_dir / "mine.toml"


async def close_while_editing(paths: AppPaths, how: signal.Signals) -> None:
    """Edit the name of "Mine" in the editor, then the terminal closes (or a SIGTERM)."""
    write_routine(paths, "mine.toml", MINE)
    app = make_app(paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot, app, "mine")
        await type_into(pilot, app, "name", "Mine, longer")
        app.save_and_exit(how)
        await pilot.pause()
    assert tomllib.loads(mine_file(paths).read_text())["name"] == "Mine", "nothing saved"


@pytest.mark.parametrize("how", [signal.SIGHUP, signal.SIGTERM], ids=["sighup", "sigterm"])
async def test_edits_open_when_coretui_closed_come_back_and_save(
    app_paths: AppPaths, how: signal.Signals
) -> None:
    await close_while_editing(app_paths, how)
    assert app_paths.kept_edits_file.exists()

    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert question.question == "Open your unsaved changes to Mine, longer?"
        assert str(mine_file(app_paths)) in question.detail
        await pilot.press("y")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert editor.draft.data["name"] == "Mine, longer"
        assert editor.unsaved(), "still a change to save (Esc would ask)"
        assert not app_paths.kept_edits_file.exists(), "the editor holds them now"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert tomllib.loads(mine_file(app_paths).read_text())["name"] == "Mine, longer"


async def test_kept_edits_discarded_are_gone_and_the_file_is_as_it_was(
    app_paths: AppPaths,
) -> None:
    await close_while_editing(app_paths, signal.SIGHUP)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert not app_paths.kept_edits_file.exists()
    assert tomllib.loads(mine_file(app_paths).read_text())["name"] == "Mine"


async def test_kept_edits_left_with_escape_are_offered_again(app_paths: AppPaths) -> None:
    await close_while_editing(app_paths, signal.SIGHUP)
    for _ in range(2):
        app = make_app(app_paths, FakeClock())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
        assert app_paths.kept_edits_file.exists()


async def test_edits_lost_by_the_users_choice_are_not_kept(app_paths: AppPaths) -> None:
    # Ctrl+Q asks, and "Quit" answers: the user chose to lose them.
    write_routine(app_paths, "mine.toml", MINE)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot, app, "mine")
        await type_into(pilot, app, "name", "Mine, longer")
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert not app_paths.kept_edits_file.exists()


async def test_an_editor_without_changes_keeps_nothing(app_paths: AppPaths) -> None:
    write_routine(app_paths, "mine.toml", MINE)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot, app, "mine")
        app.save_and_exit(signal.SIGHUP)
        await pilot.pause()
    assert not app_paths.kept_edits_file.exists()


def test_kept_edits_read_back_whole_and_a_damaged_file_is_none(tmp_path: Path) -> None:
    file = tmp_path / "data" / "kept.json"
    edits = KeptEdits(
        target=tmp_path / "mine.toml",
        new_id=True,
        note="A copy of Core six",
        data={"id": "mine", "name": "Mine \x1b ☃", "exercises": [{"kind": "reps", "reps": 5}]},
        saved={"id": "mine", "name": "Mine", "exercises": []},
        unread={"exercises[0].tempo": "up 2s / hold"},
        local={"exercises[0].tempo": "phase 'hold' has no seconds"},
        kept_at=datetime(2026, 12, 4, 9, 30).astimezone(),
    )
    keep_edits(file, edits)
    assert read_kept_edits(file) == edits

    for damaged in (b"", b"{", b"[]", b'{"target": 1}', b"\xff" * 10):
        file.write_bytes(damaged)
        assert read_kept_edits(file) is None, damaged
    not_text = (
        '{"target": "x", "new_id": false, "note": "", "data": {}, "saved": {},'
        ' "unread": {"a": 1}, "local": {}, "kept_at": "2026-12-04T09:30:00"}'
    )
    file.write_text(not_text)
    assert read_kept_edits(file) is None, "unread text that is not text"

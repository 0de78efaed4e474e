"""A routine's edits not saved when coretui closed without asking come back at the next
start: the terminal closed (SIGHUP) or a SIGTERM, with the editor open and changed."""

from __future__ import annotations

import json
import os
import signal
import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.editor import EditorScreen
from coretui.tui.screens.picker import PickerScreen
from coretui.workout.kept_edits import KeptEdits, keep_edits, kept_edits_files, read_kept_edits
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, write_routine
from tests.ui.editor_helpers import MINE, open_editor, type_into

SIZE = (100, 30)


def kept(paths: AppPaths) -> list[Path]:
    return kept_edits_files(paths.kept_edits_dir)


def mine_file(paths: AppPaths) -> Path:
    return paths.routines_dir / "mine.toml"


async def close_while_editing(paths: AppPaths, how: signal.Signals) -> None:
    """Edit the name of "Mine" in the editor, then the terminal closes (or a SIGTERM).
    Edits kept before are not offered: this window opened its editor before they were."""
    write_routine(paths, "mine.toml", MINE)
    app = make_app(paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):  # edits kept before: not now
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        app.screen.edit_routine("mine", offer=False)
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        await type_into(pilot, app, "name", "Mine, longer")
        app.save_and_exit(how)
        await pilot.pause()
    assert tomllib.loads(mine_file(paths).read_text())["name"] == "Mine", "nothing saved"


@asynccontextmanager
async def reopened(paths: AppPaths) -> AsyncIterator[tuple[CoreApp, Pilot[int], EditorScreen]]:
    """The next start, its offer of the edits kept answered yes: the editor on them."""
    app = make_app(paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        yield app, pilot, editor


@pytest.mark.parametrize("how", [signal.SIGHUP, signal.SIGTERM], ids=["sighup", "sigterm"])
async def test_edits_open_when_coretui_closed_come_back_and_save(
    app_paths: AppPaths, how: signal.Signals
) -> None:
    await close_while_editing(app_paths, how)
    assert len(kept(app_paths)) == 1

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
        assert kept(app_paths) == [], "the editor holds them now"
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
        await pilot.press("n")  # "not now" is asked once more: nothing brings them back
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Discard your unsaved changes to Mine, longer?"
        await pilot.press("n")  # kept
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert len(kept(app_paths)) == 1
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), "offered again"
        await pilot.press("n", "y")  # discarded
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert kept(app_paths) == []
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
        assert len(kept(app_paths)) == 1


async def test_edits_lost_by_the_users_choice_are_not_kept(app_paths: AppPaths) -> None:
    # Ctrl+Q asks, and "Quit" answers: the user chose to lose them.
    write_routine(app_paths, "mine.toml", MINE)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot, app, "mine")
        await type_into(pilot, app, "name", "Mine, longer")
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert kept(app_paths) == []


async def test_an_editor_without_changes_keeps_nothing(app_paths: AppPaths) -> None:
    write_routine(app_paths, "mine.toml", MINE)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot, app, "mine")
        app.save_and_exit(signal.SIGHUP)
        await pilot.pause()
    assert kept(app_paths) == []


def test_kept_edits_read_back_whole_and_a_damaged_file_is_none(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "kept"
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
    file = keep_edits(folder, edits)
    assert read_kept_edits(file) == edits
    assert kept_edits_files(folder) == [file]

    good = file.read_text()
    damaged = [
        "",
        "{",
        "[]",
        '{"target": 1}',
        good.replace('"new_id": true', '"new_id": "false"'),
        good.replace('"unread": {', '"unread": {"a": 1, '),
        good.replace('[{"kind": "reps", "reps": 5}]', "[5]"),
        good.replace(str(tmp_path / "mine.toml"), "mine.toml"),  # not an absolute path
        # Shapes the form cannot show: it crashed on Open, with the file gone.
        good.replace('"kind": "reps"', '"kind": 5'),
        good.replace('"reps": 5}', '"reps": 5, "easier": "x"}'),
        good.replace('"reps": 5}', '"reps": 5, "tempo": [1]}'),
        good.replace('"reps": 5}', '"reps": 5, "per_side": "yes"}'),
        good.replace('"name": "Mine', '"equipment": [1], "name": "Mine'),
        good.replace('"name": "Mine', '"name": 1, "x": "Mine'),
        json.dumps({**json.loads(good), "kept_at": "0001-01-01T00:00:00+05:00"}),  # no UTC
    ]
    for text in damaged:
        file.write_text(text)
        assert read_kept_edits(file) is None, text
    # An exercise with no kind yet (the editor shows "choose"): kept, and read back.
    file.write_text(good.replace('"kind": "reps", ', ""))
    assert read_kept_edits(file) is not None, "kept but never offered"
    file.unlink()
    os.mkfifo(file)  # opened to read, it would wait for a writer for ever
    assert read_kept_edits(file) is None


def test_edits_holding_half_an_emoji_are_kept(tmp_path: Path) -> None:
    # A JSON routine can hold "\ud83d" (half of an emoji), which is no UTF-8: kept as
    # the escape it came as. It raised, and the closing app spun on with nothing kept.
    edits = KeptEdits(
        target=tmp_path / "lone.json",
        new_id=False,
        note="",
        data={"id": "lone", "name": "Lone, edited", "exercises": [{"cue": "Hips up \ud83d"}]},
        saved={"id": "lone", "name": "Lone", "exercises": [{"cue": "Hips up \ud83d"}]},
        unread={},
        local={},
        kept_at=datetime(2026, 12, 6, 9, 30).astimezone(),
    )
    file = keep_edits(tmp_path / "kept", edits)
    assert read_kept_edits(file) == edits


async def test_closing_exits_even_when_keeping_fails(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def fails() -> None:
            raise UnicodeEncodeError("utf-8", "\ud83d", 0, 1, "surrogates not allowed")

        monkeypatch.setattr(app.workouts, "close_down", fails)
        with pytest.raises(UnicodeEncodeError):
            app.save_and_exit(signal.SIGHUP)
        assert app._exit, "a closed terminal's app must still end"


async def test_two_windows_closing_keep_both_drafts(app_paths: AppPaths) -> None:
    await close_while_editing(app_paths, signal.SIGHUP)
    await close_while_editing(app_paths, signal.SIGTERM)  # a second window (or later)
    assert len(kept(app_paths)) == 2, "neither replaced the other"
    for _ in range(2):
        app = make_app(app_paths, FakeClock())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)  # one a start, oldest first
            await pilot.press("n", "y")  # discarded
            await pilot.pause()
    assert kept(app_paths) == []


async def test_edits_of_a_file_changed_since_come_back_as_a_new_routine(
    app_paths: AppPaths,
) -> None:
    # Saved in place, the kept edits would undo the other change without a word.
    await close_while_editing(app_paths, signal.SIGHUP)
    changed = MINE.replace("seconds = 30", "seconds = 45")
    mine_file(app_paths).write_text(changed)
    async with reopened(app_paths) as (app, pilot, editor):
        assert editor.new_id and "saved as a new file" in editor.note
        await pilot.press("ctrl+s")  # the id is still "mine": refused, not written over
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
    assert mine_file(app_paths).read_text() == changed


async def test_a_hangup_told_twice_keeps_one_draft(app_paths: AppPaths) -> None:
    # A closed terminal comes as SIGHUP and as the end of the terminal's input: both
    # close the app, and one draft was kept for each.
    write_routine(app_paths, "mine.toml", MINE)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot, app, "mine")
        await type_into(pilot, app, "name", "Mine, longer")
        app.save_and_exit(signal.SIGHUP)
        app.save_and_exit(signal.SIGHUP)
        await pilot.pause()
    assert len(kept(app_paths)) == 1


def test_kept_edits_of_a_relative_or_upper_case_file_are_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `--config-dir config` gives relative paths; `Mine.TOML` is a routine file too.
    # Such drafts were written, then never offered.
    monkeypatch.chdir(tmp_path)
    for target in (Path("config/routines/mine.toml"), tmp_path / "Mine.TOML"):
        edits = KeptEdits(
            target, False, "", {"id": "mine"}, {}, {}, {}, datetime(2026, 12, 4).astimezone()
        )
        back = read_kept_edits(keep_edits(tmp_path / "kept", edits))
        assert back is not None and back.target == target.absolute()


async def test_a_copys_id_naming_another_folder_saves_in_the_routines_folder(
    app_paths: AppPaths,
) -> None:
    # A copy's id typed as "core/easy" when the terminal closed: the reopened editor
    # saved to routines/core/, and the routine never showed in the list.
    wrong = app_paths.routines_dir / "core" / "easy.toml"
    plank = {"kind": "hold", "name": "Plank", "seconds": 30}
    data = {"id": "core/easy", "name": "Easy", "exercises": [plank]}
    edits = KeptEdits(wrong, True, "", data, {}, {}, {}, datetime(2026, 12, 4).astimezone())
    keep_edits(app_paths.kept_edits_dir, edits)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert str(app_paths.routines_dir / "easy.toml") in question.detail
        await pilot.press("y")
        await pilot.pause()
        await type_into(pilot, app, "id", "core-easy")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert (app_paths.routines_dir / "core-easy.toml").is_file()
    assert not wrong.parent.exists()


@pytest.mark.parametrize(
    "broken",
    [MINE.replace("seconds = 30", "seconds = -5"), 'id = "mine"\nname = "Mine"\n'],
    ids=["a bad value", "no exercises"],
)
async def test_edits_of_a_file_that_did_not_load_come_back_to_the_same_file(
    app_paths: AppPaths, broken: str
) -> None:
    # They came back "changed (or went) since": a file that did not load is never
    # among the loaded routines, so it looked gone (and, with no exercises, the form's
    # empty list made it look changed).
    write_routine(app_paths, "mine.toml", broken)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await open_editor(pilot, app, "mine")
        await type_into(pilot, app, "name", "Mine, mended")
        app.save_and_exit(signal.SIGHUP)
        await pilot.pause()
    assert mine_file(app_paths).read_text() == broken
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert editor.target == mine_file(app_paths) and not editor.new_id
        assert "changed" not in editor.note
        assert editor.query_one("#field-name", Input).value == "Mine, mended"


@pytest.mark.parametrize("answer", ["y", "ny"], ids=["open", "discard"])
async def test_coretui_edit_offers_the_edits_kept_of_its_routine(
    app_paths: AppPaths, answer: str
) -> None:
    # `coretui edit mine` opened the file as it was, the kept edits unsaid; saved, the
    # next start offered them as of a file changed since, to save as a new routine.
    from coretui.services.awake import KeepAwake
    from coretui.tui.app import CoreApp
    from coretui.tui.launch import LaunchOptions

    await close_while_editing(app_paths, signal.SIGHUP)
    options = LaunchOptions(edit_id="mine", ask_pain=False)
    app = CoreApp(app_paths, options, clock=FakeClock(), keep_awake=KeepAwake.off())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert question.question == "Open your unsaved changes to Mine, longer?"
        await pilot.press(*answer)
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen), "the editor opens either way"
        assert editor.target == mine_file(app_paths) and not editor.new_id
        name = "Mine, longer" if answer == "y" else "Mine"
        assert editor.query_one("#field-name", Input).value == name
        assert kept(app_paths) == []


async def test_edit_on_the_list_offers_edits_kept_of_that_routine(app_paths: AppPaths) -> None:
    await close_while_editing(app_paths, signal.SIGHUP)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # not at the start
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        options = picker.query_one("#routines", OptionList)
        options.highlighted = options.get_option_index("mine")
        assert picker.selected is not None and picker.selected.routine.id == "mine"
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert editor.draft.data["name"] == "Mine, longer" and editor.unsaved()


async def test_edits_kept_by_an_earlier_coretui_still_save_in_place(app_paths: AppPaths) -> None:
    # Kept before the editor left default rests out of what it opens (`editable_data`),
    # their copy of the file holds lead_in_s and the rests: taken for a file changed
    # since, they came back as a new routine, a second copy of the user's.
    from coretui.workout.routine_files import routine_data
    from coretui.workout.routines import Routine, load_routine_file

    await close_while_editing(app_paths, signal.SIGHUP)
    [file] = kept(app_paths)
    data = json.loads(file.read_text())
    routine = load_routine_file(mine_file(app_paths))
    assert isinstance(routine, Routine)
    data["saved"] = routine_data(routine)  # as the earlier coretui kept it
    assert "lead_in_s" in data["saved"]
    file.write_text(json.dumps(data))

    async with reopened(app_paths) as (_, _, editor):
        assert editor.target == mine_file(app_paths)
        assert "changed" not in editor.note

"""The routine editor: copy, change, reorder, save; then the routine loads, lists and runs."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import tempfile
import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static

from coretui.cli import main
from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.editor import EditorScreen
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.widgets.exercise_list import Choice, ExerciseList
from coretui.workout.draft_fields import ROUTINE_FIELDS, exercise_fields, field_text, tempo_mode
from coretui.workout.routine_files import EDITOR_COMMENT, routine_data, routine_toml
from coretui.workout.routines import Routine, load_library, load_routine_file
from coretui.workout.timeline import compile_routine
from tests.conftest import FakeClock
from tests.plain_check import assert_plain
from tests.ui.conftest import make_app, write_routine
from tests.ui.editor_helpers import (
    FIVE,
    MINE,
    add_and_save,
    copy_core_six,
    error_at,
    in_field,
    new_routine,
    open_editor,
    press_at_once,
    select_exercise,
    settled,
    type_into,
)


async def test_copy_core_six_change_reorder_save_then_it_lists_and_runs(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")  # core-six is highlighted first
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.draft.data["id"] == "core-six-copy"
        assert app.screen.draft.data["name"] == "Core six (full session, my copy)"

        await select_exercise(pilot, app, 0)
        await type_into(pilot, app, "seconds", "45")
        await select_exercise(pilot, app, 5)
        assert app.screen.query_one("#field-name", Input).value == "Hip raise"
        await type_into(pilot, app, "sets", "3")
        await type_into(pilot, app, "reps", "10")
        await select_exercise(pilot, app, 6)
        assert app.screen.query_one("#field-name", Input).value == "Superman"
        for _ in range(6):
            await pilot.press("ctrl+up")
            await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.selected is not None
        assert app.screen.selected.routine.id == "core-six-copy"
        assert app.trainer.library.get("core-six-copy") is not None

        saved = app_paths.routines_dir / "core-six-copy.toml"
        routine = load_routine_file(saved)
        assert isinstance(routine, Routine)
        names = [e.name for e in routine.exercises]
        assert names[0] == "Superman" and names[1] == "Plank"
        plank, hip = routine.exercises[1], routine.exercises[6]
        assert getattr(plank, "seconds", None) == 45
        assert (hip.name, hip.sets, getattr(hip, "reps", None)) == ("Hip raise", 3, 10)

        await pilot.press("enter")
        await pilot.pause()
        assert app.workout is not None
        first_work = next(s for s in app.workout.engine.timeline.steps if s.is_work)
        assert first_work.label == "Superman"

    assert main(["validate", str(saved)]) == 0
    capsys.readouterr()
    assert main(["--config-dir", str(app_paths.config_dir), "list", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)["routines"]}
    assert rows["core-six-copy"]["source"] == "user"
    assert rows["core-six-copy"]["duration_s"] == round(compile_routine(routine).total_s)
    assert rows["core-six-copy"]["duration_s"] != rows["core-six"]["duration_s"]


BAD_INPUT = [
    # (exercise index or None for the routine, field, text typed, words in the message)
    (None, "id", "My Routine", "lowercase letters"),
    (None, "name", "", "must not be empty"),
    (None, "lead_in_s", "ten", "whole number from 0 to 300, got 'ten'"),
    (None, "rest_between_sets_s", "-5", "at least 0"),
    (None, "equipment", "ball!", "lowercase letters"),
    (0, "seconds", "0", "must be at least 1"),
    (0, "sets", "3.5", "whole number"),
    (0, "switch_s", "999", "at most 60"),
    (0, "name", "x" * 81, "at most 80 characters"),
    (0, "easier", ": only a cue", "name must not be empty"),
    (0, "cue", "y" * 2001, "at most 2000 characters"),
    (5, "tempo_phases", "up 1, hold 99", "seconds must be at most 60"),
]


@pytest.mark.parametrize(("index", "key", "text", "words"), BAD_INPUT, ids=lambda v: str(v)[:12])
async def test_invalid_input_shows_a_plain_message_and_blocks_saving(
    app_paths: AppPaths, index: int | None, key: str, text: str, words: str
) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        if index is not None:
            await select_exercise(pilot, app, index)
        await type_into(pilot, app, key, text)
        message = error_at(app, key)
        assert words in message, message
        assert_plain(message)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen), "an invalid routine must not be saved"
        assert app.focused is app.screen.query_one(f"#field-{key}")
    assert not (app_paths.routines_dir / "core-six-copy.toml").exists()


async def test_a_paste_too_long_for_any_routine_is_refused_whole(app_paths: AppPaths) -> None:
    # 2 MB pasted into the description went in; each key after it took seconds.
    from coretui.tui.widgets.exercise_list import FIELD_MAX_CHARS

    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        field = app.screen.query_one("#field-description", Input)
        field.focus()
        before = field.value
        field.insert_text_at_cursor("z" * 2_000_000)
        await pilot.pause()
        assert field.value == before
        field.insert_text_at_cursor("y" * (FIELD_MAX_CHARS - len(before)))  # as long as it goes
        await pilot.pause()
        assert len(field.value) == FIELD_MAX_CHARS
        assert "at most 2000 characters" in error_at(app, "description")


async def test_a_text_longer_than_any_paste_can_be_shortened() -> None:
    # A file to mend with a 5,000-character description: with the paste limit, Textual
    # refused every key, Backspace too (each change left it over the limit).
    from textual.app import App, ComposeResult

    from coretui.tui.widgets.exercise_list import FIELD_MAX_CHARS, FieldInput

    long = "d" * (FIELD_MAX_CHARS + 900)

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield FieldInput(long)

    app = One()
    async with app.run_test() as pilot:
        field = app.query_one(FieldInput)
        field.focus()
        field.action_end()
        await pilot.press("backspace", "backspace")
        assert len(field.value) == len(long) - 2
        await pilot.press("x")
        assert len(field.value) == len(long) - 1, "typed in, up to its own length"


async def test_a_long_text_of_the_next_exercise_shown_in_a_reused_field_can_be_shortened(
    app_paths: AppPaths,
) -> None:
    # The form shows the next exercise in the first one's fields: the cue field kept the
    # first cue's limit, so a too-long cue of the second (a file to mend) took no key.
    from coretui.tui.widgets.exercise_list import FIELD_MAX_CHARS

    long = "d" * (FIELD_MAX_CHARS + 900)
    write_routine(
        app_paths,
        "mine.toml",
        MINE.replace("seconds = 30", 'seconds = 30\ncue = "Short."')
        + f'\n[[exercises]]\nkind = "hold"\nname = "Long"\nseconds = 30\ncue = "{long}"\n',
    )
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        [mend] = [c for c in app.get_system_commands(app.screen) if c.title.startswith("Mend")]
        mend.callback()
        await pilot.pause()
        await select_exercise(pilot, app, 0)
        await select_exercise(pilot, app, 1)
        await in_field(pilot, app, 1, "cue")
        field = app.screen.query_one("#field-cue", Input)
        assert field.value == long
        field.action_end()
        await pilot.press("backspace", "backspace")
        assert len(field.value) == len(long) - 2


async def test_reps_tempo_phases_typed_wrong_are_explained(app_paths: AppPaths) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 5)  # the hip raise: up 1, hold 5, down 1
        assert app.screen.query_one("#field-tempo_phases", Input).value == "up 1, hold 5, down 1"
        await type_into(pilot, app, "tempo_phases", "up 1, hold five")
        assert "like 'up 1, hold 5, down 1'" in error_at(app, "tempo_phases")
        assert error_at(app, "kind") == "", "one problem, said once, beside its own field"
        await type_into(pilot, app, "tempo_phases", "")  # cleared, to type anew...
        await type_into(pilot, app, "tempo_phases", "up two")  # ...and typed wrong
        assert "got 'up two'" in error_at(app, "tempo_phases")
        assert error_at(app, "kind") == "", "the empty tempo in between adds no second problem"
        await type_into(pilot, app, "tempo_phases", "up 1, hold 0")
        assert error_at(app, "tempo_phases") == "phase 'hold': seconds must be at least 0.1, got 0"
        await type_into(pilot, app, "reps", "ten")
        # beside its field a problem starts after the key: the label names it
        assert error_at(app, "reps") == "must be a whole number from 1 to 500, got 'ten'"

        app.screen.query_one("#field-tempo", Select).value = "rep"  # seconds per rep
        await pilot.pause()
        await type_into(pilot, app, "tempo_rep", "0")
        assert error_at(app, "tempo_rep") == "must be at least 0.1, got 0"
        await type_into(pilot, app, "tempo_rep", "2.5")
        assert error_at(app, "tempo_rep") == ""
        assert app.screen.draft.exercises[5]["tempo"] == 2.5  # type: ignore[attr-defined]


async def test_too_few_or_too_many_tempo_phases_are_said_beside_the_phases(
    app_paths: AppPaths,
) -> None:
    # ", " or 11 phases typed: the problem showed under Kind, far above the field typed in.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 5)  # the hip raise: up 1, hold 5, down 1
        await type_into(pilot, app, "tempo_phases", ", ")
        assert error_at(app, "tempo_phases").startswith("needs at least one phase")
        assert error_at(app, "kind") == ""
        await type_into(pilot, app, "tempo_phases", ", ".join(["up 1"] * 11))
        assert error_at(app, "tempo_phases") == "has 11 phases; at most 10"
        assert error_at(app, "kind") == ""
        # Phases the figure does not fit: said under Kind, with advice the form had no
        # way to follow ("give a keyframe for each phase").
        await type_into(pilot, app, "tempo_phases", "down 1, up 1, hold 5")
        assert error_at(app, "tempo_phases").startswith("figure holds still during 'up'")
        assert error_at(app, "tempo_phases").endswith(
            " (the editor has no field for figures: set the phases back, or change the"
            " figure in the file by hand)"
        )
        assert error_at(app, "kind") == ""


async def test_escape_with_changes_asks_and_writes_nothing(app_paths: AppPaths) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await type_into(pilot, app, "name", "Changed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert not app_paths.routines_dir.joinpath("core-six-copy.toml").exists()


async def test_escape_without_changes_leaves_at_once(app_paths: AppPaths) -> None:
    write_routine(app_paths, "mine.toml", MINE.replace('name = "Plank"', 'name = "Plank: knees"'))
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.edit_routine("mine")  # type: ignore[attr-defined]
        await pilot.pause()
        for index in (-1, 0):
            await select_exercise(pilot, app, index)
        assert isinstance(app.screen, EditorScreen)
        assert not app.screen.draft.changed, "showing the fields must not change them"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_typing_in_a_field_never_triggers_a_command(app_paths: AppPaths) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 0)
        count = len(app.screen.draft.exercises)  # type: ignore[attr-defined]
        await type_into(pilot, app, "cue", "a dx q")
        assert app.screen.query_one("#field-cue", Input).value == "a dx q"
        assert len(app.screen.draft.exercises) == count  # type: ignore[attr-defined]
        assert isinstance(app.screen, EditorScreen)


async def test_e_on_a_bundled_routine_offers_a_copy(app_paths: AppPaths) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.draft.data["id"] == "core-six-copy"


def _user_routine_app(app_paths: AppPaths) -> tuple[CoreApp, Path]:
    write_routine(app_paths, "mine.toml", MINE)
    return make_app(app_paths, FakeClock()), app_paths.routines_dir / "mine.toml"


async def _edit_mine(pilot, app: CoreApp) -> EditorScreen:  # type: ignore[no-untyped-def]
    """The editor on "mine", its plank changed to 50 s."""
    editor = await open_editor(pilot, app, "mine")
    await select_exercise(pilot, app, 0)
    await type_into(pilot, app, "seconds", "50")
    return editor


@asynccontextmanager
async def editing_mine(
    app_paths: AppPaths,
) -> AsyncIterator[tuple[CoreApp, Pilot[int], EditorScreen]]:
    """The app at 100x30, its editor on "mine", the plank changed to 50 s."""
    app, _ = _user_routine_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        yield app, pilot, await _edit_mine(pilot, app)


async def test_an_edited_user_routine_is_saved_back_to_its_own_file(app_paths: AppPaths) -> None:
    app, file = _user_routine_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _edit_mine(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    routine = load_routine_file(file)
    assert isinstance(routine, Routine)
    assert getattr(routine.exercises[0], "seconds", None) == 50
    assert sorted(p.name for p in app_paths.routines_dir.iterdir()) == [
        "mine.toml",
        "self-paced.toml",
    ]


@pytest.mark.parametrize("save", [True, False])
async def test_a_file_changed_by_another_window_while_edited_is_asked_about_and_kept(
    app_paths: AppPaths, save: bool
) -> None:
    # The file in coretui's own form, given a cue by another window meanwhile: Ctrl+S
    # wrote over it without a word, and the cue was gone with no copy.
    write_routine(app_paths, "mine.toml", routine_toml(tomllib.loads(MINE), EDITOR_COMMENT))
    file = app_paths.routines_dir / "mine.toml"
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await _edit_mine(pilot, app)
        theirs = file.read_text().replace(
            "seconds = 30", 'seconds = 30\ncue = "From the other window"'
        )
        file.write_text(theirs)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        said = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "mine.toml changed since" in said and "mine.toml.bak" in said, said
        await pilot.press("y" if save else "n")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen if save else EditorScreen)
    if save:
        assert (app_paths.routines_dir / "mine.toml.bak").read_text() == theirs
        assert "seconds = 50" in file.read_text()
    else:
        assert file.read_text() == theirs


async def test_e_opens_the_file_as_it_is_now_not_as_the_list_last_read_it(
    app_paths: AppPaths,
) -> None:
    # Another window gave the plank a cue, and E came before the list read the file
    # again: the editor showed the list's copy, and Ctrl+S saved it over the cue.
    write_routine(app_paths, "mine.toml", routine_toml(tomllib.loads(MINE), EDITOR_COMMENT))
    file = app_paths.routines_dir / "mine.toml"
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        file.write_text(file.read_text().replace("seconds = 30", 'seconds = 30\ncue = "Theirs"'))
        await _edit_mine(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    saved = tomllib.loads(file.read_text())
    assert saved["exercises"][0]["seconds"] == 50 and saved["exercises"][0]["cue"] == "Theirs"


async def test_e_on_a_routine_edits_the_file_it_came_from(app_paths: AppPaths) -> None:
    # a.toml holds id "x"; x.toml, named for it, does not load: E on a.toml's routine
    # opened x.toml to mend (what `coretui edit x` opens, by the file's name).
    write_routine(app_paths, "a.toml", MINE.replace('"mine"', '"x"').replace('"Mine"', '"In a"'))
    write_routine(app_paths, "x.toml", 'id = "x"\nname = "Broken x"\n')
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        picker.query_one("#routines", OptionList).highlighted = picker.query_one(
            "#routines", OptionList
        ).get_option_index("x")
        await pilot.press("E")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert (editor.target.name, editor.draft.data["name"]) == ("a.toml", "In a")


async def test_a_routine_reopened_and_saved_unchanged_keeps_its_rests_left_to_default(
    app_paths: AppPaths,
) -> None:
    # Made in the editor, the routine's file had no lead-in or rests (the fields showed
    # "empty: 10"); reopened, they read 10, 30 and 30, and a save wrote them in.
    write_routine(app_paths, "mine.toml", routine_toml(tomllib.loads(MINE), EDITOR_COMMENT))
    file = app_paths.routines_dir / "mine.toml"
    written = file.read_text(encoding="utf-8")
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot, app, "mine")
        assert app.screen.query_one("#field-lead_in_s", Input).value == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert file.read_text(encoding="utf-8") == written


async def test_the_editors_total_is_the_lists_and_it_says_the_settings_lead_in_is_used(
    app_paths: AppPaths,
) -> None:
    settings = app_paths.settings_files[0]
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("lead_in_s = 0\n", encoding="utf-8")
    async with editing_mine(app_paths) as (app, pilot, editor):
        # The plank at 50 s, no lead-in: the routine list will say 0:50 (its file, 1:00).
        assert str(editor.query_one("#editor-total", Label).render()) == "Total 0:50"
        said = str(editor.query_one("#editor-note", Static).render())
        assert "Your settings, for every routine: get ready 0 s (s on the routine list)." in said
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert [card.total_s for card in app.trainer.cards if card.id == "mine"] == [50]


async def test_the_editors_total_counts_the_number_typed_over_an_accepted_one(
    app_paths: AppPaths,
) -> None:
    # 45 s accepted for the 30 s plank: typing 50 s replaces it when saved (the list then
    # says 1:00 with the routine's 10 s lead-in), so the editor's total must say so too,
    # not 0:55 from the accepted 45 s.
    progress = app_paths.config_dir / "progress.json"
    progress.parent.mkdir(parents=True, exist_ok=True)
    progress.write_text('{"mine": {"Plank": {"seconds": 45}}}', encoding="utf-8")
    app, _ = _user_routine_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        editor = await open_editor(pilot, app, "mine")
        # Seconds 30 in the form, a total of 0:55: the note says why.
        said = str(editor.query_one("#editor-note", Static).render())
        assert (
            "Your accepted progress: Plank (45 s). A number typed here replaces the accepted one."
            in said
        )
        await select_exercise(pilot, app, 0)
        await type_into(pilot, app, "name", "Wall sit")  # another move: not its progress
        assert "accepted" not in str(editor.query_one("#editor-note", Static).render())
        await type_into(pilot, app, "name", "Plank")
        await type_into(pilot, app, "seconds", "50")
        assert str(editor.query_one("#editor-total", Label).render()) == "Total 1:00"
        assert "accepted" not in str(editor.query_one("#editor-note", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert [card.total_s for card in app.trainer.cards if card.id == "mine"] == [60]


async def test_a_refused_save_names_a_file_with_an_escape_in_its_name_written_out(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Not saved: no space left on device. .../esc<ESC>[31m.toml is unchanged." reached
    # the notice raw.
    write_routine(app_paths, "esc\x1b[31m.toml", MINE)
    app = make_app(app_paths, FakeClock())

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await _edit_mine(pilot, app)
        monkeypatch.setattr(os, "fsync", refuse)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [said] = [n.message for n in app._notifications if "unchanged" in n.message]
        assert "\x1b" not in said and "esc\\x1b[31m.toml is unchanged" in said, said


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS], ids=["ENOSPC", "EROFS"])
async def test_a_full_or_read_only_disk_leaves_the_old_file_and_says_so(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    app, file = _user_routine_app(app_paths)
    before = file.read_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await _edit_mine(pilot, app)
        # Tests run as root, where chmod protects nothing: the disk's refusal is injected.
        if code == errno.ENOSPC:
            monkeypatch.setattr(os, "fsync", refuse)
        else:
            monkeypatch.setattr(tempfile, "mkstemp", refuse)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen), "a failed save keeps the editor open"
        shown = [n.message for n in app._notifications]
        reason = os.strerror(code).lower()  # "no space left on device", as coretui says it
        assert any(f"Not saved: {reason}." in m and "unchanged" in m for m in shown), shown
    assert file.read_bytes() == before
    assert sorted(p.name for p in app_paths.routines_dir.iterdir()) == [
        "mine.toml",
        "self-paced.toml",
    ]


async def test_coretui_edit_opens_the_editor_on_the_routine(app_paths: AppPaths) -> None:
    from coretui.services.awake import KeepAwake
    from coretui.tui.launch import LaunchOptions

    write_routine(app_paths, "mine.toml", MINE)
    options = LaunchOptions(edit_id="mine", ask_pain=False)
    app = CoreApp(app_paths, options, clock=FakeClock(), keep_awake=KeepAwake.off())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.target == app_paths.routines_dir / "mine.toml"
        assert app.screen.query_one("#field-name", Input).value == "Mine"


BROKEN = MINE.replace("seconds = 30", "seconds = -3").replace('"Mine"', '"Mine"\nlead_in_s = "ten"')


async def test_coretui_edit_opens_a_file_that_did_not_load_to_mend_it(app_paths: AppPaths) -> None:
    # A hand-edited file with a slip did not load, and `coretui edit` refused it
    # ("did not load"): the user had to find the line in the TOML and mend it there.
    from coretui.services.awake import KeepAwake
    from coretui.tui.launch import LaunchOptions

    write_routine(app_paths, "mine.toml", BROKEN)
    file = app_paths.routines_dir / "mine.toml"
    options = LaunchOptions(edit_id="mine", ask_pain=False)
    app = CoreApp(app_paths, options, clock=FakeClock(), keep_awake=KeepAwake.off())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.target == file
        assert app.screen.query_one("#field-lead_in_s", Input).value == "ten"
        assert "whole number" in error_at(app, "lead_in_s")
        await type_into(pilot, app, "lead_in_s", "10")
        await select_exercise(pilot, app, 0)
        assert app.screen.query_one("#field-seconds", Input).value == "-3"
        assert "at least 1" in error_at(app, "seconds")
        await type_into(pilot, app, "seconds", "45")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.query_one("#routines").get_option("mine")  # type: ignore[attr-defined]
    routine = load_routine_file(file)
    assert isinstance(routine, Routine)
    assert getattr(routine.exercises[0], "seconds", None) == 45 and routine.lead_in_s == 10


async def test_coretui_edit_opens_the_file_named_for_the_id_though_another_holds_it(
    app_paths: AppPaths,
) -> None:
    # mine.toml broken, and copy.toml (with mine's id) loaded: the line saying "mend
    # mine.toml in the editor: coretui edit mine" opened copy.toml.
    from coretui.services.awake import KeepAwake
    from coretui.tui.launch import LaunchOptions

    write_routine(app_paths, "mine.toml", BROKEN)
    write_routine(app_paths, "copy.toml", MINE)
    options = LaunchOptions(edit_id="mine", ask_pain=False)
    app = CoreApp(app_paths, options, clock=FakeClock(), keep_awake=KeepAwake.off())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.target == app_paths.routines_dir / "mine.toml"


async def test_the_palette_reads_a_file_that_did_not_load_again_only_when_it_changed(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The palette asks for its commands at every key typed: each file was read and
    # checked again each time.
    from coretui.workout import routine_mend

    write_routine(app_paths, "mine.toml", BROKEN)
    read: list[Path] = []
    mend_file = routine_mend.mend_file

    def counted(file: Path, taken: tuple[str, ...] = ()) -> object:
        read.append(file)
        return mend_file(file, taken)

    monkeypatch.setattr(routine_mend, "mend_file", counted)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()

        def mend_titles() -> list[str]:
            commands = app.get_system_commands(app.screen)
            return [c.title for c in commands if c.title.startswith("Mend")]

        for _ in range(5):
            assert mend_titles() == ["Mend routine file: mine.toml"]
        assert len(read) == 1, read
        file = app_paths.routines_dir / "mine.toml"
        file.write_text('id = "mine"\nexercises = 5\n')  # changed by hand: no form holds it
        assert mend_titles() == []


async def test_files_that_did_not_load_are_shown_when_the_history_is_read_first(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The history, read in a thread too, listed the routines again between the
    # validation's result and its showing: the validation then found the list up to
    # date and never showed the pane. Broken files went unsaid (seen once in CI).
    write_routine(app_paths, "mine.toml", BROKEN)
    shown = PickerScreen._validated

    def history_first(screen: PickerScreen) -> None:
        screen.refresh_routines()  # as `show_history` does
        shown(screen)

    monkeypatch.setattr(PickerScreen, "_validated", history_first)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.screen.query_one("#load-errors")
        said = str(app.screen.query_one("#load-errors-text").render())
        assert pane.display and said.startswith("2 problems in 1 routine file"), said


NO_FORM_HOLDS = {"notes.toml": 'id = "notes"\nname = ', "odd.toml": 'id = "odd"\nexercises = 5\n'}
"""Routine files the editor cannot show: a syntax slip, and a key no form holds."""


async def load_errors_said(app: CoreApp, pilot: Pilot[int]) -> str:
    """The routine list's pane of files that did not load, once they are validated."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    return str(app.screen.query_one("#load-errors-text").render())


async def test_a_file_that_did_not_load_is_mended_from_the_palette(app_paths: AppPaths) -> None:
    # The routine list showed the file's errors, and the only way to mend it was to
    # quit and run `coretui edit NAME`.
    write_routine(app_paths, "mine.toml", BROKEN)
    # Files the editor cannot show are not offered (the command only said "mend it by hand").
    for name, text in NO_FORM_HOLDS.items():
        write_routine(app_paths, name, text)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        said = await load_errors_said(app, pilot)
        assert "Ctrl+P, Mend" in said
        # At 80x24 the pane shows three lines: how many there are, and how to see them.
        errors = app.trainer.errors
        assert said.startswith(
            f"{len(errors)} problems in 3 routine files (Tab to this list, after the"
            " routine's details, then arrows"
        )
        [mend] = [c for c in app.get_system_commands(app.screen) if c.title.startswith("Mend")]
        assert mend.title == "Mend routine file: mine.toml"
        mend.callback()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.target == app_paths.routines_dir / "mine.toml"
        assert "whole number" in error_at(app, "lead_in_s")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not any(title.startswith("Mend") for title in titles), "not over the editor"


async def test_files_the_editor_cannot_open_are_not_sent_to_the_palette_to_mend(
    app_paths: AppPaths,
) -> None:
    # Only files no form can hold: the pane still said "mend most in the editor: Ctrl+P,
    # Mend", and the palette had no such command ("No matches found").
    for name, text in NO_FORM_HOLDS.items():
        write_routine(app_paths, name, text)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        said = await load_errors_said(app, pilot)
        assert said.startswith("3 problems in 2 routine files (Tab to this list"), said
        assert "Mend" not in said
        assert not [c for c in app.get_system_commands(app.screen) if c.title.startswith("Mend")]


async def test_a_file_name_with_control_characters_is_shown_as_text(app_paths: AppPaths) -> None:
    # A file named "esc<ESC>[31mred.toml": the editor's note and the palette's Mend
    # command sent its escape to the terminal, which turned the rest of the line red.
    write_routine(app_paths, "esc\x1b[31mred.toml", BROKEN)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        [mend] = [c for c in app.get_system_commands(app.screen) if c.title.startswith("Mend")]
        assert mend.title == "Mend routine file: esc\\x1b[31mred.toml"
        mend.callback()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        note = str(app.screen.query_one("#editor-note", Static).render())
        assert "Editing esc\\x1b[31mred.toml, which did not load." in note
        assert "\x1b" not in app.export_screenshot()


SLIPS = """\
id = "core-six"
name = "Slips"
colour = "red"

[[exercises]]
kind = "hold"
name = "Plank"
seconds = -3
colour = "blue"
"""


async def test_what_was_set_right_is_not_left_over_the_list_after_leaving(
    app_paths: AppPaths,
) -> None:
    # The 30 s "Set right" notice stayed over the routine list, after Esc, as if about it.
    write_routine(app_paths, "slips.toml", SLIPS)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await open_editor(pilot, app, "slips")
        assert [n.title for n in app._notifications] == ["Set right"]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # (mended: changed) leave without saving
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert list(app._notifications) == []


async def test_a_file_with_an_unknown_key_and_a_taken_id_is_mended_and_saved(
    app_paths: AppPaths,
) -> None:
    # No field could drop the unknown keys or change the id: every Ctrl+S was refused
    # (or, for the id, "saved" a file that still did not load).
    write_routine(app_paths, "slips.toml", SLIPS)
    file = app_paths.routines_dir / "slips.toml"
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        editor = await open_editor(pilot, app, "slips")
        assert "Left out colour = 'red'" in editor.note
        assert "Id set to 'slips', the file's name" in editor.note
        # The note's few lines go to the problems first: a notice says it all.
        [told] = [n.message for n in app._notifications if n.title == "Set right"]
        assert told.count("\n") == 2 and "unknown key 'colour'" in told
        # Gone after 30 s: Ctrl+P says it again.
        app.clear_notifications()
        [again] = [c for c in app.get_system_commands(app.screen) if "set right" in c.title]
        again.callback()
        await pilot.pause()
        assert [n.message for n in app._notifications if n.title == "Set right"] == [told]
        await select_exercise(pilot, app, 0)
        await type_into(pilot, app, "seconds", "40")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.query_one("#routines").get_option("slips")  # type: ignore[attr-defined]
        saved = [n.message for n in app._notifications if n.message.startswith("Saved")]
        assert saved == [f"Saved {file}; the file as you wrote it is kept as slips.toml.bak"]
    routine = load_routine_file(file)
    assert isinstance(routine, Routine) and routine.id == "slips"
    assert (file.parent / "slips.toml.bak").read_text() == SLIPS, "what was left out is there"


async def test_a_file_refused_only_for_a_taken_id_is_kept_when_saved_over(
    app_paths: AppPaths,
) -> None:
    # In coretui's own form, it loads alone: it was saved over with no copy.
    core_six = load_library(None).get("core-six")
    assert core_six is not None
    text = routine_toml(routine_data(core_six.routine), EDITOR_COMMENT)
    write_routine(app_paths, "twin.toml", text)
    file = app_paths.routines_dir / "twin.toml"
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        editor = await open_editor(pilot, app, "twin")
        assert "Id set to 'twin', the file's name" in editor.note
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        saved = [n.message for n in app._notifications if n.message.startswith("Saved")]
        assert saved == [f"Saved {file}; the file as you wrote it is kept as twin.toml.bak"]
    assert (file.parent / "twin.toml.bak").read_text() == text


ODD = """\
id = "mine"
name = ["not", "text"]
lead_in_s = { a = 1 }
equipment = [1, 2.5]
surprise = true

[[exercises]]
kind = "reps"
name = 7
reps = "many"
sets = [1]
per_side = "yes"
tempo = { up = 1 }
easier = { name = 5, cue = [] }
harder = {}
equipment = []

[[exercises]]
kind = "reps"
name = "Bridge"
reps = 10
tempo = [{ name = 1 }, {}]

[[exercises]]
name = "No kind"
"""


async def test_a_file_of_odd_values_opens_in_the_editor_without_a_crash(
    app_paths: AppPaths,
) -> None:
    # Values of any type where the form expects text or a number: each is shown as
    # text with its problem beside it, never a traceback.
    write_routine(app_paths, "mine.toml", ODD)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        app.screen.edit_routine("mine")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        for index in range(3):
            await select_exercise(pilot, app, index)
            assert isinstance(app.screen, EditorScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen), "not saved while problems remain"
    assert (app_paths.routines_dir / "mine.toml").read_text() == ODD


NO_KIND = """\
id = "mine"
name = "Mine"

[[exercises]]
name = "Plank"
seconds = 30

[[exercises]]
kind = "hold"
name = "Bridge"
seconds = 20
"""


async def test_an_exercise_with_no_kind_stays_so_until_the_user_chooses_one(
    app_paths: AppPaths,
) -> None:
    # The kind's list showed "hold" and, once the form was left, made it so: the problem
    # went, and Esc asked to leave without saving changes the user never made.
    write_routine(app_paths, "mine.toml", NO_KIND)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        editor = await open_editor(pilot, app, "mine")
        await select_exercise(pilot, app, 0)
        assert editor.query_one("#field-kind", Select).is_blank()
        await select_exercise(pilot, app, 1)
        await select_exercise(pilot, app, 0)
        assert "kind" not in editor.draft.exercises[0]
        assert error_at(app, "kind") == "kind is missing ('hold' or 'reps')"
        assert not editor.unsaved()
        choice = editor.query_one("#field-kind", Select)
        choice.focus()
        await pilot.press("enter", "down", "down", "enter")  # the list opens on "choose"
        await pilot.pause()
        assert editor.draft.exercises[0]["kind"] == "reps" and editor.unsaved()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), "a change of the user's is asked about"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('id = "mine"\nname = ', "(toml)"),
        ('id = "mine"\nexercises = [1, 2]', "mend it by hand"),
    ],
    ids=["not TOML", "exercises not tables"],
)
def test_coretui_edit_on_a_file_the_form_cannot_hold_says_why_in_one_line(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str], text: str, words: str
) -> None:
    write_routine(app_paths, "mine.toml", text)
    folders = ["--config-dir", str(app_paths.config_dir), "--data-dir", str(app_paths.data_dir)]
    assert main([*folders, "edit", "mine"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert "cannot open in the editor" in line and words in line, line


async def test_a_save_refused_then_made_leaves_only_the_saved_notice(
    app_paths: AppPaths,
) -> None:
    app, _ = _user_routine_app(app_paths)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_editor(pilot, app, "mine")
        await select_exercise(pilot, app, 0)
        await type_into(pilot, app, "seconds", "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any(n.message.startswith("Not saved") for n in app._notifications)
        await type_into(pilot, app, "seconds", "20")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert [n.message.split()[0] for n in app._notifications] == ["Saved"]


async def test_add_duplicate_and_delete_exercises_from_the_list(app_paths: AppPaths) -> None:
    app, file = _user_routine_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await _edit_mine(pilot, app)
        await pilot.press("ctrl+d")  # duplicate the plank
        await pilot.press("ctrl+n")  # then a new exercise below it
        await pilot.pause()
        assert [e["name"] for e in screen.draft.exercises] == ["Plank", "Plank", "New exercise"]
        screen.query_one("#editor-list").focus()
        await pilot.press("up", "delete")  # the copy: two exercises share its name
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Delete Plank?"
        assert app.screen.detail == "Exercise 2 of 3 of this routine."
        await pilot.press("escape")
        await pilot.press("down", "delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert [e["name"] for e in screen.draft.exercises] == ["Plank", "Plank"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    routine = load_routine_file(file)
    assert isinstance(routine, Routine)
    assert [getattr(e, "seconds", None) for e in routine.exercises] == [50, 50]


async def test_del_on_the_routine_s_own_line_says_what_it_deletes(app_paths: AppPaths) -> None:
    # The footer offered "Del Delete" there, and Del and x did nothing, without a word.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await copy_core_six(pilot, app)
        screen.query_one("#editor-list").focus()
        await pilot.press("home", "delete", "x")
        await pilot.pause()
        assert app.screen is screen and len(screen.draft.exercises) == 7
        said = [n.message for n in app._notifications]
        assert said == [ExerciseList.NOT_THE_ROUTINE] * 2, said


async def test_the_mouse_moves_an_exercise_with_the_buttons_under_the_list(
    app_paths: AppPaths,
) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 1)  # the side plank
        assert await pilot.click("#mouse-up")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        names = [e["name"] for e in screen.draft.exercises]
        assert names[:2] == ["Side plank", "Plank"]
        assert screen.selected == 0, "the moved exercise stays selected"


async def test_a_new_routine_needs_an_exercise_before_it_saves(app_paths: AppPaths) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await new_routine(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        shown = [n.message for n in app._notifications]
        assert "Not saved: routine · exercises: needs at least 1 exercise, got none" in shown, shown
        await add_and_save(pilot, app, "Dead bug")
    routine = load_routine_file(app_paths.routines_dir / "my-routine.toml")
    assert isinstance(routine, Routine)
    assert [e.name for e in routine.exercises] == ["Dead bug"]


async def test_a_new_routine_s_id_follows_its_name_until_the_id_is_typed(
    app_paths: AppPaths,
) -> None:
    # Every new routine was saved as my-routine.toml, listed as "my-routine": the name
    # `coretui run` and `coretui edit` then needed, never chosen by the user.
    taken = 'id = "runner-back-rehab"\nname = "R"\n'
    taken += '[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 5\n'
    write_routine(app_paths, "runner-back-rehab.toml", taken)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await new_routine(pilot, app)
        await type_into(pilot, app, "name", "Runner back rehab")
        field = app.screen.query_one("#field-id", Input)
        assert field.value == "runner-back-rehab-2"  # (the first is taken)
        await type_into(pilot, app, "id", "evening")
        await type_into(pilot, app, "name", "Evening core")  # the id typed stays
        assert field.value == "evening"
        await add_and_save(pilot, app, "Dead bug")
    routine = load_routine_file(app_paths.routines_dir / "evening.toml")
    assert isinstance(routine, Routine) and routine.name == "Evening core"


async def test_a_name_typed_then_ctrl_n_at_once_still_gives_the_id(app_paths: AppPaths) -> None:
    # "Lunch core", then Ctrl+N before the name's last keys were read: the form took
    # the name, then the id box still showing "my-routine", as if typed there; the
    # routine was saved as my-routine.toml.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_routine(pilot, app)
        press_at_once(app, *"Lunch core", "ctrl+n")
        await settled(pilot, lambda: (screen.draft.data.get("id"), len(screen.draft.exercises)))
        assert screen.draft.data["name"] == "Lunch core"
        assert screen.draft.data["id"] == "lunch-core"
        await type_into(pilot, app, "name", "Dead bug")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert (app_paths.routines_dir / "lunch-core.toml").exists()


async def test_a_new_routine_opens_in_its_name_and_its_id_follows(app_paths: AppPaths) -> None:
    # A new routine opened on the exercise list: a name typed went nowhere (its letters
    # are the list's commands), and Tab then led to the id, above the name.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_routine(pilot, app)
        await pilot.press(*"Dad core")
        assert screen.draft.data["name"] == "Dad core"
        await pilot.press("tab")
        assert app.focused is screen.query_one("#field-id", Input)
        assert app.focused.value == "dad-core"
        await add_and_save(pilot, app, "Dead bug")
    routine = load_routine_file(app_paths.routines_dir / "dad-core.toml")
    assert isinstance(routine, Routine) and routine.name == "Dad core"


async def test_keys_typed_as_a_new_routine_s_editor_opens_go_into_its_name(
    app_paths: AppPaths,
) -> None:
    # They went to the exercise list, focused first: the "a" of "Dad core" added an
    # exercise, "d" duplicated it. Nothing has the focus until the name takes them.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        press_at_once(app, "a")
        for _ in range(10_000):
            if isinstance(app.screen, EditorScreen):
                break
            await asyncio.sleep(0)  # (the editor pushed, still being built)
        assert isinstance(app.screen, EditorScreen)
        press_at_once(app, *"Dad core")
        for _ in range(5):
            await pilot.pause()
        screen = app.screen
        assert screen.draft.exercises == [] and screen.draft.data["name"] == "Dad core"
        assert app.focused is screen.query_one("#field-name", Input)


async def test_a_copy_s_id_does_not_follow_its_name(app_paths: AppPaths) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await select_exercise(pilot, app, -1)
        await type_into(pilot, app, "name", "Long core")
        assert app.screen.query_one("#field-id", Input).value == "core-six-copy"


async def test_another_file_is_replaced_only_after_a_yes(app_paths: AppPaths) -> None:
    broken = app_paths.routines_dir / "core-six-copy.toml"
    broken.write_text("id = 'broken", encoding="utf-8")  # listed as an error, not loaded
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert broken.read_text(encoding="utf-8") == "id = 'broken"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.errors == [], "the replaced file no longer shows as broken"
    assert isinstance(load_routine_file(broken), Routine)


async def test_replacing_another_file_says_which_routine_it_holds(app_paths: AppPaths) -> None:
    # "Replace core-six-copy.toml?" alone: the file held another routine of the user's
    # (its own id), which the save was about to replace unseen.
    other = app_paths.routines_dir / "core-six-copy.toml"
    other.write_text(MINE.replace('"mine"', '"other"').replace('"Mine"', '"[b]Evening"'))
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.detail == (
            f"{other} holds your routine '[b]Evening' (id other): saving replaces it."
        )


async def test_a_copy_starts_from_the_users_progress_and_leaves_it_alone(
    app_paths: AppPaths,
) -> None:
    progress = app_paths.config_dir / "progress.json"
    progress.write_text('{"core-six": {"Plank": {"seconds": 65}}}', encoding="utf-8")
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        assert "with your progress: Plank (65 s)" in str(
            app.screen.query_one("#editor-note").render()
        )
        await select_exercise(pilot, app, 0)
        assert app.screen.query_one("#field-seconds", Input).value == "65"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert progress.read_text(encoding="utf-8") == '{"core-six": {"Plank": {"seconds": 65}}}'


async def test_a_refused_save_names_the_exercise_in_words(app_paths: AppPaths) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 1)  # exercise 2, the side plank
        await type_into(pilot, app, "seconds", "9999")
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert any(m.startswith("Not saved: exercise 2 · seconds:") for m in shown), shown
        assert not any("exercises[" in m for m in shown), shown


async def test_keys_pressed_faster_than_the_form_is_built_add_exactly_that_much(
    app_paths: AppPaths,
) -> None:
    # A held Ctrl+N (or a fast hand): each press arrives before the last one's form
    # is on screen. Every press adds one exercise, nothing else changes, and the
    # editor settles on the last one added (it used to bounce between the forms of
    # the last two, rebuilding them without end, and an old form's fields wrote into
    # the other exercise).
    async with editing_mine(app_paths) as (app, pilot, screen):
        before = [dict(e) for e in screen.draft.exercises]
        builds = 0
        show_form = screen._show_form

        async def counted() -> None:
            nonlocal builds
            builds += 1
            await show_form()

        screen._show_form = counted  # type: ignore[method-assign]
        for _ in range(4):
            app.post_message(events.Key("ctrl+n", None))
        await settled(pilot, lambda: builds)  # nothing rebuilds the form by itself
        exercises = screen.draft.exercises
        assert [e.get("name") for e in exercises] == ["Plank"] + ["New exercise"] * 4
        assert exercises[0] == before[0]
        assert all(e == exercises[1] for e in exercises[1:])  # four alike, untouched
        assert screen.selected == 4
        assert screen.query_one("#editor-list").highlighted == 5  # type: ignore[attr-defined]


async def test_a_late_message_of_a_field_shown_again_changes_nothing(app_paths: AppPaths) -> None:
    # The next exercise's form is the same fields showing its values. A field's message
    # sent for the exercise before (a key typed, a kind chosen, just before the pick)
    # arrives after the pick: it must not land in the exercise shown now.
    async with editing_mine(app_paths) as (app, pilot, screen):
        await pilot.press("ctrl+d")  # a second plank, its own 50 s
        await pilot.pause()
        await select_exercise(pilot, app, 0)
        seconds = screen.query_one("#field-seconds", Input)
        kind = screen.query_one("#field-kind", Choice)
        await select_exercise(pilot, app, 1)
        assert screen.selected == 1 and seconds.is_attached and kind.is_attached
        screen.post_message(Input.Changed(seconds, "99"))
        screen.post_message(Select.Changed(kind, "reps"))
        await pilot.pause()
        assert [e["seconds"] for e in screen.draft.exercises] == [50, 50]
        assert [e["kind"] for e in screen.draft.exercises] == ["hold", "hold"]
        assert screen.query_one("#field-seconds", Input).value == "50"


async def test_a_command_pressed_in_a_field_leaves_you_in_that_field_of_its_exercise(
    app_paths: AppPaths,
) -> None:
    # Duplicate the plank from its Seconds field, then type: the copy's seconds change.
    # (The focus went back to the list, and the keys typed next moved the highlight.)
    async with editing_mine(app_paths) as (app, pilot, screen):
        await select_exercise(pilot, app, 0)
        screen.query_one("#field-seconds", Input).focus()
        await pilot.pause()
        await pilot.press("ctrl+d", "backspace", "backspace", "4", "0")
        await settled(pilot, lambda: [dict(e) for e in screen.draft.exercises])
        assert screen.selected == 1
        assert app.focused is screen.query_one("#field-seconds", Input)
        assert [e["seconds"] for e in screen.draft.exercises] == [50, 40]


async def test_each_exercise_shows_its_own_fields_in_order_however_it_is_reached(
    app_paths: AppPaths,
) -> None:
    # The form keeps the rows two exercises share: a hold's and a set of reps' fields
    # differ (seconds or reps, a tempo), and the routine's are others again.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        for index in (0, 5, 1, 6, -1, 4, 3, -1, 5, 2, 0):
            await select_exercise(pilot, app, index)
            values = screen.draft.data if index < 0 else screen.draft.exercises[index]
            fields = ROUTINE_FIELDS if index < 0 else exercise_fields(values)  # a copy: its id too
            rows = screen.query("#editor-form .field-row")
            shown = [row.query_one("Input, Checkbox, Select").id for row in rows]
            assert shown == [f"field-{field.key}" for field in fields]
            for field in fields:
                widget = screen.query_one(f"#field-{field.key}")
                if isinstance(widget, Input):
                    assert widget.value == field_text(values, field), (index, field.key)
                elif isinstance(widget, Checkbox):
                    assert widget.value == bool(values.get(field.key)), (index, field.key)
                else:
                    assert isinstance(widget, Choice) and widget.exercise is values
                    assert widget.value == (
                        values["kind"] if field.key == "kind" else tempo_mode(values)
                    )


async def test_a_refused_save_goes_to_the_first_problem_on_the_screen(app_paths: AppPaths) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 5)  # the hip raise: Reps above Sets on its form
        await type_into(pilot, app, "sets", "3.5")  # the lower field first
        await type_into(pilot, app, "reps", "ten")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.focused is app.screen.query_one("#field-reps")


async def test_a_bad_equipment_entry_is_named_by_its_number_beside_the_field_and_on_save(
    app_paths: AppPaths,
) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await copy_core_six(pilot, app)
        await type_into(pilot, app, "equipment", "mat, ball!")
        beside = error_at(app, "equipment")
        assert beside.startswith("entry 2 must be lowercase letters"), beside
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        said = "Not saved: routine · equipment: entry 2 must be"
        assert any(m.startswith(said) for m in shown), shown
        assert not any("equipment[" in m for m in [*shown, beside]), shown


async def test_an_id_already_taken_is_named_beside_the_field_as_it_is_typed(
    app_paths: AppPaths,
) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await new_routine(pilot, app)
        await type_into(pilot, app, "id", "core-six")
        said = "'core-six' is already the id of the bundled routine 'Core six (full session)'"
        assert said in error_at(app, "id")
        assert "bundled:" not in error_at(app, "id")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert any(said in n.message for n in app._notifications)
        await type_into(pilot, app, "id", "core-six-mine")
        assert error_at(app, "id") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert (app_paths.routines_dir / "core-six-mine.toml").exists()


async def test_each_side_says_yes_or_no_in_words_and_space_turns_it(
    app_paths: AppPaths,
) -> None:
    # The box shows its X either way (only the colour changes): read in a terminal
    # without colour, or by a newcomer, every exercise looked done on each side.
    app, file = _user_routine_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await _edit_mine(pilot, app)
        sides = screen.query_one("#field-per_side", Checkbox)
        assert str(sides.label) == "no: done once"
        sides.focus()
        await pilot.press("space")
        await pilot.pause()
        assert str(sides.label) == "yes: left, then right"
        assert screen.draft.exercises[0]["per_side"] is True
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "per_side = true" in file.read_text()


async def test_at_40_by_12_the_list_goes_above_the_form_and_fields_have_room(
    app_paths: AppPaths,
) -> None:
    # Side by side, the list's 24 columns and the labels' 15 left the fields no width:
    # at 40x12 every field was a label with nothing beside it.
    app, _ = _user_routine_app(app_paths)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = await _edit_mine(pilot, app)
        side = screen.query_one("#editor-side").region
        form = screen.query_one("#editor-form").region
        name = screen.query_one("#field-name", Input).region
        assert side.bottom <= form.y, "the list above the form"
        assert name.width >= 20 and name.bottom <= 11, "the name field in sight, with room"


async def test_a_field_typed_back_to_its_value_loses_its_problem(app_paths: AppPaths) -> None:
    # Backspace then the same digit again: the field read right, but the problem of the
    # text in between stayed beside it and Ctrl+S was refused.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 5)  # the hip raise: up 1, hold 5, down 1
        app.screen.query_one("#field-tempo_phases", Input).focus()
        await pilot.press("end", "backspace")
        assert error_at(app, "tempo_phases") != ""
        await pilot.press("1")
        assert app.screen.query_one("#field-tempo_phases", Input).value == "up 1, hold 5, down 1"
        assert error_at(app, "tempo_phases") == ""
        assert app.screen.draft.local == {}  # type: ignore[attr-defined]


async def test_at_40_columns_the_note_shows_a_problem_in_another_exercise_first(
    app_paths: AppPaths,
) -> None:
    # Below 64 columns the note has one line, and it was the file's path: a problem
    # in an exercise not shown was listed under it, out of sight.
    write_routine(app_paths, "mine.toml", FIVE)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await open_editor(pilot, app, "mine")
        await select_exercise(pilot, app, 0)
        await type_into(pilot, app, "seconds", "abc")
        await select_exercise(pilot, app, 1)
        note = screen.query_one("#editor-note")
        assert note.region.height == 1
        first = str(note.render()).splitlines()[0]
        assert first.startswith("exercise 1 · seconds: "), first


async def test_home_in_a_field_wider_than_its_box_moves_the_cursor(app_paths: AppPaths) -> None:
    # The fields took the scrolling keys too: Home scrolled the view, the cursor
    # stayed, the focus's select-all with it, and the next key replaced the whole cue.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 0)
        cue = screen.query_one("#field-cue", Input)
        cue.focus()
        await pilot.pause()
        before = cue.value
        assert len(before) > cue.content_region.width, "the cue is wider than its field"
        await pilot.press("home", "X", "end", "left", "Y")
        assert cue.value == "X" + before[:-1] + "Y" + before[-1]


async def test_ctrl_q_with_changes_not_saved_asks_first(app_paths: AppPaths) -> None:
    # Ctrl+Q quit at once, and a routine edited for minutes was gone without a word.
    app, file = _user_routine_app(app_paths)
    before = file.read_text()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await _edit_mine(pilot, app)  # the plank changed to 50 s, not saved
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen), "asked"
        await pilot.press("n")  # keep editing
        assert app.screen is screen and app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running
    assert file.read_text() == before, "nothing written"


async def test_ctrl_q_over_a_workout_begun_over_the_editor_asks_before_ending_it(
    app_paths: AppPaths,
) -> None:
    # A workout started from the palette over unsaved edits: Ctrl+Q stopped and saved
    # it, then asked; "Keep editing" left the workout ended, closed with no summary.
    from coretui.history import HistoryStore
    from coretui.tui.screens.workout import WorkoutScreen
    from coretui.workout.engine import State
    from tests.ui.scenes import walk

    app, _ = _user_routine_app(app_paths)
    clock = app.clock
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _edit_mine(pilot, app)
        app.start_workout(app.trainer.library.get("core-quick").routine)  # type: ignore[union-attr]
        await pilot.pause()
        workout = app.screen
        assert isinstance(workout, WorkoutScreen)
        await walk(pilot, app, clock, 20)  # into the plank: a stop would save it
        assert workout.engine.step.label == "Plank"
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen), "asked"
        assert workout.engine.state is State.PAUSED, "paused under the question"
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is workout and workout.engine.state is State.RUNNING
        assert HistoryStore(app_paths.history_file).load().sessions == [], "not ended"


async def test_ctrl_q_in_the_editor_without_changes_quits_at_once(app_paths: AppPaths) -> None:
    app, _ = _user_routine_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot, app, "mine")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_a_long_field_left_shows_its_text_from_the_start(app_paths: AppPaths) -> None:
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 5)  # the hip raise: a cue wider than its field
        cue = app.screen.query_one("#field-cue", Input)
        cue.focus()
        await pilot.pause()
        assert cue.scroll_offset.x > 0, "scrolled to the cursor, at the end, while typed in"
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not cue and cue.scroll_offset.x == 0


async def test_up_and_down_on_the_exercise_list_stop_at_its_ends(app_paths: AppPaths) -> None:
    # A Down held to the last exercise went round to the routine's line, and on.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await copy_core_six(pilot, app)
        await pilot.press(*["down"] * 9)  # seven exercises below the routine's line
        await pilot.pause()
        assert screen.selected == 6 and screen.draft.exercises[6]["name"] == "Superman"
        await pilot.press(*["up"] * 9)
        await pilot.pause()
        assert screen.selected == -1


async def test_a_name_typed_changes_its_line_of_the_list_in_place(app_paths: AppPaths) -> None:
    # The list was built anew at each key typed in a name: two layouts of the whole
    # editor a key (a third of what typing cost), and the lines all made again.
    write_routine(app_paths, "mine.toml", FIVE)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, app, "mine")
        await in_field(pilot, app, 2, "name")
        listing = screen.query_one("#editor-list", ExerciseList)

        def shown() -> list[str]:
            return [str(option.prompt) for option in listing.options]

        lines = list(listing.options)
        await pilot.press("end", "s")
        await pilot.pause()
        assert listing.highlighted == 3 and screen.selected == 2
        assert listing.options[3] is lines[3], "the typed line changed where it is"
        routine, plank, side_plank, bird_dog, dead_bug, superman = (
            "Routine: Mine",
            "1. Plank",
            "2. Side plank",
            "3. Bird dogs",
            "4. Dead bug",
            "5. Superman",
        )
        assert shown() == [routine, plank, side_plank, bird_dog, dead_bug, superman]
        await type_into(pilot, app, "name", "")  # a name left empty: a problem marked
        assert shown()[3].startswith("! 3.") and shown()[4] == dead_bug
        await type_into(pilot, app, "name", "Bird dogs")
        # A move swaps two lines' words in place; the highlight goes with the exercise.
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert shown() == [routine, plank, side_plank, "3. Dead bug", "4. Bird dogs", superman]
        assert listing.highlighted == 4
        await in_field(pilot, app, -1, "name")  # the routine's own line follows its name
        await pilot.press("end", "!")
        await pilot.pause()
        assert shown()[0] == "Routine: Mine!"
        await type_into(pilot, app, "name", "")
        assert shown()[0].startswith("! Routine:")


async def test_a_long_name_at_the_foot_of_the_list_is_shown_whole_typed_and_duplicated(
    app_paths: AppPaths,
) -> None:
    # Wrapped onto more lines, the last exercise's line went on below the list's foot.
    many = MINE + "".join(
        f'\n[[exercises]]\nkind = "hold"\nname = "E{n}"\nseconds = 30\n' for n in range(2, 21)
    )
    write_routine(app_paths, "mine.toml", many)
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_editor(pilot, app, "mine")
        await in_field(pilot, app, 19, "name")
        await type_into(pilot, app, "name", "E20 with a long long name that wraps")
        listing = screen.query_one("#editor-list", ExerciseList)
        shown = "\n".join(line.text for line in listing.render_lines(listing.region.reset_offset))
        assert "wraps" in shown.split("20. E20")[-1], shown
        # Duplicated, the list is built again: each copy is shown whole, the last one
        # too (measured while the list was empty, without its scrollbar, each kept a
        # line too few, and lost its last word).
        for _ in range(2):
            await pilot.press("ctrl+d")
            await pilot.pause()
        shown = "\n".join(line.text for line in listing.render_lines(listing.region.reset_offset))
        copies = shown.split(". E20")[1:]
        assert len(copies) == 3 and all("wraps" in copy for copy in copies), shown


async def test_tab_run_past_the_last_field_never_lands_where_letters_are_commands(
    app_paths: AppPaths,
) -> None:
    # Tab past the routine's last field reached the exercise list, where "mat, ball"
    # typed on added an exercise (a) and sent the rest into its name.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await copy_core_six(pilot, app)
        count = len(editor.draft.exercises)
        await pilot.press("tab")  # from the list into the routine's first field
        first = app.focused
        assert isinstance(first, Input)
        for _ in range(30):  # on and on, past the last field
            await pilot.press("tab")
            assert app.focused is not None and editor.query_one("#editor-list") not in (
                app.focused,
                *app.focused.ancestors,
            ), "a Tab run past the form reached the list"
        await pilot.press(*"mat, ball")
        await pilot.pause()
        assert len(editor.draft.exercises) == count and app.screen is editor
        await pilot.press("shift+tab")  # the list is a Shift+Tab away from the first field
        while app.focused is not first:
            await pilot.press("tab")
        await pilot.press("shift+tab")
        assert app.focused is editor.query_one("#editor-list")


async def test_a_rep_set_made_a_hold_keeps_the_poses_its_figure_loses(
    app_paths: AppPaths,
) -> None:
    # A hold's figure has one pose, so the hip raise made a hold is saved with one. Over
    # a file in coretui's own form (no `.bak`: nothing in it was written by hand), the
    # other pose was gone, and the notice said only "Saved".
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await copy_core_six(pilot, app)
        await pilot.press("ctrl+s")
        await settled(pilot, lambda: app.screen)
        screen = await open_editor(pilot, app, "core-six-copy")
        await select_exercise(pilot, app, 5)  # the hip raise: reps, two poses
        screen.query_one("#field-kind", Select).value = "hold"
        await settled(pilot, lambda: screen.draft.exercises[5]["kind"])
        await pilot.press("ctrl+s")
        await settled(pilot, lambda: app.screen)
        assert isinstance(app.screen, PickerScreen)
        said = [n.message for n in app._notifications]
    path = app_paths.routines_dir / "core-six-copy.toml"
    hip_raise = tomllib.loads(path.read_text())["exercises"][5]
    assert hip_raise["kind"] == "hold" and len(hip_raise["figure"]["keyframes"]) == 1
    kept = tomllib.loads(path.with_name("core-six-copy.toml.bak").read_text())["exercises"][5]
    assert kept["kind"] == "reps" and len(kept["figure"]["keyframes"]) == 2
    assert said[-1] == (
        f"Saved {path}; Hip raise's figure keeps one pose, as a hold's does"
        " (the file as it was is kept as core-six-copy.toml.bak)"
    )

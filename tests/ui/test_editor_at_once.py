"""The editor's keys pressed at once (a quick hand, a busy app): each acts on what the
keys before it left, and nothing typed, ticked or chosen just before it is lost."""

from __future__ import annotations

from textual import events
from textual.widgets import Checkbox, Input, Select

from coretui.paths import AppPaths
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.widgets.exercise_list import ExerciseList
from coretui.workout.routines import Routine, load_routine_file
from tests.conftest import FakeClock
from tests.ui.conftest import make_app
from tests.ui.editor_helpers import (
    copy_core_six,
    edit_five,
    editor_state,
    error_at,
    five_app,
    in_field,
    press_at_once,
    select_exercise,
    settled,
    type_into,
)


async def test_moving_at_once_after_walking_down_the_list_neither_crashes_nor_loses_work(
    app_paths: AppPaths,
) -> None:
    # Ctrl+Up a moment after the last Down: the move's new form was built while the
    # form of the exercise the Downs reached was still being mounted, and a kind
    # Select half taken down raised NoMatches, closing the editor with the work in it.
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        for _ in range(3):
            press_at_once(app, "home", "down", "down", "down", "down", "ctrl+up", "ctrl+down")
            press_at_once(app, "end", "ctrl+up", "up", "ctrl+down", "home", "down", "ctrl+up")
        await settled(pilot, lambda: editor_state(screen))
        assert app.screen is screen, "the editor is still open"
        assert screen.query_one("#editor-list", ExerciseList).highlighted == screen.selected + 1
        shown = screen.draft.exercises[screen.selected]["name"]
        assert screen.query_one("#field-name", Input).value == shown


async def test_each_quick_move_moves_the_exercise_highlighted_when_it_was_pressed(
    app_paths: AppPaths,
) -> None:
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        # Four down from the routine is exercise 4, the dead bug: up one, then the
        # exercise now last (the superman) up one, then the first (the plank) down one.
        press_at_once(app, "home", "down", "down", "down", "down", "ctrl+up")
        press_at_once(app, "end", "ctrl+up", "home", "down", "ctrl+down")
        await settled(pilot, lambda: editor_state(screen))
        names = [e["name"] for e in screen.draft.exercises]
        assert names == ["Side plank", "Plank", "Dead bug", "Superman", "Bird dog"]
        assert screen.selected == 1, "the plank moved and stays picked"
        assert screen.query_one("#editor-list", ExerciseList).highlighted == 2
        assert screen.query_one("#field-name", Input).value == "Plank"


async def test_ctrl_s_at_once_after_typing_saves_what_was_typed(app_paths: AppPaths) -> None:
    # Ctrl+S right behind the last keys typed (a paste, a quick hand): as a priority
    # key it was acted on before the field had taken them, and the file missed them.
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        screen.query_one("#field-name", Input).focus()
        await pilot.pause()
        app.post_message(events.Key("end", None))
        for char in " two":
            app.post_message(events.Key("space" if char == " " else char, char))
        app.post_message(events.Key("ctrl+s", None))
        await settled(pilot, lambda: app.screen)
        assert isinstance(app.screen, PickerScreen), "saved and closed"
    routine = load_routine_file(app_paths.routines_dir / "mine.toml")
    assert isinstance(routine, Routine)
    assert routine.name.endswith(" two")


async def test_ctrl_s_at_once_after_ticking_a_box_saves_the_tick(app_paths: AppPaths) -> None:
    # Space on "each side" and Ctrl+S at once: the box was ticked, but its message came
    # after the save, and the file said done once.
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        await pilot.press("down")
        await pilot.pause()
        screen.query_one("#field-per_side", Checkbox).focus()
        await pilot.pause()
        app.post_message(events.Key("space", " "))
        app.post_message(events.Key("ctrl+s", None))
        await settled(pilot, lambda: app.screen)
        assert isinstance(app.screen, PickerScreen), "saved and closed"
    routine = load_routine_file(app_paths.routines_dir / "mine.toml")
    assert isinstance(routine, Routine)
    assert routine.exercises[0].per_side


async def test_ctrl_d_at_once_after_down_duplicates_the_exercise_reached(
    app_paths: AppPaths,
) -> None:
    # As a priority key, Ctrl+D was acted on before the Downs ahead of it, and
    # duplicated the exercise above the one they reached.
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        press_at_once(app, "down", "down", "ctrl+d")
        await settled(pilot, lambda: editor_state(screen))
        names = [e["name"] for e in screen.draft.exercises]
        assert names == ["Plank", "Side plank", "Side plank", "Bird dog", "Dead bug", "Superman"]
        assert screen.selected == 2, "the copy is picked"


async def test_ctrl_d_at_once_after_typing_copies_what_was_typed(app_paths: AppPaths) -> None:
    # In a field, Ctrl+D both deleted the character right of the cursor and, as a
    # priority key, duplicated before the keys typed ahead of it: both copies lost them.
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        await select_exercise(pilot, app, 0)
        field = screen.query_one("#field-seconds", Input)
        field.focus()
        await pilot.pause()
        press_at_once(app, "4", "5", "ctrl+d")  # focus selects the 30: typed over
        await settled(pilot, lambda: editor_state(screen))
        assert [e["seconds"] for e in screen.draft.exercises[:3]] == [45, 45, 30]
        assert screen.selected == 1


async def test_a_kind_chosen_just_before_ctrl_d_is_kept_and_copied(app_paths: AppPaths) -> None:
    # The choice's message came after Ctrl+D had copied the exercise and taken its form
    # down: the copy had the old kind, and the choice was dropped.
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        await select_exercise(pilot, app, 1)
        screen.query_one("#field-kind", Select).value = "reps"  # as the choices' Enter does
        press_at_once(app, "ctrl+d")
        await settled(pilot, lambda: editor_state(screen))
        names = [e["name"] for e in screen.draft.exercises]
        assert names[1:3] == ["Side plank", "Side plank"]
        assert [e["kind"] for e in screen.draft.exercises[1:3]] == ["reps", "reps"]
        assert screen.query_one("#field-kind", Select).value == "reps", "the copy's form"
        assert screen.query("#field-reps"), "a reps form: it asks for reps"


async def test_a_box_ticked_just_before_escape_asks_before_leaving(app_paths: AppPaths) -> None:
    # The tick's message came after Escape had found nothing changed: the editor
    # closed without asking, and the tick was lost.
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        await select_exercise(pilot, app, 0)
        screen.query_one("#field-per_side", Checkbox).focus()
        await pilot.pause()
        press_at_once(app, "space", "escape")
        await settled(pilot, lambda: app.screen)
        assert isinstance(app.screen, ConfirmScreen), "asked before the tick is lost"


async def test_phases_that_do_not_read_stay_with_their_exercise_as_the_list_changes(
    app_paths: AppPaths,
) -> None:
    # An exercise added above cleared every such problem: Ctrl+S then saved the old
    # tempo as if nothing had been typed, and the typed phases were gone.
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 5)  # the hip raise: up 1, hold 5, down 1
        await type_into(pilot, app, "tempo_phases", "up 1, hold five")
        await select_exercise(pilot, app, 0)
        await pilot.press("ctrl+n", "ctrl+s")  # one above it, then save
        await pilot.pause()
        assert app.screen is screen, "not saved"
        assert screen.selected == 6, "the hip raise, now seventh, is shown"
        assert screen.query_one("#field-tempo_phases", Input).value == "up 1, hold five"
        assert "like 'up 1, hold 5, down 1'" in error_at(app, "tempo_phases")
        await type_into(pilot, app, "tempo_phases", "up 2, hold 5, down 2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    routine = load_routine_file(app_paths.routines_dir / "core-six-copy.toml")
    assert isinstance(routine, Routine)
    assert [p.seconds for p in routine.exercises[6].tempo] == [2, 5, 2]  # type: ignore[union-attr]


async def test_hold_chosen_in_the_list_and_ctrl_s_at_once_saves_a_hold(
    app_paths: AppPaths,
) -> None:
    # Enter in the open list chooses two messages later: Ctrl+S right after it saved
    # the old kind. A hold has no tempo, and its figure one pose (the form has no field
    # for either, so neither may be left to refuse the save).
    app = make_app(app_paths, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await copy_core_six(pilot, app)
        await select_exercise(pilot, app, 5)  # the hip raise: reps, phases, 2 poses
        screen.query_one("#field-kind", Select).focus()
        await pilot.press("enter")  # the list opens on "reps"
        press_at_once(app, "up", "enter", "ctrl+s")
        await settled(pilot, lambda: app.screen)
        assert isinstance(app.screen, PickerScreen), "saved"
    routine = load_routine_file(app_paths.routines_dir / "core-six-copy.toml")
    assert isinstance(routine, Routine)
    hip_raise = routine.exercises[5]
    assert hip_raise.kind == "hold" and hip_raise.seconds == 30
    assert hip_raise.figure is not None and len(hip_raise.figure.keyframes) == 1


async def test_a_kind_taken_by_delete_answered_no_shows_its_form(app_paths: AppPaths) -> None:
    # Delete took the choice first, but its question left the old kind's form up:
    # Seconds on a reps exercise, whose every value was then refused.
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        await select_exercise(pilot, app, 1)
        screen.query_one("#field-kind", Select).value = "reps"
        press_at_once(app, "x")  # the list has the focus
        await settled(pilot, lambda: app.screen)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no
        await settled(pilot, lambda: editor_state(screen))
        assert screen.draft.exercises[1]["kind"] == "reps"
        assert screen.query("#field-reps") and not screen.query("#field-seconds")


async def test_keys_typed_at_once_after_a_command_go_to_what_it_shows(
    app_paths: AppPaths,
) -> None:
    # Ctrl+D, then "45", in one write (a quick hand, a slow link): the command was acted
    # on after the field had taken the 45, so the plank got it, and the copy with it;
    # "Bi" after Ctrl+N went into the exercise before the new one.
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        await in_field(pilot, app, 0, "seconds")
        press_at_once(app, "ctrl+d", "4", "5")
        await settled(pilot, lambda: [dict(e) for e in screen.draft.exercises])
        assert [e["seconds"] for e in screen.draft.exercises[:3]] == [30, 45, 30]
        press_at_once(app, "ctrl+n", "B", "i")
        await settled(pilot, lambda: [dict(e) for e in screen.draft.exercises])
        names = [(e["name"], e.get("seconds")) for e in screen.draft.exercises[:4]]
        assert names == [("Plank", 30), ("Plank", 45), ("Bi", 30), ("Side plank", 30)]
        screen.query_one("#editor-list").focus()  # on the list: "a", then a name, at once
        await pilot.pause()
        press_at_once(app, "a", "D", "o")
        await settled(pilot, lambda: [dict(e) for e in screen.draft.exercises])
        assert [e["name"] for e in screen.draft.exercises[2:5]] == ["Bi", "Do", "Side plank"]


async def test_a_box_ticked_at_once_after_typing_in_the_field_before_it_stays_ticked(
    app_paths: AppPaths,
) -> None:
    # "10" in Set rest, then Tab, Space, Tab at once: "Each side" stayed "no: done once".
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        await in_field(pilot, app, 0, "rest_s")
        press_at_once(app, "1", "0", "tab", "space", "tab")
        await settled(pilot, lambda: editor_state(screen))
        plank = screen.draft.exercises[0]
        assert (plank.get("rest_s"), plank.get("per_side")) == (10, True)
        assert screen.query_one("#field-per_side", Checkbox).value


async def test_a_command_key_a_moment_after_a_question_opened_is_not_run_under_it(
    app_paths: AppPaths,
) -> None:
    # Escape (the "unsaved changes" question) and Ctrl+N at once, typing in the
    # routine's fields: Ctrl+N ran under the question. In a field only the routine has
    # (Description) its new form then waited on the very field running it, and no key
    # worked again until coretui was killed; typed in Name (a field both forms have,
    # so nothing waits) it adds an exercise unseen under the question.
    app = five_app(app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await edit_five(pilot, app)
        await in_field(pilot, app, -1, "name")
        await pilot.press("a", "b", "c")
        press_at_once(app, "escape", "ctrl+n")
        await settled(pilot, lambda: (app.screen, len(screen.draft.exercises)))
        assert isinstance(app.screen, ConfirmScreen)
        assert len(screen.draft.exercises) == 5, "nothing done under the question"
        await pilot.press("escape")  # stay in the editor
        await settled(pilot, lambda: app.screen)
        assert app.screen is screen
        await pilot.press("ctrl+n")  # the editor answers its keys again
        await settled(pilot, lambda: len(screen.draft.exercises))
        assert len(screen.draft.exercises) == 6

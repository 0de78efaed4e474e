"""Helpers of the editor's tests: routines to edit, typing as a person does, and
keys sent as a quick hand sends them."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widgets import Input

from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from coretui.tui.screens.editor import EditorScreen
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.widgets.exercise_list import ExerciseList
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, write_routine

MINE = """\
id = "mine"
name = "Mine"

[[exercises]]
kind = "hold"
name = "Plank"
seconds = 30
"""


async def add_and_save(pilot, app: CoreApp, exercise: str) -> None:  # type: ignore[no-untyped-def]
    """Add an exercise of that name (a plank's numbers) and save: the list is back."""
    await pilot.press("ctrl+n")
    await pilot.pause()
    await type_into(pilot, app, "name", exercise)
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, PickerScreen)


async def type_into(pilot, app: CoreApp, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Clear a field and type into it, key by key, as a person would.

    A long text is pasted, as a person would too, all but its last character: 2,000
    key presses, each checked by the routine model, would take minutes.
    """
    field = app.screen.query_one(f"#field-{key}", Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    if len(text) > 40:
        field.insert_text_at_cursor(text[:-1])
        await pilot.pause()
        text = text[-1]
    await pilot.press(*text)
    await pilot.pause()


async def select_exercise(pilot, app: CoreApp, index: int) -> None:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    screen.query_one("#editor-list").focus()
    screen.query_one("#editor-list").highlighted = index + 1  # type: ignore[attr-defined]
    await pilot.pause()
    await pilot.pause()


async def in_field(pilot, app: CoreApp, index: int, key: str) -> None:  # type: ignore[no-untyped-def]
    """Exercise `index`'s form shown, its field `key` focused (what is typed goes there)."""
    await select_exercise(pilot, app, index)
    app.screen.query_one(f"#field-{key}").focus()
    await pilot.pause()


def error_at(app: CoreApp, key: str) -> str:
    return str(app.screen.query_one(f"#error-{key}").render())


FIVE = MINE + "".join(
    f'\n[[exercises]]\nkind = "hold"\nname = "{name}"\nseconds = 30\n'
    for name in ("Side plank", "Bird dog", "Dead bug", "Superman")
)


async def settled(pilot, state) -> None:  # type: ignore[no-untyped-def]
    """Wait until `state()` stays the same over a few pauses: keys sent at once take
    their time through the app, and the form is built again after each."""
    last, same = None, 0
    for _ in range(100):
        await asyncio.wait_for(pilot.pause(0.1), timeout=20)
        now = state()
        same, last = (same + 1 if now == last else 0), now
        if same == 3:
            return
    raise AssertionError(f"still changing: {last}")


def editor_state(screen: EditorScreen) -> tuple[object, ...]:
    """The exercises' order, the one picked, the list's highlight and the name shown."""
    names = [e.get("name") for e in screen.draft.exercises]
    shown = screen.query("#field-name").results(Input)
    highlight = screen.query_one("#editor-list", ExerciseList).highlighted
    return (names, screen.selected, highlight, [field.value for field in shown])


def press_at_once(app: CoreApp, *keys: str) -> None:
    """Keys as a quick hand sends them: all posted before any is handled.

    (`pilot.press` waits for the app to be idle after each key, which hides a race.)
    """
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def five_app(app_paths: AppPaths) -> CoreApp:
    write_routine(app_paths, "mine.toml", FIVE)
    return make_app(app_paths, FakeClock())


async def edit_five(pilot, app: CoreApp) -> EditorScreen:  # type: ignore[no-untyped-def]
    """The editor on a user routine of five exercises, the list focused on its routine."""
    return await open_editor(pilot, app, "mine")


async def new_routine(pilot, app: CoreApp) -> EditorScreen:  # type: ignore[no-untyped-def]
    """The editor on a new routine: `a` on the routine list."""
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, EditorScreen)
    return editor


async def open_editor(pilot, app: CoreApp, routine_id: str) -> EditorScreen:  # type: ignore[no-untyped-def]
    """The editor on a user routine, from the routine list."""
    await pilot.pause()
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    picker.edit_routine(routine_id)
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, EditorScreen)
    return editor


async def copy_core_six(pilot, app: CoreApp) -> EditorScreen:  # type: ignore[no-untyped-def]
    """The editor on a copy of Core six: C on the routine list, where it is first."""
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, EditorScreen)
    return editor

"""User text is text: markup and escape sequences in a routine show literally."""

from __future__ import annotations

from textual.widgets import Input, OptionList
from textual.widgets.input import Selection

from coretui.paths import AppPaths
from coretui.tui.screens.summary import SummaryScreen
from coretui.tui.screens.workout import WorkoutScreen
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, walk, write_routine

NAME = "[bold red]x[/] [/] [0]"
CUE = "[/] [0] \x1b[31mred"
TOML_CUE = CUE.replace("\x1b", "\\u001b")
ROUTINE = f"""
id = "markup"
name = {NAME!r}
description = "[link=x]y[/link]"
lead_in_s = 0
[[exercises]]
kind = "hold"
name = "[b]hold[/b]"
seconds = 5
cue = "{TOML_CUE}"
"""


def screen_text(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return "\n".join(
        str(widget.render()) for widget in app.screen.query("*") if hasattr(widget, "render")
    )


async def test_markup_and_escapes_show_literally_everywhere(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    write_routine(app_paths, "markup.toml", ROUTINE)
    app = make_app(app_paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.trainer.library.errors
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(NAME in prompt for prompt in prompts)
        while app.screen.selected is None or app.screen.selected.routine.id != "markup":  # type: ignore[attr-defined]
            await pilot.press("down")
        assert "[link=x]y[/link]" in screen_text(app)

        await pilot.press("enter")
        assert isinstance(app.screen, WorkoutScreen)
        shown = screen_text(app)
        assert NAME in shown
        assert "[b]hold[/b]" in shown
        assert "\\x1b[31mred" in shown  # the escape is written out, never sent to the terminal
        assert "\x1b" not in shown

        await walk(pilot, app, clock, 6)
        assert isinstance(app.screen, SummaryScreen)
        shown = screen_text(app)
        assert NAME in shown
        table = app.screen.query_one("#steps")
        assert "[b]hold[/b]" in str(table.get_row_at(0)[0])  # type: ignore[attr-defined]


ESCAPES = """
id = "esc"
name = "a [/] b [/bold]"
lead_in_s = 0
[[exercises]]
kind = "hold"
name = "Plank"
seconds = 60
[exercises.easier]
name = "Easy \\u001b]0;TITLE\\u0007 [/]"
[[exercises]]
kind = "reps"
name = "R"
reps = 3
tempo = [{ name = "up \\u001b]0;TITLE\\u0007 [/]", seconds = 1 }, { name = "down", seconds = 1 }]
"""


async def test_a_name_is_text_in_the_palette_the_hurt_dialog_and_the_detail_pane(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The palette read "a [/] b [/bold]" as markup and crashed (Ctrl+P, even in a
    # workout); an easier variant's name and a phase name reached the terminal raw.
    from textual.command import CommandPalette

    from coretui.workout.routine_summary import exercise_line

    write_routine(app_paths, "esc.toml", ESCAPES)
    app = make_app(app_paths, clock, "esc")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"start")
        await app.workers.wait_for_complete()  # the palette searches in a worker
        await pilot.pause()
        prompts = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert "Start routine: a [/] b [/bold]\nBegin it now: 2 exercises" in prompts
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        await pilot.press("x")
        await pilot.pause()
        shown = screen_text(app)
        assert "Switch to Easy \\x1b]0;TITLE\\x07 [/] (e)" in shown and "\x1b" not in shown
    routine = app.trainer.library.get("esc")
    assert routine is not None
    assert "\x1b" not in exercise_line(routine.routine.exercises[1])


async def test_escapes_in_the_editors_fields_never_reach_the_terminal(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The editor shows the file's own text in its fields, where an escape sequence (a
    # routine from anywhere) would be drawn as it is: it is drawn as ␛ instead, and the
    # value, which is what a save writes, stays the file's.
    from tests.ui.editor_helpers import open_editor, select_exercise

    write_routine(app_paths, "markup.toml", ROUTINE)
    app = make_app(app_paths, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, app, "markup")
        await select_exercise(pilot, app, 0)
        cue = editor.query_one("#field-cue", Input)
        assert cue.value == CUE
        drawn = cue.render_line(0).text
        assert "\x1b" not in drawn
        assert "␛[31mred" in drawn


async def test_a_note_with_an_escape_is_drawn_as_text_on_the_summary(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    write_routine(app_paths, "markup.toml", ROUTINE)
    app = make_app(app_paths, clock, "markup")
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, app, clock, 6)
        assert isinstance(app.screen, SummaryScreen)
        note = app.screen.query_one("#note", Input)
        note.value = "ok \x1b]0;owned\x07 then"  # pasted, or read back from a history line
        await pilot.pause()
        drawn = note.render_line(0).text
        assert "\x1b" not in drawn and "\x07" not in drawn
        assert "ok ␛]0;owned␇ then" in drawn


async def test_a_field_with_escapes_keeps_its_cursor_on_what_is_typed() -> None:
    # Each stand-in takes a cell where the raw ESC took none: measured on the raw value,
    # End and typing scrolled too little, and what was typed was out of sight.
    from textual.app import App, ComposeResult

    from coretui.tui.widgets.safe_input import SafeInput

    class OneField(App[None]):
        def compose(self) -> ComposeResult:
            yield SafeInput("".join(f"w{i}\x1b" for i in range(20)) + "END\x07")

    app = OneField()
    async with app.run_test(size=(30, 5)) as pilot:
        field = app.query_one(SafeInput)
        field.focus()
        await pilot.press("end", "X", "Y", "Z")
        assert field.value.endswith("END\x07XYZ")
        drawn = field.render_line(0).text
        assert "END␇XYZ" in drawn, drawn
        await pilot.press("home")
        assert field.render_line(0).text.startswith("w0␛w1␛")


async def test_a_paste_goes_in_once_and_lines_or_too_much_are_kept_and_said() -> None:
    # A cue pasted from a page ("Lie on your side.\nStack hips...") kept its first line
    # alone, and a paste longer than the field takes was refused whole, both unsaid.
    from textual import events
    from textual.app import App, ComposeResult

    from coretui.tui.widgets.safe_input import SafeInput

    class Fields(App[None]):
        def compose(self) -> ComposeResult:
            yield SafeInput("Cue: ", id="cue", max_length=60)
            yield SafeInput("hello", id="free")
            yield SafeInput(id="pain", restrict=r"\d{0,2}", max_length=2)

    app = Fields()
    async with app.run_test(size=(80, 10)) as pilot:

        async def paste(field: SafeInput, text: str, at: Selection | None = None) -> str:
            field.focus()
            await pilot.pause()
            field.selection = at or Selection.cursor(len(field.value))
            field.post_message(events.Paste(text))
            await pilot.pause()
            return field.value

        cue, free, pain = app.query(SafeInput).results(SafeInput)
        said = await paste(cue, "Lie on your side.\r\n  Stack hips\tand knees.\n\n")
        assert said == "Cue: Lie on your side. Stack hips and knees."
        assert await paste(free, " world") == "hello world"  # once, and as pasted
        # "world", selected leftwards, is what a paste replaces
        assert await paste(free, "there", Selection(11, 6)) == "hello there"
        # A terminal's colours copied with the text, a bell: left out, never kept to
        # be shown as "␛[1m" in a note or a cue from then on.
        free.value = ""
        pasted = "\x1b[1mBack\x1b[0m ached\x07 \x1b]0;title\x07less\x7f"
        assert await paste(free, pasted) == "Back ached less"
        assert await paste(pain, "7") == "7"
        assert not app._notifications
        assert await paste(pain, "hello") == "7", "refused by the field: nothing said"
        assert not app._notifications
        assert await paste(cue, "x" * 100) == said + "x" * 16
        [told] = app._notifications
        assert "60 characters" in told.message

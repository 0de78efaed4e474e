"""Command palette entries (Ctrl+P): start any routine, and the app's main actions."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from operator import attrgetter
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol

from textual.app import SystemCommand
from textual.markup import escape
from textual.screen import Screen

from coretui.textsafe import printable
from coretui.tui.screens.picker import PickerScreen
from coretui.wording import counted

if TYPE_CHECKING:
    from coretui.services.trainer import Trainer
    from coretui.workout.routines import Routine


class PaletteHost(Protocol):
    """What the palette's commands call: the app, without importing it."""

    trainer: Trainer

    def start_workout(self, routine: Routine) -> None: ...
    def action_history(self) -> None: ...
    def action_toggle_sound(self) -> None: ...
    def action_toggle_voice(self) -> None: ...
    def action_settings(self) -> None: ...
    def action_help(self, tab: str = "keys") -> None: ...


TEXTUAL_LEFT_OUT = ("Keys", "Screenshot")
"""Textual's palette commands coretui leaves out: its Keys (its widgets' keys, not
coretui's, in a panel Esc does not close; coretui's own Keys opens the help) and its
Screenshot (saved to a Downloads folder, or "Failed" where there is none)."""


def palette_commands(
    app: PaletteHost, screen: Screen[object], textual: Iterable[SystemCommand]
) -> Iterable[SystemCommand]:
    """coretui's commands, then Textual's (theme, quit...) but `TEXTUAL_LEFT_OUT`."""
    yield from coretui_commands(app, screen)
    yield from (command for command in textual if command.title not in TEXTUAL_LEFT_OUT)


def coretui_commands(app: PaletteHost, screen: Screen[object]) -> Iterable[SystemCommand]:
    """One "Start routine" per routine, on the routine list one "Mend routine file" per
    file that did not load, then history, sound, voice, settings, about."""
    for loaded in app.trainer.library.routines:
        # The palette reads its titles as markup: a name is escaped to stay text.
        name = escape(printable(loaded.routine.name, single_line=True))
        yield SystemCommand(
            f"Start routine: {name}",
            f"Begin it now: {counted(len(loaded.routine.exercises), 'exercise')}",
            partial(app.start_workout, loaded.routine),
        )
    if isinstance(screen, PickerScreen) and screen.routines_dir is not None:
        from coretui.workout.routine_mend import mendable  # (the files were validated)

        taken = tuple(loaded.routine.id for loaded in app.trainer.library.routines)
        for file in dict.fromkeys(error.file for error in screen.errors):
            if not mendable(file, taken):
                continue  # not TOML (or JSON), or no form can hold it: mended by hand
            name = escape(printable(PurePath(file).name, single_line=True))
            yield SystemCommand(
                f"Mend routine file: {name}",
                "Open it in the editor, which shows each problem beside its field",
                partial(screen.edit_routine, PurePath(file).stem),
            )
    if isinstance(screen, PickerScreen):  # (the progress accepted on the summary)
        for card in filter(attrgetter("has_progress"), app.trainer.cards):
            name = printable(card.name, single_line=True)
            told = "; ".join(app.trainer.overlays.told(card.id))  # (none: a slip by hand)
            run_as = f"Run it as its file has it: {told}" if told else "Run it as its file has it"
            yield SystemCommand(
                f"Undo my changes: {escape(name)}",
                escape(printable(run_as, single_line=True)),
                partial(undo_changes, screen, app.trainer, card.id, name),
            )
    from coretui.tui.screens.editor import EditorScreen  # (open now, or soon: on use)

    if isinstance(screen, EditorScreen) and screen.said:  # a file set right as it opened
        told = "What the editor set right as the file opened, said again"
        yield SystemCommand("Show what was set right", told, screen.action_said)
    for title, help_text, callback in (
        ("Show history", "Heatmap, streaks and every session", app.action_history),
        ("Toggle sound", "Tones at 3-2-1 and each change", app.action_toggle_sound),
        ("Toggle voice", "Spoken cues, when a speech command exists", app.action_toggle_voice),
        ("Settings", "Get ready, rests, sound, weekly goal, theme, equipment", app.action_settings),
        ("Keys", "Every key of coretui, screen by screen", app.action_help),
        (
            "About back pain",
            "Three kinds of low back pain, and when to see someone",
            partial(app.action_help, "about"),
        ),
    ):
        yield SystemCommand(title, help_text, callback)


def undo_changes(screen: PickerScreen, trainer: Trainer, routine_id: str, name: str) -> None:
    """Ask, then undo the changes the user accepted for a routine (its list updates)."""
    from coretui.services.progress import forget_changes
    from coretui.tui.screens.confirm import ConfirmScreen

    def answered(yes: bool | None) -> None:
        if yes:
            message, error = forget_changes(trainer, routine_id, name)
            screen.notify(message, severity="error" if error else "information", markup=False)
            screen.refresh_routines()

    told = trainer.overlays.told(routine_id)
    question = f"Undo the changes you accepted for {name}?"
    goes = "it goes" if len(told) == 1 else "each goes"
    back = f"{goes} back to what the routine's file has."
    detail = f"{'; '.join(told)}: {back}" if told else "It will run as its file has it."
    screen.app.push_screen(ConfirmScreen(question, detail, yes="Undo", no="Keep"), answered)

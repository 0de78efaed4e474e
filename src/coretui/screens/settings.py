"""Settings: lead-in, rests, sound and voice, weekly goal, theme, and the equipment at hand.

Every valid change is saved at once (atomically); an invalid one is named in the
status line and not saved, so the file never holds a value the app would reject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Switch

from coretui.textsafe import printable

if TYPE_CHECKING:
    from coretui.app import CoreApp

NUMBER_FIELDS = {
    "lead_in_s": ("Get ready (seconds)", "each routine's own"),
    "rest_between_sets_s": ("Rest between sets (seconds)", "each routine's own"),
    "rest_between_exercises_s": ("Rest between exercises (seconds)", "each routine's own"),
    "weekly_goal": ("Weekly goal (days a week)", "3"),
    "volume": ("Volume (0-100)", "80"),
    "speech_rate": ("Speech rate (words a minute)", "175"),
}
REQUIRED_NUMBERS = {"weekly_goal", "volume", "speech_rate"}
"""Blank while typing means "wait for the number", not "back to the default"."""


class SettingsScreen(Screen[None]):
    """Edit and save the user's settings."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]

    def __init__(self, equipment: list[str]) -> None:
        super().__init__()
        self.equipment = equipment

    @property
    def core_app(self) -> CoreApp:
        """The app, typed."""
        from coretui.app import CoreApp

        assert isinstance(self.app, CoreApp)
        return self.app

    def compose(self) -> ComposeResult:
        settings = self.core_app.trainer.settings
        with Horizontal(id="settings-bar"):
            yield Label("Settings", id="app-title")
            yield Label("saved as you go · Esc to go back", id="settings-hint")
        with VerticalScroll(id="settings-form"):
            for key, (label, placeholder) in NUMBER_FIELDS.items():
                value = getattr(settings, key)
                with Horizontal(classes="setting"):
                    yield Label(label, classes="setting-label")
                    yield Input(
                        "" if value is None else str(value),
                        placeholder=placeholder,
                        id=key,
                        restrict=r"\d{0,4}",
                        classes="setting-number",
                    )
            switches = (
                ("sound", "Tones at 3-2-1 and each change"),
                ("tempo_sounds", "Tones for each tempo phase"),
                ("voice", "Spoken guidance"),
            )
            for key, label in switches:
                with Horizontal(classes="setting"):
                    yield Label(label, classes="setting-label")
                    yield Switch(getattr(settings, key), id=key)
            with Horizontal(classes="setting"):
                yield Button("Test sound", id="test-sound", compact=True)
                yield Label(self._sound_line(), id="sound-device", markup=False)
            with Horizontal(classes="setting"):
                yield Label("Theme", classes="setting-label")
                themes = sorted(self.app.available_themes)
                yield Select(
                    [(name, name) for name in themes],
                    value=self.app.theme,
                    id="theme",
                    allow_blank=False,
                )
            yield Label("Equipment I have (routines swap in variants that fit):")
            owned = settings.equipment
            yield SelectionList[str](
                *(
                    (printable(tag, single_line=True), tag, owned is None or tag in owned)
                    for tag in self.equipment
                ),
                id="equipment",
            )
        yield Label(id="settings-status")
        yield Footer()

    def _update(self, key: str, value: Any) -> None:
        try:
            changed = self.core_app.trainer.change_setting(key, value)
        except ValidationError as exc:
            message = exc.errors(include_url=False)[0]["msg"]
            self._status(f"{key}: {message}; not saved", error=True)
        except OSError as exc:
            self._status(f"Could not save settings: {exc.strerror or exc}", error=True)
        else:
            if changed:
                self._status("Saved.")

    def _status(self, text: str, *, error: bool = False) -> None:
        label = self.query_one("#settings-status", Label)
        label.update(Content(printable(text, single_line=True)))
        label.set_class(error, "-error")

    @on(Input.Changed, ".setting-number")
    def _number(self, event: Input.Changed) -> None:
        key = event.input.id or ""
        text = event.value.strip()
        if not text and key in REQUIRED_NUMBERS:
            return  # blank while typing: wait for the number
        self._update(key, int(text) if text else None)

    def _sound_line(self) -> str:
        output = self.core_app.sound_output
        problem = output.problem if output is not None else None
        return problem.lower() if problem else ""

    @on(Button.Pressed, "#test-sound")
    def _test_sound(self) -> None:
        line = self.core_app.test_sound()
        self.query_one("#sound-device", Label).update(Content(printable(line, single_line=True)))

    @on(Switch.Changed)
    def _switch(self, event: Switch.Changed) -> None:
        self._update(event.switch.id or "", event.value)

    @on(Select.Changed, "#theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value  # the app saves it (watch_theme)

    @on(SelectionList.SelectedChanged, "#equipment")
    def _equipment(self, event: SelectionList.SelectedChanged[str]) -> None:
        selected = list(event.selection_list.selected)
        if self.core_app.trainer.settings.equipment is None and set(selected) == set(
            self.equipment
        ):
            return  # still "everything": keep the setting unset
        self._update("equipment", selected)

    def action_close(self) -> None:
        self.dismiss()

"""Settings: lead-in, rests, sound and voice, weekly goal, theme, and the equipment at hand.

Every valid change is saved at once (atomically); an invalid one is named in the
status line and not saved, so the file never holds a value the app would reject.
A number is saved once it is complete (Enter, leaving the box, or the screen),
never part-typed: on the way to 9999, 999 is not a value the user chose.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Select, SelectionList, Switch
from textual.worker import get_current_worker

from coretui.plain_errors import plain_errors
from coretui.problem_words import message_after
from coretui.settings import Settings, copy_words, not_saved
from coretui.textsafe import printable
from coretui.tui.screens import screen_css
from coretui.tui.widgets.key_footer import KeyFooter
from coretui.tui.widgets.safe_input import FOCUS_KEYS, SafeInput
from coretui.tui.widgets.scrolling_form import ScrollingForm
from coretui.tui.widgets.tick_list import TickList
from coretui.wording import equipment_words

if TYPE_CHECKING:
    from coretui.services.trainer import Trainer

NUMBER_FIELDS = {  # key: (label, placeholder)
    "lead_in_s": ("Get ready (seconds)", "each routine's own"),
    "rest_between_sets_s": ("Rest between sets (seconds)", "each routine's own"),
    "rest_between_exercises_s": ("Rest between exercises (seconds)", "each routine's own"),
    # Those with no "empty" say what they need: a dim "80" read as the volume set.
    "weekly_goal": ("Weekly goal (days a week)", "a number, 1 to 7"),
    "volume": ("Volume (0-100)", "a number, 0 to 100"),
    "speech_rate": ("Speech rate (words a minute)", "a number, 80 to 400"),
}
SWITCHES = {  # key: label
    "sound": "Tones at 3-2-1 and each change",
    "tempo_sounds": "Tones for each tempo phase",
    "voice": "Spoken guidance",
    "ask_pain_before": "Ask back pain before",
}
FOLLOW_S = 0.5
"""How soon the open screen shows a setting changed elsewhere (the palette's Toggle sound)."""
OPEN_WAIT_S = 5.0
"""How long "Test sound" waits for a device still opening (it opens in a second or so)."""
REQUIRED_NUMBERS = {"weekly_goal": "days", "volume": "percent", "speech_rate": "words a minute"}
"""Settings that have no "empty": a blank box is not saved (the default is a number)."""
HELP = Binding("question_mark", "app.help", "Help", key_display="?")
"""In the footer: the boxes here take numbers only, and leave `?` to it."""


def setting_name(key: str) -> str:
    """A setting's name as the screen labels it: "Rest between exercises"."""
    label = NUMBER_FIELDS[key][0] if key in NUMBER_FIELDS else key.replace("_", " ").capitalize()
    return label.split(" (")[0]


def number_value(text: str) -> int | None:
    """The number in a box; None when it is empty (ValueError: not a number, "-")."""
    text = text.strip()
    return int(text) if text else None


def plain_error(exc: ValidationError) -> str:
    """The settings model's first complaint, in the plain words every screen uses."""
    for path, message in plain_errors(exc, Settings):
        # The screen names the setting by its label: "Get ready: must be at most 300".
        return message_after(path, message)
    return "not accepted"


def number_problem(key: str, text: str) -> str | None:
    """Why the settings would refuse this box's text, or None when it would be saved."""
    try:
        value = number_value(text)
    except ValueError:
        return f"must be a whole number, got {text.strip()!r}"
    if value is None and key in REQUIRED_NUMBERS:
        limits = {type(m).__name__: m for m in Settings.model_fields[key].metadata}
        low, high = getattr(limits["Ge"], "ge", 0), getattr(limits["Le"], "le", 0)
        return f"a number of {REQUIRED_NUMBERS[key]} from {low} to {high}"
    try:
        Settings.model_validate({key: value})
    except ValidationError as exc:
        return plain_error(exc)
    return None


class NumberSetting(Validator):
    """Checks a number box against the settings model, so the box shows a bad value."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def validate(self, value: str) -> ValidationResult:
        """A failure naming the problem, or a success."""
        problem = number_problem(self.key, value)
        return self.success() if problem is None else self.failure(problem)


class SoundCheck(Protocol):
    """The run's sound, as the settings screen reports and tests it."""

    def problem(self) -> str | None:
        """Why in-process sound cannot play (None when it can, or is not open yet)."""

    def opening(self) -> threading.Event | None:
        """Set once the sound device has opened or failed to; None when that is known."""

    def test_sound(self) -> str:
        """Play every sound once; return what to show about it."""

    def stop_test(self) -> None:
        """Stop the test's sounds still to come."""

    def settings_changed(self, key: str) -> None:
        """Setting `key` was saved: a workout in progress takes its sounds from them."""


def on_off(value: bool) -> str:
    return "on" if value else "off"


class SettingsScreen(Screen[None]):
    """Edit and save the user's settings."""

    DEFAULT_CSS = screen_css("settings.tcss")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (64, "-wide")]  # noqa: RUF012 (as Screen declares it)

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back"), *FOCUS_KEYS, HELP]
    AUTO_FOCUS = "#settings-form Input"
    """The first setting takes what is typed at once (not the scrolling form around it)."""

    def __init__(
        self,
        trainer: Trainer,
        *,
        sound: SoundCheck,
    ) -> None:
        super().__init__()
        self.trainer = trainer
        self.equipment = trainer.library.equipment_tags()
        self.sound = sound
        self._test_waits = False
        """"Test sound" waits for the sound device to open."""
        self._leave_anyway = False  # Esc again leaves with an invalid number unsaved
        self._shown: dict[str, str] = {}
        """Each number box's text as shown or last saved: a box left as it was saves
        nothing (another window's change since is not undone by Esc or Tab)."""

    def compose(self) -> ComposeResult:
        settings = self.trainer.settings
        with Horizontal(id="settings-bar"):
            yield Label("Settings", id="app-title")
            yield Label("saved as you go · Esc to go back", id="settings-hint")
        with ScrollingForm(id="settings-form"):
            for key, (label, placeholder) in NUMBER_FIELDS.items():
                value = getattr(settings, key)
                self._shown[key] = "" if value is None else str(value)
                with Horizontal(classes="setting"):
                    yield Label(label, classes="setting-label")
                    yield SafeInput(
                        self._shown[key],
                        placeholder=placeholder,
                        id=key,
                        # Anything but `?` (the help) is let in, to be refused in words,
                        # not dropped unseen: "-3" was saved as 3, "5.0" as 50.
                        restrict=r"[^?\s]{0,6}",
                        validators=[NumberSetting(key)],
                        classes="setting-number",
                    )
            for key, label in SWITCHES.items():
                with Horizontal(classes="setting"):
                    yield Label(label, classes="setting-label")
                    yield Switch(getattr(settings, key), id=key)
                    # In words too: a high-contrast theme's switch shows on and off by
                    # colour alone.
                    yield Label(
                        on_off(getattr(settings, key)), id=f"{key}-state", classes="switch-state"
                    )
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
            yield TickList(
                *(
                    (
                        printable(equipment_words([tag]), single_line=True),
                        tag,
                        owned is None or tag in owned,
                    )
                    for tag in self.equipment
                ),
                id="equipment",
            )
        yield Label(id="settings-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._values: dict[str, Any] = self.trainer.settings_values
        self.set_interval(FOLLOW_S, self.follow_settings)

    def follow_settings(self) -> None:
        """Show the settings changed while this screen is open but not by it (the
        palette's Toggle sound or theme, over it): it went on showing the old ones. A
        number being typed is left as it is."""
        values = self.trainer.settings_values
        if values is self._values:
            return
        self._values = values
        with self.prevent(Switch.Changed, Select.Changed, SelectionList.SelectedChanged):
            for key in SWITCHES:
                self.query_one(f"#{key}", Switch).value = values[key]
                self.query_one(f"#{key}-state", Label).update(on_off(values[key]))
            self.query_one("#theme", Select).value = self.app.theme
            for key in NUMBER_FIELDS:
                box, value = self.query_one(f"#{key}", Input), values[key]
                text = "" if value is None else str(value)
                if box is not self.focused and box.value == self._shown[key] != text:
                    box.value = self._shown[key] = text
            owned, shown = values["equipment"], self.query_one("#equipment", SelectionList)
            for tag in self.equipment:
                (shown.select if owned is None or tag in owned else shown.deselect)(tag)

    def _update(self, key: str, value: Any) -> bool:
        """Save one setting; False (and the reason shown) when it was not saved."""
        try:
            changed = self.trainer.change_setting(key, value)
        except ValidationError as exc:
            self._status(f"{setting_name(key)}: {plain_error(exc)}; not saved", error=True)
            return False
        except OSError as exc:
            self._status(f"Could not save {not_saved(self.trainer.settings_file, exc)}", error=True)
            return False
        if changed:
            copy = self.trainer.settings_copy
            self._status(f"Saved. {copy_words(copy)}" if copy else "Saved.")
            self.sound.settings_changed(key)  # (over a workout, from the palette)
        return True

    def _status(self, text: str, *, error: bool = False) -> None:
        label = self.query_one("#settings-status", Label)
        label.update(Content(printable(text, single_line=True)))
        label.set_class(error, "-error")

    @on(Input.Changed, ".setting-number")
    def _number_typed(self) -> None:
        # Saving waits for the number to be complete; the box flags a bad one as typed.
        self._leave_anyway = False

    @on(Input.Submitted, ".setting-number")
    @on(Input.Blurred, ".setting-number")
    def _number_done(self, event: Input.Submitted | Input.Blurred) -> None:
        box = event.input
        # Not while taken down; nor while the terminal is in another window, or back from
        # it already (the focus, unlike this message, follows at once): typed on when back.
        back = isinstance(event, Input.Blurred) and self.focused is box
        if not self.is_current or not self.app.app_focus or back:
            return
        if self._save_number(box) or isinstance(event, Input.Submitted):
            return
        # Left (Tab, a click) with its number refused, the box went on showing it, as if
        # saved: it shows the number in use again, and the status line says so.
        key, refused = box.id or "", box.value
        with box.prevent(Input.Changed):
            box.value = self._shown.get(key, "")
        if (problem := number_problem(key, refused)) is not None:
            kept = f"{box.value or NUMBER_FIELDS[key][1]} kept"  # (blank: each routine's own)
            self._status(f"{setting_name(key)}: {problem}; not saved, {kept}", error=True)

    def _save_number(self, box: Input) -> bool:
        """Save a number box's value when it is valid; False when it is not."""
        key = box.id or ""
        if box.value == self._shown.get(key):
            return True  # not changed here
        problem = number_problem(key, box.value)
        if problem is not None:
            self._status(f"{setting_name(key)}: {problem}; not saved", error=True)
            return False
        saved = self._update(key, number_value(box.value))
        if saved:
            self._shown[key] = box.value
        return saved

    def _sound_line(self) -> str:
        return self.sound.problem() or ""

    @on(Button.Pressed, "#test-sound")
    def _test_sound(self) -> None:
        """Play every sound once, when the device is known to open (or known not to:
        pressed at once, "Playing ..." came before a failed device's bell)."""
        opening = self.sound.opening()
        if opening is None:
            self._play_test()
            return
        if self._test_waits:
            return  # pressed again while it waits: the sounds play once
        self._test_waits = True
        self.query_one("#sound-device", Label).update("Opening the sound device...")

        def when_open() -> None:
            worker = get_current_worker()
            for _ in range(round(OPEN_WAIT_S / 0.1)):  # in slices: a quit need not wait
                if opening.wait(0.1) or worker.is_cancelled:
                    break
            if not worker.is_cancelled:  # (the settings closed: nothing to play)
                self.app.call_from_thread(self._play_test)

        self.run_worker(when_open, thread=True, group="test-sound")

    def _play_test(self) -> None:
        self._test_waits = False
        if self.is_attached and self.app.screen is self:  # not once the settings closed
            line = self.sound.test_sound()
            line = printable(line, single_line=True)
            self.query_one("#sound-device", Label).update(Content(line))

    @on(Switch.Changed)
    def _switch(self, event: Switch.Changed) -> None:
        switch = event.switch
        if not self._update(switch.id or "", event.value):
            with switch.prevent(Switch.Changed):  # not saved: the setting in use stays
                switch.value = bool(getattr(self.trainer.settings, switch.id or ""))
        self.query_one(f"#{switch.id}-state", Label).update(on_off(switch.value))
        if event.switch.id == "voice":  # say at once when no command would speak
            self.query_one("#sound-device", Label).update(Content(self._sound_line()))

    @on(Select.Changed, "#theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value  # the app saves it (watch_theme)

    @on(SelectionList.SelectedChanged, "#equipment")
    def _equipment(self, event: SelectionList.SelectedChanged[str]) -> None:
        selected = list(event.selection_list.selected)
        if self.trainer.settings.equipment is None and set(selected) == set(self.equipment):
            return  # still "everything": keep the setting unset
        if not self._update("equipment", selected):  # not saved: the list in use stays
            in_use = self.trainer.settings.equipment
            with event.selection_list.prevent(SelectionList.SelectedChanged):
                event.selection_list.deselect_all()
                for tag in self.equipment if in_use is None else in_use:
                    event.selection_list.select(tag)

    def on_unmount(self) -> None:
        """Left with the test's sounds still playing in turn: the rest go unheard."""
        self.sound.stop_test()

    def action_close(self) -> None:
        """Back, saving any number still being typed; an invalid one holds the screen once."""
        boxes = list(self.query(".setting-number").results(Input))
        refused = [box for box in boxes if not self._save_number(box)]
        if refused and not self._leave_anyway:
            self._leave_anyway = True
            box = refused[0]  # (the one being typed in: one left refused shows the one in use)
            key = box.id or ""
            problem = number_problem(key, box.value) or "could not be saved"
            said = f"{setting_name(key)}: {problem}; not saved. Esc again leaves without it."
            self._status(said, error=True)
            box.focus()
            return
        self.dismiss()

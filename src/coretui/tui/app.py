"""The Textual app: loads routines, settings and history, then shows the picker."""

from __future__ import annotations

import contextlib
import signal
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import constants
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen

from coretui.paths import AppPaths
from coretui.services.awake import KeepAwake
from coretui.services.trainer import Trainer
from coretui.sound.speech import Speaker
from coretui.textsafe import printable
from coretui.tui.hangup import exit_after, on_signals, watch_stdin
from coretui.tui.launch import LaunchOptions
from coretui.tui.palette import palette_commands
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.sound_controls import SoundControls
from coretui.tui.themes import legible, remember_theme, start_theme
from coretui.tui.widgets.notice import warn_once
from coretui.tui.workouts import Workouts

if TYPE_CHECKING:
    # Screens past the picker, and the workout with its engine and figures, load on
    # first use: the routine list appears without them.
    from coretui.sound.output import SoundOutput
    from coretui.tui.screens.workout import WorkoutScreen
    from coretui.workout.engine import Clock
    from coretui.workout.routines import Routine

EXIT_GRACE_S = 3.0
"""After a signal, how long a clean shutdown may take before coretui just exits."""
GONE_GRACE_S = 1.0
"""The same when the terminal is known to be gone (nothing to restore)."""


def quiet_driver() -> type[Driver] | None:
    """Where Textual would choose its Linux driver: the same, with an input thread that
    sleeps until input comes (`input_driver`). Else (Windows, `coretui serve`'s web
    driver named in TEXTUAL_DRIVER) None: Textual's own choice."""
    if sys.platform == "win32" or constants.DRIVER is not None:
        return None
    from coretui.tui.input_driver import QuietInputDriver

    return QuietInputDriver


class CoreApp(App[int]):
    """coretui: pick a routine, follow it from the mat, look back at the streak."""

    CSS_PATH = "app.tcss"
    TITLE = "coretui"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: a dialog, Help or the palette over the screen took the key for itself.
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, priority=True),
        # Screens that show it in their footer bind it too; here for every other one.
        Binding("question_mark", "help", "Help", key_display="?", show=False),
    ]

    def __init__(
        self,
        paths: AppPaths,
        options: LaunchOptions | None = None,
        *,
        clock: Clock = time.monotonic,
        speaker: Speaker | None = None,
        today: date | None = None,
        wall_clock: Callable[[], datetime] | None = None,
        keep_awake: KeepAwake | None = None,
        sound_output: SoundOutput | None = None,
    ) -> None:
        super().__init__(driver_class=quiet_driver())
        self.options = options or LaunchOptions()
        self.clock = clock
        # Wall time only dates the session; every duration comes from `clock`.
        self.wall_clock = wall_clock or (lambda: datetime.now(UTC))
        self.trainer = Trainer.load(paths, today)
        self.awake = keep_awake or KeepAwake()
        self.sound = SoundControls(
            self.trainer,
            lambda: self.bell(),  # looked up at each call: tests replace the bell
            lambda text, severity, seconds: self.notify(
                text, severity=severity, timeout=seconds, markup=False
            ),
            output=sound_output,
            speaker=speaker,
            run_voice=self.options.voice,
        )
        self.workouts = Workouts(
            self,
            self.trainer,
            self.sound,
            self.options,
            clock=clock,
            wall_clock=self.wall_clock,
            awake=self.awake,
        )

    def get_default_screen(self) -> Screen[None]:
        """The routine list, at the foot of the screens (a blank screen under it was work
        its first paint waited for), with the theme set first: no screen styled twice."""
        start_theme(self, self.trainer)
        return PickerScreen(self.trainer, self.wall_clock, self.options)

    def on_mount(self) -> None:
        warn_once(self, self.trainer.notices)
        self.app_suspend_signal.subscribe(self, lambda _app: self.workouts.pause())
        # Back from Ctrl+Z the screen is blank: repaint all, or still labels stay blank.
        self.app_resume_signal.subscribe(self, lambda _app: self.refresh(layout=True))
        on_signals(self.save_and_exit)
        if not (self.is_headless or self.is_web):
            # Gone, there is no terminal left to restore: no need to wait long for it.
            watch_stdin(partial(self.save_and_exit, grace_s=GONE_GRACE_S), self._driver)
        # After the mount (Textual draws nothing before it): a workout would delay the list.
        self.call_later(self._open)

    def _open(self) -> None:
        if self.return_code is not None:
            return  # already closing (a signal, a quick Ctrl+Q): nothing to open
        # The history: in a thread, once the list is drawn and its own work begun.
        read = partial(self.run_worker, self._read_history, thread=True, name="history")
        self.screen.call_after_refresh(read)
        wanted = self.options.routine_id
        if wanted is not None and (loaded := self.trainer.library.get(wanted)) is not None:
            # (Offering a resume reads the history first: `coretui run` waits for it.)
            self.start_workout(loaded.routine)

    def _read_history(self) -> None:
        self.trainer.book.ensure_loaded()
        # The user may have quit while the file was read: then there is no one to tell.
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._history_ready)

    def _history_ready(self) -> None:
        warn_once(self, self.trainer.book.load_notices())
        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.show_history()  # (nothing, if the app is closing meanwhile)

    def on_command_palette_opened(self) -> None:
        self.workouts.palette_shown(True)  # over a workout: it pauses, as for Help

    def on_command_palette_closed(self) -> None:
        self.call_later(self.workouts.palette_shown, False)  # (after the command chosen)

    def on_picker_screen_start_workout(self, message: PickerScreen.StartWorkout) -> None:
        """Enter on a routine."""
        self.start_workout(message.routine)

    def save_and_exit(self, signum: int = signal.SIGTERM, *, grace_s: float = EXIT_GRACE_S) -> None:
        """Stop any workout in progress, save it as partial, keep unsaved edits, and exit
        (even when that fails: with no terminal left, staying would spin unseen)."""
        code = 128 + signum
        try:
            self.workouts.close_down()
        finally:
            if not self.is_headless:  # a real terminal (tests run headless, in-process)
                exit_after(grace_s, code)
            self.exit(return_code=code)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notice; during a workout in its own line, where it covers no cue or digits.
        Plain text (`markup=False`: a file's name, a cue) has its control characters
        written out, wherever it is said."""
        message = message if markup else printable(message)
        workout = self.workout
        if workout is not None and self.screen is workout:
            shown = Content.from_markup(message) if markup else Content(message)
            workout.show_notice(shown, severity, timeout)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    async def _on_exit_app(self) -> None:
        """Told to quit from outside (`coretui serve`'s browser gone): save as a hangup does."""
        if not self._exit:  # (`exit()` sets it; textual-serve's "quit" does not)
            self.workouts.close_down()
        await super()._on_exit_app()

    async def action_quit(self) -> None:
        """Ctrl+Q: quit at once, but never lose a workout in progress, and never without
        asking about one the history refused and no file kept either."""
        self.workouts.quit()

    @property
    def workout(self) -> WorkoutScreen | None:
        """The workout in progress, if any."""
        workouts: Workouts | None = getattr(self, "workouts", None)  # None inside App.__init__
        return workouts.screen if workouts is not None else None

    def start_workout(self, routine: Routine) -> None:
        """From the list, the palette or `coretui run`: see `Workouts.begin`."""
        self.workouts.begin(routine)

    # -- settings ----------------------------------------------------------------------

    def get_css_variables(self) -> dict[str, str]:
        """The theme's, and its phase colours in forms that read on its background."""
        variables = super().get_css_variables()
        return {**variables, **legible(variables)}

    def watch_theme(self, theme: str) -> None:
        """Remember the theme the user picked (from Settings or the palette)."""
        trainer: Trainer | None = getattr(self, "trainer", None)  # None inside App.__init__
        if trainer is not None:
            remember_theme(self, trainer, theme)

    def action_toggle_sound(self) -> None:
        """Tones (or the bell) on or off, remembered in the settings."""
        self.sound.toggle_sound()

    def action_toggle_voice(self) -> None:
        """Spoken cues on or off, remembered in the settings."""
        self.sound.toggle_voice()

    def action_settings(self) -> None:
        """The settings screen."""
        from coretui.tui.screens.settings import SettingsScreen

        self.workouts.cover(SettingsScreen(self.trainer, sound=self.sound))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: coretui's commands, then some of Textual's (`palette_commands`)."""
        yield from palette_commands(self, screen, super().get_system_commands(screen))

    # -- other screens -----------------------------------------------------------------

    def action_help(self, tab: str = "keys") -> None:
        """Keys and the back-pain page."""
        from coretui.tui.screens.help import HelpScreen

        self.workouts.cover(HelpScreen(tab, opened_over=type(self.screen).__name__))

    def action_history(self) -> None:
        """The history screen: heatmap, streaks, sessions."""
        from coretui.tui.screens.history import HistoryScreen

        self.workouts.cover(HistoryScreen(self.trainer.book))

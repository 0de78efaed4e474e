"""The Textual app: loads routines, settings and history, then shows the picker."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen

from coretui.paths import AppPaths
from coretui.services.awake import KeepAwake
from coretui.services.trainer import ResumeOffer, Trainer
from coretui.sound.speech import Speaker, SystemSpeaker
from coretui.textsafe import printable
from coretui.tui.hangup import HangupWatch
from coretui.tui.launch import LaunchOptions
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.themes import HIGH_CONTRAST

if TYPE_CHECKING:
    # Screens past the picker, and the workout with its pydantic routine, load on
    # first use: the routine list appears without them.
    from coretui.sound.player import SoundOutput
    from coretui.tui.screens.workout import WorkoutScreen
    from coretui.workout.engine import Clock
    from coretui.workout.recording import WorkoutResult
    from coretui.workout.routines import Routine

EXIT_GRACE_S = 3.0
"""After a signal, how long a clean shutdown may take before coretui just exits."""
GONE_GRACE_S = 1.0
"""The same when the terminal is known to be gone (nothing to restore)."""


class CoreApp(App[int]):
    """coretui: pick a routine, follow it from the mat, look back at the streak."""

    CSS_PATH = "app.tcss"
    TITLE = "coretui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "suspend_process", "Suspend", show=False),
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
        super().__init__()
        self.options = options or LaunchOptions()
        self.clock = clock
        # Wall time only dates the session; every duration comes from `clock`.
        self.wall_clock = wall_clock or (lambda: datetime.now(UTC))
        self.speaker = speaker
        self.trainer = Trainer.load(paths, today)
        self.workout: WorkoutScreen | None = None
        self.awake = keep_awake or KeepAwake()
        self.sound_output = sound_output
        """Opened at the first workout (in a thread), then kept for the whole run."""
        self._sound_notices: set[str] = set()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        trainer = self.trainer
        wanted = str(trainer.settings_values["theme"])  # validated values: no pydantic yet
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            theme = printable(wanted, single_line=True)
            trainer.notices.append(f"unknown theme '{theme}'; using the default")
        for notice in trainer.notices:
            self.notify(notice, severity="warning", timeout=8, markup=False)
        self.app_suspend_signal.subscribe(self, lambda _app: self._pause_workout())
        # Back from Ctrl+Z the terminal shows a blank screen, but Textual repaints only
        # what changed since: labels that stood still would stay blank.
        self.app_resume_signal.subscribe(self, lambda _app: self.refresh(layout=True))
        self._install_signal_handlers()
        self._watch_for_hangup()
        picker = self._picker()
        self.push_screen(picker)
        if self.options.edit_id is not None:
            picker.call_after_refresh(picker.edit_routine, self.options.edit_id)
        # Read the history after the first paint, off the UI thread: a long history
        # must not keep the routine list from appearing.
        self.call_after_refresh(self.run_worker, self._read_history, thread=True, name="history")
        if self.options.routine_id is not None:
            loaded = trainer.library.get(self.options.routine_id)
            if loaded is not None:
                self.start_workout(loaded.routine)

    def _read_history(self) -> None:
        self.trainer.book.ensure_loaded()
        # The user may have quit while the file was read: then there is no one to tell.
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._history_ready)

    def _history_ready(self) -> None:
        for notice in self.trainer.book.load_notices():
            self.notify(notice, severity="warning", timeout=8, markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.show_history()

    def _picker(self) -> PickerScreen:
        return PickerScreen(self.trainer, self.wall_clock)

    def on_picker_screen_start_workout(self, message: PickerScreen.StartWorkout) -> None:
        """Enter on a routine (and, when offered, resume or start over)."""
        self.start_workout(message.routine, message.resume)

    def on_picker_screen_routines_changed(self, message: PickerScreen.RoutinesChanged) -> None:
        """The editor saved a routine: use the library as read again."""
        self.trainer.library = message.library

    def _install_signal_handlers(self) -> None:
        """Closing the terminal (SIGHUP), kill (SIGTERM) or SIGINT save a workout as partial."""
        import asyncio

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            # Not the main thread (tests), or no such signal on this platform.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.save_and_exit, signum)

    def _watch_for_hangup(self) -> None:
        """A terminal closed behind `make run` or a shell sends coretui no SIGHUP: see it anyway."""
        stdin = sys.__stdin__
        if self.is_headless or self.is_web or stdin is None:
            return
        fd = stdin.fileno()
        if HangupWatch.supported(fd):
            HangupWatch(fd, self._terminal_gone).start()

    def _terminal_gone(self) -> None:
        """From the watch's thread: the terminal hung up, so do what SIGHUP does."""
        with contextlib.suppress(RuntimeError):  # already on the way out
            # There is no terminal left to restore: no need to wait long for it.
            self.call_from_thread(self.save_and_exit, signal.SIGHUP, grace_s=GONE_GRACE_S)

    def save_and_exit(self, signum: int = signal.SIGTERM, *, grace_s: float = EXIT_GRACE_S) -> None:
        """Stop any workout in progress, save it as partial, and exit."""
        self._save_workout_in_progress()
        code = 128 + signum
        if not self.is_headless:  # a real terminal (tests run headless, in-process)
            # When the terminal is gone (SIGHUP), restoring it blocks for ever on a pipe
            # nobody reads (Textual's writer thread). The session is already saved, so
            # after a grace period coretui leaves without restoring anything.
            watchdog = threading.Timer(grace_s, os._exit, args=(code,))
            watchdog.daemon = True
            watchdog.start()
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

        From the app's own thread, as all of coretui's notices are.
        """
        workout: WorkoutScreen | None = getattr(self, "workout", None)  # set in __init__
        if workout is not None and self.screen is workout:
            shown = Content.from_markup(message) if markup else Content(printable(message))
            workout.show_notice(shown, severity, timeout)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    async def action_quit(self) -> None:
        """Ctrl+Q: quit at once, but never lose a workout in progress."""
        self._save_workout_in_progress()
        self.exit()

    def _save_workout_in_progress(self) -> None:
        """Closing down: save a workout in progress at once, without its summary."""
        workout, self.workout = self.workout, None
        if workout is None:
            return
        result = workout.stop_now()
        self.awake.stop()
        if result.engine.work_started:
            self.trainer.book.record(result)

    # -- workouts ----------------------------------------------------------------------

    def start_workout(self, routine: Routine, resume: ResumeOffer | None = None) -> None:
        """Ask how the back feels (unless turned off), then open the workout screen."""
        if not (self.options.ask_pain and self.trainer.settings.ask_pain_before):
            self._open_workout(routine, resume, None)
            return
        from coretui.tui.screens.pain import PainPrompt

        self.push_screen(PainPrompt(), lambda pain: self._open_workout(routine, resume, pain))

    def _open_workout(
        self, routine: Routine, resume: ResumeOffer | None, pain_before: int | None
    ) -> None:
        """The workout screen for a routine (carrying on `resume`, if given)."""
        engine, plan = self.trainer.engine_for(routine, self.clock, self.options.lead_in_s, resume)
        settings = self.trainer.settings
        voice = self.options.voice or settings.voice
        if voice and self.speaker is None:
            self.speaker = SystemSpeaker(rate=settings.speech_rate)
        if voice and not getattr(self.speaker, "available", True):
            self._sound_notice("No speech command found (espeak-ng, spd-say or say).")
        # Sound off or muted: no device is opened for this workout (the palette's
        # "Toggle sound" then falls back to the bell).
        output = self.sound_output
        if settings.sound and not self.options.mute:
            output = self.open_sound_output()
        if output is not None:
            output.set_volume(settings.volume)
        from coretui.sound.cues import CuePlayer

        cues = CuePlayer(
            engine=engine,
            bell=self.bell,
            output=output,
            speaker=self.speaker,
            notify=self._sound_notice,
            sound=not self.options.mute,
            tones=settings.sound,
            tempo=settings.tempo_sounds,
            voice=voice,
        )
        resumed = resume.session if resume else None
        lacking = {s.exercise_index: ", ".join(s.missing) for s in plan.swaps if s.variant is None}
        from coretui.tui.screens.workout import WorkoutScreen

        self.workout = WorkoutScreen(
            engine,
            cues,
            wall_clock=self.wall_clock,
            preset_easier=plan.start_easier,
            resumed=resumed,
            lacking=lacking,
            pain_before=pain_before,
        )
        self.push_screen(self.workout, self._workout_ended)
        self.awake.start()

    def open_sound_output(self) -> SoundOutput:
        """The run's sound output; the first call starts opening the device, off this thread."""
        if self.sound_output is None:
            from coretui.sound import player

            self.sound_output = player.open_output(self.trainer.settings.volume)
        return self.sound_output

    def test_sound(self) -> str:
        """Settings' "Test sound": each sound once, a phrase when voice is on; what to expect."""
        from coretui.sound.cues import play_test_sounds

        settings = self.trainer.settings
        output = self.open_sound_output()
        output.set_volume(settings.volume)
        if settings.voice and self.speaker is None:
            self.speaker = SystemSpeaker(rate=settings.speech_rate)
        return play_test_sounds(output, self.bell, self.speaker if settings.voice else None)

    def _sound_notice(self, message: str) -> None:
        """Why the bell stands in for tones: said once per run, not at every workout."""
        if message not in self._sound_notices:
            self._sound_notices.add(message)
            self.notify(message, severity="warning", timeout=6, markup=False)

    def _pause_workout(self) -> None:
        if self.workout is not None:
            self.workout.pause_if_running()

    def _workout_ended(self, result: WorkoutResult | None) -> None:
        """Every workout that did some work ends on its summary (which saves it)."""
        self.workout = None
        self.awake.stop()
        if result is None or result.session_id is not None:
            return  # nothing, or already saved by a shutdown that came first
        if not result.engine.work_started:
            self.notify("Stopped before the first exercise: nothing to save.", timeout=4)
            return
        from coretui.tui.screens.summary import SummaryScreen

        # Saved now, not when the summary appears: a hangup in between loses nothing.
        saved = self.trainer.book.record(result)
        self.push_screen(SummaryScreen(result, saved, self.trainer))

    # -- settings ----------------------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        """Remember the theme the user picked (from Settings or the palette)."""
        trainer: Trainer | None = getattr(self, "trainer", None)  # None inside App.__init__
        if trainer is not None and theme != trainer.settings_values["theme"]:
            try:
                trainer.change_setting("theme", theme)
            except (OSError, ValueError) as exc:
                self.notify(f"Theme not saved: {exc}", severity="warning", markup=False)

    def action_toggle_sound(self) -> None:
        """Tones (or the bell) on or off, remembered in the settings."""
        self._toggle("sound")
        if self.workout is not None:
            self.workout.cues.tones = self.trainer.settings.sound

    def action_toggle_voice(self) -> None:
        """Spoken cues on or off, remembered in the settings."""
        self._toggle("voice")
        voice = self.trainer.settings.voice
        if voice and self.speaker is None:
            self.speaker = SystemSpeaker(rate=self.trainer.settings.speech_rate)
            if not self.speaker.available:
                self.notify("No speech command found (espeak-ng, spd-say or say).", timeout=5)
        if self.workout is not None:
            self.workout.cues.voice = voice
            self.workout.cues.speaker = self.speaker

    def _toggle(self, key: str) -> None:
        value = not getattr(self.trainer.settings, key)
        try:
            self.trainer.change_setting(key, value)
        except OSError as exc:
            # Nothing changed: say so, rather than announce a switch that did not happen.
            self.notify(
                f"{key.capitalize()} still {'off' if value else 'on'}:"
                f" the settings could not be saved ({exc.strerror or exc}).",
                severity="warning",
                markup=False,
            )
            return
        self.notify(f"{key.capitalize()} {'on' if value else 'off'}", timeout=2)

    def action_settings(self) -> None:
        """The settings screen."""
        from coretui.tui.screens.settings import SettingsScreen

        screen = SettingsScreen(
            self.trainer, sound_problem=self._sound_problem, test_sound=self.test_sound
        )
        self.push_screen(screen)

    def _sound_problem(self) -> str | None:
        output = self.sound_output
        return output.problem if output is not None else None

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: coretui's commands first, then Textual's (theme, keys, quit)."""
        from coretui.tui.palette import coretui_commands

        yield from coretui_commands(self)
        yield from super().get_system_commands(screen)

    # -- other screens -----------------------------------------------------------------

    def action_help(self, tab: str = "keys") -> None:
        """Keys and the back-pain page."""
        from coretui.tui.screens.help import HelpScreen

        if self.workout is not None and self.screen is self.workout:
            if self.workout.pause_for_modal():
                self.push_screen(HelpScreen(tab), lambda _: self._after_help())
        else:
            self.push_screen(HelpScreen(tab))

    def action_about(self) -> None:
        """The "About back pain" page."""
        self.action_help("about")

    def _after_help(self) -> None:
        if self.workout is not None:
            self.workout.resume_after_modal()

    def action_history(self) -> None:
        """The history screen: heatmap, streaks, sessions."""
        from coretui.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.trainer.book))

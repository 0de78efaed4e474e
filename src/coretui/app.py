"""The Textual app: loads routines, settings and history, then shows the picker."""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from coretui.cues import CuePlayer, Speaker, SystemSpeaker
from coretui.engine import Clock, WorkoutEngine
from coretui.history import HistoryStore
from coretui.paths import AppPaths
from coretui.recording import WorkoutResult
from coretui.routines import Routine, load_library
from coretui.screens.help import HelpScreen
from coretui.screens.picker import PickerScreen
from coretui.screens.summary import SummaryScreen
from coretui.screens.workout import WorkoutScreen
from coretui.sessions import SessionBook
from coretui.settings import load_settings
from coretui.timeline import compile_routine


@dataclass(frozen=True)
class LaunchOptions:
    """What the command line asked for."""

    routine_id: str | None = None
    lead_in_s: float | None = None
    voice: bool = False
    mute: bool = False


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
    ) -> None:
        super().__init__()
        self.paths = paths
        self.options = options or LaunchOptions()
        self.clock = clock
        # Wall time only dates the session; every duration comes from `clock`.
        self.wall_clock = wall_clock or (lambda: datetime.now(UTC))
        self.speaker = speaker
        self.library = load_library(paths.routines_dir)
        loaded = load_settings(paths.settings_files)
        self.settings, self.setting_notices = loaded.settings, loaded.notices
        self.book = SessionBook(
            HistoryStore(paths.history_file), today=today, weekly_goal=self.settings.weekly_goal
        )
        self.workout: WorkoutScreen | None = None

    def on_mount(self) -> None:
        self.theme = (
            self.settings.theme if self.settings.theme in self.available_themes else self.theme
        )
        for notice in self.setting_notices + self.book.load_notices():
            self.notify(notice, severity="warning", timeout=8)
        self.app_suspend_signal.subscribe(self, lambda _app: self._pause_workout())
        self._install_signal_handlers()
        self.push_screen(self._picker())
        if self.options.routine_id is not None:
            loaded = self.library.get(self.options.routine_id)
            if loaded is not None:
                self.start_workout(loaded.routine)

    def _picker(self) -> PickerScreen:
        return PickerScreen(self.library.routines, self.library.errors, self.book)

    def _install_signal_handlers(self) -> None:
        """Closing the terminal (SIGHUP) or a kill (SIGTERM) saves a workout as partial."""
        import asyncio

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            # Not the main thread (tests), or no such signal on this platform.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.save_and_exit, signum)

    def save_and_exit(self, signum: int = signal.SIGTERM) -> None:
        """Stop any workout in progress, save it as partial, and exit."""
        if self.workout is not None:
            self.workout.handle(self.workout.engine.stop())
        self.exit(return_code=128 + signum)

    # -- workouts ----------------------------------------------------------------------

    def prepared(self, routine: Routine) -> Routine:
        """The routine with the user's rest settings applied."""
        update = {
            key: value
            for key in ("rest_between_sets_s", "rest_between_exercises_s")
            if (value := getattr(self.settings, key)) is not None
        }
        return routine.model_copy(update=update) if update else routine

    def start_workout(self, routine: Routine) -> None:
        """Open the workout screen for a routine."""
        lead_in = self.options.lead_in_s
        if lead_in is None:
            lead_in = self.settings.lead_in_s
        engine = WorkoutEngine(compile_routine(self.prepared(routine), lead_in), self.clock)
        speaker = self.speaker
        voice = self.options.voice or self.settings.voice
        if voice and speaker is None:
            speaker = SystemSpeaker()
        cues = CuePlayer(
            bell=self.bell,
            speaker=speaker,
            sound=self.settings.sound and not self.options.mute,
            voice=voice,
        )
        self.workout = WorkoutScreen(engine, cues)
        self.push_screen(self.workout)

    def _pause_workout(self) -> None:
        if self.workout is not None:
            self.workout.pause_if_running()

    def workout_finished(self, screen: WorkoutScreen, result: WorkoutResult) -> None:
        """A completed workout goes to the summary; a stopped one is saved as partial."""
        self.workout = None
        if result.engine.status == "completed":
            self.switch_screen(SummaryScreen(result))
            return
        message = self.book.record(result)
        self.notify(message.text, severity="error" if message.error else "information", timeout=6)
        self.pop_screen()

    def session_shown(self, summary: SummaryScreen) -> None:
        """The summary appeared: save the session now, before any rating is entered."""
        message = self.book.record(summary.result)
        summary.show_status(message.text, error=message.error)
        summary.show_streak(self.book.streak_text())

    def update_session(
        self, summary: SummaryScreen, before: int | None, after: int | None, note: str
    ) -> bool:
        """Save pain ratings and a note into the summary's session record."""
        message = self.book.annotate(summary.result, before, after, note)
        summary.show_status(message.text, error=message.error)
        return True

    # -- other screens -----------------------------------------------------------------

    def action_help(self) -> None:
        """Keys and the back-pain page."""
        if self.workout is not None and self.screen is self.workout:
            self.workout.pause_for_modal()
            self.push_screen(HelpScreen(), lambda _: self._after_help())
        else:
            self.push_screen(HelpScreen())

    def _after_help(self) -> None:
        if self.workout is not None:
            self.workout.resume_after_modal()

    def action_history(self) -> None:
        """The history screen: heatmap, streaks, sessions."""
        from coretui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.book))

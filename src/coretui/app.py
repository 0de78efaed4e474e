"""The Textual app: loads routines, settings and history, then shows the picker."""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from coretui.awake import KeepAwake
from coretui.coaching import Plan, Suggestion, plan_for, suggestions
from coretui.cues import CuePlayer, Speaker, SystemSpeaker
from coretui.engine import Clock, WorkoutEngine
from coretui.history import HistoryStore, Session
from coretui.overlays import Overlays, describe
from coretui.paths import AppPaths
from coretui.recording import WorkoutResult, resume_point, work_steps
from coretui.routines import Routine, load_library
from coretui.screens.help import HelpScreen
from coretui.screens.picker import PickerScreen
from coretui.screens.summary import SummaryScreen
from coretui.screens.workout import WorkoutScreen, step_title
from coretui.sessions import SessionBook
from coretui.settings import Settings, load_settings, save_settings
from coretui.themes import HIGH_CONTRAST
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
        keep_awake: KeepAwake | None = None,
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
        self.settings_file = loaded.file or paths.settings_files[0]
        self.overlays = Overlays.load(paths.config_dir / "progress.json")
        if self.overlays.problem:
            self.setting_notices.append(self.overlays.problem)
        self.book = SessionBook(
            HistoryStore(paths.history_file), today=today, weekly_goal=self.settings.weekly_goal
        )
        self.workout: WorkoutScreen | None = None
        self.awake = keep_awake or KeepAwake()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.setting_notices.append(f"unknown theme '{self.settings.theme}'; using the default")
        for notice in self.setting_notices:
            self.notify(notice, severity="warning", timeout=8)
        self.app_suspend_signal.subscribe(self, lambda _app: self._pause_workout())
        self._install_signal_handlers()
        self.push_screen(self._picker())
        # Read the history after the first paint, off the UI thread: a long history
        # must not keep the routine list from appearing.
        self.call_after_refresh(self.run_worker, self._read_history, thread=True, name="history")
        if self.options.routine_id is not None:
            loaded = self.library.get(self.options.routine_id)
            if loaded is not None:
                self.start_workout(loaded.routine)

    def _read_history(self) -> None:
        self.book.ensure_loaded()
        self.call_from_thread(self._history_ready)

    def _history_ready(self) -> None:
        for notice in self.book.load_notices():
            self.notify(notice, severity="warning", timeout=8)
        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.show_history()

    def _picker(self) -> PickerScreen:
        return PickerScreen(self.library.routines, self.library.errors, self.book)

    def _install_signal_handlers(self) -> None:
        """Closing the terminal (SIGHUP), kill (SIGTERM) or SIGINT save a workout as partial."""
        import asyncio

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            # Not the main thread (tests), or no such signal on this platform.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.save_and_exit, signum)

    def save_and_exit(self, signum: int = signal.SIGTERM) -> None:
        """Stop any workout in progress, save it as partial, and exit."""
        self._save_workout_in_progress()
        self.exit(return_code=128 + signum)

    async def action_quit(self) -> None:
        """Ctrl+Q: quit at once, but never lose a workout in progress."""
        self._save_workout_in_progress()
        self.exit()

    def _save_workout_in_progress(self) -> None:
        if self.workout is not None:
            self.workout.handle(self.workout.engine.stop())

    # -- workouts ----------------------------------------------------------------------

    def plan(self, routine: Routine) -> Plan:
        """The routine as this user does it: their rests, progress and equipment."""
        return plan_for(routine, self.settings, self.overlays.for_routine(routine.id))

    def resume_offer(self, routine: Routine) -> tuple[Session, int, str] | None:
        """(unfinished session, exercise step to resume at, "step N: name"), if any."""
        earlier = self.book.resumable(routine.id, self.wall_clock())
        if earlier is None:
            return None
        timeline = compile_routine(self.plan(routine).routine)
        at = resume_point(earlier, timeline)
        if at is None:
            return None
        step = timeline.steps[work_steps(timeline)[at]]
        return earlier, at, f"step {at + 1}: {step_title(step)}"

    def start_workout(
        self, routine: Routine, resumed: Session | None = None, resume_at: int | None = None
    ) -> None:
        """Open the workout screen; with `resumed`, carry that session on at `resume_at`."""
        lead_in = self.options.lead_in_s
        if lead_in is None:
            lead_in = self.settings.lead_in_s
        plan = self.plan(routine)
        engine = WorkoutEngine(compile_routine(plan.routine, lead_in), self.clock)
        engine.easier = set(plan.start_easier)
        if resumed is not None and resume_at is not None:
            engine.resume_at = work_steps(engine.timeline)[resume_at]
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
        self.workout = WorkoutScreen(engine, cues, plan.start_easier, resumed)
        self.push_screen(self.workout)
        self.awake.start()

    def _pause_workout(self) -> None:
        if self.workout is not None:
            self.workout.pause_if_running()

    def workout_finished(self, screen: WorkoutScreen, result: WorkoutResult) -> None:
        """A completed workout goes to the summary; a stopped one is saved as partial."""
        self.workout = None
        self.awake.stop()
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
        self._suggest(summary)

    def _suggest(self, summary: SummaryScreen) -> None:
        result = summary.result
        summary.show_suggestions(
            suggestions(result.routine, self.book.sessions, set(result.preset_easier))
        )

    def accept_suggestion(self, suggestion: Suggestion) -> str:
        """Store an accepted progression in the overlay; returns what to tell the user."""
        try:
            self.overlays.accept(suggestion.routine_id, suggestion.exercise, suggestion.change)
        except OSError as exc:
            return f"Not saved: {exc.strerror or exc}"
        return f"Saved: {suggestion.exercise} {describe(suggestion.change)} from next time."

    def update_session(
        self, summary: SummaryScreen, before: int | None, after: int | None, note: str
    ) -> bool:
        """Save pain ratings and a note into the summary's session record."""
        message = self.book.annotate(summary.result, before, after, note)
        summary.show_status(message.text, error=message.error)
        if before is not None and after is not None:
            self._suggest(summary)  # a pain rise changes what to suggest
        return True

    # -- settings ----------------------------------------------------------------------

    def change_setting(self, key: str, value: object) -> bool:
        """Validate one new value, save the settings atomically, and apply them.

        Raises pydantic's ValidationError for a bad value and OSError when the
        file cannot be written; the settings in use change only on success.
        Returns False when the value was already in use (nothing written).
        """
        new = Settings.model_validate({**self.settings.model_dump(), key: value})
        if new == self.settings:
            return False
        save_settings(new, self.settings_file)
        self.settings = new
        self.book.weekly_goal = new.weekly_goal
        return True

    def watch_theme(self, theme: str) -> None:
        """Remember the theme the user picked (from Settings or the palette)."""
        settings: Settings | None = getattr(self, "settings", None)  # None inside App.__init__
        if settings is not None and theme != settings.theme:
            try:
                self.change_setting("theme", theme)
            except (OSError, ValueError) as exc:
                self.notify(f"Theme not saved: {exc}", severity="warning")

    def action_toggle_sound(self) -> None:
        """Bell on or off, remembered in the settings."""
        self._toggle("sound")
        if self.workout is not None:
            self.workout.cues.sound = self.settings.sound

    def action_toggle_voice(self) -> None:
        """Spoken cues on or off, remembered in the settings."""
        self._toggle("voice")
        if self.settings.voice and self.speaker is None:
            self.speaker = SystemSpeaker()
            if not self.speaker.available:
                self.notify("No speech command found (espeak-ng, spd-say or say).", timeout=5)
        if self.workout is not None:
            self.workout.cues.voice = self.settings.voice
            self.workout.cues.speaker = self.speaker

    def _toggle(self, key: str) -> None:
        value = not getattr(self.settings, key)
        try:
            self.change_setting(key, value)
        except OSError as exc:
            self.notify(f"Settings not saved: {exc.strerror or exc}", severity="warning")
        self.notify(f"{key.capitalize()} {'on' if value else 'off'}", timeout=2)

    def action_settings(self) -> None:
        """The settings screen."""
        from coretui.screens.settings import SettingsScreen

        tags = sorted({tag for r in self.library.routines for tag in r.routine.equipment})
        self.push_screen(SettingsScreen(tags))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: coretui's commands first, then Textual's (theme, keys, quit)."""
        from coretui.palette import coretui_commands

        yield from coretui_commands(self)
        yield from super().get_system_commands(screen)

    # -- other screens -----------------------------------------------------------------

    def action_help(self, tab: str = "keys") -> None:
        """Keys and the back-pain page."""
        if self.workout is not None and self.screen is self.workout:
            self.workout.pause_for_modal()
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
        from coretui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.book))

"""A workout's way through the app: pain prompt, workout screen, saved record, summary.

Also what happens to a workout in progress when the app closes under it (Ctrl+Q,
a signal, a closed terminal): it is stopped and saved as partial, without a summary.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.content import Content

from coretui.services.awake import KeepAwake
from coretui.services.trainer import Trainer
from coretui.textsafe import printable
from coretui.tui.launch import LaunchOptions
from coretui.tui.screens.kept_edits import keep_unsaved_edits
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.sound_controls import SoundControls
from coretui.wording import counted, equipment_words

if TYPE_CHECKING:
    # Loaded with the first workout (the engine, the figures): the routine list
    # appears without them.
    from textual.screen import Screen

    from coretui.tui.screens.summary import SummaryScreen
    from coretui.tui.screens.workout import WorkoutScreen
    from coretui.workout.engine import Clock
    from coretui.workout.recording import ResumeOffer, WorkoutResult
    from coretui.workout.routines import Routine

KEEP_REFUSED = "Record not kept as it runs ({}): a crash would lose it"
"""One line at 80 columns: the history still gets the workout at its end."""
KEEP_AGAIN = "The record is kept as it runs again."


class Workouts:
    """Opens workouts on `app` and sees each one saved, whichever way it ends."""

    def __init__(
        self,
        app: App[int],
        trainer: Trainer,
        sound: SoundControls,
        options: LaunchOptions,
        *,
        clock: Clock,
        wall_clock: Callable[[], datetime],
        awake: KeepAwake,
    ) -> None:
        self.app = app
        self.trainer = trainer
        self.sound = sound
        self.options = options
        self.clock = clock
        self.wall_clock = wall_clock
        self.awake = awake
        self.screen: WorkoutScreen | None = None
        """The workout in progress, if any."""
        self._quit_asked = False
        """The question "quit and lose a workout not saved?" is on the screen."""
        self._asking: str | None = None
        """A workout is starting, of the routine with this id: its resume or back-pain
        question is on the screen."""
        self._keep_said: tuple[str, int] | None = None
        """Why the running workout's record could not be kept on disk, as last said, and
        the step it was said in (said again in the next, while it is refused)."""
        self._kept: Path | None = None
        """The file this run kept a routine's unsaved edits in, if it did."""
        self.summaries: list[SummaryScreen] = []
        """The summaries open (one can be left under another workout): on the way out,
        the ratings and note typed in each are kept."""

    def begin(self, routine: Routine) -> None:
        """Start `routine`, offering first to carry on its unfinished session (stopped
        part-way in the last 12 hours), however the workout was asked for."""
        from coretui.tui.screens.confirm import ConfirmScreen

        if self._asking == routine.id:  # its Enter again (held) before the question showed
            return
        if self.screen is not None or self._asking:  # the palette, over either
            busy = (
                "starting: answer its question" if self._asking else "under way: finish or quit it"
            )
            self.app.notify(f"A workout is {busy} first.", timeout=4, markup=False)
            return
        if self.summaries and self.app.screen is self.summaries[-1]:  # (the palette, on it)
            # Left under the new workout it would go stale (a resume of its session
            # changes it): closed now, keeping what was typed in it, as on the way out.
            self.summaries[-1].keep_before_exit()
            self.summaries[-1].dismiss()
        offer = self.trainer.resume_offer(routine, self.wall_clock())
        if offer is None:
            self.start(routine)
            return

        def chosen(resume: bool | None) -> None:
            self._asking = None
            if resume is not None:  # (Esc: neither)
                self.start(routine, offer if resume else None)

        from coretui.durations import spent_words
        from coretui.history.records import wall_clock

        # When it began and the time spent on it (every sitting's, as the History page
        # counts it): two tries of a routine today are told apart.
        session = offer.session
        said = f"You began this routine at {wall_clock(session.started_at, session.tz):%H:%M} today"
        if session.duration_s >= 1:  # (0:00 spent tells nothing)
            said += f" and spent {spent_words(session.duration_s)} on it so far"
        question = ConfirmScreen(
            f"Resume at {offer.label}?",
            f"{said}.",
            yes="Resume",
            no="Start over",
            danger=False,
        )
        self._asking = routine.id
        self.app.push_screen(question, chosen)

    def start(self, routine: Routine, resume: ResumeOffer | None = None) -> None:
        """Ask how the back feels (unless turned off, or already asked before the
        session resumed: mid-workout is not "before"), then open the workout screen."""
        if not self._asks_pain() or (resume and resume.session.pain_before is not None):
            self._open(routine, resume, None)
            return
        from coretui.tui.screens.pain import BACK, PainPrompt

        def answered(pain: int | None) -> None:
            self._asking = None
            if pain != BACK:
                self._open(routine, resume, pain)

        self._asking = routine.id
        self.app.push_screen(PainPrompt(routine.name), answered)

    def _asks_pain(self) -> bool:
        return self.options.ask_pain and self.trainer.settings.ask_pain_before

    def _open(self, routine: Routine, resume: ResumeOffer | None, pain_before: int | None) -> None:
        """The workout screen for a routine (carrying on `resume`, if given)."""
        engine, plan = self.trainer.engine_for(routine, self.clock, self.options.lead_in_s, resume)
        self._keep_said = None
        cues = self.sound.cue_player(engine, mute=self.options.mute, voice=self.options.voice)
        lacking = {
            s.exercise_index: equipment_words(s.missing) for s in plan.swaps if not s.variant
        }
        from coretui.tui.screens.workout import WorkoutScreen

        self.screen = WorkoutScreen(
            engine,
            cues,
            wall_clock=self.wall_clock,
            preset_easier=plan.start_easier,
            resumed=resume.session if resume else None,
            lacking=lacking,
            pain_before=pain_before,
            on_step=self._keep,
        )
        self._take_notices(self.screen)
        self.app.push_screen(self.screen, self._ended)
        self.awake.start()

    def _take_notices(self, workout: WorkoutScreen) -> None:
        """Notices still shown from before the workout (a settings file's, the history's,
        a `coretui run` straight in) into its notice line: as toasts they sat over the
        cue and "Up next" for the first exercise. Taken before it is drawn (else one
        flashed over the cue), with coretui's own folder left out of each file's path
        (the line is one row; the routine list and `coretui list` say the whole path)."""
        shown = [n for n in self.app._notifications if not n.has_expired]  # (no public list)
        if not shown:
            return
        self.app.clear_notifications()
        folder = f"{self.trainer.paths.config_dir}{os.sep}"
        said = Content(" · ").join(
            Content.from_markup(" ".join(n.message.split()))
            if n.markup
            else Content(printable(" · ".join(n.message.replace(folder, "").splitlines())))
            for n in shown
        )
        worst = max((n.severity for n in shown), key=("information", "warning", "error").index)
        seconds = max(5.0, *(n.time_left for n in shown))
        workout.call_after_refresh(workout.show_notice, said, worst, seconds)

    def _keep(self, snapshot: WorkoutResult) -> None:
        """Keep the running workout's record on disk; say so, once a step, while the disk
        refuses them (the last written a step, or 10 s, ago: the app never waits for it)."""
        problem = self.trainer.book.keep_in_progress(snapshot)
        said = self._keep_said
        self._keep_said = None if problem is None else (problem, snapshot.engine.index)
        if self.screen is None or said == self._keep_said:
            return
        if problem is not None:
            self.screen.show_notice(KEEP_REFUSED.format(problem), "warning", None)
        elif said is not None:
            self.screen.show_notice(KEEP_AGAIN, "information", 5, settles=True)

    def palette_shown(self, shown: bool) -> None:
        """The command palette opened over a running workout: it pauses (the clock ran
        on under it). Closed: it goes on, unless the command chosen covered it with a
        screen of its own (Settings, History), whose closing resumes it (`cover`)."""
        workout = self.screen
        if workout is None:
            return
        if shown and self.app.screen is not workout:
            workout.pause_for_modal()
        elif not shown and self.app.screen is workout:
            workout.resume_after_modal()

    def cover(self, screen: Screen[Any]) -> None:
        """Show `screen`; over a workout (help, or settings and history from the palette)
        the workout pauses while it shows, and goes on where it was after. Over a screen
        of its kind (the palette's "Show history" on History) it is that one: one Esc
        leaves, as it does. (Help shows the page asked for.)"""
        if type(self.app.screen) is type(screen):
            from coretui.tui.screens.help import HelpScreen

            if isinstance(screen, HelpScreen) and isinstance(self.app.screen, HelpScreen):
                self.app.screen.show_tab(screen.tab)
            return
        workout = self.screen
        if workout is not None and self.app.screen is workout:
            if workout.pause_for_modal():  # (False: it has just ended; nothing opens)
                self.app.push_screen(screen, lambda _: workout.resume_after_modal())
        else:
            self.app.push_screen(screen)

    def pause(self) -> None:
        """Pause a running workout (the process is being suspended)."""
        if self.screen is not None:
            self.screen.pause_if_running()

    def quit(self, *, drop_edits: bool = False) -> None:
        """Quit the app, a workout in progress saved first; a workout the history refused
        is said to be kept for the next start, or, when not even that file could be
        written, the user is asked first. A routine being edited with changes not saved
        is asked about before anything (unless `drop_edits`): a workout begun over it is
        paused under the question and goes on after "Keep editing"."""
        if self._quit_asked:
            return  # the question is on the screen: it answers
        if not drop_edits and self._edits_unsaved():
            self._ask(
                "Quit and lose your changes to this routine?",
                "Not saved yet: Keep editing, then Ctrl+S saves them.",
                lambda: self.quit(drop_edits=True),
            )
            return
        self.save_in_progress()
        kept, lost = self.trainer.book.unsaved_at_exit()
        if lost:
            question = f"Quit and lose {counted(len(lost), 'workout')} not saved?"
            detail = (
                "The history file could not be written, nor a copy kept for the next start"
                " (a full or read-only disk?). Stay, make room, then press r on History."
            )
            self._ask(question, detail, self.app.exit, no="Stay")
            return
        message = None
        if kept:
            from coretui.history.checkpoint import folder_for

            folder = folder_for(self.trainer.book.store.path)
            message = Text(
                f"coretui: {counted(len(kept), 'workout')} could not be saved to the history;"
                f" kept in {folder}, it is added at the next start."
            )
        self.app.exit(message=message)

    def _ask(self, question: str, detail: str, then: Callable[[], object], no: str = "") -> None:
        """Ask before quitting; `then` quits on a yes."""
        from coretui.tui.screens.confirm import ConfirmScreen

        workout = self.screen  # (paused under the question, as under any dialog)
        paused = workout is not None and self.app.screen is workout and workout.pause_for_modal()

        def answered(quit_anyway: bool | None) -> None:
            self._quit_asked = False
            if quit_anyway:
                then()
            elif paused and workout is not None:
                workout.resume_after_modal()

        self._quit_asked = True
        no = no or "Keep editing"
        self.app.push_screen(ConfirmScreen(question, detail, yes="Quit", no=no), answered)

    def _edits_unsaved(self) -> bool:
        """A routine is open in the editor with changes not saved."""
        pickers = (s for s in self.app.screen_stack if isinstance(s, PickerScreen))
        return any(p.editor is not None and p.editor.unsaved() for p in pickers)

    def close_down(self) -> None:
        """Closing without asking (a signal, a closed terminal): save what is in progress,
        and keep a routine's unsaved edits for the next start."""
        self.save_in_progress()
        folder = self.trainer.paths.kept_edits_dir
        for picker in (s for s in self.app.screen_stack if isinstance(s, PickerScreen)):
            # Once a run: a hangup comes as a signal and as the terminal's end of input.
            kept = keep_unsaved_edits(picker, folder, self.wall_clock(), self._kept)
            self._kept = kept or self._kept

    def save_in_progress(self) -> None:
        """Closing down: save a workout in progress at once, without its summary; or
        what an open summary's fields hold."""
        screen, self.screen = self.screen, None
        self.sound.playing = None
        if screen is not None:
            result = screen.stop_now()
            self.awake.stop()
            if result.engine.work_started:
                self.trainer.book.record(result)
            else:
                self._keep_rating(result)
        for summary in self.summaries:
            summary.keep_before_exit()

    def _keep_rating(self, result: WorkoutResult) -> bool:
        """Put the pain rating asked at a resume on the session it carried on, though no
        new work followed (the quit question says so); True when there was one."""
        from coretui.workout.recording import rated_at_resume

        if not rated_at_resume(result.resumed, result.pain_before):
            return False
        assert result.resumed is not None
        result.session_id = result.resumed.id
        # Only if the session still lacks one: another window may have rated it since.
        said = self.trainer.book.annotate(result, result.pain_before, None, "", fill=True)
        if said.error:  # (deleted meanwhile, or a full disk: kept for a retry)
            self.app.notify(said.text, severity="warning", timeout=8, markup=False)
        return True

    def _ended(self, result: WorkoutResult | None) -> None:
        """Every workout that did some work ends on its summary."""
        self.screen = None
        self.sound.playing = None
        self.awake.stop()
        if result is None or result.session_id is not None:
            return  # nothing, or already saved by a shutdown that came first
        if not result.engine.work_started:
            if not self._keep_rating(result):
                self.app.notify("Stopped before the first exercise: nothing to save.", timeout=4)
            return
        from coretui.tui.screens.summary import SummaryScreen

        # Saved now, not when the summary appears: a hangup in between loses nothing.
        saved = self.trainer.book.record(result)
        summary = SummaryScreen(result, saved, self.trainer, self._asks_pain())
        self.summaries.append(summary)
        self.app.push_screen(summary, lambda _: self.summaries.remove(summary))

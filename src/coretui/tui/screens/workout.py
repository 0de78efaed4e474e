"""The workout: a big countdown, what to do now, what comes next, one key per action."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Label, Static

from coretui.durations import clock_text
from coretui.history import Session, new_session_id
from coretui.sound.cues import CuePlayer
from coretui.textsafe import printable
from coretui.tui.screens import screen_css
from coretui.tui.screens import workout_lines as lines
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.hurt import HurtChoice, HurtScreen, hurt_events
from coretui.tui.widgets.countdown import BigCountdown
from coretui.tui.widgets.cue import CueText
from coretui.tui.widgets.figure_stage import FigurePane, FigureStage
from coretui.tui.widgets.key_footer import KeyFooter
from coretui.tui.widgets.live_label import LiveLabel
from coretui.tui.widgets.notice import NoticeLine
from coretui.tui.widgets.still_progress import StillProgressBar
from coretui.workout.engine import Event, State, VariantChanged, WorkoutEngine, WorkoutFinished
from coretui.workout.figure_steps import step_figure
from coretui.workout.recording import WorkoutResult, rated_at_resume

COMPACT_BELOW_ROWS = 20
# Below this nothing useful fits: the screen asks for a larger terminal instead.
MIN_COLUMNS, MIN_ROWS = 20, 6
PHASE_CLASSES = ("-lead-in", "-work", "-rest", "-paused")
W = TypeVar("W", bound=Widget)


class WorkoutScreen(Screen[WorkoutResult]):
    """Runs one workout (its timing is the engine's); dismissed with its result at the end."""

    DEFAULT_CSS = screen_css("workout.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Resume"),
        Binding("enter", "set_done", "Done"),
        Binding("n,right", "skip", "Skip", key_display="n"),
        Binding("p,left", "back", "Back", key_display="p"),
        Binding("r", "restart", "Redo", show=False),  # in Help: 80 columns keep "? Help"
        Binding("plus,equals_sign", "add_time(10)", "10s", key_display="+/-"),  # (and "-")
        Binding("minus,underscore", "add_time(-10)", "10s", key_display="-", show=False),
        Binding("e", "easier", "Easy"),
        Binding("e", "full", "Full"),  # (on the easier variant: back to the full move)
        Binding("x", "hurts", "Hurts"),
        Binding("m", "sound(False)", "Mute"),
        Binding("m", "sound(True)", "Unmute"),
        Binding("v", "app.toggle_voice", "Voice", show=False),
        Binding("q,escape", "quit_workout", "Quit"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(
        self,
        engine: WorkoutEngine,
        cues: CuePlayer,
        *,
        wall_clock: Callable[[], datetime],
        preset_easier: frozenset[int] = frozenset(),
        resumed: Session | None = None,
        lacking: dict[int, str] | None = None,
        pain_before: int | None = None,
        on_step: Callable[[WorkoutResult], None] | None = None,
    ) -> None:
        super().__init__()
        self.on_step = on_step
        """Told the workout as it stands each time a step starts, once work has begun."""
        self.lacking = lacking or {}
        """Exercise index -> equipment the user lacks (with no variant that fits)."""
        self.engine = engine
        self.cues = cues
        self.wall_clock = wall_clock
        """Dates the session; every duration comes from the engine's clock."""
        self.preset_easier = preset_easier
        self.resumed = resumed
        self.pain_before = pain_before
        self.started_at: datetime | None = None
        self._timer: Timer | None = None
        self._modal_paused = False
        self._shown_keys = (engine.state, engine.on_easier())
        self._shown_step: tuple[object, ...] | None = None
        self._figure_shown = False
        self._found: dict[tuple[type[Widget], str], Widget] = {}
        self._result: WorkoutResult | None = None
        self._left = False
        self.record_id = new_session_id()

    def compose(self) -> ComposeResult:
        with Horizontal(id="workout-bar"):
            yield Label(id="phase-label")
            yield Label(id="routine-name")
            yield LiveLabel(id="total-left")
        yield Label(id="exercise")
        with FigureStage(id="stage"):
            yield BigCountdown(id="countdown")
            yield FigurePane(id="figure-pane")
        yield LiveLabel(id="counts")
        yield CueText(id="cue")
        yield Label(id="up-next")
        with NoticeLine(id="notice-line"):
            yield StillProgressBar(id="progress")
        yield KeyFooter(show_command_palette=False)
        yield Static(
            f"Make the terminal larger (at least {MIN_COLUMNS}x{MIN_ROWS}) to see the countdown.",
            id="too-small",
        )

    def on_mount(self) -> None:
        self.started_at = self.wall_clock()
        self.query_one("#routine-name", Label).update(
            Content(printable(self.engine.timeline.routine.name, single_line=True))
        )
        self.handle(self.engine.start())
        # What start-up built lives as long as the app: frozen, it is no longer walked by
        # every garbage collection during the countdown (several ms each).
        self.call_after_refresh(gc.freeze)

    def on_resize(self) -> None:
        """Below 20 rows the cue and "up next" give way so the digits stay big."""
        width, height = self.size
        self.set_class(height < COMPACT_BELOW_ROWS, "-compact")
        self.set_class(width < MIN_COLUMNS or height < MIN_ROWS, "-too-small")
        self.query_one(Footer).compact = width < 100  # else Quit and Help are cut off
        self._shown_step = None  # the step's lines again: the title cut to fit, the figure placed
        self.refresh_view()  # the top bar fitted to the new width, even while paused

    def _fit_cue(self) -> None:
        """A rest has room for the whole set-up cue; during work the digits come first."""
        compact = self.has_class("-compact")
        self.query_one(CueText).lines = 0 if compact else lines.cue_lines(self.engine, *self.size)

    # -- the clock -------------------------------------------------------------------

    def tick(self) -> None:
        """Advance the engine to now and show the result; the timer calls this."""
        self.handle(self.engine.tick())

    def _schedule(self) -> None:
        """Wake up exactly when the display will next change (at most 1 s away)."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = None
        if self.engine.state is State.RUNNING:
            # (The moving figure keeps its own time between ticks: FigurePane.show's follow.)
            self._timer = self.set_timer(lines.next_change_in(self.engine), self.tick)

    # -- events ------------------------------------------------------------------------

    def handle(self, events: list[Event]) -> None:
        """Play cues for engine events, then redraw and reschedule."""
        self.cues.play(events)
        keys = (self.engine.state, self.engine.on_easier())
        if self.on_step and lines.record_changed(events, self._shown_keys[0], self.engine):
            self.on_step(self.snapshot())  # kept for a crash
        if keys != self._shown_keys:
            self._shown_keys = keys
            self.refresh_bindings()  # Pause <-> Resume, Easy <-> Full in the footer
        if any(isinstance(e, WorkoutFinished) for e in events):
            self._finish()
            return
        self.refresh_view()
        self._schedule()

    def refresh_view(self) -> None:
        """Show the engine's state; widgets redraw only what changed.

        The step's own lines (title, cue, "up next", where the figure goes) are
        worked out again only when the step, the state or a variant changes: a
        plain tick updates the digits, the counts, the time left and the figure.
        """
        engine = self.engine
        step_key = (engine.index, engine.state, engine.following_index(), frozenset(engine.easier))
        if step_key != self._shown_step:
            self._shown_step = step_key
            self._show_step()
        self._one(BigCountdown).update(lines.big_text(engine))
        self._one(LiveLabel, "#counts").show(lines.step_counts(engine))
        place, left = lines.exercise_position(engine), engine.remaining_total_s()
        room = self.size.width - len(str(self._one(Static, "#phase-label").content)) - 6
        self._one(LiveLabel, "#total-left").show(lines.time_left(place, clock_text(left), room))
        total = engine.planned_total_s()
        self._one(StillProgressBar).update(total=total, progress=max(0.0, total - left))
        shown = step_figure(engine) if self._figure_shown else None
        running = engine.state is State.RUNNING
        # The figure's clock answers None once the engine stops, even unseen (a dialog).
        self._one(FigurePane).show(shown, engine.step_elapsed_now if running else None)

    def _show_step(self) -> None:
        engine = self.engine
        phase, label = lines.phase_class_and_label(engine)
        for widget in (self._one(BigCountdown), self._one(Static, "#phase-label")):
            if not widget.has_class(phase):
                widget.remove_class(*PHASE_CLASSES, update=False).add_class(phase)
        self._set_label("#phase-label", label)
        self._set_label("#exercise", lines.exercise_title(engine, self.size.width))
        self.query_one(CueText).show(*lines.cue_and_safety(engine, self.lacking))
        self._fit_cue()
        self._set_label("#up-next", lines.up_next(engine, self.size.width))
        self._figure_shown = self._place_figure() != "none"

    def _place_figure(self) -> str:
        """The figure beside or below the digits when the terminal has room to spare."""
        width, height = self.size
        compact = height < COMPACT_BELOW_ROWS
        cue = 0 if compact else lines.cue_lines(self.engine, width, height)
        rows = height - lines.OUTSIDE_STAGE_ROWS[compact] - cue
        drawn = step_figure(self.engine) is not None
        stage = self.query_one(FigureStage)
        return stage.place_for_step(width, height, rows, self.engine.step, drawn=drawn)

    def _one(self, kind: type[W], selector: str = "") -> W:
        """A widget of this screen, looked up once: the clock asks for some every tick."""
        if (kind, selector) not in self._found:
            found = self.query_one(selector, kind) if selector else self.query_one(kind)
            self._found[kind, selector] = found
        return cast(W, self._found[kind, selector])

    def _set_label(self, selector: str, text: str) -> None:
        widget = self._one(Static, selector)
        shown = printable(text)
        old = str(widget.content)
        if old != shown:
            # A label as wide as its text needs a new layout only when its length changes.
            width = widget.styles.width
            sized = width is not None and width.is_auto and len(old) != len(shown)
            widget.update(Content(shown), layout=sized)

    def snapshot(self) -> WorkoutResult:
        """The workout as it stands now (its record so far), or as it ended."""
        return self._result or WorkoutResult(
            routine=self.engine.timeline.routine,
            engine=self.engine,
            started_at=self.started_at or self.wall_clock(),
            finished_at=self.wall_clock(),
            preset_easier=self.preset_easier,
            resumed=self.resumed,
            pain_before=self.pain_before,
            record_id=self.record_id,
        )

    def result(self) -> WorkoutResult:
        """The workout as it ended (call once the engine has finished)."""
        if self._result is None:
            if self._timer is not None:
                self._timer.stop()
            self._result = self.snapshot()
        return self._result

    def stop_now(self) -> WorkoutResult:
        """End the workout at once (the app is closing) and return what was done."""
        self.cues.play(self.engine.stop())
        return self.result()

    def _finish(self) -> None:
        self.result()
        # A screen the workout does not own (the palette) may be on top: then the
        # workout leaves when it is back on top (on_screen_resume).
        if self.app.screen is self:
            self._leave()

    def on_screen_resume(self) -> None:
        if self._result is not None:
            self._leave()

    def _leave(self) -> None:
        if not self._left:
            self._left = True
            gc.unfreeze()
            self.dismiss(self._result)

    # -- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Footer labels that follow the state: Pause / Resume, Easy / Full, Mute / Unmute."""
        if action == "sound":
            return parameters != (self.cues.sound,)
        paused, easier = self.engine.state is State.PAUSED, self.engine.on_easier()
        shown = {"pause": not paused, "resume": paused, "easier": not easier, "full": easier}
        return shown.get(action, True)

    def action_pause(self) -> None:
        self.handle(self.engine.pause())

    def action_resume(self) -> None:
        self.handle(self.engine.resume())

    def action_set_done(self) -> None:
        self.handle(self.engine.set_done())

    def action_skip(self) -> None:
        engine, at = self.engine, self.engine.index
        self.handle(lines.skip_key(engine, self.lacking)())
        if engine.index == at and engine.next_step is None and not engine.finished:
            self.notify("The last step: n again, a second later, ends the workout.", timeout=3)

    def action_back(self) -> None:
        self.handle(self.engine.back())

    def action_restart(self) -> None:
        self.handle(self.engine.restart_step())

    def action_add_time(self, seconds: float) -> None:
        if self.engine.step_length() is None:
            message = "A self-paced set has no timer: press Enter when the set is done."
            self.notify(message, timeout=3)
            return
        self.handle(self.engine.add_time(seconds))

    def show_notice(
        self, message: str | Content, severity: SeverityLevel, timeout: float | None, **how: bool
    ) -> None:
        """A notice in the line above the footer, where it covers nothing the user follows."""
        self.query_one(NoticeLine).show(message, severity, timeout, **how)

    def action_easier(self) -> None:
        events = self.engine.toggle_easier()
        if not any(isinstance(e, VariantChanged) for e in events) and not self.engine.finished:
            self.notify(lines.no_easier_words(self.engine), timeout=3, markup=False)
        self.handle(events)

    action_full = action_easier

    def action_hurts(self) -> None:
        """x: pause, mark the exercise as hurting, and offer a safer way on."""
        was_running = self.engine.state is State.RUNNING
        self.handle(self.engine.mark_hurt())
        if not self.engine.finished:
            self._modal_paused = was_running
            self.app.push_screen(HurtScreen.for_step(self.engine), self._after_hurt)

    def _after_hurt(self, choice: HurtChoice | None) -> None:
        engine = self.engine
        if choice == "end" or (choice == "easier" and engine.step.is_work):
            self._modal_paused = False  # ended; or a new position to get into: Space
        self.handle(hurt_events(engine, choice))
        if choice != "meant":
            return self.resume_after_modal()
        # The mark moved to the exercise begun: the choices for it.
        self.app.push_screen(HurtScreen.for_step(engine, engine.hurt_marked), self._after_hurt)

    def action_sound(self, on: bool) -> None:
        self.cues.sound = on
        self.notify("Sound on" if on else "Sound muted (m to unmute)", timeout=2)
        self.refresh_bindings()

    def pause_for_modal(self) -> bool:
        """Pause while a dialog covers the countdown (`resume_after_modal` undoes it);
        False when the workout turned out to have ended: then no dialog should open."""
        if self.engine.state is State.RUNNING:
            self._modal_paused = True
            self.handle(self.engine.pause())
        return not self.engine.finished

    def resume_after_modal(self) -> None:
        """Resume if it was `pause_for_modal` that paused the workout."""
        if self._modal_paused and self.engine.state is State.PAUSED:
            self.handle(self.engine.resume())
        self._modal_paused = False

    def pause_if_running(self) -> None:
        """Pause (Ctrl+Z...) for Space to resume: not a dialog's closing, back from a shell."""
        self._modal_paused = False
        if self.engine.state is State.RUNNING:
            self.handle(self.engine.pause())

    def action_quit_workout(self) -> None:
        if not self.pause_for_modal():
            return

        def decided(quit_now: bool | None) -> None:
            if quit_now:
                self._modal_paused = False
                self.handle(self.engine.stop())
            else:
                self.resume_after_modal()

        saved = lines.quit_outcome(self.engine, rated_at_resume(self.resumed, self.pain_before))
        question = ConfirmScreen("Quit this workout?", saved, yes="Quit", no="Keep going")
        self.app.push_screen(question, decided)

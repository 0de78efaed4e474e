"""The workout: a big countdown, what to do now, what comes next, one key per action."""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label, ProgressBar, Static

from coretui.cues import CuePlayer
from coretui.durations import clock_text, elapsed_text
from coretui.engine import Event, State, WorkoutEngine, WorkoutFinished
from coretui.history import Session
from coretui.recording import WorkoutResult
from coretui.screens.confirm import ConfirmScreen
from coretui.textsafe import printable
from coretui.timeline import Step, StepKind
from coretui.widgets.countdown import BigCountdown

if TYPE_CHECKING:
    from coretui.app import CoreApp

COMPACT_BELOW_ROWS = 20
# Below this nothing useful fits: the screen asks for a larger terminal instead.
MIN_COLUMNS, MIN_ROWS = 20, 6
PHASE_CLASSES = ("-lead-in", "-work", "-rest", "-paused", "-done")


def step_counts(engine: WorkoutEngine) -> str:
    """ "Set 2/3 · HOLD 3 · 0:52 left in the set" and the like, under the big digits."""
    step = engine.step
    parts: list[str] = []
    if step.sets > 1 and step.kind is StepKind.WORK:
        parts.append(f"Set {step.set_number}/{step.sets}")
    position = engine.rep_position()
    remaining = engine.step_remaining()
    if position is not None and step.reps is not None:
        rep, phase, left = position
        parts.append(f"Rep {rep} of {step.reps}")
        if len(step.phases) > 1:
            parts.append(f"{phase.upper()} {math.ceil(left - 1e-9)}")
        if remaining is not None:
            parts.append(f"{clock_text(remaining)} left in the set")
    elif step.reps is not None and step.kind is StepKind.WORK:
        parts.append(f"{step.reps} reps at your pace · Enter when done")
    return " · ".join(parts)


def big_text(engine: WorkoutEngine) -> str:
    """What the big digits show: the rep number in a paced set, else the time."""
    position = engine.rep_position()
    if position is not None and engine.step.reps is not None:
        return str(position[0])
    remaining = engine.step_remaining()
    if remaining is None:
        return elapsed_text(engine.step_elapsed())  # a self-paced set counts up
    return clock_text(remaining)


def up_next(engine: WorkoutEngine) -> str:
    """ "Up next: Rest 0:30, then Hip raise" and the like."""
    following = engine.following_index()
    steps = engine.timeline.steps
    if following >= len(steps):
        return "Up next: the finish"
    nxt = steps[following]
    text = f"Up next: {step_name(engine, nxt)}"
    if nxt.is_work and nxt.reps is not None:
        text += f", {nxt.reps} reps"
    elif nxt.seconds is not None:
        text += f" {clock_text(nxt.seconds)}"
    if nxt.is_rest and following + 1 < len(steps):
        text += f", then {step_name(engine, steps[following + 1])}"
    return text


def step_name(engine: WorkoutEngine, step: Step) -> str:
    """The step's title, naming the easier variant when that is what the user does."""
    variant = engine.variant_name(step.exercise_index) if step.is_work else None
    if variant is None:
        return step.title
    return f"{variant} · {step.side.capitalize()} side" if step.side else variant


class StillProgressBar(ProgressBar):
    """A ProgressBar without its once-a-second ETA timer: the workout updates it itself."""

    # Taking the event (unlike ProgressBar's) lets it stop ProgressBar.on_mount's timer.
    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()
        self.update()


class WorkoutScreen(Screen[None]):
    """Runs one workout. All timing lives in the engine; this screen only shows it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Resume"),
        Binding("enter", "set_done", "Done"),
        Binding("n,right", "skip", "Skip", key_display="n"),
        Binding("p,left", "back", "Back", key_display="p"),
        Binding("r", "restart", "Redo"),
        Binding("plus,equals_sign", "add_time(10)", "10s", key_display="+"),
        Binding("minus,underscore", "add_time(-10)", "10s", key_display="-"),
        Binding("e", "easier", "Easy"),
        Binding("m", "mute", "Mute"),
        Binding("m", "unmute", "Unmute"),
        Binding("v", "app.toggle_voice", "Voice", show=False),
        Binding("q,escape", "quit_workout", "Quit"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(
        self,
        engine: WorkoutEngine,
        cues: CuePlayer,
        preset_easier: frozenset[int] = frozenset(),
        resumed: Session | None = None,
        lacking: dict[int, str] | None = None,
    ) -> None:
        super().__init__()
        self.lacking = lacking or {}
        """Exercise index -> equipment the user lacks (with no variant that fits)."""
        self.engine = engine
        self.cues = cues
        self.preset_easier = preset_easier
        self.resumed = resumed
        self.started_at: datetime | None = None
        self._timer: Timer | None = None
        self._modal_paused = False
        self._shown_state = engine.state

    @property
    def core_app(self) -> CoreApp:
        """The app, typed."""
        from coretui.app import CoreApp

        assert isinstance(self.app, CoreApp)
        return self.app

    def compose(self) -> ComposeResult:
        with Horizontal(id="workout-bar"):
            yield Label(id="phase-label")
            yield Label(id="routine-name")
            yield Label(id="total-left")
        yield Label(id="exercise")
        yield BigCountdown(id="countdown")
        yield Label(id="counts")
        yield Static(id="cue")
        yield Label(id="up-next")
        yield StillProgressBar(id="progress", show_eta=False, show_percentage=False)
        yield Footer(show_command_palette=False)
        yield Static(
            f"Make the terminal larger (at least {MIN_COLUMNS}x{MIN_ROWS}) to see the countdown.",
            id="too-small",
        )

    def on_mount(self) -> None:
        self.started_at = self.core_app.wall_clock()
        self.query_one("#routine-name", Label).update(
            Content(printable(self.engine.timeline.routine.name, single_line=True))
        )
        self.handle(self.engine.start())

    def on_resize(self) -> None:
        """Below 20 rows the cue and "up next" give way so the digits stay big."""
        width, height = self.size
        self.set_class(height < COMPACT_BELOW_ROWS, "-compact")
        self.set_class(width < MIN_COLUMNS or height < MIN_ROWS, "-too-small")
        # Below 100 columns the full footer would cut off Quit and Help: tighten it.
        self.query_one(Footer).compact = width < 100

    # -- the clock -------------------------------------------------------------------

    def tick(self) -> None:
        """Advance the engine to now and show the result; the timer calls this."""
        self.handle(self.engine.tick())

    def _schedule(self) -> None:
        """Wake up exactly when the display will next change (at most 1 s away)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.engine.state is not State.RUNNING:
            return
        self._timer = self.set_timer(self._next_change_in(), self.tick)

    def _next_change_in(self) -> float:
        engine = self.engine
        remaining = engine.step_remaining()
        if remaining is None:
            elapsed = engine.step_elapsed()
            delay = math.floor(elapsed) + 1 - elapsed
        else:
            delay = remaining - (math.ceil(remaining - 1e-9) - 1)
        position = engine.rep_position()
        if position is not None:
            _, _, phase_left = position
            fraction = phase_left - math.floor(phase_left)
            if fraction > 0:
                delay = min(delay, fraction)
        # A small margin lands the tick just after the boundary, not just before it.
        return min(1.0, max(0.02, delay + 0.005))

    # -- events ------------------------------------------------------------------------

    def handle(self, events: list[Event]) -> None:
        """Play cues for engine events, then redraw and reschedule."""
        self.cues.play(events)
        if self.engine.state is not self._shown_state:
            self._shown_state = self.engine.state
            self.refresh_bindings()  # Pause <-> Resume in the footer
        if any(isinstance(e, WorkoutFinished) for e in events):
            self._finish()
            return
        self.refresh_view()
        self._schedule()

    def refresh_view(self) -> None:
        """Show the engine's state; widgets redraw only what changed."""
        engine = self.engine
        step = engine.step
        self.query_one(BigCountdown).update(big_text(engine))
        phase = self._phase_class()
        for name in PHASE_CLASSES:
            self.set_class(name == phase, name)
        labels = {
            "-lead-in": "GET READY",
            "-work": "WORK",
            "-rest": "SWITCH" if step.kind is StepKind.SWITCH else "REST",
            "-paused": "PAUSED · Space to go on",
        }
        self._set_label("#phase-label", labels.get(phase, ""))
        title = step_name(engine, step)
        if step.is_work and engine.variant_name(step.exercise_index):
            title += " (easier)"
        self._set_label("#exercise", title)
        self._set_label("#counts", step_counts(engine))
        self._set_label("#cue", self._cue_text())
        self._set_label("#up-next", up_next(engine))
        left = engine.remaining_total_s()
        self._set_label("#total-left", f"{clock_text(left)} left")
        progress = self.query_one(ProgressBar)
        total = engine.planned_total_s()
        progress.update(total=total, progress=max(0.0, total - left))

    def _set_label(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        shown = printable(text)
        old = str(widget.content)
        if old != shown:
            # Same length (a ticking "12:34 left"): repaint the label, skip a new layout.
            widget.update(Content(shown), layout=len(old) != len(shown))

    def _phase_class(self) -> str:
        if self.engine.state is State.PAUSED:
            return "-paused"
        kind = self.engine.step.kind
        if kind is StepKind.LEAD_IN:
            return "-lead-in"
        return "-work" if kind is StepKind.WORK else "-rest"

    def _cue_text(self) -> str:
        engine = self.engine
        step = engine.step
        exercise = engine.timeline.exercise_of(step)
        if step.kind is StepKind.LEAD_IN:
            first = engine.next_step
            nxt = engine.timeline.exercise_of(first) if first else None
            return f"First: {nxt.name}. {nxt.cue}" if nxt else ""
        if exercise is None:
            return "Breathe. Shake out your arms and legs."
        if step.kind is not StepKind.WORK:
            return (
                "Roll over and set up for the other side."
                if step.kind is StepKind.SWITCH
                else "Breathe."
            )
        if step.exercise_index in self.lacking:
            return f"You have no {self.lacking[step.exercise_index]}: press n to skip this one."
        variant = engine.timeline.variant_of(step, step.exercise_index in engine.easier)
        cue = variant.cue if variant else exercise.cue
        safety = (variant.safety if variant else "") or exercise.safety
        return f"{cue}  {safety}".strip()

    def _finish(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        result = WorkoutResult(
            routine=self.engine.timeline.routine,
            engine=self.engine,
            started_at=self.started_at or self.core_app.wall_clock(),
            finished_at=self.core_app.wall_clock(),
            preset_easier=self.preset_easier,
            resumed=self.resumed,
        )
        self.core_app.workout_finished(self, result)

    # -- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space reads "Pause" while running and "Resume" while paused."""
        if action == "pause":
            return self.engine.state is not State.PAUSED
        if action == "resume":
            return self.engine.state is State.PAUSED
        if action == "mute":
            return self.cues.sound
        if action == "unmute":
            return not self.cues.sound
        return True

    def action_pause(self) -> None:
        self.handle(self.engine.pause())

    def action_resume(self) -> None:
        self.handle(self.engine.resume())

    def action_set_done(self) -> None:
        self.handle(self.engine.set_done())

    def action_skip(self) -> None:
        self.handle(self.engine.skip())

    def action_back(self) -> None:
        self.handle(self.engine.back())

    def action_restart(self) -> None:
        self.handle(self.engine.restart_step())

    def action_add_time(self, seconds: float) -> None:
        if self.engine.step_length() is None:
            self.notify(
                "A self-paced set has no timer: press Enter when the set is done.", timeout=3
            )
            return
        self.handle(self.engine.add_time(seconds))

    def action_easier(self) -> None:
        if not self.engine.toggle_easier():
            self.notify("This exercise has no easier variant.", timeout=3)
        self.refresh_view()

    def action_mute(self) -> None:
        self.cues.sound = False
        self.notify("Sound muted (m to unmute)", timeout=2)
        self.refresh_bindings()

    def action_unmute(self) -> None:
        self.cues.sound = True
        self.notify("Sound on", timeout=2)
        self.refresh_bindings()

    def pause_for_modal(self) -> None:
        """Pause while a dialog covers the countdown; `resume_after_modal` undoes it."""
        if self.engine.state is State.RUNNING:
            self._modal_paused = True
            self.handle(self.engine.pause())

    def resume_after_modal(self) -> None:
        """Resume if it was `pause_for_modal` that paused the workout."""
        if self._modal_paused and self.engine.state is State.PAUSED:
            self.handle(self.engine.resume())
        self._modal_paused = False

    def pause_if_running(self) -> None:
        """Pause (for Ctrl+Z and the like); the user resumes with Space."""
        if self.engine.state is State.RUNNING:
            self.handle(self.engine.pause())

    def action_quit_workout(self) -> None:
        self.pause_for_modal()

        def decided(quit_now: bool | None) -> None:
            if quit_now:
                self._modal_paused = False
                self.handle(self.engine.stop())
            else:
                self.resume_after_modal()

        self.app.push_screen(
            ConfirmScreen(
                "Quit this workout?",
                "What you did so far is saved as a partial session.",
                yes="Quit",
                no="Keep going",
            ),
            decided,
        )

""" "This hurts": the workout pauses and offers a way out that keeps the back safe."""

from __future__ import annotations

from typing import ClassVar, Literal, cast, get_args

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from coretui.textsafe import printable
from coretui.tui.screens.workout_lines import step_name
from coretui.tui.widgets.key_footer import KeyFooter
from coretui.workout.engine import Event, WorkoutEngine

HurtChoice = Literal["easier", "skip", "end", "meant"]


def hurt_events(engine: WorkoutEngine, choice: HurtChoice | None) -> list[Event]:
    """What the choice does to the workout (None, Esc: nothing; it carries on)."""
    if choice == "end":
        return engine.stop()
    if choice == "easier":
        return engine.toggle_easier()
    if choice == "skip":
        return engine.skip_exercise()
    if choice == "meant":
        return engine.move_hurt_mark()
    return []


class HurtScreen(ModalScreen[HurtChoice | None]):
    """Offers the easier variant, skipping the exercise, or ending; Esc keeps going."""

    DEFAULT_CSS = """
    HurtScreen {
        align: center middle;
        #hurt-dialog {
            width: 60;
            max-width: 100%;
            height: auto;
            padding: 1 2;
            background: $panel;
            border: thick $warning;
        }
        #hurt-dialog Label { width: 100%; margin-bottom: 1; }
        #hurt-dialog Button { width: 100%; margin-bottom: 0; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "choose('easier')", "Easier"),
        Binding("s", "choose('skip')", "Skip"),
        Binding("q", "choose('end')", "End"),
        Binding("m", "choose('meant')", "Meant this one"),
        Binding("escape", "choose(None)", "Keep going", key_display="Esc"),
    ]

    def __init__(
        self, exercise: str, easier: str | None, can_skip: bool, meant: str | None = None
    ) -> None:
        super().__init__()
        self.exercise = exercise
        self.easier = easier
        self.can_skip = can_skip
        self.meant = meant
        """The exercise just begun, when the key marked the one that ended."""
        self._answered = False

    @classmethod
    def for_step(cls, engine: WorkoutEngine, hurting: int | None = None) -> HurtScreen:
        """The dialog for the step the workout is in (a rest between exercises: no skip);
        `hurting`: the step marked, if not the one `hurting_index` gives."""
        # Named as the step it marks: the one under way, or in a rest or a side switch
        # the one just done ("Switch sides hurts" was said of a bird dog's left side).
        hurting = engine.hurting_index() if hurting is None else hurting
        marked = None if hurting is None else engine.timeline.steps[hurting]
        name = "This" if marked is None else step_name(engine, marked)
        exercise = engine.timeline.exercise_of(engine.step)
        if exercise is None or (marked and marked.exercise_index != engine.step.exercise_index):
            # A rest; or the exercise begun this second, the key meant for the one that
            # ended (`hurting_index`): choices for the one begun would not be for it,
            # unless the mark is moved to it.
            meant = None if exercise is None else step_name(engine, engine.step)
            return cls(name, None, can_skip=False, meant=meant)
        on_easier = engine.variant_name(engine.step.exercise_index) is not None
        easier = None
        if exercise.easier is not None and not on_easier:
            easier = printable(exercise.easier.name, single_line=True)
        return cls(name, easier, can_skip=True)

    def compose(self) -> ComposeResult:
        with Vertical(id="hurt-dialog"):
            yield Label(Content(f"Paused. {self.exercise} hurts: stop pushing into pain."))
            if self.easier is not None:
                yield Button(Content(f"Switch to {self.easier} (e)"), id="easier")
            if self.can_skip:
                yield Button("Skip this exercise (s)", id="skip")
            if self.meant is not None:
                yield Button(Content(f"It is {self.meant} that hurts (m)"), id="meant")
            yield Button("End the workout (q)", id="end", variant="error")
            yield Button("Keep going (Esc)", id="keep", variant="primary")
        yield KeyFooter()  # over the workout's, whose keys do nothing here

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers only the choices the dialog does."""
        offered = {
            "easier": self.easier is not None,
            "skip": self.can_skip,
            "meant": self.meant is not None,
        }
        return action != "choose" or offered.get(str(parameters[0]), True)

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id
        self.action_choose(None if choice == "keep" else choice)

    def action_choose(self, choice: str | None) -> None:
        """Answer once (a choice the dialog does not offer has no key: `check_action`)."""
        if self._answered:
            return
        self._answered = True
        self.dismiss(cast(HurtChoice, choice) if choice in get_args(HurtChoice) else None)

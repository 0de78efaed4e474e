"""Home: choose a routine, see its steps, the streak, and any broken routine files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from coretui.durations import human_duration
from coretui.textsafe import printable
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.editor import EditorScreen, Saved
from coretui.tui.widgets.exercise_rows import ExerciseItem, ExerciseRows
from coretui.wording import counted
from coretui.workout.coaching import Plan, plan_notes
from coretui.workout.routine_files import copied, routine_data
from coretui.workout.routines import (
    HoldExercise,
    Library,
    LoadedRoutine,
    LoadError,
    RepsExercise,
    Routine,
    load_library,
)
from coretui.workout.timeline import compile_routine

if TYPE_CHECKING:
    from coretui.services.trainer import ResumeOffer, Trainer


def _text(text: str) -> str:
    return printable(text, single_line=True)


def exercise_line(exercise: HoldExercise | RepsExercise) -> str:
    """ "Side plank: 60 s each side" or "Hip raise: 3 x 15, up 1 s / hold 5 s / down 1 s"."""
    each = " each side" if exercise.per_side else ""
    if isinstance(exercise, HoldExercise):
        amount = f"{exercise.seconds}s hold{each}"
        if exercise.sets > 1:
            amount = f"{exercise.sets} x {exercise.seconds}s hold{each}"
    else:
        amount = f"{exercise.sets} x {exercise.reps}{each}"
        if exercise.tempo is None:
            amount += ", your pace"
        elif isinstance(exercise.tempo, list):
            amount += ", " + " / ".join(f"{p.name} {p.seconds:g}s" for p in exercise.tempo)
        else:
            amount += f", {exercise.tempo:g}s a rep"
    if exercise.sets > 1:
        rest = "" if exercise.rest_s is None else f" (rest {exercise.rest_s}s)"
        amount += rest
    return f"{_text(exercise.name)}: {amount}"


def routine_detail(routine: Routine, last_done: date | None, notes: Sequence[str] = ()) -> str:
    """The detail pane's text above the exercises, with the user's notes (progress, swaps)."""
    timeline = compile_routine(routine)
    lines = [_text(routine.name), ""]
    if notes:  # first, where they are seen: what differs for this user
        lines += [*(printable(note, single_line=True) for note in notes), ""]
    if routine.description:
        lines += [printable(routine.description), ""]
    lines.append(
        f"About {human_duration(timeline.total_s)} · {counted(len(routine.exercises), 'exercise')}"
        f" · get ready {routine.lead_in_s}s · rests {routine.rest_between_sets_s}s"
        f" between sets, {routine.rest_between_exercises_s}s between exercises"
    )
    lines.append("Equipment: " + (", ".join(routine.equipment) or "none"))
    lines.append(f"Last done: {last_done.isoformat() if last_done else 'not yet'}")
    return "\n".join(lines)


def exercise_items(routine: Routine) -> list[ExerciseItem]:
    """Each exercise's line ("2. Side plank: 60s hold each side", its easier variant) and figure."""
    items: list[ExerciseItem] = []
    for number, exercise in enumerate(routine.exercises, 1):
        text = f"{number}. {exercise_line(exercise)}"
        if exercise.easier:
            # No-break spaces: the wrapper would strip ordinary leading ones.
            text += f"\n\u00a0\u00a0\u00a0easier: {_text(exercise.easier.name)}"
        items.append(ExerciseItem(text, exercise.figure))
    return items


def routine_option(loaded: LoadedRoutine, plan: Plan, last_done: date | None) -> Option:
    """One entry of the routine list: name, then time, exercises, equipment, last done."""
    routine = plan.routine
    total = compile_routine(routine).total_s
    equipment = ", ".join(routine.equipment) or "no equipment"
    when = last_done.isoformat() if last_done else "not yet"
    extras = [
        *(["your routine"] if loaded.source == "user" else []),
        *([f"{len(plan.swaps)} swapped for your equipment"] if plan.swaps else []),
        *(["your progress"] if plan.changes else []),
    ]
    prompt = Content.assemble(
        (_text(routine.name), "bold"),
        f"\n{human_duration(total)} · {counted(len(routine.exercises), 'exercise')} · {equipment}",
        f"\nlast done: {when}" + "".join(f" · {extra}" for extra in extras),
    )
    return Option(prompt, id=routine.id)


class PickerScreen(Screen[None]):
    """The home screen: routines on the left, the highlighted one's steps on the right."""

    DEFAULT_CSS = """
    PickerScreen {
        #picker-main { height: 1fr; }
        #routines {
            width: 2fr;
            height: 1fr;
            border: round $primary 50%;
            &:focus { border: round $primary; }
        }
        #detail-pane {
            width: 3fr;
            height: 1fr;
            border: round $secondary 50%;
            padding: 0 1;
        }
        #detail { margin-bottom: 1; }
        #detail-credit { margin-top: 1; }
        #load-errors {
            height: auto;
            max-height: 5;
            color: $error;
            padding: 0 1;
            border-top: solid $error;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", priority=True),
        Binding("c", "copy", "Copy"),
        Binding("a", "new", "New"),
        Binding("E", "edit", "Edit", key_display="E"),
        Binding("h", "app.history", "History"),
        Binding("s", "app.settings", "Settings"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    class StartWorkout(Message):
        """Start a routine (carrying on `resume` when the user chose to)."""

        def __init__(self, routine: Routine, resume: ResumeOffer | None) -> None:
            super().__init__()
            self.routine = routine
            self.resume = resume

    def __init__(
        self, trainer: Trainer, wall_clock: Callable[[], datetime], *, editable: bool = True
    ) -> None:
        super().__init__()
        self.trainer = trainer
        self.wall_clock = wall_clock
        self.routines_dir: Path | None = trainer.paths.routines_dir if editable else None
        """Where the editor saves new routines; None turns the editor off."""
        self.overlays = trainer.overlays
        """The user's accepted progress, which a copy starts from."""
        self.routines: list[LoadedRoutine] = trainer.library.routines
        self.errors: list[LoadError] = trainer.library.errors
        self.book = trainer.book
        self.last_done: dict[str, date] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="picker-bar"):
            yield Label("coretui · core routines", id="app-title")
            yield Label("Streak …", id="streak")
        with Horizontal(id="picker-main"):
            yield OptionList(*self._options(), id="routines")
            with VerticalScroll(id="detail-pane"):
                yield Static(id="detail")
                yield ExerciseRows(id="detail-exercises")
                yield Static(id="detail-credit")
        with VerticalScroll(id="load-errors"):
            yield Static(id="load-errors-text")
        yield Footer()

    def on_mount(self) -> None:
        self._show_errors()
        options = self.query_one("#routines", OptionList)
        options.focus()
        if self.routines:
            options.highlighted = 0
            self._show()

    def on_resize(self) -> None:
        # Below 100 columns the full footer would cut off Help and Quit: tighten it.
        self.query_one(Footer).compact = self.size.width < 100

    def on_screen_resume(self) -> None:
        """Back from a workout, the history or settings: dates, streak, equipment may differ."""
        if self.book.loaded:
            self.show_history()
        else:
            self.refresh_routines()

    def show_history(self) -> None:
        """Show "last done" dates and the streak (once the history is read)."""
        self.last_done = self.book.last_done()
        self.query_one("#streak", Label).update(Content(self.book.streak_text()))
        self.refresh_routines()

    def refresh_routines(self) -> None:
        """Rebuild the list and the detail pane (settings and progress change them)."""
        options = self.query_one("#routines", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = highlighted
        self._show()

    def _options(self) -> list[Option | None]:
        """One option per routine, with separators (None) between them."""
        options: list[Option | None] = []
        for loaded in self.routines:
            if options:
                options.append(None)
            plan = self.trainer.plan(loaded.routine)
            options.append(routine_option(loaded, plan, self.last_done.get(loaded.routine.id)))
        return options

    @property
    def selected(self) -> LoadedRoutine | None:
        """The highlighted routine."""
        option_list = self.query_one("#routines", OptionList)
        index = option_list.highlighted
        if index is None:
            return None
        routine_id = option_list.get_option_at_index(index).id
        return next((r for r in self.routines if r.routine.id == routine_id), None)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._show()
        self.query_one("#detail-pane", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_start()

    def _show(self) -> None:
        loaded = self.selected
        if loaded is None:
            return
        plan = self.trainer.plan(loaded.routine)
        detail = routine_detail(plan.routine, self.last_done.get(plan.routine.id), plan_notes(plan))
        self.query_one("#detail", Static).update(Content(detail))
        credit = self.query_one("#detail-credit", Static)
        credit.display = bool(plan.routine.credit)
        credit.update(Content(printable(plan.routine.credit or "")))
        self.query_one(ExerciseRows).show(exercise_items(plan.routine))

    def action_start(self) -> None:
        """Start the highlighted routine, offering to resume an unfinished one."""
        loaded = self.selected
        if loaded is None:
            return
        routine = loaded.routine
        offer = self.trainer.resume_offer(routine, self.wall_clock())
        if offer is None:
            self.post_message(self.StartWorkout(routine, None))
            return

        def chosen(resume: bool | None) -> None:
            if resume is not None:
                self.post_message(self.StartWorkout(routine, offer if resume else None))

        self.app.push_screen(
            ConfirmScreen(
                f"Resume at {offer.label}?",
                "You stopped this routine part-way earlier today.",
                yes="Resume",
                no="Start over",
                danger=False,
            ),
            chosen,
        )

    # -- the editor ----------------------------------------------------------------------

    class RoutinesChanged(Message):
        """The editor saved a routine: the library was read again."""

        def __init__(self, library: Library) -> None:
            super().__init__()
            self.library = library

    def _show_errors(self) -> None:
        pane = self.query_one("#load-errors", VerticalScroll)
        pane.display = bool(self.errors)
        shown = "\n".join(printable(str(e), single_line=True) for e in self.errors)
        text = f"Routine files with errors ('coretui validate FILE'):\n{shown}"
        self.query_one("#load-errors-text", Static).update(Content(text))

    def _taken(self) -> dict[str, str]:
        return {r.routine.id: r.file for r in self.routines}

    def open_editor(self, data: dict[str, object], target: Path, new_id: bool, note: str) -> None:
        """The editor on `data`; what it saves is loaded back into the list."""
        editor = EditorScreen(data, target, taken=self._taken(), new_id=new_id, note=note)
        self.app.push_screen(editor, self._edited)

    def action_copy(self, loaded: LoadedRoutine | None = None) -> None:
        """Copy the highlighted routine (with the user's progress) into the editor."""
        loaded = loaded or self.selected
        if loaded is None or self.routines_dir is None:
            return
        changes = self.overlays.for_routine(loaded.routine.id) if self.overlays else {}
        data, note = copied(loaded.routine, changes, self._taken())
        self.open_editor(data, self.routines_dir / f"{data['id']}.toml", True, note)

    def action_new(self) -> None:
        """Start an empty routine in the editor."""
        if self.routines_dir is None:
            return
        taken = self._taken()
        routine_id = "my-routine"
        number = 2
        while routine_id in taken:
            routine_id, number = f"my-routine-{number}", number + 1
        data: dict[str, object] = {"id": routine_id, "name": "My routine", "exercises": []}
        note = "A new routine: Ctrl+N adds an exercise."
        self.open_editor(data, self.routines_dir / f"{routine_id}.toml", True, note)

    def edit_routine(self, routine_id: str) -> None:
        """The editor on one routine, by id (`coretui edit ID`)."""
        loaded = next((r for r in self.routines if r.routine.id == routine_id), None)
        self.action_edit(loaded)

    def action_edit(self, loaded: LoadedRoutine | None = None) -> None:
        """Edit a user routine in place; a bundled one is offered as a copy."""
        loaded = loaded or self.selected
        if loaded is None or self.routines_dir is None:
            return
        if loaded.source == "user":
            note = f"Editing {loaded.file}"
            self.open_editor(routine_data(loaded.routine), Path(loaded.file), False, note)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.action_copy(loaded)

        question = ConfirmScreen(
            f"{loaded.routine.name} comes with coretui. Edit a copy?",
            "Bundled routines are never changed; your copy is yours to edit.",
            yes="Copy",
            no="Cancel",
            danger=False,
        )
        self.app.push_screen(question, answered)

    def _edited(self, saved: Saved | None) -> None:
        if saved is None:
            return
        library = load_library(self.routines_dir)
        self.routines, self.errors = library.routines, library.errors
        self.post_message(self.RoutinesChanged(library))
        self._show_errors()
        self.refresh_routines()
        options = self.query_one("#routines", OptionList)
        index = options.get_option_index(saved.routine_id) if library.get(saved.routine_id) else 0
        options.highlighted = index
        self.notify(f"Saved {saved.path}", timeout=4, markup=False)

"""Home: choose a routine, see its steps, the streak, and any broken routine files."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coretui.textsafe import printable
from coretui.tui.history_watch import watch_history
from coretui.tui.launch import LaunchOptions
from coretui.tui.screens import screen_css
from coretui.tui.screens.kept_edits import offer_kept_edits, open_to_mend
from coretui.tui.screens.picker_lines import (
    any_mendable,
    errors_text,
    exercise_items,
    last_done_words,
    routine_detail,
    routine_option,
    taken_ids,
)
from coretui.tui.screens.routine_delete import ask_to_copy, ask_to_delete
from coretui.tui.widgets.exercise_rows import ExerciseRows
from coretui.tui.widgets.key_footer import KeyFooter
from coretui.tui.widgets.load_errors import show_load_errors
from coretui.tui.widgets.notice import warn_once
from coretui.tui.widgets.routine_list import RoutineList
from coretui.workout.routine_cards import RoutineCard
from coretui.workout.routine_sources import LoadError

if TYPE_CHECKING:
    # The routines, the editor (pydantic) and the figures load after the first
    # paint: the list is drawn from cards (see Trainer), and these are imported on use.
    from coretui.services.sessions import SessionBook
    from coretui.services.trainer import Trainer
    from coretui.tui.screens.editor import EditorScreen
    from coretui.workout.routine_files import Saved
    from coretui.workout.routines import LoadedRoutine, Routine


class PickerScreen(Screen[None]):
    """The home screen: routines on the left, the highlighted one's steps on the right."""

    DEFAULT_CSS = screen_css("picker.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start"),
        Binding("c", "copy", "Copy"),
        Binding("a", "new", "New"),
        Binding("E", "edit", "Edit", key_display="E"),
        Binding("D", "delete", "Delete", key_display="D", show=False),
        Binding("h", "app.history", "History"),
        Binding("s", "app.settings", "Settings"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    class StartWorkout(Message):
        """Start a routine (the app offers first to carry on an unfinished session)."""

        def __init__(self, routine: Routine) -> None:
            super().__init__()
            self.routine = routine

    def __init__(
        self,
        trainer: Trainer,
        wall_clock: Callable[[], datetime],
        launch: LaunchOptions | None = None,
        *,
        editable: bool = True,
    ) -> None:
        super().__init__()
        self.trainer = trainer
        self.wall_clock = wall_clock
        launch = launch or LaunchOptions()
        self.lead_in_s = launch.lead_in_s
        """The get-ready time `--lead-in` gives this run's workouts (None: the routine's)."""
        self.first = launch.routine_id or launch.edit_id
        """The routine highlighted at first (`coretui run ID`, `edit ID`); else the top one."""
        self._edit = launch.edit_id
        self.routines_dir: Path | None = trainer.paths.routines_dir if editable else None
        """Where the editor saves new routines; None turns the editor off."""
        self.last_done: dict[str, date] = {}
        self.last_tried: dict[str, date] = {}
        self._resumes: dict[str, bool] = {}
        """Per routine, whether Enter offers to carry on today's try (as the list is built)."""
        self.dates_unknown: str | None = "…"
        """What "last done" says of a routine without a date while the history is unread
        ("…") or unreadable ("unknown"): no date is no proof then. None once read."""
        self._listed: tuple[list[RoutineCard], list[LoadError]] = ([], [])
        """The cards and errors on screen: the validation updates them if they differ."""
        self._history_watch: Timer | None = None
        self.editor: EditorScreen | None = None
        """The routine editor while it is open (Ctrl+Q asks before its changes go)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="picker-bar"):
            # (Statics: reading Label's rules, its variants, cost the first paint 1 ms.)
            yield Static("coretui · core routines", id="app-title", markup=False)
            yield Static("Streak …", id="streak", markup=False)
        with Horizontal(id="picker-main"):
            yield RoutineList(*self._options(), id="routines")
            with VerticalScroll(id="detail-pane"):
                yield Static(id="detail")
                yield ExerciseRows(id="detail-exercises")
                yield Static(id="detail-credit")
        # Compact at every width: in the full footer the palette's key covers Quit below
        # 100 columns, and switching at start restyles every key before the first paint.
        yield KeyFooter(compact=True)

    @property
    def cards(self) -> list[RoutineCard]:
        """The routines listed (cards: see Trainer)."""
        return self.trainer.cards

    @property
    def errors(self) -> list[LoadError]:
        """Routine files that did not load."""
        return self.trainer.errors

    def on_mount(self) -> None:
        if self._widgets_gone():  # closed as it opened (a signal, a quick Ctrl+Q)
            return
        self._show_errors()
        options = self.query_one("#routines", OptionList)
        options.focus()
        if ids := [card.id for card in self.cards]:
            options.highlighted = ids.index(self.first) if self.first in ids else 0
            self.call_after_refresh(self._show)
        if self._edit is not None:  # `coretui edit ID`
            self.call_after_refresh(self.edit_routine, self._edit)
        # The list came from the start cache: validate the files after the first paint,
        # off the UI thread; a changed or new file shows once it has been validated.
        self.call_after_refresh(self.run_worker, self._validate, thread=True, name="routines")
        self.call_after_refresh(self._watch_history)

    @property
    def book(self) -> SessionBook:
        """The history: made on first use, after the first paint, which does not need it."""
        return self.trainer.book

    def _watch_history(self) -> None:
        self._history_watch = watch_history(self, self.book, self.show_history, self._files)
        offer_kept_edits(self)  # edits not saved when coretui last closed, if any

    def _files(self) -> None:
        """A routine file added, removed or changed while the list shows (by hand, or
        by `coretui new` in another terminal): the list follows, as at the next start."""
        if self.trainer.validated and self.trainer.routine_files_changed():
            self._reread_files()

    def _reread_files(self) -> None:
        self.trainer.reload_routines()
        self._show_errors()
        self.refresh_routines()
        warn_once(self, self.trainer.late_notices())  # (accepted progress an edit replaced)

    def _validate(self) -> None:
        self.trainer.load_validated()
        with contextlib.suppress(RuntimeError):  # the user quit meanwhile
            self.app.call_from_thread(self._validated)

    def _widgets_gone(self) -> bool:
        """True when the app is closing down and the screen's widgets are gone."""
        return not self.is_attached or not self.query("#routines")

    def _validated(self) -> None:
        if self._widgets_gone():  # the files were read while the app closed
            return
        warn_once(self, self.trainer.late_notices())
        self._show_errors()  # (a history read meanwhile may have listed them, not shown them)
        # (a "stopped today" said before is checked again by the resume offer itself)
        if self._listed != (self.cards, self.errors) or any(self._resumes.values()):
            self.refresh_routines()
        else:
            self._show()  # the figures, which need the validated routine

    def on_screen_resume(self) -> None:
        """Back from a workout, the history or settings: dates, streak, equipment may differ."""
        if self._history_watch is None:
            return  # shown for the first time: on_mount has done it all
        if self.book.loaded:
            self.book.reread_if_changed()  # another window's workout counts too
            self.show_history()
        else:
            self.refresh_routines()
        self._files()
        self._history_watch.resume()

    def show_history(self) -> None:
        """Show "last done" dates and the streak (once the history is read)."""
        if self._widgets_gone():  # the history was read while the app closed
            return
        self.last_done, self.last_tried = self.book.last_days()
        self.dates_unknown = None if self.book.unreadable is None else "unknown"
        self.query_one("#streak", Static).update(Content(self.book.streak_text()))
        self.refresh_routines()

    def refresh_routines(self) -> None:
        """Rebuild the list and the detail pane (settings and progress change them)."""
        options = self.query_one("#routines", OptionList)
        index = options.highlighted
        highlighted = None if index is None else options.get_option_at_index(index).id
        self._resumes.clear()  # (a routine file changed, the history, the time of day)
        options.clear_options()
        options.add_options(self._options())
        ids = [card.id for card in self.cards]
        if ids:  # the same routine stays highlighted when routines come and go (gone: the next)
            gone = min(index or 0, options.option_count - 1)
            index = options.get_option_index(highlighted) if highlighted in ids else gone
            options.highlighted = index
        self._show()

    def _options(self) -> list[Option | None]:
        """One option per routine, with separators (None) between them."""
        options: list[Option | None] = []
        self._listed = (list(self.cards), list(self.errors))
        names = Counter(card.name for card in self.cards)
        for card in self.cards:
            if options:
                options.append(None)
            when, twice = self._when(card.id), names[card.name] > 1
            options.append(routine_option(card, when, self.lead_in_s, same_name=twice))
        return options

    def _when(self, routine_id: str, *, detail: bool = False) -> str:
        """When the routine was last done, in words ("…" until the history is read)."""
        day, tried = self.last_done.get(routine_id), self.last_tried.get(routine_id)
        unknown = self.dates_unknown
        if detail and unknown == "unknown":
            unknown += " (the history file cannot be read)"
        stopped = self.dates_unknown is None and self._resumable(routine_id)
        today = self.book.current_day() if day or tried else None  # (the history was read)
        return last_done_words(day, unknown, today, stopped=stopped, tried=tried)

    def _resumable(self, routine_id: str) -> bool:
        """Whether Enter offers to carry on a try of today: `Trainer.resume_offer` once
        the routine is validated (a reordered one is not), else the history's answer."""
        if routine_id not in self._resumes:
            now, trainer = self.wall_clock(), self.trainer
            found = trainer.library.get(routine_id) if trainer.validated else None
            offer = found and trainer.resume_offer(found.routine, now)
            resumable = offer if found else self.book.resumable(routine_id, now)
            self._resumes[routine_id] = bool(resumable)
        return self._resumes[routine_id]

    @property
    def selected_card(self) -> RoutineCard | None:
        """The highlighted routine's card."""
        options = self.query_one("#routines", OptionList)
        if (index := options.highlighted) is None:
            return None
        routine_id = options.get_option_at_index(index).id
        return next((card for card in self.cards if card.id == routine_id), None)

    @property
    def selected(self) -> LoadedRoutine | None:
        """The highlighted routine, validated (waiting for the validation if need be)."""
        card = self.selected_card
        return None if card is None else self.trainer.library.get(card.id)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._show()
        self.query_one("#detail-pane", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_start()

    def _show(self) -> None:
        card = self.selected_card
        if card is None:
            return
        detail = routine_detail(card, self._when(card.id, detail=True), self.lead_in_s)
        self.query_one("#detail", Static).update(Content(detail))
        credit = self.query_one("#detail-credit", Static)
        credit.display = bool(card.credit)
        credit.update(Content(printable(card.credit)))
        # Figures need the validated routine: they join the lines once it is there.
        loaded = self.trainer.library.get(card.id) if self.trainer.validated else None
        figures = None if loaded is None else self.trainer.plan(loaded.routine).routine
        self.query_one(ExerciseRows).show(exercise_items(card, figures))

    def action_start(self) -> None:
        """Start the highlighted routine (resuming is offered on the way, if it can be)."""
        if (loaded := self.selected) is not None:
            self.post_message(self.StartWorkout(loaded.routine))

    # -- the editor ----------------------------------------------------------------------

    def _show_errors(self) -> None:
        mend = self.trainer.validated and any_mendable(self.errors, tuple(taken_ids(self.cards)))
        text = Content(errors_text(self.errors, mend)) if self.errors else None
        show_load_errors(self, text, before=self.query_one(KeyFooter))

    def open_editor(
        self, data: dict[str, object], target: Path, new_id: bool, note: str, *, fresh: bool = False
    ) -> None:
        """The editor on `data` (`fresh`: a new routine); what it saves is listed."""
        from coretui.tui.screens.editor import EditorScreen

        edited = self.trainer.library.in_file(target)  # (its total: a number typed as saved)
        plan, taken = partial(self.trainer.plan, edited_from=edited), taken_ids(self.cards)
        self.editor = EditorScreen(
            data, target, taken=taken, new_id=new_id, note=note, plan=plan, fresh=fresh
        )
        self.editor.mending = any(Path(error.file) == target for error in self.errors)
        self.app.push_screen(self.editor, self._edited)

    def action_copy(self, loaded: LoadedRoutine | None = None) -> None:
        """Copy the highlighted routine (with the user's progress) into the editor."""
        loaded = loaded or self.selected
        if loaded is None or self.routines_dir is None:
            return
        from coretui.workout.routine_files import copied

        changes = self.trainer.overlays.for_routine(loaded.routine.id)
        data, note = copied(loaded.routine, changes, taken_ids(self.cards))
        self.open_editor(data, self.routines_dir / f"{data['id']}.toml", True, note)

    def action_new(self) -> None:
        """Start an empty routine in the editor, in its name."""
        if self.routines_dir is None:
            return
        from coretui.workout.routine_files import new_routine_data

        data = new_routine_data(taken_ids(self.cards))
        note = "A new routine: type its name; Ctrl+N adds an exercise."
        target = self.routines_dir / f"{data['id']}.toml"
        self.open_editor(data, target, True, note, fresh=True)

    def edit_routine(self, routine_id: str, offer: bool = True) -> None:
        """The editor on one routine, by id (`coretui edit ID`), or on a file that did not
        load; with `offer`, edits of it kept when coretui closed are offered first."""
        afresh = partial(self.edit_routine, routine_id, False)
        if offer and offer_kept_edits(self, routine_id, afresh):
            return
        found = self.trainer.library.to_edit(routine_id)
        if isinstance(found, LoadError):
            open_to_mend(self, Path(found.file), [card.id for card in self.cards])
        else:
            self.action_edit(found, offer=False)

    def action_edit(self, loaded: LoadedRoutine | None = None, offer: bool = True) -> None:
        """Edit a user routine in place (edits of it kept are offered first); a bundled
        one is offered as a copy."""
        loaded = loaded or self.selected
        if loaded is None or self.routines_dir is None:
            return
        if loaded.source != "user":
            ask_to_copy(self.app, loaded, lambda: self.action_copy(loaded))
        elif offer:  # (this file: `coretui edit ID` may find another by its name)
            afresh = partial(self.action_edit, loaded, False)
            if not offer_kept_edits(self, loaded.routine.id, afresh):
                afresh()
        else:
            from coretui.workout.routine_files import editable_now

            file, note = Path(loaded.file), f"Editing {loaded.file}"
            self.open_editor(editable_now(loaded.routine, file), file, False, note)

    def action_delete(self) -> None:
        """Delete a user routine, after asking (`routine_delete`)."""
        loaded = self.selected
        if loaded is not None and self.routines_dir is not None:
            ask_to_delete(self.app, loaded, self._reread_files)

    def _edited(self, saved: Saved | None) -> None:
        self.editor = None
        if saved is None:
            return
        self.app.clear_notifications()  # a "Not saved: ..." of a try before is past
        from coretui.workout.routine_files import saved_words  # (not on the start path)

        long = saved.kept or saved.poses_dropped  # (plain text: a name's escapes written out)
        self.notify(saved_words(saved), timeout=10 if long else 4, markup=False)
        self._reread_files()
        options, found = self.query_one("#routines", OptionList), self.trainer.library
        index = options.get_option_index(saved.routine_id) if found.get(saved.routine_id) else 0
        options.highlighted = index

"""The routine editor: routine fields, the exercise list, and each exercise's fields.

The screen gets everything through its constructor (the routine as data, where to save
it, the ids already taken) and hands back what it saved with `dismiss()`. Commands are on
Ctrl keys, or plain keys on the exercise list, so typing in a field never triggers one.
Each command first takes the shown fields as they are, so a key pressed just before it
counts even when its message is still on the way (a box ticked, a kind chosen).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static

from coretui.durations import minutes_text
from coretui.problem_words import os_reason
from coretui.tui.screens import editor_keys, screen_css
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.widgets.exercise_list import Choice, ExerciseList, FieldForm, ListButtons
from coretui.tui.widgets.key_footer import KeyFooter
from coretui.tui.widgets.plain import show_plain
from coretui.workout.coaching import Plan, as_written, in_place_of_the_file
from coretui.workout.draft_fields import ROUTINE_FIELDS, Field, exercise_fields
from coretui.workout.routine_draft import Draft, beside_field, place_in_words, screen_order
from coretui.workout.routine_files import (
    EDITOR_COMMENT,
    RoutineData,
    Saved,
    file_bytes,
    save_question,
    save_routine,
)
from coretui.workout.routines import Routine
from coretui.workout.timeline import compile_routine


class EditorScreen(Screen[Saved | None]):
    """Edit a routine; Save writes it atomically, Esc leaves (asking if changed)."""

    DEFAULT_CSS = screen_css("editor.tcss")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (64, "-wide")]  # noqa: RUF012 (as Screen declares it)

    BINDINGS: ClassVar[list[BindingType]] = [
        # No field takes these (`FieldInput` gives up Ctrl+D). Not priority keys (but Tab):
        # those are acted on before the keys pressed ahead of them (Ctrl+S right after
        # typing saved without the last keys). The list and text fields relay them in order.
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "close", "Back"),
        Binding("ctrl+n", "add", "Add"),
        Binding("ctrl+d", "duplicate", "Duplicate"),
        Binding("ctrl+up", "move(-1)", "Up", key_display="^↑"),
        Binding("ctrl+down", "move(1)", "Down", key_display="^↓"),
        *editor_keys.FOCUS_KEYS,
    ]
    action_next_field = editor_keys.next_field
    on_key = editor_keys.typed_as_it_opened

    def __init__(
        self,
        data: RoutineData,
        target: Path,
        *,
        taken: dict[str, str],
        new_id: bool,
        note: str = "",
        plan: Callable[[Routine], Plan] = as_written,
        fresh: bool = False,
    ) -> None:
        """`target` is the file to write; with `new_id` the id may change (then the file too).
        `taken` maps the ids already used to whose they are, to refuse a clash; `plan`, the
        routine as the user runs it (the total is the list's); `fresh`: a new routine."""
        super().__init__()
        self.first_focus = "#field-name" if fresh else "#editor-list"
        self.AUTO_FOCUS = "" if fresh else "*"  # type: ignore[misc]  # see typed_as_it_opened
        self.plan = plan
        self.draft = Draft(data, taken if new_id else None)
        self.target, self.new_id, self.note = target, new_id, note
        self.mending = False  # `target` did not load: kept whole beside what is saved over it
        self.opened = None if new_id else file_bytes(target)
        """`target` as it was opened: changed since, a save asks (`save_question`)."""
        self.said: list[str] = []  # set right as the file opened: Ctrl+P says it again
        self.selected = -1  # the routine's own fields; 0 and up: that exercise
        self._shown: dict[str, Field] = {}
        self._editing: dict[str, Any] = self.draft.data
        """What the form shown now edits (it stays that exercise's while it is moved)."""
        self._busy = asyncio.Lock()
        """Held while the form changes: one change at a time, however quick the keys."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="editor-bar"):
            yield Label("Routine editor", id="editor-title")
            yield Label("", id="editor-total")
        yield Static(id="editor-note")  # (the note, as `_check` shows it)
        with Horizontal(id="editor-main"):
            with Vertical(id="editor-side"):
                yield ExerciseList(id="editor-list")
                yield ListButtons(id="editor-mouse")
            yield FieldForm(id="editor-form", can_focus=False)  # (Tab: the list, then a field)
        yield KeyFooter()

    async def on_mount(self) -> None:
        self._refresh_list()
        await self._show_form()
        self._check()
        self.query_one(self.first_focus).focus()  # (a field focused: its text is selected)

    # -- the list ------------------------------------------------------------------------

    def _refresh_list(
        self, problems: dict[str, str] | None = None, highlight: int | None = None
    ) -> None:
        """The list's lines again; the highlight stays, or moves to `highlight`."""
        problems = problems if problems is not None else self.draft.check()[1]
        lines = self.query_one("#editor-list", ExerciseList)
        lines.show(str(self.draft.data.get("name", "")), self.draft.exercises, problems, highlight)

    @on(OptionList.OptionHighlighted, "#editor-list")
    async def _pick(self) -> None:
        # The highlight as it is by now: one posted before a move can arrive after it.
        async with self._busy:
            index = (self.query_one("#editor-list", ExerciseList).highlighted or 0) - 1
            if index != self.selected:
                self._take_shown()
                self.selected = index
                await self._show_form()
                self._check()

    async def _on_highlighted(self, command: Callable[[int], Awaitable[None]]) -> None:
        """Run a list command on the line highlighted now (the form may follow later)."""
        async with self._busy:
            await self._take_form()
            await command((self.query_one("#editor-list", ExerciseList).highlighted or 0) - 1)

    def _take_shown(self) -> bool:
        """Take each shown field as it is now (a key just before a command may have changed
        one whose message is yet to come), the id box first (after a name giving another
        id, it read as typed). True when a choice changed (asking for other fields)."""
        changed = chosen = False
        shown = self.query("#editor-form Input, #editor-form Checkbox")
        for widget in sorted(shown, key=lambda widget: widget.id != "field-id"):
            changed |= self._take(widget)
        for choice in self.query("#editor-form Choice").results(Choice):
            if isinstance(choice.value, str):
                chosen |= self.draft.take_choice(choice.exercise, choice.field, choice.value)
        if changed or chosen:
            self._check()
        return chosen

    async def _take_form(self) -> None:
        """Take the shown fields, and show those a choice taken asks for (under `_busy`)."""
        if self._take_shown():
            await self._show_form()
            self._check()

    def _take(self, widget: Widget) -> bool:
        """Take a text field's or a checkbox's value; True when the draft changed."""
        field = self._field_of(widget)
        if field is None:
            return False
        if isinstance(widget, Input):
            path = self._path(field)
            return self.draft.take_text(self._editing, field, path, widget.value)
        box = widget if isinstance(widget, Checkbox) else None
        return box is not None and self.draft.take_tick(self._editing, field.key, box.value)

    # -- the form ------------------------------------------------------------------------

    def _fields(self) -> tuple[Field, ...]:
        if self.selected < 0:
            return tuple(f for f in ROUTINE_FIELDS if f.key != "id" or self.new_id)
        return exercise_fields(self.draft.exercises[self.selected])

    def _values(self) -> dict[str, Any]:
        return self.draft.data if self.selected < 0 else self.draft.exercises[self.selected]

    def _path(self, field: Field) -> str:
        key = "tempo" if field.key.startswith("tempo") else field.key
        if self._editing is self.draft.data:
            return key
        at = (i for i, exercise in enumerate(self.draft.exercises) if exercise is self._editing)
        base = f"exercises[{next(at, self.selected)}]"
        return base if key == "kind" else f"{base}.{key}"

    def _owns(self, field: Field, path: str) -> bool:
        """Whether a problem at `path` belongs beside this field."""
        mine = self._path(field)
        if field.kind == "kind":  # a bad or missing kind is reported at the exercise itself
            return path in (mine, f"{mine}.kind")
        if field.kind == "tempo":  # the choice of mode; its value's field shows the problem
            return False
        return path == mine or path.startswith((f"{mine}.", f"{mine}["))

    async def _show_form(self) -> None:
        if not self.is_attached:
            return
        form = self.query_one("#editor-form", FieldForm)
        values = self._editing = self._values()
        fields = self._fields()
        self._shown = {field.key: field for field in fields}
        await form.show(fields, values, lambda field: self.draft.unread.get(self._path(field)))
        form.scroll_home(animate=False)

    def _field_of(self, widget: Widget) -> Field | None:
        """The field a widget of the form shown now edits (None: a form taken down
        since, whose last messages may still arrive: its field is another exercise's)."""
        if not widget.is_attached:
            return None
        return self._shown.get((widget.id or "").removeprefix("field-"))

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _edited(self, event: Input.Changed | Checkbox.Changed) -> None:
        if self._take(event.control):
            self._check()

    @on(Select.Changed)
    async def _chosen(self, event: Select.Changed) -> None:
        # The Choice's own exercise, its form shown or not (a command may have come first).
        # A choice now showing another value shows another exercise: this message is
        # late, and the choice it tells of was taken before the form moved on.
        choice, value = event.select, event.value
        if not isinstance(choice, Choice) or not isinstance(value, str) or value != choice.value:
            return
        exercise = choice.exercise
        if self.draft.take_choice(exercise, choice.field, value):
            async with self._busy:
                if exercise is self._values():  # still the one shown
                    await self._show_form()
                    if choice.field.key in self._shown:
                        self.query_one(f"#field-{choice.field.key}").focus()
            self._check()

    def _check(self) -> dict[str, str]:
        """Validate the draft; show each problem beside its field, and the total."""
        routine, problems = self.draft.check()
        if not self.is_attached:
            return problems  # closed while a command was under way: nothing to show
        errors = {e.id: e for e in self.query(".field-error").results(Static)}  # one walk
        for key, field in self._shown.items():
            mine = [
                beside_field(w, self.draft.phase_named(w, m), self._path(field))
                for w, m in problems.items()
                if self._owns(field, w)
            ]
            if (error := errors.get(f"error-{key}")) is not None:
                show_plain(error, "; ".join(mine))
                error.display = bool(mine)
        for box in self.query("#field-id").results(Input):  # (`Draft.id_follows` the name)
            if not box.has_focus and "id" not in self.draft.unread:
                box.value = str(self.draft.data.get("id", ""))
        plan = None if routine is None else self.plan(routine)  # as the list has it
        total = f"Total {minutes_text(compile_routine(plan.routine).total_s)}" if plan else ""
        show_plain(self.query_one("#editor-total", Label), total or f"{len(problems)} to fix")
        self._refresh_list(problems)
        hidden = [(p, m) for p, m in problems.items() if not self._is_shown(p)]
        elsewhere = [f"{place_in_words(p)}: {beside_field(p, m)}" for p, m in hidden]
        # Problems first: below 64 columns the note shows one line.
        said = [*elsewhere[:2], self.note, in_place_of_the_file(routine, plan)]
        show_plain(self.query_one("#editor-note", Static), "\n".join(filter(None, said)))
        return problems

    def _is_shown(self, path: str) -> bool:
        return any(self._owns(field, path) for field in self._shown.values())

    # -- commands ------------------------------------------------------------------------

    async def _select(self, index: int) -> None:
        """Show `index` (-1: the routine); the caller holds `_busy`."""
        self.selected = index
        self._refresh_list(highlight=index + 1)
        await self._show_form()
        self._check()

    async def action_add(self) -> None:
        """Add an exercise after the highlighted one."""

        async def add(index: int) -> None:
            await self._select(self.draft.add(index if index >= 0 else None))
            self.set_focus(self.query_one("#field-name", Input))  # now: the keys after

        await self._on_highlighted(add)

    async def action_duplicate(self) -> None:
        """Duplicate the highlighted exercise."""
        await self._on_exercise(self.draft.duplicate)

    async def action_move(self, offset: int) -> None:
        """Move the highlighted exercise up or down."""
        await self._on_exercise(lambda index: self.draft.move(index, offset))

    async def _on_exercise(self, change: Callable[[int], int]) -> None:
        """Change the highlighted exercise (not the routine's line); show where it went."""

        async def run(index: int) -> None:
            if index >= 0:
                await self._select(change(index))

        await self._on_highlighted(run)

    async def action_delete(self) -> None:
        """Delete the highlighted exercise, after a question."""

        async def ask(index: int) -> None:
            if index < 0:  # the routine's own line: Del in the footer, and nothing happened
                return self.notify(ExerciseList.NOT_THE_ROUTINE, markup=False)
            name = str(self.draft.exercises[index].get("name", ""))

            async def answered(yes: bool | None) -> None:
                if yes:
                    async with self._busy:
                        self.draft.delete(index)
                        await self._select(min(index, len(self.draft.exercises) - 1))

            where = f"Exercise {index + 1} of {len(self.draft.exercises)} of this routine."
            self.app.push_screen(ConfirmScreen(f"Delete {name}?", where), answered)

        await self._on_highlighted(ask)

    def changing(self) -> bool:  # (see `KeyRelay`)
        return self._busy.locked()

    def action_said(self) -> None:
        """Say whole what was set right as the file opened (`routine_mend`)."""
        self.notify("\n".join(self.said), title="Set right", timeout=30, markup=False)

    def unsaved(self) -> bool:
        """Whether there are changes not saved (the fields shown taken as they are)."""
        self._take_shown()
        return self.draft.changed

    async def action_close(self) -> None:
        """Leave; with unsaved changes, ask first. Nothing is written."""
        async with self._busy:
            await self._take_form()
        if not self.draft.changed:
            return self._leave()
        lost = "Your changes will be lost."
        question = ConfirmScreen("Leave without saving?", lost, yes="Leave", no="Keep editing")
        self.app.push_screen(question, lambda leave: self._leave() if leave else None)

    def _leave(self) -> None:
        """Back to the list, unsaved; its notices (a save refused...) are not about it."""
        self.app.clear_notifications()
        self.dismiss(None)

    async def action_save(self) -> None:
        """Save when valid; otherwise say what is wrong and focus the first problem."""
        async with self._busy:
            await self._take_form()
        routine, problems = self.draft.check()
        if routine is None:
            first = min(problems, key=lambda path: screen_order(self.draft.data, path))
            said = f"Not saved: {place_in_words(first)}: {beside_field(first, problems[first])}"
            self.notify(said, severity="error", markup=False)
            return await self._focus_problem(first)
        path, own = self.target, (None if self.new_id else self.target)
        if self.new_id:  # a copy or a new routine: its file is named by its id, and is new
            path = self.target.parent / f"{routine.id}.toml"
        if (asked := save_question(path, own, self.opened)) is None:
            return self._write(path)

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(path, keep=path == own)  # (another's change to it: kept)

        title, said, yes = asked
        self.app.push_screen(ConfirmScreen(title, said, yes=yes, no="Keep editing"), answered)

    def _write(self, path: Path, *, keep: bool = False) -> None:
        dropped = tuple(self.draft.poses_dropped())  # (kept in the file as it was: `.bak`)
        keep = keep or self.mending or self.draft.figures_lost()
        try:
            kept = save_routine(self.draft.data, path, EDITOR_COMMENT, keep=keep)
        except OSError as exc:
            message = f"Not saved: {os_reason(exc)}. {path} is unchanged."
            self.notify(message, severity="error", timeout=10, markup=False)
            return
        self.dismiss(Saved(str(self.draft.data["id"]), path, kept, dropped))

    async def _focus_problem(self, path: str) -> None:
        index = screen_order(self.draft.data, path)[0]
        async with self._busy:
            if index != self.selected:
                await self._select(index)
            for field in self._shown.values():
                if self._owns(field, path):
                    # After the refresh: a rebuilt form first hands focus to its first field.
                    self.call_after_refresh(self.query_one(f"#field-{field.key}").focus)
                    return
        self.query_one("#editor-list", ExerciseList).focus()

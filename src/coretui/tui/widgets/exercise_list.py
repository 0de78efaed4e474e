"""The editor's exercise list, buttons under it for the mouse, and the form's fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from coretui.textsafe import printable
from coretui.tui.widgets.key_relay import KeyRelay, took_own_key
from coretui.tui.widgets.safe_input import SafeInput
from coretui.tui.widgets.wrapping_options import WrappingOptionList
from coretui.workout.draft_fields import TEMPO_MODES, Field, field_text, tempo_mode
from coretui.workout.routine_types import MAX_NAME, MAX_TEXT

MOUSE_BUTTONS = (
    ("up", "▲", "screen.move(-1)", "Move up (Ctrl+↑)"),
    ("down", "▼", "screen.move(1)", "Move down (Ctrl+↓)"),
    ("add", "add", "screen.add", "Add an exercise (Ctrl+N)"),
    ("duplicate", "dup", "screen.duplicate", "Duplicate (Ctrl+D)"),
    ("delete", "del", "screen.delete", "Delete (Del on the list)"),
)
"""Buttons under the list, so the mouse can reorder too."""


class ExerciseList(WrappingOptionList):
    """The routine, then its exercises; plain keys work here because nothing is typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown once in the footer, as the Ctrl keys that work everywhere in the editor.
        Binding("a", "screen.add", "Add", show=False),
        Binding("d", "screen.duplicate", "Duplicate", show=False),
        Binding("delete,x", "screen.delete", "Delete", key_display="Del"),
        Binding("shift+up", "screen.move(-1)", "Move up", show=False),
        Binding("shift+down", "screen.move(1)", "Move down", show=False),
    ]

    _labels: tuple[str, ...] = ()
    """The lines shown (none until the first `show`)."""
    NOT_THE_ROUTINE = (
        "Del deletes an exercise: pick one (a routine goes with D in the routine list)."
    )
    """Said for Del on the routine's own line."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._relay = KeyRelay(own=True)

    async def _on_key(self, event: events.Key) -> None:
        # Its keys (Down, "a") and the editor's in the order they come (`KeyRelay`).
        if not await self._relay.take(self, event):
            await super()._on_key(event)

    # Up and Down stop at the ends: a Down held to the last exercise went round to the
    # routine's line at the top, and on, with no sign of it.
    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()

    def show(
        self,
        name: str,
        exercises: list[dict[str, Any]],
        problems: dict[str, str],
        highlight: int | None = None,
    ) -> None:
        """The routine, then its exercises, a `!` on those with a problem; the highlight
        stays (a Down taken that the screen has yet to follow), or moves to `highlight`.

        The screen is not told: only a highlight the user moves picks an exercise.
        (Posted, it would arrive after any further change, and a quick second Ctrl+N
        made the two picks undo each other without end.)
        """
        routine_mark = "! " if any(not p.startswith("exercises[") for p in problems) else ""
        labels = [printable(f"{routine_mark}Routine: {name}", single_line=True)]
        for index, exercise in enumerate(exercises):
            bad = any(p.startswith(f"exercises[{index}]") for p in problems)
            label = f"{'! ' if bad else ''}{index + 1}. {exercise.get('name', '')}"
            labels.append(printable(label, single_line=True))
        if tuple(labels) == self._labels and highlight in (None, self.highlighted):
            return  # as shown: the editor asks at each key typed, and a rebuild lays out
        if len(labels) == len(self._labels):  # reworded (a name typed, a mark, a move): in place
            with self.prevent(OptionList.OptionHighlighted):
                for index, (was, now) in enumerate(zip(self._labels, labels, strict=True)):
                    if was != now:
                        self.replace_option_prompt_at_index(index, Text(now))
                if highlight is not None:
                    self.highlighted = min(highlight, len(labels) - 1)
            self._labels = tuple(labels)
            self.scroll_to_highlight()  # (a name typed may wrap it onto more lines)
            return
        self._labels = tuple(labels)
        items = [Option(Text(labels[0]), id="routine")]
        items += [Option(Text(label), id=f"exercise-{i}") for i, label in enumerate(labels[1:])]
        with self.prevent(OptionList.OptionHighlighted):
            keep = self.highlighted if highlight is None else highlight
            self.clear_options()
            self.add_options(items)
            self.highlighted = min(keep or 0, len(items) - 1)


class ListButtons(Horizontal):
    """▲ ▼ add dup del: the list's commands for the mouse (the keys are in the footer)."""

    def compose(self) -> ComposeResult:
        for name, label, action, tip in MOUSE_BUTTONS:
            button = Button(label, id=f"mouse-{name}", action=action, tooltip=tip, compact=True)
            button.can_focus = False  # Tab goes from the list to the form, not through these
            yield button


class FieldRow(Horizontal):
    """A form's line: the field's label, its widget, and room for its problem.

    `typed`: the field's text as typed when it did not read (else its value's text).
    A row can show the same field of another exercise (or of the routine) in place:
    building the form again at each exercise picked took a third of a second.
    """

    def __init__(self, field: Field, values: dict[str, Any], typed: str | None = None) -> None:
        super().__init__(
            Label(Text(field.label), classes="field-label"),
            Vertical(
                field_widget(field, values, typed),
                Static("", id=f"error-{field.key}", classes="field-error"),
            ),
            classes="field-row",
        )
        self.field = field

    def show(self, values: dict[str, Any], typed: str | None, *, other: bool) -> bool:
        """Show this field of `values` in place, as a new row would, without telling
        the screen (nothing was edited); `other`: of another exercise than before (the
        field being typed in then has its text selected, as a field just focused: what
        is typed next replaces it). False when it cannot: a kind yet to be chosen, or
        just chosen, changes what the choice offers."""
        widget = self.query_one(f"#field-{self.field.key}")
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            if isinstance(widget, Choice):
                return widget.show(values)
            if isinstance(widget, Checkbox):
                widget.value = bool(values.get(self.field.key, False))
                return True
            if isinstance(widget, Input):
                text = field_text(values, self.field) if typed is None else typed
                if isinstance(widget, FieldInput):  # (a file to mend's text can be shortened)
                    widget.max_length = text_limit(text)
                if text != widget.value:  # its text shown from the start, as a new one's
                    widget.value = text
                    widget.cursor_position = len(text) if widget.has_focus else 0
                if other and widget.has_focus:
                    widget.select_all()
                return True
        return False


class FieldForm(VerticalScroll):
    """The form: a row for each field of the routine or of one exercise."""

    _values: dict[str, Any] | None = None
    """The routine's or exercise's data shown."""

    async def show(
        self,
        fields: tuple[Field, ...],
        values: dict[str, Any],
        typed: Callable[[Field], str | None],
    ) -> None:
        """Show `fields` of `values`; `typed(field)`: its text as typed when it did not read.

        A row already showing the same field shows this one's in place (in the same
        order: none moves); the others are taken down, and new ones built.
        """
        old = list(self.query_children(FieldRow))
        at = {row.field: index for index, row in enumerate(old)}
        other, self._values = values is not self._values, values
        rows: list[FieldRow] = []
        last = -1
        for field in fields:
            index = at.get(field, -1)
            if index > last and old[index].show(values, typed(field), other=other):
                rows.append(old[index])
                last = index
            else:
                rows.append(FieldRow(field, values, typed(field)))
        gone = [row for row in old if row not in rows]
        focused = self.app.focused
        for held in [row for row in gone if focused is not None and row in focused.ancestors]:
            # The field being typed in may be running this very change (a command key it
            # took, `KeyRelay`): waiting for its row to go would wait for the field, and
            # so for itself. The row goes once the field is done.
            gone.remove(held)
            held.remove()
        if gone:
            await self.remove_children(gone)
        after: FieldRow | None = None
        new: list[FieldRow] = []
        for row in [*rows, None]:
            if row is not None and not row.is_attached:
                new.append(row)
                continue
            if new:
                where = {"after": after} if after is not None else {"before": 0}
                await self.mount_all(new, **(where if self.children else {}))
            new, after = [], row


def field_widget(field: Field, values: dict[str, Any], typed: str | None = None) -> Widget:
    """The widget editing one field of `values` (a routine's or an exercise's)."""
    wid = f"field-{field.key}"
    if field.kind == "kind":
        choices = [("hold: a timed hold", "hold"), ("reps: repetitions", "reps")]
        return Choice(field, values, choices, _choice_value(field, values), id=wid)
    if field.kind == "tempo":
        modes = [(label, mode) for mode, label in TEMPO_MODES]
        return Choice(field, values, modes, _choice_value(field, values), id=wid)
    if field.kind == "bool":
        return SidesBox(bool(values.get(field.key, False)), id=wid, compact=True)
    text = field_text(values, field) if typed is None else typed
    return FieldInput(text, placeholder=field.hint, id=wid, compact=True)


def _choice_value(field: Field, values: dict[str, Any]) -> str | None:
    """What a choice shows: the kind (None: none yet, or not one of these: the user
    chooses), or the tempo's mode."""
    if field.kind == "tempo":
        return tempo_mode(values)
    kind = values.get("kind")
    return kind if kind in ("hold", "reps") else None


class Choice(Select[str]):
    """An exercise's kind or tempo mode. It knows its exercise and field: a choice made
    just before a command (Enter, Ctrl+N) is told after the command moved the form on,
    and still counts (the command took it first). With no `value` (an exercise with no
    kind yet) it shows "choose" until one is chosen: none is taken for the user."""

    def __init__(
        self,
        field: Field,
        exercise: dict[str, Any],
        choices: list[tuple[str, str]],
        value: str | None,
        **kwargs: Any,
    ) -> None:
        blank = value is None
        start = Select.NULL if value is None else value
        super().__init__(
            choices, value=start, allow_blank=blank, prompt="choose", compact=True, **kwargs
        )
        self.field = field
        self.exercise = exercise
        self._values = [Select.NULL] * blank + [value for _, value in choices]

    def show(self, exercise: dict[str, Any]) -> bool:
        """Be this choice of `exercise` (see `FieldRow.show`); False when it cannot."""
        value = _choice_value(self.field, exercise)
        if value is None or Select.NULL in self._values:
            return False
        self.exercise = exercise
        self.value = value
        return True

    def on_mount(self) -> None:
        # Enter in the open list chooses two messages later (the list tells the Select,
        # which then changes), so a command pressed right after it (Ctrl+D, Ctrl+S) saw
        # the old choice, and took the form, with the choice on its way, down. The
        # choice is now made as Enter's action runs, in order with the command's.
        options = self.query_one(OptionList)
        select = options.action_select

        def choose_now() -> None:
            if options.highlighted is not None:
                self.value = self._values[options.highlighted]
            select()

        options.action_select = choose_now  # type: ignore[method-assign]


def _input_keys_but_ctrl_d() -> list[BindingType]:
    """Input's keys as it inherits them (its own over the scrolling ones it replaces:
    Home moves the cursor, not the view), without Ctrl+D."""
    own = [b for b in Binding.make_bindings(Input.BINDINGS) if b.key != "ctrl+d"]
    taken = {b.key for b in own}
    return [
        *(b for b in Binding.make_bindings(ScrollableContainer.BINDINGS) if b.key not in taken),
        *own,
    ]


FIELD_MAX_CHARS = 2 * MAX_TEXT + MAX_NAME
"""The most a text field takes: room for the longest a routine file holds (a variant's
"name: cue" is a name and a text) and a little over, which the form says is too long."""


def text_limit(text: str) -> int:
    """A field's limit when it shows `text`: a text longer already (a file to mend) can
    be shortened, as Textual refuses any change that leaves a text over its limit."""
    return max(FIELD_MAX_CHARS, len(text))


class FieldInput(SafeInput, inherit_bindings=False):
    """A text field without Ctrl+D (delete right; Delete still does): Ctrl+D is the
    editor's Duplicate, an ordinary key, so it comes after the keys typed before it.

    It acts on the editor's commands as they come, in order with the keys typed
    (`KeyRelay`).
    """

    BINDINGS: ClassVar[list[BindingType]] = _input_keys_but_ctrl_d()

    def __init__(self, value: str = "", *args: Any, **kwargs: Any) -> None:
        # A paste past this is refused: 2 MB pasted into a description took seconds a key.
        kwargs.setdefault("max_length", text_limit(value))
        super().__init__(value, *args, **kwargs)
        self._relay = KeyRelay(may_wait=False)

    async def _on_key(self, event: events.Key) -> None:
        if not await self._relay.take(self, event):
            await super()._on_key(event)


class SidesBox(Checkbox):
    """Each side: the box's X shows either way (only its colour changes), so the label
    says yes or no in words, and what yes means."""

    def __init__(self, value: bool, **kwargs: Any) -> None:
        super().__init__(_sides_label(value), value, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        # Its own keys (Space, Enter) as they come. Textual looks a key's binding up on
        # the widget focused when the key is taken: a Tab pressed right after Space is
        # acted on at once (`FOCUS_KEYS`), and the Space was then looked up on the
        # field after this box, and the tick lost.
        if not await took_own_key(self, event):
            await super()._on_key(event)

    def watch_value(self) -> None:
        super().watch_value()
        self.label = _sides_label(self.value)


def _sides_label(value: bool) -> str:
    return "yes: left, then right" if value else "no: done once"

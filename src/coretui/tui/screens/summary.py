"""After a workout: planned against done for every step, totals, and how the back feels."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label

from coretui.durations import elapsed_text
from coretui.history.session_words import set_numbers, step_counts
from coretui.services.sessions import SaveMessage
from coretui.textsafe import printable
from coretui.tui.screens import screen_css
from coretui.tui.screens.pain import rating
from coretui.tui.screens.step_words import step_row
from coretui.tui.widgets.key_footer import KeyFooter
from coretui.tui.widgets.row_table import RowTable
from coretui.tui.widgets.safe_input import FOCUS_KEYS, SafeInput
from coretui.tui.widgets.scrolling_form import ScrollingForm
from coretui.wording import MAX_NOTE, counted
from coretui.workout.coaching import PAIN_HIGH, Suggestion
from coretui.workout.recording import WorkoutResult, carried_steps, session_from_result

if TYPE_CHECKING:
    from coretui.services.trainer import Trainer


def rating_input(value: int | None, widget_id: str) -> Input:
    """A 0-10 pain field holding `value` (empty when there is none)."""
    shown = "" if value is None else str(value)
    return SafeInput(shown, placeholder="-", id=widget_id, restrict=r"\d{0,2}", max_length=2)


RATING_PROBLEM = "Pain is rated 0 to 10: mend it (or clear it) to leave."

NARROW_BELOW_COLUMNS = 70
"""Narrower than this, the pain and note fields stack, and the whole form scrolls."""
SHORT_BELOW_ROWS = 20


class SummaryScreen(Screen[None]):
    """Shows what was done; the session is saved as soon as this appears."""

    DEFAULT_CSS = screen_css("summary.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back to routines"),
        Binding("ctrl+s", "save", "Save"),
        *FOCUS_KEYS,
    ]

    def __init__(
        self, result: WorkoutResult, saved: SaveMessage, trainer: Trainer, pain_asked: bool = False
    ) -> None:
        super().__init__()
        self.result = result
        self.pain_asked = pain_asked
        """Pain before was asked before the workout (and given, or skipped)."""
        self.trainer = trainer
        self.saved = saved
        """What saving the session said (it is saved before the summary appears)."""
        # What the history holds for this workout (with any earlier part it carried on).
        self.record = session_from_result(result)
        self._suggestions: dict[str, Suggestion] = {}
        self._round = 0
        self._decided: set[tuple[str, str]] = set()
        self._taken: list[Suggestion] = []
        """Harder ideas accepted here (`_take_back`)."""
        self._told_of_held = False
        self._had_held = False
        """Harder ideas waited for the pain after (a rise typed then takes them away)."""
        self._said_of_pain = ""
        """What the ideas wait for, or why none is harder (`show_suggestions`)."""
        self._said = (saved.text, saved.error)
        self._shown = (self.record.pain_before, self.record.pain_after, self.record.note)
        """The ratings and note as shown, or as last saved: a field left so is not saved
        over what another window gave since (`SessionBook.annotate`); a rating out of
        range at exit keeps its last saved one."""

    def compose(self) -> ComposeResult:
        engine = self.result.engine
        record = self.record
        status = "Workout complete" if engine.status == "completed" else "Workout stopped early"
        steps = engine.timeline.steps  # (their rows say skipped: why, said once)
        passed = (i for i in sorted(engine.passed_over) if i >= engine.first_index)
        left_out = dict.fromkeys(steps[i].label for i in passed if steps[i].is_work)
        out = f"\nLeft out for your equipment: {', '.join(left_out)}" if left_out else ""
        yield Label(
            Content(f"{status}: {printable(self.result.routine.name, single_line=True)}"),
            id="summary-title",
        )
        with ScrollingForm(id="summary-body"):
            yield Label(
                Content(
                    # To the second, as the steps' times below: "Active 1 min" was
                    # 1:59 of them (minutes rounded down), "2 min" would be more.
                    f"Active {elapsed_text(record.active_s)}"
                    f" · total {elapsed_text(record.duration_s)}"
                    f" · {step_counts(record.steps)}" + printable(out)
                ),
                id="summary-totals",
            )
            yield Label(id="summary-streak")
            yield RowTable(id="steps")
            yield VerticalScroll(id="suggestions", can_focus=False)
            with Horizontal(id="feedback"):
                yield Label("Back pain 0-10  before", classes="pain-label")
                yield rating_input(self.record.pain_before, "pain-before")
                yield Label("after", classes="pain-label")
                # A resumed session shows what was given at its earlier sitting, kept
                # unless changed here.
                yield rating_input(self.record.pain_after, "pain-after")
                # A note is added to, not typed over, when Tab comes back to it.
                yield SafeInput(
                    self.record.note,
                    placeholder="Note (optional)",
                    id="note",
                    max_length=MAX_NOTE,
                    select_on_focus=False,
                )
                yield Button("Done", id="done", variant="primary")
            yield Label(id="save-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#steps", RowTable)
        carried = carried_steps(self.result)
        steps = self.record.steps
        rows = [
            step_row(entry, sets, earlier=number < carried)
            for number, (entry, sets) in enumerate(zip(steps, set_numbers(steps), strict=True))
        ]
        table.fill(("Exercise", "Set", "Planned", "Done", "Ended"), rows, giving=[(0, 12)])
        self.show_status(self.saved.text, error=self.saved.error)
        self.show_streak(self.trainer.book.streak_text())
        self.show_suggestions(self.trainer.suggestions_for(self.result))
        # Pain before was asked before the workout (given or skipped with Enter): the
        # next thing to give is "after".
        asked = self.pain_asked or self.record.pain_before is not None
        self.query_one("#pain-after" if asked else "#pain-before", Input).focus()

    def on_resize(self) -> None:
        """Small terminals: the fields stack and the form scrolls, so each can be reached."""
        width, height = self.size
        self.set_class(width < NARROW_BELOW_COLUMNS or height < SHORT_BELOW_ROWS, "-small")

    def show_status(self, message: str, *, error: bool = False) -> None:
        """Say whether the session is saved (or why not)."""
        self._said = (message, error)  # shown again once a bad rating is mended
        self._show(message, error)

    def show_rating_problem(self) -> None:
        """Say a rating is out of range, over what was said of the save until it is mended."""
        self._show(RATING_PROBLEM, error=True)

    def _show(self, message: str, error: bool) -> None:
        label = self.query_one("#save-status", Label)
        label.update(Content(printable(message)))
        label.set_class(error, "-error")

    def show_streak(self, text: str) -> None:
        """The streak as it stands with this session (and why it does not count)."""
        if not self.record.did_the_work:  # a run of skips (`Session.did_the_work`)
            text += "\nNot counted toward your streak: under half the planned work done."
        elif (day := self.record.local_date) != self.trainer.book.current_day():
            # Begun before midnight: "this week 0/3" read as the workout not counted.
            text += f"\nCounted for {day:%a} {day.day} {day:%b}, the day it began."
        self.query_one("#summary-streak", Label).update(Content(text))

    def show_suggestions(self, found: list[Suggestion]) -> None:
        """Progression ideas for next time, each to accept or dismiss. A harder one
        waits for the pain after: offered at once, it was accepted, and the pain after
        then told of a rise (or of pain too high for any: said then, as coaching has it)."""
        self._take_back(found)
        fresh = [s for s in found if (s.exercise, s.direction) not in self._decided]
        held = [s for s in fresh if s.direction == "harder"] if self._after_awaited() else []
        fresh = [s for s in fresh if s not in held]
        self._had_held |= bool(held)
        harder = any(s.direction == "harder" for s in fresh)
        said = self._pain_words(len(held), withdrawn=self._had_held and not harder)
        if (fresh, said) == (list(self._suggestions.values()), self._said_of_pain):
            return  # (a rating typed that changes nothing: the same rows, the same scroll)
        box = self.query_one("#suggestions", VerticalScroll)
        box.remove_children()
        self._round += 1  # fresh ids: removed rows may not be gone yet
        self._suggestions = {f"{self._round}-{n}": s for n, s in enumerate(fresh)}
        self._said_of_pain = said
        if said:
            box.mount(Label(Content(said), classes="idea", id=f"pain-said-{self._round}"))
        for number, text in self._idea_texts().items():
            box.mount(
                Horizontal(
                    Label(Content(text), classes="idea"),
                    Button("Accept", id=f"accept-{number}", classes="accept", variant="success"),
                    Button("Dismiss", id=f"dismiss-{number}", classes="dismiss"),
                    id=f"idea-{number}",
                    classes="suggestion",
                )
            )

    def _idea_texts(self) -> dict[str, str]:
        """Each idea's line, "(2 of 4) ..." when there are more: the last may be below,
        in the box's scroll."""
        count = len(self._suggestions)
        texts = {}
        for place, (number, suggestion) in enumerate(self._suggestions.items(), start=1):
            text = printable(suggestion.text, single_line=True)
            texts[number] = f"({place} of {count}) {text}" if count > 1 else text
        return texts

    @on(Button.Pressed, ".accept, .dismiss")
    def _decide(self, event: Button.Pressed) -> None:
        action, _, number = (event.button.id or "").partition("-")
        order = list(self._suggestions)
        suggestion = self._suggestions.pop(number, None)
        if suggestion is None:
            return
        self._decided.add((suggestion.exercise, suggestion.direction))
        if action == "accept":
            key, before = (suggestion.routine_id, suggestion.exercise), self.trainer.overlays.before
            earlier = before.get(key)
            self.notify(self.trainer.accept(suggestion), timeout=5, markup=False)
            # One way at a time: a harder idea once an easier one is taken, or back.
            other = "easier" if suggestion.direction == "harder" else "harder"
            self._decided.add((suggestion.exercise, other))
            kept = before.get(key) is not earlier  # (a new one: not refused by the disk)
            if suggestion.direction == "harder" and kept:
                self._taken.append(suggestion)
        else:  # (it went without a word: as if nothing had been pressed)
            said = f"Not taken: {suggestion.name} stays as it is."
            self.notify(said, timeout=5, markup=False)
        self.query_one(f"#idea-{number}").remove()
        for other, text in self._idea_texts().items():  # counted again: "(1 of 3)"
            self.query_one(f"#idea-{other} .idea", Label).update(Content(text))
        # The focus goes on (it went who knows where with the button): the next idea,
        # else the pain after when it is still to give, else Done.
        place = order.index(number)
        following = [f"#accept-{n}" for n in order[place + 1 :] + order[:place]]
        after = self.query_one("#pain-after", Input)
        self.query_one(next(iter(following), "#done" if after.value else "#pain-after")).focus()

    def _take_back(self, found: list[Suggestion]) -> None:
        """A harder idea accepted here that the ratings now given no longer allow (a
        pain after typed higher) is taken back, and said so; it may come again."""
        for taken in list(self._taken):
            if not any(s.exercise == taken.exercise and s.direction == "harder" for s in found):
                self.notify(self.trainer.accept(taken, back=True), timeout=8, markup=False)
                self._taken.remove(taken)
                self._decided -= {(taken.exercise, "harder"), (taken.exercise, "easier")}

    def _after_awaited(self) -> bool:
        """The pain after is not given yet."""
        return not self.query_one("#pain-after", Input).value.strip()

    def _pain_words(self, held: int, *, withdrawn: bool = False) -> str:
        """What the ideas wait for (`held` harder ones), or why none is harder (`withdrawn`:
        harder ones waited, and the pain after took them away); and of a move that hurt on
        its easier variant, or with none, for which coaching has no idea, why."""
        said = []
        before = after = None
        with contextlib.suppress(ValueError):  # (out of range: said by the rating's own line)
            before, after, _ = self.feedback()
            if (worst := max(p for p in (before, after, -1) if p is not None)) >= PAIN_HIGH:
                said.append(
                    f"Back pain {worst} of 10: no harder ideas while it is this high. Stop any"
                    " move that causes sharp pain; see About back pain in Help (?)."
                )
        if held and not said:
            said.append(f"{counted(held, 'harder idea')} for next time: give your pain after.")
        elif withdrawn and not said and before is not None and after is not None and after > before:
            # (They went without a word: a rise of one point suggests nothing easier.)
            said.append(f"No harder ideas this time: your pain went up from {before} to {after}.")
        easier = {
            s.hurt_move or "" for s in self.record.steps if s.hurt_move not in (None, s.exercise)
        }
        said += [
            f"{printable(move, single_line=True)}, the easier move, hurt: nothing easier to"
            " suggest; that is a question for a physiotherapist (About back pain in Help, ?)."
            for move in sorted(easier)
        ]
        alone = {e.name for e in self.result.routine.exercises if e.easier is None}
        said += [
            f"{printable(move, single_line=True)} hurt, and it has no easier variant: ease off"
            " or leave it out next time; if it keeps hurting, ask a physiotherapist (About"
            " back pain in Help, ?)."
            for move in sorted({s.exercise for s in self.record.steps if s.hurt_move in alone})
        ]
        return "\n".join(said)

    def feedback(self) -> tuple[int | None, int | None, str]:
        """Pain before, pain after and the note as entered; raises ValueError if out of range."""
        before = rating(self.query_one("#pain-before", Input).value)
        after = rating(self.query_one("#pain-after", Input).value)
        note = self.query_one("#note", Input).value.strip()
        return before, after, note

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self.action_close()  # it saves (once) on the way out

    def action_save(self) -> bool:
        """Store the pain ratings and note in this session's record."""
        return self._save() is not None

    def _save(self) -> SaveMessage | None:
        """`action_save`: what saving said, or None when a rating is out of range."""
        try:
            before, after, note = self.feedback()
        except ValueError:
            self.show_rating_problem()
            for box in self.query(".-invalid-rating").results(Input):
                box.focus()  # Esc leaves once it is mended
                break
            return None
        message = self.trainer.book.annotate(self.result, before, after, note, self._shown)
        self._shown = (before, after, note)
        if not message.error and (given := kept_words(before, after, note)):
            # (Not "this workout": on the list, or a workout started at once, it is the last.)
            message = replace(message, text=f"Saved with the workout just done: {given}.")
        self.show_status(message.text, error=message.error)
        if before is not None and after is not None:  # a pain rise changes what to suggest
            self.show_suggestions(self.trainer.suggestions_for(self.result))
        return message

    def keep_before_exit(self) -> None:
        """The app closes under the summary (Ctrl+Q, a signal, a closed terminal): keep
        what its fields hold. A rating out of range keeps what was last saved."""
        if not self.query("#note"):
            return  # not composed yet: nothing typed
        kept = list(self._shown[:2])
        ratings = [self.query_one(f"#pain-{which}", Input).value for which in ("before", "after")]
        for number, text in enumerate(ratings):
            with contextlib.suppress(ValueError):
                kept[number] = rating(text)
        note = self.query_one("#note", Input).value.strip()
        self.trainer.book.annotate(self.result, kept[0], kept[1], note, self._shown)

    def action_close(self) -> None:
        """Back to the routines, saving what was entered (not while a rating is invalid);
        the routine list then says what was kept, since this screen is gone."""
        message = self._save()
        if message is None:
            return
        if "give your pain after" in self._said_of_pain and not self._told_of_held:
            self._told_of_held = True  # (once: Esc again leaves, the ideas not offered)
            self.notify("Harder ideas wait for your pain after: give it, or leave again.")
            self.query_one("#pain-after", Input).focus()
            return
        if message.error:
            self.app.notify(message.text, severity="error", timeout=8, markup=False)
        elif kept_words(*self.feedback()):
            self.app.notify(message.text, timeout=4, markup=False)
        self.dismiss()

    @on(Input.Changed, "#pain-before, #pain-after")
    def _check_rating(self, event: Input.Changed) -> None:
        """Flag a rating over 10 as it is typed, not only on save."""
        try:
            rating(event.value)
        except ValueError:
            event.input.add_class("-invalid-rating")
            self.show_rating_problem()
        else:
            event.input.remove_class("-invalid-rating")
            if not self.query(".-invalid-rating"):  # mended: what was said before
                self.show_status(self._said[0], error=self._said[1])
                # As typed: a pain rise puts the easier variant where "harder" was.
                try:
                    before, after, _ = self.feedback()
                except ValueError:  # keys typed at once: "12" is in the box, "1" in this
                    return  # message; the message of "12" says what is wrong
                self.show_suggestions(self.trainer.suggestions_for(self.result, (before, after)))


def kept_words(before: int | None, after: int | None, note: str) -> str:
    """What the form keeps with the workout, in words ("pain before 3, your note")."""
    given = [
        *([f"pain before {before}"] if before is not None else []),
        *([f"pain after {after}"] if after is not None else []),
        *(["your note"] if note else []),
    ]
    return ", ".join(given)

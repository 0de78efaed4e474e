"""One line before the lead-in: how the back feels now, 0-10, skipped with Enter; Esc
goes back to the routine list, no workout started (an Enter pressed on the wrong
routine)."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from coretui.cells import cut
from coretui.textsafe import printable
from coretui.tui.widgets.safe_input import SafeInput

PROMPT = "Back pain now, 0-10 (Enter skips, Esc goes back)"
NAMED_PROMPT = "{name}: back pain now, 0-10 (Enter skips, Esc goes back)"
"""The question with the routine it is asked before, where the width has room for a
name of `NAME_CELLS` or fewer: started from the palette, the list behind showed another."""
NAME_CELLS = 30
SHORT_PROMPT = "Back pain 0-10 (Enter skips)"
"""Where the whole question, its margin, the box (8) and the line's padding (12 cells)
do not fit: the whole question would squeeze the box."""


def rating(text: str) -> int | None:
    """A 0-10 rating from the box, None when empty; raises ValueError past 10."""
    text = text.strip()
    if not text:
        return None
    value = int(text)
    if not 0 <= value <= 10:
        raise ValueError("Pain is rated 0 to 10.")
    return value


BACK = -1
"""What the question answers when Esc leaves it: no workout (a rating is 0 to 10)."""


class PainPrompt(ModalScreen[int | None]):
    """Asks for the pain rating before a workout (None: skipped, `BACK`: not started)."""

    DEFAULT_CSS = """
    PainPrompt {
        align: center bottom;
        /* The whole width: a narrower line left the screen's footer showing at its
           sides, keys that do nothing while the question is asked. */
        #pain-line {
            height: 3;
            width: 100%;
            padding: 0 1;
            background: $panel;
            border-top: tall $primary;
        }
        #pain-question { width: auto; height: 1; margin: 1 1 0 0; }
        #pain-now { width: 8; border: none; height: 1; margin-top: 1; }
        #pain-problem { width: 1fr; height: 1; margin-top: 1; color: $legible-error; }
        #pain-question.-problem { color: $legible-error; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self, routine_name: str = "") -> None:
        super().__init__()
        name = cut(printable(routine_name, single_line=True), NAME_CELLS)
        self._named = NAMED_PROMPT.format(name=name) if name else PROMPT
        self._answered = False
        self._problem = ""
        """Why the rating typed was refused, until another is typed (kept across a resize)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="pain-line"):
            yield Label(Content(self._named), id="pain-question")
            yield SafeInput(placeholder="-", id="pain-now", restrict=r"\d{0,2}", max_length=2)
            yield Label("", id="pain-problem")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_resize(self) -> None:
        self._ask(self._problem)

    def _ask(self, problem: str = "") -> None:
        """The question, and why a rating was refused: beside the box where it fits
        whole, else in place of the question (beside it, it was cut: "rated 0 to")."""
        self._problem = problem
        question = next(
            (q for q in (self._named, PROMPT) if self.size.width >= cell_len(q) + 12), SHORT_PROMPT
        )
        wide = self.size.width >= cell_len(question) + 12 + len(problem)
        shown = self.query_one("#pain-question", Label)
        shown.update(Content(problem if problem and not wide else question))
        shown.set_class(bool(problem) and not wide, "-problem")
        self.query_one("#pain-problem", Label).update(problem if wide else "")

    @on(Input.Changed)
    def _typed(self) -> None:
        self._ask()  # a new rating: the last refusal no longer holds

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            value = rating(event.value)
        except ValueError as exc:
            self._ask(str(exc))
            return
        self._answer(value)

    def action_back(self) -> None:
        """Esc: back to the routine list, no workout started."""
        self._answer(BACK)

    def _answer(self, value: int | None) -> None:
        """Answer once: Esc then Enter before the line closes must not close two screens."""
        if not self._answered:
            self._answered = True
            self.dismiss(value)

"""A yes/no question in a small dialog over the current screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from coretui.textsafe import printable
from coretui.tui.widgets.key_footer import KeyFooter

SHORT_BELOW_ROWS = 30
"""Below this height the dialog sits at the top, clear of the notices below it."""


class ConfirmScreen(ModalScreen[bool | None]):
    """Asks one question; dismisses with True (yes), False (no) or None (Esc: neither)."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        #dialog {
            width: 60;
            max-width: 100%;
            height: auto;
            padding: 1 2;
            border: thick $warning;
            background: $surface;
        }
        #question { text-style: bold; width: 100%; }
        #detail { width: 100%; color: $text-muted; margin-bottom: 1; }
        #buttons { height: auto; align: center middle; }
        #buttons Button { margin: 0 1; }
        /* Notices stack up from the bottom right: in a short terminal the dialog keeps
           to the top, or "Deleted ..." covered its buttons. A margin, not the screen's
           padding: that drew the screen under the dialog a row lower. */
        &.-short { align: center top; }
        &.-short #dialog { margin-top: 1; }
    }
    """
    # y and n are on the buttons, in the question's own words ("Start over (n)"): the
    # footer's "n No" read as "do not start".
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n", "answer(False)", "No", show=False),
        Binding("escape", "answer(None)", "Cancel", key_display="Esc"),
    ]

    def __init__(
        self,
        question: str,
        detail: str = "",
        *,
        yes: str = "Yes",
        no: str = "No",
        danger: bool = True,
    ) -> None:
        super().__init__()
        self._answered = False
        self.danger = danger
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content(printable(self.question)), id="question")
            if self.detail:
                yield Label(Content(printable(self.detail)), id="detail")
            with Horizontal(id="buttons"):
                yield Button(
                    f"{self.yes} (y)", variant="error" if self.danger else "primary", id="yes"
                )
                yield Button(
                    f"{self.no} (n)", variant="primary" if self.danger else "default", id="no"
                )
        # Over the screen's own footer, whose keys do nothing while the question is asked.
        yield KeyFooter()

    def on_mount(self) -> None:
        # Focus the safe answer: keep going rather than quit; resume rather than lose work.
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT_BELOW_ROWS, "-short")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "yes")

    def action_answer(self, yes: bool | None) -> None:
        """Answer once: keys mashed before the dialog closes must not answer again."""
        if self._answered:
            return
        self._answered = True
        self.dismiss(yes)

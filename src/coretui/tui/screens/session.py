"""One session from the history: every step, planned against done, and the whole note."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from coretui.history import Session
from coretui.history.session_words import heading_parts, set_numbers
from coretui.textsafe import printable
from coretui.tui.screens.step_words import step_row
from coretui.tui.widgets.key_footer import KeyFooter
from coretui.tui.widgets.plain import show_plain
from coretui.tui.widgets.row_table import RowTable


class SessionScreen(Screen[None]):
    """Everything the history holds of one session."""

    DEFAULT_CSS = """
    SessionScreen {
        #session-heading { width: 100%; padding: 0 1; text-style: bold; }
        #session-steps { height: auto; max-height: 1fr; margin-top: 1; }
        #session-note { padding: 1 1 0 1; }
        #session-body { height: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        yield Label(id="session-heading")
        with VerticalScroll(id="session-body"):
            yield RowTable(id="session-steps")
            note = f"Note: {printable(session.note)}" if session.note else "No note."
            yield Static(Text(note), id="session-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#session-steps", RowTable)
        steps = self.session.steps
        sets = set_numbers(steps)
        rows = [
            step_row(step, number, earlier=False) for step, number in zip(steps, sets, strict=True)
        ]
        table.fill(("Exercise", "Set", "Planned", "Done", "Ended"), rows, giving=[(0, 12)])
        table.display = bool(rows)  # (headings over no row: the heading says why)
        table.focus()  # ← → scroll its columns into sight in a narrow terminal

    def on_resize(self) -> None:
        """The heading's lines broken between its parts (a line broken in "7 min" read
        "7" at one line's end and "min" at the next's start)."""
        lines: list[str] = []
        for part in heading_parts(self.session):
            joined = f"{lines[-1]} · {part}" if lines else part
            if lines and cell_len(joined) <= self.size.width - 2:  # (its padding)
                lines[-1] = joined
            else:
                lines.append(part)
        show_plain(self.query_one("#session-heading", Label), "\n".join(lines))

    def action_close(self) -> None:
        self.dismiss()

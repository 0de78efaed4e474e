"""One session from the history: every step, planned against done, and the whole note."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from coretui.durations import human_duration
from coretui.history import Session, StepEntry
from coretui.textsafe import printable

ENDED = {
    "time": "ran to the end",
    "done": "done (Enter)",
    "skipped": "skipped",
    "stopped": "stopped",
}


def count(number: int, noun: str) -> str:
    """ "1 exercise", "3 exercises"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def clock_time(seconds: float) -> str:
    """ "45 s", "1:30": step times to the second (a list's "2 min" would hide 90 s)."""
    whole = round(seconds)
    return f"{whole} s" if whole < 60 else f"{whole // 60}:{whole % 60:02d}"


def _seconds(value: float | None) -> str:
    return "self-paced" if value is None else clock_time(value)


def _reps(done: int | None, planned: int | None) -> str:
    if planned is None and done is None:
        return ""
    return f"{'-' if done is None else done}/{'-' if planned is None else planned}"


def _change(added: float) -> str:
    """ "+10s", "-30s" or "" for a step run as planned."""
    if not added:
        return ""
    return f"{'+' if added > 0 else '-'}{clock_time(abs(added))}"


def step_cells(number: int, step: StepEntry) -> tuple[Text, ...]:
    """One table row for a step; user text is never read as markup."""
    name = step.exercise if step.side is None else f"{step.exercise} ({step.side})"
    cells = (
        str(number),
        printable(name, single_line=True),
        printable(step.variant or "standard", single_line=True),
        _seconds(step.planned_s),
        _change(step.added_s),
        clock_time(step.done_s),
        _reps(step.done_reps, step.planned_reps),
        ENDED.get(step.ended, step.ended),
        "hurt" if step.hurt else "",
    )
    return tuple(Text(cell) for cell in cells)


def session_heading(session: Session) -> str:
    """ "2026-06-15 · Core six · completed · 14m · 7 exercises, 1 skipped · pain 4→2"."""
    skipped = sum(step.skipped for step in session.steps)
    parts = [
        session.local_date.isoformat(),
        printable(session.routine_name, single_line=True),
        session.status,
        human_duration(session.duration_s),
        f"{count(len(session.steps), 'exercise step')}, {skipped} skipped",
    ]
    if session.pain_before is not None or session.pain_after is not None:
        before = "-" if session.pain_before is None else session.pain_before
        after = "-" if session.pain_after is None else session.pain_after
        parts.append(f"pain {before}→{after}")
    hurt = sum(step.hurt for step in session.steps)
    if hurt:
        parts.append(f"{count(hurt, 'step')} hurt")
    return " · ".join(parts)


class SessionScreen(Screen[None]):
    """Everything the history holds of one session."""

    DEFAULT_CSS = """
    SessionScreen {
        #session-heading { padding: 0 1; text-style: bold; }
        #session-steps { height: auto; max-height: 1fr; margin-top: 1; }
        #session-note { padding: 1 1 0 1; }
        #session-body { height: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        yield Label(Text(session_heading(session)), id="session-heading")
        with VerticalScroll(id="session-body"):
            yield DataTable(id="session-steps", cursor_type="row", zebra_stripes=True)
            note = printable(session.note) if session.note else "No note."
            yield Static(Text(f"Note: {note}"), id="session-note")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#session-steps", DataTable)
        table.add_columns(
            "#", "Exercise", "Variant", "Planned", "+/-", "Done", "Reps", "Ended", "Hurt"
        )
        for number, step in enumerate(self.session.steps, start=1):
            table.add_row(*step_cells(number, step))

    def action_close(self) -> None:
        self.dismiss()

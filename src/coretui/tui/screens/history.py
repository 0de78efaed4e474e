"""History: a calendar heatmap, streaks, sessions per week, every session, pain trend.

Enter on a session opens it (every step, planned against done); d deletes it after a
confirmation (a tombstone line in the history file).
"""

from __future__ import annotations

import contextlib
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Label
from textual.widgets.data_table import RowDoesNotExist

from coretui.cells import cut
from coretui.durations import elapsed_text
from coretui.history.records import Session, SessionBrief, wall_clock
from coretui.history.session_words import hurt_moves, routine_labels
from coretui.history.streaks import minutes_by_day, sessions_per_week
from coretui.services.sessions import STREAK_UNKNOWN, SessionBook
from coretui.textsafe import printable
from coretui.tui.history_watch import watch_history
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.session import SessionScreen
from coretui.tui.widgets.heatmap import MIN_WEEKS, Heatmap
from coretui.tui.widgets.key_footer import KeyFooter
from coretui.tui.widgets.row_table import Cut, RowTable
from coretui.wording import counted

MAX_TABLE_ROWS = 500
HURT_CELLS, NOTE_CELLS = 4, 6
"""The fewest cells of the exercises that hurt ("Pla…": the session's page names them),
and of a note: they give way first, the note before them, so that an 80-column table
shows every column."""
ROUTINE_CELLS = 23
"""The fewest cells of a routine's name in the table ("Core six (full session)" fits):
an 80-character name pushed every column after it off an 80-column screen. Wider
terminals show more of it, once the note has room."""


BARS = "▁▂▃▄▅▆▇█"
PAIN_SHOWN = 60
"""The most pain ratings the trend shows, newest last."""
TREND_LABEL_WIDTH = 34
"""The cells of a trend's label (`.trend-label` in the screen's CSS)."""


def bars(values: list[int], top: int) -> str:
    """One bar per value on a fixed scale from 0 to `top`: a single 2 of 10 draws a low
    bar, never a full one, and the same number each time draws the same bars."""
    highest = len(BARS) - 1
    return "".join(BARS[round(min(max(v, 0), top) * highest / top)] for v in values)


def pain_ratings(sessions: list[SessionBrief]) -> tuple[str, list[int]]:
    """The pain after each session that has one, oldest first; or, when none has, the
    pain before (the one asked before a workout): ("after" or "before", ratings)."""
    after = [s.pain_after for s in sessions if s.pain_after is not None]
    if after:
        return "after", after
    return "before", [s.pain_before for s in sessions if s.pain_before is not None]


def pain_text(session: Session | SessionBrief) -> str:
    """ "4→2", "4→-" or "" when no rating was given."""
    if session.pain_before is None and session.pain_after is None:
        return ""
    return f"{_rating(session.pain_before)}→{_rating(session.pain_after)}"


def _rating(value: int | None) -> str:
    return "-" if value is None else str(value)


NOTE_SHOWN = 60
"""Of a note, what the delete question shows."""
TOLD_CELLS = 20
"""The longest " (routine-id)" kept whole beside a name cut short."""


def session_row(session: Session, told: str = "") -> tuple[Text | Cut, ...]:
    """A session in the table: its note, then its routine's name, give way to the other
    columns (`RowTable.fill`); `told`: the routine's id where another routine has the
    same name (`routine_labels`), kept whole when the name is cut, if short enough."""
    cells = (
        session.local_date.isoformat(),
        elapsed_text(session.duration_s),
        # as the streaks count it: a "completed" run of skips did not count (its page
        # says both; two words here kept the Hurt and Note columns off 80 columns)
        session.status if session.did_the_work else "not counted",
        pain_text(session),
    )
    date, *rest = (Text(cell) for cell in cells)
    called = printable(session.routine_name, single_line=True)
    told = f" ({printable(told, single_line=True)})" if told else ""
    name = Cut(called, told) if cell_len(told) <= TOLD_CELLS else Cut(called + told)
    hurt = Cut(printable(", ".join(hurt_moves(session)), single_line=True))
    return (date, name, *rest, hurt, Cut(printable(session.note, single_line=True)))


class SessionTable(RowTable):
    """The sessions: the table's own Enter (select, then open) is shown as Open.

    Not a priority key on the screen: those are acted on ahead of the keys pressed
    before them, and a quick Down, Enter opened the session above.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Open")]


HEATMAP_MIN_HEIGHT = 20
"""Screen rows the calendar needs beside a table showing a few sessions."""


class HistoryScreen(Screen[None]):
    """Everything done so far, and the streaks that keep it going."""

    DEFAULT_CSS = """
    HistoryScreen {
        #heatmap { margin: 1 1 0 1; }
        #streak-line {
            padding: 0 1;
            color: $legible-success;
            text-style: bold;
        }
        .trend {
            height: 1;
            padding: 0 1;
        }
        .trend-label {
            width: 34;
            color: $text-muted;
        }
        #unsaved, #unreadable {
            color: $legible-error;
            padding: 0 1;
        }
        #unreadable {
            width: 100%;  /* wraps: a long path must not cut off the reason */
        }
        #sessions {
            height: 1fr;
            margin-top: 1;
        }
    }
    """

    # Open first, as the table's own Enter comes first while it has the focus: the
    # footer reads the same wherever the focus is.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open"),
        Binding("escape,q,h", "close", "Back"),
        Binding("d", "delete", "Delete"),
        Binding("r", "retry", "Retry saving"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, book: SessionBook) -> None:
        super().__init__()
        self.book = book
        self._watch: Timer | None = None
        self._pain: tuple[str, list[int]] = ("after", [])
        self._per_week: list[int] = []

    def compose(self) -> ComposeResult:
        book = self.book
        book.ensure_loaded()
        book.reread_if_changed()  # sessions another window or `coretui log` saved since
        today = book.current_day()
        current, longest, weekly, this_week = book.streaks()
        sessions = book.sessions
        with Horizontal(id="history-bar"):
            yield Label("History", id="app-title")
            listed = counted(len(sessions), "session")
            if book.unreadable is not None:
                listed += " this run"  # (the file's own could not be read)
            if len(sessions) > MAX_TABLE_ROWS:
                listed += f" · the newest {MAX_TABLE_ROWS} listed ('coretui export': all)"
            yield Label(listed, id="streak")
        yield Heatmap(minutes_by_day(sessions), today, id="heatmap")
        streak = (  # as the title bar says it
            f"Streak {counted(current, 'day')} · best {counted(longest, 'day')}"
            f" · this week {this_week}/{book.weekly_goal}"
            f" · goal met {counted(weekly, 'week')} in a row"
        )
        yield Label(streak if book.unreadable is None else STREAK_UNKNOWN, id="streak-line")
        # From 0 (not from the fewest): the same number every week is not an empty history.
        self._per_week = sessions_per_week(sessions, today, MIN_WEEKS)
        with Horizontal(classes="trend"):
            yield Label(id="per-week-label", classes="trend-label")
            yield Label(id="per-week")  # the newest weeks that fit: `_fit_trends`
        self._pain = pain_ratings(sessions)
        if self._pain[1]:
            with Horizontal(classes="trend"):
                yield Label(id="pain-label", classes="trend-label")
                yield Label(id="pain-trend")  # the newest that fit: `_fit_trends`
        if book.unsaved:
            yield Label(
                f"{counted(len(book.unsaved), 'session')} not saved yet: press r to retry.",
                id="unsaved",
            )
        if book.unreadable is not None:
            said = printable(book.unreadable, single_line=True)
            yield Label(
                Content(f"{said}. Only this run's sessions are shown until it can be read."),
                id="unreadable",
            )
        yield SessionTable(id="sessions")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fill_table()
        self.on_resize()
        if not self.book.sessions and self.book.unreadable is None:
            self.notify("No sessions yet: finish a routine and it shows up here.", timeout=5)
        self._watch = watch_history(self, self.book, lambda: self.call_later(self._redraw))

    def on_resize(self) -> None:
        # Below this height the calendar leaves the table no row: the table comes first
        # (its keys act on it, and the streak line above still sums the calendar up).
        for heatmap in self.query(Heatmap):  # (none for a moment while it recomposes)
            heatmap.display = self.size.height >= HEATMAP_MIN_HEIGHT
        self._fit_trends()

    def _fit_trends(self) -> None:
        """The newest weeks and ratings that fit beside their labels (at most PAIN_SHOWN)."""
        # (and three for the newest as a number: 1 and 2 draw one bar, as do 5 and 6)
        room = max(1, self.size.width - TREND_LABEL_WIDTH - 2 - 3)
        shown_weeks = self._per_week[-room:]
        for trend in self.query("#per-week").results(Label):  # (none while it recomposes)
            self.query_one("#per-week-label", Label).update(
                # (as the streaks count them: "not counted" sessions are left out)
                f"Counted sessions/week (last {len(shown_weeks)}): "
            )
            trend.update(f"{bars(shown_weeks, max(7, *shown_weeks))} {shown_weeks[-1]}")
        which, ratings = self._pain
        shown = ratings[-min(PAIN_SHOWN, room) :]
        for trend in self.query("#pain-trend").results(Label):
            self.query_one("#pain-label", Label).update(f"Pain {which} (0-10), last {len(shown)}: ")
            trend.update(f"{bars(shown, 10)} {shown[-1]}" if shown else "")

    def on_screen_resume(self) -> None:
        if self._watch is not None:  # back from a session or a dialog
            self._watch.resume()

    async def _redraw(self) -> None:
        """Another window saved, logged or deleted: redraw, the cursor on the same session."""
        await self._rebuild(self._selected_id())

    async def _rebuild(self, chosen: str | None) -> None:
        """Compose again with the sessions as they are now. The table keeps the keys (a
        new table had no focus: the arrows did nothing, and `d` took the top row) and
        the cursor stays on `chosen`, else (deleted) on the row where it was."""
        row = self.query_one("#sessions", DataTable).cursor_row
        await self.recompose()
        self._fill_table()
        self.on_resize()
        table = self.query_one("#sessions", DataTable)
        table.focus()
        if chosen is not None:
            with contextlib.suppress(RowDoesNotExist):
                row = table.get_row_index(chosen)
        table.move_cursor(row=max(0, min(row, table.row_count - 1)), animate=False)

    def _fill_table(self) -> None:
        """The sessions, each note cut with "…" to what the screen's width leaves it (at
        80 columns the table ran past the edge, and a note was cut there mid-word)."""
        # Only these rows' sessions are read whole (for their notes and hurts).
        sessions = list(reversed(self.book.whole(self.book.sessions[-MAX_TABLE_ROWS:])))
        labels = routine_labels(sessions)  # (three "My routine"s read as one)
        rows = [session_row(session, labels[session.id][1]) for session in sessions]
        heads = ("Date", "Routine", "Length", "Status", "Pain", "Hurt", "Note")
        table = self.query_one("#sessions", RowTable)
        ids = [session.id for session in sessions]
        giving = [(1, ROUTINE_CELLS), (5, HURT_CELLS), (6, NOTE_CELLS)]
        table.fill(heads, rows, giving=giving, keys=ids)
        self._tell_read_problems()

    def _tell_read_problems(self) -> None:
        """A history that could not be read again (steps are read from the file on demand)."""
        for notice in self.book.load_notices():
            self.notify(notice, severity="warning", timeout=8, markup=False)

    def _selected_id(self) -> str | None:
        """The id of the session under the table's cursor, if any."""
        table = self.query_one("#sessions", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _selected(self) -> Session | None:
        """The session under the table's cursor, if any."""
        key = self._selected_id()
        if key is None:
            return None
        session = self.book.session(key)
        self._tell_read_problems()
        return session

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the session under the cursor: every step, planned against done."""
        session = self._selected()
        if session is not None:
            self.app.push_screen(SessionScreen(session))

    def action_delete(self) -> None:
        """Delete the session under the cursor, once the user confirms."""
        session = self._selected()
        if session is None:
            return
        name = printable(session.routine_name, single_line=True)
        # Two sessions of a routine on one day: the time and length tell them apart.
        at = wall_clock(session.started_at, session.tz).strftime("%H:%M")
        length = elapsed_text(session.duration_s)
        question = f"Delete the {session.local_date} {at} session of {name}, {length} long?"
        # Its pain and note tell a mistaken row from the one meant ("deletion line" read as
        # a way back: a deleted session comes back neither from the file nor by a merge).
        told = []
        if pain := pain_text(session):
            told.append(f"Pain {pain}")
        if session.note:
            told.append(f"Note: {cut(printable(session.note, single_line=True), NOTE_SHOWN)}")
        detail = "It leaves every list and streak: no undo."
        if told:
            detail = f"{' · '.join(told)}\n{detail}"

        def answered(yes: bool | None) -> None:
            if yes:
                self.call_later(self._delete, session.id)

        self.app.push_screen(ConfirmScreen(question, detail, yes="Delete", no="Keep"), answered)

    async def _delete(self, session_id: str) -> None:
        # The cursor goes to the session below (older), else above: by id, as another
        # window may have added rows while the question was asked.
        keys = [row.key.value for row in self.query_one("#sessions", DataTable).ordered_rows]
        at = keys.index(session_id) if session_id in keys else len(keys)
        beside = [*keys[at + 1 : at + 2], *keys[max(0, at - 1) : at]]
        message = self.book.delete(session_id)
        self.notify(
            message.text, severity="error" if message.error else "information", markup=False
        )
        if not message.error:
            await self._rebuild(beside[0] if beside else None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Retry (and its key in the footer) only while a session waits to be saved."""
        return action != "retry" or bool(self.book.unsaved)

    def action_retry(self) -> None:
        """Save sessions a full or read-only disk refused earlier."""
        if not self.book.unsaved:
            return
        message = self.book.retry()
        self.notify(
            message.text, severity="error" if message.error else "information", markup=False
        )
        if not message.error:
            self.query_one("#unsaved", Label).update(Content("All sessions saved."))
            self.refresh_bindings()

    def action_close(self) -> None:
        self.dismiss()

"""The app's view of history: saving workouts, keeping unsaved ones, and streaks.

Pure: no Textual. The store does the file work; this keeps the sessions in
memory, holds on to any session a full or read-only disk refused (so a retry
can save it later), and answers the questions the screens ask.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from msgspec.structs import replace

from coretui.history import HistoryError, HistoryStore, NoSuchSession, Session
from coretui.history.streaks import counting_days, daily_streaks, week_progress, weekly_streak

if TYPE_CHECKING:
    # The workout (and its pydantic routine) loads with the first workout, not at start.
    from coretui.workout.recording import WorkoutResult

RESUME_WITHIN = timedelta(hours=12)
"""An unfinished workout can be carried on for this long."""


@dataclass(frozen=True)
class SaveMessage:
    """What to tell the user after a save."""

    text: str
    error: bool = False


@dataclass
class SessionBook:
    """All sessions, the unsaved ones, and the streak questions screens ask."""

    store: HistoryStore
    today: date | None = None
    weekly_goal: int = 3
    sessions: list[Session] = field(default_factory=list)
    unsaved: dict[str, Session] = field(default_factory=dict)
    _notices: list[str] = field(default_factory=list)
    _loaded: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _today(self) -> date:
        return self.today or date.today()

    @property
    def loaded(self) -> bool:
        """True once the history file has been read."""
        return self._loaded

    def ensure_loaded(self) -> None:
        """Read the history file once, on first need (from any thread)."""
        with self._lock:
            if not self._loaded:
                self._read()
                self._loaded = True

    def _read(self) -> None:
        try:
            loaded = self.store.load()
        except HistoryError as exc:
            self._notices.append(str(exc))
            return
        self.sessions = loaded.sessions
        for bad in loaded.bad_lines[:5]:
            self._notices.append(
                f"history line {bad.line_number} skipped (kept in the file): {bad.reason}"
            )
        if len(loaded.bad_lines) > 5:
            self._notices.append(
                f"... and {len(loaded.bad_lines) - 5} more unreadable history lines"
            )

    def load_notices(self) -> list[str]:
        """Problems found while reading the history file."""
        self.ensure_loaded()
        notices, self._notices = self._notices, []
        return notices

    # -- saving ------------------------------------------------------------------------

    def record(self, result: WorkoutResult) -> SaveMessage:
        """Save a workout as a new session (once per workout)."""
        self.ensure_loaded()
        if result.session_id is not None:
            return self._save(self._find(result.session_id))
        from coretui.workout.recording import session_from_result

        session = session_from_result(result)
        result.session_id = session.id
        # A resumed workout keeps the id of the session it carries on: replace that one.
        self.sessions = [s for s in self.sessions if s.id != session.id]
        self.sessions.append(session)
        return self._save(session)

    def annotate(
        self, result: WorkoutResult, before: int | None, after: int | None, note: str
    ) -> SaveMessage:
        """Add pain ratings and a note to a workout's session (a replacing line)."""
        if result.session_id is None:
            self.record(result)
        assert result.session_id is not None
        session_id = result.session_id
        old = self._find(session_id)
        if (old.pain_before, old.pain_after, old.note) == (before, after, note) and (
            session_id not in self.unsaved
        ):
            return SaveMessage("Saved.")
        new = replace(old, pain_before=before, pain_after=after, note=note)
        self.sessions = [new if s.id == session_id else s for s in self.sessions]
        return self._save(new)

    def retry(self) -> SaveMessage:
        """Try again to save sessions a full or read-only disk refused."""
        for session in list(self.unsaved.values()):
            message = self._save(session)
            if message.error:
                return message
        return SaveMessage("All sessions saved.")

    def delete(self, session_id: str) -> SaveMessage:
        """Delete a session everywhere: a tombstone line in the file, gone from memory."""
        self.ensure_loaded()
        try:
            self.store.delete(session_id)
        except NoSuchSession:
            pass  # only ever in memory (a full disk refused it): nothing on disk to hide
        except HistoryError as exc:
            return SaveMessage(f"Not deleted: {exc}", True)
        self.unsaved.pop(session_id, None)
        self.sessions = [s for s in self.sessions if s.id != session_id]
        return SaveMessage("Session deleted.")

    def _find(self, session_id: str) -> Session:
        return next(s for s in self.sessions if s.id == session_id)

    def _save(self, session: Session) -> SaveMessage:
        try:
            written = self.store.append(session)
        except HistoryError as exc:
            self.unsaved[session.id] = session
            return SaveMessage(f"Not saved: {exc}. Kept in memory; retry from History (r).", True)
        self.unsaved.pop(session.id, None)
        # Keep the copy as written (with its updated_at), so memory matches the file.
        self.sessions = [written if s.id == session.id else s for s in self.sessions]
        word = "Saved" if session.status == "completed" else "Saved as partial"
        return SaveMessage(f"{word} to history.")

    # -- questions ---------------------------------------------------------------------

    def resumable(self, routine_id: str, now: datetime) -> Session | None:
        """The routine's newest session when it is partial and under 12 hours old."""
        self.ensure_loaded()
        mine = [s for s in self.sessions if s.routine_id == routine_id]
        if not mine:
            return None
        newest = max(mine, key=lambda s: s.started_at)
        if newest.status != "partial" or now - newest.finished_at > RESUME_WITHIN:
            return None
        return newest

    def last_done(self) -> dict[str, date]:
        """The last date each routine was done (completed or not)."""
        self.ensure_loaded()
        last: dict[str, date] = {}
        for session in self.sessions:
            current = last.get(session.routine_id)
            if current is None or session.local_date > current:
                last[session.routine_id] = session.local_date
        return last

    def streaks(self) -> tuple[int, int, int, int]:
        """(current daily, longest daily, weekly streak, days this week)."""
        self.ensure_loaded()
        days = counting_days(self.sessions)
        today = self._today()
        current, longest = daily_streaks(days, today)
        weekly = weekly_streak(days, today, self.weekly_goal)
        return current, longest, weekly, week_progress(days, today)

    def streak_text(self) -> str:
        """One line for the picker and the summary."""
        current, longest, _weekly, this_week = self.streaks()
        days = "day" if current == 1 else "days"
        return (
            f"Streak {current} {days} · best {longest} · this week {this_week}/{self.weekly_goal}"
        )

"""The app's view of history: saving workouts, keeping unsaved ones, and streaks.

Pure: no Textual. The store does the file work; this keeps a brief of every session in
memory (no steps: a long history stays small), reads a whole session when it is opened,
keeps any a full or read-only disk refused (for a retry), and answers the screens.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from msgspec.structs import replace

from coretui.history import HistoryError, HistoryStore, NoSuchSession, Session, SessionBrief
from coretui.history.files import cannot_save
from coretui.history.notices import ahead_notice, bad_line_notices
from coretui.history.records import LATEST, local_date_and_tz
from coretui.history.store import Changing
from coretui.history.streaks import counting_days, daily_streaks, week_progress, weekly_streak
from coretui.history.tries import Ratings, rated, saved_again
from coretui.safe_files import file_stamp
from coretui.services.in_progress import InProgress
from coretui.wording import counted

if TYPE_CHECKING:
    # The workout's modules load with the first workout, not at start.
    from coretui.workout.recording import WorkoutResult

Held = Callable[[str], "Session | None"]
"""A session by id as the history holds it now."""

RESUME_WITHIN = timedelta(hours=12)
"""An unfinished workout can be carried on for this long."""


@dataclass(frozen=True)
class SaveMessage:
    """What to tell the user after a save."""

    text: str
    error: bool = False


STREAK_UNKNOWN = "Streak unknown: the history cannot be read"
DELETED_SINCE = SaveMessage("Not saved: this workout was deleted from the history.", True)


@dataclass
class SessionBook:
    """All sessions (as briefs), the unsaved ones, and the streak questions screens ask."""

    store: HistoryStore
    today: date | None = None
    weekly_goal: int = 3
    sessions: list[SessionBrief] = field(default_factory=list)
    """Every session, oldest first, without its steps (see `whole`)."""
    unsaved: dict[str, Session] = field(default_factory=dict)
    _known: dict[str, Session] = field(default_factory=dict)
    """Whole sessions written or read back in this run, by id."""
    _notices: list[str] = field(default_factory=list)
    _told: set[str] = field(default_factory=set)
    _loaded: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _in_progress: InProgress = field(init=False)
    """Running workouts' records on disk (see `keep_in_progress`)."""
    _stamp: tuple[int, ...] | None = None
    """The history file's size and times as last read or written here (`file_stamp`)."""
    unreadable: str | None = None
    """Why the history could not be read, last tried (None: it was): lists hold this run's."""

    def __post_init__(self) -> None:
        self._in_progress = InProgress(self.store.path)

    def current_day(self) -> date:
        """Today (`today` when a test sets it), for streaks and "last done"."""
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
                # Said before any workout (a read-only folder was told on its summary);
                # a history that cannot be read at all is said so already.
                if self.unreadable is None and (problem := cannot_save(self.store.path)):
                    self._notices.append(problem)

    def reread_if_changed(self) -> bool:
        """Read the history again when another process wrote to it (a second window's
        workout, `coretui log`, a merge) or left a killed workout's record, or while it
        could not be read (`chmod` changes neither size nor time); True when read."""
        with self._lock:
            same = self.unreadable is None and file_stamp(self.store.path) == self._stamp
            if not self._loaded or (same and not self.store.dead_records()):
                return False  # (two stats: the usual answer)
            was = self.unreadable
            self._read()
            return was is None or self.unreadable is None

    def _read(self) -> None:
        stamp = file_stamp(self.store.path)  # before: a write while reading is seen next time
        try:
            loaded = self.store.load_briefs()
        except HistoryError as exc:
            if str(exc) != self.unreadable:
                self._notices.append(str(exc))  # said once, however often it is tried
            self.unreadable, self._stamp = str(exc), stamp
            return
        self.unreadable, self._stamp = None, stamp
        # Whole sessions are read again on demand (another process may have changed
        # them); those only in memory (a full disk refused them) stay, and stay listed.
        self._known = {i: s for i, s in self._known.items() if i in self.unsaved}
        on_disk = {brief.id for brief in loaded.briefs}
        kept = [SessionBrief.of(s) for i, s in self.unsaved.items() if i not in on_disk]
        merged = [*loaded.briefs, *kept]
        self.sessions = sorted(merged, key=lambda s: (s.started_at, s.id)) if kept else merged
        self._notices += [said for said in self.store.unread if said not in self._told]
        self._told.update(self.store.unread)  # (said once: the file stays, and is read again)
        self._notices += bad_line_notices(loaded.bad_lines)
        ahead = ahead_notice(self.sessions, self.current_day())
        if ahead is not None and ahead not in self._told:  # (said once, as files not read)
            self._notices.append(ahead)
            self._told.add(ahead)

    def load_notices(self) -> list[str]:
        """Problems found while reading the history file."""
        self.ensure_loaded()
        notices, self._notices = self._notices, []
        return notices

    # -- saving ------------------------------------------------------------------------

    def record(self, result: WorkoutResult) -> SaveMessage:
        """Save a workout's session (once per workout; a resumed one's replaces it)."""
        self.ensure_loaded()
        return self._save_from(lambda now: self._recorded(result, now))

    def _recorded(self, result: WorkoutResult, now: Held) -> Session:
        """The workout's session; a resumed one carries on the session as the history
        holds it now (`now`, under its lock), which another window may have rated,
        resumed and saved, or merged an older copy's work into since this sitting began:
        of each step, the try that did most. Deleted meanwhile, the delete stands: this
        sitting is a session of its own (`sitting_alone`, of a record); edited out of step
        with the routine's moves, it is saved over (its steps cannot be paired)."""
        from coretui.workout.recording import same_moves, session_from_result

        if result.resumed is not None:
            held = now(result.resumed.id)
            if held is None:  # (its record is this sitting's alone now, as its save)
                self._in_progress.carry(result.resumed.id, result.record_id)
                result.resumed = None
            elif same_moves(held, result.engine.timeline):
                result.resumed = held
        session = session_from_result(result)
        result.session_id = session.id
        # A resumed workout keeps the id of the session it carries on: replace that one.
        self.sessions = [s for s in self.sessions if s.id != session.id]
        self.sessions.append(SessionBrief.of(session))
        self._known[session.id] = session
        if result.resumed is not None:
            self._in_progress.bases[session.id] = result.resumed
        return session

    def keep_in_progress(self, snapshot: WorkoutResult) -> str | None:
        """Keep a running workout's record as it stands, so that a `kill -9` or a crash
        loses at most the last seconds of the step under way (`coretui.history.checkpoint`).

        Written by a thread of its own, in order: the countdown never waits on the disk.
        Returns why the record written before this one was refused ("No space left on
        device"), or None when it was kept (or is the first).
        """
        from coretui.workout.recording import session_from_result

        session = session_from_result(snapshot)
        if snapshot.resumed is not None:
            self._in_progress.bases[session.id] = snapshot.resumed
        # Named by the sitting: two windows resuming one session keep a record each.
        return self._in_progress.keep(session, snapshot.record_id)

    def unsaved_at_exit(self) -> tuple[list[Session], list[Session]]:
        """The sessions the history refused, as the app closes: (kept on disk in progress,
        to be added at the next start; held only in memory, lost at exit)."""
        kept, lost = list[Session](), list[Session]()
        for session in self.unsaved.values():
            written = self._in_progress.written(session.id)
            (kept if written is session else lost).append(session)
        return kept, lost

    def wait_for_writes(self) -> None:
        """Wait until the in-progress records asked for are on disk (for tests)."""
        self._in_progress.wait()

    def annotate(
        self,
        result: WorkoutResult,
        before: int | None,
        after: int | None,
        note: str,
        shown: Ratings | None = None,
        *,
        fill: bool = False,
    ) -> SaveMessage:
        """Add pain ratings and a note to a workout's session (a replacing line).

        The ratings go on the session as the history holds it now: another window may
        have carried the workout on (resumed and finished it), rated it (`rated`: left
        as `shown`, a box keeps that; `fill`: only what it lacks is given) or deleted it
        since the summary showed it, and a copy from memory would undo that without a word.
        """
        if result.session_id is None:
            self.record(result)
        assert result.session_id is not None
        session_id = result.session_id

        def rate(now: Held) -> Session | SaveMessage:
            old = now(session_id)
            if old is None:  # deleted since (History, or `coretui delete`): not brought back
                return DELETED_SINCE
            new = rated(old, (before, after, note), shown, fill=fill)
            if new == old and session_id not in self.unsaved:
                return SaveMessage("Saved.")
            self._remember(new)
            return new

        return self._save_from(rate)

    def retry(self) -> SaveMessage:
        """Save again what a full or read-only disk refused, on the copy held now."""
        for session in list(self.unsaved.values()):
            del self.unsaved[session.id]  # (so that the copy held now is read, not this)
            base = self._in_progress.bases.get(session.id)
            message = self._save_from(partial(_laid_on_now, session, base))
            if message is DELETED_SINCE:  # (its record kept for the next start goes too)
                self.delete(session.id)
            elif message.error:
                return message
        return SaveMessage("All sessions saved.")

    def delete(self, session_id: str) -> SaveMessage:
        """Delete a session everywhere: a tombstone line in the file, gone from memory."""
        self.ensure_loaded()
        unchanged = file_stamp(self.store.path) == self._stamp
        try:
            self.store.delete(session_id)
        except NoSuchSession:
            pass  # only ever in memory (a full disk refused it): nothing on disk to hide
        except HistoryError as exc:
            return SaveMessage(f"Not deleted: {exc}", True)
        self._wrote(unchanged)
        self.unsaved.pop(session_id, None)
        self._known.pop(session_id, None)
        self.sessions = [s for s in self.sessions if s.id != session_id]
        self._in_progress.drop(session_id)  # an unsaved workout's kept record too
        return SaveMessage("Session deleted.")

    def whole(self, briefs: list[SessionBrief]) -> list[Session]:
        """The whole sessions (with their steps) of ``briefs``; any no longer saved are left out."""
        on_disk = [brief for brief in briefs if brief.id not in self._known]
        try:
            read = {s.id: s for s in self.store.load_sessions(on_disk)} if on_disk else {}
        except HistoryError as exc:
            self._notices.append(str(exc))
            read = {}
        self._known.update(read)
        return [self._known[b.id] for b in briefs if b.id in self._known]

    def session(self, session_id: str) -> Session | None:
        """The whole session with that id, if it is in the history."""
        brief = next((s for s in self.sessions if s.id == session_id), None)
        return None if brief is None else next(iter(self.whole([brief])), None)

    def _remember(self, session: Session) -> None:
        """Keep ``session`` whole, and its brief in place of its old one."""
        self._known[session.id] = session
        brief = SessionBrief.of(session)
        self.sessions = [brief if s.id == session.id else s for s in self.sessions]

    def _wrote(self, unchanged: bool) -> None:
        """After a write of ours: the file as it is now counts as read only if nobody
        else had written to it since our last read (else the next look reads it)."""
        self._stamp = file_stamp(self.store.path) if unchanged else None

    def _save_from(self, make: Callable[[Held], Session | SaveMessage]) -> SaveMessage:
        """Write the session `make` builds from the history as it holds it now (read
        under the history's lock, held until the write: a save from another window
        lands before or after, never between, where this copy would write over it)."""
        made: Session | SaveMessage | None = None
        try:
            with self.store.changing() as held:
                made = make(lambda session_id: self._held(held, session_id))
                return made if isinstance(made, SaveMessage) else self._write(made, held.append)
        except HistoryError as exc:
            if made is None:  # (the lock refused: a folder that cannot be written)
                made = make(self.session)
            if isinstance(made, SaveMessage):
                return made
            return self._not_saved(made, str(exc))

    def _held(self, held: Changing, session_id: str) -> Session | None:
        if session_id in self._known and (
            session_id in self.unsaved or file_stamp(self.store.path) == self._stamp
        ):
            return self._known[session_id]  # (nobody wrote since this copy was read)
        return held.read(session_id)

    def _write(self, session: Session, append: Callable[[Session], Session]) -> SaveMessage:
        unchanged = file_stamp(self.store.path) == self._stamp
        if not self._in_progress.mark_saving(session):
            return self._not_saved(session, "its record in progress could not be updated")
        written = append(session)
        self.unsaved.pop(session.id, None)
        self._wrote(unchanged)  # our own line: nothing to read again for it
        self._in_progress.drop(session.id)
        # Keep the copy as written (with its updated_at), so memory matches the file.
        self._remember(written)
        word = "Saved" if session.status == "completed" else "Saved as partial"
        return SaveMessage(f"{word} to history.")

    def _not_saved(self, session: Session, reason: str) -> SaveMessage:
        """A save refused: the session kept in memory, and as its record for the next
        start to add if no retry from History does."""
        if session.updated_at is not None:
            # A change to a saved session (its ratings): newer than the saved copy,
            # so that the next start takes the kept record over it.
            later = min(session.updated_at + timedelta(microseconds=1), LATEST)
            now = max(datetime.now(UTC), later)
            session = replace(session, updated_at=now)
        self.unsaved[session.id] = session
        self._in_progress.keep(session)  # as it is now (finished, rated)
        return SaveMessage(f"Not saved: {reason}. Kept in memory; retry from History (r).", True)

    # -- questions ---------------------------------------------------------------------

    def resumable(self, routine_id: str, now: datetime) -> Session | None:
        """The routine's newest session when it is partial, under 12 hours old, of today
        (a resume carries on its record, dated the day it began: work done after midnight
        would count for the day before) and has a step left to do."""
        self.ensure_loaded()
        mine = [s for s in self.sessions if s.routine_id == routine_id]
        if not mine:
            return None
        newest_brief = max(mine, key=lambda s: s.started_at)
        # Written over 12 hours ago, it finished before that: no need to read it.
        if newest_brief.status != "partial" or now - newest_brief.updated > RESUME_WITHIN:
            return None
        newest = self.session(newest_brief.id)
        if newest is None or now - newest.finished_at > RESUME_WITHIN:
            return None
        if newest.local_date != local_date_and_tz(now)[0]:
            return None
        # (a step "stopped" is where it stopped, or one it never reached: one to carry on)
        return newest if any(step.ended == "stopped" for step in newest.steps) else None

    def last_days(self) -> tuple[dict[str, date], dict[str, date]]:
        """The last date each routine was done, a session in which the work was done as
        the streaks count them (a partial one that did half of it; not a run of skips),
        and the last it was tried (any session); one pass over the history."""
        self.ensure_loaded()
        done: dict[str, date] = {}
        tried: dict[str, date] = {}
        for session in self.sessions:
            day, routine = session.local_date, session.routine_id
            for last in (tried, done) if session.did_the_work else (tried,):
                if routine not in last or day > last[routine]:
                    last[routine] = day
        return done, tried

    def streaks(self) -> tuple[int, int, int, int]:
        """(current daily, longest daily, weekly streak, days this week)."""
        self.ensure_loaded()
        days = counting_days(self.sessions)
        today = self.current_day()
        current, longest = daily_streaks(days, today)
        weekly = weekly_streak(days, today, self.weekly_goal)
        return current, longest, weekly, week_progress(days, today)

    def streak_text(self) -> str:
        """One line for the picker and the summary; of a history that cannot be read,
        that the streak is unknown (this run's sessions alone would claim it broken)."""
        if self.unreadable is not None:
            return STREAK_UNKNOWN
        current, longest, _weekly, this_week = self.streaks()
        streak = counted(current, "day")
        return f"Streak {streak} · best {longest} · this week {this_week}/{self.weekly_goal}"


def _laid_on_now(session: Session, base: Session | None, now: Held) -> Session | SaveMessage:
    laid = saved_again(session, now(session.id), base)
    return DELETED_SINCE if laid is None else laid

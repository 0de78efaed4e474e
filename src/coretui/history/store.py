"""The history store: one JSON line per session in ``history.jsonl``, appended, never rewritten.

A later line with the same ``id`` replaces an earlier one; that is how edits made on the
summary screen, and deletions (a tombstone line), are saved without touching the lines
already on disk. The store stamps every line it writes with `updated_at`.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec

from coretui.history.brief_cache import read_briefs_cached
from coretui.history.checkpoint import folder_for, free_records, recover
from coretui.history.exports import read_export
from coretui.history.file_bytes import (
    after_last_newline,
    fsync_dir,
    keep_corrupt_range,
    open_for_append,
    read_range,
    touch_lock,
)
from coretui.history.files import check_regular, open_regular
from coretui.history.ids import session_by_id
from coretui.history.load import (
    MAX_LINE_BYTES,
    MOVED_ASIDE,
    BriefLoad,
    HistoryLoad,
    decode_session,
    read_briefs,
    read_history,
)
from coretui.history.merging import MergeResult, merged_in
from coretui.history.records import LATEST, Session, SessionBrief, encode_line
from coretui.history.wording import lock_held, lock_is_a_link, no_files_here, no_time_after
from coretui.problem_words import os_reason

LOCK_TIMEOUT_S = 10.0


class HistoryError(Exception):
    """A history file could not be read or written; ``str()`` is one line for the user."""


class NoSuchSession(HistoryError):
    """No session with that id is in the history file (or it was deleted already)."""


class HistoryStore:
    """The append-only history file, safe against crashes and concurrent coretui processes."""

    def __init__(self, path: Path, brief_cache: Path | None = None) -> None:
        self.path = path
        self.brief_cache = brief_cache
        """Where `load_briefs` keeps a cache of the briefs (see `brief_cache`); None: none."""
        # A separate lock file: the data file is never replaced, and the kernel drops
        # the flock if we crash, so a stale lock never blocks the next run.
        self.lock_path = path.with_suffix(".lock")
        self.unread: list[str] = []  # what the last load's `recover` could not read
        self._left: set[tuple[str, int, int]] = set()  # the records it left (`dead_records`)
        self.set_aside: list[Path] = []
        """Where writes moved a torn last line (`file_bytes.keep_corrupt_range`), for the
        CLI to say."""

    def load(self, keep_deleted: bool = False) -> HistoryLoad:
        """All sessions (and those deleted, as tombstones: `keep_deleted`); a missing file
        is an empty history, an unreadable one a HistoryError."""
        # No lock: appends are whole lines, so a reader can at worst see a line still being
        # written, as a torn tail that is not there on the next load.
        self._recover()
        return self._read(self.path, "read history", keep_deleted)

    def load_briefs(self) -> BriefLoad:
        """`load` without the steps: what lists and streaks need, smaller and faster."""
        self._recover()
        return self._briefs()

    def _recover(self) -> None:
        """First, the records of workouts that died in progress (see `checkpoint`)."""
        folder = folder_for(self.path)
        try:
            found = folder.is_dir()  # one stat, the usual answer: no
        except OSError:  # a folder not to be looked into (Python 3.11 raises for it)
            return  # the read that follows says so, if it matters
        if found:
            self.unread = []
            recover(folder, self.path, self._appended, self.unread)
            self._left = free_records(folder)

    def dead_records(self) -> bool:
        """Whether a workout killed in progress left a record the last `load` did not
        see (one it left, unreadable or refused, is not asked about again)."""
        return bool(free_records(folder_for(self.path)) - self._left)

    def _appended(self, session: Session) -> bool:
        try:
            self.append(session)
        except HistoryError:
            return False
        return True

    def _briefs(self) -> BriefLoad:
        try:
            if self.brief_cache is None:
                return read_briefs(self.path)
            return read_briefs_cached(self.path, self.brief_cache)
        except FileNotFoundError as err:
            _unless_a_link(self.path, "read history", err)
            return BriefLoad([], [], torn_tail=False)
        except OSError as err:
            raise HistoryError(_failure("read history", self.path, err)) from err

    def load_sessions(self, briefs: Sequence[SessionBrief]) -> list[Session]:
        """The whole sessions of ``briefs``, each read from the line its brief came from.

        When a line no longer holds its brief's session (the file changed since), the
        whole file is read instead; a session no longer in it is left out.
        """
        try:
            found = self._read_lines_of(briefs)
            if found is not None:
                return found
        except FileNotFoundError:
            pass
        except OSError as err:
            raise HistoryError(_failure("read history", self.path, err)) from err
        known = {s.id: s for s in self.load().sessions}
        return [known[brief.id] for brief in briefs if brief.id in known]

    def _read_lines_of(self, briefs: Sequence[SessionBrief]) -> list[Session] | None:
        """The sessions at the briefs' offsets, or None when one of them is not there."""
        found: list[Session] = []
        with open_regular(self.path) as file:
            for brief in briefs:
                if brief.offset < 0:
                    return None
                file.seek(brief.offset)
                line = file.readline().removesuffix(b"\n")
                try:
                    session = decode_session(line.removeprefix(b"\xef\xbb\xbf"))
                except ValueError:
                    return None
                if (session.id, session.updated, session.deleted) != (
                    brief.id,
                    brief.updated,
                    False,
                ):
                    return None
                found.append(session)
        return found

    def append(self, session: Session) -> Session:
        """Add (or, with a known id, replace) one session durably; raises HistoryError.

        Returns the session as written, stamped with its `updated_at`.
        """
        [written] = self.append_many([session])
        return written

    @contextmanager
    def changing(self) -> Iterator[Changing]:
        """Hold the history lock while a session is read as the file holds it, changed
        and written back: no other process's save lands between the read and the write,
        to be written over by a copy built on what it replaced."""
        with self._locked("save history"):
            yield Changing(self)

    def append_many(self, sessions: Iterable[Session]) -> list[Session]:
        """Add many sessions in one locked, fsynced write (an import, a benchmark's history).

        All or nothing: one invalid session refuses the lot, and a failed write leaves the
        file as it was. Each is stamped with `updated_at` now (never earlier than it was).
        """
        now = datetime.now(UTC)
        stamped = [_stamped(session, now) for session in sessions]
        payload = b"".join(map(_encode, stamped))
        if payload:
            with self._locked("save history"):
                self._append_locked(payload, "save history")
        return stamped

    def _append_held(self, session: Session) -> Session:
        stamped = _stamped(session, datetime.now(UTC))
        self._append_locked(_encode(stamped), "save history")
        return stamped

    def _read_now(self, session_id: str) -> Session | None:
        """The session as the file holds it now: its line found by the briefs (their
        cache reads only what was added), the whole file only if that line changed. Not
        `load`: its recovery of records in progress writes, and the lock is held."""
        briefs = [brief for brief in self._briefs().briefs if brief.id == session_id]
        try:
            found = self._read_lines_of(briefs) if briefs else []
        except OSError as err:
            raise HistoryError(_failure("save history", self.path, err)) from err
        if found is None:
            sessions = self._read(self.path, "save history").sessions
            found = [session for session in sessions if session.id == session_id]
        return found[0] if found else None

    def delete(self, session_id: str) -> Session:
        """Append a tombstone for a session, by its id or the id's start as `coretui
        history` shows it (4 characters or more, one session's); raises NoSuchSession
        if there is none by that id."""
        with self._locked("delete from history"):
            known = {s.id: s for s in self._read(self.path, "read history", True).sessions}
            session = session_by_id(known, session_id)
            if isinstance(session, str):
                raise NoSuchSession(session)
            if session.deleted:
                raise NoSuchSession(f"session '{session_id}' was deleted already")
            tombstone = _stamped(msgspec.structs.replace(session, deleted=True), datetime.now(UTC))
            self._append_locked(_encode(tombstone), "delete from history")
        return tombstone

    def merge(self, other: Path) -> MergeResult:
        """Append another history file's new and newer sessions and deletions (or those
        of a JSON export, `coretui export --format json`: a backup restored).

        Of two copies of a session, the later one with the work either did (`merged_in`).
        Nothing local is rewritten.
        """
        unit = "line"
        with suppress(OSError):  # (either missing: said below, or nothing to say)
            if os.path.samefile(other, self.path):
                raise HistoryError(f"cannot merge {other}: it is this history itself")
        try:
            incoming = read_history(other, keep_deleted=True)
            if incoming.bad_lines and not incoming.sessions:  # an export, to restore?
                exported = read_export(other)
                incoming, unit = (incoming, "line") if exported is None else (exported, "record")
        except OSError as err:
            raise HistoryError(f"cannot merge {other}: {os_reason(err)}") from err
        if incoming.bad_lines and not incoming.sessions:
            first = incoming.bad_lines[0]
            reason = first.reason.replace(MOVED_ASIDE, "")  # (merge never changes that file)
            what = "not a coretui history file nor a JSON export (no line holds a session; "
            if unit == "record":  # a list: of other things, or cut short in its first session
                what = "a JSON export with no whole session ("
            raise HistoryError(f"cannot merge {other}: {what}{unit} {first.line_number}: {reason})")
        with self._locked("merge history"):
            ours = {s.id: s for s in self._read(self.path, "merge history", True).sessions}
            kept, counts = merged_in(ours, incoming.sessions)
            if kept:
                self._append_locked(b"".join(map(_encode, kept)), "merge history")
        return MergeResult(bad_lines=incoming.bad_lines, unit=unit, **counts)

    def _read(self, path: Path, action: str, keep_deleted: bool = False) -> HistoryLoad:
        try:
            return read_history(path, keep_deleted=keep_deleted)
        except FileNotFoundError as err:
            _unless_a_link(path, action, err)
            return HistoryLoad([], [], torn_tail=False)
        except OSError as err:
            raise HistoryError(_failure(action, path, err)) from err

    @contextmanager
    def _locked(self, action: str) -> Iterator[None]:
        """Hold the history lock, creating the private data folder first."""
        from filelock import FileLock, Timeout  # only writes need it: reads start faster

        from coretui.safe_files import make_private_dirs

        lock = FileLock(self.lock_path, timeout=LOCK_TIMEOUT_S, mode=0o600)
        try:
            make_private_dirs(self.path.parent)
            try:
                lock.acquire(timeout=0)
            except Timeout:  # held by another coretui, or a folder where no file can be made
                touch_lock(self.lock_path)  # the latter: raises why, without the wait
                lock.acquire()
        except Timeout as err:  # before OSError: Timeout is a TimeoutError
            raise HistoryError(lock_held(action, self.lock_path, LOCK_TIMEOUT_S)) from err
        except OSError as err:  # filelock opens its file without following a link (ELOOP)
            if err.errno == errno.ELOOP and self.lock_path.is_symlink():
                raise HistoryError(lock_is_a_link(action, self.lock_path)) from err
            if err.errno == errno.ENOENT and self.lock_path.parent.is_dir():
                raise HistoryError(no_files_here(action, self.lock_path.parent)) from err
            if err.errno == errno.EEXIST:  # (filelock's makedirs: the data folder is a file)
                err = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), err.filename)
            raise HistoryError(_failure(action, self.lock_path, err)) from err
        try:
            yield
        finally:
            lock.release()

    def _append_locked(self, payload: bytes, action: str) -> None:
        """Write whole lines in one call; on any failure the file is left as it was."""
        try:
            fd, created = open_for_append(self.path)
        except OSError as err:
            raise HistoryError(_failure(action, self.path, err)) from err
        try:
            check_regular(fd, self.path)
            self._set_aside_torn_tail(fd)
            size = os.fstat(fd).st_size
            try:
                # One write of whole lines: a crash leaves at most a torn last line.
                if os.write(fd, payload) != len(payload):
                    # A short write to a regular file means the disk filled up.
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                os.fsync(fd)
            except OSError:
                with suppress(OSError):  # if even this fails, the next save quarantines the tail
                    os.ftruncate(fd, size)
                raise
            if created:
                fsync_dir(self.path.parent)
        except OSError as err:
            raise HistoryError(_failure(action, self.path, err)) from err
        finally:
            os.close(fd)

    def _set_aside_torn_tail(self, fd: int) -> None:
        """Move the bytes after the last newline (a crash's torn line) to a corrupt-* file."""
        size = os.fstat(fd).st_size
        if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
            return
        start = after_last_newline(fd, size)
        if size - start <= MAX_LINE_BYTES:  # (longer is no record: never read whole)
            tail = read_range(fd, start, size)
            try:
                decode_session(tail.removeprefix(b"\xef\xbb\xbf") if start == 0 else tail)
            except ValueError:
                pass
            else:  # a whole record that only lacks its newline (a hand edit): finish it
                os.write(fd, b"\n")
                return
        kept = keep_corrupt_range(self.path, fd, start, size)
        if kept is not None:
            self.set_aside.append(kept)
        # Only now that the copy is synced may the bytes leave the main file.
        os.ftruncate(fd, start)
        os.fsync(fd)


class Changing:
    """What `HistoryStore.changing` lends while it holds the lock."""

    def __init__(self, store: HistoryStore) -> None:
        self.read = store._read_now
        """The session with an id as the file holds it now, or None (deleted, never saved)."""
        self.append = store._append_held
        """`HistoryStore.append`, under the lock held."""


def _stamped(session: Session, now: datetime) -> Session:
    """The session with `updated_at` now, and always later than the copy it replaces.

    Strictly later, even with a clock set back or a session dated ahead: a merge keeps
    the newer copy, and a tie would lose this edit (or deletion) on the other machine.
    """
    floor = session.updated
    if floor.utcoffset() is None:
        return session  # a naive time: `_encode` refuses it
    if session.updated_at is not None:
        floor += _TICK
    if floor > LATEST:
        raise HistoryError(no_time_after(session.id, session.updated))
    return msgspec.structs.replace(session, updated_at=max(now, floor))


_TICK = timedelta(microseconds=1)


def _encode(session: Session) -> bytes:
    """The session's line, refused unless it reads back: never write what load would reject."""
    try:
        line = encode_line(session)
        decode_session(line)
    except (ValueError, msgspec.ValidationError) as err:
        raise HistoryError(f"cannot save history: invalid session: {err}") from err
    return line


def _unless_a_link(path: Path, action: str, err: OSError) -> None:
    """A history not there yet is an empty one, but a link to a place gone is not: a
    sync folder not mounted holds sessions, and no workout could be saved there."""
    if os.path.islink(path):
        raise HistoryError(_failure(action, path, err)) from err


def _failure(action: str, path: Path | str, err: OSError) -> str:
    """One line such as 'cannot save history: /x/history.jsonl: read-only file system'."""
    where = err.filename or path
    if err.errno == errno.ENOENT and os.path.islink(where):  # a link to a place gone
        with suppress(OSError):
            where = f"{where} (a link to {os.readlink(where)})"
    elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and not os.path.lexists(where):
        # A file made beside the history (its lock, lines set aside): the folder's fault.
        return f"cannot {action}: no file can be made in {Path(where).parent}: {os_reason(err)}"
    return f"cannot {action}: {where}: {os_reason(err)}"

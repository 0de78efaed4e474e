"""A workout in progress, kept on disk until its record is in the history.

A workout's record is written when it ends: finished, quit, the terminal closed, a
signal. `kill -9`, a crash or a flat battery give it no such moment. So while a
workout runs, the app keeps its record as it stands after each step (and every few
seconds of an exercise under way) in
`in-progress/<id>.json` beside the history (the session's id; a resumed sitting's
own, so that two windows resuming one session keep a record each), and holds
`<id>.lock` there; the kernel drops that lock when the process dies, however it dies.
Beside them, `.<id>.json.spare` keeps some room aside: a disk that fills mid-workout
gives it back to take the record (written whole, as ever), rather than refuse it.

The next read of the history (the app's start, `coretui history`) takes each record
whose lock is free: it appends it as the partial session it is, unless the history
already holds a copy saved at or after that moment (the workout was saved, and the
process died before removing its record) or deleted it since, and removes it. (A
record's moment is its finish; a saved session changed later, its `updated_at`.) A
record is what the steps ended before that moment hold: the step under way counts as
stopped, with what it had done when the record was last written (every 10 s of work:
`coretui.workout.step_cues.KEEP_EVERY_S`), so a recovered session never claims more than
was done.

A resumed workout's record is the session it carries on, extended; its file holds on a
second line that session as the workout began from it. When the history's copy changed
since (another window rated it, or carried it on too), the record is laid over that
copy as a resumed workout's save lays it (`coretui.history.tries.carried_on_since`),
not written over it; unless the record was marked as being saved (`SAVING`) and the
history holds that very copy: the workout saved itself, and died before removing its
record.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec.structs import replace

from coretui.history.files import IN_PROGRESS, open_regular
from coretui.history.load import decode_session, read_briefs, read_history
from coretui.history.records import Session, SessionBrief, encode_line
from coretui.history.tries import carried_on_since, sitting_alone
from coretui.problem_words import os_reason
from coretui.safe_files import link_gone

if TYPE_CHECKING:
    from filelock import BaseFileLock

SAVING = b"saving\n"
"""A record's last line while its workout is being saved: killed between the save and
the record's removal, a resumed workout's record is then known to be in the history
(its time is not added twice)."""

ROOM = 16 * 1024
"""Bytes a running workout keeps aside in a spare file beside its record (twice the
record's size when that is more): on a full disk it is given back to take the record,
which a new file needs room for (`_keep_room`)."""
SPARE_ONLY_WITH = 8
"""The spare is made only while the disk has this many times its size free."""
FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
"""A disk (or the user's quota) that is full."""

FOLDER = IN_PROGRESS
"""Beside the history file: the records of workouts still running (or that died)."""


def folder_for(history_file: Path) -> Path:
    """Where the in-progress records of this history go."""
    return history_file.with_name(FOLDER)


def _lock(record: Path) -> BaseFileLock:
    from filelock import FileLock  # only a running workout, or a record left, needs it

    # Taken and given back by different threads (the writer's, the caller's): not per thread.
    return FileLock(record.with_suffix(".lock"), timeout=0, mode=0o600, thread_local=False)


class Checkpoint:
    """The record of one running workout, rewritten as it goes; safe from any thread."""

    def __init__(self, folder: Path, session_id: str) -> None:
        self.file = folder / f"{session_id}.json"
        self.spare = folder / f".{session_id}.json.spare"
        """Room kept aside for the record on a full disk (removed with a dead workout's
        half-written records, `recover`)."""
        self.written: Session | None = None
        """The record as last written to the file (None: nothing, or a write refused)."""
        self.problem: str | None = None
        """Why the last write was refused ("No space left on device"); None once one is not."""
        self._lock: BaseFileLock | None = None
        self._mutex = threading.Lock()

    def write(self, session: Session, base: Session | None = None, saving: bool = False) -> bool:
        """Keep `session` as the workout's record (atomically); False if the disk refused.

        `base`: the session a resumed workout carries on, as it began from it. `saving`:
        the record is being saved to the history now (see `recover`).
        """
        with self._mutex:
            # (tempfile: not at every start)
            from coretui.safe_files import atomic_write, make_private_dirs

            try:
                if self._lock is None:
                    make_private_dirs(self.file.parent)
                    lock = _lock(self.file)
                    lock.acquire()
                    self._lock = lock
                lines = encode_line(session) + (b"" if base is None else encode_line(base))
                lines += SAVING if saving else b""
                try:
                    atomic_write(self.file, lines)
                except OSError as exc:  # a full disk: the room kept aside takes the record
                    if exc.errno not in FULL or not _give_back(self.spare):
                        raise
                    atomic_write(self.file, lines)
                _keep_room(self.spare, max(ROOM, 2 * len(lines)))
            except (OSError, TimeoutError, ValueError) as exc:
                self.written = None  # the file may hold an older record, or none
                self.problem = _reason(exc)
                return False
            self.written = session
            self.problem = None
            return True

    def drop(self) -> bool:
        """The workout's record is in the history: forget it here. False if the file is
        still there (the folder refused its removal)."""
        with self._mutex:
            gone = True
            try:
                self.file.unlink(missing_ok=True)
            except OSError:
                gone = False
            _give_back(self.spare)
            if self._lock is not None:
                _unlink_then_release(self._lock, self.file)
                self._lock = None
            self.written = None
            return gone


def _keep_room(spare: Path, size: int) -> None:
    """Keep `size` bytes (whole 16 KB) of the disk aside in `spare` while the disk has
    room to spare for them: never its last free bytes, which the history's own save
    needs (bytes no file system stores sparse or compressed, so all come back)."""
    size = -(-size // ROOM) * ROOM
    try:
        if spare.stat().st_size >= size:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        if hasattr(os, "statvfs"):
            disk = os.statvfs(spare.parent)
            if disk.f_bavail * disk.f_frsize < SPARE_ONLY_WITH * size:
                return
        fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(size))
    except OSError:  # (no room even for that: the disk is full already)
        _give_back(spare)


def _give_back(spare: Path) -> bool:
    """Free the room `spare` kept aside; False when there was none to free."""
    try:
        spare.unlink()
    except OSError:
        return False
    return True


def _reason(exc: Exception) -> str:
    """Why a record could not be written, in a few words, as the history says them ("no
    space left on device")."""
    if isinstance(exc, TimeoutError):  # (an OSError too: filelock's Timeout)
        return "another coretui holds its lock"
    if isinstance(exc, FileExistsError):  # (filelock makes the folder: a file is there)
        return "not a folder"
    if isinstance(exc, OSError):
        return os_reason(exc)
    return str(exc) or type(exc).__name__


def _saved(history: Path) -> dict[str, SessionBrief] | None:
    """The sessions in the history by id, deleted ones' tombstones too; None: unreadable."""
    try:
        return {b.id: b for b in read_briefs(history, keep_deleted=True).briefs}
    except FileNotFoundError:
        return {}
    except OSError:
        return None


def recover(
    folder: Path,
    history: Path,
    append: Callable[[Session], bool],
    unread: list[str] | None = None,
) -> int:
    """Append the records of workouts that died in progress; how many were added.

    `history` is read (only when a record is left) for the sessions it holds, and the
    ones it deleted; `append` writes one session to it (False: refused, and the record
    stays for the next time). What a dead workout left besides (its lock, a record
    half written when it died) is removed; a file that is not a record is left alone,
    and said in `unread` (a record a crash left full of NULs is a workout lost).
    """
    try:
        ids = sorted({_id_of(entry.name) for entry in os.scandir(folder)} - {""})
    except OSError:
        return 0
    added = 0
    saved: dict[str, SessionBrief] | None = None
    for session_id in ids:
        record = folder / f"{session_id}.json"
        lock = _lock(record)
        try:
            lock.acquire()
        except (OSError, TimeoutError):
            continue  # its workout is still running (or the folder is read-only)
        try:
            for half_written in folder.glob(f".{session_id}.json.*"):
                with suppress(OSError):
                    half_written.unlink()
            session, base, saving, problem = _read(record)
            if session is None:  # none, taken by another coretui first, or not a record
                if problem is not None and unread is not None:
                    # (A workout of a newer coretui, a damaged one: not to delete unread.)
                    away = "move it out of that folder to stop this"
                    unread.append(f"{record}: {problem}; left as it is ({away})")
                continue
            if saved is None:
                saved = _saved(history)
                if saved is None:
                    return added  # the history cannot be read: the records wait
            known = saved.get(session.id)
            if base is not None and known is not None and known.deleted:
                # The delete stands for the rest; the sitting's own save may have landed.
                alone = sitting_alone(session, base, session_id)
                session = None if session_id in saved else alone
            elif base is not None and known is not None:
                if saving and _landed(history, session):
                    session = None  # its save got there; it died before removing this
                elif known.updated >= base.updated:  # changed since the workout began?
                    # (A merge adds an older copy's work under the stamp `base` has.)
                    current = _whole(history, session.id)
                    if current is None:
                        continue  # read a moment ago, unreadable now: the record waits
                    if current != base:
                        session = carried_on_since(current, session, base)
            # A resumed workout's record keeps the saved copy's updated_at; the work it
            # added since shows in its later finish.
            elif known is not None and known.updated >= max(session.finished_at, session.updated):
                session = None
            if session is not None:
                if not append(session):
                    continue
                added += 1
                saved = None  # another sitting's record of this session compares with it
            with suppress(OSError):
                record.unlink()
        finally:
            _unlink_then_release(lock, record)
    return added


def free_records(folder: Path) -> set[tuple[str, int, int]]:
    """The records there that no workout holds (killed since, or left by `recover`: not
    readable, or refused by the history), as (name, size, modification time)."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(".json")]
    except OSError:  # (the usual answer: no such folder)
        return set()
    found = set()
    for entry in entries:
        # (a record being written; a named pipe, which `recover` never reads)
        if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
            continue
        lock = _lock(Path(entry.path))
        try:
            lock.acquire()
        except (OSError, TimeoutError):
            continue  # its workout runs (in this window, or another)
        _unlink_then_release(lock, Path(entry.path))
        with suppress(OSError):
            status = entry.stat()
            found.add((entry.name, status.st_size, status.st_mtime_ns))
    return found


def _unlink_then_release(lock: BaseFileLock, record: Path) -> None:
    """Remove a record's lock file while still holding it, then let it go: released
    first, a workout starting meanwhile could lock the file about to be removed, and
    a later recovery would find its record unlocked and take it for a dead one's."""
    with suppress(OSError):
        record.with_suffix(".lock").unlink(missing_ok=True)
    lock.release()


def _id_of(name: str) -> str:
    """The session whose record, lock or half-written record `name` is; "" if none."""
    if name.startswith("."):  # atomic_write's temporary file: .<id>.json.<random>
        stem, dot_json, _ = name[1:].partition(".json.")
        return stem if dot_json else ""
    for suffix in (".json", ".lock"):
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return ""


def _landed(history: Path, record: Session) -> bool:
    """The history holds a line that is `record` as saved (its `updated_at` aside):
    its workout's own save, whatever was saved of the session after it."""
    needle = f'"id":"{record.id}"'.encode()
    try:
        with open_regular(history) as lines:
            for line in lines:
                if needle in line:
                    with suppress(ValueError):
                        saved = decode_session(line.strip().removeprefix(b"\xef\xbb\xbf"))
                        if replace(saved, updated_at=record.updated_at) == record:
                            return True
    except OSError:
        pass
    return False


def _whole(history: Path, session_id: str) -> Session | None:
    """The session the history holds by that id (None: unreadable, or none)."""
    try:
        sessions = read_history(history).sessions
    except OSError:
        return None
    return next((s for s in sessions if s.id == session_id), None)


def _read(record: Path) -> tuple[Session | None, Session | None, bool, str | None]:
    """The session a record holds, the one it carries on, whether it was being saved,
    and why there is no session when a file is there but holds none (it is not read
    when it is not a plain file: reading a named pipe would wait for ever)."""
    try:
        if not stat.S_ISREG(record.lstat().st_mode):
            gone = link_gone(record)  # (said as coretui says it of every file)
            return None, None, False, "not a regular file" if gone is None else os_reason(gone)
        lines = record.read_bytes().strip().split(b"\n")
        saving = len(lines) > 1 and lines[-1] == SAVING.strip()
        first, *more = lines[:-1] if saving else lines
        session = decode_session(first)
    except FileNotFoundError:
        return None, None, False, None  # taken by another coretui a moment ago
    except OSError as exc:
        return None, None, False, os_reason(exc)
    except ValueError as exc:
        return None, None, False, f"not a workout record ({exc})"
    try:
        base = decode_session(more[0]) if more else None
    except ValueError:  # the record itself is whole: recovered as an older one would be
        base, saving = None, False
    return session, base, saving, None

"""Running workouts' records on disk, kept by a thread of their own.

A `kill -9` or a crash then loses at most the last seconds of the step under way
(`coretui.history.checkpoint`), and the countdown never waits on the disk.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from coretui.history import Session
from coretui.history.checkpoint import Checkpoint, folder_for


@dataclass
class InProgress:
    """The records of the workouts running or refused by the history, by session id."""

    history: Path
    records: dict[str, Checkpoint] = field(default_factory=dict)
    bases: dict[str, Session] = field(default_factory=dict)
    """The session each resumed workout's record carries on, while the record is kept."""
    _writer: ThreadPoolExecutor | None = None

    def keep(self, session: Session, name: str | None = None) -> str | None:
        """Write ``session`` as its workout's record (file ``name``, else its id), in the
        writer's order, with the session it carries on if resumed; why the write before
        it was refused ("No space left on device"), or None when it was kept."""
        checkpoint = self.records.get(session.id)
        if checkpoint is None:
            checkpoint = Checkpoint(folder_for(self.history), name or session.id)
            self.records[session.id] = checkpoint
        problem = checkpoint.problem
        self._writes().submit(checkpoint.write, session, self.bases.get(session.id))
        return problem

    def mark_saving(self, session: Session) -> bool:
        """Before a resumed workout's save, mark its record as being saved: killed between
        the save and the record's removal, the next start must know the history holds it
        (`coretui.history.checkpoint.recover`). False when the record could be neither
        marked nor removed: it would have the sitting counted twice."""
        checkpoint, base = self.records.get(session.id), self.bases.get(session.id)
        if checkpoint is None or base is None:
            return True
        marked = self._writes().submit(checkpoint.write, session, base, saving=True)
        return marked.result() or self._writes().submit(checkpoint.drop).result()

    def carry(self, session_id: str, sitting_id: str) -> None:
        """A resumed sitting of `session_id` is saved alone, as `sitting_id` (the session
        was deleted meanwhile): its record, named so already, is that session's now. (Its
        file keeps the record with its base until then: `checkpoint.recover` makes the
        same session of it, unless the save landed first.)"""
        if (checkpoint := self.records.pop(session_id, None)) is not None:
            self.records[sitting_id] = checkpoint
        self.bases.pop(session_id, None)

    def drop(self, session_id: str) -> None:
        """The workout saved or deleted: its record goes, after any write still queued."""
        if (checkpoint := self.records.pop(session_id, None)) is not None:
            self._writes().submit(checkpoint.drop)
        self.bases.pop(session_id, None)

    def written(self, session_id: str) -> Session | None:
        """The record of that session as last written (None: none, or refused)."""
        self.wait()
        checkpoint = self.records.get(session_id)
        return None if checkpoint is None else checkpoint.written

    def wait(self) -> None:
        """Wait until the records asked for are on disk."""
        self._writes().submit(lambda: None).result()

    def _writes(self) -> ThreadPoolExecutor:
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="coretui-checkpoint")
        return self._writer

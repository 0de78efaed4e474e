"""`coretui merge`: what another machine's history adds to this one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from coretui.history.load import BadLine
from coretui.history.records import Session
from coretui.history.tries import merged_copies


@dataclass(frozen=True)
class MergeResult:
    """What merging another history file did, session by session."""

    added: int
    updated: int
    unchanged: int
    bad_lines: list[BadLine]
    deleted: int = 0  # sessions the other file deleted that were here
    unit: str = "line"
    """What a bad line's number counts: "record" in a JSON export (a list)."""
    deletions_kept: int = 0
    """Deletions of sessions never here, kept so that a copy merged in later stays deleted."""


@dataclass
class MergeCounts:
    """Sessions added, updated, unchanged and deleted by a merge."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    deletions_kept: int = 0

    def result(self, bad_lines: list[BadLine], unit: str) -> MergeResult:
        """The merge's result, with the other file's bad lines (numbered in `unit`s)."""
        return MergeResult(
            self.added,
            self.updated,
            self.unchanged,
            bad_lines,
            self.deleted,
            unit,
            self.deletions_kept,
        )


def merged_in(
    ours: Mapping[str, Session], incoming: Iterable[Session]
) -> tuple[list[Session], MergeCounts]:
    """The records to append for `incoming` (another machine's sessions, deletions
    included) to hold what both machines know, and how many of each kind.

    Two live copies of a session are made one (`merged_copies`: the copy updated later,
    with the work only the other holds); otherwise the copy updated later wins (a
    deletion, or a session deleted here that was edited there since), and a tie keeps
    ours.
    """
    counts, kept = MergeCounts(), []
    for session in incoming:
        mine = ours.get(session.id)
        if mine is not None and not (mine.deleted or session.deleted):
            session = merged_copies(mine, session)
            if session == mine:
                counts.unchanged += 1
                continue
        elif mine is not None and (mine == session or session.updated <= mine.updated):
            counts.unchanged += 1
            continue
        if session.deleted:
            counts.deleted += mine is not None and not mine.deleted
            counts.deletions_kept += mine is None
            counts.unchanged += mine is not None and mine.deleted
        elif mine is None or mine.deleted:
            counts.added += 1
        else:
            counts.updated += 1
        kept.append(session)  # as it is, updated_at and all: a merge is no edit
    return kept, counts

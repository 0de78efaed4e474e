"""`coretui merge`: what another machine's history adds to this one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from coretui.history.load import BadLine
from coretui.history.records import Session
from coretui.history.tries import merged_copies


@dataclass(frozen=True, kw_only=True)
class MergeResult:
    """What merging another history file did, session by session."""

    bad_lines: list[BadLine]
    unit: str = "line"
    """What a bad line's number counts: "record" in a JSON export (a list)."""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0  # sessions the other file deleted that were here
    deletions_kept: int = 0
    """Deletions of sessions never here, kept so that a copy merged in later stays deleted."""


def merged_in(
    ours: Mapping[str, Session], incoming: Iterable[Session]
) -> tuple[list[Session], Counter[str]]:
    """The records to append for `incoming` (another machine's sessions, deletions
    included) to hold what both machines know, and how many were "added", "updated",
    "unchanged", "deleted" and "deletions_kept" (the fields of `MergeResult`).

    Two live copies of a session are made one (`merged_copies`: the copy updated later,
    with the work only the other holds); otherwise the copy updated later wins (a
    deletion, or a session deleted here that was edited there since), and a tie keeps
    ours.
    """
    counts: Counter[str] = Counter()
    kept = []
    for session in incoming:
        mine = ours.get(session.id)
        if mine is not None and not (mine.deleted or session.deleted):
            session = merged_copies(mine, session)
            if session == mine:
                counts["unchanged"] += 1
                continue
        elif mine is not None and (mine == session or session.updated <= mine.updated):
            counts["unchanged"] += 1
            continue
        if session.deleted:
            counts["deleted"] += mine is not None and not mine.deleted
            counts["deletions_kept"] += mine is None
            counts["unchanged"] += mine is not None and mine.deleted
        elif mine is None or mine.deleted:
            counts["added"] += 1
        else:
            counts["updated"] += 1
        kept.append(session)  # as it is, updated_at and all: a merge is no edit
    return kept, counts

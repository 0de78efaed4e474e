"""What a read of the history has to tell the user: lines that did not read, and
sessions dated where they cannot have been done yet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from coretui.history.load import BadLine
from coretui.history.records import SessionBrief
from coretui.wording import counted


def bad_line_notices(bad_lines: Sequence[BadLine], shown: int = 5) -> list[str]:
    """The history's lines that did not read, the first few by number, the rest counted."""
    notices = [
        f"history line {bad.line_number} skipped (kept in the file): {bad.reason}"
        for bad in bad_lines[:shown]
    ]
    if (more := len(bad_lines) - shown) > 0:
        notices.append(f"... and {counted(more, 'more unreadable history line')}")
    return notices


def ahead_notice(sessions: Iterable[SessionBrief], today: date) -> str | None:
    """Sessions dated after tomorrow (tomorrow is a flight east's: see `daily_streaks`):
    saved where the clock was wrong, or merged from such a machine. Listed first and
    "last done" all the same, they are said, with how to remove one."""
    if today >= date.max - timedelta(days=1):
        return None  # (no later day: nothing is after it)
    tomorrow = today + timedelta(days=1)  # (one comparison a session: 100k are read)
    ahead = sorted((s for s in sessions if s.local_date > tomorrow), key=_dated)
    if not ahead:
        return None
    latest = ahead[-1]
    count = "1 session is" if len(ahead) == 1 else f"{len(ahead)} sessions are"
    return (
        f"{count} dated after tomorrow, the latest {latest.local_date} ({latest.id[:8]}):"
        " saved where the clock was wrong? 'coretui delete ID' removes one"
    )


def _dated(session: SessionBrief) -> tuple[date, str]:
    return session.local_date, session.id

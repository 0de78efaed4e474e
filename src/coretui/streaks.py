"""Streak maths over the ``local_date`` each session stored when it was written.

Using the stored date, never a UTC timestamp, is what keeps a streak intact across a
DST change or a flight: the day a session counts for is the day the user lived it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from coretui.history import Session

_DAY = timedelta(days=1)
_WEEK = timedelta(weeks=1)


def counting_days(sessions: Iterable[Session]) -> set[date]:
    """The local dates that hold at least one completed session (partial ones do not count)."""
    return {session.local_date for session in sessions if session.status == "completed"}


def daily_streaks(days: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive counting days.

    The current run is still alive today when yesterday counted. Tomorrow counts too:
    after a session in Tokyo and a flight east across the date line, the stored date
    can be a day ahead of the date where the user now is.
    """
    current = max(_run_ending(days, today + offset * _DAY) for offset in (1, 0, -1))
    longest = 0
    for day in days:
        if day > date.min and day - _DAY in days:
            continue  # not the first day of a run; its run is counted from its start
        length = 1
        while day + (length - 1) * _DAY < date.max and day + length * _DAY in days:
            length += 1
        longest = max(longest, length)
    return current, longest


def _run_ending(days: set[date], day: date) -> int:
    """How many consecutive counting days end at ``day`` (0 if it did not count)."""
    length = 0
    while day in days:
        length += 1
        if day == date.min:  # a foreign file can hold any date; never step past the calendar
            break
        day -= _DAY
    return length


def _week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def weekly_streak(days: set[date], today: date, goal: int = 3) -> int:
    """Consecutive ISO weeks, up to this one, with at least ``goal`` counting days.

    This week is alive until it ends: it adds to the streak once it meets the goal,
    and until then the streak is counted from last week back.
    """
    if goal < 1:
        raise ValueError(f"weekly goal must be at least 1, got {goal}")
    per_week = Counter(_week_start(day) for day in days)
    week = _week_start(today)
    if per_week[week] < goal:
        week -= _WEEK
    streak = 0
    while per_week[week] >= goal:
        streak += 1
        week -= _WEEK
    return streak


def week_progress(days: set[date], today: date) -> int:
    """How many counting days today's ISO week holds so far."""
    monday = _week_start(today)
    return sum(1 for day in days if _week_start(day) == monday)


def sessions_per_week(
    sessions: Iterable[Session], today: date, weeks: int, *, include_partial: bool = False
) -> list[int]:
    """Completed sessions (and partial ones if asked) in each of the last ``weeks`` ISO weeks.

    Oldest first; the last entry is the current week.
    """
    if weeks < 0:
        raise ValueError(f"weeks must not be negative, got {weeks}")
    this_week = _week_start(today)
    counts = [0] * weeks
    for session in sessions:
        if session.status != "completed" and not include_partial:
            continue
        back = (this_week - _week_start(session.local_date)).days // 7
        if 0 <= back < weeks:
            counts[weeks - 1 - back] += 1
    return counts

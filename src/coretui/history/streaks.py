"""Streak maths over the ``local_date`` each session stored when it was written.

Using the stored date, never a UTC timestamp, is what keeps a streak intact across a
DST change or a flight: the day a session counts for is the day the user lived it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from coretui.history.records import SessionBrief


class Dated(Protocol):
    """A session as far as streaks go (a `Session` or a `SessionBrief`)."""

    @property
    def local_date(self) -> date:
        """The day the session counts for."""

    @property
    def status(self) -> str:
        """Whether it reached the end ("completed") or was quit early ("partial")."""

    @property
    def did_the_work(self) -> bool:
        """Whether its done work time is at least half its planned work time."""


def counting_days(sessions: Iterable[Dated]) -> set[date]:
    """The local dates that hold a session in which the work was done.

    Work, not status: a "completed" run of skips does not count, a partial session that
    did half of the work or more does (see `Session.did_the_work`).
    """
    return {session.local_date for session in sessions if session.did_the_work}


def minutes_by_day(sessions: Iterable[SessionBrief]) -> dict[date, float]:
    """Active minutes per local date of the sessions that count (as `counting_days`),
    for the History calendar: a run of skips is no workout day there either."""
    minutes: dict[date, float] = defaultdict(float)
    for session in sessions:
        if session.did_the_work:
            minutes[session.local_date] += session.active_s / 60
    return minutes


def daily_streaks(days: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive counting days.

    The current run is still alive today when yesterday counted. Tomorrow counts too:
    after a session in Tokyo and a flight east across the date line, the stored date
    can be a day ahead of the date where the user now is.
    """
    # Day numbers, not dates: no date arithmetic per day (a long history has tens of
    # thousands), and no OverflowError at either end of the calendar.
    numbers = {day.toordinal() for day in days}
    now = today.toordinal()
    current = max(_run_ending(numbers, now + offset) for offset in (1, 0, -1))
    longest = 0
    for first in numbers:
        if first - 1 in numbers:
            continue  # not the first day of a run; its run is counted from its start
        end = first + 1
        while end in numbers:
            end += 1
        longest = max(longest, end - first)
    return current, longest


def _run_ending(numbers: set[int], day: int) -> int:
    """How many consecutive counting days end at day number ``day`` (0 if it did not count)."""
    length = 0
    while day - length in numbers:
        length += 1
    return length


_LAST_DAY = date.max.toordinal()


def _week(day: date) -> int:
    """The number of ``day``'s ISO week, counted from the calendar's first Monday.

    Day 1 (0001-01-01) is a Monday, so weeks are runs of seven day numbers from there.
    """
    return (day.toordinal() - 1) // 7


def weekly_streak(days: set[date], today: date, goal: int = 3) -> int:
    """Consecutive ISO weeks, up to this one, with at least ``goal`` counting days.

    This week is alive until it ends: it adds to the streak once it meets the goal,
    and until then the streak is counted from last week back.
    """
    if goal < 1:
        raise ValueError(f"weekly goal must be at least 1, got {goal}")
    # Week by week back from now: as many weeks as the streak is long, not every day.
    week = _week(today)
    if _days_in_week(days, week) < goal:
        week -= 1
    streak = 0
    while _days_in_week(days, week) >= goal:
        streak += 1
        week -= 1
    return streak


def week_progress(days: set[date], today: date) -> int:
    """How many counting days today's ISO week holds so far."""
    return _days_in_week(days, _week(today))


def _days_in_week(days: set[date], week: int) -> int:
    """How many counting days the week numbered ``week`` (see `_week`) holds."""
    first = max(1, week * 7 + 1)
    last = min(week * 7 + 7, _LAST_DAY)
    return sum(date.fromordinal(number) in days for number in range(first, last + 1))


def sessions_per_week(sessions: Iterable[Dated], today: date, weeks: int) -> list[int]:
    """Sessions in which the work was done (as the streaks count them: a "completed" run
    of skips is not one, a partial one that did half of the work is) in each of the
    last ``weeks`` ISO weeks. Oldest first; the last entry is the current week."""
    if weeks < 0:
        raise ValueError(f"weeks must not be negative, got {weeks}")
    this_week = _week(today)
    counts = [0] * weeks
    for session in sessions:
        back = this_week - _week(session.local_date)
        if 0 <= back < weeks and session.did_the_work:
            counts[weeks - 1 - back] += 1
    return counts

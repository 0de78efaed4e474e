"""Streaks computed with day numbers agree with the plain day-by-day definitions.

`coretui.history.streaks` counts with ordinals so that a 100,000-day history stays fast and
the calendar's first and last days never overflow; these tests hold it to the
definitions written the obvious way, with dates.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coretui.history.streaks import daily_streaks, week_progress, weekly_streak

DAY = timedelta(days=1)
TODAY = date(2026, 3, 18)  # a Wednesday
NEAR = st.sets(st.integers(-120, 3).map(lambda n: TODAY + n * DAY), max_size=80)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def plain_weekly(days: set[date], today: date, goal: int) -> int:
    """Whole weeks back from this one (which counts once it meets the goal)."""
    week = monday(today)
    count = sum(1 for day in days if monday(day) == week)
    if count < goal:
        week -= 7 * DAY
    streak = 0
    while sum(1 for day in days if monday(day) == week) >= goal:
        streak += 1
        week -= 7 * DAY
    return streak


def plain_longest(days: set[date]) -> int:
    longest = 0
    for day in days:
        length = 0
        while day + length * DAY in days:
            length += 1
        longest = max(longest, length)
    return longest


@given(days=NEAR, goal=st.integers(1, 7))
def test_weekly_streak_and_this_week_match_the_definition(days: set[date], goal: int) -> None:
    assert weekly_streak(days, TODAY, goal) == plain_weekly(days, TODAY, goal)
    assert week_progress(days, TODAY) == sum(1 for day in days if monday(day) == monday(TODAY))


@given(days=NEAR)
def test_longest_streak_matches_the_definition(days: set[date]) -> None:
    assert daily_streaks(days, TODAY)[1] == plain_longest(days)


def test_the_calendars_first_and_last_days_count_without_overflow() -> None:
    """A foreign file can hold any date: year 1 and year 9999 are still just days."""
    first = {date.min + n * DAY for n in range(10)}
    last = {date.max - n * DAY for n in range(10)}
    assert daily_streaks(first, date.min) == (2, 10)  # tomorrow counts (the date line)
    assert daily_streaks(last, date.max) == (10, 10)
    assert weekly_streak(first, date.min + 9 * DAY, 3) == 2
    assert week_progress(last, date.max) == 5  # 9999-12-31 is a Friday
    assert weekly_streak(last, date.max, 3) == 2

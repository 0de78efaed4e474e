"""Streaks count the local dates stored at write time: DST and travel never break them."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coretui.history import HistoryStore, Session, StepEntry, local_date_and_tz, new_session_id
from coretui.history.records import did_the_work
from coretui.history.streaks import (
    counting_days,
    daily_streaks,
    sessions_per_week,
    week_progress,
    weekly_streak,
)
from tests.unit.test_history import make_session

BERLIN = ZoneInfo("Europe/Berlin")


def recorded(
    local_start: datetime,
    monkeypatch: pytest.MonkeyPatch,
    *,
    minutes: int = 20,
    status: str = "completed",
    steps: list[StepEntry] | None = None,
) -> Session:
    """A session saved the way the app saves one: local date fixed by the system zone then."""
    zone = local_start.tzinfo
    assert isinstance(zone, ZoneInfo)
    monkeypatch.setenv("TZ", zone.key)
    started = local_start.astimezone(UTC)
    local_date, tz = local_date_and_tz(started)
    return Session(
        id=new_session_id(),
        routine_id="core-six",
        routine_name="Core six",
        started_at=started,
        finished_at=started + timedelta(minutes=minutes),
        tz=tz,
        local_date=local_date,
        status="completed" if status == "completed" else "partial",
        duration_s=minutes * 60.0,
        active_s=minutes * 45.0,
        steps=[timed(60, 60)] if steps is None else steps,
    )


def timed(planned: float, done: float, ended: str = "time") -> StepEntry:
    """A step with a planned time."""
    return StepEntry(exercise="Plank", planned_s=planned, done_s=done, ended=ended)  # type: ignore[arg-type]


def self_paced(done: float, ended: str = "done") -> StepEntry:
    """A set of reps with no clock: no planned time."""
    return StepEntry(exercise="Bird dog", planned_reps=8, done_s=done, done_reps=8, ended=ended)  # type: ignore[arg-type]


def days_before(today: date, *offsets: int) -> set[date]:
    return {today - timedelta(days=offset) for offset in offsets}


TODAY = date(2024, 6, 12)  # a Wednesday


def test_spring_forward_in_berlin_keeps_the_streak(monkeypatch: pytest.MonkeyPatch) -> None:
    """31 March 2024: clocks jump from 02:00 to 03:00; the day is 23 hours long."""
    sessions = [
        recorded(datetime(2024, 3, 30, 7, 0, tzinfo=BERLIN), monkeypatch),
        # 00:30 on the 31st is still 23:30 UTC on the 30th: UTC would merge the two days.
        recorded(datetime(2024, 3, 31, 0, 30, tzinfo=BERLIN), monkeypatch),
        recorded(datetime(2024, 4, 1, 7, 0, tzinfo=BERLIN), monkeypatch),
    ]
    assert sessions[1].started_at.date() == date(2024, 3, 30)
    days = counting_days(sessions)
    assert days == {date(2024, 3, 30), date(2024, 3, 31), date(2024, 4, 1)}
    assert daily_streaks(days, date(2024, 4, 1)) == (3, 3)


def test_fall_back_in_berlin_keeps_the_streak(monkeypatch: pytest.MonkeyPatch) -> None:
    """27 October 2024: 02:00-03:00 happens twice; the day is 25 hours long."""
    sessions = [
        recorded(datetime(2024, 10, 26, 23, 30, tzinfo=BERLIN), monkeypatch),
        recorded(datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=BERLIN), monkeypatch),
        recorded(datetime(2024, 10, 28, 0, 15, tzinfo=BERLIN), monkeypatch),
    ]
    days = counting_days(sessions)
    assert days == {date(2024, 10, 26), date(2024, 10, 27), date(2024, 10, 28)}
    assert daily_streaks(days, date(2024, 10, 28)) == (3, 3)


def test_a_flight_across_the_date_line_uses_the_stored_local_dates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tokyo on 2 June, fly east to Honolulu, which is on 1 June again, train there daily."""
    tokyo, honolulu = ZoneInfo("Asia/Tokyo"), ZoneInfo("Pacific/Honolulu")
    in_tokyo = recorded(datetime(2024, 6, 2, 7, 0, tzinfo=tokyo), monkeypatch)
    assert (in_tokyo.local_date, in_tokyo.tz) == (date(2024, 6, 2), "Asia/Tokyo")
    # Landed: it is 1 June in Honolulu, and the stored date is "tomorrow" here.
    assert daily_streaks(counting_days([in_tokyo]), date(2024, 6, 1)) == (1, 1)

    in_honolulu = [
        recorded(datetime(2024, 6, 2, 7, 0, tzinfo=honolulu), monkeypatch),
        recorded(datetime(2024, 6, 3, 7, 0, tzinfo=honolulu), monkeypatch),
    ]
    assert in_honolulu[0].tz == "Pacific/Honolulu"
    sessions = [in_tokyo, *in_honolulu]
    # By UTC these fall on 1, 2 and 3 June; the user lived 2 June twice and 3 June once.
    assert {s.started_at.date() for s in sessions} == {date(2024, 6, d) for d in (1, 2, 3)}
    days = counting_days(sessions)
    assert days == {date(2024, 6, 2), date(2024, 6, 3)}
    assert daily_streaks(days, date(2024, 6, 3)) == (2, 2)


def test_a_late_session_counts_for_the_day_it_started(monkeypatch: pytest.MonkeyPatch) -> None:
    late = recorded(datetime(2024, 3, 10, 23, 50, tzinfo=BERLIN), monkeypatch, minutes=30)
    assert late.finished_at.astimezone(BERLIN).date() == date(2024, 3, 11)
    assert counting_days([late]) == {date(2024, 3, 10)}


def test_a_partial_session_with_little_work_done_does_not_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps = [timed(60, 60), timed(60, 20, "stopped"), timed(60, 0, "skipped")]
    partial = recorded(
        datetime(2024, 6, 11, 8, 0, tzinfo=BERLIN), monkeypatch, status="partial", steps=steps
    )
    done = recorded(datetime(2024, 6, 10, 8, 0, tzinfo=BERLIN), monkeypatch)
    assert counting_days([partial, done]) == {date(2024, 6, 10)}
    assert daily_streaks(counting_days([partial, done]), TODAY) == (0, 1)


def test_a_partial_session_that_did_most_of_the_work_counts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps = [timed(60, 60), timed(60, 60), timed(60, 10, "stopped")]
    partial = recorded(
        datetime(2024, 6, 11, 8, 0, tzinfo=BERLIN), monkeypatch, status="partial", steps=steps
    )
    assert counting_days([partial]) == {date(2024, 6, 11)}


def test_a_completed_run_of_skips_does_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    skips = [timed(60, 1.5, "skipped") for _ in range(6)]
    run = recorded(datetime(2024, 6, 11, 8, 0, tzinfo=BERLIN), monkeypatch, steps=skips)
    assert run.status == "completed"
    assert counting_days([run]) == set()


def test_exactly_half_the_planned_work_counts() -> None:
    half = [timed(60, 60), timed(60, 0, "skipped")]
    less = [timed(60, 59.9), timed(60, 0, "skipped")]
    assert did_the_work(step.work_s() for step in half)
    assert not did_the_work(step.work_s() for step in less)


def test_time_added_with_plus_does_not_make_up_for_skipped_steps() -> None:
    steps = [timed(60, 200), timed(60, 0, "skipped"), timed(60, 0, "skipped")]
    assert not did_the_work(step.work_s() for step in steps)


def test_self_paced_sets_count_their_reps_at_the_routine_s_pace() -> None:
    """No planned time: 8 reps count 24 s planned, all done when finished, however long
    it took, and none when skipped or stopped."""
    finished = [self_paced(40), timed(60, 0, "skipped")]  # 24 of 84
    assert [step.work_s() for step in finished] == [(24, 24), (60, 0)]
    assert not did_the_work(step.work_s() for step in finished)
    most = [self_paced(40), self_paced(5, "skipped"), timed(60, 30, "stopped")]  # 54 of 108
    assert did_the_work(step.work_s() for step in most)
    only_skips = [self_paced(3, "skipped"), self_paced(0, "stopped")]
    assert not did_the_work(step.work_s() for step in only_skips)


def test_a_self_paced_set_marked_done_too_soon_counts_the_reps_its_time_allowed() -> None:
    # Enter 2 s into 8 bird dogs: 2 reps (one a second at most), and 2 of the 8 reps'
    # 24 s toward the day, not all of it; it reads "ended early", not "done".
    quick = StepEntry(exercise="Bird dog", planned_reps=8, done_s=2, done_reps=2, ended="done")
    assert quick.work_s() == (24, 6)
    assert quick.outcome == "ended early"
    assert self_paced(30).outcome == "done"


def test_lines_without_their_reps_count_alike_in_both_reads(tmp_path: Path) -> None:
    # A hand-made line: a set done with no reps planned, or none counted. The quick read
    # counted the first as nothing, the whole read in full; the second read "ended early".
    no_plan = StepEntry(exercise="Bird dog", done_s=3, done_reps=0, ended="done")
    no_count = StepEntry(exercise="Bird dog", planned_reps=8, done_s=30, ended="done")
    assert no_count.outcome == "done"
    store = HistoryStore(tmp_path / "history.jsonl")
    store.append_many([make_session(steps=[no_plan]), make_session(steps=[no_count])])
    sessions = [s.did_the_work for s in store.load().sessions]
    briefs = [b.did_the_work for b in store.load_briefs().briefs]
    assert sessions == briefs == [True, True]


def test_self_paced_sets_done_or_skipped_count_alike_whatever_their_pace(
    tmp_path: Path,
) -> None:
    # Skipped sets counted as nothing planned: one set of three done, two skipped, made
    # the day count. Counted at the routine's pace but the finished ones at the time they
    # took, two of three done quickly (14 s each) and one skipped did not.
    one_of_three = [self_paced(20), self_paced(0, "skipped"), self_paced(4, "stopped")]
    two_quick = [self_paced(14), self_paced(14), self_paced(0, "skipped")]
    store = HistoryStore(tmp_path / "history.jsonl")
    one, two = store.append_many([make_session(steps=one_of_three), make_session(steps=two_quick)])
    sessions = {s.id: s.did_the_work for s in store.load().sessions}
    briefs = {b.id: b.did_the_work for b in store.load_briefs().briefs}
    assert sessions == briefs == {one.id: False, two.id: True}  # (each read its own way)


STEPS = st.builds(
    StepEntry,
    exercise=st.just("Plank"),
    planned_s=st.one_of(st.none(), st.sampled_from([0.0, 10.0, 30.0, 60.0])),
    planned_reps=st.one_of(st.none(), st.integers(1, 20)),
    done_reps=st.one_of(st.none(), st.integers(0, 20)),
    done_s=st.sampled_from([0.0, 4.5, 14.0, 30.0, 59.9, 60.0, 75.0]),
    ended=st.sampled_from(["time", "done", "skipped", "stopped"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(STEPS, max_size=8))
def test_the_quick_read_of_the_history_counts_the_work_as_the_whole_read_does(
    steps: list[StepEntry],
) -> None:
    # `coretui history`, the picker and the streaks read briefs, whose count of the work
    # is written out again for speed: the two reads must count every session alike.
    with tempfile.TemporaryDirectory() as folder:
        store = HistoryStore(Path(folder) / "history.jsonl")
        store.append(make_session(steps=steps))
        [session] = store.load().sessions
        [brief] = store.load_briefs().briefs
    assert brief.did_the_work == session.did_the_work


def test_yesterday_counted_keeps_the_streak_alive_before_todays_session() -> None:
    assert daily_streaks(days_before(TODAY, 1, 2, 3), TODAY) == (3, 3)


def test_today_extends_the_streak() -> None:
    assert daily_streaks(days_before(TODAY, 0, 1, 2, 3), TODAY) == (4, 4)


def test_missing_yesterday_breaks_the_streak() -> None:
    assert daily_streaks(days_before(TODAY, 2, 3, 4), TODAY) == (0, 3)


def test_longest_streak_is_the_longest_run_ever() -> None:
    days = days_before(TODAY, 0, 1, 5, 6, 7, 8, 9, 20, 21, 22)
    assert daily_streaks(days, TODAY) == (2, 5)
    assert daily_streaks(set(), TODAY) == (0, 0)


@given(st.sets(st.integers(-1, 60), max_size=40))
def test_property_streaks_match_a_brute_force_count(offsets: set[int]) -> None:
    # (-1: tomorrow, a day a flight east across the date line can have stored)
    days = {TODAY - timedelta(days=offset) for offset in offsets}
    current, longest = daily_streaks(days, TODAY)
    runs, run = [0], 0
    for offset in range(-1, 62):
        run = run + 1 if offset in offsets else 0
        runs.append(run)
    assert longest == max(runs)

    def run_back_from(offset: int) -> int:
        length = 0
        while offset + length in offsets:
            length += 1
        return length

    assert current == max(run_back_from(end) for end in (-1, 0, 1))


def week_of(monday: date, *weekdays: int) -> set[date]:
    return {monday + timedelta(days=day) for day in weekdays}


THIS_MONDAY = date(2024, 6, 10)
LAST_MONDAY = THIS_MONDAY - timedelta(weeks=1)
TWO_AGO = THIS_MONDAY - timedelta(weeks=2)


def test_weekly_streak_counts_weeks_that_met_the_goal() -> None:
    days = week_of(TWO_AGO, 0, 2, 4) | week_of(LAST_MONDAY, 1, 3, 5, 6)
    assert weekly_streak(days, TODAY) == 2  # this week (nothing yet) is still alive


def test_the_current_week_joins_the_streak_once_it_meets_the_goal() -> None:
    days = week_of(TWO_AGO, 0, 2, 4) | week_of(LAST_MONDAY, 1, 3, 5) | week_of(THIS_MONDAY, 0, 1)
    assert weekly_streak(days, TODAY) == 2
    assert weekly_streak(days | {TODAY}, TODAY) == 3


def test_a_missed_week_breaks_the_weekly_streak() -> None:
    days = week_of(TWO_AGO, 0, 2, 4) | week_of(LAST_MONDAY, 1, 3) | week_of(THIS_MONDAY, 0, 1, 2)
    assert weekly_streak(days, TODAY) == 1
    assert weekly_streak(days, TODAY, goal=2) == 3
    with pytest.raises(ValueError, match="at least 1"):
        weekly_streak(days, TODAY, goal=0)


def test_iso_weeks_start_on_monday() -> None:
    sunday = THIS_MONDAY - timedelta(days=1)
    days = {sunday, THIS_MONDAY, THIS_MONDAY + timedelta(days=1)}
    assert week_progress(days, TODAY) == 2
    assert week_progress(days, sunday) == 1
    assert weekly_streak(days, TODAY, goal=2) == 1


def test_sessions_per_week_runs_oldest_first_and_ends_with_this_week(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sessions = [
        recorded(datetime(2024, 6, 11, 7, 0, tzinfo=BERLIN), monkeypatch),  # this week
        recorded(datetime(2024, 6, 11, 19, 0, tzinfo=BERLIN), monkeypatch),  # this week again
        recorded(datetime(2024, 6, 9, 7, 0, tzinfo=BERLIN), monkeypatch),  # Sunday: last week
        recorded(datetime(2024, 5, 27, 7, 0, tzinfo=BERLIN), monkeypatch),  # two weeks ago
        recorded(datetime(2024, 6, 10, 7, 0, tzinfo=BERLIN), monkeypatch, status="partial"),
        recorded(datetime(2023, 6, 10, 7, 0, tzinfo=BERLIN), monkeypatch),  # out of range
        # "completed" by skipping every step: not a session the streaks count
        recorded(
            datetime(2024, 6, 4, 7, 0, tzinfo=BERLIN), monkeypatch, steps=[timed(60, 0, "skipped")]
        ),
    ]
    # as the streaks count them: the partial one that did the work counts
    assert sessions_per_week(sessions, TODAY, 4) == [0, 1, 1, 3]
    assert sessions_per_week(sessions, TODAY, 0) == []

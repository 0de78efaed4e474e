"""Durations in words: the summary's totals agree with its step rows."""

from __future__ import annotations

from coretui.durations import elapsed_text, human_duration


def test_under_a_minute_the_total_and_the_row_round_the_same_way() -> None:
    assert (human_duration(5.6), elapsed_text(5.6)) == ("5 s", "0:05")
    assert human_duration(59.9) == "59 s"
    assert human_duration(0) == "0 s"


def test_longer_durations_are_minutes_and_hours() -> None:
    assert human_duration(60) == "1 min"
    assert human_duration(7 * 60 + 20) == "7 min"
    # Done: 5 min 40 s of exercise read "Active 6 min" on the summary.
    assert human_duration(5 * 60 + 40) == "5 min"
    assert human_duration(5 * 60 + 40, planned=True) == "6 min"  # "About 6 min"
    assert human_duration(65 * 60) == "1 h 05 min"

"""Durations in words: the summary's totals agree with its step rows, and the history
with its summary."""

from __future__ import annotations

from coretui.durations import elapsed_text, human_duration, minutes_text, spent_words


def test_a_planned_length_is_to_the_nearest_minute() -> None:
    assert human_duration(5.6) == "5 s"
    assert human_duration(59.9) == "59 s"
    assert human_duration(60) == "1 min"
    assert human_duration(7 * 60 + 20) == "7 min"
    assert human_duration(5 * 60 + 40) == "6 min"  # "About 6 min"
    assert human_duration(65 * 60) == "1 h 05 min"


def test_time_done_reads_as_a_clock_rounded_down() -> None:
    # (What the summary, the History screen and `coretui history` give a session's
    # length in: their own tests check that they do.)
    assert elapsed_text(6 * 60 + 50.7) == "6:50"
    assert elapsed_text(5.6) == "0:05"


def test_a_routine_s_length_reads_as_a_clock_with_hours_past_the_hour() -> None:
    # The editor's total of 50 sets of an hour's hold read "Total 3024:32".
    assert minutes_text(26 * 60 + 0.4) == "26:00"
    assert minutes_text(59 * 60 + 59.6) == "1:00:00"
    assert minutes_text(50 * 3600 + 24 * 60 + 32) == "50:24:32"


def test_time_spent_in_a_sentence_reads_in_words_rounded_down() -> None:
    # "You began at 07:00 and spent 1:35 on it" read as another time of day.
    assert spent_words(45.9) == "45 s"
    assert spent_words(95.2) == "1 min 35 s"
    assert spent_words(12 * 60 + 0.5) == "12 min"
    assert spent_words(65 * 60 + 59) == "1 h 05 min"

"""How durations read on screen and in the terminal."""

from __future__ import annotations

import math

SELF_PACED_S_PER_REP = 3.0
"""A self-paced set has no planned length: a routine's total takes it at this pace, and
so does a streak day's planned work for one skipped or stopped."""
FASTEST_REP_S = 1.0
"""No controlled rep of a core move takes less: a self-paced set marked done sooner is
recorded with the reps its time allows (Enter through a set of 10 crunches at 1.5 s
recorded all 10, done in full, for the streak and for progression)."""


def clock_text(seconds: float) -> str:
    """A countdown reading: whole seconds rounded up, as M:SS or H:MM:SS."""
    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def minutes_text(seconds: float) -> str:
    """A routine's length (`coretui list`, the editor's total): M:SS or H:MM:SS, whole
    seconds rounded ("3024:32" read as no clock does)."""
    return clock_text(round(seconds))


def elapsed_text(seconds: float) -> str:
    """A count-up reading: whole seconds rounded down."""
    return clock_text(math.floor(max(0.0, seconds)))


def spent_words(seconds: float) -> str:
    """Time done in words, whole seconds rounded down: "45 s", "1 min 35 s", "12 min",
    "1 h 05 min". For a sentence, where "spent 1:35" read as a time of day."""
    total = math.floor(max(0.0, seconds))
    if total < 60:
        return f"{total} s"
    if total >= 3600:
        return f"{total // 3600} h {total % 3600 // 60:02d} min"
    minutes, secs = divmod(total, 60)
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def human_duration(seconds: float) -> str:
    """A planned length in words ("About 26 min"): "45 s", "7 min", "1 h 05 min", to the
    nearest minute. (Time done reads as a clock in tables, `elapsed_text`, and exactly
    in a sentence, `spent_words`: "6 min" for 6:50 in the history, beside "total 6:50"
    on its summary, was read as time lost.)"""
    if seconds < 60:
        return f"{math.floor(max(0.0, seconds))} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"

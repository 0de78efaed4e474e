"""How durations read on screen and in the terminal."""

from __future__ import annotations

import math

SELF_PACED_S_PER_REP = 3.0
"""A self-paced set has no planned length: a routine's total takes it at this pace, and
so does a streak day's planned work for one skipped or stopped."""


def clock_text(seconds: float) -> str:
    """A countdown reading: whole seconds rounded up, as M:SS or H:MM:SS."""
    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def minutes_text(seconds: float) -> str:
    """A routine's length in `coretui list`: M:SS, whole seconds rounded, no hours."""
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def elapsed_text(seconds: float) -> str:
    """A count-up reading: whole seconds rounded down."""
    return clock_text(math.floor(max(0.0, seconds)))


def human_duration(seconds: float, *, planned: bool = False) -> str:
    """A short duration for lists: "45 s", "7 min", "1 h 05 min".

    Time done is rounded down, as the step rows' times are (`elapsed_text`): 5.6 s
    reads "5 s" beside "0:05", never "6 s", and 5 min 40 s of exercise "5 min", never
    "6 min". A `planned` length ("About 26 min") is rounded to the nearest minute.
    """
    if seconds < 60:
        return f"{math.floor(max(0.0, seconds))} s"
    minutes = round(seconds / 60) if planned else math.floor(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"

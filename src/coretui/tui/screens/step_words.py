"""A recorded step and a session's steps in words: the same on the summary and in the history."""

from __future__ import annotations

from collections.abc import Sequence

from coretui.durations import clock_text
from coretui.history import StepEntry
from coretui.wording import counted


def planned_text(planned_s: float | None) -> str:
    """ "1:00" planned, or "your pace" for a self-paced set."""
    return "your pace" if planned_s is None else clock_text(planned_s)


def added_text(added_s: float) -> str:
    """ "+10s", "-30s", or "" for a step run as planned."""
    if not added_s:
        return ""
    return f"{'+' if added_s > 0 else '-'}{abs(added_s):.0f}s"


def step_counts(steps: Sequence[StepEntry]) -> str:
    """ "4 of 7 sets done · 1 ended early · 1 skipped · 1 not done" (a side of a set
    counts as one). A timed set ended with Enter, or shortened with -, ended early."""
    said = [step.outcome for step in steps]
    early, skipped = said.count("ended early"), said.count("skipped")
    done = said.count("done")
    left = len(steps) - done - early - skipped
    return (
        f"{done} of {counted(len(steps), 'set')} done"
        + (f" · {early} ended early" if early else "")
        + (f" · {skipped} skipped" if skipped else "")
        + (f" · {left} not done" if left else "")
    )

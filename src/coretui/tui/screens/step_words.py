"""A recorded step and a session's steps in words: the same on the summary and in the history."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from coretui.durations import clock_text, elapsed_text
from coretui.history import StepEntry
from coretui.textsafe import printable
from coretui.tui.widgets.plain import cut
from coretui.tui.widgets.row_table import Cut
from coretui.wording import counted

VARIANT_CELLS = 30
"""A variant's name under how its step ended is cut to this (the outcome's own width)."""


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


def step_row(entry: StepEntry, sets: str, earlier: bool) -> tuple[Text | Cut, ...]:
    """One table row: exercise (the column that gives way), side, set, planned (and
    +/-), done, what happened; the variant done, if any, on a second line of the last
    (at 80 columns one line of the last column had room for "skipped · hurt", and the
    variant's name was cut)."""
    planned = planned_text(entry.planned_s)
    if entry.planned_reps is not None:
        reps = counted(entry.planned_reps, "rep")
        if entry.added_s and entry.planned_s:  # a paced set: + and - add or take whole reps
            change = round(entry.added_s * entry.planned_reps / entry.planned_s)
            reps += f" {change:+d}" if change else ""
        planned = f"{reps} · {planned}"
    elif entry.added_s:
        planned += f" {added_text(entry.added_s)}"
    done = elapsed_text(entry.done_s)  # time done: whole seconds, rounded down
    if entry.done_reps is not None and entry.outcome != "not reached":
        done = f"{counted(entry.done_reps, 'rep')} · {done}"
    outcome: str = entry.outcome
    if earlier:  # from the first sitting of a resumed session
        outcome = f"earlier: {outcome}"
    if entry.hurt:
        outcome += " · hurt"
    cells = ((entry.side or "").capitalize(), sets, planned, done, outcome)
    row = [Text(printable(cell, single_line=True)) for cell in cells]
    if entry.variant:
        row[-1].append("\n" + cut(printable(entry.variant, single_line=True), VARIANT_CELLS))
    return (Cut(printable(entry.exercise, single_line=True)), *row)

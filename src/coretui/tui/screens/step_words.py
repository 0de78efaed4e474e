"""A recorded step and a session's steps in words: the same on the summary and in the history."""

from __future__ import annotations

from rich.text import Text

from coretui.cells import cut
from coretui.history import StepEntry
from coretui.history.session_words import step_marks, step_words
from coretui.textsafe import printable
from coretui.tui.widgets.row_table import Cut

VARIANT_CELLS = 22
"""A variant's name under how its step ended is cut to this: at 80 columns, with 30,
"as Reverse hip raise on a Swiss ball" left the Exercise column 7 cells, " (right)"
and no name ("Single-leg prone lift" stays whole)."""


def step_row(entry: StepEntry, sets: str, earlier: bool) -> tuple[Text | Cut, ...]:
    """One table row: exercise with its side (the column that gives way, the side kept
    when a long name is cut), set, planned (and +/-), done, what happened; "hurt" and
    the variant done, if any, each on a line of its own under that. Five columns fit 80
    with how each step ended in sight: "earlier: ended early · hurt", beside a Side
    column, went past the edge, "hurt" with it."""
    _, planned, done, outcome = step_words(entry, earlier)
    row = [Text(cell) for cell in (sets, planned, done, outcome)]  # (one line each)
    for mark in step_marks(entry, lambda name: cut(name, VARIANT_CELLS)):
        row[-1].append(f"\n{mark}")  # ("as": the name alone read as one more ending)
    side = brief = ""
    if entry.side is not None:
        side, brief = f" ({entry.side})", f" ({entry.side[:1].upper()})"
    return (Cut(printable(entry.exercise, single_line=True), side, brief), *row)

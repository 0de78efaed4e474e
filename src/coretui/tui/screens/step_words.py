"""A recorded step and a session's steps in words: the same on the summary and in the history."""

from __future__ import annotations

from rich.text import Text

from coretui.history import StepEntry
from coretui.history.session_words import step_words
from coretui.textsafe import printable
from coretui.tui.widgets.plain import cut
from coretui.tui.widgets.row_table import Cut

VARIANT_CELLS = 30
"""A variant's name under how its step ended is cut to this (the outcome's own width)."""


def step_row(entry: StepEntry, sets: str, earlier: bool) -> tuple[Text | Cut, ...]:
    """One table row: exercise (the column that gives way), side, set, planned (and
    +/-), done, what happened; the variant done, if any, on a second line of the last
    (at 80 columns one line of the last column had room for "skipped · hurt", and the
    variant's name was cut)."""
    side, planned, done, outcome = step_words(entry, earlier)
    cells = (side, sets, planned, done, outcome)
    row = [Text(cell) for cell in cells]  # (plain one-line text from `step_words`)
    if entry.variant:
        row[-1].append("\n" + cut(printable(entry.variant, single_line=True), VARIANT_CELLS))
    return (Cut(printable(entry.exercise, single_line=True)), *row)

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
    """One table row: exercise with its side (the column that gives way, the side kept
    when a long name is cut), set, planned (and +/-), done, what happened; "hurt" and
    the variant done, if any, each on a line of its own under that. Five columns fit 80
    with how each step ended in sight: "earlier: ended early · hurt", beside a Side
    column, went past the edge, "hurt" with it."""
    _, planned, done, outcome = step_words(entry, earlier, hurt=False)
    row = [Text(cell) for cell in (sets, planned, done, outcome)]  # (one line each)
    if entry.hurt:
        row[-1].append("\nhurt")
    if entry.variant:  # ("as": the name alone read as one more way the step ended)
        row[-1].append("\nas " + cut(printable(entry.variant, single_line=True), VARIANT_CELLS))
    side = "" if entry.side is None else f" ({entry.side})"
    return (Cut(printable(entry.exercise, single_line=True), side), *row)

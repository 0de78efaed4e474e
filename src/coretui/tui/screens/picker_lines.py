"""The picker's text: a routine's entry in the list and its detail pane, from its card."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets.option_list import Option

from coretui.durations import human_duration
from coretui.textsafe import printable
from coretui.tui.widgets.exercise_rows import ExerciseItem
from coretui.wording import counted, equipment_words
from coretui.workout.routine_cards import RoutineCard
from coretui.workout.routine_sources import LoadError

if TYPE_CHECKING:
    from coretui.workout.routines import Routine


def _text(text: str) -> str:
    return printable(text, single_line=True)


_UNIT_AFTER_NUMBER = re.compile(r"(?<=\d) (?=(?:s|min|reps?)\b)| (?=/ )")


# Textual wraps at any space a regex's \s matches, U+00A0 and U+202F too: the blank
# braille cell (a character of the figures' own font, one cell wide) is the one
# blank it keeps a word's part.
_UNBROKEN_SPACE = "\u2800"


def _units_kept(text: str) -> str:
    """A number and its unit ("30 s", "15 reps") joined by a space the pane never wraps
    a line at (a lone "s" began the next line); a tempo's "/" ends a line, never begins
    one."""
    return _UNIT_AFTER_NUMBER.sub(_UNBROKEN_SPACE, text)


def last_done_words(
    last_done: date | None,
    unknown: str | None = None,
    today: date | None = None,
    *,
    stopped: bool = False,
    tried: date | None = None,
) -> str:
    """When a routine was last done: "today", "yesterday" or its date, else "not yet",
    or else `unknown` when the history has not been read ("…") or cannot be: no date
    is no proof then. `stopped`: a try of today that Enter offers to carry on, which is
    said too: "yesterday · stopped today", "today · then stopped". `tried`: the last
    day of any session, said when later than the last done (a workout with more than half
    of it skipped is not done, yet "not yet" read as if it never began): "not yet · tried today"."""
    words = "not yet" if unknown is None else unknown
    if last_done is not None:
        words = _day_words(last_done, today)
    if stopped:  # (done today, then a later try stopped: the one Enter carries on)
        return f"{words} · then stopped" if words == "today" else f"{words} · stopped today"
    if tried is not None and unknown is None and (last_done is None or tried > last_done):
        return f"{words} · tried {_day_words(tried, today)}"
    return words


def _day_words(day: date, today: date | None) -> str:
    """ "today", "yesterday" or the date."""
    days = -1 if today is None else (today - day).days
    return {0: "today", 1: "yesterday"}.get(days, day.isoformat())


def routine_detail(card: RoutineCard, last_done: str, lead_in_s: float | None = None) -> str:
    """The detail pane's text above the exercises, with the user's notes (progress, swaps);
    `last_done` as `last_done_words` puts it; `lead_in_s` is the get-ready time of this
    run's workouts (`--lead-in`), if given."""
    lead = card.lead_in_s if lead_in_s is None else lead_in_s
    given = "" if lead_in_s is None else " (--lead-in)"
    lines = [_text(card.name), ""]
    if card.notes:  # first, where they are seen: what differs for this user
        lines += [*(printable(note, single_line=True) for note in card.notes), ""]
    if card.description:
        lines += [printable(card.description), ""]
    lines.append(
        _units_kept(
            f"About {human_duration(total_s(card, lead_in_s))}"
            f" · {counted(len(card.exercises), 'exercise')}"
            f" · get ready {lead:g} s{given} · rests {card.rest_between_sets_s} s"
            f" between sets, {card.rest_between_exercises_s} s between exercises"
        )
    )
    lines.append("Equipment: " + (equipment_words(card.equipment) or "none"))
    lines.append(f"Last done: {last_done}")
    return "\n".join(lines)


def exercise_items(card: RoutineCard, routine: Routine | None) -> list[ExerciseItem]:
    """Each exercise's line ("2. Side plank: 60s hold each side", its easier variant) and
    figure; the figures come from the validated `routine`, once there is one."""
    figures = (
        [None] * len(card.exercises)
        if routine is None
        else [  # (the easier variant's, where the user starts on it)
            (move.easier.figure if line.on_easier and move.easier else None) or move.figure
            for move, line in zip(routine.exercises, card.exercises, strict=True)
        ]
    )
    items: list[ExerciseItem] = []
    width = len(f"{len(card.exercises)}.")  # "9." and "10." end in one column
    for number, (exercise, figure) in enumerate(zip(card.exercises, figures, strict=True), 1):
        text = _units_kept(exercise.text)
        if exercise.easier:
            text += f"\neasier: {_text(exercise.easier)}"
            text += " (you start on it)" if exercise.on_easier else ""
        items.append(ExerciseItem(f"{number}.".rjust(width), text, figure))
    return items


def taken_ids(cards: list[RoutineCard]) -> dict[str, str]:
    """Each routine's id, and whose it is in words (the editor refuses a clash)."""
    return {
        card.id: f"the bundled routine '{card.name}'"
        if card.source == "bundled"
        else f"your routine '{card.name}' ({Path(card.file).name})"
        for card in cards
    }


def total_s(card: RoutineCard, lead_in_s: float | None) -> float:
    """The routine's length with this run's get-ready (None: its own)."""
    return card.total_s - (0 if lead_in_s is None else card.lead_in_s - lead_in_s)


def _unfit_words(card: RoutineCard) -> str:
    """What becomes of the exercises nothing fits: the workout leaves them out, unless
    nothing would be left (`Timeline.passing`): then they are the user's to skip."""
    return "left out" if card.unfit < len(card.exercises) else "to skip"


def routine_option(
    card: RoutineCard, when: str, lead_in_s: float | None = None, *, same_name: bool = False
) -> Option:
    """One entry of the routine list: name, then time, exercises, equipment, and when it
    was last done (as `last_done_words` puts it); the time with this run's get-ready
    (`lead_in_s`, from --lead-in) as the detail pane has it. With `same_name` (another
    routine has it too), the name is followed by the id, which tells them apart."""
    equipment = equipment_words(card.equipment) or "no equipment"
    extras = [
        *(["your routine"] if card.source == "user" else []),
        *([f"{card.swaps} swapped for your equipment"] if card.swaps else []),
        *([f"{card.unfit} {_unfit_words(card)} for your equipment"] if card.unfit else []),
        *(["your progress"] if card.has_progress else []),
    ]
    prompt = Content.assemble(
        (_text(card.name), "bold"),
        f" ({card.id})" if same_name else "",
        f"\n{human_duration(total_s(card, lead_in_s))}"
        f" · {counted(len(card.exercises), 'exercise')}"
        f" · {equipment}",
        f"\nlast done: {when}" + "".join(f" · {extra}" for extra in extras),
    )
    return Option(prompt, id=card.id)


def errors_text(errors: Sequence[LoadError], mend: bool) -> str:
    """The routine files' problems, a line each, under a heading: how many, and how to
    see them all (at 80x24 the pane shows three lines, and scrolls once Tab reaches it);
    and, when the editor can open one of the files (`mend`), where to mend it."""
    files = len({error.file for error in errors})
    mended = "; mend most in the editor: Ctrl+P, Mend" if mend else ""
    heading = (
        f"{counted(len(errors), 'problem')} in {counted(files, 'routine file')} "
        f"(Tab to this list, after the routine's details, then arrows: see them all{mended}):"
    )
    return "\n".join([heading, *(printable(str(e), single_line=True) for e in errors)])


def any_mendable(errors: Sequence[LoadError], taken: tuple[str, ...]) -> bool:
    """Whether the editor can open one of the files with `errors` (the palette's "Mend
    routine file"): asked once the files are validated, the routine models loaded."""
    if not errors:
        return False  # (nor those models loaded for it: a workout runs without them)
    from coretui.workout.routine_mend import mendable

    return any(mendable(file, taken) for file in dict.fromkeys(e.file for e in errors))

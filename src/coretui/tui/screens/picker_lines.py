"""The picker's text: a routine's entry in the list and its detail pane, from its card."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets.option_list import Option

from coretui.durations import human_duration
from coretui.textsafe import printable
from coretui.wording import counted
from coretui.workout.routine_cards import RoutineCard


def _text(text: str) -> str:
    return printable(text, single_line=True)


def routine_detail(card: RoutineCard, last_done: date | None) -> str:
    """The detail pane's text for a routine, with the user's own notes (progress, swaps)."""
    lines = [_text(card.name), ""]
    if card.notes:  # first, where they are seen: what differs for this user
        lines += [*(printable(note, single_line=True) for note in card.notes), ""]
    if card.description:
        lines += [printable(card.description), ""]
    lines.append(
        f"About {human_duration(card.total_s)} · {counted(len(card.exercises), 'exercise')}"
        f" · get ready {card.lead_in_s}s · rests {card.rest_between_sets_s}s"
        f" between sets, {card.rest_between_exercises_s}s between exercises"
    )
    lines.append("")
    for number, exercise in enumerate(card.exercises, 1):
        lines.append(f"{number}. {exercise.text}")
        if exercise.easier:
            # No-break spaces: the wrapper would strip ordinary leading ones.
            lines.append(f"\u00a0\u00a0\u00a0easier: {_text(exercise.easier)}")
    lines.append("")
    lines.append("Equipment: " + (", ".join(card.equipment) or "none"))
    lines.append(f"Last done: {last_done.isoformat() if last_done else 'not yet'}")
    if card.credit:
        lines += ["", printable(card.credit)]
    return "\n".join(lines)


def routine_option(card: RoutineCard, last_done: date | None) -> Option:
    """One entry of the routine list: name, then time, exercises, equipment, last done."""
    equipment = ", ".join(card.equipment) or "no equipment"
    when = last_done.isoformat() if last_done else "not yet"
    extras = [
        *(["your routine"] if card.source == "user" else []),
        *([f"{card.swaps} swapped for your equipment"] if card.swaps else []),
        *(["your progress"] if card.has_progress else []),
    ]
    prompt = Content.assemble(
        (_text(card.name), "bold"),
        f"\n{human_duration(card.total_s)} · {counted(len(card.exercises), 'exercise')}"
        f" · {equipment}",
        f"\nlast done: {when}" + "".join(f" · {extra}" for extra in extras),
    )
    return Option(prompt, id=card.id)

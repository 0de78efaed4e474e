"""A recorded session in words: its heading, and each step planned against done.

The same words on the summary, the History screen's session page and `coretui
history ID`; plain text (the screens wrap it in their own cells).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby

from coretui.cells import cut, cut_list
from coretui.durations import clock_text, elapsed_text
from coretui.history.records import Session, SessionBrief, StepEntry
from coretui.textsafe import printable
from coretui.wording import counted


def planned_text(planned_s: float | None) -> str:
    """ "1:00" planned, or "your pace" for a self-paced set."""
    return "your pace" if planned_s is None else clock_text(planned_s)


def added_text(planned_s: float, added_s: float) -> str:
    """ "+10s", "-30s", or "" for a step run as planned: the time the step was set to, in
    whole seconds rounded down as the time done is (`elapsed_text`), less the time
    planned as it reads. A hold cut to 3.9 s reads "0:08 -5s" beside its "0:03" done."""
    if not added_s:
        return ""
    change = math.floor(planned_s + added_s + 1e-9) - math.ceil(planned_s - 1e-9)
    return f"{change:+d}s"


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


def step_words(entry: StepEntry, earlier: bool = False) -> tuple[str, str, str, str]:
    """A step's side, planned (and +/-), done, and how it ended ("skipped"; see
    `step_marks` for what follows), each one line of plain text; `earlier`: from the
    first sitting of a resumed session."""
    planned = planned_text(entry.planned_s)
    if entry.planned_reps is not None:
        reps = counted(entry.planned_reps, "rep")
        if entry.added_s and entry.planned_s:  # a paced set: + and - add or take whole reps
            change = round(entry.added_s * entry.planned_reps / entry.planned_s)
            reps += f" {change:+d}" if change else ""
        planned = f"{reps} · {planned}"
    elif entry.added_s:
        planned += f" {added_text(entry.planned_s or 0.0, entry.added_s)}"
    done = elapsed_text(entry.done_s)  # time done: whole seconds, rounded down
    if entry.done_reps is not None and entry.outcome != "not reached":
        done = f"{counted(entry.done_reps, 'rep')} · {done}"
    outcome: str = entry.outcome
    if earlier:
        outcome = f"earlier: {outcome}"
    cells = ((entry.side or "").capitalize(), planned, done, outcome)
    side, planned, done, outcome = (printable(cell, single_line=True) for cell in cells)
    return side, planned, done, outcome


def step_marks(entry: StepEntry, name: Callable[[str], str] = lambda text: text) -> tuple[str, ...]:
    """What follows how a step ended: "as VARIANT" (done as the easier variant, its name
    given by `name`) and "hurt" ("this hurts" was marked; beside a variant, on it), or
    "hurt on the full move" when the mark was on the standard move. Plain text."""
    variant = None if entry.variant is None else printable(entry.variant, single_line=True)
    done_as = () if variant is None else (f"as {name(variant)}",)
    if entry.hurt_move is None:
        return done_as
    on_standard = entry.variant is not None and entry.hurt_move == entry.exercise
    return (*done_as, "hurt on the full move" if on_standard else "hurt")


def hurt_moves(session: Session) -> list[str]:
    """The moves marked "this hurts" in a session, each once, in order: the easier
    variant's name when the mark was on it."""
    return list(dict.fromkeys(s.hurt_move for s in session.steps if s.hurt_move))


def easier_moves(session: Session) -> list[str]:
    """The easier variants a session's steps were done as, each once, in order."""
    return list(dict.fromkeys(s.variant for s in session.steps if s.variant))


def set_numbers(steps: Sequence[StepEntry]) -> list[str]:
    """Each step's "set of sets" ("2/3") among the steps of its exercise and side; "" for
    a move done once. The record keeps a step per set, in order, and no set number: an
    exercise's steps are those in a row with its name and kind of plan (its sides take
    turns), so a move the routine comes back to later is another exercise, and so is one
    of the same name beside it held where it was counted, or of other reps (a duplicate
    made in the editor, then changed). Not by its seconds: a version 1 record's
    `planned_s` has the set's +/- in it."""
    numbers: list[str] = []
    for _, run in groupby(steps, key=lambda s: (s.exercise, s.planned_reps, s.planned_s is None)):
        exercise = list(run)
        totals = Counter(step.side for step in exercise)
        seen: Counter[str | None] = Counter()
        for step in exercise:
            seen[step.side] += 1
            total = totals[step.side]
            numbers.append(f"{seen[step.side]}/{total}" if total > 1 else "")
    return numbers


NOTE_CELLS = HURT_CELLS = 40
"""Of a note and of the moves that hurt, what `coretui history` shows beside a session
(`history ID` shows them whole)."""


def hurt_and_note(session: Session) -> str:
    """ "  hurt: Plank  note: sore after…": a session's moves that hurt and its note, as
    the History screen's last two columns, for a line of plain text."""
    moves = [printable(move, single_line=True) for move in hurt_moves(session)]
    hurt = cut_list(moves, HURT_CELLS)
    note = cut(printable(session.note, single_line=True), NOTE_CELLS)
    return (f"  hurt: {hurt}" if hurt else "") + (f"  note: {note}" if note else "")


def routine_names(sessions: Iterable[SessionBrief | Session]) -> dict[str, str]:
    """Each session's routine as a list of them names it, by session id: its name, and
    its id too where another routine among them has the same name ("My routine
    (my-routine-2)"), as in the routine list."""
    labels = routine_labels(sessions).items()
    return {key: name + (f" ({told})" if told else "") for key, (name, told) in labels}


def routine_labels(sessions: Iterable[SessionBrief | Session]) -> dict[str, tuple[str, str]]:
    """`routine_names` in two parts, by session id: the name, and its id or "" (where no
    other routine has the name)."""
    ids: dict[str, set[str]] = {}
    listed = list(sessions)
    for session in listed:
        ids.setdefault(session.routine_name, set()).add(session.routine_id)
    return {
        s.id: (s.routine_name, s.routine_id if len(ids[s.routine_name]) > 1 else "") for s in listed
    }


NO_STEPS = "logged without its steps"
"""What a session with no steps (`coretui log --status partial`) says in their place."""


def session_heading(session: Session) -> str:
    """ "2026-06-15 · Core six · completed · 14 min · 6 of 7 sets done · 1 skipped · pain 4→2"."""
    return " · ".join(heading_parts(session))


def heading_parts(session: Session) -> list[str]:
    """`session_heading`'s parts: a screen breaks its lines between them, not in "14 min"."""
    parts = [
        session.local_date.isoformat(),
        printable(session.routine_name, single_line=True),
        session.status,
        elapsed_text(session.duration_s),
        step_counts(session.steps),
    ]
    if not session.steps:  # (`log --status partial`: "0 s · 0 of 0 sets done" said nothing)
        parts[3:] = [NO_STEPS]
    if not session.did_the_work:  # as the streaks count it (SPEC: half the planned work)
        parts.insert(3, "not counted: under half the planned work done")
    if session.pain_before is not None or session.pain_after is not None:
        before = "-" if session.pain_before is None else session.pain_before
        after = "-" if session.pain_after is None else session.pain_after
        parts.append(f"pain {before}→{after}")
    hurt = sum(step.hurt for step in session.steps)
    if hurt:
        parts.append(f"{counted(hurt, 'step')} hurt")
    return parts

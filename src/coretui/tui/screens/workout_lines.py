"""What the workout screen shows, worked out from the engine: where the user is, how to
do (or set up) the move, the big digits and the lines under them, and when they next change."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len

from coretui.cells import cut
from coretui.durations import clock_text, elapsed_text
from coretui.textsafe import printable
from coretui.tui.widgets.countdown import fit_scale
from coretui.tui.widgets.figure_stage import CLOCK_SAMPLE, figure_placement
from coretui.wording import counted
from coretui.workout.engine import Event, State, WorkoutEngine
from coretui.workout.events import HurtMarked, StepStarted, WorkDone
from coretui.workout.timeline import Step, StepKind

# Rows outside the digits and figure besides the cue: bar, exercise, counts, up next,
# progress, footer; compact (no cue, no "up next"): bar, exercise, counts, progress, footer.
OUTSIDE_STAGE_ROWS = {False: 6, True: 5}


def cue_lines(engine: WorkoutEngine, width: int, height: int) -> int:
    """The cue's lines. Work: 3, or 2 when the line given up makes the digits a size
    larger (80x23, an 80x24 terminal under a tmux status line: 10 rows, not 15). Rests:
    4 for the whole set-up cue, or 2 when that leaves no room for the next move's figure
    (80x24): seeing the move comes first there."""
    if engine.step.is_work:
        stage = height - OUTSIDE_STAGE_ROWS[False]
        larger = fit_scale(CLOCK_SAMPLE, width, stage - 2) > fit_scale(
            CLOCK_SAMPLE, width, stage - 3
        )
        return 2 if larger else 3
    roomy = height - OUTSIDE_STAGE_ROWS[False] - 4
    return 4 if figure_placement(width, height, roomy, work=False).where != "none" else 2


def coming_work_step(engine: WorkoutEngine) -> Step | None:
    """The work step being done, or in a rest or the lead-in the one it leads to."""
    if engine.step.is_work:
        return engine.step
    steps = engine.timeline.steps
    return next((s for s in steps[engine.following_index() :] if s.is_work), None)


@dataclass(frozen=True)
class Place:
    """Which exercise of the routine's the workout is at (`ahead`: the one coming, in the
    lead-in and the rest before it), for the top bar."""

    number: int
    total: int
    ahead: bool


def exercise_position(engine: WorkoutEngine) -> Place | None:
    """Exercise 3 of 7 during work, side switches and rests between its sets; the next,
    exercise 3 of 7 `ahead`, in the lead-in and rests before it."""
    step = coming_work_step(engine)
    if step is None or step.exercise_index is None:
        return None
    before = engine.timeline.steps[engine.index - 1] if engine.index > 0 else None
    within = (
        engine.step.is_work
        or engine.step.kind is StepKind.SWITCH
        # (between its sets, "Next: exercise 5 of 5" read as another exercise)
        or (before is not None and before.is_work and before.exercise_index == step.exercise_index)
    )
    return Place(step.exercise_index + 1, len(engine.timeline.routine.exercises), not within)


def time_left(place: Place | None, left: str, room: int) -> str:
    """ "Exercise 3 of 7 · 12:34 left" in `room` cells of the top bar: "3 of 7 · 12:34
    left", then "3/7 · 12:34 left" where that does not fit, then cut with "…" (it ran
    off the edge: "Exercise 5 o"). In a rest each keeps its "Next" ("2 of 5" read as
    the exercise under way)."""
    if place is None:
        forms = [f"{left} left"]
    else:
        of, next_ = f"{place.number} of {place.total}", "Next" if place.ahead else ""
        forms = [
            f"{'Next: exercise' if place.ahead else 'Exercise'} {of} · {left} left",
            f"{next_}{': ' if next_ else ''}{of} · {left} left",
            f"{next_}{' ' if next_ else ''}{place.number}/{place.total} · {left} left",
        ]
    for text in forms:
        if len(text) <= room:
            return text
    return text[: room - 1].rstrip() + "…" if room > 1 else ""


def quit_outcome(engine: WorkoutEngine, rated_now: bool = False) -> str:
    """What quitting now keeps, as the quit question says it (`rated_now`: the pain
    before it was given at its resume)."""
    if engine.work_started:
        return "What you did so far is saved as a partial session."
    if engine.first_index > 0 and rated_now:  # a resumed workout, still in its lead-in
        return "Nothing new is done yet; your pain rating is kept with what you did before."
    if engine.first_index > 0:
        return "Nothing new is done yet; what you did before stays in your history."
    return "No exercise has started yet, so there is nothing to save."


def lacking_now(engine: WorkoutEngine, lacking: dict[int, str], index: int) -> str | None:
    """The equipment exercise `index` needs and the user lacks, with no variant that
    fits (`lacking`), while it is on its own move; None once `e` chose its easier
    variant (the user may have what that needs) or when nothing is lacking."""
    return None if index in engine.easier else lacking.get(index)


def skip_key(engine: WorkoutEngine, lacking: dict[int, str]) -> Callable[[], list[Event]]:
    """What `n` does: skip the step; in a set of an exercise that cannot be done
    (`lacking_now`), the whole exercise, its sets, sides and rests (an `n` for each
    was six for one exercise)."""
    index = engine.step.exercise_index
    if engine.step.is_work and index is not None and lacking_now(engine, lacking, index):
        return engine.skip_exercise
    return engine.skip_pressed


def cue_and_safety(engine: WorkoutEngine, lacking: dict[int, str]) -> tuple[str, str]:
    """The cue and safety note for the move being done, or during a rest for the next one."""
    step = coming_work_step(engine)
    if step is None or step.exercise_index is None:
        return "Breathe. Shake out your arms and legs.", ""
    if (missing := lacking_now(engine, lacking, step.exercise_index)) is not None:
        if engine.step.is_work:
            return f"You have no {missing}: press n to skip this one.", ""
        return f"No {missing} for the next move: press n to skip it when it starts.", ""
    exercise = engine.timeline.routine.exercises[step.exercise_index]
    variant = engine.timeline.variant_of(step, step.exercise_index in engine.easier)
    cue = variant.cue if variant and variant.cue else exercise.cue
    safety = (variant.safety if variant else "") or exercise.safety
    kind = engine.step.kind
    if kind is StepKind.SWITCH:
        # Not "roll over": a side plank turns over, a bird dog or a one-leg raise does not.
        other = f"the {step.side} side" if step.side else "the other side"
        cue = f"Switch to {other}. {cue}"
    elif kind is not StepKind.WORK:
        cue = f"Set up: {cue}" if cue else ""
    return cue.strip(), safety


def phase_class_and_label(engine: WorkoutEngine) -> tuple[str, str]:
    """The screen's phase class (it colours the digits) and the phase label's text."""
    kind = engine.step.kind
    if engine.state is State.PAUSED:
        return "-paused", "PAUSED · Space to go on"
    if kind is StepKind.LEAD_IN:
        return "-lead-in", "GET READY"
    if kind is StepKind.WORK:
        return "-work", "WORK"
    return "-rest", "SWITCH" if kind is StepKind.SWITCH else "REST"


def exercise_title(engine: WorkoutEngine, width: int) -> str:
    """The line above the digits: the move, marked when it is the easier variant. A
    name too long for `width` is cut, never the side ("… · Left side"): which side to
    work is what a user on the mat needs most."""
    step = engine.step
    name, keep = _name_and_side(engine, step)
    if step.is_work and engine.variant_name(step.exercise_index) is not None:
        keep += " (easier)"
    return cut(name, width, keep)


def no_easier_words(engine: WorkoutEngine) -> str:
    """What `e` says when it has nothing to switch: which exercise has no variant."""
    index = engine.easier_target()
    if index is None:
        return "No exercise is next: nothing to switch."
    name = printable(engine.timeline.routine.exercises[index].name, single_line=True)
    return f"{name} has no easier variant."


def step_counts(engine: WorkoutEngine) -> str:
    """ "Set 2/3 · HOLD 3 · 0:52 left in the set" and the like, under the big digits."""
    step = engine.step
    parts: list[str] = []
    if step.sets > 1 and step.kind is StepKind.WORK:
        parts.append(f"Set {step.set_number}/{step.sets}")
    position = engine.rep_position()
    remaining = engine.step_remaining()
    if position is not None and step.reps is not None:
        rep, phase, left = position
        parts.append(f"Rep {rep} of {engine.target_reps()}")
        if len(step.phases) > 1:
            parts.append(f"{phase.upper()} {math.ceil(left - 1e-9)}")
        if remaining is not None:
            parts.append(f"{clock_text(remaining)} left in the set")
    elif step.reps is not None and step.kind is StepKind.WORK:
        parts.append(f"{counted(step.reps, 'rep')} at your pace · Enter when done")
    return " · ".join(parts)


def big_text(engine: WorkoutEngine) -> str:
    """What the big digits show: the rep number in a paced set, else the time."""
    position = engine.rep_position()
    if position is not None and engine.step.reps is not None:
        return str(position[0])
    remaining = engine.step_remaining()
    if remaining is None:
        return elapsed_text(engine.step_elapsed())  # a self-paced set counts up
    return clock_text(remaining)


def up_next(engine: WorkoutEngine, width: int = 1_000) -> str:
    """ "Up next: Rest 0:30, then Hip raise" and the like, in `width` cells: names too
    long are cut, never a side, a length or a set ("Up next: Side pla… · Left side 0:45")."""
    following = engine.following_index()
    steps = engine.timeline.steps
    if following >= len(steps):
        return "Up next: the finish"
    nxt = steps[following]
    name, keep = _name_and_side(engine, nxt)
    if nxt.is_work and nxt.reps is not None:
        keep += f", {counted(nxt.reps, 'rep')}"
    elif nxt.seconds is not None:
        keep += f" {clock_text(nxt.seconds)}"
    parts = [("Up next: ", name, keep + which_set(nxt))]
    if nxt.is_rest and (after := engine.kept_from(following + 1)) < len(steps):
        then = steps[after]  # (not a move the workout passes over)
        then_name, then_keep = _name_and_side(engine, then)
        parts.append((", then ", then_name, then_keep + which_set(then)))
    room = width - sum(cell_len(lead + kept) for lead, _, kept in parts)
    if len(parts) > 1 and room <= cell_len(name):  # no cell for the step after's: left out
        parts = parts[:1]
        room = width - cell_len(parts[0][0] + parts[0][2])
    names = [name for _, name, _ in parts]
    over = sum(map(cell_len, names)) - room
    for index in sorted(range(len(names)), key=lambda i: -cell_len(names[i])):  # longest first
        if over > 0:
            cells = cell_len(names[index])
            names[index] = cut(names[index], max(1, cells - over))
            over -= cells - cell_len(names[index])
    return "".join(
        f"{lead}{name}{kept}" for (lead, _, kept), name in zip(parts, names, strict=True)
    )


def _name_and_side(engine: WorkoutEngine, step: Step) -> tuple[str, str]:
    """The step's name (its easier variant's when that is on) and " · Left side"."""
    variant = engine.variant_name(step.exercise_index) if step.is_work else None
    side = f" · {step.side.capitalize()} side" if step.is_work and step.side else ""
    return printable(variant or step.label, single_line=True), side


def which_set(step: Step) -> str:
    """ ", set 2 of 3" for a set of several (a rest between sets leads to one), else ""."""
    return f", set {step.set_number} of {step.sets}" if step.is_work and step.sets > 1 else ""


def step_name(engine: WorkoutEngine, step: Step) -> str:
    """The step's title, naming the easier variant when that is what the user does."""
    return "".join(_name_and_side(engine, step))


def next_change_in(engine: WorkoutEngine) -> float:
    """Seconds until what the screen shows or sounds next changes (at most 1 s, at
    least 20 ms).

    The next whole second of the countdown, the step's halfway, a tempo phase's end or a
    cue's moment: the screen's timer wakes exactly then (the moving figure wakes on its
    own between).
    """
    remaining = engine.step_remaining()
    if remaining is None:
        elapsed = engine.step_elapsed()
        delay = math.floor(elapsed) + 1 - elapsed
    else:
        delay = remaining - (math.ceil(remaining - 1e-9) - 1)
    position = engine.rep_position()
    if position is not None:
        _, _, phase_left = position
        fraction = phase_left - math.floor(phase_left)
        if fraction > 0:
            delay = min(delay, fraction)
    # ... and each moment a cue may fall on, as `coretui cues` lists them: a 45 s hold's
    # halfway at 22.5 s, a tick a whole second into a hold phase of 3.5 s (half a second
    # off the countdown's seconds).
    delay = min(delay, engine.next_cue_moment() - engine.step_elapsed())
    # A small margin lands the tick just after the boundary, not just before it.
    return min(1.0, max(0.02, delay + 0.005))


def record_changed(events: list[Event], was: State, engine: WorkoutEngine) -> bool:
    """Keep the record as it stands, for a crash, once work has begun: at each step and
    mark, every few seconds of work (the step under way so far), and as the workout
    pauses (`was`: its state before; the user may walk away)."""
    paused = engine.state is State.PAUSED and was is not State.PAUSED
    moved = any(type(e) in (StepStarted, HurtMarked, WorkDone) for e in events)
    return engine.work_started and (paused or moved)

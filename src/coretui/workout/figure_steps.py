"""Which figure the workout shows at a step, posed how, with what caption."""

from __future__ import annotations

from dataclasses import dataclass

from coretui.figures.shapes import Figure
from coretui.workout.engine import WorkoutEngine
from coretui.workout.timeline import StepKind


@dataclass(frozen=True)
class StepFigure:
    """A figure as a step shows it: moving with the tempo in work, still in rests."""

    figure: Figure
    phases: tuple[float, ...]
    """Seconds of each phase of a rep; empty for holds and rests (the pose stays still)."""
    mirrored: bool
    elapsed: float
    caption: str
    """In rests and the lead-in, the next move by name; empty in work steps."""
    side: str = ""
    """What follows the caption's name whole, however long the name (" · Left side")."""


def step_figure(engine: WorkoutEngine) -> StepFigure | None:
    """The current move's figure in a work step; the next move's in a lead-in, rest or switch.

    An easier variant shows its own figure (its exercise's when it has none); the
    right side of a per-side exercise is drawn mirrored.
    """
    step = engine.step
    target = step if step.is_work else engine.next_step
    if target is None or not target.is_work:
        return None
    exercise = engine.timeline.exercise_of(target)
    if exercise is None:
        return None
    variant = engine.timeline.variant_of(target, target.exercise_index in engine.easier)
    figure = (variant.figure if variant else None) or exercise.figure
    if figure is None:
        return None
    mirrored = target.side == "right"
    if step.is_work:
        phases = tuple(phase.seconds for phase in step.phases)
        return StepFigure(figure, phases, mirrored, engine.step_elapsed(), "")
    # The move by name; how to set up for it is on the screen's cue line ("Set up: ...").
    name = variant.name if variant else exercise.name
    side = f" · {target.side.capitalize()} side" if target.side else ""  # (as on every line)
    word = "First" if step.kind is StepKind.LEAD_IN else "Next"
    return StepFigure(figure, (), mirrored, 0.0, f"{word}: {name}", side)

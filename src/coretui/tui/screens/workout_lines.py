"""Where the user is in the routine, and how to do (or set up) the move, as the workout says it."""

from __future__ import annotations

from coretui.workout.engine import WorkoutEngine
from coretui.workout.timeline import Step, StepKind


def coming_work_step(engine: WorkoutEngine) -> Step | None:
    """The work step being done, or in a rest or the lead-in the one it leads to."""
    if engine.step.is_work:
        return engine.step
    steps = engine.timeline.steps
    return next((s for s in steps[engine.following_index() :] if s.is_work), None)


def exercise_position(engine: WorkoutEngine) -> str:
    """ "Exercise 3 of 7" during work; "Next: exercise 3 of 7" while resting."""
    step = coming_work_step(engine)
    if step is None or step.exercise_index is None:
        return ""
    place = f"{step.exercise_index + 1} of {len(engine.timeline.routine.exercises)}"
    return f"Exercise {place}" if engine.step.is_work else f"Next: exercise {place}"


def cue_and_safety(engine: WorkoutEngine, lacking: dict[int, str]) -> tuple[str, str]:
    """The cue and safety note for the move being done, or during a rest for the next one."""
    step = coming_work_step(engine)
    if step is None or step.exercise_index is None:
        return "Breathe. Shake out your arms and legs.", ""
    if step.exercise_index in lacking:
        missing = lacking[step.exercise_index]
        if engine.step.is_work:
            return f"You have no {missing}: press n to skip this one.", ""
        return f"The next move needs {missing}: press n to skip it when it starts.", ""
    exercise = engine.timeline.routine.exercises[step.exercise_index]
    variant = engine.timeline.variant_of(step, step.exercise_index in engine.easier)
    cue = variant.cue if variant and variant.cue else exercise.cue
    safety = (variant.safety if variant else "") or exercise.safety
    kind = engine.step.kind
    if kind is StepKind.SWITCH:
        cue = f"Roll over and set up for the other side. {cue}"
    elif kind is not StepKind.WORK:
        cue = f"Set up: {cue}" if cue else ""
    return cue.strip(), safety

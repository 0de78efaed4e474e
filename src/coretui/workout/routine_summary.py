"""Summing up a validated routine as the picker shows it: its card and exercise lines."""

from __future__ import annotations

from coretui.textsafe import printable
from coretui.workout.coaching import Plan, plan_notes
from coretui.workout.routine_cards import ExerciseLine, RoutineCard
from coretui.workout.routines import HoldExercise, LoadedRoutine, RepsExercise
from coretui.workout.timeline import compile_routine


def _text(text: str) -> str:
    return printable(text, single_line=True)


def exercise_line(exercise: HoldExercise | RepsExercise) -> str:
    """ "Side plank: 60 s each side" or "Hip raise: 3 x 15, up 1 s / hold 5 s / down 1 s"."""
    each = " each side" if exercise.per_side else ""
    if isinstance(exercise, HoldExercise):
        amount = f"{exercise.seconds}s hold{each}"
        if exercise.sets > 1:
            amount = f"{exercise.sets} x {exercise.seconds}s hold{each}"
    else:
        amount = f"{exercise.sets} x {exercise.reps}{each}"
        if exercise.tempo is None:
            amount += ", your pace"
        elif isinstance(exercise.tempo, list):
            amount += ", " + " / ".join(f"{_text(p.name)} {p.seconds:g}s" for p in exercise.tempo)
        else:
            amount += f", {exercise.tempo:g}s a rep"
    if exercise.sets > 1:
        rest = "" if exercise.rest_s is None else f" (rest {exercise.rest_s}s)"
        amount += rest
    return f"{_text(exercise.name)}: {amount}"


def routine_card(loaded: LoadedRoutine, plan: Plan) -> RoutineCard:
    """The picker's card for a routine as `plan` has the user do it."""
    routine = plan.routine
    return RoutineCard(
        id=routine.id,
        name=routine.name,
        source=loaded.source,
        file=loaded.file,
        total_s=compile_routine(routine).total_s,
        lead_in_s=routine.lead_in_s,
        rest_between_sets_s=routine.rest_between_sets_s,
        rest_between_exercises_s=routine.rest_between_exercises_s,
        description=routine.description,
        credit=routine.credit,
        # A routine's own list and its exercises' (one written in the editor names a
        # mat on its exercise, not always on itself): "none" only when nothing needs any.
        equipment=tuple(
            dict.fromkeys(
                [*routine.equipment, *(t for ex in routine.exercises for t in ex.equipment)]
            )
        ),
        exercises=tuple(
            ExerciseLine(
                exercise_line(ex), ex.easier.name if ex.easier else "", index in plan.start_easier
            )
            for index, ex in enumerate(routine.exercises)
        ),
        notes=tuple(plan_notes(plan)),
        swaps=sum(1 for swap in plan.swaps if swap.variant is not None),
        unfit=sum(1 for swap in plan.swaps if swap.variant is None),
        has_progress=bool(plan.changes),
    )

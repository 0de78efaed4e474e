"""Summing up a validated routine as the picker shows it: its card and exercise lines."""

from __future__ import annotations

from coretui.textsafe import printable
from coretui.wording import counted
from coretui.workout.coaching import Plan, plan_notes
from coretui.workout.routine_cards import ExerciseLine, RoutineCard
from coretui.workout.routines import HoldExercise, LoadedRoutine, RepsExercise


def _text(text: str) -> str:
    return printable(text, single_line=True)


def dose_text(exercise: HoldExercise | RepsExercise) -> str:
    """ "60 s hold each side", "3 x 15 reps, up 1 s / hold 5 s / down 1 s", "10 reps, your
    pace": how much of an exercise, in the same words in the routine list and `coretui
    show` (the sets counted when more than one)."""
    sets = f"{exercise.sets} x " if exercise.sets > 1 else ""
    each = " each side" if exercise.per_side else ""
    if isinstance(exercise, HoldExercise):
        return f"{sets}{exercise.seconds} s hold{each}"
    amount = f"{sets}{counted(exercise.reps, 'rep')}{each}"
    if exercise.tempo is None:
        return f"{amount}, your pace"
    if isinstance(exercise.tempo, list):
        return f"{amount}, " + " / ".join(
            f"{_text(p.name)} {p.seconds:g} s" for p in exercise.tempo
        )
    return f"{amount}, {exercise.tempo:g} s a rep"


def exercise_line(exercise: HoldExercise | RepsExercise) -> str:
    """ "Side plank: 60 s hold each side", "Hip raise: 3 x 15 reps, up 1 s / hold 5 s /
    down 1 s (rest 30 s)": an exercise in the routine list."""
    rest = (
        f" (rest {exercise.rest_s} s)" if exercise.sets > 1 and exercise.rest_s is not None else ""
    )
    return f"{_text(exercise.name)}: {dose_text(exercise)}{rest}"


def routine_card(loaded: LoadedRoutine, plan: Plan) -> RoutineCard:
    """The picker's card for a routine as `plan` has the user do it."""
    routine = plan.routine
    return RoutineCard(
        id=routine.id,
        name=routine.name,
        source=loaded.source,
        file=loaded.file,
        total_s=plan.total_s(),
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
        unfit=len(plan.unfit),
        has_progress=bool(plan.changes),
    )

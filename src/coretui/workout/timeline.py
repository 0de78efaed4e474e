"""Compile a routine into the flat list of steps the engine runs."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from coretui.durations import SELF_PACED_S_PER_REP
from coretui.workout.routines import (
    HoldExercise,
    Phase,
    RepsExercise,
    Routine,
    Variant,
)

Side = Literal["left", "right"]
"""The side a per-side step works (as the history records it)."""


class StepKind(StrEnum):
    """What a step is for; the UI colours and labels steps by kind."""

    LEAD_IN = "lead_in"
    WORK = "work"
    REST_SET = "rest_set"
    SWITCH = "switch"
    REST_EXERCISE = "rest_exercise"


@dataclass(frozen=True)
class Step:
    """One timed (or self-paced) stretch of the workout."""

    kind: StepKind
    label: str
    exercise_index: int | None = None
    side: Side | None = None
    set_number: int = 1
    sets: int = 1
    seconds: float | None = None
    """Planned length; None for a self-paced set, which counts up until Enter."""
    reps: int | None = None
    phases: tuple[Phase, ...] = ()

    @property
    def title(self) -> str:
        """ "Side plank · Left side", "Rest", "Switch sides": the step as the user reads it."""
        if self.kind is StepKind.WORK and self.side:
            return f"{self.label} · {self.side.capitalize()} side"
        return self.label

    @property
    def is_work(self) -> bool:
        """True for exercise steps, False for lead-in, rests and switches."""
        return self.kind is StepKind.WORK

    @property
    def is_rest(self) -> bool:
        """True for the pauses between work: lead-in, rests, switching sides."""
        return self.kind is not StepKind.WORK

    @property
    def self_paced(self) -> bool:
        """True when the step counts up until the user marks the set done."""
        return self.seconds is None

    @property
    def rep_seconds(self) -> float | None:
        """Seconds per rep for a tempo-paced rep set."""
        if not self.phases:
            return None
        return sum(p.seconds for p in self.phases)

    @property
    def estimate_s(self) -> float:
        """Planned seconds, or an estimate for a self-paced set."""
        if self.seconds is not None:
            return self.seconds
        return (self.reps or 1) * SELF_PACED_S_PER_REP


@dataclass(frozen=True)
class Timeline:
    """A routine compiled to steps, plus the exercises they point back to."""

    routine: Routine
    steps: tuple[Step, ...]

    @property
    def total_s(self) -> float:
        """Planned total, with self-paced sets estimated."""
        return sum(step.estimate_s for step in self.steps)

    def passing(self, exercises: Collection[int]) -> frozenset[int]:
        """The steps a workout passes over when it leaves `exercises` out (nothing in the
        user's equipment fits them): their sets, side switches and rests between sets,
        and the rest after each (the last kept exercise's rest then leads to the next
        kept one), or after the last exercise kept, the rest before. None when no
        exercise would be left: the user is told to skip them (`n`) instead."""
        steps = self.steps
        kept = [
            i
            for i, step in enumerate(steps)
            if step.is_work and step.exercise_index not in exercises
        ]
        if not exercises or not kept:
            return frozenset()
        passed = {i for i, step in enumerate(steps) if step.exercise_index in exercises}
        for i, step in enumerate(steps):
            if step.kind is StepKind.REST_EXERCISE and (i - 1 in passed or i > kept[-1]):
                passed.add(i)
        return frozenset(passed)

    def total_passing(self, exercises: Collection[int]) -> float:
        """`total_s` of a workout that passes `exercises` over (`passing`)."""
        return self.total_s - sum(self.steps[i].estimate_s for i in self.passing(exercises))

    def exercise_of(self, step: Step) -> HoldExercise | RepsExercise | None:
        """The exercise a step belongs to, if any."""
        if step.exercise_index is None:
            return None
        return self.routine.exercises[step.exercise_index]

    def variant_of(self, step: Step, easier: bool) -> Variant | None:
        """The easier variant in use for a step's exercise, if one was chosen."""
        exercise = self.exercise_of(step)
        return exercise.easier if exercise is not None and easier else None


def _work_seconds(exercise: HoldExercise | RepsExercise) -> float | None:
    if isinstance(exercise, HoldExercise):
        return float(exercise.seconds)
    rep_s = exercise.rep_seconds
    return None if rep_s is None else rep_s * exercise.reps


def compile_routine(routine: Routine, lead_in_s: float | None = None) -> Timeline:
    """Lay the routine out as steps: lead-in, then work, rests and side switches."""
    steps: list[Step] = []
    lead_in = routine.lead_in_s if lead_in_s is None else lead_in_s
    if lead_in > 0:
        steps.append(Step(StepKind.LEAD_IN, "Get ready", seconds=float(lead_in)))
    last = len(routine.exercises) - 1
    for index, exercise in enumerate(routine.exercises):
        work_s = _work_seconds(exercise)
        reps = exercise.reps if isinstance(exercise, RepsExercise) else None
        phases = tuple(exercise.phases) if isinstance(exercise, RepsExercise) else ()
        sides: tuple[Side | None, ...] = ("left", "right") if exercise.per_side else (None,)
        rest_s = routine.rest_between_sets_s if exercise.rest_s is None else exercise.rest_s
        for set_number in range(1, exercise.sets + 1):
            for side in sides:
                steps.append(
                    Step(
                        StepKind.WORK,
                        exercise.name,
                        exercise_index=index,
                        side=side,
                        set_number=set_number,
                        sets=exercise.sets,
                        seconds=work_s,
                        reps=reps,
                        phases=phases,
                    )
                )
                if side == "left" and exercise.switch_s > 0:
                    steps.append(
                        Step(
                            StepKind.SWITCH,
                            "Switch sides",
                            exercise_index=index,
                            set_number=set_number,
                            sets=exercise.sets,
                            seconds=float(exercise.switch_s),
                        )
                    )
            if set_number < exercise.sets and rest_s > 0:
                steps.append(
                    Step(
                        StepKind.REST_SET,
                        "Rest",
                        exercise_index=index,
                        set_number=set_number,
                        sets=exercise.sets,
                        seconds=float(rest_s),
                    )
                )
        after = (
            routine.rest_between_exercises_s
            if exercise.rest_after_s is None
            else exercise.rest_after_s
        )
        if index < last and after > 0:
            steps.append(Step(StepKind.REST_EXERCISE, "Rest", seconds=float(after)))
    return Timeline(routine, tuple(steps))

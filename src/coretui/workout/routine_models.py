"""Routine files as pydantic checks them: the models, their limits and their errors.

These models are the routine format (`coretui schema` prints them). They check a
file once; what the program then runs on is the plain structs of
`coretui.workout.routine_types`, made by `runtime_routine`, which the start cache
also keeps, so a workout started from it loads no pydantic.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

import msgspec
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from coretui.figures import shapes
from coretui.figures.model import Figure
from coretui.figures.pose import figure_frames, segment_at, way_of
from coretui.workout import routine_types as runtime
from coretui.workout.routine_types import (
    FALLING_PHASES,
    MAX_EXERCISES,
    MAX_HOLD_S,
    MAX_LEAD_IN_S,
    MAX_NAME,
    MAX_PHASE_S,
    MAX_PHASES,
    MAX_REPS,
    MAX_REST_S,
    MAX_SET_S,
    MAX_SETS,
    MAX_STEPS,
    MAX_TEXT,
    MIN_PHASE_S,
    RISING_PHASES,
    STILL_PHASES,
)

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]


def _unseen(c: str) -> bool:
    """A character that draws nothing by itself: a format character (zero-width
    space, a direction mark) or a combining mark with nothing to sit on."""
    return unicodedata.category(c) in ("Cf", "Mn", "Me") or c in BLANK_LETTERS


BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters (and the blank braille cell) that draw as nothing: the Hangul fillers."""


def _one_line_shown(name: str) -> str:
    """A name is shown on one line, in lists and headings: it needs something to show."""
    if not any(c.isprintable() and not c.isspace() and not _unseen(c) for c in name):
        raise ValueError("must not be blank")  # (nor only invisible characters: U+200B)
    if any(c in name for c in "\n\r\t\v\f"):
        raise ValueError("must be one line (no line breaks or tabs)")
    return name


Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME), AfterValidator(_one_line_shown)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class _Model(BaseModel):
    """Base for routine models: strict types, no unknown keys, no NaN or inf."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


class Phase(_Model):
    """One part of a rep, such as "up" 1 s, "hold" 5 s, "down" 1 s."""

    name: Annotated[str, Field(min_length=1, max_length=20)]
    seconds: Annotated[float, Field(ge=MIN_PHASE_S, le=MAX_PHASE_S)]


class Variant(_Model):
    """An easier or harder version of an exercise, with its own cue."""

    name: Name
    cue: Text = ""
    safety: Text = ""
    equipment: list[Slug] = Field(default_factory=list, max_length=10)
    figure: Figure | None = None
    """How the variant looks; the exercise's figure when absent."""


class _ExerciseBase(_Model):
    name: Name
    cue: Text = ""
    safety: Text = ""
    equipment: list[Slug] = Field(default_factory=list, max_length=10)
    sets: Annotated[int, Field(ge=1, le=MAX_SETS)] = 1
    rest_s: Annotated[int, Field(ge=0, le=MAX_REST_S)] | None = None
    """Rest between sets; the routine's `rest_between_sets_s` when absent."""
    per_side: bool = False
    """Work each side in turn: left, a switch pause, then right."""
    switch_s: Annotated[int, Field(ge=0, le=60)] = 5
    rest_after_s: Annotated[int, Field(ge=0, le=MAX_REST_S)] | None = None
    """Rest after this exercise; the routine's `rest_between_exercises_s` when absent."""
    easier: Variant | None = None
    harder: Variant | None = None
    figure: Figure | None = None
    """A side-view stick figure of the move (`coretui show` prints it)."""

    def figures(self) -> list[tuple[str, Figure]]:
        """The figures this exercise carries, each with its name in a problem's words."""
        found = [("figure", self.figure)]
        found += [
            (f"the {key} variant's figure", v.figure)
            for key, v in (("easier", self.easier), ("harder", self.harder))
            if v
        ]
        return [(path, figure) for path, figure in found if figure is not None]


class HoldExercise(_ExerciseBase):
    """A timed hold, done `sets` times (plank 60 s; superman 30 s x 3)."""

    kind: Literal["hold"]
    seconds: Annotated[int, Field(ge=1, le=MAX_HOLD_S)]

    @model_validator(mode="after")
    def _one_keyframe(self) -> HoldExercise:
        for path, figure in self.figures():
            if len(figure.keyframes) != 1:
                mirrored = " (the right side is drawn mirrored from it)" if self.per_side else ""
                raise ValueError(
                    f"{path} has {len(figure.keyframes)} keyframes; a hold's figure has one"
                    + mirrored
                )
        return self


class RepsExercise(_ExerciseBase):
    """Repetitions in sets, paced by a tempo or self-paced when `tempo` is absent.

    `tempo` is seconds per rep (a number) or a list of phases.
    """

    kind: Literal["reps"]
    reps: Annotated[int, Field(ge=1, le=MAX_REPS)]
    tempo: Annotated[float, Field(ge=MIN_PHASE_S, le=MAX_PHASE_S)] | list[Phase] | None = None

    @field_validator("tempo")
    @classmethod
    def _some_phases(cls, tempo: float | list[Phase] | None) -> float | list[Phase] | None:
        # On the field, so that the editor says it beside the phases typed.
        if isinstance(tempo, list) and not tempo:
            raise ValueError("needs at least one phase, or a number of seconds per rep")
        if isinstance(tempo, list) and len(tempo) > MAX_PHASES:
            raise ValueError(f"has {len(tempo)} phases; at most {MAX_PHASES}")
        return tempo

    @model_validator(mode="after")
    def _phases_fit(self) -> RepsExercise:
        if (rep_s := self.rep_seconds) is not None and rep_s * self.reps > MAX_SET_S:
            raise ValueError(
                f"a set of {self.reps} reps at {rep_s:g} s a rep lasts {rep_s * self.reps:,.0f} s;"
                f" at most {MAX_SET_S:,}"
            )
        # Phase i moves keyframe i to i + 1 (via ones are passed on the way): keyframes
        # past the phases would never show.
        phases = len(self.tempo) if isinstance(self.tempo, list) else 1
        for path, figure in self.figures():
            stops = sum(not pose.via for pose in figure.keyframes)
            if phases > 1 and stops > phases:
                via = " not marked via" if stops < len(figure.keyframes) else ""
                raise ValueError(
                    f"{path} has {stops} keyframes{via} but a rep has only {phases} phases"
                )
            if isinstance(self.tempo, list) and (
                wrong := _phase_against_figure(self.tempo, figure)
            ):
                raise ValueError(f"{path} {wrong}")
        return self

    @property
    def rep_seconds(self) -> float | None:
        """Seconds one rep takes, or None when self-paced."""
        return runtime.rep_seconds(self.tempo)


def _phase_against_figure(tempo: list[Phase], figure: Figure) -> str | None:
    """Why the figure would hold still through a phase named for a move ("up") or move
    through one named for a hold, else None. Phase i moves keyframe i to i + 1 and the
    last back to the first, so "down, up, hold" over two keyframes rose during "hold"."""
    frames = figure_frames(msgspec.convert(figure.model_dump(), shapes.Figure))
    if len(frames) < 2:  # one keyframe: a still picture of the move, on any tempo
        return None
    for index, phase in enumerate(tempo):
        start, end, _ = segment_at(len(frames), [1.0] * len(tempo), index + 0.5)
        name = phase.name.strip().lower()
        still = all(  # (two keyframes of one pose hold still too)
            (f.joints, f.ball) == (frames[start].joints, frames[start].ball)
            for f in way_of(frames, start, end)
        )
        if still and name in (*RISING_PHASES, *FALLING_PHASES):
            wrong = "holds still"
        elif not still and name in STILL_PHASES:
            wrong = "moves"
        else:
            continue
        names = [pose.name for pose in figure.keyframes if not pose.via]
        said = (
            f"{wrong} during '{phase.name}', phase {index + 1}, which goes from keyframe"
            f" '{names[start]}' to '{names[end]}': "
        )
        if wrong == "moves" and index == len(tempo) - 1:  # (back to the first pose)
            return said + (
                "a rep ends where it began, so add a phase after the hold that goes back"
                " (like 'down 1')"
            )
        return said + (
            "give a keyframe for each phase, the pose it starts from (a hold's is the same"
            " as the one after it)"
        )
    return None


Exercise = Annotated[HoldExercise | RepsExercise, Field(discriminator="kind")]


class Routine(_Model):
    """A whole session: exercises in order, with the rests between them."""

    id: Slug
    name: Name
    description: Text = ""
    credit: Text = ""
    """Where the routine comes from."""
    equipment: list[Slug] = Field(default_factory=list, max_length=20)
    lead_in_s: Annotated[int, Field(ge=0, le=MAX_LEAD_IN_S)] = 10
    rest_between_sets_s: Annotated[int, Field(ge=0, le=MAX_REST_S)] = 30
    rest_between_exercises_s: Annotated[int, Field(ge=0, le=MAX_REST_S)] = 30
    exercises: list[Exercise] = Field(min_length=1, max_length=MAX_EXERCISES)

    @model_validator(mode="after")
    def _not_too_many_steps(self) -> Routine:
        steps = sum(ex.sets * (2 if ex.per_side else 1) * 2 for ex in self.exercises)
        if steps > MAX_STEPS:
            raise ValueError(f"too many steps ({steps}); at most {MAX_STEPS}")
        return self


def runtime_routine(routine: Routine) -> runtime.Routine:
    """The checked routine as the plain struct the program runs on."""
    return msgspec.convert(routine.model_dump(), runtime.Routine)


def routine_of(data: object) -> runtime.Routine:
    """A routine from plain data, checked (raises pydantic's ValidationError)."""
    return runtime_routine(Routine.model_validate(data))

"""The figure format: a side-view stick figure as keyframes, plus props.

Coordinates are centimetres in a side view: `x` runs along the floor, `y` up
from it (the floor is `y = 0`). Only proportions matter on screen (a drawing is
scaled to fit its box), but centimetres keep hand-written figures in scale with
the fixed head size and with each other. Limits keep a mistaken file from
drawing something absurd; they are documented in the README ("Figures").
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

MAX_COORD = 500.0
MAX_KEYFRAMES = 8
MAX_PROPS = 6


def _two_numbers(value: object) -> object:
    """A point is written [x, y]; say so rather than quote a list-length rule."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError("a point is two numbers, [x, y]")
    return value


Coord = Annotated[float, Field(ge=-MAX_COORD, le=MAX_COORD)]
Point = Annotated[
    list[Coord],
    BeforeValidator(_two_numbers),
    Field(min_length=2, max_length=2, description="[x, y] in centimetres; y = 0 is the floor"),
]


class _FigureModel(BaseModel):
    """Same rules as the routine models: strict, no unknown keys, finite numbers."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


class Pose(_FigureModel):
    """One keyframe: where each joint is. `far_*` limbs default to the near ones."""

    name: Annotated[str, Field(min_length=1, max_length=20)]
    """Named after the tempo phase it starts or ends, such as "start" or "top"."""
    head: Point
    shoulder: Point
    elbow: Point
    hand: Point
    hip: Point
    knee: Point
    foot: Point
    far_elbow: Point | None = None
    far_hand: Point | None = None
    far_knee: Point | None = None
    far_foot: Point | None = None
    ball: Point | None = None
    """Where the Swiss ball's centre is in this pose (it rolls with the legs)."""
    via: bool = False
    """Passed on the way from the keyframe before to the one after, in the same phase."""


class Floor(_FigureModel):
    """The floor line, `y = 0`, under the whole drawing."""

    kind: Literal["floor"]


class Bench(_FigureModel):
    """A flat bench: its top from `x_from` to `x_to` at `height`, legs at both ends."""

    kind: Literal["bench"]
    x_from: Coord
    x_to: Coord
    height: Annotated[float, Field(gt=0, le=150)] = 45.0


class Ball(_FigureModel):
    """A Swiss ball resting at `at` (its centre); a pose's `ball` moves it."""

    kind: Literal["ball"]
    at: Point
    radius: Annotated[float, Field(ge=10, le=60)] = 32.0


class Station(_FigureModel):
    """A back-extension station: a hip pad on a post and an ankle anchor, on a base."""

    kind: Literal["station"]
    pad: Point
    """The top of the hip pad, where the thighs rest."""
    anchor: Point
    """The ankle roller the feet hook under."""


Prop = Annotated[Floor | Bench | Ball | Station, Field(discriminator="kind")]


class Figure(_FigureModel):
    """A side-view stick figure of an exercise.

    Keyframes are in order: in a rep set, phase i of the tempo moves the figure
    from keyframe i to keyframe i + 1 and the last phase returns to the first
    (up / hold / down over `start`, `top`: up = start to top, hold stays at top,
    down = top to start). A keyframe marked `via` is no stop of its own: the
    phase that leaves the keyframe before it passes through it (a leg kept clear
    of the ball it rolls). A hold has one keyframe. Per-side exercises are drawn
    as given for the left side and mirrored for the right.
    """

    keyframes: list[Pose] = Field(min_length=1, max_length=MAX_KEYFRAMES)
    props: list[Prop] = Field(default_factory=list, max_length=MAX_PROPS)

    @model_validator(mode="after")
    def _consistent(self) -> Figure:
        if self.keyframes[0].via:
            raise ValueError("the first keyframe is where a rep starts; it cannot be via")
        if any(pose.via for pose in self.keyframes) and sum(not p.via for p in self.keyframes) < 2:
            raise ValueError("a via keyframe is passed between two others: add a second stop")
        names = [pose.name for pose in self.keyframes]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"keyframe names must differ; '{repeated[0]}' is used twice")
        balls = [prop for prop in self.props if isinstance(prop, Ball)]
        if len(balls) > 1:
            raise ValueError("a figure has at most one ball")
        if not balls and any(pose.ball is not None for pose in self.keyframes):
            raise ValueError("a keyframe places the ball, but props has no ball")
        return self

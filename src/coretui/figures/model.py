"""The figure format: a side-view stick figure as keyframes, plus props.

Coordinates are centimetres in a side view: `x` runs along the floor, `y` up
from it (the floor is `y = 0`). A drawing is scaled to fit its box, but the head
is drawn a fixed 22 cm across, so a body drawn in other units is refused. Limits
keep a mistaken file from drawing something absurd; they are documented in the
README ("Figures").
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from coretui.figures.shapes import HEAD_RADIUS

MAX_COORD = 500.0
MAX_KEYFRAMES = 8
MAX_PROPS = 6
MIN_SPAN_CM = 40.0
"""A body's joints span at least this (a figure drawn in metres would be a dot)."""
JOINTS = (
    *("head", "shoulder", "elbow", "hand", "hip", "knee", "foot"),
    *("far_elbow", "far_hand", "far_knee", "far_foot"),
)


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


_FAR = "The far {}, when the limbs differ (one raised); else hidden behind the near one."


class _FigureModel(BaseModel):
    """Same rules as the routine models: strict, no unknown keys, finite numbers."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


class Pose(_FigureModel):
    """One keyframe: where each joint is. `far_*` limbs default to the near ones."""

    # Descriptions for `coretui schema` are given with `Field`: pydantic's reading of
    # attribute docstrings (`use_attribute_docstrings`) doubled these models' import time.

    name: Annotated[
        str,
        Field(
            min_length=1,
            max_length=20,
            description="A label `coretui show` prints ('start', 'top'): phases go"
            " through the keyframes in order, whatever their names.",
        ),
    ]
    head: Point
    shoulder: Point
    elbow: Point
    hand: Point
    hip: Point
    knee: Point
    foot: Point
    far_elbow: Annotated[Point | None, Field(description=_FAR.format("arm's elbow"))] = None
    far_hand: Annotated[Point | None, Field(description=_FAR.format("arm's hand"))] = None
    far_knee: Annotated[Point | None, Field(description=_FAR.format("leg's knee"))] = None
    far_foot: Annotated[Point | None, Field(description=_FAR.format("leg's foot"))] = None
    ball: Annotated[
        Point | None,
        Field(
            description="Where the Swiss ball's centre is in this pose (it rolls with the legs)."
        ),
    ] = None
    via: Annotated[
        bool,
        Field(
            description="Passed on the way from the keyframe before to the one after, in"
            " the same phase: no stop of its own."
        ),
    ] = False


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
    of the ball it rolls). A hold has one keyframe; so may a rep set's figure,
    a still picture of the move. Otherwise a figure has at most as many keyframes
    (not via) as a rep has phases, and must move in each phase named for a move
    (up, down...) and hold still in each named for a hold. Per-side exercises are
    drawn as given for the first side the workout runs (left) and mirrored for
    the right. The bundled figures face left: the head at the smaller `x`.
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
        self._in_scale()
        return self

    def _in_scale(self) -> None:
        """Refuse a body drawn in other units (metres, all at [0, 0]) or under its floor:
        the head is drawn 22 cm across whatever the body's size."""
        joints = [(pose, name) for pose in self.keyframes for name in JOINTS]
        points = [point for pose, name in joints if (point := getattr(pose, name)) is not None]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        span = math.hypot(max(xs) - min(xs), max(ys) - min(ys))
        if span < MIN_SPAN_CM:
            raise ValueError(
                f"the body is only {int(span)} cm from end to end: joints are in centimetres"
                f" (a body is about 170 cm long; the head is drawn {2 * HEAD_RADIUS:g} cm across)"
            )
        if any(isinstance(prop, Floor) for prop in self.props):
            for pose, name in joints:
                point = getattr(pose, name)
                if point is not None and point[1] < 0:
                    raise ValueError(
                        f"keyframe '{pose.name}' puts the {name.replace('_', ' ')}"
                        f" {-point[1]:g} cm below the floor (y counts up from the floor, 0)"
                    )

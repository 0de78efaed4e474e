"""Figures as the program uses them: plain, already validated shapes.

`coretui.figures.model` holds the pydantic models that check a figure written in
a routine file; once checked, a figure becomes these msgspec structs (field for
field the same), which the drawing code reads and the start cache stores. A
workout started from the cache so draws without loading pydantic.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from msgspec import Struct

HEAD_RADIUS = 11.0
"""The head is a circle this big around the `head` point (centimetres)."""


class _Shape(Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Base: immutable, fields by name, defaults left out when written."""


class Pose(_Shape, frozen=True, kw_only=True):
    """One keyframe: where each joint is (see `coretui.figures.model.Pose`)."""

    name: str
    head: list[float]
    shoulder: list[float]
    elbow: list[float]
    hand: list[float]
    hip: list[float]
    knee: list[float]
    foot: list[float]
    far_elbow: list[float] | None = None
    far_hand: list[float] | None = None
    far_knee: list[float] | None = None
    far_foot: list[float] | None = None
    ball: list[float] | None = None
    via: bool = False


class Floor(_Shape, frozen=True, kw_only=True, tag_field="kind", tag="floor"):
    """The floor line, `y = 0`."""

    kind: ClassVar[Literal["floor"]] = "floor"


class Bench(_Shape, frozen=True, kw_only=True, tag_field="kind", tag="bench"):
    """A flat bench: its top from `x_from` to `x_to` at `height`."""

    kind: ClassVar[Literal["bench"]] = "bench"

    x_from: float
    x_to: float
    height: float = 45.0


class Ball(_Shape, frozen=True, kw_only=True, tag_field="kind", tag="ball"):
    """A Swiss ball resting at `at` (its centre)."""

    kind: ClassVar[Literal["ball"]] = "ball"

    at: list[float]
    radius: float = 32.0


class Station(_Shape, frozen=True, kw_only=True, tag_field="kind", tag="station"):
    """A back-extension station: the hip pad's top and the ankle anchor."""

    kind: ClassVar[Literal["station"]] = "station"

    pad: list[float]
    anchor: list[float]


Prop = Floor | Bench | Ball | Station


class Figure(_Shape, frozen=True, kw_only=True):
    """A side-view stick figure: keyframes in tempo order, and props."""

    keyframes: list[Pose]
    props: list[Prop] = []

    @property
    def ball(self) -> Ball | None:
        """The figure's Swiss ball, if it has one."""
        return next((prop for prop in self.props if isinstance(prop, Ball)), None)

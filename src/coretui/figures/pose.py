"""Where the figure is at a moment of a rep: keyframes blended along the tempo."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from coretui.figures.shapes import Figure, Pose

XY = tuple[float, float]

# The skeleton as (parent, child) bones, root first. Blending turns each bone
# about its parent instead of sliding joints in straight lines, so limbs keep
# their length while the body swings (a straight-line blend shortens a torso
# that turns 45 degrees by 8 % halfway).
BONES: tuple[tuple[str, str], ...] = (
    ("hip", "shoulder"),
    ("shoulder", "head"),
    ("shoulder", "elbow"),
    ("elbow", "hand"),
    ("shoulder", "far_elbow"),
    ("far_elbow", "far_hand"),
    ("hip", "knee"),
    ("knee", "foot"),
    ("hip", "far_knee"),
    ("far_knee", "far_foot"),
)
JOINTS: tuple[str, ...] = ("hip", *(child for _, child in BONES))


@dataclass(frozen=True)
class Frame:
    """A pose with every joint known (far limbs filled in) and the ball's centre."""

    joints: Mapping[str, XY]
    ball: XY | None = None
    via: tuple[Frame, ...] = ()
    """The poses passed on the way from this one to the next (keyframes marked `via`)."""

    def __getitem__(self, joint: str) -> XY:
        return self.joints[joint]


def frame_of(pose: Pose, ball_at: XY | None = None) -> Frame:
    """A keyframe as a Frame; far limbs default to the near ones."""
    joints: dict[str, XY] = {}
    for name in JOINTS:
        value = getattr(pose, name)
        if value is None:  # a far limb not given: hidden behind the near one
            value = getattr(pose, name.removeprefix("far_"))
        joints[name] = (value[0], value[1])
    ball = (pose.ball[0], pose.ball[1]) if pose.ball else ball_at
    return Frame(joints, ball)


def pose_frames(figure: Figure) -> list[Frame]:
    """Every keyframe of a figure as a Frame (via poses too), the ball where its prop puts it."""
    prop = figure.ball
    ball_at = (prop.at[0], prop.at[1]) if prop else None
    return [frame_of(pose, ball_at) for pose in figure.keyframes]


def figure_frames(figure: Figure) -> list[Frame]:
    """The keyframes the tempo moves between, each with the via poses after it."""
    stops: list[Frame] = []
    for pose, frame in zip(figure.keyframes, pose_frames(figure), strict=True):
        if pose.via and stops:
            stops[-1] = replace(stops[-1], via=(*stops[-1].via, frame))
        else:  # (a first keyframe marked via, which the model refuses: a stop)
            stops.append(frame)
    return stops


REP_SAMPLES = 12
"""Poses sampled on each leg of a rep's way, to size the box it is drawn in."""


def rep_frames(figure: Figure) -> list[Frame]:
    """The poses a rep passes through: each keyframe and, sampled, the way to the next.

    A bone turning about its joint swings past both its ends: halfway up, the back
    extension's head is 22 cm further out than in either keyframe, and a box fitted to
    the keyframes cut it off."""
    stops = figure_frames(figure)
    frames: list[Frame] = []
    for index in range(len(stops)):
        for a, b in pairwise(way_of(stops, index, (index + 1) % len(stops))):
            frames += [blend(a, b, step / REP_SAMPLES) for step in range(REP_SAMPLES)]
    return frames


def _lerp(a: XY, b: XY, t: float) -> XY:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def blend(a: Frame, b: Frame, t: float) -> Frame:
    """The pose `t` of the way (0 to 1) from `a` to `b`, bones turning about their joints."""
    if t <= 0:
        return a
    if t >= 1:
        return b
    joints: dict[str, XY] = {"hip": _lerp(a["hip"], b["hip"], t)}
    for parent, child in BONES:
        ax, ay = a[child][0] - a[parent][0], a[child][1] - a[parent][1]
        bx, by = b[child][0] - b[parent][0], b[child][1] - b[parent][1]
        angle_a, angle_b = math.atan2(ay, ax), math.atan2(by, bx)
        turn = (angle_b - angle_a + math.pi) % (2 * math.pi) - math.pi  # the short way round
        angle = angle_a + turn * t
        length = math.hypot(ax, ay) + (math.hypot(bx, by) - math.hypot(ax, ay)) * t
        px, py = joints[parent]
        # A joint that would pass under the floor skims it: a knee drawn in under the body
        # swings across the floor, seen from the side as a thigh foreshortened. (One a
        # figure puts below it, in a keyframe, may go as low as it is put there.)
        floor = min(0.0, a[child][1], b[child][1])
        joints[child] = (px + length * math.cos(angle), max(floor, py + length * math.sin(angle)))
    ball = _lerp(a.ball, b.ball, t) if a.ball and b.ball else a.ball
    return Frame(joints, ball)


def _ease(t: float) -> float:
    """Smooth start and stop, the way a controlled rep moves."""
    return t * t * (3 - 2 * t)


def segment_at(keyframes: int, phases: Sequence[float], elapsed: float) -> tuple[int, int, float]:
    """(from keyframe, to keyframe, fraction done) at `elapsed` seconds into a set.

    Phase i moves keyframe i to i + 1 and the last phase returns to the first;
    with more keyframes than phases the extra ones are never reached, and a
    one-phase tempo ("2 s a rep") runs through every keyframe and back.
    """
    if keyframes <= 1 or not phases or sum(phases) <= 0:
        return 0, 0, 0.0
    rep_s = sum(phases)
    into = max(0.0, elapsed) % rep_s
    if len(phases) == 1:  # split the one phase into a loop over every keyframe
        step = rep_s / keyframes
        index = min(keyframes - 1, int(into // step))
        return index, (index + 1) % keyframes, _ease((into - index * step) / step)
    last = len(phases) - 1
    for index, seconds in enumerate(phases):
        if into < seconds or index == last:
            start = min(index, keyframes - 1)
            end = 0 if index == last else min(index + 1, keyframes - 1)
            return start, end, _ease(min(1.0, into / seconds))
        into -= seconds
    return 0, 0, 0.0  # unreachable: the loop returns at the last phase


def way_of(frames: Sequence[Frame], start: int, end: int) -> tuple[Frame, ...]:
    """The poses a move from keyframe `start` to `end` passes: the via poses after
    `start` when `end` is the one after it."""
    via = frames[start].via if end == (start + 1) % len(frames) else ()
    return (frames[start], *via, frames[end])


def frame_at(frames: Sequence[Frame], phases: Sequence[float], elapsed: float) -> Frame:
    """The pose `elapsed` seconds into a set whose reps have these phase lengths."""
    start, end, t = segment_at(len(frames), phases, elapsed)
    if start == end:
        return frames[start]
    way = way_of(frames, start, end)
    # The via poses split the way into legs, each an equal share of the eased move.
    leg = min(len(way) - 2, int(t * (len(way) - 1)))
    return blend(way[leg], way[leg + 1], t * (len(way) - 1) - leg)


def is_moving(keyframes: int, phases: Sequence[float], elapsed: float) -> bool:
    """True while the figure travels between two keyframes (not in a hold phase)."""
    start, end, _ = segment_at(keyframes, phases, elapsed)
    return start != end

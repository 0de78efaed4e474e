"""Keeping a blended pose out of the floor and the ball, limbs keeping their length.

Between two keyframes each bone turns about its joint the short way round
(`pose.blend`). A knee drawn forward from a plank then swings its leg through
straight down, which a low hip puts below the floor; a knee tucked on a Swiss ball
swings the shin through the ball. Here such a bone is turned further about its
joint (what hangs from it turning with it) until it clears: the leg slides along
the floor, or rides on the ball, as the body would.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

XY = tuple[float, float]
Bones = Sequence[tuple[str, str]]

MAX_TURN_DEGREES = 120
"""A bone is turned at most this far to clear the ball (then left as it is)."""


def _below(bones: Bones, joint: str) -> list[str]:
    """`joint` and every joint hanging from it."""
    found = [joint]
    for parent, child in bones:
        if parent in found:
            found.append(child)
    return found


def _turned(joints: dict[str, XY], pivot: str, moved: list[str], angle: float) -> dict[str, XY]:
    """The joints with `moved` turned by `angle` (radians) about `pivot`."""
    px, py = joints[pivot]
    cos, sin = math.cos(angle), math.sin(angle)
    turned = dict(joints)
    for name in moved:
        x, y = joints[name][0] - px, joints[name][1] - py
        turned[name] = (px + x * cos - y * sin, py + x * sin + y * cos)
    return turned


def _gap(ball: XY, a: XY, b: XY) -> float:
    """How far the segment a-b passes from the ball's centre."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    along = ((ball[0] - a[0]) * dx + (ball[1] - a[1]) * dy) / (dx * dx + dy * dy or 1.0)
    along = min(1.0, max(0.0, along))
    return math.hypot(a[0] + dx * along - ball[0], a[1] + dy * along - ball[1])


def off_the_ball(
    joints: dict[str, XY],
    bones: Bones,
    ball: XY,
    radius: float,
    turning: Mapping[str, float],
) -> None:
    """Turn each leg bone that passes through the ball about its joint until it rests
    on the ball (only the bones ending in a joint of `turning`, the knees and feet).

    A thigh turns further the way it is turning already (`turning`: its blend's turn,
    by its end joint): the leg goes round the ball the way it heads, and the turn added
    shrinks frame by frame to none (the shorter turn took a knee over the ball in one
    frame and under it in the next). A shin turns the way that leaves the foot higher,
    as a shin rides on top of a ball.
    """
    for parent, child in bones:
        if child not in turning or _gap(ball, joints[parent], joints[child]) >= radius:
            continue
        moved = _below(bones, child)
        ahead = 1.0 if turning[child] >= 0 else -1.0
        ways = []
        for sign in (ahead,) if len(moved) > 1 else (1.0, -1.0):
            for degrees in range(1, MAX_TURN_DEGREES + 1):
                turned = _turned(joints, parent, moved, math.radians(sign * degrees))
                if _gap(ball, turned[parent], turned[child]) >= radius:
                    ways.append(turned)
                    break
        if ways:
            joints.update(max(ways, key=lambda turned: turned[child][1]))


def off_the_floor(joints: dict[str, XY], bones: Bones, lowest: Mapping[str, float]) -> None:
    """Turn each bone whose end went below `lowest[end]` about its joint, the shorter
    way, until that end is at that height (moved up, as it is, when the bone is too
    short to reach it)."""
    for parent, child in bones:
        (px, py), (cx, cy) = joints[parent], joints[child]
        floor = lowest[child]
        if cy >= floor:
            continue
        length = math.hypot(cx - px, cy - py)
        if length == 0 or abs(floor - py) > length:
            joints[child] = (cx, floor)
            continue
        now = math.atan2(cy - py, cx - px)
        up = math.asin((floor - py) / length)
        wanted = min((up, math.pi - up), key=lambda a: abs(math.remainder(a - now, math.tau)))
        joints.update(_turned(joints, parent, _below(bones, child), wanted - now))

"""Figures: the bundled drawings match the moves, the tempo drives them, any figure draws."""

from __future__ import annotations

import math

import msgspec
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from coretui.figures import shapes
from coretui.figures.drawing import draw, viewport
from coretui.figures.model import Figure
from coretui.figures.pose import (
    BONES,
    JOINTS,
    XY,
    Frame,
    blend,
    figure_frames,
    frame_at,
    pose_frames,
)
from coretui.figures.shapes import Ball, Bench, Floor, Station
from coretui.workout.engine import WorkoutEngine
from coretui.workout.routines import HoldExercise, RepsExercise, Routine, load_library
from tests.conftest import FakeClock

LIBRARY = load_library(None)


def routine(routine_id: str) -> Routine:
    loaded = LIBRARY.get(routine_id)
    assert loaded is not None
    return loaded.routine


def exercise(routine_id: str, name: str) -> HoldExercise | RepsExercise:
    return next(e for e in routine(routine_id).exercises if e.name == name)


def frames(routine_id: str, name: str, easier: bool = False) -> dict[str, Frame]:
    found = exercise(routine_id, name)
    figure = found.easier.figure if easier and found.easier else found.figure
    assert figure is not None
    return {
        pose.name: frame for pose, frame in zip(figure.keyframes, pose_frames(figure), strict=True)
    }


def degrees_from_horizontal(a: XY, b: XY) -> float:
    angle = abs(math.degrees(math.atan2(b[1] - a[1], b[0] - a[0])))
    return min(angle, 180 - angle)


# -- the bundled figures look like the moves -------------------------------------------


def test_every_bundled_exercise_and_variant_has_a_figure() -> None:
    for loaded in LIBRARY.routines:
        for ex in loaded.routine.exercises:
            assert ex.figure is not None, ex.name
            if ex.easier:
                assert ex.easier.figure is not None, ex.easier.name


@pytest.mark.parametrize("routine_id", ["core-six", "core-six-mat", "core-quick"])
def test_plank_body_is_a_straight_line_within_15_degrees_of_horizontal(routine_id: str) -> None:
    pose = frames(routine_id, "Plank")["hold"]
    for a, b in [("shoulder", "hip"), ("hip", "knee"), ("knee", "foot"), ("shoulder", "foot")]:
        assert degrees_from_horizontal(pose[a], pose[b]) <= 15, (a, b)
    # straight: the hip lies on the shoulder-ankle line (no sag, no pike), within 3 cm
    (sx, sy), (fx, fy), (hx, hy) = pose["shoulder"], pose["foot"], pose["hip"]
    assert abs(sy + (fy - sy) * (hx - sx) / (fx - sx) - hy) < 3
    # on the forearms: elbow and hand on the floor, the toes too
    assert pose["elbow"][1] <= 5 and pose["hand"][1] <= 5 and pose["foot"][1] <= 5


@pytest.mark.parametrize("easier", [False, True])
def test_hip_raise_lifts_the_hips_at_top_with_shoulders_and_feet_down(easier: bool) -> None:
    poses = frames("core-six", "Hip raise", easier)
    start, top = poses["start"], poses["top"]
    assert top["hip"][1] > start["hip"][1] + 8
    for pose in (start, top):
        assert pose["shoulder"][1] <= 12 and pose["foot"][1] <= 5  # on the back, feet flat


def test_half_hip_raise_lifts_less_than_the_full_one() -> None:
    full = frames("core-six", "Hip raise")["top"]["hip"][1]
    half = frames("core-six", "Hip raise", easier=True)["top"]["hip"][1]
    assert 10 < half < full


def test_superman_hands_and_feet_are_above_the_floor_and_the_hips_on_it() -> None:
    pose = frames("core-six", "Superman")["hold"]
    for joint in ("hand", "far_hand", "foot", "far_foot", "head"):
        assert pose[joint][1] >= 15, joint
    assert pose["hip"][1] <= 10


def test_side_plank_is_drawn_on_one_forearm() -> None:
    pose = frames("core-six", "Side plank")["hold"]
    assert pose["elbow"][1] <= 5 and pose["hand"][1] <= 5  # the near forearm on the floor
    assert abs(pose["shoulder"][0] - pose["elbow"][0]) <= 8  # elbow under the shoulder
    assert pose["far_elbow"][1] > pose["shoulder"][1] + 20  # the top arm reaches up
    assert pose["far_hand"][1] > pose["far_elbow"][1]
    assert pose["foot"][1] <= 5 and pose["hip"][1] > 15  # feet down, hips lifted


@pytest.mark.parametrize("routine_id", ["core-six", "core-six-mat", "core-quick"])
def test_side_plank_on_knees_rests_its_lower_legs_on_the_floor(routine_id: str) -> None:
    # "Knees bent on the floor": the shin went up from the knee, the foot 30 cm in the air.
    pose = frames(routine_id, "Side plank", easier=True)["hold"]
    assert pose["knee"][1] <= 5 and pose["foot"][1] <= 5, "knee and foot on the floor"
    thigh = math.atan2(pose["knee"][1] - pose["hip"][1], pose["knee"][0] - pose["hip"][0])
    shin = math.atan2(pose["foot"][1] - pose["knee"][1], pose["foot"][0] - pose["knee"][0])
    assert math.degrees(abs(shin - thigh)) >= 15, "the knee is bent, not a straight leg"


def test_sphinx_lift_keeps_its_forearms_planted_under_the_shoulders() -> None:
    # "Elbows under your shoulders. Press your forearms down": the forearms slid 25 cm
    # along the floor as the chest rose. A body of straight bones cannot lift its chest on
    # planted forearms with its hips down (the spine bends in the real move), so the lift
    # is drawn by the head alone, and no bone changes length to fake it.
    poses = frames("core-six-mat", "Floor back extension", easier=True)
    for name, pose in poses.items():
        assert pose["elbow"] == poses["top"]["elbow"] and pose["hand"] == poses["top"]["hand"]
        assert pose["elbow"][1] <= 5 and pose["hand"][1] <= 5, name
        assert abs(pose["elbow"][0] - pose["shoulder"][0]) <= 5, f"{name}: elbow under shoulder"
    assert poses["top"]["head"][1] > poses["start"]["head"][1] + 5, "the head rises"
    assert poses["start"]["shoulder"] == poses["top"]["shoulder"], "no arm shortened to lift"


@pytest.mark.parametrize("routine_id", ["core-six", "core-six-mat", "core-quick"])
def test_opposite_arm_and_leg_lift_reaches_its_arm_over_the_head_not_through_it(
    routine_id: str,
) -> None:
    # The lifted arm went in through the head's outline (8 cm from its centre) and out
    # the front: drawn from the side, a reach over the head passes above it.
    pose = frames(routine_id, "Superman", easier=True)["hold"]
    assert pose["hand"][1] > pose["far_hand"][1] + 15, "the near arm is the lifted one"
    for a, b in (("shoulder", "elbow"), ("elbow", "hand")):
        gap = _distance_to_segment(pose["head"], pose[a], pose[b])
        assert gap >= shapes.HEAD_RADIUS, (a, b, gap)
    assert pose["hand"][0] < pose["head"][0] - shapes.HEAD_RADIUS, "reaching out past the head"


def test_pike_raises_the_hips_and_rolls_the_ball_in() -> None:
    poses = frames("core-six", "Swiss-ball pike")
    start, top = poses["start"], poses["top"]
    assert top["hip"][1] > start["hip"][1] + 30
    assert start.ball is not None and top.ball is not None
    assert top.ball[0] < start.ball[0]  # toward the hands
    for pose in (start, top):
        assert pose["hand"][1] <= 2  # hands flat on the floor


def test_knee_tuck_pulls_the_ball_in_without_raising_the_hips() -> None:
    # the article: "pulling the ball in to your chest without raising your hips"
    poses = frames("core-six", "Swiss-ball pike", easier=True)
    start, top = poses["start"], poses["top"]
    assert abs(top["hip"][1] - start["hip"][1]) <= 5
    assert start.ball is not None and top.ball is not None
    assert top.ball[0] < start.ball[0] - 20  # rolled toward the chest
    assert top["knee"][0] < top["hip"][0]  # the knees come in under the body


def _distance_to_segment(point: XY, a: XY, b: XY) -> float:
    (px, py), (ax, ay), (bx, by) = point, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.dist(point, (ax + t * dx, ay + t * dy))


def test_legs_rest_on_the_ball_in_every_keyframe_not_in_it() -> None:
    checked = 0
    for loaded in LIBRARY.routines:
        for ex in loaded.routine.exercises:
            for figure in filter(None, [ex.figure, ex.easier.figure if ex.easier else None]):
                if figure.ball is None:
                    continue
                for frame in pose_frames(figure):
                    assert frame.ball is not None
                    for a, b in (("hip", "knee"), ("knee", "foot")):  # (a torso may lie on it)
                        gap = _distance_to_segment(frame.ball, frame[a], frame[b])
                        assert gap >= figure.ball.radius - 2, (ex.name, a, b, gap)
                        checked += 1
    assert checked >= 8


def test_legs_ride_over_the_ball_between_keyframes_not_through_it() -> None:
    # The knee tuck's shins swept through the middle of the ball halfway in (30 cm
    # into it): its knees now bend first, passing a pose marked `via`, then the ball
    # rolls in under the shins. A shin resting on the ball is tangent to it; between
    # poses it may dip a few centimetres in (a dot or two at the sizes drawn).
    checked = 0
    for label, figure in _bundled_figures():
        if figure.ball is None or len(figure.keyframes) < 2:
            continue
        stops = figure_frames(figure)
        phases = [1.0] * len(stops)
        for step in range(len(stops) * 100):
            frame = frame_at(stops, phases, step / 100)
            assert frame.ball is not None
            for a, b in (("hip", "knee"), ("knee", "foot")):
                gap = _distance_to_segment(frame.ball, frame[a], frame[b])
                assert gap >= figure.ball.radius - 8, (label, step, a, b, gap)
                checked += 1
    assert checked >= 1_000


def test_knee_tuck_feet_stay_on_the_ball_as_it_rolls_in() -> None:
    # Pressing the shins on the ball's side as the knees bent (so that they sank 3 cm
    # into it, not 7) lifted the feet 17 cm off it, 16 cm above the hips: "shins on the
    # ball" holds both ways. The feet are never more than 5 cm off its surface (its start
    # pose has them 4 cm over it) nor far above the hips; how far the shins may dip into
    # it between poses is `test_legs_ride_over_the_ball_between_keyframes_not_through_it`'s.
    figure = exercise("core-six", "Swiss-ball pike").easier
    assert figure is not None and figure.figure is not None and figure.figure.ball is not None
    stops = figure_frames(figure.figure)
    phases = [1.0, 1.0, 2.0]  # (its tempo: up, hold, down)
    for step in range(400):
        frame = frame_at(stops, phases, step / 100)
        assert frame.ball is not None
        off = math.dist(frame["foot"], frame.ball) - figure.figure.ball.radius
        assert off <= 5, (step, off)
        assert frame["foot"][1] <= frame["hip"][1] + 7, step


def _figure(*poses: tuple[str, float, bool]) -> shapes.Figure:
    """A figure whose poses differ only in the hip's height: (name, height, via)."""
    joints = {"head": [0, 60], "shoulder": [10, 50], "elbow": [10, 25], "hand": [10, 0]}
    joints |= {"knee": [60, 25], "foot": [60, 0]}
    keyframes = [
        {"name": name, "via": via, **joints, "hip": [50, height]} for name, height, via in poses
    ]
    checked = Figure.model_validate({"keyframes": keyframes})
    return msgspec.convert(checked.model_dump(), shapes.Figure)


def test_a_via_pose_is_passed_halfway_through_the_phase_not_stopped_at() -> None:
    figure = _figure(("start", 20, False), ("over", 80, True), ("top", 40, False))
    stops = figure_frames(figure)
    assert len(stops) == 2, "a via pose is no stop of its own"
    up, down = 2.0, 2.0
    hip = [frame_at(stops, [up, down], t)["hip"][1] for t in (0.0, 1.0, 2.0, 3.0)]
    assert hip[0] == 20 and hip[2] == 40
    assert hip[1] == pytest.approx(80), "halfway through 'up' it passes the via pose"
    assert hip[3] == pytest.approx(30), "'down' goes straight back: no via pose after top"
    back = _figure(("start", 20, False), ("top", 40, False), ("under", 0, True))
    assert frame_at(figure_frames(back), [up, down], 3.0)["hip"][1] == pytest.approx(0)


def test_the_first_keyframe_cannot_be_passed_on_the_way() -> None:
    with pytest.raises(ValueError, match="the first keyframe is where a rep starts"):
        _figure(("start", 20, True), ("top", 40, False))


def test_dead_bug_brings_the_leg_in_during_in_and_reaches_out_during_out() -> None:
    found = exercise("core-six-mat", "Slow plank knee tuck")
    assert isinstance(found, RepsExercise) and found.easier is not None
    assert [phase.name for phase in found.tempo] == ["in", "out"]
    figure = found.easier.figure
    assert figure is not None
    first, second = figure_frames(figure)  # "in" goes first -> second, "out" back
    assert math.dist(second["hip"], second["foot"]) < math.dist(first["hip"], first["foot"]) - 20


def test_plank_knee_tuck_draws_the_knee_in_under_the_chest_hips_level() -> None:
    # Its "in" pose dropped the knee straight down under the hip, the foot raised
    # behind: a knee drop, or a donkey kick, where the cue says "knee to your chest".
    tuck = frames("core-six-mat", "Slow plank knee tuck")
    start, tucked = tuck["start"], tuck["in"]
    hands, hip, knee = tucked["hand"][0], tucked["hip"][0], tucked["knee"][0]
    assert hands < knee < (hands + hip) / 2, "the knee comes in past halfway to the hands"
    assert tucked["foot"][0] > knee and tucked["foot"][1] < tucked["knee"][1] + 5
    assert abs(tucked["hip"][1] - start["hip"][1]) <= 6, "the hips stay level"


def test_reverse_hip_raise_lifts_the_legs_level_with_the_body() -> None:
    poses = frames("core-six", "Reverse hip raise")
    start, top = poses["start"], poses["top"]
    assert top["foot"][1] > start["foot"][1] + 30
    assert degrees_from_horizontal(top["hip"], top["foot"]) <= 10
    assert top["foot"][1] <= top["hip"][1] + 1  # "only to a straight line, never higher"


def test_equipment_is_drawn_as_props() -> None:
    wanted = {"swiss-ball": Ball, "bench": Bench, "back-extension-station": Station}
    for loaded in LIBRARY.routines:
        for ex in loaded.routine.exercises:
            pairs = [(ex.equipment, ex.figure)]
            if ex.easier:
                pairs.append((ex.easier.equipment or ex.equipment, ex.easier.figure))
            for equipment, figure in pairs:
                assert figure is not None
                kinds = {type(prop) for prop in figure.props}
                assert Floor in kinds
                for tag in equipment:
                    if tag in wanted:
                        assert wanted[tag] in kinds, (ex.name, tag)


def test_no_joint_is_below_the_floor() -> None:
    for loaded in LIBRARY.routines:
        for ex in loaded.routine.exercises:
            figures = [ex.figure, ex.easier.figure if ex.easier else None]
            for figure in filter(None, figures):
                for frame in pose_frames(figure):
                    assert all(y >= 0 for _, y in frame.joints.values()), ex.name


def test_between_poses_no_limb_passes_through_the_floor_and_none_jumps() -> None:
    # The plank knee tuck swung its leg 17 cm through the floor halfway in: each bone
    # turns about its joint, the short way round, which took it there. A joint now
    # skims the floor instead (a bone foreshortened, as a limb swung across the body
    # is from the side); elsewhere the limbs keep their length and move smoothly.
    for loaded in LIBRARY.routines:
        for ex in loaded.routine.exercises:
            for figure in filter(None, [ex.figure, ex.easier.figure if ex.easier else None]):
                keyframes = figure_frames(figure)
                if len(keyframes) < 2:
                    continue
                phases = [1.0] * len(keyframes)
                before = frame_at(keyframes, phases, 0.0)
                for step in range(1, len(keyframes) * 200):
                    frame = frame_at(keyframes, phases, step / 200)
                    legs = [frame[joint][1] for joint in ("knee", "foot", "far_knee", "far_foot")]
                    assert min(legs) >= 0, (ex.name, step)
                    jump = max(math.dist(frame[j], before[j]) for j in frame.joints)
                    assert jump < 3, (ex.name, step, jump)  # (200 samples a phase)
                    start = keyframes[step // 200]
                    end = keyframes[(step // 200 + 1) % len(keyframes)]
                    for a, b in BONES:
                        lengths = (math.dist(start[a], start[b]), math.dist(end[a], end[b]))
                        length = math.dist(frame[a], frame[b])
                        # (a joint skimming the floor: its bone foreshortened, not gone)
                        shortest = min(lengths) * (0.5 if frame[b][1] == 0 else 1) - 1
                        assert shortest <= length <= max(lengths) + 1, (ex.name, a, b)
                    before = frame


@pytest.mark.parametrize("size", [(40, 12), (20, 4), (64, 20)])
def test_every_pose_of_a_rep_is_drawn_inside_its_box(size: tuple[int, int]) -> None:
    # The box was fitted to the keyframes: halfway up, the back extension's head swung
    # 22 cm past both and was cut off by the box's edge for half of every rep.
    from coretui.figures.shapes import HEAD_RADIUS

    cols, rows = size
    for loaded in LIBRARY.routines:
        for ex in loaded.routine.exercises:
            for figure in filter(None, [ex.figure, ex.easier.figure if ex.easier else None]):
                view = viewport(figure, cols, rows)
                keyframes = figure_frames(figure)
                phases = [1.0] * len(keyframes)
                for step in range(len(keyframes) * 50):
                    frame = frame_at(keyframes, phases, step / 50)
                    for joint, (x, y) in frame.joints.items():
                        reach = HEAD_RADIUS if joint == "head" else 0.0
                        for point in ((x - reach, y - reach), (x + reach, y + reach)):
                            dx, dy = view.to_dots(point)
                            inside = -0.5 <= dx <= cols * 2 - 0.5 and -0.5 <= dy <= rows * 4 - 0.5
                            assert inside, (loaded.routine.id, ex.name, joint, step)


# -- the tempo moves the figure ------------------------------------------------------


def test_figure_moves_during_up_and_stays_still_during_hold(clock: FakeClock) -> None:
    hip_raise = routine("core-quick")
    engine = WorkoutEngine.for_routine(hip_raise, clock, lead_in_s=0)
    engine.start()
    while engine.step.label != "Hip raise":
        engine.skip()
    figure = exercise("core-quick", "Hip raise").figure
    assert figure is not None
    keyframes = figure_frames(figure)
    view = viewport(figure, 30, 8)
    phases = [phase.seconds for phase in engine.step.phases]  # up 1, hold 5, down 1

    def drawing_now() -> tuple[tuple[int, ...], ...]:
        engine.tick()
        return draw(figure, frame_at(keyframes, phases, engine.step_elapsed()), view).body

    up = [drawing_now()]
    for _ in range(9):  # 0.1 s to 0.9 s: rising
        clock.advance(0.1)
        up.append(drawing_now())
    position = engine.rep_position()
    assert position is not None and position[1] == "up"
    assert len(set(up)) >= 5  # most steps of the rise show a new frame
    clock.advance(0.2)
    hold = []
    for _ in range(40):  # 1.1 s to 5.0 s: holding at the top
        hold.append(drawing_now())
        position = engine.rep_position()
        assert position is not None and position[1] == "hold"
        clock.advance(0.1)
    assert len(set(hold)) == 1
    top = draw(figure, keyframes[1], view).body
    assert hold[0] == top


def test_one_phase_tempo_goes_through_every_keyframe_and_back() -> None:
    figure = exercise("core-six", "Hip raise").figure
    assert figure is not None
    start, top = figure_frames(figure)
    assert frame_at([start, top], [2.0], 0.0) == start
    assert frame_at([start, top], [2.0], 1.0) == top
    assert frame_at([start, top], [2.0], 1.9)["hip"][1] < top["hip"][1]


def test_blending_keeps_the_limbs_their_length() -> None:
    figure = exercise("core-six", "Back extension").figure
    assert figure is not None
    start, top = figure_frames(figure)
    middle = frame_at([start, top], [2.0, 1.0, 2.0], 1.0)
    torso = math.dist(start["hip"], start["shoulder"])
    assert math.dist(middle["hip"], middle["shoulder"]) == pytest.approx(torso, abs=0.5)


def mirror_cell(char: str) -> str:
    """A braille character flipped left to right (its two dot columns swapped)."""
    if char == " ":
        return char
    bits = ord(char) - 0x2800
    pairs = [(0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80)]
    flipped = 0
    for left, right in pairs:
        flipped |= (right if bits & left else 0) | (left if bits & right else 0)
    return chr(0x2800 + flipped) if flipped else " "


def test_right_side_is_the_left_drawn_mirrored() -> None:
    figure = exercise("core-six", "Side plank").figure
    assert figure is not None
    frame = figure_frames(figure)[0]
    left = draw(figure, frame, viewport(figure, 30, 8)).lines()
    right = draw(figure, frame, viewport(figure, 30, 8, mirrored=True)).lines()
    assert left != right
    flipped = ["".join(mirror_cell(ch) for ch in reversed(line)) for line in left]
    cells = zip("".join(flipped), "".join(right), strict=True)
    same = sum(a == b for a, b in cells)
    assert same >= 0.95 * 30 * 8  # a dot exactly halfway may round the other way


_coord = st.floats(min_value=-500, max_value=500, allow_nan=False)
_point = st.tuples(_coord, st.floats(min_value=0, max_value=500)).map(list)  # (above the floor)
_pose = st.fixed_dictionaries(
    {joint: _point for joint in ("head", "shoulder", "elbow", "hand", "hip", "knee", "foot")},
    optional={"far_hand": _point, "far_foot": _point},
)


@settings(max_examples=60, deadline=None)
@given(
    poses=st.lists(_pose, min_size=1, max_size=4),
    size=st.tuples(st.integers(0, 80), st.integers(0, 30)),
    at=st.floats(0, 20),
    mirrored=st.booleans(),
    via=st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_any_valid_figure_draws_inside_its_box(
    poses: list[dict[str, list[float]]],
    size: tuple[int, int],
    at: float,
    mirrored: bool,
    via: list[bool],
) -> None:
    # (a pose passed on the way, `via`, is in the box too: the rep draws it; it goes
    # between two stops, the first of them the first pose)
    passed = [via[i] and i > 0 for i in range(len(poses))]
    passed = passed if passed.count(False) >= 2 else [False] * len(poses)
    keyframes = [{"name": f"k{i}", "via": passed[i], **pose} for i, pose in enumerate(poses)]
    props = [{"kind": "floor"}, {"kind": "bench", "x_from": 0, "x_to": 50}]
    try:
        checked = Figure.model_validate({"keyframes": keyframes, "props": props})
    except ValidationError:
        assume(False)  # (a body a few centimetres long, drawn in other units)
    figure = msgspec.convert(checked.model_dump(), shapes.Figure)  # as a routine carries it
    cols, rows = size
    view = viewport(figure, cols, rows, mirrored=mirrored)
    frame = frame_at(figure_frames(figure), [1.0] * len(figure_frames(figure)), at)
    drawing = draw(figure, frame, view)
    assert len(drawing.body) == rows and all(len(row) == cols for row in drawing.body)
    assert all(len(line) == cols for line in drawing.lines())


def test_a_figure_shown_still_fills_its_box_with_its_one_pose() -> None:
    # The back extension's start pose, scaled so that its head at the top of the rep
    # fits, was a few cells in the routine list and the rests before it.
    figure = exercise("core-six", "Back extension").figure
    assert figure is not None
    moving, still = viewport(figure, 20, 4), viewport(figure, 20, 4, still=True)
    assert still.scale > moving.scale * 1.3
    start = figure_frames(figure)[0]
    assert any(any(row) for row in draw(figure, start, still).body)


# -- rules every bundled figure keeps ----------------------------------------------


def _bundled_figures() -> list[tuple[str, shapes.Figure]]:
    found = []
    for loaded in LIBRARY.routines:
        for ex in loaded.routine.exercises:
            for name, figure in [
                (ex.name, ex.figure),
                *([(ex.easier.name, ex.easier.figure)] if ex.easier else []),
            ]:
                if figure is not None:
                    found.append((f"{loaded.routine.id}: {name}", figure))
    return found


ARMS = (
    ("shoulder", "elbow"),
    ("elbow", "hand"),
    ("shoulder", "far_elbow"),
    ("far_elbow", "far_hand"),
)
LIMB_BONES = (
    *ARMS,
    ("hip", "knee"),
    ("knee", "foot"),
    ("hip", "far_knee"),
    ("far_knee", "far_foot"),
)


def test_no_hand_is_inside_its_head() -> None:
    # "Hands by your temples" drew the hand inside the head's circle: it goes at the
    # head's side, on or outside its outline.
    for label, figure in _bundled_figures():
        for pose, frame in zip(figure.keyframes, pose_frames(figure), strict=True):
            for hand in ("hand", "far_hand"):
                gap = math.dist(frame[hand], frame["head"])
                assert gap >= shapes.HEAD_RADIUS - 1, (label, pose.name, hand, gap)


def test_no_arm_passes_through_the_middle_of_its_head() -> None:
    # The opposite arm and leg lift reached its arm forward through the head's centre.
    for label, figure in _bundled_figures():
        for pose, frame in zip(figure.keyframes, pose_frames(figure), strict=True):
            for a, b in ARMS:
                gap = _distance_to_segment(frame["head"], frame[a], frame[b])
                assert gap >= shapes.HEAD_RADIUS * 0.6, (label, pose.name, a, b, gap)


def _crosses(p: XY, q: XY, a: XY, b: XY) -> bool:
    """True when segments pq and ab cross (touching at an end does not count)."""

    def side(o: XY, s: XY, t: XY) -> float:
        return (s[0] - o[0]) * (t[1] - o[1]) - (s[1] - o[1]) * (t[0] - o[0])

    d1, d2 = side(a, b, p), side(a, b, q)
    d3, d4 = side(p, q, a), side(p, q, b)
    return d1 * d2 < 0 and d3 * d4 < 0


def test_no_limb_passes_through_a_bench_top() -> None:
    # The reverse hip raise drew its arm down through the bench to a hand under it.
    checked = 0
    for label, figure in _bundled_figures():
        for bench in (prop for prop in figure.props if isinstance(prop, Bench)):
            top = ((bench.x_from, bench.height), (bench.x_to, bench.height))
            for pose, frame in zip(figure.keyframes, pose_frames(figure), strict=True):
                for a, b in (*LIMB_BONES, ("hip", "shoulder")):
                    assert not _crosses(frame[a], frame[b], *top), (label, pose.name, a, b)
                    checked += 1
    assert checked > 0


def test_a_body_lying_on_a_bench_touches_its_top() -> None:
    # "Chest on the bench": the chest line was drawn a row of cells above the top.
    for label, figure in _bundled_figures():
        for bench in (prop for prop in figure.props if isinstance(prop, Bench)):
            for pose, frame in zip(figure.keyframes, pose_frames(figure), strict=True):
                sx, sy = frame["shoulder"]
                if bench.x_from <= sx <= bench.x_to:
                    assert 0 <= sy - bench.height <= 4, (label, pose.name, "shoulder", sy)


def test_a_joint_a_figure_puts_below_the_floor_stays_there_between_its_poses() -> None:
    # The floor lifted it to 0 between two poses that both put a foot at -20 (a user's
    # figure may: a pit, a step down), and it jumped back at each pose.
    still = Frame({joint: (float(i * 10), 20.0) for i, joint in enumerate(JOINTS)})
    low = Frame({**still.joints, "foot": (50.0, -20.0), "far_foot": (50.0, -20.0)})
    for t in (0.0, 0.25, 0.5, 0.75, 1.0):
        assert blend(low, low, t)["foot"][1] == pytest.approx(-20.0), t


BONE_SLACK_CM = 3.0
"""How far one bone's length may differ between two keyframes of a figure. Joints are
typed to the whole centimetre: each end of a bone is then up to 0.7 cm from where it
was meant, its length up to 1.4 cm off, and two keyframes' lengths up to 2.8 cm apart
with nothing wrong. One scale draws a whole rep, so a stretch shows as the same number
of dots on a forearm as on a torso: a length in centimetres, not a share of the bone
(5 % would allow a 27 cm forearm only 1.35 cm, less than that rounding)."""


def test_every_bone_keeps_its_length_across_the_keyframes_of_its_figure() -> None:
    # The blend turns each bone about its joint and changes its length on the way: the
    # plank knee tuck's torso shrank 3 cm as the knee came in, the dead bug's shin 4 cm.
    for label, figure in _bundled_figures():
        poses = list(zip(figure.keyframes, pose_frames(figure), strict=True))
        for a, b in BONES:
            lengths = {pose.name: math.dist(frame[a], frame[b]) for pose, frame in poses}
            spread = max(lengths.values()) - min(lengths.values())
            assert spread <= BONE_SLACK_CM, (label, f"{a}-{b}", lengths)

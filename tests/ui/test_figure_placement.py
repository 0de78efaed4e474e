"""Where figures appear on the workout screen, by terminal size."""

from __future__ import annotations

from pathlib import Path

import pytest

from coretui.figures.drawing import Drawing
from coretui.paths import AppPaths
from coretui.tui.screens.workout_lines import next_change_in
from coretui.tui.widgets.countdown import BigCountdown
from coretui.tui.widgets.figure import WAKE_MARGIN_S, FigureView
from coretui.tui.widgets.figure_stage import FigurePane, FigureStage, figure_placement
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, skip_to, walk, write_routine
from tests.ui.scenes import SCENES, build


def drawn(view: FigureView) -> bool:
    return view.drawing is not None and any(any(row) for row in view.drawing.body)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_no_figure_in_work_steps_at_80x24_and_100x30(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.screen.query_one(FigureStage).placement.where == "none"
        assert not app.screen.query_one(FigurePane).display


async def test_figure_beside_the_digits_in_work_steps_at_160x48(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(FigurePane)
        countdown = app.screen.query_one(BigCountdown)
        assert pane.display and pane.region.width >= 30
        assert pane.region.x >= countdown.region.right  # beside, not over
        assert countdown.digit_rows() >= 24
        assert drawn(pane.query_one(FigureView))


async def test_rest_shows_the_next_move_with_its_setup_cue(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, app, clock, 62)  # past the plank, into the rest
        assert app.workout is not None and app.workout.engine.step.is_rest
        pane = app.screen.query_one(FigurePane)
        assert pane.display and drawn(pane.query_one(FigureView))
        caption = str(pane.query_one("#figure-caption").render())
        assert caption == "Next: Side plank · Left side"  # as the "Up next" line says it
        cue = str(app.screen.query_one("#cue").render())
        assert cue.startswith("Set up: Lie on the side named, elbow under your shoulder")
        assert app.screen.query_one(BigCountdown).digit_rows() >= 8  # a third of 24


async def test_a_long_name_in_the_caption_is_cut_never_its_side(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "Next: Side plank with an extraordinarily long exercise name to test truncati ·…":
    # which side to lie on, what the caption is for, was cut off.
    text = (Path(__file__).parents[2] / "data" / "routines" / "core-quick.toml").read_text()
    long = "Side plank with an extraordinarily long exercise name to test the cut"
    text = text.replace('id = "core-quick"', 'id = "long"').replace('"Side plank"', f'"{long}"')
    write_routine(app_paths, "long.toml", text)
    app = make_app(app_paths, clock, "long", lead_in=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, app, clock, 62)  # past the plank, into the rest
        assert app.workout is not None and app.workout.engine.step.is_rest
        caption = str(app.screen.query_one("#figure-caption").render())
        assert caption.startswith("Next: Side plank with") and caption.endswith("… · Left side")
        up_next = str(app.screen.query_one("#up-next").render())
        assert up_next.endswith("… · Left side 0:45"), up_next


async def test_figure_moves_with_the_tempo_on_the_workout_screen(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(160, 48)) as pilot:
        assert app.workout is not None
        await skip_to(pilot, app, "Hip raise")
        view = app.screen.query_one(FigurePane).query_one(FigureView)
        start = view.drawing
        frames = set()
        for _ in range(9):  # "up" lasts 1 s
            clock.advance(0.1)
            app.workout.tick()
            frames.add(view.drawing)
        assert len(frames) >= 5 and start not in frames
        clock.advance(0.2)
        app.workout.tick()
        top = view.drawing
        for _ in range(30):  # 3 s of the 5 s hold
            clock.advance(0.1)
            app.workout.tick()
            assert view.drawing == top


def test_placement_rules() -> None:
    # work: digits keep half the height; the figure needs 30 spare columns or 10 rows
    assert figure_placement(80, 24, 16, work=True).where == "none"
    assert figure_placement(100, 30, 22, work=True).where == "none"
    assert figure_placement(160, 48, 40, work=True).where == "beside"
    assert figure_placement(120, 40, 32, work=True).where == "below"
    # rests: digits may shrink to a third, so there is room from 80x24 up
    assert figure_placement(80, 24, 16, work=False).where == "below"
    assert figure_placement(100, 30, 22, work=False).where == "beside"


@pytest.mark.parametrize(
    ("size", "moving"), [((160, 48), True), ((80, 24), True), ((70, 24), False)]
)
async def test_the_moving_figure_wakes_on_its_own_when_its_drawing_changes(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int], moving: bool
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=size) as pilot:
        assert app.workout is not None
        await skip_to(pilot, app, "Hip raise")
        clock.advance(0.33)  # in the 1 s "up" phase
        app.workout.tick()
        # the screen's clock ticks for the countdown alone: at the phase's end
        assert next_change_in(app.workout.engine) > 0.6
        view = app.screen.query_one(FigurePane).query_one(FigureView)
        # the figure, when it shows, wakes itself when its drawing next changes
        assert (view._wake is not None) is moving
        if moving:
            delay = view.next_change_in(app.workout.engine.step_elapsed_now())
            assert delay is not None and delay < 0.5
            before = view.drawing
            clock.advance(delay + WAKE_MARGIN_S)
            view._woken()  # what its wake-up does
            assert view.drawing != before
            await pilot.press("space")  # paused: the figure stops with the clock
            assert view._wake is None
            await pilot.press("space")
            assert view._wake is not None
        clock.advance(1.0)  # in the 5 s hold: the figure is still and sleeps
        app.workout.tick()
        assert view._wake is None
        assert next_change_in(app.workout.engine) > 0.2
        if moving:  # the set stops while the screen does not hear of it (a dialog on top)
            for _ in range(5):  # on into "down": moving again
                clock.advance(1.0)
                app.workout.tick()
            assert view._wake is not None
            app.workout.engine.pause()
            view._woken()
            assert view._wake is None  # asleep, not waking on a stopped clock


@pytest.mark.parametrize("scene", ["workout-tempo", "workout-work"])
def test_large_screen_with_figures_matches_snapshot(
    scene: str, snap_compare, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app, run_before = build(SCENES[scene], tmp_path)
    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


async def test_easier_variant_and_right_side_change_the_figure(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(160, 48)) as pilot:
        assert app.workout is not None
        view = app.screen.query_one(FigurePane).query_one(FigureView)
        plank = app.workout.engine.timeline.routine.exercises[0]
        await pilot.pause()
        assert view.figure == plank.figure
        await pilot.press("e")
        assert plank.easier is not None and view.figure == plank.easier.figure
        await pilot.press("e")
        while app.workout.engine.step.title != "Side plank · Left side":
            await pilot.press("n")
        left = view.drawing
        while app.workout.engine.step.title != "Side plank · Right side":
            await pilot.press("n")
        await pilot.pause()
        right = view.drawing
        assert left is not None and right is not None and left != right
        # mirrored: the top arm's column moves from the left half to the right half
        width = len(left.body[0])

        def arm_column(drawing: Drawing) -> int:
            top = next(row for row in drawing.body if any(row))
            return next(i for i, cell in enumerate(top) if cell)

        assert arm_column(left) < width / 2 < arm_column(right)


async def test_lead_in_shows_the_first_move_by_name_and_its_set_up_cue_once(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=10)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.workout is not None and app.workout.engine.step.label == "Get ready"
        pane = app.screen.query_one(FigurePane)
        assert pane.display and drawn(pane.query_one(FigureView))
        assert str(pane.query_one("#figure-caption").render()) == "First: Plank"
        cue = str(app.screen.query_one("#cue").render())
        assert cue.startswith("Set up: Forearms down")


@pytest.mark.parametrize("size", [(160, 48), (100, 30)])
async def test_a_move_without_a_figure_leaves_the_digits_centred_and_full_size(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(app_paths, clock, "self-paced")  # a routine of the user's: no figures
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")  # the bird dog done: the rest before the plank
        await pilot.pause()
        assert app.workout is not None and app.workout.engine.step.is_rest
        stage = app.screen.query_one(FigureStage)
        assert stage.placement.where == "none" and not app.screen.query_one(FigurePane).display
        digits = app.screen.query_one(BigCountdown)
        assert digits.digit_rows() >= size[1] // 2, "a rest without a figure keeps big digits"
        assert abs(digits.region.x + digits.region.width / 2 - size[0] / 2) <= 1, "centred"

"""The figure widget: moves with the tempo, repaints only on change, at most 10 a second."""

from __future__ import annotations

from textual.app import App, ComposeResult

from coretui.tui.widgets.figure import FigureView
from coretui.workout.routines import HoldExercise, RepsExercise, load_library


def bundled(routine_id: str, name: str) -> HoldExercise | RepsExercise:
    loaded = load_library(None).get(routine_id)
    assert loaded is not None
    return next(e for e in loaded.routine.exercises if e.name == name)


class FigureApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FigureView()


HIP_RAISE = bundled("core-six", "Hip raise")
PHASES = [1.0, 5.0, 1.0]  # up, hold, down


async def test_figure_rises_during_up_and_holds_still() -> None:
    app = FigureApp()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(FigureView)
        view.show(HIP_RAISE.figure, PHASES)
        await pilot.pause()
        first = view.drawing
        assert first is not None and any(any(row) for row in first.body)
        start_paints = view.paints
        # A caller asking every 10 ms for the 1 s "up" phase gets at most 10 new frames.
        for ms in range(0, 1000, 10):
            view.at(ms / 1000)
            assert view.is_moving()
        rising = view.paints - start_paints
        assert 5 <= rising <= 10
        view.at(1.0)
        top = view.drawing
        held = view.paints
        for ms in range(1000, 6000, 10):
            view.at(ms / 1000)
            assert not view.is_moving()
        assert view.paints == held and view.drawing == top
        view.at(6.5)  # down: on the way back to the start
        assert view.drawing not in (top, first)
        view.at(7.0)  # the next rep starts where the first did
        assert view.drawing == first


async def test_props_are_drawn_lighter_than_the_body() -> None:
    app = FigureApp()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(FigureView)
        view.show(bundled("core-six", "Swiss-ball pike").figure, [1.0, 1.0, 2.0])
        await pilot.pause()
        assert view.drawing is not None
        colours: dict[str, set[object]] = {"figure": set(), "prop": set()}
        for y in range(view.size.height):
            layers = [layer for text, layer in view.drawing.runs(y) for _ in text]
            styles = [segment.style for segment in view.render_line(y) for _ in segment.text]
            for layer, style in zip(layers, styles, strict=False):  # cell by cell
                if layer != "blank":
                    assert style is not None
                    colours[layer].add(style.color)
        assert len(colours["figure"]) == 1 and len(colours["prop"]) == 1
        assert colours["figure"] != colours["prop"]


async def test_no_figure_draws_nothing() -> None:
    app = FigureApp()
    async with app.run_test(size=(20, 6)) as pilot:
        view = app.query_one(FigureView)
        view.show(None)
        await pilot.pause()
        assert view.drawing is None
        assert all(not seg.text.strip() for y in range(6) for seg in view.render_line(y))


async def test_resizing_redraws_to_the_new_box() -> None:
    app = FigureApp()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(FigureView)
        view.show(bundled("core-six", "Plank").figure)
        await pilot.pause()
        small = view.drawing
        await pilot.resize_terminal(80, 20)
        await pilot.pause()
        assert view.drawing is not None and small is not None
        assert len(view.drawing.body) == 20 and len(view.drawing.body[0]) == 80


async def test_a_figure_shown_before_its_pane_is_composed_is_drawn_once_it_is() -> None:
    # A workout ticked as its screen mounted: "'FigurePane' object has no attribute
    # '_view'" (found by the random-keys test).
    from coretui.tui.widgets.figure_stage import FigurePane
    from coretui.workout.engine import WorkoutEngine
    from coretui.workout.figure_steps import step_figure
    from tests.conftest import FakeClock

    engine = WorkoutEngine.for_routine(load_library(None).routines[0].routine, FakeClock())
    engine.start()
    engine.skip()  # the lead-in: the first move's figure
    shown = step_figure(engine)
    assert shown is not None
    pane = FigurePane()
    pane.show(shown)

    class PaneApp(App[None]):
        def compose(self) -> ComposeResult:
            yield pane

    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert app.query_one(FigureView).figure is shown.figure

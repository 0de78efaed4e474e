"""Pilot tests of the picker, workout and summary keys, on a fake clock."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from coretui.paths import AppPaths
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.screens.summary import SummaryScreen
from coretui.tui.screens.workout import WorkoutScreen
from coretui.tui.widgets.key_footer import KeyFooter
from coretui.workout.engine import State
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, shown_time, walk

SIZE = (100, 30)


async def test_enter_on_the_picker_starts_the_highlighted_routine(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.selected is not None
        first = app.screen.selected.routine.name
        await pilot.press("enter")
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.engine.timeline.routine.name == first
        assert shown_time(app) == "0:10"  # the lead-in


async def test_space_pauses_and_the_time_stays_put(app_paths: AppPaths, clock: FakeClock) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 5)
        assert shown_time(app) == "0:55"
        await pilot.press("space")
        assert "PAUSED" in str(app.screen.query_one("#phase-label").render())
        for _ in range(30):
            clock.advance(1)
            assert app.workout is not None
            app.workout.tick()
        await pilot.pause()
        assert shown_time(app) == "0:55"
        await pilot.press("space")
        await walk(pilot, app, clock, 1)
        assert shown_time(app) == "0:54"


async def test_n_on_the_last_step_lands_on_the_summary(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        assert app.workout is not None
        steps = len(app.workout.engine.timeline.steps)
        for _ in range(steps - 1):
            await pilot.press("n")
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.engine.next_step is None
        clock.advance(1.0)  # a fresh press: n held down stops at the last step
        await pilot.press("n")
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.result.engine.status == "completed"


async def test_p_early_in_a_step_goes_back_to_the_previous_one(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # plank -> rest
        assert "Rest" in str(app.screen.query_one("#exercise").render())
        await walk(pilot, app, clock, 1.5)
        await pilot.press("p")
        assert "Plank" in str(app.screen.query_one("#exercise").render())
        assert shown_time(app) == "1:00"


async def test_plus_adds_ten_seconds_to_what_is_shown(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 3)
        assert shown_time(app) == "0:57"
        await pilot.press("plus")
        assert shown_time(app) == "1:07"
        await pilot.press("minus")
        assert shown_time(app) == "0:57"


async def test_e_swaps_to_the_easier_variant_and_its_cue(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        assert app.workout is not None
        exercise = app.workout.engine.timeline.routine.exercises[0]
        assert exercise.easier is not None
        cue = app.screen.query_one("#cue")
        assert exercise.cue in str(cue.render())
        await pilot.press("e")
        assert exercise.easier.cue in str(cue.render())
        assert exercise.easier.name in str(app.screen.query_one("#exercise").render())
        await pilot.press("n")
        assert app.workout.engine.records[0].variant == exercise.easier.name


async def test_enter_ends_a_self_paced_set(app_paths: AppPaths, clock: FakeClock) -> None:
    app = make_app(app_paths, clock, "self-paced")
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 25)
        assert shown_time(app) == "0:25"  # counting up
        assert "your pace" in str(app.screen.query_one("#counts").render())
        await pilot.press("enter")
        assert app.workout is not None
        record = app.workout.engine.records[0]
        assert record.ended == "done"
        assert record.done_reps == 10
        assert "Rest" in str(app.screen.query_one("#exercise").render())


async def test_q_then_confirm_shows_the_summary_of_the_partial_session(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 2)
        await pilot.press("q")
        assert app.workout is not None
        assert app.workout.engine.state is State.PAUSED  # the dialog pauses the clock
        await pilot.press("y")
        assert isinstance(app.screen, SummaryScreen)
        assert app.workout is None
        assert "stopped early" in str(app.screen.query_one("#summary-title").render())
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


async def test_q_in_the_lead_in_saves_nothing_and_returns_to_the_picker(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six")
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 2)
        await pilot.press("q", "y")
        assert isinstance(app.screen, PickerScreen)
    assert not app_paths.history_file.exists()


async def test_q_then_no_keeps_the_workout_running(app_paths: AppPaths, clock: FakeClock) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.press("n")
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.engine.state is State.RUNNING


async def test_spoken_cues_go_to_the_speaker_when_voice_is_on(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    app.trainer.settings_values = {**app.trainer.settings_values, "voice": True}
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 31)
        await pilot.press("n")
        assert app.workout is not None
        spoken = list(app.workout.cues.spoken)
        assert spoken[:2] == ["Plank. 1 minute.", "Halfway"]
        assert spoken[2].startswith("Rest. Next: Side plank, left side. Lie on the side named")


async def test_suspend_brings_the_workout_back_paused(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 4)
        app.app_suspend_signal.publish(app)  # what Ctrl+Z does just before SIGTSTP
        await pilot.pause()
        assert app.workout is not None
        assert app.workout.engine.state is State.PAUSED
        clock.advance(600)  # ten minutes in the shell
        app.workout.tick()
        await pilot.pause()
        assert shown_time(app) == "0:56"
        assert "PAUSED" in str(app.screen.query_one("#phase-label").render())


async def test_a_stalled_clock_pauses_the_running_app(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 4)
        clock.advance(30)  # the laptop slept: no ticks for 30 s
        assert app.workout is not None
        app.workout.tick()
        await pilot.pause()
        assert shown_time(app) == "0:56"
        assert "PAUSED" in str(app.screen.query_one("#phase-label").render())


async def test_the_footer_follows_a_key_that_changes_and_stays_as_it_is_otherwise(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Textual's footer built its keys anew at each change of bindings, most of which
    # (each step, each focus change) show the same keys: each key was styled three times.
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 5)

        def keys() -> list[FooterKey]:
            return list(app.screen.query_one(Footer).query(FooterKey))

        before = keys()
        app.screen.refresh_bindings()
        await pilot.press("n")  # the next step: the same keys
        await pilot.pause()
        assert keys() == before
        await pilot.press("space")
        await pilot.pause()
        assert "Resume" in [key.description for key in keys()]
        await pilot.press("space")
        await pilot.pause()
        assert "Pause" in [key.description for key in keys()]


async def test_a_footer_that_cannot_read_its_keys_rebuilds_as_textual_s_does(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The signal that tells the footer of a change swallows exceptions: a failure to
    # compare the keys would have left Pause showing on a paused workout.
    def broken(self: KeyFooter) -> tuple[object, ...]:
        raise RuntimeError("bindings read differently")

    monkeypatch.setattr(KeyFooter, "_keys_now", broken)
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 5)
        await pilot.press("space")
        await pilot.pause()
        keys = app.screen.query_one(Footer).query(FooterKey)
        assert "Resume" in [key.description for key in keys]

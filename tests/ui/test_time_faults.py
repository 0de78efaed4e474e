"""Time faults: the wall clock may jump, the process may stop; the countdown holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coretui.paths import AppPaths
from coretui.services.awake import KeepAwake
from coretui.tui.app import CoreApp
from coretui.tui.launch import LaunchOptions
from coretui.workout.engine import State
from tests.conftest import FakeClock
from tests.ui.conftest import FakeSpeaker, shown_time, walk

SIZE = (100, 30)


async def test_a_wall_clock_jump_either_way_leaves_the_countdown_alone(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    wall = [datetime(2026, 3, 29, 0, 59, 50, tzinfo=UTC)]
    app = CoreApp(
        app_paths,
        LaunchOptions("core-six", lead_in_s=0, ask_pain=False),
        clock=clock,
        speaker=FakeSpeaker(),
        wall_clock=lambda: wall[0],
        keep_awake=KeepAwake.off(),
    )
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 10)
        assert shown_time(app) == "0:50"
        wall[0] += timedelta(hours=1)  # a DST change, or NTP setting the clock forward
        await walk(pilot, app, clock, 1)
        assert shown_time(app) == "0:49"
        wall[0] -= timedelta(hours=3)  # and back, past where it started
        await walk(pilot, app, clock, 1)
        assert shown_time(app) == "0:48"
        assert app.workout is not None
        assert app.workout.engine.state is State.RUNNING
        assert app.workout.engine.step_elapsed() == 12

"""Screens in a known state, on a fake clock: shared by snapshot tests and screenshots."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from coretui.history import Session, StepEntry
from coretui.paths import AppPaths
from coretui.services.awake import KeepAwake
from coretui.tui.app import CoreApp
from coretui.tui.launch import LaunchOptions
from coretui.workout.routines import load_library
from coretui.workout.timeline import compile_routine
from tests.conftest import FakeClock
from tests.sample_history import sample_sessions

TODAY = date(2026, 6, 15)
NOON = datetime(2026, 6, 15, 11, 30, tzinfo=UTC)

Setup = Callable[[Pilot[int], CoreApp, FakeClock], Awaitable[None]]


async def walk(pilot: Pilot[int], app: CoreApp, clock: FakeClock, seconds: float) -> None:
    """Let fake time pass in half-second ticks, as the app's timer would."""
    for _ in range(round(seconds / 0.5)):
        clock.advance(0.5)
        if app.workout is not None:
            app.workout.tick()
    await pilot.pause()


async def skip_to(pilot: Pilot[int], app: CoreApp, label: str) -> None:
    """Skip through the workout (n) until the step called `label`."""
    assert app.workout is not None
    while app.workout.engine.step.label != label:
        await pilot.press("n")
    await pilot.pause()


async def skip_to_summary(pilot: Pilot[int], app: CoreApp) -> None:
    """Skip through the workout (n) to its summary. On the last step the workout pauses
    for a second first: an `n` sooner after the one before is the key held down, which
    stops there. Paused, the step's time and the record stay as they were."""
    from coretui.tui.screens.summary import SummaryScreen
    from coretui.workout.engine import State

    while not isinstance(app.screen, SummaryScreen):
        workout = app.workout
        if workout is not None and workout.engine.next_step is None:
            engine = workout.engine
            if engine.state is State.RUNNING:
                await pilot.press("space")
            assert isinstance(engine.clock, FakeClock)
            engine.clock.advance(1.0)
        await pilot.press("n")
    await pilot.pause()


async def nothing(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    await pilot.pause()


async def plank_twenty_seconds_in(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    await walk(pilot, app, clock, 20)


async def resting_after_plank(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    await walk(pilot, app, clock, 62)


async def paused(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    await walk(pilot, app, clock, 20)
    await pilot.press("space")


async def hip_raise_hold(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    await skip_to(pilot, app, "Hip raise")
    await walk(pilot, app, clock, 10)  # rep 2, two seconds into the 5 s hold


async def finished_with_pain(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    assert app.workout is not None
    await walk(pilot, app, clock, 200)
    await pilot.press("n")  # one step skipped, the rest done in full
    total = app.workout.engine.remaining_total_s() if app.workout else 0
    await walk(pilot, app, clock, total + 1)
    await pilot.press("4", "tab", "2", "tab")
    await pilot.pause()


async def help_keys(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    await pilot.press("question_mark")
    await pilot.pause()


async def help_about(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    await pilot.press("question_mark")
    await pilot.pause()
    from textual.widgets import TabbedContent

    app.screen.query_one(TabbedContent).active = "about"
    await pilot.pause()


async def settings(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    await pilot.press("s")
    await pilot.pause()


async def history(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    await pilot.press("h")
    await pilot.pause()


async def editor_hip_raise(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    await pilot.press("c")  # a copy of core-six
    await pilot.pause()
    for _ in range(6):  # past the routine's own fields to the hip raise
        await pilot.press("down")
    await pilot.pause()


async def finished_in_full(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    assert app.workout is not None
    await walk(pilot, app, clock, app.workout.engine.remaining_total_s() + 1)
    await pilot.press("3", "tab", "2")  # (harder ideas wait for the pain after)
    await pilot.pause()


def done_in_full(routine_id: str, days_ago: int) -> Session:
    """A completed session of a bundled routine, every step done as planned."""
    loaded = load_library(None).get(routine_id)
    assert loaded is not None
    steps = [
        StepEntry(
            exercise=s.label,
            side=s.side,
            planned_s=s.seconds,
            planned_reps=s.reps,
            done_s=s.estimate_s,
            done_reps=s.reps,
            ended="time",
            variant=None,
        )
        for s in compile_routine(loaded.routine).steps
        if s.is_work
    ]
    start = NOON - timedelta(days=days_ago)
    return Session(
        id=str(uuid.UUID(int=days_ago + 1, version=4)),
        routine_id=routine_id,
        routine_name=loaded.routine.name,
        started_at=start,
        finished_at=start,
        tz="UTC",
        local_date=start.date(),
        status="completed",
        duration_s=400.0,
        active_s=300.0,
        steps=steps,
    )


@dataclass(frozen=True)
class Scene:
    """A screen to pin: which routine, how much history, what to do first."""

    name: str
    setup: Setup
    routine_id: str | None = None
    lead_in: float | None = 0
    """`--lead-in` of a workout scene; the scenes that start at the routine list have none."""
    sessions: int = 0
    history: tuple[Session, ...] = ()


SCENES = {
    scene.name: scene
    for scene in (
        Scene("picker", nothing),
        Scene("workout-work", plank_twenty_seconds_in, "core-six"),
        Scene("workout-rest", resting_after_plank, "core-six"),
        Scene("workout-paused", paused, "core-six"),
        Scene("workout-tempo", hip_raise_hold, "core-six"),
        Scene("summary", finished_with_pain, "core-quick"),
        Scene("help", help_keys),
        Scene("about", help_about),
        Scene("history", history, sessions=200),
        Scene("settings", settings),
        Scene("editor", editor_hip_raise),
        Scene(
            "summary-progress",
            finished_in_full,
            "core-quick",
            history=(done_in_full("core-quick", 2), done_in_full("core-quick", 1)),
        ),
    )
}


def build(scene: Scene, folder: Path) -> tuple[CoreApp, Callable[[Pilot[int]], Awaitable[None]]]:
    """The app for a scene, with its own folders, and the steps that set the scene up."""
    paths = AppPaths(data_dir=folder / "data", config_dir=folder / "config")
    history = [*sample_sessions(scene.sessions, TODAY), *scene.history]
    if history:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        lines = "".join(s.to_json_line() for s in history)
        paths.history_file.write_text(lines, encoding="utf-8")
    clock = FakeClock()
    app = CoreApp(
        paths,
        LaunchOptions(
            routine_id=scene.routine_id,
            lead_in_s=scene.lead_in if scene.routine_id else None,
            ask_pain=False,
        ),
        clock=clock,
        today=TODAY,
        wall_clock=lambda: NOON,
        keep_awake=KeepAwake.off(),
    )

    async def run_before(pilot: Pilot[int]) -> None:
        await app.workers.wait_for_complete()  # the history is read after the first paint
        await pilot.pause()
        await scene.setup(pilot, app, clock)
        # A focused field's cursor blinks every half second: on a busy machine the
        # picture was taken either side of a blink. Held steady, it shows as it first does.
        for field in app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return app, run_before

"""UI test helpers: an app on a fake clock with a fake speaker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from coretui.paths import AppPaths
from coretui.services.awake import KeepAwake
from coretui.tui.app import CoreApp
from coretui.tui.launch import LaunchOptions
from coretui.tui.widgets.countdown import BigCountdown
from tests.conftest import FakeClock
from tests.ui.scenes import skip_to, skip_to_summary, walk  # noqa: F401  (re-exported for the tests)

SELF_PACED = """
id = "self-paced"
name = "Self paced"
lead_in_s = 0
rest_between_exercises_s = 10
[[exercises]]
kind = "reps"
name = "Bird dog"
reps = 10
cue = "Reach long, keep the hips level."
[[exercises]]
kind = "hold"
name = "Plank"
seconds = 30
"""


class FakeSpeaker:
    """Records what would have been spoken."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


def write_routine(paths: AppPaths, name: str, text: str) -> None:
    paths.routines_dir.mkdir(parents=True, exist_ok=True)
    (paths.routines_dir / name).write_text(text, encoding="utf-8")


def make_app(
    paths: AppPaths,
    clock: FakeClock,
    routine_id: str | None = None,
    lead_in: float | None = None,
    *,
    ask_pain: bool = False,
    today: date | None = None,
) -> CoreApp:
    """An app on a fake clock; the pain prompt is off unless a test asks for it."""
    return CoreApp(
        paths,
        LaunchOptions(routine_id=routine_id, lead_in_s=lead_in, ask_pain=ask_pain),
        clock=clock,
        speaker=FakeSpeaker(),
        keep_awake=KeepAwake.off(),
        today=today,
    )


@pytest.fixture(autouse=True)
def _start_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    """UI tests begin once the routine files are validated.

    The app lists routines from the start cache and validates the files after the
    first paint, in a worker (tests/unit/test_start_cache.py and
    test_startup_imports.py test that); the tests here start from the result.
    """
    run_test = CoreApp.run_test

    @asynccontextmanager
    async def validated(self: CoreApp, *args: Any, **kwargs: Any) -> AsyncIterator[Pilot[int]]:
        async with run_test(self, *args, **kwargs) as pilot:
            await self.workers.wait_for_complete()
            await pilot.pause()
            yield pilot

    monkeypatch.setattr(CoreApp, "run_test", validated)


def shown_time(app: CoreApp) -> str:
    return app.screen.query_one(BigCountdown).value


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    paths = AppPaths(data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    write_routine(paths, "self-paced.toml", SELF_PACED)
    return paths

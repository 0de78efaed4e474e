"""Start `coretui run ROUTINE` as the console script does, headless, and report which
heavy modules a running workout has loaded.

Run as `python -m tests.workout_probe run ROUTINE_ID ...`: once the workout screen
has shown and the app's workers (the history read, the sound set-up) are done, it
writes WORKOUT_SHOWN and the loaded modules of interest to stderr, and exits.
"""

from __future__ import annotations

import sys

from coretui.cli.main import main
from coretui.tui import hangup
from coretui.tui.app import CoreApp
from coretui.tui.screens.workout import WorkoutScreen

WORKOUT_SHOWN = "-- workout shown --"
WATCHED = ("pydantic", "pydantic_core", "coretui.workout.routine_models", "coretui.figures.model")


def _probe(screen: WorkoutScreen) -> None:
    async def finish() -> None:
        await screen.app.workers.wait_for_complete()
        loaded = [name for name in WATCHED if name in sys.modules]
        print(WORKOUT_SHOWN, file=sys.stderr, flush=True)
        print("step: " + screen.engine.step.title, file=sys.stderr, flush=True)
        print("loaded: " + " ".join(loaded), file=sys.stderr, flush=True)
        screen.app.exit()

    screen.call_later(finish)


_mounted = WorkoutScreen.on_mount


def on_mount(self: WorkoutScreen) -> None:
    _mounted(self)
    self.call_after_refresh(_probe, self)


if __name__ == "__main__":
    WorkoutScreen.on_mount = on_mount  # type: ignore[method-assign]
    hangup.no_terminal = lambda: None  # headless: no terminal needed
    run = CoreApp.run
    CoreApp.run = lambda self, **kw: run(self, headless=True, size=(100, 30))  # type: ignore[method-assign,assignment,misc]
    sys.exit(main(sys.argv[1:]))

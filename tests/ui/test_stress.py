"""The UI under stress: six hundred random keys, any terminal size, on a fake clock.

Whatever is pressed, and whenever, the app never crashes and a workout on screen
always has a consistent engine (time left never negative, the step index in
range, never more done than planned). Resizing keeps the countdown readable, and
a terminal too small for it says so instead of drawing a broken layout.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Static

import coretui.tui.app
from coretui.durations import clock_text, elapsed_text
from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from coretui.tui.launch import LaunchOptions
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.help import HelpScreen
from coretui.tui.screens.pain import PainPrompt
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.screens.summary import SummaryScreen
from coretui.tui.screens.workout import WorkoutScreen
from coretui.tui.widgets.countdown import BigCountdown, fit_scale, render_blocks
from coretui.workout.engine import State
from tests.checks import assert_consistent
from tests.conftest import FakeClock
from tests.ui.conftest import FakeSpeaker, make_app, walk
from tests.ui.scenes import TODAY

# Every workout binding, plus the keys the dialogs answer to.
KEYS = [
    "space",
    "enter",
    "n",
    "right",
    "p",
    "left",
    "r",
    "plus",
    "minus",
    "e",
    "m",
    "q",
    "escape",
    "y",
    "question_mark",
    "x",
    "v",
]
# The characters a terminal sends for them (None for cursor keys).
CHARACTERS = {
    "space": " ",
    "enter": "\r",
    "plus": "+",
    "minus": "-",
    "escape": "\x1b",
    "question_mark": "?",
    "right": None,
    "left": None,
}
# Keys that redraw a little (time, variant, mute) come up more often than keys that
# restyle the whole screen or open another one, which cost Textual far more: every
# binding is still pressed ten times or more. The engine itself meets tens of
# thousands of random keys in tests/unit/test_engine_properties.py, without a screen:
# here the point is every binding and dialog of the real app, so 600 keys do.
WEIGHTS = {
    "question_mark": 0.5,
    "q": 0.5,
    "escape": 0.5,
    "plus": 2,
    "minus": 2,
    "r": 2,
    "e": 2,
    "m": 2,
    "y": 2,
}
PRESSES = 600
SEED = 20_260_615


class StressApp(CoreApp):
    """The real app, except that quitting from the picker is counted, not done.

    Random keys reach the picker too, where `q` would end the run before all the
    presses are in.
    """

    # A relative CSS_PATH is found beside the class's own module: point back at the app's.
    CSS_PATH = Path(coretui.tui.app.__file__).with_name("app.tcss")
    quit_requests = 0

    async def action_quit(self) -> None:
        self.quit_requests += 1


def shown_matches(screen: WorkoutScreen) -> None:
    """The big digits show the engine's state: the rep in a paced set, else the time."""
    engine = screen.engine
    remaining = engine.step_remaining()
    position = engine.rep_position()
    if position is not None:
        expected = str(position[0])
    elif remaining is None:
        expected = elapsed_text(engine.step_elapsed())
    else:
        expected = clock_text(remaining)
    assert screen.query_one(BigCountdown).value == expected


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Check the engine every time the workout screen redraws, i.e. after every key."""
    checks = [0]
    original = WorkoutScreen.refresh_view

    def refresh_and_check(self: WorkoutScreen) -> None:
        original(self)
        assert_consistent(self.engine)
        shown_matches(self)
        checks[0] += 1

    monkeypatch.setattr(WorkoutScreen, "refresh_view", refresh_and_check)
    yield checks


class Stress:
    """Drives one app: random key batches with fake time passing in between.

    `pilot.press` waits for the app to go idle after every key (at least 40 ms), so
    hundreds of them would take minutes. A batch is mashed instead, as fast fingers
    would: every key is queued at once, then the test waits once for the app to
    catch up. Each key is still handled on its own, in order, and the patched
    `refresh_view` checks the engine after every one.
    """

    def __init__(self, pilot: Any, app: StressApp, clock: FakeClock, rng: random.Random) -> None:
        self.pilot, self.app, self.clock, self.rng = pilot, app, clock, rng
        self.pressed = 0
        self.counts: Counter[str] = Counter()
        self.seen: set[str] = set()

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.app.post_message(events.Key(key, CHARACTERS.get(key, key)))
            self.pressed += 1
            self.counts[key] += 1
        await self.pilot.pause()
        self.seen.add(type(self.app.screen).__name__)
        self.check()

    def check(self) -> None:
        stack = [type(s).__name__ for s in self.app.screen_stack]
        assert "PickerScreen" in stack, (
            f"the picker was popped, leaving a blank screen (stack {stack}); see "
            "test_a_quit_dialog_answered_twice_in_a_row_never_leaves_a_blank_screen"
        )
        screen = self.app.screen
        # A workout screen pushed a moment ago may not have started its engine yet.
        if isinstance(screen, WorkoutScreen) and screen.engine.state is not State.READY:
            assert self.app.workout is screen
            assert_consistent(screen.engine)
            shown_matches(screen)

    async def time_passes(self) -> None:
        """Small steps as the timer would make, and now and then a stall (Ctrl+Z, sleep)."""
        roll = self.rng.random()
        if roll < 0.5:
            for _ in range(self.rng.randint(1, 4)):
                self.clock.advance(self.rng.uniform(0.05, 0.9))
                if self.app.workout is not None:
                    self.app.workout.tick()
        elif roll < 0.53:
            self.clock.advance(self.rng.uniform(2.5, 40))
            if self.app.workout is not None:
                self.app.workout.tick()
        self.check()

    async def random_batch(self, keys: list[str], size: int = 20) -> None:
        weights = [WEIGHTS.get(key, 1) for key in keys]
        await self.press(*self.rng.choices(keys, weights, k=self.rng.randint(1, size)))
        await self.time_passes()

    async def into_a_workout(self) -> WorkoutScreen:
        """From wherever the keys left us, back into a running workout."""
        for _ in range(10):
            screen = self.app.screen
            if isinstance(screen, WorkoutScreen):
                return screen
            if isinstance(screen, PickerScreen):
                await self.press("enter")
            elif isinstance(screen, ConfirmScreen):
                await self.press("n")  # keep going, or start over rather than resume
            elif isinstance(screen, PainPrompt):
                await self.press("enter")  # no rating: start (Esc would go back)
            else:
                await self.press("escape")  # help or the summary
        raise AssertionError(f"could not get back to a workout from {self.app.screen}")


def stress_app(paths: AppPaths, clock: FakeClock) -> StressApp:
    return StressApp(
        paths,
        LaunchOptions(routine_id="core-quick", lead_in_s=3),
        clock=clock,
        speaker=FakeSpeaker(),
        today=TODAY,  # (a run across midnight: the day does not change under the keys)
    )


async def test_random_keys_never_break_a_workout(
    app_paths: AppPaths, clock: FakeClock, checked: list[int]
) -> None:
    rng = random.Random(SEED)
    app = stress_app(app_paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        stress = Stress(pilot, app, clock, rng)

        # Anything, anywhere: workouts end, dialogs open, the picker starts new ones.
        while stress.pressed < 220:
            if isinstance(app.screen, PickerScreen):
                await stress.press("enter")
            await stress.random_batch(KEYS)

        # Mashed while paused: every key but Space (and the dialogs) keeps it paused.
        paused_keys = [k for k in KEYS if k not in ("space", "q", "escape", "y", "question_mark")]
        for _ in range(3):
            screen = await stress.into_a_workout()
            if screen.engine.state is State.RUNNING:
                await stress.press("space")
            for _ in range(15):
                if not isinstance(app.screen, WorkoutScreen):
                    break
                engine = app.screen.engine
                assert engine.state is State.PAUSED
                before = engine.step_remaining(), engine.step_elapsed()
                clock.advance(rng.uniform(0.1, 30))
                assert app.workout is not None
                app.workout.tick()
                assert (engine.step_remaining(), engine.step_elapsed()) == before, "time ran on"
                await stress.random_batch(paused_keys, size=4)
                if isinstance(app.screen, WorkoutScreen):
                    assert app.screen.engine.state is State.PAUSED, "a key resumed the workout"

        # Mashed on the last step, until the summary shows.
        for _ in range(3):
            screen = await stress.into_a_workout()
            engine = screen.engine
            await stress.press(*["n"] * (len(engine.timeline.steps) - 1 - engine.index))
            for _ in range(5):  # (keys posted together: a busy machine takes a few turns)
                if screen.engine.next_step is None:
                    break
                await pilot.pause()
            assert screen.engine.next_step is None
            # Not the keys that leave the step: those come next, to reach the summary.
            leave = ("n", "right", "enter", "y", "p", "left")
            last_step_keys = [k for k in KEYS if k not in leave]
            for _ in range(10):
                await stress.random_batch(last_step_keys, size=5)
                if isinstance(app.screen, WorkoutScreen):
                    assert app.screen.engine.next_step is None
            await stress.into_a_workout()
            assert app.workout is not None
            while app.workout is not None and isinstance(app.screen, WorkoutScreen):
                clock.advance(1.0)  # n a second apart: held down, it stops at the last step
                await stress.press("n")
            assert isinstance(app.screen, SummaryScreen), app.screen
            # ...and on the summary (Esc leaves it; ? opens the help over it, left again).
            for _ in range(8):
                await stress.press(*rng.choices([k for k in KEYS if k != "escape"], k=5))
                if isinstance(app.screen, HelpScreen):
                    await stress.press("escape")
                assert isinstance(app.screen, SummaryScreen)
            await stress.press("escape")
            assert isinstance(app.screen, PickerScreen)

        while stress.pressed < PRESSES:
            if isinstance(app.screen, PickerScreen | PainPrompt):
                await stress.press("enter")  # a workout (Esc at the question goes back)
            await stress.random_batch(KEYS)

        await pilot.pause()
        assert app.is_running
        assert stress.pressed >= PRESSES
        rare = {key: stress.counts[key] for key in KEYS if stress.counts[key] < 10}
        assert not rare, f"some bindings were hardly pressed: {rare}"
        assert {"WorkoutScreen", "SummaryScreen", "PickerScreen", "ConfirmScreen"} <= stress.seen
        # (230 with this seed since Esc at the pain question goes back to the list)
        assert checked[0] > 200, "the engine was checked on far fewer redraws than expected"
    assert app.return_code is None or app.return_code == 0
    history = app_paths.history_file.read_text(encoding="utf-8").splitlines()
    assert len(history) >= 3, "each workout that reached the summary is saved"


# --- terminal sizes ---------------------------------------------------------------------------

SIZES = [(20, 8), (40, 12), (80, 24), (250, 70), (40, 12), (20, 8), (100, 30)]


def countdown_is_readable(screen: WorkoutScreen) -> None:
    countdown = screen.query_one(BigCountdown)
    width, height = screen.size
    assert countdown.display, f"countdown hidden at {width}x{height}"
    region = countdown.region
    assert region.width > 0 and region.height > 0, f"countdown has no room at {width}x{height}"
    assert region.right <= width and region.bottom <= height, f"{region} off a {width}x{height}"
    value = countdown.value
    assert value, "no time to show"
    scale_x, scale_y = fit_scale(value, region.width, region.height)
    drawn = countdown.lines()
    if scale_y:
        assert drawn == render_blocks(value, scale_x, scale_y)
    else:
        assert drawn == [value], f"plain time expected at {width}x{height}: {drawn!r}"
        assert len(value) <= region.width, f"'{value}' cut off in {region.width} columns"


async def test_resizing_during_a_workout_keeps_the_countdown_visible(
    app_paths: AppPaths, clock: FakeClock, checked: list[int]
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(80, 24)) as pilot:
        for round_ in range(2):
            for width, height in SIZES:
                await pilot.resize_terminal(width, height)
                await walk(pilot, app, clock, 1.5)
                screen = app.screen
                assert isinstance(screen, WorkoutScreen)
                assert screen.size == (width, height)
                countdown_is_readable(screen)
                await pilot.press("space", "plus", "space", "n" if round_ else "r")
                countdown_is_readable(screen)


TOO_SMALL = [(19, 24), (80, 5), (10, 3), (1, 1)]


def visible_text(screen: WorkoutScreen) -> list[str]:
    return [
        str(widget.render())
        for widget in screen.query(Static)
        if widget.display and widget.region.area > 0
    ]


@pytest.mark.parametrize("size", TOO_SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_terminal_below_the_minimum_asks_to_be_made_larger(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    """Below 20 columns or 6 rows: a "make the terminal larger" message, no countdown."""
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, app, clock, 2)
        await pilot.resize_terminal(*size)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)

        shown = visible_text(screen)
        assert any("larger" in text for text in shown), f"no 'larger' message at {size}: {shown}"
        countdown = screen.query_one(BigCountdown)
        assert not countdown.display or countdown.region.area == 0, "a broken countdown is drawn"

        # Keys and time still work while it is too small, and it comes back intact.
        await pilot.press("space", "space", "n")
        await walk(pilot, app, clock, 3)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not any("larger" in text for text in visible_text(screen))
        countdown_is_readable(screen)


async def test_a_quit_dialog_answered_twice_in_a_row_never_leaves_a_blank_screen(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    """Esc, then Enter ("Keep going") and `y` before the dialog has closed.

    The first answer closes the dialog; a second one must not close the workout
    behind it as well, nor then the picker, which would leave an empty screen.
    """
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("escape", "enter", "y"):
            app.post_message(events.Key(key, CHARACTERS.get(key, key)))
        await pilot.pause()
        stack = [type(screen).__name__ for screen in app.screen_stack]
        assert "PickerScreen" in stack, (
            f"the picker was popped, leaving a blank screen (stack {stack}): a ConfirmScreen "
            "answered twice dismisses twice (src/coretui/tui/screens/confirm.py)"
        )
        assert isinstance(app.screen, WorkoutScreen | SummaryScreen | PickerScreen), stack

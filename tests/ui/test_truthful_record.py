"""Every way a workout ends reaches the history exactly once, and says what was done."""

from __future__ import annotations

import signal

import pytest
from textual.widgets import Button, DataTable, Input, Label

from coretui.history import HistoryStore
from coretui.paths import AppPaths
from coretui.tui.screens.hurt import HurtScreen
from coretui.tui.screens.pain import PainPrompt
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.screens.summary import SummaryScreen
from coretui.tui.screens.workout import WorkoutScreen
from coretui.workout.engine import State
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, walk

SIZE = (100, 30)
KEYS = ["space", "enter", "n", "p", "r", "plus", "minus", "e", "x", "q", "question_mark"]


def saved_lines(paths: AppPaths) -> list[str]:
    if not paths.history_file.exists():
        return []
    return paths.history_file.read_text(encoding="utf-8").splitlines()


async def to_just_past_the_last_deadline(pilot, app, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """The self-paced routine's plank ran out 4 ms ago; the screen's timer has not fired."""
    await pilot.press("enter")  # the self-paced set, done
    await walk(pilot, app, clock, 10 + 29.5)  # the rest, then the plank to its last half second
    assert isinstance(app.screen, WorkoutScreen)
    clock.advance(0.504)


@pytest.mark.parametrize("key", KEYS)
async def test_a_key_just_after_the_last_deadline_shows_the_summary_and_saves_once(
    key: str, app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "self-paced")
    async with app.run_test(size=SIZE) as pilot:
        await to_just_past_the_last_deadline(pilot, app, clock)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
    assert len(saved_lines(app_paths)) == 1
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.status == "completed"


@pytest.mark.parametrize("how", ["ctrl+q", "sigterm", "sighup"])
async def test_closing_just_after_the_last_deadline_saves_the_completed_workout(
    how: str, app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "self-paced")
    async with app.run_test(size=SIZE) as pilot:
        await to_just_past_the_last_deadline(pilot, app, clock)
        if how == "ctrl+q":
            await pilot.press("ctrl+q")
        else:
            app.save_and_exit(signal.SIGTERM if how == "sigterm" else signal.SIGHUP)
        await pilot.pause()
    assert len(saved_lines(app_paths)) == 1
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.status == "completed"
    assert [step.ended for step in session.steps] == ["done", "time"]


async def test_pain_before_is_asked_first_and_shown_on_the_summary(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "self-paced", ask_pain=True)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PainPrompt)
        assert app.workout is None  # the workout has not started: no clock runs
        await pilot.press("4", "enter")
        assert isinstance(app.screen, WorkoutScreen)
        await pilot.press("enter")
        await walk(pilot, app, clock, 40)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.query_one("#pain-before", Input).value == "4"
        # It can be corrected there.
        before = app.screen.query_one("#pain-before", Input)
        before.value = "3"
        await pilot.press("escape")
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.pain_before == 3


async def test_skipping_the_pain_prompt_is_one_key(app_paths: AppPaths, clock: FakeClock) -> None:
    app = make_app(app_paths, clock, "self-paced", ask_pain=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, WorkoutScreen)


async def test_escape_at_the_pain_question_goes_back_with_no_workout(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Esc skipped the question and started the workout: a user backing out of an
    # Enter pressed on the wrong routine was in a running workout.
    app = make_app(app_paths, clock, "self-paced", ask_pain=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        assert app.workout is None
        await pilot.press("enter")
        assert isinstance(app.screen, PainPrompt), "asked again, as at any start"
    assert not app_paths.history_file.exists() or not saved_lines(app_paths)


async def test_the_summary_asks_for_pain_after_when_pain_before_was_skipped(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "self-paced", ask_pain=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # no rating before: skipped
        await pilot.press("enter")
        await walk(pilot, app, clock, 40)
        assert isinstance(app.screen, SummaryScreen)
        assert app.focused is app.screen.query_one("#pain-after", Input)
    app = make_app(app_paths, clock, "self-paced", ask_pain=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await walk(pilot, app, clock, 40)
        # Never asked: the form starts at "before".
        assert app.focused is app.screen.query_one("#pain-before", Input)


async def test_the_pain_prompt_refuses_eleven_and_says_why(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "self-paced", ask_pain=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1", "enter")
        assert isinstance(app.screen, PainPrompt)
        assert "0 to 10" in str(app.screen.query_one("#pain-problem").render())


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (100, 30)])
async def test_why_the_pain_prompt_refused_a_rating_is_shown_whole_at_any_width(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    # At 80 columns it read "Pain is rated 0 to" beside the box, and a resize lost it.
    app = make_app(app_paths, clock, "self-paced", ask_pain=True)
    async with app.run_test(size=size) as pilot:
        await pilot.press("1", "1", "enter")

        def shown() -> list[tuple[str, int]]:
            labels = app.screen.query("#pain-problem, #pain-question").results(Label)
            return [(str(label.render()), label.content_region.width) for label in labels]

        for width in (size[0], size[0] - 13):  # and still said after a resize
            await pilot.resize_terminal(width, size[1])
            await pilot.pause()
            said = [(text, room) for text, room in shown() if "rated" in text]
            assert said == [("Pain is rated 0 to 10.", said[0][1])], shown()
            assert said[0][1] >= len("Pain is rated 0 to 10."), f"cut at {width} columns"


async def test_the_setting_turns_the_pain_prompt_off(app_paths: AppPaths, clock: FakeClock) -> None:
    app = make_app(app_paths, clock, "self-paced", ask_pain=True)
    app.trainer.settings_values = {**app.trainer.settings_values, "ask_pain_before": False}
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, WorkoutScreen)


async def test_this_hurts_then_skip_marks_the_step_and_moves_on(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 10)
        await pilot.press("x")
        assert isinstance(app.screen, HurtScreen)
        assert app.workout is not None
        first = app.workout.engine.step.label
        await pilot.press("s")
        assert isinstance(app.screen, WorkoutScreen)
        assert app.workout.engine.step.label != first
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        row = app.screen.query_one("#steps", DataTable).get_row_at(0)
        assert "hurt" in str(row[-1])
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.steps[0].hurt
    assert session.steps[0].ended == "skipped"


async def test_this_hurts_then_end_shows_the_summary(app_paths: AppPaths, clock: FakeClock) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 10)
        await pilot.press("x", "q")
        assert isinstance(app.screen, SummaryScreen)
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.status == "partial"
    assert session.steps[0].hurt


async def test_the_pain_question_covers_the_footer_whose_keys_wait_for_it(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # At 100 columns the question's line was 70 wide and centred: the screen below
    # showed "Start", "Copy" and the palette's key at its sides, keys that do nothing
    # while it is asked.
    app = make_app(app_paths, clock, "self-paced", ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)
        line = app.screen.query_one("#pain-line")
        assert (line.region.x, line.region.right, line.region.bottom) == (0, 100, 30)


@pytest.mark.parametrize(("width", "named"), [(100, True), (80, True), (60, False)])
async def test_the_pain_question_names_the_routine_it_is_asked_before(
    app_paths: AppPaths, clock: FakeClock, width: int, named: bool
) -> None:
    # Started from the palette, the question showed over another routine's detail
    # pane, and said nothing of which workout was about to start.
    app = make_app(app_paths, clock, "self-paced", ask_pain=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)
        question = str(app.screen.query_one("#pain-question").render())
        said = "Self paced: back pain now, 0-10 (Enter skips, Esc goes back)"
        assert question == (said if named else "Back pain now, 0-10 (Enter skips, Esc goes back)")


async def test_at_40x12_the_pain_question_is_short_and_the_box_takes_a_rating(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "self-paced", ask_pain=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)
        box = app.screen.query_one("#pain-now", Input)
        assert "Enter skips" in str(app.screen.query_one("#pain-question").render())
        assert box.region.width >= 4 and box.region.right <= 40, box.region
        await pilot.press("1", "2", "enter")  # refused: said where it can be read
        question = str(app.screen.query_one("#pain-question").render())
        assert question == "Pain is rated 0 to 10."
        await pilot.press("backspace", "backspace")
        assert "Enter skips" in str(app.screen.query_one("#pain-question").render())
        await pilot.press("3", "enter")
        assert isinstance(app.screen, WorkoutScreen)
        assert app.workout is not None and app.workout.pain_before == 3


async def test_e_in_a_rest_switches_what_is_up_next_and_this_hurts_names_what_it_marks(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # `e` in a rest said "This exercise has no easier variant" under "Up next: Side
    # plank"; `x` in the side switch said "Switch sides hurts" and marked the left side.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        assert app.workout is not None
        await pilot.press("n")  # the plank skipped: the rest before the side plank
        assert app.workout.engine.step.label == "Rest"
        await pilot.press("e")
        up_next = str(app.screen.query_one("#up-next").render())
        assert "Side plank on knees · Left side" in up_next, up_next
        await walk(pilot, app, clock, 15 + 45)  # the rest, then the left side
        assert app.workout.engine.step.label == "Switch sides"
        await pilot.press("x")
        assert isinstance(app.screen, HurtScreen)
        said = str(app.screen.query_one("Label").render())
        assert said.startswith("Paused. Side plank on knees · Left side hurts"), said
        await pilot.press("escape", "q", "y")
        assert isinstance(app.screen, SummaryScreen)
    [session] = HistoryStore(app_paths.history_file).load().sessions
    left = session.steps[1]
    assert (left.exercise, left.side, left.hurt) == ("Side plank", "left", True)
    assert left.variant == "Side plank on knees"


async def test_this_hurts_just_as_the_next_exercise_began_marks_the_one_before_or_it(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # `x` 0.4 s after the rest ended marks the plank, but the dialog offered the side
    # plank's easier variant and "Skip this exercise", which skipped the side plank.
    # Then "Plank hurts", and Keep going left the plank marked: "Plank hurt today" on
    # the summary, and no harder idea for the plank for days, where the side plank hurt.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        assert app.workout is not None
        await walk(pilot, app, clock, 60 + 15)
        assert app.workout.engine.step.label == "Side plank"
        clock.advance(0.4)
        await pilot.press("x")
        assert isinstance(app.screen, HurtScreen)
        said = str(app.screen.query_one("Label").render())
        assert said.startswith("Paused. Plank hurts"), said
        assert [b.id for b in app.screen.query("Button")] == ["meant", "end", "keep"]
        button = app.screen.query_one("#meant", Button)
        assert str(button.label) == "It is Side plank · Left side that hurts (m)"
        await pilot.press("m")
        assert isinstance(app.screen, HurtScreen), "its choices, for the side plank"
        said = str(app.screen.query_one("Label").render())
        assert said.startswith("Paused. Side plank · Left side hurts"), said
        assert [b.id for b in app.screen.query("Button")] == ["easier", "skip", "end", "keep"]
        await pilot.press("escape", "q", "y")
        assert isinstance(app.screen, SummaryScreen)
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert [(s.exercise, s.side) for s in session.steps if s.hurt] == [("Side plank", "left")]


async def test_switching_to_the_easier_variant_after_this_hurts_waits_for_space(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The countdown ran on the moment "Switch to Plank on knees" was chosen, while
    # the user was still getting down onto their knees.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 10)
        await pilot.press("x", "e")
        assert isinstance(app.screen, WorkoutScreen) and app.workout is not None
        engine = app.workout.engine
        assert engine.state is State.PAUSED
        assert engine.variant_name(0) == "Plank on knees"
        left = engine.step_remaining()
        await walk(pilot, app, clock, 5)
        assert engine.step_remaining() == left, "no time passes while getting into position"
        await pilot.press("space")
        await walk(pilot, app, clock, 5)
        now = engine.step_remaining()
        assert engine.state is State.RUNNING and now is not None and left is not None
        assert now < left

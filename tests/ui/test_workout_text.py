"""What the workout screen says around the digits: cue, safety note, place, notices."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Input
from textual.widgets._toast import Toast

from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.summary import SummaryScreen
from coretui.tui.widgets.countdown import BigCountdown
from coretui.tui.widgets.cue import ELLIPSIS, CueText, clamp_lines
from coretui.tui.widgets.notice import NoticeLine
from coretui.workout.routines import load_library
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, walk, write_routine

SIZES = [(80, 24), (100, 30)]


def painted(app: App[int]) -> list[str]:
    """The rows of the screen as the terminal would show them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def painted_words(app: App[int]) -> str:
    """Everything on screen as one line of words, so wrapped sentences can be found."""
    return " ".join(" ".join(painted(app)).split())


def exercise(routine_id: str, name: str) -> tuple[str, str]:
    """The cue and safety note of a bundled exercise."""
    loaded = load_library(None).get(routine_id)
    assert loaded is not None
    found = next(e for e in loaded.routine.exercises if e.name == name)
    return found.cue, found.safety


async def skip_to(pilot: object, app: CoreApp, label: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    while app.workout is not None and app.workout.engine.step.label != label:
        await pilot.press("n")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_hip_raise_safety_note_is_shown_whole(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    cue, safety = exercise("core-six", "Hip raise")
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=size) as pilot:
        await skip_to(pilot, app, "Hip raise")
        await pilot.pause()
        shown = painted_words(app)
        assert safety in shown
        assert cue in shown  # this one fits too, so nothing is cut


LONG_CUE = " ".join(f"Step {n}: keep the ribs down and breathe out slowly." for n in range(12))
LONG_SAFETY = (
    "Stop at once if you feel a sharp pain, pins and needles, or numbness down a leg, "
    "and ask a professional before you try this again."
)
LONG_TEXT_ROUTINE = f"""
id = "wordy"
name = "Wordy"
lead_in_s = 0
[[exercises]]
kind = "hold"
name = "Dead bug"
seconds = 30
cue = "{LONG_CUE}"
safety = "{LONG_SAFETY}"
"""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_long_cue_is_cut_with_an_ellipsis_and_the_safety_note_is_not(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    write_routine(app_paths, "wordy.toml", LONG_TEXT_ROUTINE)
    app = make_app(app_paths, clock, "wordy")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = painted_words(app)
        assert LONG_SAFETY in shown
        assert "Step 0: keep the ribs down" in shown
        cue_rows = [row.strip() for row in painted(app) if "Step " in row]
        assert cue_rows and cue_rows[-1].endswith(ELLIPSIS)
        assert LONG_CUE not in shown


def test_clamp_lines_cuts_at_a_word_and_marks_the_cut() -> None:
    text = "one two three four five six seven eight nine ten"
    assert clamp_lines(text, 20, 5) == text  # it fits: untouched
    cut = clamp_lines(text, 20, 2)
    assert cut.endswith(ELLIPSIS)
    assert len(Content(cut).wrap(20)) == 2
    assert text.startswith(cut[:-1])
    assert clamp_lines(text, 20, 0) == ""


async def test_a_notice_takes_the_line_above_the_footer_one_at_a_time(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        screen = app.screen
        notices = screen.query_one(NoticeLine)
        assert notices.text == "Sound muted (m to unmute)"
        app.action_toggle_voice()  # an app-wide notice goes to the same line
        await pilot.pause()
        assert notices.text.startswith("Voice on")
        assert not [toast for toast in app.screen.query(Toast) if toast.display]
        rows = painted(app)
        assert sum("Sound muted" in row for row in rows) == 0  # replaced, not stacked
        assert any("Voice on" in row for row in rows)

        covered = notices.region
        for selector in ("#cue", "#up-next", "#exercise"):
            assert not covered.overlaps(screen.query_one(selector).region), selector
        assert not covered.overlaps(screen.query_one(BigCountdown).region)
        assert any("Up next:" in row for row in rows)
        assert any("Forearms down" in row for row in rows)


async def test_a_warning_replaced_before_its_time_comes_back_after_the_newer_notice() -> None:
    # "No sound device" a second into the workout hid a settings file's slip for good;
    # a replaced "Sound muted" coming back after "Sound on" would say what is not so.
    class Line(App[None]):
        def compose(self) -> ComposeResult:
            yield NoticeLine()

    app = Line()
    async with app.run_test() as pilot:
        line = app.query_one(NoticeLine)
        line.show("settings.toml: wekly_goal: unknown setting", "warning", 8)
        line.show("No sound device: using the terminal bell", "information", 5)
        await pilot.pause()
        assert line.text == "No sound device: using the terminal bell"
        line.timed_out()
        assert line.text == "settings.toml: wekly_goal: unknown setting"
        assert line.has_class("-warning")
        line.timed_out()
        assert line.text == ""
        line.show("Sound muted (m to unmute)", "information", 5)
        line.show("Sound on", "information", 5)
        line.timed_out()
        assert line.text == ""
        # A warning settled by the notice after it does not come back, and the same
        # warning twice (a key pressed again) is held once.
        line.show("Record not kept as it runs: a crash would lose it", "warning", 8)
        line.show("The record is kept as it runs again.", "information", 5, settles=True)
        line.timed_out()
        assert line.text == ""
        for _ in range(3):
            line.show("Voice stays off: no speech command", "warning", 5)
        line.show("Sound muted (m to unmute)", "information", 5)
        line.timed_out()
        assert line.text == "Voice stays off: no speech command"
        line.timed_out()
        assert line.text == ""


async def test_notices_from_before_the_workout_move_to_its_notice_line(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # `coretui run` with a slip in the settings: the toast sat over the cue and
    # "Up next" for the first ten seconds of the first exercise.
    file = app_paths.settings_files[0]
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text('wekly_goal = 2\ntheme = "[b]nope"\n')
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.workout is not None and app.screen is app.workout
        assert not [toast for toast in app.screen.query(Toast) if toast.display]
        said = app.screen.query_one(NoticeLine).text
        assert "wekly_goal" in said and "'[b]nope'" in said, said
        # Its own folder left out of the path: the line has one row for the rest.
        assert said.startswith("settings.toml: "), said
        assert app.screen.query_one(NoticeLine).has_class("-warning")


async def test_the_ratings_saved_on_a_summary_are_told_as_the_last_workout_s(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "Saved with this workout: pain before 2." from the summary just left showed in the
    # notice line of the workout resumed next, as if this one had said it.
    app = make_app(app_paths, clock, lead_in=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the routine first in the list
        await walk(pilot, app, clock, 5)
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        app.screen.query_one("#pain-before", Input).value = "2"
        await pilot.press("escape", "enter")  # saved; the same routine again
        if isinstance(app.screen, ConfirmScreen):  # the resume question
            await pilot.press("y")
        await pilot.pause()
        assert app.workout is not None and app.screen is app.workout
        said = app.screen.query_one(NoticeLine).text
        assert said == "Saved with the workout just done: pain before 2.", said


async def test_rests_show_how_to_set_up_the_next_move_and_its_place(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    side_cue, side_safety = exercise("core-six", "Side plank")
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        top = screen.query_one("#total-left")
        assert "Exercise 1 of 7" in str(top.render())

        await walk(pilot, app, clock, 62)  # the plank is done: the rest before the side plank
        assert "Rest" in str(screen.query_one("#exercise").render())
        assert "Next: exercise 2 of 7" in str(top.render())
        cue = screen.query_one(CueText)
        assert cue.cue == f"Set up: {side_cue}"
        assert cue.safety == side_safety
        assert f"Set up: {side_cue}" in painted_words(app)

        await pilot.press("n")  # the side plank, left side
        assert "Exercise 2 of 7" in str(top.render())
        await pilot.press("n")  # switching sides
        assert "Switch" in str(screen.query_one("#exercise").render())
        assert cue.cue.startswith("Switch to the right side. ")
        assert side_cue in cue.cue
        assert "Exercise 2 of 7" in str(top.render())  # the same exercise, other side
        assert "Next:" not in str(top.render())
        await pilot.press("n", "n")  # the right side; the rest before the back extension
        assert "Next: exercise 3 of 7" in str(top.render())
        await pilot.press("n", "n")  # its first set; the rest before its second
        assert "Rest" in str(screen.query_one("#exercise").render())
        # Between its sets: "Next: exercise 3 of 7" read as another exercise.
        assert "Exercise 3 of 7" in str(top.render())
        assert "Next:" not in str(top.render())


async def test_the_quit_question_says_whether_anything_will_be_saved(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=10)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")  # in "Get ready": no exercise yet
        assert isinstance(app.screen, ConfirmScreen)
        assert "nothing to save" in app.screen.detail
        await pilot.press("escape")  # keep going
        await walk(pilot, app, clock, 15)  # into the first exercise
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "saved as a partial session" in app.screen.detail


async def test_the_footer_names_what_e_and_m_do_next(app_paths: AppPaths, clock: FakeClock) -> None:
    """On the easier variant `e` goes back to the full move, and the footer says so, as
    it says Unmute once muted (it read "e Easy" whichever way `e` would switch)."""
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        footer = painted(app)[-1]
        assert " Easy " in footer and "Full" not in footer and " Mute " in footer
        await pilot.press("e", "m")
        footer = painted(app)[-1]
        assert " Full " in footer and "Easy" not in footer and " Unmute " in footer
        await pilot.press("e", "m")
        footer = painted(app)[-1]
        assert " Easy " in footer and "Full" not in footer and " Mute " in footer


async def test_n_held_down_stops_at_the_last_step_and_says_how_to_end(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*["n"] * 20)  # faster than a key repeats: held down (14 steps)
        assert not isinstance(app.screen, SummaryScreen)
        assert app.screen.query_one(NoticeLine).text.startswith("The last step: n again")
        clock.advance(1.5)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_a_dialog_s_footer_shows_its_own_keys_not_the_workout_s(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Over the quit question the footer said "n Skip" beside "Keep going (n)"; over
    # "this hurts" it offered "⏎ Done", and Enter pressed the easier variant's button.
    # (A question's y and n are on its buttons, in its words: "n No" under "Start over
    # (n)" read as "do not start".)
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        footer = painted(app)[-1]
        assert " Esc Cancel " in footer and "Skip" not in footer and " No " not in footer, footer
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        footer = painted(app)[-1]
        assert " e Easier " in footer and " s Skip " in footer and "Done" not in footer, footer
        await pilot.press("escape", "space", "n", "x")  # in the rest: neither choice
        await pilot.pause()
        footer = painted(app)[-1]
        assert " q End " in footer and "Easier" not in footer and "Skip" not in footer, footer

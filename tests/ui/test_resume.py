"""Carrying on an unfinished workout: the offer, the right step, one record."""

from __future__ import annotations

import contextlib
import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from msgspec.structs import replace
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from coretui.history import HistoryStore
from coretui.paths import AppPaths
from coretui.services.awake import KeepAwake
from coretui.tui.app import CoreApp
from coretui.tui.launch import LaunchOptions
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.screens.summary import SummaryScreen
from coretui.tui.screens.workout import WorkoutScreen
from tests.conftest import FakeClock
from tests.ui.conftest import FakeSpeaker, skip_to_summary, walk

SIZE = (100, 30)
T0 = datetime(2026, 6, 15, 7, 0, tzinfo=UTC)


def app_at(
    paths: AppPaths,
    clock: FakeClock,
    wall: list[datetime],
    *,
    lead_in_s: float = 0,
    ask_pain: bool = False,
) -> CoreApp:
    return CoreApp(
        paths,
        LaunchOptions(lead_in_s=lead_in_s, ask_pain=ask_pain),
        clock=clock,
        speaker=FakeSpeaker(),
        wall_clock=lambda: wall[0],
        keep_awake=KeepAwake.off(),
    )


async def start_core_quick(pilot, app: CoreApp) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, PickerScreen)
    while app.screen.selected is None or app.screen.selected.routine.id != "core-quick":
        await pilot.press("down")
    await pilot.press("enter")


async def quit_core_quick(
    app_paths: AppPaths,
    clock: FakeClock,
    *,
    after: str = "",
    note: str = "",
    seconds: float = 60 + 15 + 20,  # plank, rest, 20 s into the left side
) -> None:
    """Core quick begun at T0 and quit `seconds` in (a pain after and a note given)."""
    wall = [T0]
    app = app_at(app_paths, clock, wall)
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        await walk(pilot, app, clock, seconds)
        await pilot.press("q", "y")
        if after or note:  # given on the summary of this first sitting
            assert isinstance(app.screen, SummaryScreen)
            app.screen.query_one("#pain-after", Input).value = after
            app.screen.query_one("#note", Input).value = note
            await pilot.click("#done")


async def test_resume_offers_the_step_where_the_user_stopped_and_extends_the_record(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    await quit_core_quick(app_paths, clock)
    [partial] = HistoryStore(app_paths.history_file).load().sessions
    assert partial.status == "partial"

    wall = [T0 + timedelta(hours=2)]
    app = app_at(app_paths, clock, wall)
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Resume at Side plank · Left side (exercise 2 of 5)" in app.screen.question
        # When it was begun and how long it ran: which try of today this is ("spent
        # 1:35" read as a time of day).
        assert math.floor(partial.duration_s) == 95
        said = "You began this routine at 07:00 today and spent 1 min 35 s on it so far."
        assert app.screen.detail == said
        await pilot.press("y")
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.engine.step.label == "Side plank"
        assert app.screen.engine.step.side == "left"
        assert app.screen.engine.step_remaining() == 45  # the stopped step, from the top
        await skip_to_summary(pilot, app)
        first_row = app.screen.query_one("#steps", DataTable).get_row_at(0)
        assert str(first_row[-1]) == "earlier: done"  # the plank from the first sitting
        assert "1:00" in str(first_row[3])

    lines = app_paths.history_file.read_text().splitlines()
    assert len(lines) == 2
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.id == partial.id  # the same record, carried on
    assert session.status == "completed"
    assert session.steps[0].done_s == 60  # the plank from the first sitting is kept
    assert session.started_at == partial.started_at


async def test_a_set_switched_to_its_easier_variant_is_resumed_on_it(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Resumed on the standard side plank: the knees the user had gone down to were
    # forgotten, and the resumed try, done in full, took the easier one's place.
    wall = [T0]
    app = app_at(app_paths, clock, wall)
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        await walk(pilot, app, clock, 60 + 15 + 10)  # plank, rest, 10 s into the left side
        await pilot.press("e")
        await walk(pilot, app, clock, 10)
        await pilot.press("q", "y")
    [partial] = HistoryStore(app_paths.history_file).load().sessions
    assert partial.steps[1].variant == "Side plank on knees"

    wall[0] = T0 + timedelta(hours=1)
    app = app_at(app_paths, clock, wall)
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        await pilot.press("y")
        assert isinstance(app.screen, WorkoutScreen)
        engine = app.screen.engine
        assert (engine.step.label, engine.step.side) == ("Side plank", "left")
        assert engine.variant_name(1) == "Side plank on knees"
        assert engine.variant_name(0) is None, "the plank was done on the standard move"


async def test_coretui_run_and_the_palette_offer_the_resume_too(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # `coretui run core-quick` (and the palette's "Start routine") began a new session
    # without a word, and the unfinished one was left behind as a second partial.
    await quit_core_quick(app_paths, clock)
    wall = [T0 + timedelta(hours=1)]
    app = CoreApp(
        app_paths,
        LaunchOptions(routine_id="core-quick", lead_in_s=0, ask_pain=False),
        clock=clock,
        speaker=FakeSpeaker(),
        wall_clock=lambda: wall[0],
        keep_awake=KeepAwake.off(),
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Resume at Side plank · Left side" in app.screen.question
        await pilot.press("y")
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.engine.step.label == "Side plank"
        # The palette opens over a workout: starting a routine there stacked a second
        # workout carrying on the same session, with one record kept for both.
        workout = app.screen
        app.start_workout(workout.engine.timeline.routine)
        await pilot.pause()
        assert app.screen is workout and app.workout is workout
        await pilot.press("q", "y")
        await pilot.press("escape")  # the summary, back to the list
        [loaded] = [r for r in app.trainer.library.routines if r.routine.id == "core-quick"]
        app.start_workout(loaded.routine)  # what the palette's "Start routine" calls
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
    assert len(HistoryStore(app_paths.history_file).load().sessions) == 1


async def test_the_palette_starts_no_routine_while_another_asks_its_questions(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # On "Back pain now", the palette's "Start routine" stacked a second resume question
    # and pain prompt over the first; after that workout the first prompt was still
    # there, and an Enter meant for another question started its workout.
    from coretui.tui.screens.pain import PainPrompt

    await quit_core_quick(app_paths, clock)
    app = app_at(app_paths, clock, [T0 + timedelta(hours=1)], ask_pain=True)
    [core_six] = [r for r in app.trainer.library.routines if r.routine.id == "core-six"]
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        depth = len(app.screen_stack)
        app.start_workout(core_six.routine)  # the palette, over the resume question
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and len(app.screen_stack) == depth
        await pilot.press("y")
        assert isinstance(app.screen, PainPrompt)
        app.start_workout(core_six.routine)  # and over the pain question
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt) and len(app.screen_stack) == depth
        said = [n.message for n in app._notifications]
        assert "A workout is starting: answer its question first." in said
        await pilot.press("escape")  # back: no workout, and the palette starts one again
        assert isinstance(app.screen, PickerScreen)
        app.start_workout(core_six.routine)
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)
        # Its own Enter again, held, before its question showed: nothing to say (the
        # notices stacked up and showed on in the workout after it).
        app._notifications.clear()
        app.start_workout(core_six.routine)
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt) and not list(app._notifications)


async def test_a_workout_started_over_a_summary_closes_it_keeping_what_was_typed(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # From a summary, the palette's "Start routine" resumed the session under it; Esc
    # on the new summary ("Back to routines") then showed the old one, out of date.
    wall = [T0]
    app = app_at(app_paths, clock, wall)
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        await walk(pilot, app, clock, 60 + 15 + 20)  # plank, rest, 20 s into the left side
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        app.screen.query_one("#note", Input).value = "stiff today"  # typed, not saved
        app.start_workout(app.screen.result.routine)  # the palette's "Start routine"
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert isinstance(app.screen, WorkoutScreen)
        await walk(pilot, app, clock, 25)  # the left side from the top: 25 s this time
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.query_one("#note", Input).value == "stiff today"
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.note == "stiff today"
    assert session.steps[1].done_s == 25


async def test_start_over_makes_a_new_session(app_paths: AppPaths, clock: FakeClock) -> None:
    await quit_core_quick(app_paths, clock)
    app = app_at(app_paths, clock, [T0 + timedelta(hours=1)])
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        await pilot.press("n")
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.engine.step.label == "Plank"
        await pilot.press("q", "y")
    assert len(HistoryStore(app_paths.history_file).load().sessions) == 2


async def test_a_try_quit_at_once_is_offered_without_a_time_spent(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "...and spent 0:00 on it so far" told nothing: under a second spent goes unsaid.
    await quit_core_quick(app_paths, clock, seconds=0.5)
    [tried] = HistoryStore(app_paths.history_file).load().sessions
    assert 0 < tried.duration_s < 1
    app = app_at(app_paths, clock, [T0 + timedelta(hours=1)])
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.detail == "You began this routine at 07:00 today."


async def test_no_offer_after_twelve_hours(app_paths: AppPaths, clock: FakeClock) -> None:
    await quit_core_quick(app_paths, clock)
    app = app_at(app_paths, clock, [T0 + timedelta(hours=13)])
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        assert isinstance(app.screen, WorkoutScreen)


async def test_a_resumed_session_keeps_the_pain_and_note_given_at_its_first_sitting(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    await quit_core_quick(app_paths, clock, after="3", note="Back felt tight")
    [partial] = HistoryStore(app_paths.history_file).load().sessions
    assert (partial.pain_after, partial.note) == (3, "Back felt tight")
    HistoryStore(app_paths.history_file).append(replace(partial, pain_before=5))

    app = app_at(app_paths, clock, [T0 + timedelta(hours=2)], ask_pain=True)
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        await pilot.press("y")  # resume
        # Not asked again: a rating now is mid-workout, not the pain before it.
        assert isinstance(app.screen, WorkoutScreen), app.screen
        await skip_to_summary(pilot, app)
        # shown, to keep or change
        assert app.screen.query_one("#pain-after", Input).value == "3"
        assert app.screen.query_one("#note", Input).value == "Back felt tight"
        await pilot.press("escape")  # back to the routines, saving what the form holds
        assert isinstance(app.screen, PickerScreen)

    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.status == "completed"
    assert (session.pain_before, session.pain_after, session.note) == (5, 3, "Back felt tight")


async def test_quitting_a_resumed_workout_in_its_lead_in_keeps_the_earlier_part(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    await quit_core_quick(app_paths, clock)
    app = app_at(app_paths, clock, [T0 + timedelta(hours=1)], lead_in_s=10)
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        await pilot.press("y")  # resume: first the lead-in
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "what you did before stays in your history" in app.screen.detail
        await pilot.press("y")
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.steps[0].done_s == 60  # the earlier part, still there


@contextlib.asynccontextmanager
async def rated_at_the_resume(
    app_paths: AppPaths, clock: FakeClock
) -> AsyncIterator[tuple[CoreApp, Pilot[int]]]:
    """A session stopped without a pain rating, resumed an hour later and rated 7 at the
    resume's question: in the lead-in, before any new work."""
    await quit_core_quick(app_paths, clock)
    app = app_at(app_paths, clock, [T0 + timedelta(hours=1)], lead_in_s=10, ask_pain=True)
    async with app.run_test(size=SIZE) as pilot:
        await start_core_quick(pilot, app)
        await pilot.press("y")  # resume; then the pain question, then the lead-in
        await pilot.press("7", "enter")
        assert isinstance(app.screen, WorkoutScreen), app.screen
        yield app, pilot


async def test_a_pain_rating_given_at_a_resume_is_kept_when_quit_in_its_lead_in(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The first sitting had no rating; the one asked at the resume was lost when the
    # workout was quit before its next exercise began ("nothing new is done yet").
    async with rated_at_the_resume(app_paths, clock) as (app, pilot):
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "your pain rating is kept" in app.screen.detail
        await pilot.press("y")
        await pilot.pause()
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.pain_before == 7
    assert session.steps[0].done_s == 60 and session.status == "partial"


async def test_a_rating_given_at_a_resume_leaves_another_windows_rating_alone(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    async with rated_at_the_resume(app_paths, clock) as (_, pilot):
        [held] = HistoryStore(app_paths.history_file).load().sessions
        HistoryStore(app_paths.history_file).append(replace(held, pain_before=3))  # elsewhere
        await pilot.press("q", "y")
        await pilot.pause()
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert session.pain_before == 3, "the rating given first stays"


async def test_a_rating_for_a_session_deleted_meanwhile_says_it_was_not_saved(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    async with rated_at_the_resume(app_paths, clock) as (app, pilot):
        [held] = HistoryStore(app_paths.history_file).load().sessions
        HistoryStore(app_paths.history_file).delete(held.id)  # `coretui delete` meanwhile
        await pilot.press("q", "y")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said == ["Not saved: this workout was deleted from the history."], said
    assert HistoryStore(app_paths.history_file).load().sessions == []

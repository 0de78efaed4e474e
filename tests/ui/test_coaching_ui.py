"""Equipment swaps and progression suggestions, as the user meets them."""

from __future__ import annotations

import json

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, Label, Static

from coretui.history import HistoryStore
from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.screens.summary import SummaryScreen
from coretui.tui.screens.workout import WorkoutScreen
from coretui.workout.timeline import StepKind
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, walk, write_routine
from tests.ui.scenes import done_in_full

SIZE = (100, 30)


def owning(app_paths: AppPaths, *tags: str) -> None:
    """The settings say the user has this equipment (and no other)."""
    app_paths.config_dir.mkdir(parents=True, exist_ok=True)
    app_paths.settings_files[0].write_text(f"equipment = {json.dumps(tags)}\n")


async def to_the_step(pilot: Pilot[int], app: CoreApp, label: str) -> WorkoutScreen:
    """Core six started at once, skipped on with n to the first step called `label`."""
    assert isinstance(app.screen, WorkoutScreen)
    while app.screen.engine.step.label != label:
        await pilot.press("n")
    return app.screen


async def test_a_missing_station_runs_the_floor_variant_and_records_it(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    owning(app_paths, "mat", "swiss-ball", "bench")
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_step(pilot, app, "Back extension")
        title = str(app.screen.query_one("#exercise").render())
        assert "Floor back extension" in title
        await pilot.press("n")
        await pilot.press("q", "y")
    [session] = HistoryStore(app_paths.history_file).load().sessions
    back = [s for s in session.steps if s.exercise == "Back extension"]
    assert back[0].variant == "Floor back extension"


async def test_the_picker_says_which_exercise_is_swapped(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    owning(app_paths, "mat")
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE):
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "No back extension station: Back extension becomes Floor back extension" in detail


def after_two_full_days(app_paths: AppPaths, clock: FakeClock) -> CoreApp:
    """An app starting core-quick (no get-ready) after two days of it done in full: its
    third full run brings the progression suggestions."""
    app_paths.data_dir.mkdir(parents=True, exist_ok=True)
    app_paths.history_file.write_text(
        done_in_full("core-quick", 2).to_json_line() + done_in_full("core-quick", 1).to_json_line()
    )
    return make_app(app_paths, clock, "core-quick", lead_in=0)


def shown_ideas(app: CoreApp) -> list[str]:
    """The summary's ideas for next time, as they read."""
    return [str(label.render()) for label in app.screen.query(".idea")]


async def to_the_summary(pilot: Pilot[int], app: CoreApp, clock: FakeClock) -> None:
    """The workout under way, run to its end: the summary shows."""
    assert app.workout is not None
    await walk(pilot, app, clock, app.workout.engine.remaining_total_s() + 1)
    assert isinstance(app.screen, SummaryScreen)


async def rated(pilot: Pilot[int], before: int, after: int) -> None:
    """The summary's pain before and after typed (no pain asked before the workout)."""
    await pilot.press(*str(before), "tab", *str(after))
    await pilot.pause()


async def test_accepting_a_progression_changes_the_next_workout(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = after_two_full_days(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_summary(pilot, app, clock)
        await rated(pilot, 3, 2)
        ideas = shown_ideas(app)
        assert any("Plank" in idea and "65 s" in idea for idea in ideas)
        first_accept = app.screen.query(".accept").first(Button)
        await pilot.click(first_accept)
        await pilot.pause()
        overlay = json.loads((app_paths.config_dir / "progress.json").read_text())
        assert overlay["core-quick"]["Plank"] == {"seconds": 65}

        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        while app.screen.selected is None or app.screen.selected.routine.id != "core-quick":
            await pilot.press("down")
        assert "Your change: Plank, 65 s" in str(app.screen.query_one("#detail").render())
        await pilot.press("enter")
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.engine.step.label == "Plank"  # --lead-in 0 still applies
        assert app.screen.engine.step_remaining() == 65


async def test_a_pain_rise_brings_an_easier_suggestion(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        assert app.workout is not None
        await walk(pilot, app, clock, app.workout.engine.remaining_total_s() + 1)
        assert not list(app.screen.query(".idea"))
        await pilot.press("2", "tab", "5", "enter")
        await pilot.pause()
        ideas = shown_ideas(app)
        assert any("pain went up" in idea and "Plank on knees" in idea for idea in ideas)


async def test_dismissing_a_progression_says_so_and_changes_nothing(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = after_two_full_days(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_summary(pilot, app, clock)
        await rated(pilot, 2, 2)
        ideas = len(app.screen.query(".idea"))
        accepts = list(app.screen.query(".accept").results(Button))
        await pilot.click(app.screen.query(".dismiss").first(Button))
        await pilot.pause()
        assert len(app.screen.query(".idea")) == ideas - 1
        assert app.focused is accepts[1], "on to the next idea (the focus was lost)"
        assert [n.message for n in app._notifications][-1] == "Not taken: Plank stays as it is."
        assert not (app_paths.config_dir / "progress.json").exists()


async def test_a_pain_rise_typed_turns_harder_ideas_easier_before_any_save(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The harder ideas stayed, to accept, while "after" read 6 (before 3): they changed
    # only once Enter saved the ratings. And at 100x30 a fourth idea was out of sight.
    app = after_two_full_days(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_summary(pilot, app, clock)
        await rated(pilot, 3, 3)  # no Enter: nothing saved yet
        ideas = shown_ideas(app)
        assert len(ideas) == 5 and ideas[0].startswith("(1 of 5) Plank: done in full")
        shown = app.screen.query_one("#suggestions").region
        assert sum(shown.contains_region(row.region) for row in app.screen.query(".suggestion")) > 3
        await pilot.press("backspace", "6")
        await pilot.pause()
        ideas = shown_ideas(app)
        assert ideas and all("pain went up from 3 to 6" in idea for idea in ideas), ideas
        assert not any("next time" in idea for idea in ideas)
        await pilot.press("backspace", "3")  # no rise
        await pilot.pause()
        ideas = shown_ideas(app)
        assert any("Hold 65 s next time" in idea for idea in ideas), ideas
        await pilot.click(app.screen.query(".dismiss").first(Button))
        await pilot.pause()
        ideas = shown_ideas(app)
        assert ideas[0].startswith("(1 of 4) Side plank"), "counted again"


@pytest.mark.parametrize("before", ["4", ""])
async def test_harder_ideas_wait_for_the_pain_after(
    before: str, app_paths: AppPaths, clock: FakeClock
) -> None:
    # "Hold 13 s next time?" was offered with "after" empty, above the pain fields, and
    # accepted; the pain after, 7 against 4, came too late: the longer hold stayed.
    # With no pain before, a 9 after changed nothing.
    app = after_two_full_days(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_summary(pilot, app, clock)
        await pilot.press(*before, "tab")
        await pilot.pause()
        assert shown_ideas(app) == ["5 harder ideas for next time: give your pain after."]
        assert not app.screen.query(".accept")
        await pilot.press("7" if before else "9")
        await pilot.pause()
        ideas = shown_ideas(app)
        if before:
            assert ideas and all("pain went up from 4 to 7" in idea for idea in ideas[1:]), ideas
        assert ideas[0] == (
            f"Back pain {7 if before else 9} of 10: no harder ideas while it is this high."
            " Stop any move that causes sharp pain; see About back pain in Help (?)."
        )
        assert not any("next time" in idea for idea in ideas)


async def test_harder_ideas_taken_away_by_a_small_rise_say_why(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # 2 before, then 3 after: "5 harder ideas for next time: give your pain after" went
    # without a word (a rise of one point suggests nothing easier either).
    app = after_two_full_days(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_summary(pilot, app, clock)
        await pilot.press("2", "tab")
        await pilot.pause()
        assert shown_ideas(app) == ["5 harder ideas for next time: give your pain after."]
        await pilot.press("3")
        await pilot.pause()
        assert shown_ideas(app) == ["No harder ideas this time: your pain went up from 2 to 3."]
        await pilot.press("backspace", "2")  # no rise: the ideas are back
        await pilot.pause()
        assert any("next time?" in idea for idea in shown_ideas(app)), shown_ideas(app)


async def test_a_harder_idea_the_disk_refused_is_not_said_to_be_taken_back(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Not saved: ...", then a rise typed: "Taken back: Plank stays as it was before."
    # of a change that never was.
    import errno

    from coretui.workout.overlays import Overlays

    def refused(self: Overlays, held: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    app = after_two_full_days(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_summary(pilot, app, clock)
        await rated(pilot, 3, 3)
        monkeypatch.setattr(Overlays, "_save", refused)
        await pilot.click(app.screen.query(".accept").first(Button))
        await pilot.pause()
        app.screen.query_one("#pain-after").focus()
        await pilot.press("backspace", "7")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert "Not saved: no space left on device" in said
        assert not [message for message in said if message.startswith("Taken back")]


async def test_leaving_with_harder_ideas_held_for_the_pain_after_asks_it_once(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Esc with "after" blank: the ideas waiting for it were gone without a word.
    app = after_two_full_days(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_summary(pilot, app, clock)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen), "still open"
        said = [n.message for n in app._notifications]
        assert "Harder ideas wait for your pain after: give it, or leave again." in said
        assert app.focused is app.screen.query_one("#pain-after")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_a_harder_idea_accepted_is_taken_back_when_the_pain_after_then_rises(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Accepted at "after 3", then "after" mended to 7: the longer hold stayed, unsaid.
    app = after_two_full_days(app_paths, clock)
    progress = app_paths.config_dir / "progress.json"
    async with app.run_test(size=SIZE) as pilot:
        await to_the_summary(pilot, app, clock)
        await rated(pilot, 3, 3)
        await pilot.click(app.screen.query(".accept").first(Button))
        await pilot.pause()
        assert json.loads(progress.read_text())["core-quick"] == {"Plank": {"seconds": 65}}
        app.screen.query_one("#pain-after").focus()
        await pilot.press("backspace", "7")
        await pilot.pause()
        assert json.loads(progress.read_text())["core-quick"] == {}
        said = [n.message for n in app._notifications]
        assert "Taken back: Plank stays as it was before." in said
        assert any(idea.startswith("(1 of 5) Plank: pain went up") for idea in shown_ideas(app))


async def test_the_changes_accepted_for_a_routine_can_be_undone_from_the_palette(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # An easier variant accepted had no way back but editing progress.json by hand.
    progress = app_paths.config_dir / "progress.json"
    progress.parent.mkdir(parents=True, exist_ok=True)
    changes = {"Plank": {"seconds": 65}, "Side plank": {"variant": "easier"}}
    six = {"Plank": {"seconds": 90}}
    progress.write_text(json.dumps({"core-quick": changes, "core-six": six}))
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PickerScreen)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        undo = commands["Undo my changes: Quick core (7 min)"]
        assert undo.help == "Run it as its file has it: Plank (65 s); Side plank (easier variant)"
        undo.callback()
        await pilot.pause()
        detail = str(app.screen.query_one("#detail").render())
        told = "Plank (65 s); Side plank (easier variant)"
        assert detail == f"{told}: each goes back to what the routine's file has.", detail
        await pilot.press("y")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert "Quick core (7 min) runs as its file has it again; undone: Plank (65 s);" in said[-1]
        assert json.loads(progress.read_text()) == {"core-six": six}, "the other routine's kept"
        card = next(c for c in app.trainer.cards if c.id == "core-quick")
        assert not card.has_progress
        titles = [c.title for c in app.get_system_commands(app.screen) if "Undo" in c.title]
        assert titles == ["Undo my changes: Core six (full session)"]


@pytest.mark.parametrize(
    ("changes", "told"),
    [
        ({"Side": {"seconds": "abc"}}, ""),  # a slip typed by hand: nothing coretui applies
        ({"Plank": {"seconds": 65}}, "Plank (65 s)"),
    ],
    ids=["slip", "one"],
)
async def test_undo_of_one_change_or_a_slip_is_said_in_words_that_fit(
    app_paths: AppPaths, clock: FakeClock, changes: dict[str, object], told: str
) -> None:
    # A slip: "Run it as its file has it:" and ": each goes back to what the routine's
    # file has." said an empty list; one change was said as if there were several.
    progress = app_paths.config_dir / "progress.json"
    progress.parent.mkdir(parents=True, exist_ok=True)
    progress.write_text(json.dumps({"core-quick": changes}))
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        undo = commands["Undo my changes: Quick core (7 min)"]
        assert undo.help == f"Run it as its file has it: {told}".removesuffix(": ")
        undo.callback()
        await pilot.pause()
        detail = str(app.screen.query_one("#detail").render())
        back = f"{told}: it goes back to what the routine's file has."
        assert detail == (back if told else "It will run as its file has it."), detail
        await pilot.press("y")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        undone = f"; undone: {told}" if told else ""
        assert said[-1] == f"Quick core (7 min) runs as its file has it again{undone}.", said


async def test_a_move_that_hurt_on_its_easier_variant_is_said_to_be_for_a_physio(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "This hurts" on the knee plank, then skip: the summary said nothing at all.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await walk(pilot, app, clock, 5)
        await pilot.press("x", "s", "q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert shown_ideas(app)[0] == (
            "Plank on knees, the easier move, hurt: nothing easier to suggest; that is a"
            " question for a physiotherapist (About back pain in Help, ?)."
        )


async def test_a_move_with_no_easier_variant_that_hurt_is_given_a_word_too(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "This hurts" on a bird dog, which has no easier variant: its row said "hurt" and
    # the summary nothing, where a move that has one is offered it.
    app = make_app(app_paths, clock, "self-paced", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 5)
        await pilot.press("x", "escape")
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert shown_ideas(app)[0] == (
            "Bird dog hurt, and it has no easier variant: ease off or leave it out next"
            " time; if it keeps hurting, ask a physiotherapist (About back pain in Help, ?)."
        )


async def test_two_digits_typed_at_once_into_a_rating_say_it_is_out_of_range(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "12" in one burst (a quick hand, a paste): the message of the "1" found "12" in
    # the box while the ideas were worked out again, and coretui closed with a traceback.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_summary(pilot, app, clock)
        for key in ("1", "2"):
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen), "still open"
        assert "0 to 10" in str(app.screen.query_one("#save-status").render())


@pytest.mark.parametrize("switched_first", [False, True])
async def test_a_plank_that_hurt_and_was_switched_from_suggests_the_easier_one(
    app_paths: AppPaths, clock: FakeClock, switched_first: bool
) -> None:
    # "x" in the plank, then "Switch to Plank on knees" in the dialog: the summary
    # offered nothing for the plank, as if the knees had hurt. Switched to the knees
    # first and hurt on them, the knees are still not offered (a physio's question).
    # (e then x at once: the plank hurt, `test_engine_record.py`.)
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, app, clock, 10)
        if switched_first:
            await pilot.press("e")
            await walk(pilot, app, clock, 3)
        await pilot.press(*(["x", "escape"] if switched_first else ["x", "e", "space"]))
        assert isinstance(app.screen, WorkoutScreen)
        await to_the_summary(pilot, app, clock)
        ideas = [idea for idea in shown_ideas(app) if "Plank" in idea]
        if switched_first:  # (said to be a question for a physio, as its own line)
            assert ideas == [
                "Plank on knees, the easier move, hurt: nothing easier to suggest; that is a"
                " question for a physiotherapist (About back pain in Help, ?)."
            ]
        else:
            assert len(ideas) == 1 and ideas[0].endswith(
                "Plank hurt today. Switch to Plank on knees from next time?"
            ), ideas


async def test_what_nothing_fits_is_passed_over_from_the_rest_before_and_recorded_skipped(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Mat only: the 45 s rest after the back extension ran in full, then the Swiss-ball
    # pike began ("You have no swiss ball: press n to skip this one", "Up next: Rest
    # 0:30, then Swiss-ball pike, set 2 of 3"): the user on the mat got up to press n
    # for it and again for the reverse hip raise. The rest now leads to the hip raise.
    from coretui.tui.screens import workout_lines as lines
    from coretui.tui.widgets.cue import CueText

    owning(app_paths, "mat")
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_step(pilot, app, "Back extension")
        engine = screen.engine
        seen = []
        while engine.step.label != "Hip raise":
            seen.append(engine.step.label)
            await pilot.press("n")
            if engine.step.kind is StepKind.REST_EXERCISE:
                assert lines.up_next(engine) == "Up next: Hip raise, 15 reps, set 1 of 3"
                assert "swiss ball" not in screen.query_one(CueText).cue
        assert "Swiss-ball pike" not in seen and "Reverse hip raise" not in seen
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        totals = str(app.screen.query_one("#summary-totals", Label).render())
        assert totals.endswith("\nLeft out for your equipment: Swiss-ball pike, Reverse hip raise")
    [session] = HistoryStore(app_paths.history_file).load().sessions
    left_out = [s for s in session.steps if s.exercise in ("Swiss-ball pike", "Reverse hip raise")]
    assert len(left_out) == 6
    assert all((s.ended, s.done_s, s.done_reps) == ("skipped", 0, 0) for s in left_out)


BENCH_ONLY = """
id = "bench-only"
name = "Bench only"
lead_in_s = 0
[[exercises]]
kind = "reps"
name = "Reverse hip raise"
reps = 10
sets = 2
equipment = ["bench"]
[exercises.easier]
name = "Reverse hip raise on a Swiss ball"
cue = "Hips on the ball."
equipment = ["swiss-ball"]
"""


async def test_n_skips_an_exercise_nothing_fits_whole_and_e_shows_the_variant_s_own_cue(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # A routine nothing of which fits (passing over it would leave no workout): "You
    # have no bench: press n to skip this one." took an n for each set and rest; after
    # e it still named the bench, over a variant on a Swiss ball; the tag read "swiss-ball".
    from coretui.tui.widgets.cue import CueText

    owning(app_paths, "mat")
    write_routine(app_paths, "bench-only.toml", BENCH_ONLY)
    app = make_app(app_paths, clock, "bench-only", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        engine, cue = screen.engine, screen.query_one(CueText)
        assert cue.cue == "You have no bench: press n to skip this one."
        await pilot.press("e")  # its easier variant, on a Swiss ball: the user chose it
        assert "no bench" not in cue.cue and cue.cue, cue.cue
        await pilot.press("e", "n")  # back on the bench move: n skips the whole of it
        assert engine.finished
    [session] = HistoryStore(app_paths.history_file).load().sessions
    raises = [s for s in session.steps if s.exercise == "Reverse hip raise"]
    assert raises and all(s.ended == "skipped" and s.done_s < 1 for s in raises)

"""Counts read right on the picker, workout and summary: "1 exercise", "1 rep", "1 set"."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList

from coretui.paths import AppPaths
from coretui.tui.screens.summary import SummaryScreen
from coretui.wording import counted
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, walk, write_routine

SINGLE = """
id = "single"
name = "Single"
lead_in_s = 5
[[exercises]]
kind = "reps"
name = "Slow lift"
reps = 1
"""


def test_counted_says_one_thing_and_many_things() -> None:
    assert counted(1, "exercise") == "1 exercise"
    assert counted(0, "set") == "0 sets"
    assert counted(7, "exercise") == "7 exercises"


async def test_the_picker_counts_one_exercise(app_paths: AppPaths, clock: FakeClock) -> None:
    write_routine(app_paths, "single.toml", SINGLE)
    app = make_app(app_paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        options = app.screen.query_one("#routines", OptionList)
        prompt = str(options.get_option("single").prompt)
        assert "1 exercise ·" in prompt
        while options.highlighted is None or options.highlighted_option.id != "single":
            await pilot.press("down")
        detail = str(app.screen.query_one("#detail").render())
        assert "1 exercise ·" in detail
        assert "1 exercises" not in detail


async def test_the_workout_and_summary_count_one_rep_and_one_set(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    write_routine(app_paths, "single.toml", SINGLE)
    app = make_app(app_paths, clock, "single")
    async with app.run_test(size=(100, 30)) as pilot:
        up_next = str(app.screen.query_one("#up-next").render())
        assert up_next.endswith("Slow lift, 1 rep")  # during the lead-in
        await walk(pilot, app, clock, 6)
        assert str(app.screen.query_one("#counts").render()).startswith("1 rep at your pace")
        await pilot.press("enter")
        assert isinstance(app.screen, SummaryScreen)
        totals = str(app.screen.query_one("#summary-totals").render())
        assert "1 of 1 set done" in totals
        row = app.screen.query_one("#steps", DataTable).get_row_at(0)
        assert str(row[2]).startswith("1 rep ·")
        assert str(row[3]).startswith("1 rep ·")


async def test_the_summary_says_the_time_done_to_the_second(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "Active 1 min" for 1:44 of exercise (minutes rounded down): the steps' times
    # below it said 1:00 and 0:44.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, app, clock, 60 + 15 + 44.5)  # the plank, the rest, 44.5 s of a side
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        totals = str(app.screen.query_one("#summary-totals").render())
        assert totals.startswith("Active 1:44 · total 1:59 · "), totals


async def test_a_long_summary_headline_wraps_at_80x24(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "... · 3 skipped · 3 no": the counts were cut off at the terminal's edge.
    app = make_app(app_paths, clock, "core-quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, app, clock, 12)
        await pilot.press("enter")  # the plank ended early
        for _ in range(4):
            await pilot.press("n")  # a rest passed, a set and a side skipped
            await pilot.pause()
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        label = app.screen.query_one("#summary-totals")
        totals = str(label.render())
        assert len(totals) > 78 and totals.endswith("not done"), totals
        assert label.size.height >= 2 and label.size.width <= 80, label.size

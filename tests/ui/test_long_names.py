"""Names as long as a routine may have them (80 characters), at 80x24: cut, not pushing
what matters (the side, the numbers) off the screen."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from coretui.paths import AppPaths
from coretui.tui.screens.history import HistoryScreen
from coretui.tui.screens.session import SessionScreen
from coretui.tui.screens.summary import SummaryScreen
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, write_routine
from tests.ui.scenes import walk

ROUTINE = "An extraordinarily long routine name that goes on and on to reach eighty chars x"
EXERCISE = "Side-lying hip abduction with a very long descriptive exercise name here, ok x"
LONG = f"""
id = "long"
name = "{ROUTINE}"
lead_in_s = 0
[[exercises]]
kind = "hold"
name = "{EXERCISE}"
seconds = 20
per_side = true
switch_s = 0
"""


def table_text(table: DataTable) -> list[str]:  # type: ignore[type-arg]
    """The table's header and rows as the terminal shows them, each line a string."""
    return [strip.text for strip in table.render_lines(table.region.reset_offset)]


async def test_long_names_are_cut_and_the_side_and_the_numbers_stay_in_sight(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    write_routine(app_paths, "long.toml", LONG)
    app = make_app(app_paths, clock, "long")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#exercise", Static).content)
        assert len(title) <= 80 and title.endswith("… · Left side"), title
        await walk(pilot, app, clock, 20)
        title = str(app.screen.query_one("#exercise", Static).content)
        assert title.endswith("… · Right side"), title
        await walk(pilot, app, clock, 20.5)
        assert isinstance(app.screen, SummaryScreen)
        steps = app.screen.query_one("#steps", DataTable)
        head, left, *_ = table_text(steps)
        assert steps.virtual_size.width <= steps.size.width <= 80
        assert "Done" in head and "0:20" in left and "… (left)" in left
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        sessions = app.screen.query_one("#sessions", DataTable)
        head, row, *_ = table_text(sessions)
        assert sessions.virtual_size.width <= sessions.size.width <= 80
        assert "Status" in head and "Note" in head and "completed" in row and "…" in row
        await pilot.resize_terminal(200, 40)
        await pilot.pause()
        assert ROUTINE in table_text(sessions)[1], "a wide terminal has room for all of it"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        steps = app.screen.query_one("#session-steps", DataTable)
        head, left, right, *_ = table_text(steps)
        assert steps.virtual_size.width <= steps.size.width <= 80
        assert "Ended" in head and "… (left)" in left and "… (right)" in right
        assert "done" in left


async def test_two_routines_of_one_name_are_told_apart_by_their_ids(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Two "My routine"s (a second new one left with its name) read the same in the list.
    from textual.widgets import OptionList

    body = '[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = 30\n'
    for routine_id in ("my-routine", "my-routine-2"):
        write_routine(
            app_paths, f"{routine_id}.toml", f'id = "{routine_id}"\nname = "My routine"\n{body}'
        )
    app = make_app(app_paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#routines", OptionList)
        firsts = [
            str(options.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(options.option_count)
        ]
        assert "My routine (my-routine)" in firsts and "My routine (my-routine-2)" in firsts
        assert "Quick core (7 min)" in firsts, "a name no other routine has: as it is"


async def test_each_routine_of_a_list_with_a_scrollbar_keeps_all_its_lines(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Without a bench the first routine says what is swapped, a line more; in a list
    # long enough for its scrollbar, that line took the place of the separator under it
    # (the list was measured while it was built again, its scrollbar gone).
    app_paths.settings_files[0].parent.mkdir(parents=True, exist_ok=True)
    app_paths.settings_files[0].write_text('equipment = ["mat", "swiss-ball"]\n')
    for n in range(6):
        write_routine(app_paths, f"mine-{n}.toml", LONG.replace('"long"', f'"mine-{n}"'))
    app = make_app(app_paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#routines")
        assert listing.show_vertical_scrollbar
        shown = [strip.text.strip("│ ") for strip in listing.render_lines(listing.region)]
        second = shown.index("Core six (mat only)")
        assert "swapped" in " ".join(shown[:second]), "\n".join(shown)
        assert shown[second - 2 : second] == ["your equipment", "─" * 34], "\n".join(shown)

"""The picker's detail pane: a small figure beside each exercise line, or the first move's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import OptionList, Static

from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.widgets.exercise_rows import ExerciseRow, StillFigure
from tests.conftest import FakeClock
from tests.ui.conftest import make_app
from tests.ui.scenes import SCENES, build


def drawn(figure: StillFigure) -> bool:
    drawing = figure.drawing
    return drawing is not None and any(any(row) for row in drawing.body)


def shown_figures(app: CoreApp) -> list[StillFigure]:
    return [figure for figure in app.screen.query(StillFigure) if figure.display]


async def highlight(app: CoreApp, pilot, routine_id: str) -> None:  # type: ignore[no-untyped-def]
    options = app.screen.query_one("#routines", OptionList)
    while options.highlighted_option is None or options.highlighted_option.id != routine_id:
        await pilot.press("down")
    await pilot.pause()


async def test_a_figure_beside_each_exercise_line_when_the_pane_is_wide(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        routine = app.screen.trainer.plan(app.screen.trainer.library.routines[0].routine).routine
        rows = list(app.screen.query(ExerciseRow))
        assert len(rows) == len(routine.exercises) == 7  # core-six
        for number, (row, exercise) in enumerate(zip(rows, routine.exercises, strict=True), 1):
            text = row.query_one(".exercise-text", Static)
            figure = row.query_one(StillFigure)
            lines = str(text.render()).splitlines()
            assert lines[0].startswith(f"{exercise.name}:")
            assert str(row.query_one(".exercise-number", Static).render()) == f"{number}."
            assert figure.display and drawn(figure)
            assert figure.figure is exercise.figure
            # beside its line: on the same row, right of the text, which does not wrap
            assert figure.region.y == text.region.y
            assert figure.region.x >= text.region.x + max(map(cell_len, lines))
            assert text.region.height == len(lines)
        assert len(shown_figures(app)) == 7


async def test_an_exercise_started_on_its_easier_variant_shows_the_variant_s_figure(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Mat only: "easier: Floor back extension (you start on it)" beside the station's figure.
    app_paths.config_dir.mkdir(parents=True, exist_ok=True)
    app_paths.settings_files[0].write_text('equipment = ["mat"]\n')
    app = make_app(app_paths, clock)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        routine = app.screen.trainer.plan(app.screen.trainer.library.routines[0].routine).routine
        rows = {
            str(row.query_one(".exercise-text", Static).render()).split(":")[0]: row
            for row in app.screen.query(ExerciseRow)
        }
        [station] = [e for e in routine.exercises if e.name == "Back extension"]
        assert station.easier is not None and station.easier.figure is not None
        assert rows["Back extension"].query_one(StillFigure).figure is station.easier.figure


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_only_the_first_moves_figure_when_the_pane_is_narrow(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        [figure] = shown_figures(app)
        first = app.screen.query(ExerciseRow).first()
        assert figure.parent is first
        assert str(first.query_one(".exercise-text", Static).render()).startswith("Plank:")
        assert drawn(figure)
        # under the first line, and on screen without scrolling
        assert figure.region.y >= first.query_one(".exercise-text").region.bottom
        pane = app.screen.query_one("#detail-pane")
        assert figure.region.bottom <= pane.content_region.bottom


async def test_resizing_the_terminal_switches_between_the_two(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert len(shown_figures(app)) == 7
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert len(shown_figures(app)) == 1
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert len(shown_figures(app)) == 7


async def test_the_figures_follow_the_highlighted_routine(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        plank = app.screen.query(StillFigure).first()
        before = plank.drawing
        await highlight(app, pilot, "core-quick")
        quick = next(
            r for r in app.screen.trainer.library.routines if r.routine.id == "core-quick"
        ).routine
        figures = shown_figures(app)
        assert [f.figure for f in figures] == [e.figure for e in quick.exercises]
        assert all(drawn(f) for f in figures)
        await highlight(app, pilot, "core-six")
        assert len(shown_figures(app)) == 7
        # the same figure at the same size is drawn once
        assert app.screen.query(StillFigure).first().drawing is before


async def test_exercises_without_a_figure_keep_their_lines_short(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await highlight(app, pilot, "self-paced")  # a user routine, drawn by nobody
        rows = list(app.screen.query(ExerciseRow))
        assert len(rows) == 2
        assert shown_figures(app) == []
        assert [row.region.height for row in rows] == [1, 1]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert shown_figures(app) == []


def test_picker_with_a_figure_beside_each_line_matches_snapshot(
    snap_compare, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """160x48; 100x30 and 80x24 (the first move's figure) are in test_snapshots.py."""
    app, run_before = build(SCENES["picker"], tmp_path)
    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


async def test_the_detail_pane_says_the_get_ready_time_lead_in_gives(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # `coretui --lead-in 3`: the pane said "get ready 10s" (the routine's), and a
    # total with it, while every workout started from it got ready for 3 s.
    for lead_in, said, total in (
        (None, "get ready 10 s ·", "About 7 min"),
        (120, "get ready 120 s (--lead-in) ·", "About 9 min"),
    ):
        app = make_app(app_paths, clock, lead_in=lead_in)
        async with app.run_test(size=(100, 30)) as pilot:
            await highlight(app, pilot, "core-quick")
            detail = str(app.screen.query_one("#detail", Static).render()).replace("\u2800", " ")
            assert said in detail and total in detail, detail
            # The list's entry gives the same time (it gave the routine's own).
            options = app.screen.query_one("#routines", OptionList)
            entry = str(options.get_option("core-quick").prompt)
            assert f"\n{total.removeprefix('About ')} · 5 exercises" in entry, entry


async def test_coretui_run_id_leaves_the_list_on_the_routine_it_ran(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # `coretui run core-quick`: the list under the workout showed (and, once the
    # workout was over, kept) the top routine, Core six, not the one run.
    app = make_app(app_paths, clock, routine_id="core-quick", lead_in=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = next(s for s in app.screen_stack if isinstance(s, PickerScreen))
        assert app.screen is not picker, "the workout starts at once"
        card = picker.selected_card
        assert card is not None and card.id == "core-quick"
        assert "Quick core" in str(picker.query_one("#detail", Static).render())


async def test_an_entry_s_equipment_wraps_between_names_with_the_keys_panel_open(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # At 80x24 with the keys panel open, "back-extension-station," was wider than the
    # list: a line began with ", swiss-ball, bench".
    app = make_app(app_paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_show_help_panel()
        await pilot.pause()
        await pilot.pause()
        options = app.screen.query_one("#routines", OptionList)
        lines = [strip.text for strip in options.render_lines(options.region.reset_offset)]
        text = [line.strip(" │") for line in lines if line.strip(" │")]
        assert "mat, back extension station, swiss ball, bench" in " ".join(text), text
        assert not any(line.startswith(",") for line in text), text


async def test_the_highlighted_routine_stays_in_view_when_the_terminal_narrows(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The last routine highlighted at 100x30, then the terminal made 60x20: the names
    # wrapped longer, and the routine the pane described was scrolled out of the list.
    app = make_app(app_paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#routines", OptionList)
        last = options.get_option_at_index(options.option_count - 1).id
        assert last is not None
        await highlight(app, pilot, last)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        highlighted = options.highlighted
        assert highlighted is not None
        first = options._index_to_line[highlighted]
        last_line = first + options._heights[highlighted] - 1
        top = options.scroll_offset.y
        bottom = top + options.scrollable_content_region.height
        assert top <= first and last_line < bottom, (top, bottom, first, last_line)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 48)])
async def test_no_line_of_the_pane_begins_with_the_unit_of_a_number_above(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    # At 100x30: "... · rests 30" and then a line "s between sets", "down 2" then "s".
    app = make_app(app_paths, clock)
    async with app.run_test(size=size) as pilot:
        for routine_id in ("core-six", "core-six-mat", "core-quick"):
            await highlight(app, pilot, routine_id)
            rows = [strip.text for strip in app.screen._compositor.render_strips()]
            pieces = [piece.strip() for row in rows for piece in row.split("│")]
            orphans = [p for p in pieces if re.match(r"(s|min|reps?)(\W|$)", p)]
            assert not orphans, (routine_id, rows)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_wrapped_exercise_line_goes_on_under_its_text_not_its_number(
    app_paths: AppPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    # "3. Back extension: 3 x 12 reps, up 2 s /" went on at the pane's edge as
    # "hold 1 s / down 2 s", under the number, like an item of its own.
    app = make_app(app_paths, clock)
    async with app.run_test(size=size) as pilot:
        await highlight(app, pilot, "core-six")
        wrapped = 0
        for number, row in enumerate(app.screen.query(ExerciseRow), 1):
            label = row.query_one(".exercise-number", Static)
            text = row.query_one(".exercise-text", Static)
            assert str(label.render()) == f"{number}."
            assert text.region.x == label.region.right + 1 and text.region.y == label.region.y
            shown = [strip.text.strip() for strip in text.render_lines(text.region.reset_offset)]
            wrapped += len(shown) > len(str(text.render()).splitlines())
            # A tempo's "/" ends a line, never begins one.
            assert not [line for line in shown if line.startswith("/")], shown
        assert wrapped >= 3

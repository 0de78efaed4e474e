"""The summary's form: every field reachable on a small terminal, saved once on Done."""

from __future__ import annotations

import msgspec
import pytest
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import Button, Input, Label

from coretui.history import HistoryStore, StepEntry
from coretui.paths import AppPaths
from coretui.services.sessions import SessionBook
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.screens.summary import SummaryScreen, step_row
from coretui.workout.coaching import Suggestion
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, walk
from tests.ui.scenes import skip_to_summary


async def test_at_40x12_tab_reaches_every_field_on_screen(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(40, 12)) as pilot:
        await skip_to_summary(pilot, app)
        screen = app.screen
        visible = Region(0, 0, 40, 12 - 1)  # above the footer
        for field_id in ("pain-before", "pain-after", "note", "done"):
            field = screen.query_one(f"#{field_id}")
            assert isinstance(field, Input | Button)
            assert app.focused is field, f"Tab did not reach #{field_id}"
            await pilot.pause()
            assert visible.contains_region(field.region), f"#{field_id} at {field.region}"
            await pilot.press("tab")


async def test_tab_stops_only_where_the_focus_shows(app_paths: AppPaths, clock: FakeClock) -> None:
    # From Done, three presses of Tab showed nothing focused (the scrolling form, the
    # steps, the box of suggestions) before Accept: Enter there pressed nothing.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await skip_to_summary(pilot, app)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        idea = Suggestion("core-quick", "Plank", "Plank", "easier", "Knees?", {"variant": "easier"})
        screen.show_suggestions([idea])
        await pilot.pause()
        screen.query_one("#done", Button).focus()
        stops = []
        for _ in range(7):
            await pilot.press("tab")
            stops.append(app.focused)
        assert not [w for w in stops if isinstance(w, VerticalScroll)], stops
        assert [type(w).__name__ for w in stops[:3]] == ["RowTable", "Button", "Button"]
        assert "accept" in stops[1].classes


async def test_on_a_small_terminal_tab_reaches_the_form_itself_to_scroll_to_its_top(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # At 60x14 the form opened scrolled to the ratings, and no key brought back the
    # totals and the streak above them.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(60, 14)) as pilot:
        await skip_to_summary(pilot, app)
        body = app.screen.query_one("#summary-body")
        assert body.scroll_y > 0
        for _ in range(8):
            await pilot.press("tab")
            if app.focused is body:
                break
        assert app.focused is body, "a stop of Tab's"
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        assert "Active" in str(app.screen.query_one("#summary-totals").render())


async def test_done_saves_the_ratings_once(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves: list[tuple[int | None, int | None, str]] = []
    annotate = SessionBook.annotate

    def counting(self, result, before, after, note, shown=None):  # type: ignore[no-untyped-def]
        saves.append((before, after, note))
        return annotate(self, result, before, after, note, shown)

    monkeypatch.setattr(SessionBook, "annotate", counting)
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await skip_to_summary(pilot, app)
        await pilot.press("3", "tab", "1")
        await pilot.click("#done")
        assert isinstance(app.screen, PickerScreen)
        # The summary is gone: the routine list says what was kept with the workout.
        said = [n.message for n in app._notifications]
        assert "Saved with the workout just done: pain before 3, pain after 1." in said, said
    assert saves == [(3, 1, "")]


async def test_done_keeps_a_rating_another_window_gave_to_a_box_left_untouched(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Another window's summary of the same session gave pain after 6; Done here, with
    # only a note typed, wrote its empty "after" over it.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await skip_to_summary(pilot, app)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        other = SessionBook(HistoryStore(app_paths.history_file))
        other.ensure_loaded()
        assert not other.annotate(screen.result, None, 6, "", (None, None, "")).error
        screen.query_one("#note", Input).value = "tight hips"
        await pilot.click("#done")
        assert isinstance(app.screen, PickerScreen)
    [session] = HistoryStore(app_paths.history_file).load().sessions
    assert (session.pain_after, session.note) == (6, "tight hips")


async def test_a_bad_rating_is_said_until_mended_and_esc_takes_you_to_it(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await skip_to_summary(pilot, app)
        status = app.screen.query_one("#save-status")
        await pilot.press("tab", "1", "1")  # "after": 11
        assert "0 to 10" in str(status.render())
        await pilot.press("tab")  # on to the note, then Esc: not closed, back to the 11
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        assert app.focused is app.screen.query_one("#pain-after", Input)
        await pilot.press("backspace")  # 1: mended, and the warning goes
        assert str(status.render()) == "Saved to history."
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


async def test_tab_back_to_the_note_adds_to_it_rather_than_typing_over_it(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await skip_to_summary(pilot, app)
        await pilot.press("tab", "tab", *"sore back", "tab", "shift+tab", *" eased")
        assert app.screen.query_one("#note", Input).value == "sore back eased"


async def test_ctrl_s_says_what_it_kept_with_the_workout(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Ctrl+S wrote the ratings and the note, and the form still said "Saved to
    # history." as before it: nothing told the user that the save had happened.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await skip_to_summary(pilot, app)
        status = app.screen.query_one("#save-status")
        assert str(status.render()) == "Saved to history."
        await pilot.press("tab", "2", "tab", *"[b]easier[/b]", "ctrl+s")
        said = "Saved with the workout just done: pain after 2, your note."
        assert str(status.render()) == said
        assert isinstance(app.screen, SummaryScreen)


async def test_a_workout_that_does_not_count_toward_the_streak_says_why(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "Workout complete", then "Streak 0 days": every set skipped, and no word of why.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await skip_to_summary(pilot, app)
        said = str(app.screen.query_one("#summary-streak", Label).render())
        assert said.startswith("Streak 0 days")
        assert "Not counted toward your streak: under half the planned work done." in said
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, app, clock, app.workout.engine.remaining_total_s() + 1)
        assert isinstance(app.screen, SummaryScreen)
        said = str(app.screen.query_one("#summary-streak", Label).render())
        assert said.startswith("Streak 1 day") and "Not counted" not in said


async def test_a_workout_begun_before_midnight_says_which_day_it_counts_for(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Ended after midnight: "Streak 3 days · this week 0/3" read as the workout not
    # counted; it is dated the day it began.
    from datetime import date, timedelta

    began = date.today()
    app = make_app(app_paths, clock, "core-quick", lead_in=0, today=began + timedelta(days=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, app, clock, app.workout.engine.remaining_total_s() + 1)
        assert isinstance(app.screen, SummaryScreen)
        said = str(app.screen.query_one("#summary-streak", Label).render())
        day = f"{began:%a} {began.day} {began:%b}"
        assert said.endswith(f"\nCounted for {day}, the day it began."), said


def test_a_hurt_step_says_so_and_the_variant_s_name_has_a_line_of_its_own() -> None:
    # "ended early · Single-leg prone lift · hurt" was cut at 100 columns before "hurt";
    # "skipped · hurt · Half hip raise" at 80 columns, in the variant's name; "hurt"
    # has a line of its own too (see below).
    entry = StepEntry(
        exercise="Prone leg lift",
        planned_reps=15,
        planned_s=60,
        done_s=30,
        done_reps=7,
        ended="done",
        variant="Single-leg prone lift",
        hurt=True,
    )
    outcome = str(step_row(entry, "", earlier=False)[-1])
    assert outcome == "ended early\nas Single-leg prone lift\nhurt"
    # Marked on the standard move, then switched: "hurt" beside the variant was read
    # as the variant's.
    switched = msgspec.structs.replace(entry, hurt_on_standard=True)
    outcome = str(step_row(switched, "", earlier=False)[-1])
    assert outcome == "ended early\nas Single-leg prone lift\nhurt on the full move"


@pytest.mark.parametrize("routine_id", ["core-six", "core-six-mat", "core-quick"])
def test_every_column_of_a_resumed_summary_fits_80_columns_with_hurt_in_sight(
    routine_id: str,
) -> None:
    # At 80x24 a resumed Core six ran past the edge: "earlier: ended early · hurt" beside
    # a Side column and "2 reps · 0:11" lost its "· hurt", with no "…" to say so.
    from coretui.tui.widgets.row_table import lines_width
    from coretui.workout.routines import load_library
    from coretui.workout.timeline import compile_routine

    loaded = load_library(None).get(routine_id)
    assert loaded is not None
    work = [step for step in compile_routine(loaded.routine).steps if step.is_work]
    rows = []
    for step in work:  # each the longest it can be said: ended early, hurt, on its variant
        entry = StepEntry(
            exercise=step.label,
            side=step.side,
            planned_s=step.seconds,
            planned_reps=step.reps,
            added_s=-10.0 if step.reps is None else 0.0,
            done_s=11,
            done_reps=None if step.reps is None else 2,
            ended="done",
            variant="Side plank on knees",
            hurt=True,
        )
        rows.append(step_row(entry, f"{step.set_number}/{step.sets}", earlier=True))
    widths = [lines_width([row[i] for row in rows]) for i in range(1, len(rows[0]))]
    assert sum(width + 2 for width in widths) + 2 + (12 + 2) <= 78  # (RowTable._fit's sums)
    assert all("hurt" in str(row[-1]).split("\n") for row in rows)


@pytest.mark.parametrize(
    ("added_s", "said"), [(-7.0, "10 reps -1 · 1:10"), (14.0, "10 reps +2 · 1:10")]
)
def test_reps_taken_off_or_added_in_a_paced_set_are_said_in_reps(added_s: float, said: str) -> None:
    # "-" in a hip raise showed "Rep 2 of 9" on the screen, and the summary and the
    # history then said "10 reps · 1:10 -7s": seconds the user never saw.
    entry = StepEntry(
        exercise="Hip raise",
        planned_reps=10,
        planned_s=70,
        added_s=added_s,
        done_s=70 + added_s,
        done_reps=10 + round(added_s / 7),
        ended="time",
    )
    planned = str(step_row(entry, "", earlier=False)[2])
    assert planned == said
    hold = StepEntry(exercise="Plank", planned_s=60, added_s=10, done_s=70, ended="time")
    assert str(step_row(hold, "", earlier=False)[2]) == "1:00 +10s"


async def test_a_long_note_left_shows_its_start_and_is_added_to_at_its_end(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Left after Ctrl+S, the box showed "k; hip raise twinged, skipped it": the end of
    # the note, its start out of sight.
    note = "Knees plank ok; hip raise twinged, skipped it"
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await skip_to_summary(pilot, app)
        box = app.screen.query_one("#note", Input)
        box.focus()
        await pilot.press(*note, "tab")
        await pilot.pause()
        assert not box.has_focus
        shown = "".join(line.text for line in box.render_lines(box.region.reset_offset))
        assert "Knees plank" in shown, shown
        await pilot.press("shift+tab", *" again")
        assert box.value == note + " again"


@pytest.mark.parametrize(
    ("added_s", "said"), [(-4.1, "0:08 -5s"), (-0.3, "0:08 -1s"), (4.5, "0:08 +4s")]
)
def test_time_taken_off_or_added_agrees_with_the_time_done(added_s: float, said: str) -> None:
    # "0:08 -4s" beside "0:03" for a hold cut to 3.9 s: the time done is whole seconds
    # rounded down, and the change was rounded to the nearest ("-0s" for 0.3 s).
    entry = StepEntry(
        exercise="Plank", planned_s=8, added_s=added_s, done_s=8 + added_s, ended="time"
    )
    _, _, planned, done, _ = (str(cell) for cell in step_row(entry, "", earlier=False))
    assert planned == said
    change = int(said.split()[1].removesuffix("s"))
    assert int(done.split(":")[1]) == 8 + change


async def test_the_steps_table_names_every_column_as_the_session_page_does(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The fifth column ("done", "skipped", "ended early") had no header on the summary.
    from textual.widgets import DataTable

    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await skip_to_summary(pilot, app)
        table = app.screen.query_one("#steps", DataTable)
        labels = [str(column.label) for column in table.columns.values()]
        assert labels == ["Exercise", "Set", "Planned", "Done", "Ended"]

"""The History screen: a session opens on Enter, d deletes one, pain is drawn on 0-10."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from msgspec.structs import replace
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable, Label, OptionList, Static

from coretui.cells import cut
from coretui.history import HistoryError, HistoryStore
from coretui.history.session_words import heading_parts
from coretui.paths import AppPaths
from coretui.tui import history_watch
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.history import HistoryScreen, bars
from coretui.tui.screens.session import SessionScreen
from coretui.tui.widgets.heatmap import Heatmap
from tests.conftest import FakeClock
from tests.ui.conftest import make_app
from tests.ui.scenes import TODAY, done_in_full, walk

SIZE = (100, 30)


def test_one_low_pain_rating_draws_a_low_bar_not_a_full_one() -> None:
    assert bars([2], 10) == "▂"
    assert bars([0, 5, 10], 10) == "▁▅█"
    assert bars([7, 7, 7], 7) == "███", "the same number each week is not an empty history"


def label(app: App[int], selector: str) -> str:
    return str(app.screen.query_one(selector, Label).render())


@pytest.mark.parametrize("which", ["after", "before"])
async def test_the_pain_trend_keeps_the_newest_ratings_that_fit(
    app_paths: AppPaths, clock: FakeClock, which: str
) -> None:
    # 70 days of ratings: 0 on the oldest 40, 10 on the newest 30. Only the pain before
    # given (the rating asked before a workout): that is the trend drawn.
    sessions = [
        replace(done_in_full("core-quick", days), **{f"pain_{which}": 0 if days > 30 else 10})
        for days in range(70, 0, -1)
    ]
    HistoryStore(app_paths.history_file).append_many(sessions)
    app = make_app(app_paths, clock, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot, app)
        assert label(app, "#pain-label").startswith(f"Pain {which} (0-10), last 60:")
        # The newest as a number too: 9 and 10 draw the same bar.
        assert label(app, "#pain-trend") == "▁" * 30 + "█" * 30 + " 10"
        await pilot.resize_terminal(80, 24)  # 41 cells beside the label and the number
        await pilot.pause()
        assert label(app, "#pain-label").startswith(f"Pain {which} (0-10), last 41:")
        assert label(app, "#pain-trend") == "▁" * 11 + "█" * 30 + " 10"
        # a session a day, 7 a week, drawn from 0 (not the flat line of no sessions);
        # none yet this week, a Monday
        assert label(app, "#per-week") == "▁" * 15 + "█" * 10 + "▁ 0"
        await pilot.resize_terminal(50, 24)  # 11 cells: the newest 11 weeks
        await pilot.pause()
        assert label(app, "#per-week-label").startswith("Counted sessions/week (last 11):")
        assert label(app, "#per-week") == "█" * 10 + "▁ 0"


def history_with_a_hurt_step(paths: AppPaths) -> list[str]:
    older = done_in_full("core-quick", 2)
    steps = list(older.steps)
    steps[0] = replace(steps[0], hurt=True, ended="skipped", done_s=4.0)
    hurt = replace(
        done_in_full("core-six", 1), steps=steps, pain_after=2, note="Plank hurt.\nSecond line."
    )
    written = HistoryStore(paths.history_file).append_many([older, hurt])
    return [s.id for s in written]


async def open_history(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.press("h")
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)


async def test_a_session_logged_without_steps_shows_no_empty_table(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # `coretui log --status partial`: headings over no row, and "0 s · 0 of 0 sets done".
    logged = replace(done_in_full("core-quick", 1), status="partial", steps=[], duration_s=0.0)
    HistoryStore(app_paths.history_file).append(logged)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert not app.screen.query_one("#session-steps").display
        heading = str(app.screen.query_one("#session-heading").render())
        assert "logged without its steps" in heading and "0 of 0" not in heading


async def test_routines_of_one_name_are_told_apart_by_their_ids(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Three routines named "My routine" made in the editor read as one in the table.
    mine = [
        replace(
            done_in_full("core-quick", day),
            routine_id=rid,
            routine_name="My routine",
            note="felt the left side more than the right today, shorter rest next time",
        )
        for day, rid in ((3, "my-routine"), (2, "my-routine-2"))
    ]
    HistoryStore(app_paths.history_file).append_many([*mine, done_in_full("core-six", 1)])
    app = make_app(app_paths, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        names = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
        assert names == [
            "Core six (full session)",
            "My routine (my-routine-2)",
            "My routine (my-routine)",
        ]
        # At 80 columns beside a note the name gives way, its id kept: "My routine
        # (my-rout…" read the same for both.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        names = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
        assert names[1] == "My rout… (my-routine-2)" and names[2].endswith(" (my-routine)")
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_enter_opens_the_session_with_every_step_and_the_whole_note(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    history_with_a_hurt_step(app_paths)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert str(table.get_row_at(0)[5]) == "Plank"  # the Hurt column, newest first
        assert str(app.screen.query_one("#pain-trend", Label).render()) == "▂ 2"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        steps = app.screen.query_one("#session-steps", DataTable)
        assert steps.row_count == len(app.screen.session.steps)
        first = [str(cell) for cell in steps.get_row_at(0)]
        assert first[0] == "Plank" and first[2] == "1:00" and first[3] == "0:04"  # as the summary
        assert first[4] == "skipped\nhurt"
        # Two rows of "Superman" tell their sets apart; a move done once needs none.
        rows = [[str(c) for c in steps.get_row_at(n)][:2] for n in range(steps.row_count)]
        assert rows[-2:] == [["Superman", "1/2"], ["Superman", "2/2"]]
        assert rows[:2] == [["Plank", ""], ["Side plank (left)", ""]]
        assert "Plank hurt.\nSecond line." in str(app.screen.query_one("#session-note").render())
        heading = str(app.screen.query_one("#session-heading").render())
        assert "1 step hurt" in heading and "1 skipped" in heading
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_the_delete_question_gives_the_time_on_the_clocks_of_the_session_s_day(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Begun at 00:30 on 14 June in Tokyo and deleted in Los Angeles, it was asked about
    # as "the 2026-06-14 08:30 session": the day of Tokyo, the hour of Los Angeles (of
    # the 13th), a moment that never was; with two sessions that day, the wrong one.
    began = datetime(2026, 6, 13, 15, 30, tzinfo=UTC)
    tokyo = replace(
        done_in_full("core-six", 1), started_at=began, finished_at=began, tz="Asia/Tokyo"
    )
    HistoryStore(app_paths.history_file).append(replace(tokyo, local_date=date(2026, 6, 14)))
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        app = make_app(app_paths, clock)
        async with app.run_test(size=SIZE) as pilot:
            await open_history(pilot, app)
            await pilot.press("d")
            await pilot.pause()
            said = [str(label.render()) for label in app.screen.query(Label)]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert any(line.startswith("Delete the 2026-06-14 00:30 session") for line in said), said


async def test_d_deletes_the_session_after_a_confirmation(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    older, newer = history_with_a_hurt_step(app_paths)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        at = done_in_full("core-six", 1).started_at.astimezone().strftime("%H:%M")
        question = f"Delete the 2026-06-14 {at} session of Core six (full session), 6:40 long?"
        said = [str(label.render()) for label in app.screen.query(Label)]
        assert question in said
        # Its pain and note tell the rows apart; and a deletion is for good.
        assert (
            "Pain -→2 · Note: Plank hurt. Second line.\nIt leaves every list and streak: no undo."
            in said
        )
        await pilot.press("n")  # kept
        await pilot.pause()
        assert [s.id for s in HistoryStore(app_paths.history_file).load().sessions] == [
            older,
            newer,
        ]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one("#sessions", DataTable).row_count == 1
        assert "1 session" in str(app.screen.query_one("#streak").render())
    assert [s.id for s in HistoryStore(app_paths.history_file).load().sessions] == [older]


async def test_after_a_delete_the_keys_still_move_the_cursor_from_the_next_session(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The screen was composed again and its new table had no focus: Down did nothing,
    # the next `d` took the top session, and the weekly trend was left blank.
    oldest, middle, newest = (
        s.id
        for s in HistoryStore(app_paths.history_file).append_many(
            [done_in_full("core-quick", days) for days in (3, 2, 1)]
        )
    )
    app = make_app(app_paths, clock, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        await pilot.press("down")  # the middle session
        await pilot.press("d")
        await pilot.pause()
        # Another window saves while the question is asked: a row more above.
        newer = HistoryStore(app_paths.history_file).append(done_in_full("core-six", 0))
        await pilot.press("y")
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)

        def under_cursor() -> str:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        assert app.screen.focused is table
        assert under_cursor() == oldest, "the cursor on the session after the deleted one"
        await pilot.press("up")
        assert under_cursor() == newest
        await pilot.press("up")
        assert under_cursor() == newer.id
        assert label(app, "#per-week").strip(), "the sessions-a-week trend is drawn"
    assert middle not in [s.id for s in HistoryStore(app_paths.history_file).load().sessions]


async def test_a_history_that_cannot_be_read_again_says_so_on_the_history_screen(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    history_with_a_hurt_step(app_paths)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the briefs are read
        # The steps are read from the file when the table needs them: it is gone by then.
        app_paths.history_file.rename(app_paths.history_file.with_suffix(".moved"))
        app_paths.history_file.mkdir()
        await open_history(pilot, app)
        assert app.screen.query_one("#sessions", DataTable).row_count == 0
        shown = [n.message for n in app._notifications]
        assert any(str(app_paths.history_file) in message for message in shown), shown


async def test_the_history_tells_a_stopped_session_as_its_summary_did(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=(160, 40)) as pilot:
        await walk(pilot, app, clock, 12.5)  # 12.5 s of the plank...
        await pilot.press("plus")  # ...10 s added to it...
        await pilot.press("enter")  # ...and ended early
        await pilot.press("n", "n")  # the rest, then the left side plank skipped
        await pilot.press("q", "y")  # stopped in the right side: the rest not reached
        summary = app.screen
        rows = [summary.query_one("#steps", DataTable).get_row_at(n) for n in range(5)]
        # planned (time; reps have a column of their own in the detail), done, how it ended
        said = [(str(row[2]).split(" · ")[-1], str(row[3]), str(row[4])) for row in rows]
        totals = str(summary.query_one("#summary-totals", Label).render())
        await pilot.press("escape")
        await open_history(pilot, app)
        await pilot.press("enter")
        assert isinstance(app.screen, SessionScreen)
        steps = app.screen.query_one("#session-steps", DataTable)
        cells = [[str(cell) for cell in steps.get_row_at(n)] for n in range(5)]
        shown = [(row[2].split(" · ")[-1], row[3], row[4]) for row in cells]
        assert shown == said
        assert said[0] == ("1:00 +10s", "0:12", "ended early") and said[1][2] == "skipped"
        assert said[-1][2] == "not reached"
        counts = totals.split(" · ", 2)[2]  # "1 of 7 sets done · ..."
        assert counts in str(app.screen.query_one("#session-heading", Label).render())


@pytest.mark.parametrize("width", [40, 60, 80, 100])
async def test_a_session_s_heading_breaks_its_lines_between_its_parts(
    app_paths: AppPaths, clock: FakeClock, width: int
) -> None:
    # At some widths the heading broke inside a part: "... · 7" at a line's end, "min ·
    # ..." at the next one's start.
    history_with_a_hurt_step(app_paths)
    app = make_app(app_paths, clock)
    async with app.run_test(size=(width, 30)) as pilot:
        await open_history(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        parts = heading_parts(app.screen.session)
        shown = app.screen.query_one("#session-heading").render_lines(Region(0, 0, width, 9))
        lines = [line.text.strip() for line in shown if line.text.strip()]
        assert " · ".join(lines) == " · ".join(parts)
        runs = {" · ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, 99)}
        assert all(line in runs for line in lines), lines  # each line whole parts


async def test_sessions_another_process_saved_show_when_the_history_opens(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    older, _newer = history_with_a_hurt_step(app_paths)
    app = make_app(app_paths, clock)
    app.trainer.book.today = TODAY
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the history is read at start
        # Meanwhile a second window finishes a workout, and `coretui delete` runs.
        store = HistoryStore(app_paths.history_file)
        store.append(done_in_full("core-six-mat", 0))
        store.delete(older)
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 2
        assert str(table.get_row_at(0)[1]) == "Core six (mat only)"
        await pilot.press("escape")
        await pilot.pause()
        assert "Streak 2 days" in str(app.screen.query_one("#streak").render())


async def test_home_and_end_go_to_the_first_and_last_session_not_sideways(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    HistoryStore(app_paths.history_file).append_many(
        [done_in_full("core-quick", days) for days in range(40, 0, -1)]
    )
    app = make_app(app_paths, clock)
    async with app.run_test(size=(60, 20)) as pilot:  # narrower than the table
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        await pilot.press("end")
        await pilot.pause()
        assert (table.cursor_row, table.scroll_x) == (39, 0), "the dates stay in sight"
        await pilot.press("home")
        await pilot.pause()
        assert (table.cursor_row, table.scroll_x) == (0, 0)

        # At 40x12 the calendar left the table no row, while its keys still acted on it.
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert table.region.height >= 5, "the header and a few sessions in sight"
        assert not app.screen.query_one(Heatmap).display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.query_one(Heatmap).display


async def until(pilot, condition, what: str) -> None:  # type: ignore[no-untyped-def]
    """Let the app run (the watch's timer is shortened) until `condition()` holds; a busy
    machine gets ten seconds."""
    for _ in range(1000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}")


async def test_an_open_history_shows_what_another_window_saves_without_leaving_it(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_watch, "CHECK_EVERY_S", 0.02)
    older, newer = history_with_a_hurt_step(app_paths)
    app = make_app(app_paths, clock)
    app.trainer.book.today = TODAY
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        await pilot.press("down")  # the cursor on the older session
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == older
        # A second window finishes a workout while this one shows the history.
        HistoryStore(app_paths.history_file).append(done_in_full("core-six-mat", 0))

        def rows() -> int:
            tables = app.screen.query("#sessions").results(DataTable)  # none mid-redraw
            return next((t.row_count for t in tables), -1)

        # (The new table takes the focus just after it is filled: a busy machine saw
        # the rows before the focus.)
        await until(pilot, lambda: rows() == 3 and app.screen.focused, "the session listed")
        table = app.screen.query_one("#sessions", DataTable)
        assert str(table.get_row_at(0)[1]) == "Core six (mat only)"
        assert "3 sessions" in str(app.screen.query_one("#streak", Label).render())
        # The cursor stayed on the session it was on, now one row lower, and moves.
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == older
        assert app.screen.focused is table
        await pilot.press("up")
        assert table.cursor_row == 1
        # `coretui delete` in another terminal.
        HistoryStore(app_paths.history_file).delete(newer)
        await until(pilot, lambda: rows() == 2, "the deleted session gone")


async def test_the_routine_list_shows_the_new_streak_while_it_stays_open(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_watch, "CHECK_EVERY_S", 0.02)
    app = make_app(app_paths, clock)
    app.trainer.book.today = TODAY
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        streak = app.screen.query_one("#streak", Static)
        assert "Streak 0 days" in str(streak.render())
        HistoryStore(app_paths.history_file).append(done_in_full("core-quick", 0))
        await until(pilot, lambda: "Streak 1 day" in str(streak.render()), "the streak")


async def test_the_routine_list_left_open_past_midnight_tells_the_new_day(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Left open overnight, it still said "last done: today" of yesterday's workout,
    # and kept yesterday's streak, until something else redrew it.
    monkeypatch.setattr(history_watch, "CHECK_EVERY_S", 0.02)
    HistoryStore(app_paths.history_file).append(done_in_full("core-quick", 0))
    app = make_app(app_paths, clock)
    app.trainer.book.today = TODAY
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        options = app.screen.query_one(OptionList)

        def said() -> str:
            return str(options.get_option("core-quick").prompt)

        await until(pilot, lambda: "last done: today" in said(), "today")
        app.trainer.book.today = TODAY + timedelta(days=1)
        await until(pilot, lambda: "last done: yesterday" in said(), "the new day")


async def test_a_workout_covering_the_list_is_not_woken_to_look_at_the_history(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_watch, "CHECK_EVERY_S", 0.02)
    app = make_app(app_paths, clock)
    book = app.trainer.book
    looks = [0]
    original = book.reread_if_changed

    def counted() -> bool:
        looks[0] += 1
        return original()

    monkeypatch.setattr(book, "reread_if_changed", counted)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: looks[0] >= 2, "the list looking at the history")
        await pilot.press("enter")
        await until(pilot, lambda: app.workout is not None, "the workout")
        await pilot.pause(0.1)  # the watch's next turn finds the list covered, and stops
        looks[0] = 0
        await pilot.pause(0.2)  # ten of its periods
        assert looks[0] == 0


class HeatmapApp(App[None]):
    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        yield Heatmap({self.today: 20.0}, self.today)


@pytest.mark.parametrize("width", [40, 80, 100])
async def test_the_heatmap_fits_its_width_and_names_the_year_and_this_month(width: int) -> None:
    # At 40 columns its rows wrapped into a jumble; December (begun on a Tuesday) and
    # the year were named nowhere.
    app = HeatmapApp(date(2026, 12, 3))
    async with app.run_test(size=(width, 12)):
        heatmap = app.query_one(Heatmap)
        lines = heatmap.render_lines(Region(0, 0, width, 8))
        text = [line.text for line in lines]
        assert text[1].startswith("Mon ") and text[7].startswith("Sun ")
        assert text[0].startswith("2026") and text[0].rstrip().endswith("Dec")
        assert all(not line.startswith(("■", "·")) for line in text), "a row wrapped"
        assert text[4].rstrip().endswith("■"), "this week's Thursday is today, at the right"


async def test_a_heatmap_of_more_than_a_year_names_the_year_each_january_begins() -> None:
    # At 200 columns it spans two years and named only the first: the months after
    # January read as if of the same year.
    app = HeatmapApp(date(2026, 12, 3))
    async with app.run_test(size=(200, 12)):
        months = app.query_one(Heatmap).render_lines(Region(0, 0, 200, 8))[0].text
        assert months.startswith("2025")
        names = months.split()
        assert names[names.index("2026") - 1 : names.index("2026") + 2] == ["Dec", "2026", "Feb"]
        assert "Jan" not in names, "each January is named by its year"
        assert names[-1] == "Dec"


def test_a_long_note_in_the_table_ends_in_an_ellipsis_not_mid_word() -> None:
    assert cut("Back felt tight after the long run", 12) == "Back felt t…"
    assert cut("short", 12) == "short"


async def test_enter_at_once_after_down_opens_the_session_then_under_the_cursor(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Enter was a priority key, acted on before the table had taken a Down pressed just
    # ahead of it: the session above opened.
    ids = history_with_a_hurt_step(app_paths)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        for key in ("down", "enter"):
            app.post_message(events.Key(key, None))
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), "a session opened")
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.id == ids[0], "the older session, second from the top"


async def test_a_history_that_cannot_be_read_says_so_and_shows_once_it_can_be(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unreadable at the start, the History screen said "0 sessions" and "No sessions
    # yet", and went on saying it after the permissions were mended.
    history_with_a_hurt_step(app_paths)
    readable = HistoryStore.load_briefs
    problem = f"cannot read history: {app_paths.history_file}: permission denied"

    def refused(self: HistoryStore) -> object:
        raise HistoryError(problem)

    monkeypatch.setattr(HistoryStore, "load_briefs", refused)
    app = make_app(app_paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, app)
        line = app.screen.query_one("#unreadable", Label)
        said = " ".join(str(line.render()).split())  # (wrapped at 80 columns, not cut)
        assert said.startswith(problem) and said.endswith("until it can be read.")
        assert line.region.right <= 80 and line.region.height > 1
        assert str(app.screen.query_one("#streak", Label).render()) == "0 sessions this run"
        streak = str(app.screen.query_one("#streak-line", Label).render())
        assert streak.startswith("Streak unknown"), streak  # (it said "Streak 0 days")
        assert not [n for n in app._notifications if "No sessions yet" in n.message]
        monkeypatch.setattr(HistoryStore, "load_briefs", readable)
        await pilot.press("escape", "h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one("#sessions", DataTable).row_count == 2
        assert not app.screen.query("#unreadable")


async def test_the_footer_reads_the_same_with_the_table_focused_or_not(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    history_with_a_hurt_step(app_paths)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)

        def shown() -> list[str]:
            bindings = app.screen.active_bindings.values()
            said = [b.binding.description for b in bindings if b.binding.show]
            return list(dict.fromkeys(said))  # (Esc, q and h are one "Back")

        focused = shown()
        app.screen.set_focus(None)  # (a click on the calendar)
        await pilot.pause()
        assert shown() == focused, "the keys moved about in the footer"
        assert focused[:3] == ["Open", "Back", "Delete"]


async def test_a_session_s_steps_fit_80_columns_with_how_each_ended_in_sight(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # At 80 columns the table was 7 columns too wide: "Ended" read "ski", and "Hurt"
    # was past the edge, the columns that matter most. They are the summary's now.
    for routine_id in ("core-six", "core-six-mat", "core-quick"):
        session = done_in_full(routine_id, 1)
        steps = list(session.steps)
        steps[0] = replace(steps[0], hurt=True, ended="done", done_s=24.0, variant="Plank on knees")
        HistoryStore(app_paths.history_file).append(replace(session, steps=steps))
    app = make_app(app_paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, app)
        for _ in range(3):  # each of the three sessions
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            steps = app.screen.query_one("#session-steps", DataTable)
            assert steps.virtual_size.width <= steps.size.width <= 80, app.screen.session.routine_id
            assert str(steps.get_row_at(0)[-1]) == "ended early\nas Plank on knees\nhurt"
            await pilot.press("escape", "down")


async def test_a_long_note_is_cut_with_an_ellipsis_where_the_screen_ends(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # At 80 columns the table ran past the edge: "back t", "logg", cut mid-word.
    note = "Lower back tight after the long run; logged the side plank on knees instead."
    session = replace(done_in_full("core-six", 1), note=note, pain_after=3)
    HistoryStore(app_paths.history_file).append(session)
    app = make_app(app_paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.virtual_size.width <= table.size.width <= 80
        shown = str(table.get_row_at(0)[-1])
        assert shown.endswith("…") and note.startswith(shown[:-1]) and len(shown) >= 6
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert str(table.get_row_at(0)[-1]) == note, "room for all of it"
        assert table.cursor_row == 0


async def test_a_not_counted_session_among_many_still_fits_80_columns(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "not counted" widened the Status column by two: with the scrollbar of a long list
    # the table scrolled sideways, and every note read "logge", its "…" out of sight.
    note = "logged from the command line"
    sessions = [replace(done_in_full("core-six", day), note=note) for day in range(1, 15)]
    full = done_in_full("core-quick", 15)
    skipped = [replace(step, ended="skipped", done_s=0.0) for step in full.steps]
    HistoryStore(app_paths.history_file).append_many([*sessions, replace(full, steps=skipped)])
    app = make_app(app_paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert "not counted" in {str(table.get_row_at(i)[3]) for i in range(table.row_count)}
        assert table.virtual_size.width <= table.scrollable_content_region.width
        shown = str(table.get_row_at(0)[-1])
        assert shown.endswith("…") and note.startswith(shown[:-1]), shown


async def test_hurts_and_a_note_are_cut_with_an_ellipsis_to_fit_80_columns(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "Bird dog, Plank" in the Hurt column ran under the scrollbar, cut without "…",
    # and the Note column was past the edge, where only the arrow keys found it.
    session = done_in_full("core-six", 1)
    hurts = {"Plank", "Side plank", "Swiss-ball pike"}
    steps = [replace(step, hurt=step.exercise in hurts) for step in session.steps]
    steps[0] = replace(steps[0], variant="Plank on knees")  # (the move that hurt: its name)
    note = "felt it in the left hip"
    session = replace(session, steps=steps, note=note, pain_before=4, pain_after=10)
    HistoryStore(app_paths.history_file).append(session)
    app = make_app(app_paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.virtual_size.width <= table.size.width <= 80
        *_, hurt, shown = (str(cell) for cell in table.get_row_at(0))
        assert hurt.endswith("…") and "Plank on knees, Side plank".startswith(hurt[:-1])
        await pilot.resize_terminal(200, 30)
        await pilot.pause()
        said = str(table.get_row_at(0)[-2])
        assert said == "Plank on knees, Side plank, Swiss-ball pike", "room for all of it"
        assert shown.endswith("…") and note.startswith(shown[:-1]) and len(shown) >= 4


async def test_the_hurt_column_names_the_move_that_hurt_not_the_one_switched_to_after(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "This hurts" on the plank, then its knees for the rest of the set: Hurt said
    # "Plank on knees", as if the easier move had hurt too.
    session = done_in_full("core-six", 1)
    steps = list(session.steps)
    steps[0] = replace(steps[0], variant="Plank on knees", hurt=True, hurt_on_standard=True)
    HistoryStore(app_paths.history_file).append(replace(session, steps=steps))
    app = make_app(app_paths, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert str(table.get_row_at(0)[-2]) == "Plank"


async def test_a_note_of_wide_characters_is_cut_by_the_cells_it_takes(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    note = "腰が痛い。" * 20  # each character two cells wide
    HistoryStore(app_paths.history_file).append(replace(done_in_full("core-quick", 1), note=note))
    app = make_app(app_paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.virtual_size.width <= table.size.width
        assert str(table.get_row_at(0)[-1]).endswith("…")


async def test_a_session_that_did_not_count_says_so_and_help_opens_here(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "Completed" by skipping through: the summary said it did not count, and the
    # table and the session's page said only "completed".
    full = done_in_full("core-quick", 1)
    skipped = [replace(step, ended="skipped", done_s=0.0) for step in full.steps]
    HistoryStore(app_paths.history_file).append_many([replace(full, steps=skipped)])
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert str(table.get_row_at(0)[3]) == "not counted"
        await pilot.press("enter")
        await pilot.pause()
        assert "completed · not counted" in label(app, "#session-heading")
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


def test_the_heatmap_colours_the_days_the_streak_counts_only() -> None:
    # A run of skips ("completed", 9 s of pressing n) drew a workout day beside
    # "Streak 0 days" and the row's "not counted".
    from coretui.history.records import SessionBrief
    from coretui.history.streaks import minutes_by_day

    done = done_in_full("core-quick", days_ago=2)
    skipped = replace(
        done_in_full("core-quick", days_ago=1),
        steps=[replace(step, done_s=0.0, done_reps=0, ended="skipped") for step in done.steps],
        active_s=9.0,
    )
    briefs = [SessionBrief.of(done), SessionBrief.of(skipped)]
    assert [brief.did_the_work for brief in briefs] == [True, False]
    assert minutes_by_day(briefs) == {done.local_date: 5.0}

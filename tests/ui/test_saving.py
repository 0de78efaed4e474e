"""Sessions reach the history file from the UI, and survive a disk that refuses them."""

from __future__ import annotations

import signal
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest
from textual.app import App
from textual.widgets import Footer, OptionList, Static

from coretui.history import HistoryError, HistoryStore
from coretui.history.checkpoint import Checkpoint, folder_for
from coretui.history.load import decode_session
from coretui.paths import AppPaths
from coretui.tui.screens.confirm import ConfirmScreen
from coretui.tui.screens.history import HistoryScreen
from coretui.tui.screens.picker import PickerScreen
from coretui.tui.screens.summary import SummaryScreen
from coretui.tui.widgets.notice import NoticeLine
from tests.conftest import FakeClock
from tests.ui.conftest import make_app, walk
from tests.ui.scenes import TODAY, done_in_full, skip_to_summary

if TYPE_CHECKING:
    from coretui.tui.app import CoreApp

SIZE = (100, 30)


def history(paths: AppPaths) -> HistoryStore:
    return HistoryStore(paths.history_file)


def shown_keys(app: App[Any]) -> set[str]:
    """The keys the footer shows."""
    footer = app.screen.query_one(Footer)
    return {str(key.key) for key in footer.query("FooterKey")}  # type: ignore[attr-defined]


async def test_the_summary_saves_the_session_before_any_rating(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 30)
        await skip_to_summary(pilot, app)
        sessions = history(app_paths).load().sessions
        assert len(sessions) == 1
        assert sessions[0].status == "completed"
        assert sessions[0].routine_id == "core-quick"
        assert sessions[0].steps[0].done_s == 30
        assert "Saved" in str(app.screen.query_one("#save-status").render())


async def test_pain_and_note_update_the_same_record(app_paths: AppPaths, clock: FakeClock) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await skip_to_summary(pilot, app)
        await pilot.press("4", "tab", "2", "tab", *"easy today", "enter")
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
    lines = app_paths.history_file.read_text().splitlines()
    assert len(lines) == 2  # the first save, then the edit that replaces it
    [session] = history(app_paths).load().sessions
    assert (session.pain_before, session.pain_after, session.note) == (4, 2, "easy today")


async def test_a_pain_rating_over_ten_is_refused_and_not_saved(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await skip_to_summary(pilot, app)
        await pilot.press("1", "2", "enter")
        assert "0 to 10" in str(app.screen.query_one("#save-status").render())
    [session] = history(app_paths).load().sessions
    assert session.pain_before is None


async def test_quitting_mid_workout_saves_a_partial_session(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 12)
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)  # saved as it appears
        [session] = history(app_paths).load().sessions
        assert session.status == "partial"
        assert session.active_s == 12
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
    assert len(history(app_paths).load().sessions) == 1


async def test_sigterm_mid_workout_saves_partial_and_exits(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 5)
        app.save_and_exit(signal.SIGTERM)
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
    [session] = history(app_paths).load().sessions
    assert session.status == "partial"


async def test_the_picker_shows_last_done_and_the_streak_after_a_session(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the history is read after the first paint
        await pilot.pause()
        assert "Streak 0 days" in str(app.screen.query_one("#streak").render())
        await pilot.press("enter")  # the first routine: core-six
        await pilot.pause()
        assert app.workout is not None
        await walk(pilot, app, clock, app.workout.engine.remaining_total_s() + 1)
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        assert "Streak 1 day " in str(app.screen.query_one("#streak").render())
        assert "not yet" not in str(app.screen.query_one("#detail").render())


async def test_a_completed_run_of_skips_is_not_a_streak_day(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await skip_to_summary(pilot, app)
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        assert "Streak 0 days" in str(app.screen.query_one("#streak").render())
        # Nor is it "done": the list's date is the streaks' (a run of skips said "today").
        assert "Last done: not yet" in str(app.screen.query_one("#detail").render())


async def test_a_full_disk_keeps_the_session_in_memory_until_a_retry_saves_it(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_append = HistoryStore._append_locked
    refuse_the_history(monkeypatch)
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await skip_to_summary(pilot, app)
        status = str(app.screen.query_one("#save-status").render())
        assert "Not saved" in status and "no space left" in status
        assert len(app.trainer.book.unsaved) == 1
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)

        monkeypatch.setattr(HistoryStore, "_append_locked", real_append)  # space freed
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        assert "not saved yet" in str(app.screen.query_one("#unsaved").render())
        assert shown_keys(app) >= {"r", "d"}, "the footer offers the retry it asks for"
        await pilot.press("r")
        assert not app.trainer.book.unsaved
        await pilot.pause()
        assert "r" not in shown_keys(app), "nothing left to retry"
    [session] = history(app_paths).load().sessions
    assert session.routine_id == "core-quick"


def refuse_the_history(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write to the history refused, as a full disk refuses it."""

    def full_disk(self: HistoryStore, payload: bytes, action: str) -> None:
        raise HistoryError(f"cannot {action}: {self.path}: no space left on device")

    monkeypatch.setattr(HistoryStore, "_append_locked", full_disk)


async def test_quitting_with_a_workout_kept_nowhere_asks_first(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It quit at once: the finished workout, saved neither to the history nor to
    # its in-progress record, was gone without a word.
    refuse_the_history(monkeypatch)
    monkeypatch.setattr(Checkpoint, "write", lambda self, session: False)
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await skip_to_summary(pilot, app)
        await pilot.press("escape", "q")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Quit and lose 1 workout not saved?"
        await pilot.press("ctrl+q")  # asked already: the question stays, one of it
        await pilot.press("n")
        assert isinstance(app.screen, PickerScreen) and not app._exit
        await pilot.press("q", "y")
        assert app._exit


async def test_quitting_with_a_workout_kept_for_the_next_start_says_where(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_the_history(monkeypatch)
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await skip_to_summary(pilot, app)
        await pilot.press("escape", "q")
        assert app._exit, "nothing is lost: no question"
        [message] = app._exit_renderables
    kept = folder_for(app_paths.history_file)
    assert str(message) == (
        f"coretui: 1 workout could not be saved to the history; kept in {kept},"
        " it is added at the next start."
    )
    [record] = kept.glob("*.json")
    assert decode_session(record.read_bytes().strip()).status == "completed"


async def test_ctrl_q_mid_workout_saves_a_partial_session(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-six", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 3)
        await pilot.press("ctrl+q")
    [session] = history(app_paths).load().sessions
    assert session.status == "partial"


async def test_the_history_read_in_the_background_fills_in_the_picker(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app_paths.data_dir.mkdir(parents=True)
    app_paths.history_file.write_text(done_in_full("core-quick", 0).to_json_line())
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.trainer.book.loaded
        assert "best 1" in str(app.screen.query_one("#streak").render())
        options = app.screen.query_one("#routines", OptionList)
        assert "last done: 2026-06-15" in str(options.get_option("core-quick").prompt)


@pytest.mark.parametrize(
    ("days_later", "said"), [(0, "today"), (1, "yesterday"), (2, "2026-06-15")]
)
async def test_last_done_says_today_and_yesterday_in_words(
    app_paths: AppPaths, clock: FakeClock, days_later: int, said: str
) -> None:
    from datetime import date, timedelta

    from coretui.services.awake import KeepAwake
    from coretui.tui.app import CoreApp
    from coretui.tui.launch import LaunchOptions

    app_paths.data_dir.mkdir(parents=True)
    app_paths.history_file.write_text(done_in_full("core-quick", 0).to_json_line())
    today = date(2026, 6, 15) + timedelta(days=days_later)
    app = CoreApp(app_paths, LaunchOptions(), clock=clock, today=today, keep_awake=KeepAwake.off())
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one("#routines", OptionList)
        assert f"last done: {said}" in str(options.get_option("core-quick").prompt)
        assert "last done: not yet" in str(options.get_option("core-six").prompt)


def app_at(app_paths: AppPaths, clock: FakeClock, now: datetime) -> CoreApp:
    """The app on the scenes' day (TODAY), its wall clock at `now`."""
    from coretui.services.awake import KeepAwake
    from coretui.tui.app import CoreApp
    from coretui.tui.launch import LaunchOptions

    return CoreApp(
        app_paths,
        LaunchOptions(),
        clock=clock,
        today=TODAY,
        wall_clock=lambda: now,
        keep_awake=KeepAwake.off(),
    )


@pytest.mark.parametrize(
    ("done_days_ago", "hours_later", "said"),
    [
        (None, 2, "not yet · stopped today"),
        (1, 2, "yesterday · stopped today"),
        (0, 2, "today · then stopped"),  # (it said "today" alone: Enter resumed)
        # No longer offered to resume, nor said to be; but it was tried ("not yet" alone
        # read as if it never began).
        (None, 13, "not yet · tried today"),
    ],
)
async def test_last_done_says_a_try_that_enter_offers_to_resume(
    app_paths: AppPaths, clock: FakeClock, done_days_ago: int | None, hours_later: int, said: str
) -> None:
    # "last done: not yet" beside a routine whose Enter offered to resume today's try.
    from datetime import timedelta

    from msgspec.structs import replace

    from coretui.tui.screens.confirm import ConfirmScreen
    from tests.ui.scenes import NOON

    stopped = done_in_full("core-quick", 0)
    steps = [stopped.steps[0]]  # the plank, then stopped (the steps not reached: "stopped")
    steps += [replace(s, done_s=0.0, done_reps=0, ended="stopped") for s in stopped.steps[1:]]
    stopped = replace(stopped, status="partial", steps=steps, active_s=60.0)
    lines = []
    if done_days_ago is not None:  # done in full before, the stopped try an hour after
        done = done_in_full("core-quick", done_days_ago)
        start = stopped.started_at - timedelta(hours=1)
        done = replace(done, id=done.id[:-1] + "f", started_at=start, finished_at=start)
        lines.append(done.to_json_line())
    app_paths.data_dir.mkdir(parents=True)
    app_paths.history_file.write_text("".join([*lines, stopped.to_json_line()]))
    now = NOON + timedelta(hours=hours_later)
    app = app_at(app_paths, clock, now)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one("#routines", OptionList)
        prompt = str(options.get_option("core-quick").prompt)
        assert prompt.endswith(f"last done: {said}"), prompt
        assert "stopped" not in str(options.get_option("core-six").prompt)
        options.highlighted = options.get_option_index("core-quick")
        await pilot.press("enter")
        await pilot.pause()
        offered = isinstance(app.screen, ConfirmScreen) and "Resume" in app.screen.question
        assert offered == ("stopped" in said), "said exactly when Enter offers it"


@pytest.mark.parametrize("renamed", [False, True])
async def test_a_routine_of_yours_is_said_resumable_as_its_moves_allow(
    app_paths: AppPaths, clock: FakeClock, renamed: bool
) -> None:
    # A file of yours is checked once the list shows: its try of today was never said
    # then ("last done: not yet", Enter resuming). One whose moves changed since is not
    # resumed (its steps would not pair), and was said to be "stopped today" anyway.
    from datetime import timedelta

    from coretui.history.records import Session, StepEntry
    from tests.ui.scenes import NOON, TODAY

    moves = [("Plank", 20), ("Superman", 60)]
    toml = 'id = "mine"\nname = "Mine"\n' + "".join(
        f'[[exercises]]\nkind = "hold"\nname = "{name}"\nseconds = {s}\n' for name, s in moves
    )
    app_paths.routines_dir.mkdir(parents=True, exist_ok=True)
    (app_paths.routines_dir / "mine.toml").write_text(
        toml.replace("Plank", "Side bridge") if renamed else toml
    )
    steps = [
        StepEntry(exercise=name, planned_s=float(s), done_s=done, ended=ended)
        for (name, s), done, ended in zip(moves, (20.0, 0.0), ("time", "stopped"), strict=True)
    ]
    stopped = Session(
        id="6f0c1b2a-0000-4000-8000-000000000001",
        routine_id="mine",
        routine_name="Mine",
        started_at=NOON,
        finished_at=NOON + timedelta(seconds=40),
        tz="UTC",
        local_date=TODAY,
        status="partial",
        duration_s=40.0,
        active_s=30.0,
        steps=steps,
    )
    app_paths.data_dir.mkdir(parents=True, exist_ok=True)
    app_paths.history_file.write_text(stopped.to_json_line())
    now = NOON + timedelta(hours=1)
    app = app_at(app_paths, clock, now)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.trainer.validated
        listed = app.screen.query_one("#routines", OptionList)
        said = str(listed.get_option("mine").prompt)
        found = app.trainer.library.get("mine")
        assert found is not None
        offered = app.trainer.resume_offer(found.routine, now) is not None
        assert offered == (not renamed)
        assert ("last done: not yet · stopped today" in said) == offered, said


async def test_the_picker_never_says_not_yet_for_a_history_it_could_not_read(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the history unreadable, every routine said "last done: not yet": a claim
    # the record cannot back. Once the file can be read, its dates show.
    app_paths.data_dir.mkdir(parents=True)
    app_paths.history_file.write_text(done_in_full("core-quick", 0).to_json_line())
    readable = HistoryStore.load_briefs

    def refused(self: HistoryStore) -> object:
        raise HistoryError("cannot read history: permission denied")

    monkeypatch.setattr(HistoryStore, "load_briefs", refused)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        options = app.screen.query_one("#routines", OptionList)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.trainer.book.unreadable
        for routine_id in ("core-quick", "core-six"):
            prompt = str(options.get_option(routine_id).prompt)
            assert "last done: unknown" in prompt, prompt
        assert "cannot be read" in str(app.screen.query_one("#detail").render())
        # The streak, too, is unknown: it said "Streak 0 days · best 0" to one with a run.
        streak = str(app.screen.query_one("#streak", Static).render())
        assert streak.startswith("Streak unknown"), streak
        monkeypatch.setattr(HistoryStore, "load_briefs", readable)
        app.screen.on_screen_resume()  # (as when back from another screen)
        await pilot.pause()
        assert "last done: 2026-06-15" in str(options.get_option("core-quick").prompt)
        assert "last done: not yet" in str(options.get_option("core-six").prompt)
        assert "best 1 ·" in str(app.screen.query_one("#streak", Static).render())


@pytest.mark.parametrize("closing", ["ctrl+q", "sighup"])
async def test_a_rating_and_note_typed_on_the_summary_survive_the_app_closing(
    app_paths: AppPaths, clock: FakeClock, closing: str
) -> None:
    # Typed, not yet saved with Enter or Esc, then the terminal closed (or Ctrl+Q):
    # the history kept the session without them. A rating out of range is left out.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await skip_to_summary(pilot, app)
        await pilot.press("1", "2", "tab", "3", "tab", *"sore after")
        if closing == "ctrl+q":
            await pilot.press("ctrl+q")
        else:
            app.save_and_exit(signal.SIGHUP)
            await pilot.pause()
    [session] = history(app_paths).load().sessions
    assert (session.pain_before, session.pain_after, session.note) == (None, 3, "sore after")


@pytest.mark.parametrize("closing", ["ctrl+q", "sighup", "escape"])
async def test_a_summary_whose_session_was_deleted_still_closes(
    app_paths: AppPaths, clock: FakeClock, closing: str
) -> None:
    # Deleted from History (the palette opens it over the summary), then the app
    # closed: keeping the summary's fields raised, Ctrl+Q ended in a traceback and a
    # closed terminal left the process spinning.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await skip_to_summary(pilot, app)
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.result.session_id
        app.trainer.book.delete(summary.result.session_id)
        await pilot.press("3", "tab", "4")
        if closing == "sighup":
            app.save_and_exit(signal.SIGHUP)
        else:
            await pilot.press(closing)
        await pilot.pause()
        if closing == "escape":
            assert isinstance(app.screen, PickerScreen)
            assert any("deleted" in n.message for n in app._notifications)
        else:
            assert not app.is_running
    assert history(app_paths).load().sessions == [], "not brought back"


async def test_a_long_save_status_wraps_so_its_end_is_seen(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # One line, cut at the screen's edge: a long history path pushed "Kept in memory;
    # retry from History (r)." out of sight.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    async with app.run_test(size=SIZE) as pilot:
        await skip_to_summary(pilot, app)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        long_path = "/home/someone/" + "a-long-folder-name/" * 5 + "history.jsonl"
        summary.show_status(f"Not saved: {long_path}: is a directory. Kept in memory.", error=True)
        await pilot.pause()
        status = summary.query_one("#save-status")
        assert status.region.right <= SIZE[0] and status.region.height >= 2


@pytest.mark.parametrize("closing", ["ctrl+q", "sigterm"])
async def test_closing_before_the_routine_list_opens_exits_cleanly(
    app_paths: AppPaths, clock: FakeClock, closing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A signal or a quick Ctrl+Q handled as the app mounts: the list was opened anyway,
    # on a closing app, and raised (and, composed at the start now, it must not raise
    # when its mount comes after its widgets went).
    from coretui.tui.app import CoreApp

    mounted = CoreApp.on_mount

    def on_mount(self: CoreApp) -> None:
        mounted(self)
        if closing == "ctrl+q":
            self.call_next(self.workouts.quit)
        else:
            self.call_next(self.save_and_exit, signal.SIGTERM)

    monkeypatch.setattr(CoreApp, "on_mount", on_mount)
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == (0 if closing == "ctrl+q" else 128 + signal.SIGTERM)


@pytest.mark.parametrize("routine_id", [None, "core-quick"])  # the list, `coretui run`
async def test_a_data_folder_where_nothing_can_be_saved_is_said_at_the_start(
    app_paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, routine_id: str | None
) -> None:
    # With the data folder read-only, the first word of it was "Not saved", on the
    # summary of a workout already done.
    import errno

    from tests.unit.test_history_faults import fail_writes_to

    monkeypatch.setattr("os.open", fail_writes_to(app_paths.history_file, errno.EROFS))
    app = make_app(app_paths, clock, routine_id)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        told = [n.message for n in app._notifications]
        if routine_id is not None:  # during a workout, a notice takes the progress bar's row
            told.append(app.screen.query_one(NoticeLine).text)
        assert any("Workouts cannot be saved" in m and "read-only" in m for m in told), told


def test_last_done_names_a_try_later_than_the_last_day_done() -> None:
    # A workout finished with most of it skipped is not done (the streak's rule), yet
    # "last done: not yet" beside it read as if it was never begun.
    from datetime import timedelta

    from coretui.tui.screens.picker_lines import last_done_words
    from tests.ui.scenes import TODAY

    assert last_done_words(None, None, TODAY, tried=TODAY) == "not yet · tried today"
    earlier = TODAY - timedelta(days=3)
    assert last_done_words(earlier, None, TODAY, tried=TODAY) == "2026-06-12 · tried today"
    assert last_done_words(TODAY, None, TODAY, tried=TODAY) == "today"  # (done, then tried)
    assert last_done_words(None, "unknown", None, tried=TODAY) == "unknown"

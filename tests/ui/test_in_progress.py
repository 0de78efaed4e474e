"""While a workout runs, its record as it stands is on disk; once saved, it is gone."""

from __future__ import annotations

from coretui.history import HistoryStore, decode_session
from coretui.history.checkpoint import folder_for
from coretui.paths import AppPaths
from coretui.tui.widgets.notice import NoticeLine
from tests.conftest import FakeClock
from tests.ui.conftest import make_app
from tests.ui.scenes import skip_to_summary, walk

SIZE = (100, 30)


async def test_each_step_leaves_the_record_so_far_and_the_saved_session_removes_it(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    folder = folder_for(app_paths.history_file)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 30)
        await pilot.press("n")  # the plank ends after 30 s; the next step starts
        app.trainer.book.wait_for_writes()
        [kept] = folder.glob("*.json")
        record = decode_session(kept.read_bytes().strip())
        plank, *rest = record.steps
        assert record.status == "partial" and record.routine_id == "core-quick"
        assert (plank.done_s, plank.ended) == (30, "skipped")
        assert all(s.done_s == 0 and s.ended == "stopped" for s in rest), "nothing claimed"
        assert HistoryStore(app_paths.history_file).load().sessions == [], "not saved yet"

        await skip_to_summary(pilot, app)
        app.trainer.book.wait_for_writes()
        assert list(folder.glob("*")) == [], "the record and its lock are gone"
        [saved] = HistoryStore(app_paths.history_file).load().sessions
        assert saved.id == record.id, "the saved session is the one the record was kept for"


async def test_a_this_hurts_mark_is_on_disk_at_once(app_paths: AppPaths, clock: FakeClock) -> None:
    # The record was kept only as each step started: a crash with the "this hurts"
    # question open lost the mark, and the plank that hurt read as done in full.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    folder = folder_for(app_paths.history_file)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 5)
        await pilot.press("x")
        await pilot.pause()
        app.trainer.book.wait_for_writes()
        [kept] = folder.glob("*.json")
        plank = decode_session(kept.read_bytes().strip()).steps[0]
        assert plank.hurt


async def test_the_step_under_way_is_kept_with_what_it_has_done_every_ten_seconds(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The record was kept only as each step started: a kill -9 47 s into a plank lost
    # all 47 s, and 3 minutes into a long set, 3 minutes.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    folder = folder_for(app_paths.history_file)

    def kept_steps() -> list[tuple[float, int | None, str]]:
        app.trainer.book.wait_for_writes()
        [kept] = folder.glob("*.json")
        steps = decode_session(kept.read_bytes().splitlines()[0]).steps
        return [(s.done_s, s.done_reps, s.ended) for s in steps]

    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 47)
        plank, *rest = kept_steps()
        assert plank == (40, None, "stopped"), "as it stood at 40 s: never more than done"
        assert all(step == (0, step[1], "stopped") for step in rest)
        assert app.workout is not None
        while app.workout.engine.step.label != "Hip raise":  # 10 reps, 7 s each
            await pilot.press("n")
        await walk(pilot, app, clock, 25)
        hip_raise = kept_steps()[3]
        assert hip_raise == (20, 2, "stopped"), "two reps finished by the 20 s keep"


async def test_a_pause_keeps_the_step_as_it_stands(app_paths: AppPaths, clock: FakeClock) -> None:
    # Paused 13 s into a plank, the user walks away: a kill -9 then kept 10 s of it (the
    # last keep), though the pause was the moment to keep it all.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    folder = folder_for(app_paths.history_file)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 13)
        await pilot.press("space")
        await pilot.pause()
        app.trainer.book.wait_for_writes()
        [kept] = folder.glob("*.json")
        plank = decode_session(kept.read_bytes().splitlines()[0]).steps[0]
        assert (plank.done_s, plank.ended) == (13, "stopped")


async def test_a_record_the_disk_refuses_is_said_in_the_workout_and_again_when_kept(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # A full disk (or a file where the records' folder goes) refused the record kept
    # as the workout ran, and nothing was said: a kill -9 then lost the whole workout.
    app = make_app(app_paths, clock, "core-quick", lead_in=0)
    folder = folder_for(app_paths.history_file)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("in the way")
    async with app.run_test(size=SIZE) as pilot:
        assert app.workout is not None
        notice = app.workout.query_one(NoticeLine)
        await walk(pilot, app, clock, 25)  # kept at the start, at 10 s and at 20 s
        app.trainer.book.wait_for_writes()
        assert notice.text.startswith("Record not kept as it runs ("), notice.text
        assert notice.text.endswith("a crash would lose it")
        notice.clear()  # (its 5 s are up) and said again at the next step: it was not
        await pilot.press("n")
        app.trainer.book.wait_for_writes()
        await walk(pilot, app, clock, 1)
        assert notice.text.startswith("Record not kept as it runs ("), notice.text
        assert "(not a folder)" in notice.text
        folder.unlink()
        await pilot.press("n")  # the next step's record is written...
        app.trainer.book.wait_for_writes()
        await walk(pilot, app, clock, 11)  # ...and the one 10 s into it says so
        app.trainer.book.wait_for_writes()
        await walk(pilot, app, clock, 1)
        assert notice.text == "The record is kept as it runs again."
        assert list(folder.glob("*.json")), "the record is there"

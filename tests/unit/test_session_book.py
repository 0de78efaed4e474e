"""SessionBook, the app's view of history: deleting a session and the streak it leaves."""

from __future__ import annotations

import dataclasses
import errno
import os
import signal
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from filelock import FileLock, Timeout
from msgspec.structs import replace

from coretui.history import HistoryError, HistoryStore, Session, SessionBrief, new_session_id
from coretui.history.checkpoint import Checkpoint, folder_for
from coretui.history.load import decode_session
from coretui.services.in_progress import InProgress
from coretui.services.sessions import SaveMessage, SessionBook
from coretui.workout.engine import WorkoutEngine
from coretui.workout.recording import (
    WorkoutResult,
    resume_point,
    session_from_result,
    work_steps,
)
from coretui.workout.timeline import Timeline, compile_routine
from tests.conftest import FakeClock
from tests.unit.test_engine import PLANK, SIDE, make_routine, walk
from tests.unit.test_history import START, make_session
from tests.unit.test_history_faults import fail_writes_to, fork
from tests.unit.test_recording import result_of


def test_deleting_a_session_removes_it_from_memory_the_file_and_the_streak(
    tmp_path: Path,
) -> None:
    store = HistoryStore(tmp_path / "history.jsonl")
    kept, mistaken = store.append_many(
        [make_session(START - timedelta(days=1)), make_session(START)]
    )
    book = SessionBook(store, today=START.date())
    assert book.streaks()[0] == 2

    message = book.delete(mistaken.id)

    assert (message.text, message.error) == ("Session deleted.", False)
    assert [s.id for s in book.sessions] == [kept.id]
    assert book.streaks()[0] == 1
    assert [s.id for s in store.load().sessions] == [kept.id]


def test_deleting_a_session_a_full_disk_kept_in_memory_only(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.jsonl")
    book = SessionBook(store, today=date(2024, 3, 31))
    book.ensure_loaded()
    unsaved = make_session()
    book.sessions.append(SessionBrief.of(unsaved))
    book.unsaved[unsaved.id] = unsaved

    message = book.delete(unsaved.id)

    assert not message.error
    assert (book.sessions, book.unsaved) == ([], {})
    assert not store.path.exists()  # nothing written for a session never saved


def test_the_book_keeps_briefs_and_reads_a_session_whole_when_asked(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.jsonl", brief_cache=tmp_path / "cache.msgpack")
    first, second = store.append_many([make_session(START - timedelta(days=1)), make_session()])
    book = SessionBook(store, today=START.date())
    book.ensure_loaded()
    assert all(isinstance(s, SessionBrief) for s in book.sessions)
    assert book.session(second.id) == second
    assert book.whole(book.sessions) == [first, second]
    assert book.session("no-such-id") is None


def test_a_session_changed_in_the_file_is_read_as_it_is_now(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.jsonl")
    [session] = store.append_many([make_session(note="old")])
    book = SessionBook(store, today=START.date())
    book.ensure_loaded()
    # Another coretui rewrites the file meanwhile: the line the brief came from moved.
    other = HistoryStore(tmp_path / "other.jsonl")
    other.append_many([make_session(START - timedelta(days=3))])
    [newer] = other.append_many([replace(session, note="edited elsewhere")])
    store.path.write_bytes(other.path.read_bytes())
    assert book.session(session.id) == newer


def test_a_history_rewritten_to_its_size_with_its_time_put_back_is_read_again(
    tmp_path: Path,
) -> None:
    # A sync writing another machine's rating over this one's, byte for byte as long,
    # with the old modification time: the list kept the old rating for good.
    store = HistoryStore(tmp_path / "history.jsonl")
    store.append_many([make_session(pain_before=3)])
    book = SessionBook(store, today=START.date())
    book.ensure_loaded()
    before = store.path.stat()
    text = store.path.read_text()
    store.path.write_text(text.replace('"pain_before":3', '"pain_before":4'))
    os.utime(store.path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert store.path.stat().st_size == before.st_size
    assert book.reread_if_changed()
    assert [s.pain_before for s in book.sessions] == [4]


def test_deleting_a_workout_the_disk_refused_removes_its_record_kept_in_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    store = HistoryStore(tmp_path / "history.jsonl")
    book = SessionBook(store)
    engine = WorkoutEngine.for_routine(make_routine(PLANK, SIDE, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 70)
    result = result_of(engine)
    book.keep_in_progress(result)  # kept while it ran...
    book.wait_for_writes()
    assert list(folder_for(store.path).glob("*.json"))
    monkeypatch.setattr(os, "open", fail_writes_to(store.path, errno.EROFS))
    assert book.record(result).error  # ...the save refused, then the session deleted
    monkeypatch.undo()
    assert result.session_id is not None
    book.delete(result.session_id)
    book.wait_for_writes()
    assert list(folder_for(store.path).glob("*")) == []
    assert store.load().sessions == [], "not brought back at the next start"


def test_reading_again_takes_other_writers_sessions_and_keeps_the_unsaved(
    tmp_path: Path,
) -> None:
    store = HistoryStore(tmp_path / "history.jsonl")
    store.append(make_session(START - timedelta(days=1)))
    book = SessionBook(store, today=START.date())
    book.ensure_loaded()
    assert not book.reread_if_changed(), "nothing changed: not read again"
    unsaved = make_session(START)  # a full disk refused it: in memory only
    book.sessions.append(SessionBrief.of(unsaved))
    book.unsaved[unsaved.id] = unsaved

    other = store.append(make_session(START - timedelta(days=2)))  # another window's

    assert book.reread_if_changed()
    assert other.id in {s.id for s in book.sessions}
    assert unsaved.id in {s.id for s in book.sessions}, "still listed, still to retry"
    assert book.streaks()[0] == 3
    assert not book.reread_if_changed()

    # Another window writes, then this app saves before looking: the other's line
    # is still read at the next look, not taken for read with ours.
    theirs = store.append(make_session(START - timedelta(days=3)))
    book.delete(other.id)
    assert book.reread_if_changed()
    assert theirs.id in {s.id for s in book.sessions}


def test_a_finished_workout_the_disk_refused_is_kept_whole_for_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    # The kept record was the last snapshot taken while it ran: the next start added a
    # partial session whose last step was "stopped", though the workout was finished.
    store = HistoryStore(tmp_path / "data" / "history.jsonl")
    book = SessionBook(store)
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 30)
    book.keep_in_progress(result_of(engine))  # mid-plank
    walk(engine, clock, 60)
    assert engine.finished
    result = result_of(engine)
    monkeypatch.setattr(os, "open", fail_writes_to(store.path, errno.ENOSPC))

    assert book.record(result).error
    kept, lost = book.unsaved_at_exit()

    assert result.session_id is not None
    [session] = kept
    assert (session.id, session.status, lost) == (result.session_id, "completed", [])
    record = folder_for(store.path) / f"{session.id}.json"
    on_disk = decode_session(record.read_bytes().strip())
    assert on_disk.status == "completed"
    assert [step.ended for step in on_disk.steps] == ["time"]


def test_a_workout_neither_the_history_nor_its_kept_record_took_is_said_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    store = HistoryStore(tmp_path / "data" / "history.jsonl")
    book = SessionBook(store)
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 90)
    monkeypatch.setattr(os, "open", fail_writes_to(store.path, errno.ENOSPC))
    monkeypatch.setattr(os, "open", fail_writes_to(folder_for(store.path) / "x", errno.ENOSPC))

    result = result_of(engine)
    assert book.record(result).error

    kept, lost = book.unsaved_at_exit()
    assert (kept, [s.id for s in lost]) == ([], [result.session_id])


def test_ratings_the_disk_refused_for_a_saved_workout_reach_the_history_at_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    # The kept record was older than the saved copy: the next start dropped it.
    store = HistoryStore(tmp_path / "data" / "history.jsonl")
    book = SessionBook(store)
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 90)
    result = result_of(engine)
    assert not book.record(result).error  # saved...
    monkeypatch.setattr(os, "open", fail_writes_to(store.path, errno.ENOSPC))
    assert book.annotate(result, 6, 3, "tight").error  # ...its ratings refused
    monkeypatch.undo()
    kept, lost = book.unsaved_at_exit()
    assert [s.pain_after for s in kept] == [3] and lost == []

    assert result.session_id is not None
    book._in_progress.records[result.session_id]._lock.release()  # type: ignore[union-attr]  # exit
    [session] = HistoryStore(store.path).load().sessions  # the next start
    assert (session.pain_before, session.pain_after, session.note) == (6, 3, "tight")
    assert list(folder_for(store.path).glob("*.json")) == []


def test_a_history_that_cannot_be_read_is_said_once_until_it_changes(tmp_path: Path) -> None:
    # A folder in the history's place: each look for changes (every 2 s in the app)
    # read it again and queued the same notice, and the toasts piled up.
    path = tmp_path / "history.jsonl"
    path.mkdir()
    book = SessionBook(HistoryStore(path), today=START.date())
    book.ensure_loaded()
    assert len(book.load_notices()) == 1
    for _ in range(3):
        assert not book.reread_if_changed()
    assert book.load_notices() == []
    path.rmdir()
    HistoryStore(path).append(make_session())
    assert book.reread_if_changed() and book.sessions


def test_ratings_go_on_the_session_as_another_window_left_it(
    tmp_path: Path, clock: FakeClock
) -> None:
    # A summary left open in one window wrote its copy of the session over a newer
    # one: work another window had resumed and finished was undone, and a session
    # deleted meanwhile came back.
    store = HistoryStore(tmp_path / "data" / "history.jsonl")
    book = SessionBook(store)
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 20)
    result = result_of(engine)  # quit part-way: its summary stays open
    assert book.record(result).text == "Saved as partial to history."
    assert result.session_id is not None

    other = SessionBook(HistoryStore(store.path))  # a second window resumes and finishes
    other.ensure_loaded()
    carried = whole(other, result.session_id)
    done = replace(carried, status="completed", active_s=carried.active_s + 40)
    other.store.append(done)

    assert book.annotate(result, 4, 2, "stiff").text == "Saved to history."
    [session] = HistoryStore(store.path).load().sessions
    assert (session.status, session.active_s) == ("completed", done.active_s)
    assert (session.pain_before, session.pain_after, session.note) == (4, 2, "stiff")

    assert not other.delete(result.session_id).error
    assert book.annotate(result, 5, 2, "stiff").error
    assert HistoryStore(store.path).load().sessions == [], "not brought back"


def test_ratings_given_while_another_window_resumes_stay_when_it_saves(
    tmp_path: Path, clock: FakeClock
) -> None:
    # The first sitting's summary rates the session while a second window has resumed
    # it: the second window's save came from its copy of the session taken before the
    # ratings, and wrote them away.
    store = HistoryStore(tmp_path / "data" / "history.jsonl")
    book = SessionBook(store)
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 60 + 15 + 10)
    engine.stop()
    first = result_of(engine, pain_before=6)
    assert book.record(first).text == "Saved as partial to history."
    assert first.session_id is not None

    other = SessionBook(HistoryStore(store.path))  # resumes while the summary is open
    earlier = other.resumable(routine.id, first.finished_at + timedelta(minutes=30))
    assert earlier is not None
    timeline = compile_routine(routine)
    at = resume_point(earlier, timeline)
    assert at is not None
    later = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[at])
    later.start()

    assert not book.annotate(first, 6, 3, "stiff").error
    while not later.finished:
        later.skip()
    resumed = result_of(later, resumed=earlier)
    assert not other.record(resumed).error
    # The summary shows what was saved, and Done with its boxes untouched keeps it.
    shown = session_from_result(resumed)
    assert (shown.pain_before, shown.pain_after, shown.note) == (6, 3, "stiff")
    assert not other.annotate(resumed, shown.pain_before, shown.pain_after, shown.note).error

    [session] = HistoryStore(store.path).load().sessions
    assert session.status == "completed"
    assert (session.pain_before, session.pain_after, session.note) == (6, 3, "stiff")


def whole(book: SessionBook, session_id: str) -> Session:
    """The session with that id, which the book's history holds."""
    session = book.session(session_id)
    assert session is not None
    return session


def stopped_and_offered_in_two_windows(
    tmp_path: Path, clock: FakeClock
) -> tuple[Timeline, HistoryStore, list[tuple[SessionBook, Session]]]:
    """A plank and a side plank stopped 20 s in, saved; and two windows' books, each
    with its copy of that session (as each offered it for resuming)."""
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    store = HistoryStore(tmp_path / "history.jsonl")
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 20)
    engine.stop()
    first = result_of(engine)
    assert not SessionBook(store).record(first).error
    assert first.session_id is not None
    books = [SessionBook(HistoryStore(store.path)) for _ in range(2)]
    for book in books:
        book.ensure_loaded()
    return compile_routine(routine), store, [(b, whole(b, first.session_id)) for b in books]


def test_two_windows_resuming_one_session_keep_the_work_of_both(
    tmp_path: Path, clock: FakeClock
) -> None:
    # Both windows offered the same unfinished session. One resumed and finished it;
    # the other resumed from its copy, did 5 s and quit, and its save put the session
    # back to partial with the first window's work gone.
    timeline, store, [(a, copy_a), (b, copy_b)] = stopped_and_offered_in_two_windows(
        tmp_path, clock
    )
    finished = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[0])
    finished.start()
    walk(finished, clock, 60 + 15 + 30 + 5 + 30)
    assert finished.finished
    assert not a.record(result_of(finished, resumed=copy_a)).error
    quit_early = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[0])
    quit_early.start()
    walk(quit_early, clock, 5)
    quit_early.stop()
    assert not b.record(result_of(quit_early, resumed=copy_b)).error

    [session] = HistoryStore(store.path).load().sessions
    assert session.status == "completed"
    assert [(s.ended, s.done_s) for s in session.steps] == [
        ("time", 60),
        ("time", 30),
        ("time", 30),
    ]


def save_unless_the_history_is_held(
    store: HistoryStore, waiting: list[Callable[[], SaveMessage]]
) -> None:
    """Another window's save (the one in `waiting`), now, unless a save here holds the
    history's lock: that window's save then waits for it, as its lock would make it."""
    lock = FileLock(store.lock_path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return
    lock.release()
    while waiting:
        assert not waiting.pop()().error


def test_a_resumed_sitting_saves_over_a_session_edited_out_of_its_shape_meanwhile(
    tmp_path: Path, clock: FakeClock
) -> None:
    # The session was edited by hand (a step taken out) while a window carried it on:
    # that window's save paired its steps with the edited copy's and stopped with a
    # ValueError, the sitting not saved.
    timeline, store, [(book, copy), _] = stopped_and_offered_in_two_windows(tmp_path, clock)
    store.append(replace(copy, steps=copy.steps[:1]))
    sitting = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[0])
    sitting.start()
    walk(sitting, clock, 60 + 5)
    sitting.stop()
    assert not book.record(result_of(sitting, resumed=copy)).error
    [session] = HistoryStore(store.path).load().sessions
    assert [(s.exercise, s.ended) for s in session.steps] == [
        ("Plank", "time"),
        ("Side plank", "stopped"),
        ("Side plank", "stopped"),
    ]


def test_a_save_from_another_window_between_a_read_and_its_write_is_kept(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two windows resumed one session. The first held the plank its full minute and
    # saved while the second, which did 5 s and quit, was between reading the session
    # and writing its copy: that copy, built on the session before the first's save,
    # came later and stood for the session, the full minute gone. (Closing the terminal
    # that holds both windows saves both at once.)
    timeline, store, [(a, copy_a), (b, copy_b)] = stopped_and_offered_in_two_windows(
        tmp_path, clock
    )
    results = []
    for book_copy, seconds in ((copy_a, 60 + 5), (copy_b, 5)):
        sitting = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[0])
        sitting.start()
        walk(sitting, clock, seconds)
        sitting.stop()
        results.append(result_of(sitting, resumed=book_copy))
    full_minute, five_seconds = results

    import coretui.workout.recording as recording

    made = recording.session_from_result
    waiting = [lambda: a.record(full_minute)]

    def read_then_other_window_saves(result: WorkoutResult) -> Session:
        if result is five_seconds:  # b has read the session: a saves now, if it can
            save_unless_the_history_is_held(store, waiting)
        return made(result)

    monkeypatch.setattr(recording, "session_from_result", read_then_other_window_saves)
    assert not b.record(five_seconds).error
    save_unless_the_history_is_held(store, waiting)  # (a's save, held back till now)
    [session] = HistoryStore(store.path).load().sessions
    assert (session.steps[0].ended, session.steps[0].done_s) == ("time", 60)
    assert session.active_s >= 60


def test_ratings_saved_while_another_window_saves_its_resumed_sitting_keep_both(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first sitting's summary took a note while a second window, which had resumed
    # and finished the workout, saved between the summary's read of the session and its
    # write: the note's copy, built on the partial session, stood for it.
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    timeline = compile_routine(routine)
    book = SessionBook(HistoryStore(tmp_path / "history.jsonl"))
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 20)
    engine.stop()
    first = result_of(engine)
    assert not book.record(first).error
    assert first.session_id is not None
    other = SessionBook(HistoryStore(book.store.path))
    other.ensure_loaded()
    copy = whole(other, first.session_id)
    finished = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[0])
    finished.start()
    walk(finished, clock, 60 + 15 + 30 + 5 + 30)
    assert finished.finished

    remember = book._remember
    waiting = [lambda: other.record(result_of(finished, resumed=copy))]

    def read_then_other_window_saves(session: Session) -> None:
        if session.note == "stiff":  # the summary has read and rated the session: the
            save_unless_the_history_is_held(book.store, waiting)  # other saves now
        remember(session)

    monkeypatch.setattr(book, "_remember", read_then_other_window_saves)
    assert not book.annotate(first, 3, 2, "stiff").error
    save_unless_the_history_is_held(book.store, waiting)  # (held back till now)
    [session] = HistoryStore(book.store.path).load().sessions
    assert session.status == "completed"
    assert (session.pain_before, session.pain_after, session.note) == (3, 2, "stiff")


def test_a_summary_saves_only_what_was_typed_in_it_over_another_window_s_ratings(
    tmp_path: Path, clock: FakeClock
) -> None:
    # Two windows' summaries of one session: the first gave pain after 6, the second
    # only a note, its rating boxes left empty; its save wrote them, and the 6 was gone.
    store = HistoryStore(tmp_path / "history.jsonl")
    engine = WorkoutEngine.for_routine(make_routine(PLANK, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 20)
    engine.stop()
    result = result_of(engine, pain_before=3)
    a, b = SessionBook(store), SessionBook(HistoryStore(store.path))
    assert not a.record(result).error
    b.ensure_loaded()
    shown = (3, None, "")  # as both summaries opened
    assert not a.annotate(result, 3, 6, "", shown).error
    assert not b.annotate(result, 3, None, "from b", shown).error
    [session] = HistoryStore(store.path).load().sessions
    assert (session.pain_before, session.pain_after, session.note) == (3, 6, "from b")
    assert not b.annotate(result, 3, 2, "from b", (3, None, "from b")).error  # typed: taken
    [session] = HistoryStore(store.path).load().sessions
    assert session.pain_after == 2


def test_a_resumed_sitting_killed_after_the_session_was_rated_keeps_both(
    tmp_path: Path, clock: FakeClock
) -> None:
    # A second window resumed the session while the first sitting's summary was open;
    # the summary rated it, then the second window was killed (kill -9) in its workout.
    # Its record, kept as it ran, was written over the ratings at the next start, or
    # (had it been rated after the record's last step) dropped with the work done.
    store, book, first, other, second = resume_in_a_second_window(tmp_path, clock)
    killed_keeping(other, second)
    assert not book.annotate(first, 6, 3, "stiff").error  # after the record's last step

    [session] = HistoryStore(store.path).load().sessions
    assert (session.pain_before, session.pain_after, session.note) == (6, 3, "stiff")
    assert [(s.ended, s.done_s) for s in session.steps][:2] == [("time", 60), ("time", 30)]
    assert session.duration_s == first.engine.duration_s() + second.engine.duration_s()


@pytest.mark.parametrize("killed", [False, True])
def test_a_resumed_sitting_after_its_session_was_deleted_is_a_session_of_its_own(
    tmp_path: Path, clock: FakeClock, killed: bool
) -> None:
    # History's d in one window while another carried the session on: that window's save
    # (or, killed, the next start from its record) brought the deleted session back, its
    # first sitting's plank and all.
    store, book, first, other, second = resume_in_a_second_window(tmp_path, clock)
    assert first.session_id is not None
    assert not book.delete(first.session_id).error
    if killed:
        killed_keeping(other, second)
    else:
        assert other.record(second).text == "Saved as partial to history."
        other.wait_for_writes()
    [session] = HistoryStore(store.path).load().sessions
    assert session.id == second.record_id != first.session_id
    assert [(s.ended, s.done_s) for s in session.steps] == [
        ("stopped", 0),  # the plank, done in the sitting deleted
        ("time", 30),
        ("stopped", 10),
    ]
    assert session.duration_s == pytest.approx(second.engine.duration_s())
    assert session.pain_before is None  # (the first sitting's)
    assert list(folder_for(store.path).glob("*")) == [], "no record left to add it back"


def resumed_after_a_delete(
    tmp_path: Path, clock: FakeClock
) -> tuple[HistoryStore, SessionBook, WorkoutResult]:
    """A plank stopped at 20 s, saved; a second window resumes it, deleted meanwhile in
    a third: the resumed sitting skips the plank at 0.5 s and holds the left side 30 s.
    (store, the resuming window's book, its result so far, not kept or saved yet)."""
    timeline, store, [(book, copy), (other, _)] = stopped_and_offered_in_two_windows(
        tmp_path, clock
    )
    assert not other.delete(copy.id).error
    sitting = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[0])
    sitting.start()
    walk(sitting, clock, 0.5)
    sitting.skip()
    walk(sitting, clock, 15 + 30 + 2)  # the rest, the left side, 2 s of the switch
    return store, book, result_of(sitting, resumed=copy)


@pytest.mark.parametrize("how", ["saved", "killed", "killed after its save"])
def test_a_resumed_sitting_after_a_delete_claims_none_of_the_deleted_work(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    # Rebuilt from its record after a kill -9, the sitting's plank read 20 s "skipped":
    # the deleted sitting's seconds (its record keeps the try that did most).
    store, book, sitting = resumed_after_a_delete(tmp_path, clock)
    if how == "saved":
        assert not book.record(sitting).error
    else:
        if how == "killed after its save":  # (before its record went)
            monkeypatch.setattr(InProgress, "drop", lambda self, session_id: None)
            assert not book.record(sitting).error
        killed_keeping(book, sitting)
    [session] = HistoryStore(store.path).load().sessions  # (a kept record added, once)
    assert session.id == sitting.record_id
    plank, left, _right = session.steps
    assert plank.done_s == (0 if how == "killed" else 0.5)  # (killed: the sitting's try is
    # lost with the deleted one's, which did more: the record keeps only the try that did most)
    assert (left.ended, left.done_s) == ("time", 30)
    assert list(folder_for(store.path).glob("*.json")) == []


def killed_keeping(book: SessionBook, result: WorkoutResult) -> None:
    """The window of `book` keeps `result`'s record as a running workout does, and is
    killed (kill -9) then, in a process of its own."""

    def killed() -> None:
        book.keep_in_progress(result)
        book.wait_for_writes()
        os.kill(os.getpid(), signal.SIGKILL)

    _, status = os.waitpid(fork(killed), 0)
    assert os.WTERMSIG(status) == signal.SIGKILL


def resume_in_a_second_window(
    tmp_path: Path, clock: FakeClock
) -> tuple[HistoryStore, SessionBook, WorkoutResult, SessionBook, WorkoutResult]:
    """A first sitting saved (stopped in the left side plank); a second window resumes
    it and does the left side's 30 s: (store, first book, first result, second book,
    the second sitting's result so far, its record not yet kept)."""
    store = HistoryStore(tmp_path / "data" / "history.jsonl")
    book = SessionBook(store)
    routine = make_routine(PLANK, SIDE, lead_in_s=0)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    walk(engine, clock, 60 + 15 + 10)
    engine.stop()
    first = result_of(engine, pain_before=6)
    assert not book.record(first).error
    other = SessionBook(HistoryStore(store.path))
    earlier = other.resumable(routine.id, first.finished_at + timedelta(minutes=30))
    assert earlier is not None
    timeline = compile_routine(routine)
    at = resume_point(earlier, timeline)
    assert at is not None
    later = WorkoutEngine(timeline, clock, resume_at=work_steps(timeline)[at])
    later.start()
    walk(later, clock, 30 + 15)
    return store, book, first, other, result_of(later, resumed=earlier)


def on_a_full_disk(store: HistoryStore, save: Callable[[], SaveMessage]) -> SaveMessage:
    """What `save` says while the history's folder has no room for a byte."""
    with pytest.MonkeyPatch.context() as full:
        full.setattr(os, "open", fail_writes_to(store.path, errno.ENOSPC))
        return save()


def test_a_resumed_sitting_killed_just_after_its_save_is_not_counted_twice(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _, _, other, second = resume_in_a_second_window(tmp_path, clock)

    def killed_after_saving() -> None:
        # Dies between the save and the removal of the record kept while it ran.
        monkeypatch.setattr(Checkpoint, "drop", lambda _: os.kill(os.getpid(), signal.SIGKILL))
        other.keep_in_progress(second)  # (its writer thread made here, after the fork)
        other.record(second)
        other.wait_for_writes()

    _, status = os.waitpid(fork(killed_after_saving), 0)
    assert os.WTERMSIG(status) == signal.SIGKILL
    [saved] = HistoryStore(store.path).load().sessions  # the record is recovered here
    assert saved.duration_s == session_from_result(second).duration_s
    assert not any(folder_for(store.path).glob("*.json"))


def test_a_resumed_sitting_the_disk_refused_keeps_ratings_given_since(
    tmp_path: Path, clock: FakeClock
) -> None:
    # Its record kept for the next start had no word of the copy it began from: a
    # rating given meanwhile in the first window had the sitting's work dropped.
    store, book, first, other, second = resume_in_a_second_window(tmp_path, clock)
    other.keep_in_progress(second)
    assert on_a_full_disk(store, lambda: other.record(second)).error
    kept, lost = other.unsaved_at_exit()
    assert len(kept) == 1 and not lost
    assert not book.annotate(first, 6, 3, "stiff").error  # the first window, later
    other._in_progress.records[kept[0].id]._lock.release()  # type: ignore[union-attr]  # exit

    [session] = HistoryStore(store.path).load().sessions  # the next start
    assert (session.pain_after, session.note) == (3, "stiff")
    assert [(s.ended, s.done_s) for s in session.steps][:2] == [("time", 60), ("time", 30)]


def test_a_retried_save_of_a_resumed_sitting_keeps_ratings_given_since(
    tmp_path: Path, clock: FakeClock
) -> None:
    # r on History wrote the copy held in memory over the history's: the rating given
    # meanwhile in the first window was undone (a restart's recovery kept it).
    store, book, first, other, second = resume_in_a_second_window(tmp_path, clock)
    assert on_a_full_disk(store, lambda: other.record(second)).error
    assert not book.annotate(first, 6, 3, "stiff").error  # the first window, later
    assert other.retry() == SaveMessage("All sessions saved.") and not other.unsaved
    [session] = HistoryStore(store.path).load().sessions
    assert (session.pain_before, session.pain_after, session.note) == (6, 3, "stiff")
    assert [(s.ended, s.done_s) for s in session.steps][:2] == [("time", 60), ("time", 30)]
    assert session.duration_s == session_from_result(second).duration_s


def test_a_retried_rating_of_a_session_deleted_meanwhile_does_not_bring_it_back(
    tmp_path: Path, clock: FakeClock
) -> None:
    # A rating the disk refused, the session then deleted in another window, r on
    # History: the session came back (a rating given at once, `annotate`, refuses that).
    store, book, first, other, _ = resume_in_a_second_window(tmp_path, clock)
    assert on_a_full_disk(store, lambda: book.annotate(first, 3, 5, "sore")).error
    assert not other.delete(first.session_id or "").error  # the other window
    said = book.retry()
    assert said == SaveMessage("All sessions saved.") and not book.unsaved
    assert HistoryStore(store.path).load().sessions == [], "not brought back, nor next start"


def test_a_retried_save_of_a_resumed_sitting_killed_before_its_record_went_counts_once(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Refused by a full disk, then saved by r on History: that save was not marked, and
    # killed before its record was removed, the sitting's time was added a second time.
    store, _, _, other, second = resume_in_a_second_window(tmp_path, clock)

    def refused_then_retried_then_killed() -> None:
        other.keep_in_progress(second)
        assert on_a_full_disk(store, lambda: other.record(second)).error
        monkeypatch.setattr(Checkpoint, "drop", lambda _: os.kill(os.getpid(), signal.SIGKILL))
        other.retry()
        other.wait_for_writes()

    _, status = os.waitpid(fork(refused_then_retried_then_killed), 0)
    assert os.WTERMSIG(status) == signal.SIGKILL
    [saved] = HistoryStore(store.path).load().sessions
    assert saved.duration_s == session_from_result(second).duration_s


def test_two_windows_resuming_one_session_keep_a_record_each(
    tmp_path: Path, clock: FakeClock
) -> None:
    # Both kept their record in the same file: the second window's writes were refused
    # by the first's lock (no crash protection), and its save removed the first's.
    store, _, _, other, second = resume_in_a_second_window(tmp_path, clock)
    third = SessionBook(HistoryStore(store.path))
    also = dataclasses.replace(second, record_id=new_session_id())
    other.keep_in_progress(second)
    third.keep_in_progress(also)
    other.wait_for_writes()
    third.wait_for_writes()
    assert len(list(folder_for(store.path).glob("*.json"))) == 2
    assert not third.record(also).error
    third.wait_for_writes()
    assert len(list(folder_for(store.path).glob("*.json"))) == 1, "the first's stays"


def test_a_resumed_save_whose_mark_the_disk_refused_counts_once_if_killed(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The "saving" mark is a new file: a full disk can refuse it while the history's
    # one-line append still fits. The save went on, and killed before the record went,
    # the record (unmarked) was laid over the saved copy: the sitting counted twice.
    store, _, _, other, second = resume_in_a_second_window(tmp_path, clock)
    drop = Checkpoint.drop
    before = store.path.stat().st_size

    def killed_once_saved(checkpoint: Checkpoint) -> bool:
        if store.path.stat().st_size > before:  # the save landed: killed before the drop
            os.kill(os.getpid(), signal.SIGKILL)
        return drop(checkpoint)

    def mark_refused_save_landed_killed() -> None:
        other.keep_in_progress(second)
        other.wait_for_writes()
        folder = folder_for(store.path)
        monkeypatch.setattr(os, "open", fail_writes_to(folder / "x", errno.ENOSPC))
        monkeypatch.setattr(Checkpoint, "drop", killed_once_saved)
        assert not other.record(second).error, "saved: the unmarked record was removed"
        other.wait_for_writes()

    _, status = os.waitpid(fork(mark_refused_save_landed_killed), 0)
    assert os.WTERMSIG(status) == signal.SIGKILL
    [saved] = HistoryStore(store.path).load().sessions
    assert saved.duration_s == session_from_result(second).duration_s


def test_a_resumed_save_is_refused_when_its_record_can_be_neither_marked_nor_removed(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _, _, other, second = resume_in_a_second_window(tmp_path, clock)
    other.keep_in_progress(second)
    other.wait_for_writes()
    folder = folder_for(store.path)
    with monkeypatch.context() as stuck:
        stuck.setattr(os, "open", fail_writes_to(folder / "x", errno.ENOSPC))
        stuck.setattr(Checkpoint, "drop", lambda _: False)
        said = other.record(second)
    assert said.error and "retry from History" in said.text, said
    assert len(HistoryStore(store.path).load().sessions[0].steps) > 0
    assert other.retry() and not other.unsaved, "saved by r once the disk has room"
    [saved] = HistoryStore(store.path).load().sessions
    assert saved.duration_s == session_from_result(second).duration_s


def test_a_history_unreadable_at_the_start_is_read_once_it_can_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unreadable at the start (chmod 000), the history looked empty: "Streak 0", "0
    # sessions", and mending the permissions changed nothing until a restart (chmod
    # changes neither the file's size nor its time).
    store = HistoryStore(tmp_path / "history.jsonl")
    store.append_many([make_session(START - timedelta(days=1)), make_session(START)])
    book = SessionBook(store, today=START.date())
    readable = HistoryStore.load_briefs
    problem = f"cannot read history: {store.path}: permission denied"

    def refused(self: HistoryStore) -> object:
        raise HistoryError(problem)

    monkeypatch.setattr(HistoryStore, "load_briefs", refused)
    book.ensure_loaded()
    assert (book.sessions, book.unreadable, book.load_notices()) == ([], problem, [problem])
    assert book.reread_if_changed() is False  # tried again: still refused, not said again
    assert book.load_notices() == []
    monkeypatch.setattr(HistoryStore, "load_briefs", readable)
    assert book.reread_if_changed() is True
    assert (len(book.sessions), book.unreadable, book.streaks()[0]) == (2, None, 2)
    assert book.reread_if_changed() is False  # and back to one stat a look


def test_last_done_counts_the_sessions_the_streaks_count(tmp_path: Path) -> None:
    # A run of skips showed "last done: today" in the list, while the streak (rightly)
    # did not count it.
    store = HistoryStore(tmp_path / "history.jsonl")
    done = make_session(START - timedelta(days=2))
    skipped = [replace(step, done_s=1.5, ended="skipped") for step in done.steps]
    skips = make_session(START, steps=skipped)
    store.append_many([done, skips])
    book = SessionBook(store, today=START.date())
    assert book.streaks()[0] == 0
    done_on, tried_on = book.last_days()
    assert done_on == {"core-six": (START - timedelta(days=2)).date()}
    assert tried_on == {"core-six": START.date()}  # (said beside it: "tried today")


def test_sessions_dated_after_tomorrow_are_said_once(tmp_path: Path) -> None:
    # A line dated 2099 (a machine whose clock was wrong, merged here) became "last
    # done: 2099-01-01" on the routine list without a word. Tomorrow is no mistake: a
    # session in Tokyo, then a flight east.
    store = HistoryStore(tmp_path / "history.jsonl")
    today = START.date()
    tomorrow = make_session(START + timedelta(days=1))
    far = make_session(START.replace(year=2099))
    store.append_many([make_session(START), tomorrow, far])
    book = SessionBook(store, today=today)
    said = book.load_notices()
    assert said == [
        f"1 session is dated after tomorrow, the latest {far.local_date} ({far.id[:8]}):"
        " saved where the clock was wrong? 'coretui delete ID' removes one"
    ]
    store.append(make_session(START + timedelta(hours=2)))  # another window saves
    assert book.reread_if_changed()
    assert book.load_notices() == [], "said once"


def test_a_resumed_sitting_keeps_what_a_merge_brought_in_meanwhile(
    tmp_path: Path, clock: FakeClock
) -> None:
    # While the second window's sitting ran, `coretui merge` brought in another machine's
    # older copy with the right side done. The merged line keeps this history's
    # updated_at (a merge is no edit), so the sitting's save took the session for
    # unchanged since it began and wrote the right side back to not done.
    store, _, _, other, second = resume_in_a_second_window(tmp_path, clock)
    assert second.resumed is not None and second.resumed.updated_at is not None
    right = replace(second.resumed.steps[2], done_s=30.0, ended="time")
    elsewhere = replace(
        second.resumed,
        steps=[*second.resumed.steps[:2], right],
        updated_at=second.resumed.updated_at - timedelta(minutes=5),
    )
    their_file = tmp_path / "elsewhere.jsonl"
    their_file.write_text(elsewhere.to_json_line() + "\n")
    assert store.merge(their_file).updated == 1

    second.engine.stop()
    assert not other.record(second).error
    [session] = HistoryStore(store.path).load().sessions
    assert [(s.ended, s.done_s) for s in session.steps] == [
        ("time", 60),
        ("time", 30),
        ("time", 30),
    ]


def test_the_lines_past_the_first_five_are_counted_in_words() -> None:
    from coretui.history.load import BadLine
    from coretui.history.notices import bad_line_notices

    for count, said in (
        (6, "... and 1 more unreadable history line"),
        (8, "... and 3 more unreadable history lines"),
    ):
        notices = bad_line_notices([BadLine(n, "not valid JSON") for n in range(1, count + 1)])
        assert notices[0] == "history line 1 skipped (kept in the file): not valid JSON"
        assert notices[-1] == said


def test_a_workout_killed_in_another_window_is_taken_up_by_an_open_one(tmp_path: Path) -> None:
    # A window left open on the routine list never saw a workout killed in another (the
    # history file had not changed): no resume offered, "last done: not yet", and a
    # start over made a second session of the same workout.
    store = HistoryStore(tmp_path / "history.jsonl")
    book = SessionBook(store, today=START.date())
    book.ensure_loaded()
    session = make_session(START, status="partial")

    def killed() -> None:
        assert Checkpoint(folder_for(store.path), session.id).write(session)
        os.kill(os.getpid(), signal.SIGKILL)

    os.waitpid(fork(killed), 0)
    assert book.reread_if_changed()
    assert [s.id for s in book.sessions] == [session.id]
    assert not store.dead_records(), "taken once; nothing left to take"
    book.reread_if_changed()
    assert [s.id for s in book.sessions] == [session.id]


def test_a_record_left_as_it_is_does_not_make_the_history_read_every_look(
    tmp_path: Path,
) -> None:
    # A record no workout holds that the read leaves (a newer coretui's, a damaged one):
    # every 2 s look read the whole history again, and the routine list, redrawn,
    # scrolled its detail pane back to the top.
    store = HistoryStore(tmp_path / "history.jsonl")
    folder = folder_for(store.path)
    folder.mkdir(parents=True)
    (folder / "20260601-070000-aaaa.json").write_text('{"schema_version": 99}\n')
    book = SessionBook(store, today=START.date())
    book.ensure_loaded()
    assert not book.reread_if_changed()
    assert not book.reread_if_changed()
    assert (folder / "20260601-070000-aaaa.json").exists(), "left as it is"

"""A workout's record kept while it runs: recovered once after a kill -9, never twice."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from coretui import safe_files
from coretui.history import HistoryStore, Session, new_session_id
from coretui.history.checkpoint import Checkpoint, folder_for
from tests.unit.test_history import make_session
from tests.unit.test_history_faults import fail_writes_to, fork


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "data" / "history.jsonl")


def partial(**changes: object) -> Session:
    """A workout stopped after its first step: what a record kept mid-run holds."""
    session = make_session(status="partial", **changes)
    first, *rest = session.steps
    stopped = [replace(step, done_s=0.0, ended="stopped") for step in rest]
    return replace(session, steps=[first, *stopped], active_s=first.done_s)


def killed_while_running(
    store: HistoryStore,
    session: Session,
    saved: bool = False,
    deleted: bool = False,
    base: Session | None = None,
    saving: bool = False,
    name: str | None = None,
) -> None:
    """A process keeps `session` as its workout's record (and, if `saved`, has just
    written the workout's final copy; if `deleted`, deleted it from its history too),
    then dies by SIGKILL before removing the record. `base`: the session a resumed
    workout carries on, as it began from it; `saving`: marked as being saved; `name`:
    the record's file (a resumed sitting's own; else the session's id)."""

    def child() -> None:
        record = Checkpoint(folder_for(store.path), name or session.id)
        assert record.write(session, base, saving)
        if saved:
            store.append(replace(session, status="completed"))
        if deleted:
            store.delete(session.id)
        os.kill(os.getpid(), signal.SIGKILL)

    pid = fork(child)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def records_left(store: HistoryStore) -> list[Path]:
    return sorted(folder_for(store.path).glob("*"))


def test_a_record_left_by_a_killed_workout_becomes_its_partial_session(
    store: HistoryStore,
) -> None:
    session = partial()
    killed_while_running(store, session)
    [brief] = store.load_briefs().briefs
    assert (brief.id, brief.status, brief.active_s) == (session.id, "partial", 60.0)
    [whole] = store.load().sessions
    assert [s.ended for s in whole.steps] == ["time", *["stopped"] * (len(whole.steps) - 1)]
    assert records_left(store) == [], "the record and its lock are gone"
    assert len(store.load().sessions) == 1, "recovered once, not at every read"


def test_a_running_workouts_record_is_left_alone(store: HistoryStore) -> None:
    session = partial()
    running = Checkpoint(folder_for(store.path), session.id)
    assert running.write(session)
    assert store.load().sessions == [], "its workout still runs: not a session yet"
    running.drop()
    assert records_left(store) == [] and store.load().sessions == []


def test_a_record_whose_workout_was_saved_is_removed_not_added(store: HistoryStore) -> None:
    session = partial()
    killed_while_running(store, session, saved=True)
    [whole] = store.load().sessions
    assert whole.status == "completed", "the saved copy is newer than the record"
    assert records_left(store) == []


def test_a_record_whose_session_was_deleted_since_is_not_brought_back(
    store: HistoryStore,
) -> None:
    killed_while_running(store, partial(), saved=True, deleted=True)
    assert store.load().sessions == []
    assert records_left(store) == []


def test_a_resumed_workouts_record_replaces_the_earlier_partial(store: HistoryStore) -> None:
    # Saved when it stopped, an hour ago; carried on since, and killed a minute ago.
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    earlier = store.append(partial(started_at=an_hour_ago - timedelta(minutes=10)))
    later = replace(earlier, finished_at=datetime.now(UTC) + timedelta(minutes=1))
    killed_while_running(store, replace(later, updated_at=None))
    [whole] = store.load().sessions
    assert whole.finished_at == later.finished_at


def test_a_resumed_workouts_record_keeps_the_work_done_since_resuming(
    store: HistoryStore,
) -> None:
    # Resuming reads the saved copy back, updated_at and all, and the record kept while
    # it runs carries that stamp: the steps done since must still win over the copy.
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    first = partial(started_at=an_hour_ago - timedelta(minutes=10))
    earlier = store.append(replace(first, steps=first.steps[:1]))
    [read_back] = store.load().sessions
    assert read_back.updated_at is not None
    carried_on = replace(read_back, finished_at=datetime.now(UTC), steps=first.steps)
    killed_while_running(store, carried_on)
    [whole] = store.load().sessions
    assert len(whole.steps) == len(first.steps) > len(earlier.steps)
    assert records_left(store) == []


def resumed_sitting(store: HistoryStore) -> tuple[Session, Session]:
    """A session saved stopped after its first step, read back, and a resumed sitting's
    record of it: the second step done since (60 s more), the sitting still running."""
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    store.append(partial(started_at=an_hour_ago - timedelta(minutes=10), duration_s=70.0))
    [base] = store.load().sessions
    second = replace(base.steps[1], done_s=60.0, ended="time")
    record = replace(
        base,
        finished_at=datetime.now(UTC),
        duration_s=base.duration_s + 65.0,
        active_s=base.active_s + 60.0,
        steps=[base.steps[0], second, *base.steps[2:]],
    )
    return base, record


def test_a_resumed_record_keeps_the_ratings_another_window_gave_since(
    store: HistoryStore,
) -> None:
    # The first sitting's summary, still open in another window, rated the session
    # while this sitting ran; this sitting was then killed.
    base, record = resumed_sitting(store)
    store.append(replace(base, pain_after=2, note="felt fine"))
    killed_while_running(store, record, base=base)
    [whole] = store.load().sessions
    assert (whole.pain_after, whole.note) == (2, "felt fine"), "the ratings stay"
    assert whole.steps[1].done_s == 60.0, "and so does the work done in this sitting"
    assert (whole.duration_s, whole.active_s) == (record.duration_s, record.active_s)
    assert records_left(store) == []


def test_a_resumed_record_keeps_what_another_resumed_window_did_since(
    store: HistoryStore,
) -> None:
    # Two windows resumed the session; the other did the third step and saved, this
    # one did the second and was killed: both steps are done, both sittings' time counts.
    base, record = resumed_sitting(store)
    third = replace(base.steps[2], done_s=base.steps[2].planned_s or 45.0, done_reps=15)
    third = replace(third, ended="done")
    other = replace(
        base,
        finished_at=datetime.now(UTC),
        duration_s=base.duration_s + 50.0,
        active_s=base.active_s + 45.0,
        steps=[*base.steps[:2], third, *base.steps[3:]],
    )
    store.append(other)
    killed_while_running(store, record, base=base)
    [whole] = store.load().sessions
    assert [s.outcome for s in whole.steps[:3]] == ["done", "done", "done"]
    assert whole.duration_s == base.duration_s + 50.0 + 65.0
    assert whole.active_s == base.active_s + 45.0 + 60.0


def test_a_resumed_record_whose_sitting_was_saved_is_not_added_again(
    store: HistoryStore,
) -> None:
    # The sitting saved its session (laid over the rated copy), then died before
    # removing its record: the saved copy holds it all, and no time is counted twice.
    base, record = resumed_sitting(store)
    rated = store.append(replace(base, pain_after=3))
    final = replace(record, pain_after=rated.pain_after)  # its save follows the history
    killed_while_running(store, final, base=rated, saving=True)
    saved = store.append(final)
    store.append(replace(saved, note="rated again, elsewhere"))  # and later changes
    [whole] = store.load().sessions
    assert whole.duration_s == saved.duration_s, "the record added nothing"
    assert whole.note == "rated again, elsewhere"
    assert records_left(store) == []


def test_a_resumed_record_killed_before_its_save_landed_is_still_added(
    store: HistoryStore,
) -> None:
    # Marked as being saved, then killed before the append (the history's lock was
    # busy): a rating given elsewhere after the mark made it look saved, and dropped.
    base, record = resumed_sitting(store)
    killed_while_running(store, record, base=base, saving=True)
    store.append(replace(base, pain_after=2))
    [whole] = store.load().sessions
    assert whole.steps[1].done_s == 60.0 and whole.pain_after == 2
    assert whole.duration_s == record.duration_s


def test_a_record_whose_second_line_is_garbage_is_still_recovered(
    store: HistoryStore,
) -> None:
    base, record = resumed_sitting(store)
    killed_while_running(store, record, base=base)
    [file] = folder_for(store.path).glob("*.json")
    first = file.read_bytes().split(b"\n")[0]
    file.write_bytes(first + b"\n{not a session\n")
    [whole] = store.load().sessions
    assert whole.steps[1].done_s == 60.0
    assert records_left(store) == []


def test_a_killed_sitting_counts_though_another_did_the_same_step_for_longer(
    store: HistoryStore,
) -> None:
    # Two windows resumed the session and did its second step; the other saved after a
    # longer sitting, this one was killed. Taken for this sitting's own save, the
    # record was dropped with its 65 s; a save would have counted both sittings.
    base, record = resumed_sitting(store)
    other = replace(record, duration_s=base.duration_s + 70.0, active_s=base.active_s + 60.0)
    store.append(other)
    killed_while_running(store, record, base=base)
    [whole] = store.load().sessions
    assert whole.duration_s == base.duration_s + 70.0 + 65.0
    assert whole.active_s == base.active_s + 60.0 + 60.0


def test_a_record_the_history_refuses_stays_for_the_next_read(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = partial()
    killed_while_running(store, session)
    monkeypatch.setattr(os, "open", fail_writes_to(store.path, errno.EROFS))
    assert store.load().sessions == []  # a read-only disk: the append fails...
    monkeypatch.undo()
    assert [s.id for s in store.load().sessions] == [session.id]  # ...and is made later


def test_a_file_that_is_not_a_record_is_left_as_it_is(store: HistoryStore) -> None:
    folder = folder_for(store.path)
    folder.mkdir(parents=True)
    (folder / "notes.json").write_text("not a session")
    assert store.load().sessions == []
    assert (folder / "notes.json").read_text() == "not a session"


def test_a_record_a_crash_left_unreadable_is_said_once_not_passed_over(
    store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    # A crash can leave a file of NULs where a workout's record was: the workout was
    # lost without a word, at every start.
    from coretui.cli import main
    from coretui.services.sessions import SessionBook

    folder = folder_for(store.path)
    folder.mkdir(parents=True)
    record = folder / f"{new_session_id()}.json"
    record.write_bytes(b"\0" * 4096)
    said = f"{record}: not a workout record (contains NUL bytes"
    book = SessionBook(store)
    book.ensure_loaded()
    [notice] = book.load_notices()
    assert notice.startswith(said) and notice.endswith(
        "; left as it is (move it out of that folder to stop this)"
    ), notice
    book.reread_if_changed()
    store.append(make_session())  # (another window saved: the history is read again)
    assert book.reread_if_changed()
    assert book.load_notices() == [], "said once"
    assert record.read_bytes() == b"\0" * 4096
    data = store.path.parent
    assert main(["--data-dir", str(data), "history"]) == 0
    assert capsys.readouterr().err.startswith(f"warning: {said}")


def test_the_first_record_on_a_fresh_install_makes_private_folders(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "share" / "coretui" / "history.jsonl")
    session = partial()
    old_umask = os.umask(0o022)
    try:
        running = Checkpoint(folder_for(store.path), session.id)
        assert running.write(session)  # the first workout: no history file yet
    finally:
        os.umask(old_umask)
    for folder in (tmp_path / "share", tmp_path / "share" / "coretui", folder_for(store.path)):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(running.file.stat().st_mode) == 0o600
    running.drop()


def test_what_a_dead_workout_left_besides_its_record_is_cleaned_up(store: HistoryStore) -> None:
    folder = folder_for(store.path)
    folder.mkdir(parents=True)
    # Died after taking its lock, before its first record; died while rewriting a record.
    (folder / "20260601-070000-aaaa.lock").write_text("")
    (folder / ".20260601-080000-bbbb.json.x1y2z3").write_text('{"half')
    os.mkfifo(folder / "20260601-090000-cccc.json")  # not a plain file: never read

    def hung(*_: object) -> None:
        raise AssertionError("reading the named pipe waits for a writer for ever")

    signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        assert store.load().sessions == []
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    assert [p.name for p in records_left(store)] == ["20260601-090000-cccc.json"]


def test_two_killed_windows_that_resumed_one_session_both_count(store: HistoryStore) -> None:
    # Both windows resumed the session from the same copy; one did the second step,
    # the other the third, and both were killed: each left a record of its own. The
    # second record recovered was compared with the history as it was before the
    # first was added, and laid over it: one window's work was lost.
    base, mine = resumed_sitting(store)
    third = replace(base.steps[2], done_s=45.0, done_reps=15, ended="done")
    theirs = replace(
        base,
        finished_at=datetime.now(UTC),
        duration_s=base.duration_s + 50.0,
        active_s=base.active_s + 45.0,
        steps=[*base.steps[:2], third, *base.steps[3:]],
    )
    killed_while_running(store, mine, base=base, name=new_session_id())
    killed_while_running(store, theirs, base=base, name=new_session_id())
    [whole] = store.load().sessions
    assert records_left(store) == []
    assert whole.steps[1].done_s == 60.0 and whole.steps[2].outcome == "done", whole.steps[:3]
    assert whole.duration_s == base.duration_s + 65.0 + 50.0, "both sittings' time"


def test_a_resumed_record_keeps_what_a_merge_brought_in_since(
    store: HistoryStore, tmp_path: Path
) -> None:
    # `coretui merge` brought in another machine's older copy with the third step done
    # while this sitting ran; the merged line keeps the updated_at the sitting began
    # from (a merge is no edit), and the record, taken for the newer, undid that step.
    base, record = resumed_sitting(store)
    assert base.updated_at is not None
    third = replace(base.steps[2], done_s=45.0, done_reps=15, ended="done")
    elsewhere = replace(
        base,
        steps=[*base.steps[:2], third, *base.steps[3:]],
        updated_at=base.updated_at - timedelta(minutes=5),
    )
    their_file = tmp_path / "elsewhere.jsonl"
    their_file.write_text(elsewhere.to_json_line() + "\n")
    assert store.merge(their_file).updated == 1
    killed_while_running(store, record, base=base)
    [whole] = store.load().sessions
    assert whole.steps[1].done_s == 60.0, "the work of this sitting"
    assert whole.steps[2] == third, "and the step the merge brought"
    assert records_left(store) == []


def test_a_link_to_nowhere_among_the_records_is_said_as_one(tmp_path: Path) -> None:
    # "not a regular file", where every other file coretui reads says where it points.
    from coretui.services.sessions import SessionBook

    store = HistoryStore(tmp_path / "history.jsonl")
    folder = folder_for(store.path)
    folder.mkdir(parents=True)
    record = folder / f"{new_session_id()}.json"
    record.symlink_to(tmp_path / "gone.json")
    book = SessionBook(store)
    book.ensure_loaded()
    assert book.load_notices() == [
        f"{record}: a link to {tmp_path / 'gone.json'}, not there; left as it is"
        " (move it out of that folder to stop this)"
    ]


def more_done(session: Session) -> Session:
    """The same workout a while later: its second step done too."""
    first, second, *rest = session.steps
    second = replace(second, done_s=second.planned_s or 30.0, ended="time")
    return replace(session, steps=[first, second, *rest], active_s=session.active_s + 30)


def killed_after_the_disk_filled(
    store: HistoryStore, session: Session, fill: Callable[[], None]
) -> None:
    """A workout keeps `session`, the disk fills (`fill`), it goes on to `more_done`, then dies."""

    def child() -> None:
        record = Checkpoint(folder_for(store.path), session.id)
        assert record.write(session)
        fill()
        assert record.write(more_done(session)), record.problem
        os.kill(os.getpid(), signal.SIGKILL)

    pid = fork(child)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def test_on_a_full_disk_the_record_takes_the_room_kept_aside_for_it(store: HistoryStore) -> None:
    # Once the disk was full every record after was refused (a new file needs room): a
    # kill, or the terminal closed with the history refusing the save, lost the work
    # done since (37 s held in a review, 10 s recorded).
    session = partial()
    spare = folder_for(store.path) / f".{session.id}.json.spare"

    def full() -> None:
        real = safe_files.atomic_write

        def no_room_but_the_spare(*args: Any, **kwargs: Any) -> None:
            if spare.exists():  # (the disk is full until the room kept aside is freed)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real(*args, **kwargs)

        assert spare.stat().st_size >= 16 * 1024
        safe_files.atomic_write = no_room_but_the_spare  # type: ignore[assignment]  # (child)

    killed_after_the_disk_filled(store, session, full)
    [whole] = store.load().sessions
    assert whole.active_s == more_done(session).active_s
    assert [s.ended for s in whole.steps[:2]] == ["time", "time"]
    assert records_left(store) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KB disk (tmpfs), where it can be mounted."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small disk here (not root, or no mount)")
    try:
        yield disk
    finally:  # (lazily: a test that failed may still hold a record's lock open there)
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, leave: int = 0) -> None:
    """Fill `disk` to its last block, then give `leave` bytes back."""
    with (disk / "filler").open("wb", buffering=0) as handle, suppress(OSError):
        while True:
            handle.write(bytes(4096))
    with pytest.raises(OSError):  # full: not even a small new file
        (disk / "one-more").write_bytes(bytes(4096))
    os.truncate(disk / "filler", max(0, (disk / "filler").stat().st_size - leave))


def test_a_real_full_disk_keeps_the_record_as_it_runs(small_disk: Path) -> None:
    store = HistoryStore(small_disk / "data" / "history.jsonl")
    session = partial()
    killed_after_the_disk_filled(store, session, lambda: fill(small_disk))
    (small_disk / "filler").unlink()
    [whole] = store.load().sessions
    assert whole.active_s == more_done(session).active_s


def test_on_a_nearly_full_disk_no_room_is_taken_from_the_history(small_disk: Path) -> None:
    # Made whenever it fitted, the spare took the last 16 KB a disk had: the workout's
    # own save to the history was then refused at its end.
    store = HistoryStore(small_disk / "data" / "history.jsonl")
    store.append(make_session())  # (the folders made)
    fill(small_disk, leave=40 * 1024)
    session = partial()
    running = Checkpoint(folder_for(store.path), session.id)
    assert running.write(session)
    assert not list(folder_for(store.path).glob(".*.spare")), "no room taken"
    store.append(replace(session, status="completed"))  # (the workout's own save)
    running.drop()

"""SPEC section 8 for history: concurrent writers, kill -9, read-only and full disks."""

from __future__ import annotations

import errno
import os
import random
import signal
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from coretui import history
from coretui.history import HistoryError, HistoryStore, Session
from coretui.history.files import cannot_save
from tests.unit.test_history import make_session as plausible_session

START = datetime(2024, 5, 1, 7, 0, tzinfo=UTC)


def make_session(note: str = "") -> Session:
    """A plausible session started at a random moment (kills land on distinct lines)."""
    return plausible_session(START + timedelta(seconds=random.randrange(10**7)), note=note)


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "data" / "history.jsonl")


def corrupt_contents(store: HistoryStore) -> set[bytes]:
    return {path.read_bytes() for path in store.path.parent.glob("history.corrupt-*.jsonl")}


def fork(child: Callable[[], None]) -> int:
    """Run ``child`` in a forked process that never returns into pytest."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's exit code is what the parent checks
        code = 1
        try:
            child()
            code = 0
        finally:
            os._exit(code)
    return pid


def test_eight_processes_appending_at_once_lose_nothing(store: HistoryStore) -> None:
    def append_fifty() -> None:
        random.seed()
        writer = HistoryStore(store.path)
        for _ in range(50):
            writer.append(make_session())

    pids = [fork(append_fifty) for _ in range(8)]
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]

    assert codes == [0] * 8
    loaded = store.load()
    assert (loaded.bad_lines, loaded.torn_tail) == ([], False)
    assert len(loaded.sessions) == 400
    assert len({session.id for session in loaded.sessions}) == 400
    assert store.path.read_bytes().count(b"\n") == 400


def test_kill_9_at_random_moments_never_loses_a_saved_session(store: HistoryStore) -> None:
    """200 rounds: a child appends in a loop and is SIGKILLed at a random moment.

    Every session whose append returned must load afterwards; at most the last line may be
    torn, and torn bytes must end up in a corrupt-* file, never deleted. Some rounds plant a
    torn line first, so that the kill can also land while the child moves one aside.
    """
    rng = random.Random(8)
    saved: set[str] = set()
    seen_tails: set[bytes] = set()
    planted: set[bytes] = set()
    store.append(make_session())
    for round_number in range(200):
        if round_number % 3 == 0 and store.path.read_bytes().endswith(b"\n"):
            line = make_session().to_json_line().encode()
            tail = line[: rng.randrange(1, len(line) - 1)]  # never a whole record
            planted.add(tail)
            with store.path.open("ab") as file:  # as a crash of some earlier writer would
                file.write(tail)
        read_end, write_end = os.pipe()

        def append_forever(write_end: int = write_end, read_end: int = read_end) -> None:
            os.close(read_end)
            random.seed()
            writer = HistoryStore(store.path)
            for count in range(10**9):
                # Now and then a 64 KiB line, long enough for the kill to land inside its write.
                session = make_session(note="x" * (1 << 16) if count % 4 == 3 else "")
                writer.append(session)
                os.write(write_end, session.id.encode() + b"\n")  # under PIPE_BUF: atomic

        pid = fork(append_forever)
        os.close(write_end)
        time.sleep(rng.uniform(0.0, 0.015))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            saved.update(line.decode() for line in pipe.read().split())

        raw = store.path.read_bytes()
        loaded = store.load()
        ids = {session.id for session in loaded.sessions}
        assert saved <= ids, f"round {round_number}: saved sessions went missing"
        lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
        assert [bad.line_number for bad in loaded.bad_lines] in ([], [lines])
        assert loaded.torn_tail == (not raw.endswith(b"\n"))
        if loaded.torn_tail:
            seen_tails.add(raw[raw.rfind(b"\n") + 1 :])
        if round_number % 4 == 0:
            marker = make_session()
            store.append(marker)
            saved.add(marker.id)
            assert store.path.read_bytes().startswith(raw[: raw.rfind(b"\n") + 1])

    store.append(make_session())
    final = store.load()
    assert (final.bad_lines, final.torn_tail) == ([], False)
    assert saved <= {session.id for session in final.sessions}
    kept_aside = corrupt_contents(store)
    assert planted <= kept_aside
    for tail in seen_tails - planted:  # torn by the kill itself
        # (a tear just before the newline leaves a whole record, which is kept in place)
        assert tail in kept_aside or tail + b"\n" in store.path.read_bytes()


def fail_writes_to(path: Path, error: int) -> Callable[..., int]:
    """An os.open that refuses to open ``path``'s folder for writing, as a read-only disk does."""
    real_open = os.open

    def fake_open(file: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writing and Path(file).parent == path.parent:
            raise OSError(error, os.strerror(error), str(file))
        return real_open(file, flags, mode, **kwargs)

    return fake_open


@pytest.mark.parametrize(
    ("error", "reason"),
    [(errno.EROFS, "read-only file system"), (errno.EACCES, "permission denied")],
)
def test_a_read_only_disk_gives_a_clear_error_and_changes_nothing(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch, error: int, reason: str
) -> None:
    store.append(make_session())
    before = store.path.read_bytes()
    pending = make_session()

    monkeypatch.setattr(os, "open", fail_writes_to(store.path, error))
    with pytest.raises(HistoryError) as caught:
        store.append(pending)
    message = str(caught.value)
    assert message.startswith("cannot save history: ")
    assert message.endswith(f": {reason}")
    assert "\n" not in message
    assert store.load().sessions  # reading still works on a read-only disk
    monkeypatch.undo()

    assert store.path.read_bytes() == before
    written = store.append(pending)  # the caller kept the session; the retry saves it
    assert written in store.load().sessions


def test_a_read_only_folder_is_said_as_one_not_by_the_lock_file_coretui_makes(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "cannot save history: .../history.lock: permission denied", a file the user never made.
    store.append(make_session())
    store.lock_path.unlink()
    monkeypatch.setattr(os, "open", fail_writes_to(store.path, errno.EACCES))
    with pytest.raises(HistoryError) as caught:
        store.append(make_session())
    folder = store.path.parent
    assert str(caught.value) == (
        f"cannot save history: no file can be made in {folder}: permission denied"
    )


def test_a_folder_where_nothing_can_be_saved_is_said_before_any_workout(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A read-only data folder was found when a 26-minute workout ended ("Not saved").
    deep = store.path.parent / "share" / "coretui" / "history.jsonl"
    old = os.umask(0o022)
    try:
        assert cannot_save(deep) is None  # its folders made, private as a save makes them
    finally:
        os.umask(old)
    made = [deep.parent, deep.parent.parent, store.path.parent]
    assert [oct(folder.stat().st_mode & 0o777) for folder in made] == ["0o700"] * 3
    assert cannot_save(store.path) is None
    store.append(make_session())
    before = store.path.read_bytes()
    assert cannot_save(store.path) is None
    assert not [p for p in store.path.parent.iterdir() if "write-check" in p.name]
    monkeypatch.setattr(os, "open", fail_writes_to(store.path, errno.EROFS))
    said = cannot_save(store.path)
    monkeypatch.undo()
    assert said is not None and "read-only file system" in said and "\n" not in said
    assert str(store.path.parent) in said
    assert store.path.read_bytes() == before
    store.path.unlink()
    os.mkfifo(store.path)  # opened to add to, a named pipe would wait for a reader
    said = cannot_save(store.path)
    assert said is not None and "not a regular file" in said


def test_a_file_where_a_workout_under_way_is_kept_is_said_before_any_workout(
    store: HistoryStore,
) -> None:
    # The record kept against a crash could not be written, and nothing said so.
    keep = store.path.parent / "in-progress"
    assert cannot_save(store.path) is None
    keep.write_text("not a folder")
    said = cannot_save(store.path)
    assert said is not None and f"{keep}" in said and "not a folder" in said
    assert "still saved when it ends" in said


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_a_real_read_only_data_folder(store: HistoryStore) -> None:
    store.append(make_session())
    before = store.path.read_bytes()
    store.path.parent.chmod(0o500)
    store.path.chmod(0o400)
    try:
        with pytest.raises(HistoryError, match=r"^cannot save history: .*permission denied$"):
            store.append(make_session())
    finally:
        store.path.parent.chmod(0o700)
        store.path.chmod(0o600)
    assert store.path.read_bytes() == before


@pytest.fixture
def full_disk(store: HistoryStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Make writes to the history file fail the way a full disk does; yields the inode."""
    store.append(make_session())
    inode = [store.path.stat().st_ino]
    real_write = os.write

    def fake_write(fd: int, data: bytes) -> int:
        if os.fstat(fd).st_ino in inode:
            real_write(fd, bytes(data[: len(data) // 2]))  # half the line reaches the disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", fake_write)
    yield inode
    monkeypatch.undo()


def test_a_full_disk_mid_write_leaves_no_torn_line(
    store: HistoryStore, full_disk: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store.path.read_bytes()
    pending = make_session(note="the only copy is in memory")

    with pytest.raises(HistoryError) as caught:
        store.append(pending)
    assert str(caught.value) == f"cannot save history: {store.path}: no space left on device"
    assert store.path.read_bytes() == before
    monkeypatch.undo()

    written = store.append(pending)
    loaded = store.load()
    assert written in loaded.sessions
    assert (loaded.bad_lines, loaded.torn_tail) == ([], False)


def test_a_short_write_counts_as_a_full_disk(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.append(make_session())
    before = store.path.read_bytes()
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:10])))

    with pytest.raises(HistoryError, match=r"no space left on device$"):
        store.append(make_session())
    assert store.path.read_bytes() == before


def test_a_failed_fsync_leaves_the_file_as_it_was(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.append(make_session())
    before = store.path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(HistoryError, match=r"input/output error$"):
        store.append(make_session())
    assert store.path.read_bytes() == before


def test_a_full_disk_while_moving_a_torn_line_aside_keeps_it_in_place(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.append(make_session())
    with store.path.open("ab") as file:
        file.write(b'{"id": "torn')
    before = store.path.read_bytes()
    real_write = os.write

    def no_space_for_new_files(fd: int, data: bytes) -> int:
        if os.fstat(fd).st_ino != store.path.stat().st_ino:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", no_space_for_new_files)
    with pytest.raises(HistoryError, match=r"history\.corrupt-.*: no space left on device$"):
        store.append(make_session())
    assert store.path.read_bytes() == before
    assert corrupt_contents(store) == set()  # no half copy left behind
    monkeypatch.undo()

    store.append(make_session())
    assert corrupt_contents(store) == {b'{"id": "torn'}


def test_a_lock_held_too_long_is_a_clear_error(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.append(make_session())
    before = store.path.read_bytes()
    monkeypatch.setattr(history.store, "LOCK_TIMEOUT_S", 0.2)
    with FileLock(store.lock_path), pytest.raises(HistoryError) as caught:
        store.append(make_session())
    assert str(caught.value) == (
        f"cannot save history: {store.lock_path} is held by another coretui (waited 0.2 s)"
    )
    assert store.path.read_bytes() == before


@pytest.mark.parametrize("target", ["elsewhere/history.lock", "history.lock"])
def test_a_lock_file_that_is_a_symbolic_link_is_named_as_one(
    store: HistoryStore, target: str
) -> None:
    # filelock will not follow a link: it said "too many levels of symbolic links",
    # even for a link to nowhere, and nothing said what to do.
    store.append(make_session())
    before = store.path.read_bytes()
    store.lock_path.unlink()
    store.lock_path.symlink_to(store.path.parent / target)
    with pytest.raises(HistoryError) as caught:
        store.append(make_session())
    assert str(caught.value) == (
        f"cannot save history: {store.lock_path} is a symbolic link, which coretui does not"
        " follow for its lock; remove it (coretui makes the lock file again)"
    )
    assert store.path.read_bytes() == before
    store.lock_path.unlink()
    store.append(make_session())  # as it says


def test_a_history_that_links_to_a_place_gone_says_where_it_points(tmp_path: Path) -> None:
    # "history.jsonl: no such file or directory" for a file plainly there (ls lists it).
    data = tmp_path / "data"
    data.mkdir()
    gone = tmp_path / "unmounted" / "history.jsonl"
    (data / "history.jsonl").symlink_to(gone)
    with pytest.raises(HistoryError) as caught:
        HistoryStore(data / "history.jsonl").append(make_session())
    assert str(caught.value) == (
        f"cannot save history: {data / 'history.jsonl'} (a link to {gone}):"
        " no such file or directory"
    )


def test_a_history_linked_to_a_place_gone_is_no_empty_history(tmp_path: Path) -> None:
    # A history linked into a sync folder not mounted read as "0 sessions, no history
    # file", and the app said nothing until a workout ended "Not saved".
    data = tmp_path / "data"
    data.mkdir()
    gone = tmp_path / "Unmounted" / "History.jsonl"  # (said as it is, capitals and all)
    (data / "history.jsonl").symlink_to(gone)
    store = HistoryStore(data / "history.jsonl")
    for read in (store.load, store.load_briefs):
        with pytest.raises(HistoryError) as caught:
            read()
        assert f"(a link to {gone}): no such file or directory" in str(caught.value)
    said = cannot_save(store.path)
    assert said is not None and said.startswith(
        f"Workouts cannot be saved in {store.path}: a link to {gone}, not there."
    )
    (data / "history.jsonl").unlink()
    assert store.load().sessions == [] and cannot_save(store.path) is None, "not there yet"


def test_why_workouts_cannot_be_saved_is_said_in_coretui_s_words(tmp_path: Path) -> None:
    # "cannot be saved in .../history.jsonl: Is a directory": the system's words, where
    # reading the same history says "is a folder, not a file".
    history = tmp_path / "data" / "history.jsonl"
    history.mkdir(parents=True)
    said = cannot_save(history)
    assert said is not None and said.startswith(
        f"Workouts cannot be saved in {history}: is a folder, not a file."
    )


def test_a_merge_on_a_full_disk_adds_nothing(
    store: HistoryStore, tmp_path: Path, full_disk: list[int]
) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text("".join(make_session().to_json_line() for _ in range(3)))
    before = store.path.read_bytes()
    with pytest.raises(HistoryError, match=r"^cannot merge history: .*no space left on device$"):
        store.merge(other)
    assert store.path.read_bytes() == before


def test_a_folder_that_takes_no_files_is_named_at_once_not_blamed_on_a_lock(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In a folder where no file can be made (--data-dir /proc/self/fdinfo), filelock
    # retried "no such file" until its timeout, then blamed another coretui.
    monkeypatch.setattr(history.store, "LOCK_TIMEOUT_S", 0.2)  # a failure stays quick
    real_open = os.open

    def no_new_files(path: Any, flags: int, *args: Any) -> int:
        if str(path) == str(store.lock_path):
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", no_new_files)
    with pytest.raises(HistoryError) as caught:
        store.append(make_session())
    assert str(caught.value) == (
        f"cannot save history: {store.path.parent}: no file can be made in this folder"
        " (check --data-dir)"
    )
    assert not store.path.exists()


def test_a_torn_line_that_cannot_be_cut_off_is_copied_aside_once(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An append-only file (chattr +a) refuses the cut: each save failed, and each left
    # one more history.corrupt-* copy of the same bytes.
    store.append(make_session())
    with store.path.open("ab") as file:
        file.write(b'{"id": "torn')
    before = store.path.read_bytes()

    def refused(fd: int, length: int) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "ftruncate", refused)
    for _ in range(3):
        with pytest.raises(HistoryError, match=r"operation not permitted$"):
            store.append(make_session())
    assert store.path.read_bytes() == before
    assert len(list(store.path.parent.glob("history.corrupt-*"))) == 1
    assert corrupt_contents(store) == {b'{"id": "torn'}


def test_a_data_folder_not_to_be_looked_into_is_one_line_not_a_traceback(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `coretui --data-dir /proc/1/root history`: looking for the in-progress folder
    # raised PermissionError (Python 3.11's is_dir does), a traceback.
    from pathlib import Path

    from coretui.history.checkpoint import folder_for

    store.append(make_session())
    is_dir = Path.is_dir

    def refused(path: Path) -> bool:
        if path == folder_for(store.path):
            raise PermissionError(13, "Permission denied", str(path))
        return is_dir(path)

    monkeypatch.setattr(Path, "is_dir", refused)
    assert len(store.load().sessions) == 1
    assert len(store.load_briefs().briefs) == 1


def test_a_tail_of_zeros_is_read_and_moved_aside_without_holding_it(
    store: HistoryStore,
) -> None:
    # A crash on some filesystems leaves a file's end as a run of NULs. 1 GB of them
    # took 4 GB to read (the line whole, then joined, then decoded) and 0.9 GB to move.
    import tracemalloc

    from coretui.history.load import MAX_LINE_BYTES

    first, second = make_session("first"), make_session("second")
    store.append(first)
    size = 4 * MAX_LINE_BYTES
    with open(store.path, "ab") as file:
        file.write(b"\0" * 2 * MAX_LINE_BYTES + b"\n")  # a long line, then a good one
        file.write(second.to_json_line().encode())
        file.write(b"\0" * size)  # and a torn tail of zeros
    tracemalloc.start()
    try:
        loaded = store.load()
        store.append(make_session("third"))  # moves the tail aside
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sorted(s.note for s in loaded.sessions) == ["first", "second"]
    assert [b.line_number for b in loaded.bad_lines] == [2, 4]
    assert "not a history record" in loaded.bad_lines[0].reason
    assert loaded.bad_lines[1].reason.startswith("incomplete last line, moved aside")
    assert peak < 2 * MAX_LINE_BYTES, f"{peak:,} bytes held"
    [aside] = store.path.parent.glob("history.corrupt-*.jsonl")
    assert aside.stat().st_size == size and aside.read_bytes() == b"\0" * size
    assert sorted(s.note for s in store.load().sessions) == ["first", "second", "third"]


@pytest.mark.parametrize("block", [7, 64, 1000])
def test_a_line_too_long_is_passed_over_and_the_cache_key_stays_true(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The brief cache carries on from (offset, CRC of the bytes before it): a line
    # passed over unread must still count, byte for byte, in both.
    import io
    import zlib

    from coretui.history import load

    monkeypatch.setattr(load, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(load, "BLOCK", block)
    sessions = [make_session(note) for note in ("a", "b")]
    good = [session.to_json_line().encode() for session in sessions]
    data = good[0] + b"x" * 5000 + b"\n" + good[1] + b"y" * 3000
    tally = load.Tally(load.brief_of_line)
    covered, crc = load.feed_file(io.BytesIO(data), tally, 0, len(data))
    assert covered == len(data) - 3000 and crc == zlib.crc32(data[:covered])
    assert {b.id for b in tally.records(False)} == {s.id for s in sessions}
    assert [(b.line_number, b.reason) for b in tally.bad] == [
        (2, "not a history record (5,000 bytes in one line)"),
        (
            4,
            "incomplete last line, moved aside on the next save (not a history record"
            " (3,000 bytes in one line))",
        ),
    ]
    assert tally.torn


def test_a_data_folder_that_became_a_file_is_said_so(tmp_path: Path) -> None:
    # The folder replaced by a file while a workout ran: the save said "file exists"
    # (the lock's folder made on the way), where everything else says "not a folder".
    (tmp_path / "data").write_text("x")
    store = HistoryStore(tmp_path / "data" / "history.jsonl")
    with pytest.raises(HistoryError) as caught:
        store.append(make_session())
    assert str(caught.value) == f"cannot save history: {tmp_path / 'data'}: not a folder"

"""The history file: records round-trip, bad lines are reported and kept, merges dedupe."""

from __future__ import annotations

import json
import os
import stat
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace

from coretui.history import (
    SCHEMA_VERSION,
    HistoryError,
    HistoryLoad,
    HistoryStore,
    Session,
    StepEntry,
    local_date_and_tz,
    new_session_id,
)
from coretui.history.files import open_regular

START = datetime(2024, 3, 31, 6, 0, 0, 123456, tzinfo=UTC)


def make_session(
    started_at: datetime = START, *, session_id: str | None = None, **changes: Any
) -> Session:
    """A plausible completed session; keyword arguments override fields."""
    fields: dict[str, Any] = {
        "id": session_id or new_session_id(),
        "routine_id": "core-six",
        "routine_name": "Core six",
        "started_at": started_at,
        "finished_at": started_at + timedelta(minutes=14),
        "tz": "Europe/Berlin",
        "local_date": started_at.date(),
        "status": "completed",
        "duration_s": 840.0,
        "active_s": 700.5,
        "steps": [
            StepEntry(
                exercise="Plank",
                side=None,
                planned_s=60.0,
                planned_reps=None,
                done_s=60.0,
                done_reps=None,
                ended="time",
                variant=None,
            ),
            StepEntry(
                exercise="Side plank",
                side="left",
                planned_s=60.0,
                planned_reps=None,
                done_s=41.5,
                done_reps=None,
                ended="skipped",
                variant=None,
            ),
            StepEntry(
                exercise="Hip raise",
                side=None,
                planned_s=None,
                planned_reps=15,
                done_s=95.25,
                done_reps=12,
                ended="time",
                variant="Knee tuck",
            ),
        ],
        "pain_before": 4,
        "pain_after": 2,
        "note": "felt fine",
    }
    fields.update(changes)
    return Session(**fields)


def line_of(**changes: Any) -> bytes:
    """One stored line, with JSON keys replaced or added."""
    record = make_session().to_dict()
    record.update(changes)
    return json.dumps(record).encode() + b"\n"


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "data" / "history.jsonl")


def corrupt_files(store: HistoryStore) -> list[Path]:
    return sorted(store.path.parent.glob("history.corrupt-*.jsonl"))


def test_a_session_round_trips_through_the_file(store: HistoryStore) -> None:
    session = store.append(make_session(note='bold [b]x[/b] "quoted"\nsecond line ✓'))

    loaded = store.load()
    assert loaded.sessions == [session]
    assert loaded.bad_lines == []
    assert not loaded.torn_tail
    raw = store.path.read_text()
    assert raw.count("\n") == 1  # the note's newline is escaped: one record, one line
    record = json.loads(raw)
    assert list(record) == [
        "schema_version", "id", "routine_id", "routine_name", "started_at", "finished_at",
        "tz", "local_date", "status", "duration_s", "active_s", "steps", "pain_before",
        "pain_after", "note", "updated_at", "deleted",
    ]  # fmt: skip
    assert record["schema_version"] == SCHEMA_VERSION
    assert record["started_at"] == "2024-03-31T06:00:00.123456Z"
    assert record["local_date"] == "2024-03-31"


def test_times_are_stored_in_utc_whatever_zone_they_were_given_in(store: HistoryStore) -> None:
    tokyo = START.astimezone(ZoneInfo("Asia/Tokyo"))
    store.append(make_session(tokyo))
    [loaded] = store.load().sessions
    assert loaded.started_at == START
    assert loaded.started_at.utcoffset() == timedelta(0)
    assert json.loads(store.path.read_text())["started_at"].endswith("Z")


def test_a_naive_time_is_refused_instead_of_guessed(store: HistoryStore) -> None:
    with pytest.raises(HistoryError, match="started_at: has no UTC offset"):
        store.append(make_session(START.replace(tzinfo=None)))
    assert not store.path.exists()


def test_a_later_line_with_the_same_id_replaces_the_earlier_one(store: HistoryStore) -> None:
    first = make_session(pain_after=None, note="")
    store.append(first)
    edited = make_session(session_id=first.id, pain_after=1, note="edited on the summary")
    edited = store.append(edited)

    assert store.load().sessions == [edited]
    assert store.path.read_text().count("\n") == 2  # appended, never rewritten


def test_sessions_load_sorted_by_start_time(store: HistoryStore) -> None:
    times = [START + timedelta(days=d) for d in (3, 1, 2, 0)]
    for moment in times:
        store.append(make_session(moment))
    assert [s.started_at for s in store.load().sessions] == sorted(times)


def test_missing_file_is_an_empty_history(store: HistoryStore) -> None:
    loaded = store.load()
    assert (loaded.sessions, loaded.bad_lines, loaded.torn_tail) == ([], [], False)


def test_an_unreadable_history_is_a_clear_error(store: HistoryStore) -> None:
    store.path.mkdir(parents=True)
    with pytest.raises(HistoryError) as caught:
        store.load()
    assert str(caught.value) == f"cannot read history: {store.path}: is a folder, not a file"


def test_new_files_are_private(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "share" / "coretui" / "history.jsonl")
    old_umask = os.umask(0o022)
    try:
        store.append(make_session())
    finally:
        os.umask(old_umask)

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(store.path) == 0o600
    assert mode(store.lock_path) == 0o600
    assert store.lock_path == tmp_path / "share" / "coretui" / "history.lock"
    assert mode(tmp_path / "share" / "coretui") == 0o700
    assert mode(tmp_path / "share") == 0o700


def test_bad_lines_are_reported_by_number_and_every_byte_is_kept(store: HistoryStore) -> None:
    good = [make_session(START + timedelta(days=d)) for d in range(3)]
    nul_tail = b"\x00" * 700  # what a crash can leave behind on some filesystems
    original = b"".join(
        [
            good[0].to_json_line().encode(),
            b"this is not json\n",  # 2
            good[1].to_json_line().encode(),
            line_of(schema_version=SCHEMA_VERSION + 1),  # 4
            line_of(duration_s="ten minutes"),  # 5
            b'{"note": "caf\xe9"}\n',  # 6: Latin-1, not UTF-8
            b"\n",  # blank lines are harmless
            line_of(steps=[{"exercise": 3}]),  # 8
            good[2].to_json_line().encode(),
            nul_tail,  # 10
        ]
    )
    store.path.parent.mkdir()
    store.path.write_bytes(original)

    loaded = store.load()
    assert loaded.sessions == good
    reasons = {bad.line_number: bad.reason for bad in loaded.bad_lines}
    assert sorted(reasons) == [2, 4, 5, 6, 8, 10]
    assert "not valid JSON" in reasons[2]
    assert "written by a newer coretui" in reasons[4]
    assert reasons[5] == 'duration_s: expected seconds (a number from 0), got "ten minutes"'
    assert "UTF-8" in reasons[6]
    assert reasons[8] == "steps[0].exercise: expected text, got 3"
    assert "incomplete last line" in reasons[10] and "NUL" in reasons[10]
    assert loaded.torn_tail
    assert store.path.read_bytes() == original  # loading never touches the file

    later = store.append(make_session(START + timedelta(days=9)))

    assert store.load().sessions == [*good, later]
    kept = store.path.read_bytes()
    assert kept == original[: -len(nul_tail)] + later.to_json_line().encode()
    [aside] = corrupt_files(store)
    assert aside.read_bytes() == nul_tail
    assert [bad.line_number for bad in store.load().bad_lines] == [2, 4, 5, 6, 8]


def test_times_no_clock_can_show_and_nesting_too_deep_are_bad_lines(tmp_path: Path) -> None:
    # Found by a hand edit: year 1 or 9999 with an offset overflowed once in UTC,
    # and a line nested a thousand deep overflowed the stack; each stopped every read.
    good = make_session()
    first = make_session(START + timedelta(days=1))
    lines = [
        good.to_json_line().encode(),
        line_of(started_at="0001-01-01T00:00:00+01:00"),  # 2
        line_of(id=first.id, updated_at="9999-12-31T23:30:00-01:00"),  # 3
        line_of(finished_at="9999-12-31T12:00:00+00:00"),  # 4
        b"[" * 5000 + b"]" * 5000 + b"\n",  # 5
        b'{"note": ' + b"[" * 5000 + b"]" * 5000 + b"}\n",  # 6
    ]
    expected = {
        2: "started_at: 0001-01-01T00:00:00+01:00 is out of range (years 2 to 9998)",
        3: "updated_at: 9999-12-31T23:30:00-01:00 is out of range (years 2 to 9998)",
        4: "finished_at: 9999-12-31T12:00:00+00:00 is out of range (years 2 to 9998)",
        5: "not a history record (lists or objects nested too deep)",
        6: "not a history record (lists or objects nested too deep)",
    }
    (tmp_path / "data").mkdir()
    for cached in (None, tmp_path / "briefs.msgpack"):
        store = HistoryStore(tmp_path / "data" / "history.jsonl", brief_cache=cached)
        store.path.write_bytes(b"".join(lines))
        for load in (store.load, store.load_briefs):
            loaded = load()
            found = loaded.sessions if isinstance(loaded, HistoryLoad) else loaded.briefs
            assert [s.id for s in found] == [good.id]
            assert {b.line_number: b.reason for b in loaded.bad_lines} == expected
        # A deletion stamps a moment after the latest copy: none of these is one.
        store.delete(good.id)
        assert store.load().sessions == []

    other = tmp_path / "other.jsonl"
    other.write_bytes(b"".join([first.to_json_line().encode(), *lines[1:]]))
    result = HistoryStore(tmp_path / "merged.jsonl").merge(other)
    assert (result.added, len(result.bad_lines)) == (1, 5)


def history_of_one(store: HistoryStore, **changes: Any) -> tuple[Session, bytes]:
    """A history of one session's line, with JSON keys changed; the session and line."""
    session = make_session()
    line = line_of(id=session.id, **changes)
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(line)
    return session, line


def test_a_session_updated_on_the_last_day_coretui_stores_can_still_be_deleted(
    store: HistoryStore,
) -> None:
    # The deletion is stamped a moment after the copy: on the last day that still fits.
    session, _ = history_of_one(store, updated_at="9998-12-31T00:00:00Z")
    store.delete(session.id)
    loaded = store.load()
    assert (loaded.sessions, loaded.bad_lines) == ([], [])


def test_a_change_to_a_session_updated_at_the_very_last_moment_is_refused_in_words(
    store: HistoryStore,
) -> None:
    # No moment after it can be stored: the change is refused, not written as a bad line.
    session, line = history_of_one(store, updated_at="9998-12-31T23:59:59.999999Z")
    with pytest.raises(
        HistoryError, match=r"latest time coretui can store \(the end of year 9998\)"
    ):
        store.delete(session.id)
    assert store.path.read_bytes() == line
    assert [s.id for s in store.load().sessions] == [session.id]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_history_saved_as_utf_16_is_said_so_not_called_a_crash(
    store: HistoryStore, encoding: str
) -> None:
    text = "".join(make_session(START + timedelta(days=d)).to_json_line() for d in range(3))
    store.path.parent.mkdir()
    store.path.write_bytes(text.encode(encoding))
    reasons = [bad.reason for bad in store.load().bad_lines]
    assert reasons[:3] == ["UTF-16 text, not UTF-8 (save the file as UTF-8)"] * 3
    # A crash's tail of NULs is still one.
    store.path.write_bytes(text.encode() + b"\x00" * 50 + b"\n")
    assert [b.reason for b in store.load().bad_lines] == [
        "contains NUL bytes (binary data, or a file cut short by a crash)"
    ]


def test_a_named_pipe_in_the_history_s_place_is_refused_not_waited_on(tmp_path: Path) -> None:
    # Opening a pipe to read waits for a writer: coretui hung at start, for ever.
    pipe = tmp_path / "data" / "history.jsonl"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    store = HistoryStore(pipe, brief_cache=tmp_path / "briefs.msgpack")
    merged = HistoryStore(tmp_path / "merged.jsonl")
    attempts: list[Callable[[], object]] = [
        store.load,
        store.load_briefs,
        HistoryStore(pipe).load_briefs,
        lambda: store.append(make_session()),
        lambda: merged.merge(pipe),
    ]
    for attempt in attempts:
        with ThreadPoolExecutor(1) as pool:
            future = pool.submit(attempt)
            try:
                error = future.exception(timeout=10)
            except TimeoutError:
                # Let the stuck open return, so the test ends with its failure.
                with open(pipe, "wb"):
                    pass
                raise AssertionError(f"{attempt} waited on the pipe") from None
        assert isinstance(error, HistoryError)
        assert str(error).endswith(f"{pipe}: not a regular file (a named pipe, socket or device)")


def test_a_history_opened_past_the_pipe_check_reads_as_a_plain_file(store: HistoryStore) -> None:
    # Opened without waiting, to refuse a pipe; left so, a read on a slow (network)
    # disk could come back with nothing yet and be taken for the end of the file.
    store.append(make_session())
    with open_regular(store.path) as file:
        assert os.get_blocking(file.fileno())


def test_a_torn_last_line_is_moved_aside_on_the_next_append(store: HistoryStore) -> None:
    first, second = make_session(), make_session(START + timedelta(hours=1))
    first = store.append(first)
    torn = second.to_json_line().encode()[:57]  # a crash in the middle of a write
    with store.path.open("ab") as file:
        file.write(torn)

    loaded = store.load()
    assert loaded.sessions == [first]
    assert loaded.torn_tail
    assert [
        (bad.line_number, "incomplete last line" in bad.reason) for bad in loaded.bad_lines
    ] == [(2, True)]

    second = store.append(second)

    after = store.load()
    assert after.sessions == [first, second]
    assert (after.bad_lines, after.torn_tail) == ([], False)
    [aside] = corrupt_files(store)
    assert aside.read_bytes() == torn
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert aside.name.startswith("history.corrupt-2")

    # A second crash in the same second gets its own file rather than overwriting the first.
    with store.path.open("ab") as file:
        file.write(b'{"id": "half')
    store.append(make_session(START + timedelta(hours=2)))
    assert sorted(path.read_bytes() for path in corrupt_files(store)) == sorted(
        [torn, b'{"id": "half']
    )


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["plain", "with-a-bom"])
def test_a_whole_last_record_missing_only_its_newline_is_kept(
    store: HistoryStore, bom: str
) -> None:
    """A hand-edited file often lacks the final newline; that record is not torn (nor
    when it is the only one, after the BOM a Windows editor writes)."""
    first, second = make_session(), make_session(START + timedelta(hours=1))
    store.path.parent.mkdir()
    store.path.write_text(bom + first.to_json_line().rstrip("\n"))
    assert store.load().sessions == [first]

    second = store.append(second)

    assert store.load().sessions == [first, second]
    assert corrupt_files(store) == []


def test_text_json_itself_can_write_is_read_back(store: HistoryStore) -> None:
    """A lone surrogate (from a terminal's undecodable bytes) must not make a record unreadable."""
    session = make_session(note="bad byte: \udc80", routine_name="[bold]Core[/] ✓")
    session = store.append(session)
    assert store.load().sessions == [session]


def test_merge_adds_new_ids_prefers_later_updates_and_reports_bad_lines(
    store: HistoryStore, tmp_path: Path
) -> None:
    kept, stale, ours_wins = (
        store.append(make_session(START + timedelta(days=d), note=note))
        for d, note in ((0, ""), (1, "old"), (2, "ours"))
    )
    before = store.path.read_bytes()

    fresh = make_session(START + timedelta(days=5), note="from the laptop")
    # Annotated on the laptop later: same finish, a newer updated_at.
    newer = replace(stale, note="annotated", updated_at=stale.updated + timedelta(minutes=3))
    older = replace(ours_wins, note="theirs", updated_at=ours_wins.updated - timedelta(minutes=1))
    other = tmp_path / "laptop-history.jsonl"
    other.write_bytes(
        b"".join(s.to_json_line().encode() for s in (kept, newer, older))
        + b"garbage\n"
        + fresh.to_json_line().encode()
    )

    result = store.merge(other)

    assert (result.added, result.updated, result.unchanged) == (1, 1, 2)
    assert [bad.line_number for bad in result.bad_lines] == [4]
    assert store.load().sessions == [kept, newer, ours_wins, fresh]
    assert store.path.read_bytes().startswith(before)  # nothing of ours rewritten

    size = store.path.stat().st_size
    again = store.merge(other)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    assert store.path.stat().st_size == size


def test_merge_never_brings_back_a_note_or_rating_cleared_since(
    store: HistoryStore, tmp_path: Path
) -> None:
    first = store.append(make_session(pain_before=6, pain_after=8, note="typo: knee pain"))
    laptop = HistoryStore(tmp_path / "laptop" / "history.jsonl")
    laptop.append(first)  # the laptop's copy from before the clear
    later = first.updated + timedelta(minutes=5)
    store.append(replace(first, pain_before=None, pain_after=None, note="", updated_at=later))

    assert store.merge(laptop.path).updated == 0
    [kept] = store.load().sessions
    assert (kept.pain_before, kept.pain_after, kept.note) == (None, None, "")


def test_merge_of_two_copies_updated_at_the_same_moment_agrees_both_ways(
    store: HistoryStore, tmp_path: Path
) -> None:
    # A tie kept "ours" on each machine: merged both ways, the two never agreed.
    ours = store.append(make_session(note="ours"))
    laptop = HistoryStore(tmp_path / "laptop" / "history.jsonl")
    laptop.append(replace(ours, note="theirs"))  # same updated_at, another edit

    store.merge(laptop.path)
    laptop.merge(store.path)

    [here], [there] = store.load().sessions, laptop.load().sessions
    assert here == there
    assert store.merge(laptop.path).updated == laptop.merge(store.path).updated == 0


def test_merge_carries_an_annotation_made_on_the_other_machine(
    store: HistoryStore, tmp_path: Path
) -> None:
    """The laptop rated the session after syncing: its finish time is the same as ours."""
    ours = store.append(make_session(pain_after=None, note=""))
    laptop = HistoryStore(tmp_path / "laptop" / "history.jsonl")
    laptop.append(ours)
    laptop.append(replace(ours, pain_after=1, note="rated on the laptop"))

    result = store.merge(laptop.path)

    assert result.updated == 1
    [merged] = store.load().sessions
    assert (merged.pain_after, merged.note) == (1, "rated on the laptop")


def test_merge_keeps_the_work_either_machine_did_in_one_session(
    store: HistoryStore, tmp_path: Path
) -> None:
    # A session resumed and finished here, only noted on the laptop later, read
    # "partial, 0 s" after the merge: the laptop's copy won whole.
    partial = make_session(status="partial", pain_before=None, pain_after=None, note="")
    partial = replace(
        partial, steps=[replace(step, done_s=0.0, ended="stopped") for step in partial.steps]
    )
    partial = store.append(partial)
    laptop = HistoryStore(tmp_path / "laptop" / "history.jsonl")
    laptop.append(partial)
    later = partial.updated + timedelta(minutes=1)  # (a stamp is never earlier than given)
    resumed = make_session(session_id=partial.id, pain_before=5, pain_after=3, note="")
    here = store.append(replace(resumed, updated_at=later))
    there = laptop.append(
        replace(partial, note="did it at the gym", updated_at=later + timedelta(minutes=1))
    )

    result = store.merge(laptop.path)
    assert result.updated == 1
    [merged] = store.load().sessions
    assert merged.status == "completed"
    assert merged.steps == here.steps  # the work done here, not the laptop's stopped steps
    assert merged.duration_s == here.duration_s
    # The later copy's words stand (SPEC 5: the newer copy), its ratings too.
    assert (merged.note, merged.pain_before) == ("did it at the gym", None)
    assert merged.updated == there.updated

    # The laptop takes the same back: both machines then hold one session.
    assert laptop.merge(store.path).updated == 1
    assert laptop.load().sessions == [merged]
    assert store.merge(laptop.path).updated == 0  # and it settles


@pytest.mark.parametrize(
    ("make_other", "reason"),
    [
        (lambda tmp: tmp / "nowhere.jsonl", "no such file or directory"),
        (lambda tmp: tmp, "is a folder, not a file"),
    ],
)
def test_merge_of_a_file_that_cannot_be_read_is_a_clear_error(
    store: HistoryStore, tmp_path: Path, make_other: Any, reason: str
) -> None:
    other = make_other(tmp_path)
    with pytest.raises(HistoryError) as caught:
        store.merge(other)
    assert str(caught.value) == f"cannot merge {other}: {reason}"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ([], "record: expected an object, got a list"),
        ({"schema_version": 0}, "schema_version: expected a whole number, got 0"),
        ({"schema_version": True}, "schema_version: expected a whole number, got true"),
        ({"schema_version": 7}, "written by a newer coretui (schema_version 7)"),
        ({"steps": "plank"}, 'steps: expected a list, got "plank"'),
        ({"status": "done"}, "status: expected 'completed' or 'partial', got \"done\""),
        ({"id": ""}, "id: must not be empty"),
        # shown and typed, an id holding an escape or markup set the terminal's title
        (
            {"id": "\x1b]0;T\x07[b]x"},
            'id: expected letters, digits and -_.: (a uuid), got "\\u001b',
        ),
        ({"id": "abc\n"}, 'id: expected letters, digits and -_.: (a uuid), got "abc\\n"'),
        ({"routine_id": None}, "routine_id: expected text, got null"),
        (
            {"started_at": "yesterday"},
            'started_at: expected an ISO 8601 date and time, got "yesterday"',
        ),
        ({"started_at": "2024-03-31T06:00:00"}, "started_at: has no UTC offset"),
        ({"local_date": "31/03/2024"}, "local_date: expected a date YYYY-MM-DD"),
        ({"pain_before": 11}, "pain_before: expected a whole number from 0 to 10, got 11"),
        ({"active_s": -1.0}, "active_s: expected seconds (a number from 0), got -1.0"),
        ({"steps": [7]}, "steps[0]: expected an object, got 7"),
        ({"steps": [{"exercise": "Plank"}]}, "steps[0].done_s: missing"),
        ({"steps": [{"exercise": "P", "done_s": 1e999}]}, "steps[0].done_s: expected seconds"),
        (
            {"schema_version": 1, "steps": [{"exercise": "P", "done_s": 1.0, "skipped": 0}]},
            "steps[0].skipped: expected true or false, got 0",
        ),
        (
            {"steps": [{"exercise": "P", "done_s": 1.0, "ended": "gave up"}]},
            "steps[0].ended: expected 'time', 'done', 'skipped' or 'stopped', got \"gave up\"",
        ),
        (  # a step is done on one side, or on none: "up" would show as "Up side"
            {"steps": [{"exercise": "P", "done_s": 1.0, "ended": "time", "side": "up"}]},
            "steps[0].side: expected 'left', 'right' or null, got \"up\"",
        ),
        ({"mood": "good"}, "mood: not a history field"),
        (
            {"schema_version": 3, "mood": "good", "steps": "new shape"},
            "written by a newer coretui (schema_version 3)",
        ),
    ],
)
def test_invalid_records_are_refused_with_a_reason_naming_the_field(
    record: Any, reason: str
) -> None:
    data = {**make_session().to_dict(), **record} if isinstance(record, dict) else record
    with pytest.raises(ValueError) as caught:
        Session.from_dict(data)
    assert str(caught.value).startswith(reason)


def test_lenient_reading_of_hand_written_records() -> None:
    """Whole-number seconds and missing optional fields read as the app would write them."""
    data = make_session().to_dict()
    for key in ("pain_before", "pain_after", "note"):
        del data[key]
    data["duration_s"] = 840
    data["steps"] = [{"exercise": "Plank", "done_s": 60, "ended": "time"}]
    session = Session.from_dict(data)
    assert (session.pain_before, session.pain_after, session.note) == (None, None, "")
    assert session.duration_s == 840.0 and type(session.duration_s) is float
    assert session.steps == [
        StepEntry(
            exercise="Plank",
            side=None,
            planned_s=None,
            planned_reps=None,
            done_s=60.0,
            done_reps=None,
            ended="time",
            variant=None,
        )
    ]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@given(
    changes=st.dictionaries(
        st.sampled_from(list(make_session().to_dict())) | st.text(max_size=5), JSON, max_size=4
    )
)
def test_any_json_record_loads_or_is_refused_with_a_value_error(changes: dict[str, Any]) -> None:
    """Whatever shape a foreign line has, reading it raises nothing but ValueError, and what
    it accepts is written back the same."""
    try:
        session = Session.from_dict({**make_session().to_dict(), **changes})
    except ValueError:
        return
    assert Session.from_dict(json.loads(session.to_json_line())) == session


@given(
    note=st.text(),
    pain=st.none() | st.integers(0, 10),
    done=st.floats(0, 1e6),
    reps=st.none() | st.integers(0, 10**6),
    offset=st.integers(-(10**9), 10**9),
)
def test_property_records_round_trip(
    note: str, pain: int | None, done: float, reps: int | None, offset: int
) -> None:
    step = StepEntry(
        exercise="Plank",
        side="right",
        planned_s=None,
        planned_reps=reps,
        done_s=done,
        done_reps=reps,
        ended="time",
        variant=None,
    )
    session = make_session(
        START + timedelta(seconds=offset), note=note, pain_before=pain, steps=[step, step]
    )
    line = session.to_json_line()
    assert line.endswith("\n") and "\n" not in line[:-1]
    assert Session.from_dict(json.loads(line)) == session


def test_new_session_ids_are_uuid4() -> None:
    first, second = new_session_id(), new_session_id()
    assert first != second
    assert uuid.UUID(first).version == 4
    assert str(uuid.UUID(first)) == first


@pytest.mark.parametrize(
    ("tz_variable", "expected"),
    [
        ("Asia/Tokyo", (date(2024, 4, 1), "Asia/Tokyo")),
        ("Pacific/Kiritimati", (date(2024, 4, 1), "Pacific/Kiritimati")),
        ("America/Los_Angeles", (date(2024, 3, 31), "America/Los_Angeles")),
        (":Europe/Berlin", (date(2024, 3, 31), "Europe/Berlin")),
        ("/usr/share/zoneinfo/Asia/Kolkata", (date(2024, 4, 1), "Asia/Kolkata")),
    ],
)
def test_local_date_and_zone_come_from_the_system_zone(
    monkeypatch: pytest.MonkeyPatch, tz_variable: str, expected: tuple[date, str]
) -> None:
    monkeypatch.setenv("TZ", tz_variable)
    assert local_date_and_tz(datetime(2024, 3, 31, 20, 0, tzinfo=UTC)) == expected


def test_local_date_without_an_iana_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "XYZ+5")  # a POSIX rule, not a zone name: UTC-5
    time.tzset()
    try:
        assert local_date_and_tz(datetime(2024, 1, 2, 3, 0, tzinfo=UTC)) == (date(2024, 1, 1), None)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_of_two_lines_updated_at_the_same_moment_the_later_one_wins(
    store: HistoryStore,
) -> None:
    first = make_session(note="first", updated_at=START + timedelta(hours=1))
    second = replace(first, note="second")
    store.path.parent.mkdir()
    store.path.write_text(first.to_json_line() + second.to_json_line())
    assert [s.note for s in store.load().sessions] == ["second"]


def test_an_older_line_after_a_newer_one_does_not_replace_it(store: HistoryStore) -> None:
    newer = make_session(note="newer", updated_at=START + timedelta(hours=2))
    older = replace(newer, note="older", updated_at=START + timedelta(hours=1))
    store.path.parent.mkdir()
    store.path.write_text(newer.to_json_line() + older.to_json_line())
    assert [s.note for s in store.load().sessions] == ["newer"]


@pytest.mark.parametrize(
    ("was", "is_now"),
    [
        ('"side":null', '"side":"centre"'),
        ('"exercise":"Plank",', ""),
        ('"variant":null', '"variant":5'),
        ('"done_reps":null', '"done_reps":-1'),
        ('"added_s":0.0', '"added_s":1e12'),
        ('"ended":"time"', '"ended":"time","colour":"red"'),
    ],
)
def test_a_step_a_whole_read_refuses_is_refused_by_the_brief_read_too(
    tmp_path: Path, was: str, is_now: str
) -> None:
    # `history` and the app's lists read briefs, `export` and `delete` whole sessions:
    # a step only the whole read checked made `history` count a session `export` left
    # out with a warning, and `delete` could not find.
    good, bad = make_session(), make_session(START + timedelta(days=1))
    line = bad.to_json_line()
    assert was in line
    (tmp_path / "data").mkdir()
    store = HistoryStore(tmp_path / "data" / "history.jsonl", brief_cache=tmp_path / "b.msgpack")
    store.path.write_text(good.to_json_line() + line.replace(was, is_now, 1))
    whole, briefs = store.load(), store.load_briefs()
    assert [s.id for s in whole.sessions] == [b.id for b in briefs.briefs] == [good.id]
    assert [b.line_number for b in briefs.bad_lines] == [b.line_number for b in whole.bad_lines]
    assert [b.line_number for b in whole.bad_lines] == [2]


def test_a_line_that_is_not_json_says_so_before_any_field(tmp_path: Path) -> None:
    # msgspec checks types as it parses, so these said "expected an object, got null"
    # or "got nothing": nothing a person could mend by reading it.
    lines = [
        b"[",
        b'{"schema_version":2,"id":"y","steps":[1,2',
        b'{"schema_version":2,"pain_before":' + b"9" * 5000 + b"}",
    ]
    (tmp_path / "data").mkdir()
    for cached in (None, tmp_path / "briefs.msgpack"):
        store = HistoryStore(tmp_path / "data" / "history.jsonl", brief_cache=cached)
        store.path.write_bytes(b"".join(line + b"\n" for line in lines))
        for load in (store.load, store.load_briefs):
            assert [b.reason for b in load().bad_lines] == [
                "not valid JSON (the line stops part-way)",
                "not valid JSON (the line stops part-way)",
                "not a history record (a number has too many digits)",
            ]

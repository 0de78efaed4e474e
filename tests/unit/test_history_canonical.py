"""The fast reader of the store's own lines never changes what a load accepts or reports.

`coretui.history_canonical` reads lines in the exact form `Session.to_json_line` writes
without decoding them as JSON. These tests hold it to one promise: for any line at all,
it either declines (and the full check decides) or returns exactly what the full check
returns; and a whole file loads exactly as line-by-line full checking loads it.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from operator import attrgetter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coretui import history, history_load
from coretui.history import (
    BadLine,
    HistoryLoad,
    Session,
    SessionBrief,
    StepEntry,
    decode_line,
    read_briefs,
    read_history,
)
from coretui.history_canonical import CanonicalReader

# Any text json.dumps can write, lone surrogates ("\udc80") and control characters too.
TEXT = st.text(st.characters(codec=None, categories=None), max_size=12) | st.sampled_from(
    ["", "Core six", 'say "hi"', "back\\slash", "tab\there", "✓ ünï", "\udc80", "a\nb"]
)
SECONDS = (
    st.floats(0, 1e6).map(lambda x: round(x, 3))
    | st.integers(0, 10**9 + 5)
    | st.floats(allow_nan=False)
    | st.sampled_from([0.0, -0.0, 1e-07, 999_999_999.9, 1e9, 5e-324])
)
COUNT = st.none() | st.integers(-2, 10**20)
MOMENT = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5)), timezone(timedelta(0))]),
)
STEP = st.builds(
    StepEntry,
    exercise=TEXT,
    side=st.none() | TEXT,
    planned_s=st.none() | SECONDS,
    done_s=SECONDS,
    planned_reps=COUNT,
    done_reps=COUNT,
    skipped=st.booleans(),
    variant=st.none() | TEXT,
)
SESSION = st.builds(
    Session,
    id=TEXT | st.uuids().map(str),
    routine_id=TEXT,
    routine_name=TEXT,
    started_at=MOMENT,
    finished_at=MOMENT,
    tz=st.none() | TEXT,
    local_date=st.dates(),
    status=st.sampled_from(["completed", "partial"]),
    duration_s=SECONDS,
    active_s=SECONDS,
    steps=st.lists(STEP, max_size=4),
    pain_before=st.none() | st.integers(-1, 11),
    pain_after=st.none() | st.integers(-1, 11),
    note=TEXT,
)


def stored_line(session: Session) -> bytes:
    """The line the store's writer makes of a session, valid or not."""
    return session.to_json_line().encode("ascii")


def full_check(line: bytes) -> Session | None:
    """The slow path: decode, then check every field; None for a bad line."""
    try:
        return Session.from_dict(decode_line(line))
    except ValueError:
        return None


def fast(line: bytes) -> tuple[Session | None, SessionBrief | None]:
    """The fast reader's session and brief for one line (None where it declined)."""
    reader = CanonicalReader()
    [sessions] = reader.scan(line, reader.sessions)
    [briefs] = reader.scan(line, reader.briefs)
    session = None if isinstance(sessions, bytes) else sessions[0]
    brief = None if isinstance(briefs, bytes) else briefs[0]
    assert (session is None) == (brief is None), "sessions and briefs disagree"
    return session, brief


def assert_agrees(line: bytes) -> None:
    session, brief = fast(line)
    if session is None:
        return  # declined: the full check decides
    assert session == full_check(line), f"the fast reader differs on {line!r}"
    assert brief == SessionBrief.of(session)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(session=SESSION)
def test_any_written_line_reads_as_the_full_check_reads_it(session: Session) -> None:
    """Whatever the writer wrote (even values the store would refuse), same answer."""
    assert_agrees(stored_line(session))


@settings(max_examples=300)
@given(
    session=SESSION.filter(lambda s: full_check(stored_line(s)) is not None),
    data=st.data(),
)
def test_an_edited_line_is_read_as_the_full_check_reads_it_or_declined(
    session: Session, data: st.DataObject
) -> None:
    """Bytes changed, cut, doubled or inserted anywhere: never a different session."""
    line = stored_line(session)
    where = data.draw(st.integers(0, len(line)))
    to = data.draw(st.integers(where, min(len(line), where + 12)))
    inserted = data.draw(
        st.binary(max_size=6)
        | st.sampled_from([b'"', b"\\", b",", b"}", b"]", b"0", b"null", b"\n", b"\xc3\xa9"])
    )
    edited = line[:where] + inserted + line[to:]
    for variant in (edited, edited.rstrip(b"\n"), line[:where] + line[where:to] * 2 + line[to:]):
        for one_line in split_lines(variant):
            assert_agrees(one_line)


def typical_session(number: int, steps: list[StepEntry], day: date) -> Session:
    started = datetime(2024, 1, 1, 7, 30, tzinfo=UTC) + timedelta(days=number)
    return Session(
        id=f"id-{number}",
        routine_id="core-six",
        routine_name="Core six (full session)",
        started_at=started,
        finished_at=started + timedelta(minutes=26),
        tz="Europe/Berlin",
        local_date=day,
        status="completed" if number % 3 else "partial",
        duration_s=1560.0,
        active_s=round(936.2 + number, 3),
        steps=steps,
        pain_before=number % 11 if number % 2 else None,
        pain_after=None,
        note="" if number % 4 else 'felt "fine" ✓',
    )


PLAUSIBLE_SECONDS = st.floats(0, 1e6).map(lambda x: round(x, 3))
PLAUSIBLE_STEP = st.builds(
    StepEntry,
    exercise=TEXT,
    side=st.none() | TEXT,
    planned_s=st.none() | PLAUSIBLE_SECONDS,
    done_s=PLAUSIBLE_SECONDS,
    planned_reps=st.none() | st.integers(0, 500),
    done_reps=st.none() | st.integers(0, 500),
    skipped=st.booleans(),
    variant=st.none() | TEXT,
)


@given(steps=st.lists(PLAUSIBLE_STEP, max_size=4), number=st.integers(0, 10**5), day=st.dates())
def test_the_stores_own_lines_take_the_fast_path(
    steps: list[StepEntry], number: int, day: date
) -> None:
    """Not a correctness promise but the point of it all: what `append` writes is fast."""
    session = typical_session(number, steps, day)
    line = history._encode(session)  # the bytes append would write; refuses invalid steps
    assert fast(line)[0] == session


# -- whole files, against line-by-line full checking --------------------------------


def reference_load(data: bytes) -> HistoryLoad:
    """How a history file loads with the full check on every line (the slow path only)."""
    by_id: dict[str, Session] = {}
    bad: list[BadLine] = []
    torn = False
    for number, line in enumerate(split_lines(data), 1):
        torn = not line.endswith(b"\n")
        if line.isspace():
            continue
        try:
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            session = Session.from_dict(decode_line(line))
        except ValueError as err:
            reason = (
                f"incomplete last line, moved aside on the next save ({err})" if torn else str(err)
            )
            bad.append(BadLine(number, reason))
            continue
        by_id[session.id] = session
    sessions = sorted(by_id.values(), key=attrgetter("started_at", "id"))
    return HistoryLoad(sessions, bad, torn)


def split_lines(data: bytes) -> list[bytes]:
    """Lines as a binary file yields them: split after each newline, and only there."""
    lines = [line + b"\n" for line in data.split(b"\n")]
    lines[-1] = lines[-1][:-1]
    return [line for line in lines if line]


LINE = (
    SESSION.map(stored_line)
    | st.sampled_from(
        [b"\n", b"  \n", b"{}\n", b"not json\n", b"\xef\xbb\xbf", b'{"a": 1}\r\n', b"\x00\x00\n"]
    )
    | SESSION.map(lambda s: json.dumps(s.to_dict()).encode() + b"\n")  # spaces: slow path
    | SESSION.map(
        lambda s: (
            json.dumps(s.to_dict(), ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
        )
    )
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(LINE, max_size=8),
    repeats=st.lists(st.integers(0, 7), max_size=3),
    torn=st.integers(0, 40),
    block_bytes=st.integers(1, 3000),
)
def test_a_file_loads_as_full_checking_of_every_line_loads_it(
    tmp_path_factory: pytest.TempPathFactory,
    lines: list[bytes],
    repeats: list[int],
    torn: int,
    block_bytes: int,
) -> None:
    """Same sessions, same bad line numbers and reasons, same torn tail: in any blocks."""
    lines = [line if line.endswith(b"\n") else line + b"\n" for line in lines]
    lines += [lines[i] for i in repeats if i < len(lines)]  # a later line with a known id
    data = b"".join(lines)
    data = data[: len(data) - torn] if torn < len(data) else data
    path = tmp_path_factory.mktemp("h") / "history.jsonl"
    path.write_bytes(data)
    expected = reference_load(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(history_load, "_BLOCK_BYTES", block_bytes)
        loaded = read_history(path)
        briefs = read_briefs(path)
    assert loaded == expected
    assert briefs.briefs == [SessionBrief.of(s) for s in expected.sessions]
    assert (briefs.bad_lines, briefs.torn_tail) == (expected.bad_lines, expected.torn_tail)


def test_a_hand_edited_line_among_the_stores_own_is_reported_and_the_rest_read(
    tmp_path: Path,
) -> None:
    """One bad line in the middle of a long file: its number, and every other session."""
    sessions = [typical_session(n, [], date(2024, 1, 1) + timedelta(days=n)) for n in range(2000)]
    lines = [s.to_json_line().encode() for s in sessions]
    lines[1234] = lines[1234].replace(b'"status":"completed"', b'"status":"done"')
    lines[1234] = lines[1234].replace(b'"status":"partial"', b'"status":"done"')
    path = tmp_path / "history.jsonl"
    path.write_bytes(b"".join(lines))

    loaded = read_history(path)

    assert loaded.bad_lines == [
        BadLine(1235, "status: expected 'completed' or 'partial', got \"done\"")
    ]
    assert len(loaded.sessions) == 1999
    assert loaded.sessions == [s for n, s in enumerate(sessions) if n != 1234]

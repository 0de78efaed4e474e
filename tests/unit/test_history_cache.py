"""The brief cache: a long history lists fast, and a changed file is never read from it."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

import pytest
from msgspec.structs import replace

from coretui.history import BriefLoad, HistoryStore, NoSuchSession, Session, read_briefs
from coretui.history import brief_cache as cache_module
from tests.unit.test_history import START, make_session


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    path = tmp_path / "data" / "history.jsonl"
    return HistoryStore(path, brief_cache=tmp_path / "cache" / "briefs.msgpack")


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """Every line the cached reader decodes from the history file."""
    lines: list[bytes] = []
    decode = cache_module.brief_of_line

    def counting(line: bytes, offset: int) -> object:
        lines.append(line)
        return decode(line, offset)

    monkeypatch.setattr(cache_module, "brief_of_line", counting)
    yield lines


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as changed long ago: the cache trusts an unchanged file's identity."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)


def sessions(count: int, offset: int = 0) -> list[Session]:
    return [make_session(START + timedelta(days=offset + n)) for n in range(count)]


def check(store: HistoryStore) -> BriefLoad:
    """The cached load, which must be exactly what reading the whole file gives."""
    cached = store.load_briefs()
    assert cached == read_briefs(store.path)
    return cached


def test_a_second_read_of_an_unchanged_file_decodes_nothing(
    store: HistoryStore, decoded: list[bytes], settled: None
) -> None:
    written = store.append_many(sessions(5))
    assert [b.id for b in check(store).briefs] == [s.id for s in written]
    assert len(decoded) == 5
    decoded.clear()
    check(store)
    assert decoded == []


def test_briefs_read_from_the_cache_share_one_copy_of_each_routine_name(
    store: HistoryStore, decoded: list[bytes], settled: None
) -> None:
    store.append_many(sessions(5))
    check(store)
    decoded.clear()
    briefs = check(store).briefs
    assert decoded == []  # these came from the cache
    assert len({id(b.routine_id) for b in briefs}) == 1  # as a read of the file keeps them
    assert len({id(b.routine_name) for b in briefs}) == 1
    store.append(make_session(START + timedelta(days=30)))
    briefs = check(store).briefs  # the cached ones and the new line's
    assert len(decoded) == 1
    assert len({id(b.routine_id) for b in briefs}) == 1
    assert len({id(b.routine_name) for b in briefs}) == 1


def test_after_an_append_only_the_new_lines_are_decoded(
    store: HistoryStore, decoded: list[bytes], settled: None
) -> None:
    store.append_many(sessions(5))
    check(store)
    decoded.clear()
    new = store.append(make_session(START + timedelta(days=30)))
    assert check(store).briefs[-1].id == new.id
    assert len(decoded) == 1


def test_a_changed_cached_session_and_a_deletion_are_seen(
    store: HistoryStore, settled: None
) -> None:
    first, second, third = store.append_many(sessions(3))
    check(store)
    store.append(replace(first, pain_after=9))
    store.delete(second.id)
    briefs = check(store).briefs
    assert [b.id for b in briefs] == [first.id, third.id]
    assert briefs[0].pain_after == 9


def edit_in_place_keeping_size_and_mtime(path: Path, old: bytes, new: bytes) -> None:
    """Overwrite bytes in place (same inode, same size) and put the mtime back."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    at = data.index(old)
    with path.open("r+b") as file:
        file.seek(at)
        file.write(new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("racy", [True, False])
def test_an_edit_in_place_with_the_same_size_and_mtime_is_seen(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch, racy: bool
) -> None:
    if not racy:
        monkeypatch.setattr(cache_module, "RACY_NS", 0)
    store.append_many(sessions(3))
    assert check(store).briefs[1].routine_name == "Core six"
    edit_in_place_keeping_size_and_mtime(store.path, b'"Core six"', b'"Core ten"')
    assert [b.routine_name for b in check(store).briefs] == ["Core ten", "Core six", "Core six"]


def test_an_edit_in_the_cached_part_then_an_append_is_seen(
    store: HistoryStore, settled: None
) -> None:
    store.append_many(sessions(3))
    check(store)
    edit_in_place_keeping_size_and_mtime(store.path, b'"Core six"', b'"Core ten"')
    store.append(make_session(START + timedelta(days=9)))
    names = [b.routine_name for b in check(store).briefs]
    assert names == ["Core ten", "Core six", "Core six", "Core six"]


def test_a_truncated_file_is_read_again(store: HistoryStore, settled: None) -> None:
    store.append_many(sessions(4))
    check(store)
    data = store.path.read_bytes()
    store.path.write_bytes(data[: data.index(b"\n") + 1])
    assert len(check(store).briefs) == 1
    store.path.write_bytes(b"")
    assert check(store).briefs == []


def test_a_rewritten_or_replaced_file_is_read_again(store: HistoryStore, settled: None) -> None:
    store.append_many(sessions(4))
    check(store)
    other = store.path.with_name("other.jsonl")
    HistoryStore(other).append_many(sessions(6, offset=100))
    os.replace(other, store.path)  # another inode, larger: no prefix of the old file
    assert len(check(store).briefs) == 6
    store.path.write_bytes(store.path.read_bytes().replace(b"Core six", b"Core 6!!"))
    assert {b.routine_name for b in check(store).briefs} == {"Core 6!!"}


def test_bad_lines_keep_their_numbers_with_and_without_the_cache(
    store: HistoryStore, settled: None
) -> None:
    store.append_many(sessions(2))
    with store.path.open("ab") as file:
        file.write(b"not json\n\n")
    store.append(make_session(START + timedelta(days=40)))
    first = check(store)
    assert [bad.line_number for bad in first.bad_lines] == [3]
    with store.path.open("ab") as file:
        file.write(b"{}\n")
    assert [bad.line_number for bad in check(store).bad_lines] == [3, 6]


def test_a_torn_last_line_is_read_every_time_and_never_cached(
    store: HistoryStore, settled: None
) -> None:
    store.append_many(sessions(2))
    line = make_session(START + timedelta(days=5)).to_json_line().encode()
    with store.path.open("ab") as file:
        file.write(line[:-1])  # a whole record without its newline
    assert len(check(store).briefs) == 3
    store.path.write_bytes(store.path.read_bytes()[: -len(line) + 1])  # the record gone
    loaded = check(store)
    assert len(loaded.briefs) == 2
    with store.path.open("ab") as file:
        file.write(line[:40])
    assert check(store).torn_tail


@pytest.mark.parametrize(
    "spoil",
    [
        lambda cache: cache.write_bytes(b"\x00garbage"),
        lambda cache: cache.write_bytes(cache.read_bytes()[:-10]),
        lambda cache: cache.unlink(),
        # Read, a named pipe waited for ever; /dev/zero filled the memory.
        lambda cache: (cache.unlink(), os.mkfifo(cache)),
        lambda cache: (cache.unlink(), cache.symlink_to("/dev/zero")),
    ],
    ids=["garbage", "truncated", "missing", "named-pipe", "device"],
)
def test_a_spoilt_or_missing_cache_is_ignored(
    store: HistoryStore, settled: None, spoil: Callable[[Path], object]
) -> None:
    store.append_many(sessions(3))
    check(store)
    assert store.brief_cache is not None
    spoil(store.brief_cache)
    assert len(check(store).briefs) == 3


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    store = HistoryStore(tmp_path / "history.jsonl", brief_cache=blocked / "briefs.msgpack")
    store.append_many(sessions(3))
    assert len(check(store).briefs) == 3


def test_a_cache_of_another_history_file_is_not_used(tmp_path: Path, settled: None) -> None:
    cache = tmp_path / "briefs.msgpack"
    one = HistoryStore(tmp_path / "one.jsonl", brief_cache=cache)
    two = HistoryStore(tmp_path / "two.jsonl", brief_cache=cache)
    one.append_many(sessions(2))
    two.append_many(sessions(5))
    check(one)
    assert len(check(two).briefs) == 5
    assert len(check(one).briefs) == 2


def test_random_changes_never_make_the_cache_disagree_with_the_file(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(15)
    written: list[Session] = []
    for step in range(120):
        monkeypatch.setattr(cache_module, "RACY_NS", rng.choice([0, 3_000_000_000]))
        action = rng.randrange(7)
        if action <= 1 or not written:
            written += store.append_many(sessions(rng.randrange(1, 4), offset=step * 5))
        elif action == 2:
            with suppress(NoSuchSession):  # a cut may have taken it already
                store.delete(rng.choice(written).id)
        elif action == 3:
            session = rng.choice(written)
            written.append(store.append(replace(session, pain_after=rng.randrange(11))))
        elif action == 4:
            data = store.path.read_bytes()
            store.path.write_bytes(data[: rng.randrange(len(data) + 1)])  # maybe a torn line
        elif action == 5:
            data = store.path.read_bytes()
            if b'"Core six"' in data:
                edit_in_place_keeping_size_and_mtime(store.path, b'"Core six"', b'"Core sox"')
        else:
            data = store.path.read_bytes()
            store.path.write_bytes(data.replace(b'"pain_before":4', b'"pain_before":5'))
        check(store)


def test_whole_sessions_are_read_from_their_briefs_lines(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = store.append_many(sessions(3))
    # A spaced line and a BOM in front of the first: offsets still find each line.
    data = store.path.read_bytes()
    first, rest = data.split(b"\n", 1)
    spaced = json.dumps(json.loads(first)).encode()
    store.path.write_bytes(b"\xef\xbb\xbf" + spaced + b"\n" + rest)
    briefs = store.load_briefs().briefs

    def whole_file(*_: object, **__: object) -> None:
        raise AssertionError("read the whole file instead of the briefs' lines")

    monkeypatch.setattr(store, "load", whole_file)  # the fallback would hide a wrong offset
    assert store.load_sessions(briefs) == written
    assert store.load_sessions(briefs[1:2]) == written[1:2]


def test_whole_sessions_follow_the_file_when_it_changed_since_the_briefs(
    store: HistoryStore,
) -> None:
    written = store.append_many(sessions(3))
    briefs = store.load_briefs().briefs
    store.delete(written[0].id)
    edited = store.append(replace(written[1], note="later"))
    data = store.path.read_bytes()
    store.path.write_bytes(data[data.index(b"\n") + 1 :])  # the first line gone: offsets move
    assert store.load_sessions(briefs) == [edited, written[2]]


def test_a_routine_name_with_half_a_surrogate_pair_is_read_without_a_cache(
    store: HistoryStore, settled: None
) -> None:
    # A hand edit's "\udc80" in a routine's name reads (as json.dumps writes it), but no
    # UTF-8 holds it: writing the cache raised, and the app died opening History.
    store.append(make_session(routine_name="Quick \udc80 core"))
    for _ in range(2):
        [brief] = check(store).briefs
        assert brief.routine_name == "Quick \udc80 core"

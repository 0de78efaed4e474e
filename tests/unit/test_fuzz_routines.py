"""Routine files of any shape: accepted and runnable, or refused with readable lines.

Hypothesis mutates the bundled routines (wrong types, missing and unknown keys,
extreme numbers, hostile text, deep nesting, byte-level damage) and feeds each
result to `coretui validate`, to `load_routine_file` and to `load_library`. A file
is either accepted, and then compiles and runs to the end in the engine, or
refused with `FILE: field.path: message` lines and exit 1. Never an exception.
The documented limits (README, "Routine files") are checked at the boundary.
"""

from __future__ import annotations

import builtins
import json
import math
import pathlib
import re
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from coretui.cli import main
from coretui.workout.engine import State, WorkoutEngine
from coretui.workout.routines import (
    LoadError,
    Routine,
    load_library,
    load_routine_file,
    parse_routine_bytes,
)
from coretui.workout.timeline import compile_routine
from tests.checks import assert_consistent
from tests.conftest import FakeClock
from tests.plain_check import assert_plain

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_FILES = sorted((REPO_ROOT / "data" / "routines").glob("*.toml"))
BUNDLED = {path.name: tomllib.loads(path.read_text(encoding="utf-8")) for path in BUNDLED_FILES}
BUNDLED_IDS = {doc["id"] for doc in BUNDLED.values()}
FRESH_ID = "fuzzed-routine"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


# --- values a hostile or careless file might hold --------------------------------------


@dataclass(frozen=True)
class Deep:
    """A value nested `depth` levels deep (or a number `depth` digits long), as text."""

    depth: int
    kind: str  # "list", "table" or "digits"


NASTY_TEXT = [
    "",
    " ",
    "x" * 80,
    "x" * 81,
    "x" * 2_000,
    "x" * 2_001,
    "x" * 1_000_001,  # a 1 MB string: the file is then over the size limit
    "\u202eevil\u202c right-to-left override",
    "שלום עולם",  # right-to-left text
    "e\u0301\u0302\u0303\u0304" * 40,  # stacked combining marks
    "[bold red]x[/]",
    "[/]",
    "[link=https://example.com]click[/link]",
    "[@click=app.quit]quit[/]",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;pwned\x07",
    "\x1b[2J\x1b[H",
    "a\x00b",
    "\ud800 lone surrogate",
    "tab\tline\nbreak\r\n",
    "$(rm -rf ~)",
    "\u2028\u2029",
    "\ufeffbom inside",
    "🧘" * 50,
    "hold",
    "reps",
    "core-six",
]

NASTY_NUMBERS: list[object] = [
    0,
    -1,
    1,
    59,
    60,
    61,
    300,
    301,
    3_600,
    3_601,
    2**31,
    2**63 - 1,
    -(2**63),
    10**30,
    0.0,
    -0.0,
    0.5,
    1e-9,
    60.000001,
    1e308,
    5e-324,
    math.nan,
    math.inf,
    -math.inf,
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(NASTY_NUMBERS),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=30),
    st.sampled_from(
        [Deep(50, "list"), Deep(5_000, "list"), Deep(3_000, "table"), Deep(5_000, "digits")]
    ),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["name", "seconds", "kind", "x", "tempo"]), children),
    ),
    max_leaves=8,
)
# Hostile but legal text for a name, cue or note: it must load and show literally.
LEGAL_TEXT = [
    "\u202eevil\u202c",
    "שלום",
    "e\u0301\u0302\u0303" * 5,
    "[bold red]x[/]",
    "[/]",
    "[@click=app.quit]quit[/]",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;pwned\x07",
    "a\x00b",
    "$(rm -rf ~)",
    "🧘" * 20,
    "n" * 80,
]
TEXT_KEYS = {"name", "cue", "safety", "description", "credit"}
UNKNOWN_KEYS = st.sampled_from(["secs", "Name", "id ", "", "\x1b[31m", "[/]", "a.b", "kind2"])


# --- writing a mutated document back out -------------------------------------------------


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _string(text: str) -> str:
    # A JSON string literal is a valid TOML basic string, except for a raw DEL.
    return json.dumps(text, ensure_ascii=_has_surrogate(text)).replace("\x7f", "\\u007f")


def _deep(value: Deep, fmt: str) -> str:
    if value.kind == "list":
        return "[" * value.depth + "]" * value.depth
    if value.kind == "digits":  # too long for Python's int(): over 4,300 digits
        return "9" * value.depth
    opener = '{"a": ' if fmt == "json" else "{a = "
    return opener * value.depth + "1" + "}" * value.depth


def render(value: object, fmt: str) -> str:
    """`value` as a JSON or inline-TOML value (None is left out of TOML)."""
    if isinstance(value, Deep):
        return _deep(value, fmt)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN" if fmt == "json" else "nan"
        if math.isinf(value):
            word = "Infinity" if fmt == "json" else "inf"
            return word if value > 0 else f"-{word}"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if isinstance(value, list):
        items = [v for v in value if fmt == "json" or v is not None]
        return "[" + ", ".join(render(v, fmt) for v in items) + "]"
    assert isinstance(value, dict)
    sep = ": " if fmt == "json" else " = "
    pairs = [
        f"{_string(k)}{sep}{render(v, fmt)}"
        for k, v in value.items()
        if fmt == "json" or v is not None
    ]
    return "{" + ", ".join(pairs) + "}"


def serialise(doc: dict[str, Any], fmt: str) -> bytes:
    """A whole routine file: a JSON object, or TOML with one `key = value` line per key."""
    if fmt == "json":
        text = render(doc, "json")
    else:
        text = "".join(
            f"{_string(k)} = {render(v, 'toml')}\n" for k, v in doc.items() if v is not None
        )
    return text.encode("utf-8", "surrogatepass")


# --- mutations ------------------------------------------------------------------------------


def _containers(node: object, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of every table and array in the document, the top included."""
    if isinstance(node, dict):
        yield path
        for key, child in node.items():
            yield from _containers(child, (*path, key))
    elif isinstance(node, list):
        yield path
        for index, child in enumerate(node):
            yield from _containers(child, (*path, index))


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    """A bundled routine with up to six changes; returns it with a list of what was done."""
    name = draw(st.sampled_from(sorted(BUNDLED)))
    doc = json.loads(json.dumps(BUNDLED[name]))
    done = [name]
    if draw(st.integers(0, 4)):  # mostly a fresh id, so acceptance is not just a clash
        doc["id"] = FRESH_ID
    for _ in range(draw(st.integers(0, 3))):  # legal but hostile text
        tables = [
            p
            for p in _containers(doc)
            if isinstance(_at(doc, p), dict) and TEXT_KEYS & _at(doc, p).keys()
        ]
        table = _at(doc, tables[draw(st.integers(0, len(tables) - 1))])
        key = draw(st.sampled_from(sorted(TEXT_KEYS & set(table))))
        table[key] = draw(st.sampled_from(LEGAL_TEXT))
        done.append(f"text {key!r}")
    for _ in range(draw(st.integers(0, 3))):
        containers = list(_containers(doc))
        where = containers[draw(st.integers(0, len(containers) - 1))]
        target = _at(doc, where)
        op = draw(st.sampled_from(["set", "delete", "unknown", "empty", "repeat"]))
        if isinstance(target, dict):
            keys = sorted(target)
            if op == "unknown" or not keys:
                key = draw(UNKNOWN_KEYS)
                target[key] = draw(values)
                done.append(f"unknown {where}/{key!r}")
                continue
            key = keys[draw(st.integers(0, len(keys) - 1))]
            if op == "delete":
                del target[key]
            elif op == "empty":
                target[key] = draw(st.sampled_from([[], {}, ""]))
            else:
                target[key] = draw(values)
            done.append(f"{op} {where}/{key!r}")
        elif isinstance(target, list):
            if op == "repeat" and target:
                target.extend(target * draw(st.sampled_from([1, 20, 120])))
            elif op == "empty":
                target.clear()
            elif op == "delete" and target:
                del target[draw(st.integers(0, len(target) - 1))]
            elif target:
                target[draw(st.integers(0, len(target) - 1))] = draw(values)
            else:
                target.append(draw(values))
            done.append(f"{op} {where}")
    return doc, done


DAMAGE = [
    "none",
    "bom",
    "utf16-bom",
    "invalid-utf8",
    "encoded-surrogate",
    "nul",
    "truncate",
    "crlf",
    "binary",
]


def damage(data: bytes, how: str, where: int) -> bytes:
    """Byte-level harm done after the document was written out."""
    at = where % (len(data) + 1)
    match how:
        case "bom":
            return b"\xef\xbb\xbf" + data
        case "utf16-bom":
            return b"\xff\xfe" + data
        case "invalid-utf8":
            return data[:at] + b"\xff\xc0\xaf" + data[at:]
        case "encoded-surrogate":
            return data[:at] + b"\xed\xa0\x80" + data[at:]
        case "nul":
            return data[:at] + b"\x00" + data[at:]
        case "truncate":
            return data[:at]
        case "crlf":
            return data.replace(b"\n", b"\r\n")
        case "binary":
            return bytes(range(256)) * 4
    return data


# --- what every input must lead to ----------------------------------------------------------


def error_line(file: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(str(file))}: \S.*: .+$")


def assert_readable_errors(file: Path, errors: list[LoadError]) -> None:
    assert errors, f"{file}: refused without saying why"
    pattern = error_line(file)
    for error in errors:
        line = str(error)
        assert pattern.match(line), f"not 'FILE: field.path: message': {line!r}"
        assert not CONTROL.search(line), f"control characters reach the terminal: {line!r}"
        assert len(line) < len(str(file)) + 1_000, f"an error line of {len(line)} characters"
        assert_plain(error.message)


def run_to_the_end(routine: Routine) -> None:
    """Compile, tick a few seconds, then skip through every step to the finish."""
    clock = FakeClock()
    engine = WorkoutEngine(compile_routine(routine), clock)
    steps = len(engine.timeline.steps)
    assert steps >= 1
    engine.start()
    for _ in range(12):
        clock.advance(0.5)
        engine.tick()
        assert_consistent(engine)
    for skipped in range(steps + 1):
        if engine.state is State.FINISHED:
            break
        engine.skip()
        # Each check reads every step's record: at each skip of a 2,000-step routine
        # that was 4 million reads (seconds of the suite); a long one is checked at
        # every 50th skip, and at its end.
        if steps <= 200 or skipped % 50 == 0:
            assert_consistent(engine)
    assert_consistent(engine)
    assert engine.state is State.FINISHED, f"still {engine.state} after {steps} skips"
    assert engine.status == "completed"


def check_one_file(file: Path, capsys: pytest.CaptureFixture[str]) -> Routine | None:
    """Loader and `coretui validate` agree on one file; returns the routine if accepted."""
    result = load_routine_file(file)
    code = main(["validate", str(file)])
    out, err = capsys.readouterr()
    output = [line for line in (out + err).splitlines() if line]
    if currently_in_test_context():  # what the fuzzing reached: --hypothesis-show-statistics
        event("accepted" if isinstance(result, Routine) else f"refused at {result[0].path[:12]}")
    if isinstance(result, Routine):
        if result.id in BUNDLED_IDS:
            assert code in (0, 1), output  # a copy of a bundled routine, or a clash
        else:
            assert code == 0, f"loader accepted, validate refused:\n{out}{err}"
            assert len(output) == 1 and output[0].startswith(f"{file}: ok ("), output
        run_to_the_end(result)
        return result
    assert_readable_errors(file, result)
    assert code == 1, f"exit {code} for a refused file:\n{out}{err}"
    assert output == [str(e) for e in result], "validate must print the loader's errors"
    return None


@FUZZ
@given(
    mutated=mutated_documents(),
    fmt=st.sampled_from(["json", "toml"]),
    how=st.sampled_from(["none"] * 8 + DAMAGE),  # mostly whole files, to reach the loader
    where=st.integers(min_value=0),
    copies=st.integers(1, 2),
)
def test_any_mutated_routine_is_run_or_refused_with_readable_lines(
    mutated: tuple[dict[str, Any], list[str]],
    fmt: str,
    how: str,
    where: int,
    copies: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc, done = mutated
    note(f"changes: {done}")
    data = damage(serialise(doc, fmt), how, where)
    with tempfile.TemporaryDirectory() as folder:
        user_dir = Path(folder) / "routines"
        user_dir.mkdir()
        files = [user_dir / f"fuzzed-{n}.{fmt}" for n in range(copies)]
        for file in files:
            file.write_bytes(data)

        accepted = check_one_file(files[0], capsys)

        library = load_library(user_dir)

    # A broken file never stops the others loading.
    assert {r.routine.id for r in library.routines if r.source == "bundled"} == BUNDLED_IDS
    users = [r.file for r in library.routines if r.source == "user"]
    errors = {f: [e for e in library.errors if e.file == str(f)] for f in files}
    assert sum(map(len, errors.values())) == len(library.errors)
    if accepted is None:
        assert users == []
        for file in files:
            assert_readable_errors(file, errors[file])
    elif accepted.id in BUNDLED_IDS:
        assert users == []
        for file in files:
            assert [e.path for e in errors[file]] == ["id"], errors[file]
    else:
        # The first copy loads; a second copy clashes on its id and says so.
        assert users == [str(files[0])]
        assert errors[files[0]] == []
        for file in files[1:]:
            assert [e.path for e in errors[file]] == ["id"], errors[file]
            assert_readable_errors(file, errors[file])


@FUZZ
@given(data=st.binary(max_size=2_000), suffix=st.sampled_from([".toml", ".json", ".TOML"]))
def test_random_bytes_are_refused_or_run(
    data: bytes, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / f"bytes{suffix}"
        file.write_bytes(data)
        check_one_file(file, capsys)


# --- size: refused before it is read ------------------------------------------------------


@pytest.fixture
def fifty_megabytes(tmp_path: Path) -> Path:
    """A 50 MB routine file, sparse so the test is quick to set up."""
    file = tmp_path / "routines" / "huge.toml"
    file.parent.mkdir()
    with file.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    return file


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch, fifty_megabytes: Path) -> list[str]:
    """Records every attempt to open or read the 50 MB file."""
    seen: list[str] = []
    real_open, real_path_open = builtins.open, pathlib.Path.open
    real_read_bytes, real_read_text = pathlib.Path.read_bytes, pathlib.Path.read_text

    def is_huge(target: object) -> bool:
        return str(target) == str(fifty_megabytes)

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if is_huge(file):
            seen.append("open")
        return real_open(file, *args, **kwargs)

    def spy_path_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if is_huge(self):
            seen.append("Path.open")
        return real_path_open(self, *args, **kwargs)

    def spy_read_bytes(self: Path) -> bytes:
        if is_huge(self):
            seen.append("read_bytes")
        return real_read_bytes(self)

    def spy_read_text(self: Path, *args: Any, **kwargs: Any) -> str:
        if is_huge(self):
            seen.append("read_text")
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(pathlib.Path, "open", spy_path_open)
    monkeypatch.setattr(pathlib.Path, "read_bytes", spy_read_bytes)
    monkeypatch.setattr(pathlib.Path, "read_text", spy_read_text)
    return seen


def test_a_50_mb_file_is_refused_by_size_without_being_read(
    fifty_megabytes: Path, reads: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = load_routine_file(fifty_megabytes)
    code = main(["validate", str(fifty_megabytes)])
    library = load_library(fifty_megabytes.parent)
    out, err = capsys.readouterr()
    assert reads == [], f"the 50 MB file was read ({reads}); its size alone should refuse it"
    assert isinstance(result, list)
    assert [str(e) for e in result] == [
        f"{fifty_megabytes}: (file): too large: 52,428,800 bytes; at most 1,000,000"
    ]
    assert code == 1
    assert out.splitlines() == [str(e) for e in result]
    assert err == ""
    assert [str(e) for e in library.errors] == [str(e) for e in result]
    assert {r.routine.id for r in library.routines} == BUNDLED_IDS


# --- the documented limits, at the boundary ----------------------------------------------


def routine(**top: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "limits",
        "name": "Limits",
        "exercises": [{"kind": "hold", "name": "Plank", "seconds": 60}],
    }
    doc.update(top)
    return doc


def exercise(**fields: Any) -> dict[str, Any]:
    return routine(exercises=[{"kind": "hold", "name": "Plank", "seconds": 60, **fields}])


def reps(**fields: Any) -> dict[str, Any]:
    return routine(exercises=[{"kind": "reps", "name": "Hip raise", "reps": 10, **fields}])


def many_steps(steps: int) -> dict[str, Any]:
    """A routine that compiles to exactly `steps` steps (lead-in and every rest included)."""
    assert steps % 2 == 0
    work_sets = steps // 2  # each set is a hold and a rest; the lead-in stands in for one
    exercises = []
    while work_sets:
        sets = min(50, work_sets)
        exercises.append({"kind": "hold", "name": "Hold", "seconds": 1, "sets": sets})
        work_sets -= sets
    return routine(
        lead_in_s=5, rest_between_sets_s=5, rest_between_exercises_s=5, exercises=exercises
    )


# (limit, over the limit, the field path the refusal must name)
LIMITS: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "name 80": (routine(name="n" * 80), routine(name="n" * 81), "name"),
    "description 2000": (
        routine(description="d" * 2_000),
        routine(description="d" * 2_001),
        "description",
    ),
    "cue 2000": (exercise(cue="c" * 2_000), exercise(cue="c" * 2_001), "exercises[0].cue"),
    "safety 2000": (
        exercise(safety="s" * 2_000),
        exercise(safety="s" * 2_001),
        "exercises[0].safety",
    ),
    "exercises 100": (
        routine(exercises=[{"kind": "hold", "name": f"E{i}", "seconds": 5} for i in range(100)]),
        routine(exercises=[{"kind": "hold", "name": f"E{i}", "seconds": 5} for i in range(101)]),
        "exercises",
    ),
    "steps 2000": (many_steps(2_000), many_steps(2_002), "(file)"),
    "hold 3600 s": (exercise(seconds=3_600), exercise(seconds=3_601), "exercises[0].seconds"),
    "rest between sets 1800 s": (
        routine(rest_between_sets_s=1_800),
        routine(rest_between_sets_s=1_801),
        "rest_between_sets_s",
    ),
    "rest between exercises 1800 s": (
        routine(rest_between_exercises_s=1_800),
        routine(rest_between_exercises_s=1_801),
        "rest_between_exercises_s",
    ),
    "exercise rest 1800 s": (
        exercise(sets=2, rest_s=1_800),
        exercise(sets=2, rest_s=1_801),
        "exercises[0].rest_s",
    ),
    "rest after 1800 s": (
        exercise(rest_after_s=1_800),
        exercise(rest_after_s=1_801),
        "exercises[0].rest_after_s",
    ),
    "lead-in 300 s": (routine(lead_in_s=300), routine(lead_in_s=301), "lead_in_s"),
    "sets 50": (exercise(sets=50), exercise(sets=51), "exercises[0].sets"),
    "reps 500": (reps(reps=500, tempo=1), reps(reps=501, tempo=1), "exercises[0].reps"),
    "tempo 60 s": (reps(tempo=60), reps(tempo=60.5), "exercises[0].tempo"),
    "tempo phase 60 s": (
        reps(tempo=[{"name": "hold", "seconds": 60}]),
        reps(tempo=[{"name": "hold", "seconds": 60.5}]),
        "exercises[0].tempo[0].seconds",
    ),
    # A thousand phases of a 500-rep set made `coretui cues` run for minutes.
    "tempo phases 10": (
        reps(tempo=[{"name": f"p{i}", "seconds": 1} for i in range(10)]),
        reps(tempo=[{"name": f"p{i}", "seconds": 1} for i in range(11)]),
        "exercises[0].tempo",
    ),
    "rep set 3600 s": (reps(reps=60, tempo=60), reps(reps=61, tempo=60), "exercises[0]"),
    # Eight phases of 0.9 s summed to 7.2000000000000001 s: "a set of 500 reps at 7.2 s
    # a rep lasts 3,600 s; at most 3,600".
    "rep set 3600 s of phases": (
        reps(reps=500, tempo=[{"name": f"p{i}", "seconds": 0.9} for i in range(8)]),
        reps(
            reps=500,
            tempo=[{"name": f"p{i}", "seconds": 0.9} for i in range(7)]
            + [{"name": "p7", "seconds": 0.91}],
        ),
        "exercises[0]",
    ),
}


@pytest.mark.parametrize("case", LIMITS, ids=str)
@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_each_documented_limit_is_enforced_at_the_boundary(
    case: str, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    at_limit, over_limit, field_path = LIMITS[case]
    ok_file = tmp_path / f"at-limit.{fmt}"
    ok_file.write_bytes(serialise(at_limit, fmt))
    over_file = tmp_path / f"over-limit.{fmt}"
    over_file.write_bytes(serialise(over_limit, fmt))

    accepted = check_one_file(ok_file, capsys)
    refused = load_routine_file(over_file)
    code = main(["validate", str(over_file)])
    out, _ = capsys.readouterr()

    assert accepted is not None, f"{case}: the limit itself must be accepted"
    assert isinstance(refused, list), f"{case}: one past the limit must be refused"
    assert code == 1
    assert [e.path for e in refused] == [field_path], out
    assert out.splitlines() == [str(e) for e in refused]


def test_steps_are_counted_as_compiled(tmp_path: Path) -> None:
    """The 2,000-step limit counts what the engine runs: lead-in, work, switches and rests."""
    file = tmp_path / "steps.json"
    file.write_bytes(serialise(many_steps(2_000), "json"))
    result = load_routine_file(file)
    assert isinstance(result, Routine)
    assert len(compile_routine(result).steps) == 2_000


def test_a_file_of_exactly_1_mb_loads_and_one_byte_more_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = serialise(routine(), "toml")
    padding = b"# " + b"x" * (1_000_000 - len(body) - 3) + b"\n"
    exact = tmp_path / "exact.toml"
    exact.write_bytes(body + padding)
    over = tmp_path / "over.toml"
    over.write_bytes(body + padding[:-1] + b"x\n")
    assert exact.stat().st_size == 1_000_000
    assert over.stat().st_size == 1_000_001

    assert check_one_file(exact, capsys) is not None
    refused = load_routine_file(over)
    assert isinstance(refused, list)
    assert [str(e) for e in refused] == [
        f"{over}: (file): too large: 1,000,001 bytes; at most 1,000,000"
    ]
    # The same limit holds for bytes already in memory (bundled files, a file that grew).
    in_memory = parse_routine_bytes("grown.toml", over.read_bytes())
    assert isinstance(in_memory, list)
    assert [e.path for e in in_memory] == ["(file)"]


# --- hostile text: accepted data, never terminal control ------------------------------------


HOSTILE_NAMES = {
    "ansi": "\x1b[31mred\x1b[0m\x1b]0;pwned\x07",
    "nul": "a\x00b",
    "c1": "next\x85line\x9bcsi",
    # A right-to-left override: the terminal drew what came after it reversed.
    "bidi": "\u202eevil\u202c abc \u2067isolate\u2069",
}


@pytest.mark.parametrize("case", HOSTILE_NAMES, ids=str)
def test_validate_never_sends_a_routines_control_characters_to_the_terminal(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "hostile.json"
    file.write_bytes(serialise(routine(name=HOSTILE_NAMES[case]), "json"))
    assert isinstance(load_routine_file(file), Routine)  # names are data; showing them is safe

    code = main(["validate", str(file)])
    out, err = capsys.readouterr()

    assert code == 0
    assert not CONTROL.search(out + err), (
        f"`coretui validate` printed the routine name raw: {out!r} "
        "(src/coretui/cli/main.py cmd_validate prints result.name without textsafe.printable)"
    )


def test_an_echoed_kind_tag_is_printable_and_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pydantic quotes a bad `kind`; the quote must not carry escapes or a megabyte of text."""
    file = tmp_path / "tag.json"
    doc = routine(exercises=[{"kind": "\x1b[2J" + "k" * 900_000, "name": "x", "seconds": 1}])
    file.write_bytes(serialise(doc, "json"))

    code = main(["validate", str(file)])
    out, _ = capsys.readouterr()

    assert code == 1
    result = load_routine_file(file)
    assert isinstance(result, list)
    assert_readable_errors(file, result)
    assert [e.path for e in result] == ["exercises[0]"]
    assert out.splitlines() == [str(e) for e in result]


@pytest.mark.parametrize(
    ("text", "fmt", "path"),
    [
        ('{"id": ' + "1" * 5_000 + "}", "json", "(json)"),
        ("id = " + "1" * 5_000 + "\n", "toml", "(toml)"),
        ('{"id": "a", "id": "b", "name": "x", "exercises": []}', "json", "(json)"),
    ],
    ids=["json-5000-digit-number", "toml-5000-digit-number", "json-duplicate-key"],
)
def test_numbers_too_long_for_python_and_duplicate_keys_are_refused(
    text: str, fmt: str, path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / f"odd.{fmt}"
    file.write_text(text, encoding="utf-8")

    result = load_routine_file(file)
    code = main(["validate", str(file)])
    out, _ = capsys.readouterr()

    assert isinstance(result, list)
    assert_readable_errors(file, result)
    assert [e.path for e in result] == [path]
    assert code == 1
    assert out.splitlines() == [str(e) for e in result]


def test_a_character_past_latin_1_is_shown_by_its_code_point() -> None:
    # U+202E read "\x202e": ESC's form, which says byte 0x20 and then "2e".
    from coretui.textsafe import printable

    assert printable("a\u202eb\x1bc\u2028") == "a\\u202eb\\x1bc\\u2028"

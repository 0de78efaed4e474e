"""The history subcommands: log, history, export and merge, as a user runs them."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import subprocess
import sys
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from rich.cells import cell_len

import coretui.cli.history as history_cli
import coretui.cli.log as log_cli
from coretui.cli import main
from coretui.cli.errors import UserError
from coretui.cli.log import logged_session
from coretui.cli.output import json_text
from coretui.history import HistoryStore, Session, StepEntry
from coretui.paths import AppPaths

CSV_HEADER = [
    "id",
    "routine_id",
    "routine_name",
    "local_date",
    "started_at",
    "finished_at",
    "tz",
    "status",
    "duration_s",
    "active_s",
    "steps_done",
    "steps_skipped",
    "pain_before",
    "pain_after",
    "note",
    "steps_ended_early",
    "steps_not_done",
    "counted",
    "hurt",
    "easier",
]

LOGGED = re.compile(r"^logged (\w+) ([a-z0-9-]+) on (\d{4}-\d{2}-\d{2}) \(([0-9a-f-]{36})\)$")


def cli(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, *args: str | Path
) -> tuple[int, str, str]:
    """`coretui --data-dir D --config-dir C ARGS` in-process: (exit code, stdout, stderr)."""
    argv = ["--data-dir", str(paths.data_dir), "--config-dir", str(paths.config_dir)]
    code = main([*argv, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _logged_at_one_in_the_morning_at_the_earliest(monkeypatch: pytest.MonkeyPatch) -> None:
    """`log` refuses a session today that would have begun before midnight: the tests
    that log today run as if it were 01:00 at the earliest, so none fails at 00:05."""
    real = log_cli.local_now

    def after_one() -> datetime:
        now = real()
        return max(now, now.replace(hour=1, minute=0, second=0, microsecond=0))

    monkeypatch.setattr(log_cli, "local_now", after_one)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def started(paths: AppPaths) -> str:
    """What a write that starts the history file says on stderr."""
    return f"note: no history was at {paths.history_file}, so a new one was started there\n"


def log(capsys: pytest.CaptureFixture[str], paths: AppPaths, *args: str) -> str:
    """Log a session; returns its id."""
    code, out, err = cli(capsys, paths, "log", *args)
    assert code == 0, f"log {args} failed: {err}"
    match = LOGGED.match(out.strip())
    assert match, f"unexpected log output: {out!r}"
    return match[4]


def logged_with(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, *changes: dict[str, Any], **every: Any
) -> str:
    """A Quick core logged on 2026-01-01, then saved again with its steps changed:
    `every` on each step, and `changes` on the first few, one each; the session's id."""
    session_id = log(capsys, paths, "core-quick", "--date", "2026-01-01")
    [session] = HistoryStore(paths.history_file).load().sessions
    steps = [msgspec.structs.replace(step, **every) for step in session.steps]
    for at, changed in enumerate(changes):
        steps[at] = msgspec.structs.replace(steps[at], **changed)
    HistoryStore(paths.history_file).append(msgspec.structs.replace(session, steps=steps))
    return session_id


def history(capsys: pytest.CaptureFixture[str], paths: AppPaths) -> dict[str, Any]:
    code, out, err = cli(capsys, paths, "history", "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


# --- log and history ----------------------------------------------------------------------


def test_a_logged_session_shows_in_history_with_a_one_day_streak(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert history(capsys, paths)["sessions"] == 0

    session_id = log(capsys, paths, "core-six")

    summary = history(capsys, paths)
    assert summary["sessions"] == 1
    assert summary["completed"] == 1
    assert summary["current_streak"] == 1
    assert summary["longest_streak"] == 1
    assert summary["last_session"]["id"] == session_id
    assert summary["last_session"]["routine_id"] == "core-six"
    assert summary["last_session"]["local_date"] == date.today().isoformat()
    assert paths.history_file.is_file()


def test_plain_history_mentions_the_logged_session(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    log(capsys, paths, "core-quick")
    code, out, _ = cli(capsys, paths, "history")
    assert code == 0
    assert "1 sessions" in out or "1 session" in out
    assert "Quick core" in out


def test_history_with_no_history_file_says_where_it_looked(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # A mistyped --data-dir read as an empty history, with no word of where it looked.
    code, out, _ = cli(capsys, paths, "history")
    assert code == 0
    assert lines(out)[-1] == f"no history file at {paths.history_file}"
    log(capsys, paths, "core-quick")
    assert "no history file" not in cli(capsys, paths, "history")[1]


def test_log_and_merge_say_when_they_start_a_new_history(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A mistyped --data-dir: "logged completed core-quick ...", exit 0, and the session
    # went into a new history file in a new folder, with no word of it.
    typo = AppPaths(data_dir=tmp_path / "typo" / "a", config_dir=paths.config_dir)
    code, out, err = cli(capsys, typo, "log", "core-quick")
    assert code == 0 and out.startswith("logged completed core-quick")
    assert err == started(typo)
    assert cli(capsys, typo, "log", "core-quick")[2] == "", "said once: the history is there now"
    elsewhere = AppPaths(data_dir=tmp_path / "typo" / "b", config_dir=paths.config_dir)
    code, out, err = cli(capsys, elsewhere, "merge", typo.history_file)
    assert code == 0 and "2 added" in out and err == started(elsewhere)


def test_a_log_the_disk_refused_says_no_new_history_was_started(
    paths: AppPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "note: no history was at ..., so a new one was started there", then "cannot save
    # history: ... no space left on device": the file made was left empty.
    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    typo = AppPaths(data_dir=tmp_path / "new", config_dir=paths.config_dir)
    # (Not `monkeypatch.undo()`: it undid the fixture's 01:00 too, and from midnight to
    # seven past the second log was refused as too early for today.)
    with monkeypatch.context() as disk_full:
        disk_full.setattr(os, "write", full)
        code, out, err = cli(capsys, typo, "log", "core-quick")
    assert (code, out) == (1, "")
    assert "no space left on device" in err and "a new one was started" not in err, err
    code, out, err = cli(capsys, typo, "log", "core-quick")  # the disk has room again
    assert code == 0 and err == started(typo), "the empty file left is no history"


def test_log_on_a_past_date_is_stored_on_that_date(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    log(capsys, paths, "core-six", "--date", "2024-02-29")
    summary = history(capsys, paths)
    assert summary["last_session"]["local_date"] == "2024-02-29"
    assert summary["current_streak"] == 0, "a session two years ago is not a current streak"
    assert summary["longest_streak"] == 1


def test_a_session_logged_for_today_just_after_midnight_is_refused_with_yesterday_s_date() -> None:
    # At 00:05 a 10-minute session "today" was recorded from midnight to 00:05 with 10
    # minutes in its duration: a record that cannot be true. It was done last night.
    steps = [
        StepEntry(
            exercise="Plank",
            side=None,
            planned_s=600,
            planned_reps=None,
            done_s=600,
            done_reps=None,
            ended="time",
        )
    ]
    now = datetime(2024, 2, 29, 0, 5).astimezone()
    with pytest.raises(UserError) as refused:
        logged_session("x", "X", steps, date(2024, 2, 29), "completed", now=now)
    assert str(refused.value) == (
        "it is 00:05, too early for a 10 min session today; if it was last night,"
        " add --date 2024-02-28"
    )
    assert refused.value.code == 2
    later = datetime(2024, 2, 29, 0, 15).astimezone()
    fits = logged_session("x", "X", steps, date(2024, 2, 29), "completed", now=later)
    assert fits.finished_at - fits.started_at == timedelta(seconds=600)
    assert fits.finished_at <= later.astimezone(UTC)


def test_a_session_longer_than_a_day_is_refused() -> None:
    # A routine of 100 holds of an hour in 10 sets each was logged yesterday as begun
    # at its midnight, and its record ended two months ahead.
    hour = StepEntry(exercise="Hold", planned_s=3600, done_s=3600, ended="time")
    now = datetime(2026, 12, 6, 9, 0).astimezone()
    with pytest.raises(UserError) as refused:
        logged_session("x", "X", [hour] * 30, date(2026, 12, 5), "completed", now=now)
    assert str(refused.value) == (
        "a 30 h 00 min session does not fit in a day: log records one session done on one day"
    )
    fits = logged_session("x", "X", [hour] * 20, date(2026, 12, 5), "completed", now=now)
    assert fits.finished_at <= now.astimezone(UTC)
    assert fits.started_at.astimezone().date() == date(2026, 12, 5)


def test_two_sessions_logged_in_the_same_minute_keep_the_order_they_were_logged_in() -> None:
    # Placed by the minute, both began at 12:23:20 and listed in the order of their ids.
    first, second = (
        logged_session(
            "core-quick",
            "Quick core",
            [],
            date(2026, 12, 6),
            "completed",
            now=datetime(2026, 12, 6, 12, 30, seconds).astimezone(),
            total_s=400,
        )
        for seconds in (10, 40)
    )
    assert first.started_at < second.started_at
    assert first.finished_at < second.finished_at


def test_a_logged_session_lasts_as_long_as_it_says_within_its_day(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # It started and finished at the same minute, with 340 s of duration between.
    log(capsys, paths, "core-quick", "--date", "2024-02-29")
    [session] = HistoryStore(paths.history_file).load().sessions
    assert session.duration_s > 300
    assert session.finished_at - session.started_at == timedelta(seconds=session.duration_s)
    assert session.started_at.astimezone().date() == session.local_date == date(2024, 2, 29)


def test_a_session_logged_for_an_earlier_day_just_after_midnight_lasts_as_it_says() -> None:
    # Logged at 00:02 for an earlier day, a 7-minute session began at that day's
    # midnight and ended at 00:02: 2 minutes between its times, 7 in its duration.
    # Then it began at that midnight and lasted 7 minutes, and the "last night" that
    # `log` advises at 00:05 was that day's first minutes.
    just_after_midnight = datetime(2026, 12, 6, 0, 2).astimezone()
    session = logged_session(
        "core-quick",
        "Quick core",
        [],
        date(2026, 12, 1),
        "completed",
        now=just_after_midnight,
        total_s=420,
    )
    assert session.finished_at - session.started_at == timedelta(seconds=420)
    # Now it ends as that day ends: the evening before this midnight.
    assert session.finished_at == datetime(2026, 12, 1, 23, 59, 59).astimezone()


@pytest.mark.parametrize(
    "argv",
    [
        ["core-six", "--date", "2026-02-30"],
        ["core-six", "--date", "yesterday"],
        ["core-six", "--date", (date.today() + timedelta(days=1)).isoformat()],
        ["core-six", "--date", "9999-12-31"],
        ["core-six", "--status", "abandoned"],
        ["no-such-routine"],
    ],
    ids=["feb-30", "not-a-date", "tomorrow", "far-future", "bad-status", "unknown-routine"],
)
def test_log_with_bad_input_fails_with_one_line_and_records_nothing(
    argv: list[str], paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, paths, "log", *argv)

    assert code == 2, f"log {argv}: exit {code}\n{err}"
    assert len(lines(err)) == 1, f"log {argv}: expected one line:\n{err}"
    assert "Traceback" not in err
    assert out == ""
    assert history(capsys, paths)["sessions"] == 0


def test_logging_the_earliest_possible_date_never_breaks_history(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    """Either `log` refuses 0001-01-01 with one line, or `history` still works afterwards."""
    code, _, err = cli(capsys, paths, "log", "core-six", "--date", "0001-01-01")
    if code != 0:
        assert code == 2 and len(lines(err)) == 1, err
        return
    try:
        code, out, err = cli(capsys, paths, "history", "--json")
    except OverflowError as exc:
        pytest.fail(
            "`coretui log --date 0001-01-01` was accepted, and from then on "
            f"`coretui history` crashes with a traceback: OverflowError: {exc}"
        )
    assert code == 0, err
    assert json.loads(out)["sessions"] == 1


def test_log_with_an_impossible_date_in_a_real_process(paths: AppPaths, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "coretui",
            "--data-dir",
            paths.data_dir,
            "log",
            "core-six",
            "--date",
            "2026-02-30",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(lines(result.stderr)) == 1, result.stderr
    assert "2026-02-30" in result.stderr


def test_a_partial_log_is_recorded_but_does_not_count_for_the_streak(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    log(capsys, paths, "core-six", "--status", "partial")

    summary = history(capsys, paths)
    assert summary["sessions"] == 1
    assert summary["partial"] == 1
    assert summary["completed"] == 0
    assert summary["current_streak"] == 0
    assert summary["longest_streak"] == 0
    assert summary["last_session"]["status"] == "partial"


# --- export -------------------------------------------------------------------------------


def formula_session(note: str) -> Session:
    started = datetime(2025, 6, 1, 7, 30, tzinfo=UTC)
    return Session(
        id=str(uuid.uuid4()),
        routine_id="core-quick",
        routine_name="Quick core (7 min)",
        started_at=started,
        finished_at=started + timedelta(minutes=7),
        tz="UTC",
        local_date=started.date(),
        status="completed",
        duration_s=420.0,
        active_s=300.0,
        steps=[],
        note=note,
    )


def test_export_json_lists_every_session(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    first = log(capsys, paths, "core-six", "--date", "2025-01-01")
    second = log(capsys, paths, "core-quick", "--status", "partial")

    code, out, err = cli(capsys, paths, "export", "--format", "json")

    assert code == 0, err
    records = json.loads(out)
    assert [r["id"] for r in records] == [first, second]
    assert [r["routine_id"] for r in records] == ["core-six", "core-quick"]
    assert [r["status"] for r in records] == ["completed", "partial"]
    assert records[0]["local_date"] == "2025-01-01"
    assert all(Session.from_dict(r).id for r in records), "exported records must load back"


def test_export_csv_has_the_documented_header_and_one_row_per_session(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    session_id = log(capsys, paths, "core-six", "--date", "2025-01-01")

    code, out, err = cli(capsys, paths, "export", "--format", "csv")

    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 2
    row = dict(zip(CSV_HEADER, rows[1], strict=True))
    assert row["id"] == session_id
    assert row["routine_id"] == "core-six"
    assert row["local_date"] == "2025-01-01"
    assert row["status"] == "completed"
    assert int(row["steps_done"]) > 0
    assert row["steps_skipped"] == "0"
    assert (row["counted"], row["hurt"], row["easier"]) == ("true", "", "")


def test_export_csv_says_a_session_not_counted_and_the_moves_that_hurt_or_went_easier(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # A run of skips exported as "completed" with nothing to tell it from one done in
    # full, and the moves that hurt and those done easier were left out of the CSV.
    logged_with(
        capsys,
        paths,
        {"variant": "Plank on knees", "hurt": True, "hurt_on_standard": True},
        {"variant": "Side plank on knees"},
        {"variant": "Side plank on knees", "hurt": True},
        ended="skipped",
        done_s=0,
    )
    rows = list(csv.DictReader(io.StringIO(cli(capsys, paths, "export", "--format", "csv")[1])))
    [row] = rows
    assert (row["status"], row["counted"]) == ("completed", "false")
    assert row["hurt"] == "Plank; Side plank on knees"
    assert row["easier"] == "Plank on knees; Side plank on knees"


def test_history_json_lists_the_newest_sessions_its_help_promises(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [log(capsys, paths, "core-quick", "--date", f"2025-01-{day:02}") for day in range(1, 13)]
    newest = history(capsys, paths)["newest"]
    assert [s["id"] for s in newest] == ids[::-1][:10], "newest first, as the plain list"
    assert newest[0]["local_date"] == "2025-01-12" and newest[0]["counted"] is True


@pytest.mark.parametrize(
    ("note", "cell"), [("x\r=1+1", "x\n=1+1"), ("\r=1+1", "'\n=1+1"), ("a\r\nb", "a\r\nb")]
)
def test_export_csv_keeps_a_note_s_carriage_return_in_its_cell(
    note: str, cell: str, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # A bare CR went out unquoted: a reader began a new row there, its first cell "=1+1".
    HistoryStore(paths.history_file).append(formula_session(note))
    code, out, err = cli(capsys, paths, "export", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 1 and rows[0]["note"] == cell


@pytest.mark.parametrize("note", ['=HYPERLINK("http://evil.example","click")', "=1+2"])
def test_export_csv_defuses_a_note_that_looks_like_a_formula(
    note: str, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    HistoryStore(paths.history_file).append(formula_session(note))

    code, out, err = cli(capsys, paths, "export", "--format", "csv")

    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    assert rows[0]["note"] == "'" + note, "a spreadsheet would run this note as a formula"

    code, out, _ = cli(capsys, paths, "export", "--format", "json")
    assert json.loads(out)[0]["note"] == note, "JSON export keeps the note as written"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_to_a_terminal_shows_control_characters_and_to_a_pipe_keeps_them(
    fmt: str, paths: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A note holding ESC [2J, exported as CSV to the terminal, cleared the screen: the
    # history and list commands show such text escaped, export wrote it raw.
    note = "sore\x1b[2J\x07 \x9b31m back"
    HistoryStore(paths.history_file).append(formula_session(note))
    monkeypatch.setattr(history_cli, "_to_terminal", lambda: True)
    code, out, _ = cli(capsys, paths, "export", "--format", fmt)
    assert code == 0
    assert not any(ch in out for ch in "\x1b\x07\x9b"), out
    if fmt == "csv":
        assert "sore\\x1b[2J\\x07 \\x9b31m back" in out, "shown, as `history` shows it"
    else:  # the same JSON: a \\x9b would not read back
        assert json.loads(out)[0]["note"] == note
    monkeypatch.setattr(history_cli, "_to_terminal", lambda: False)
    code, out, _ = cli(capsys, paths, "export", "--format", "csv")
    assert next(csv.DictReader(io.StringIO(out)))["note"] == note, "a pipe gets it as it is"


def test_export_to_a_file_writes_what_stdout_would_show(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log(capsys, paths, "core-six")
    code, expected, _ = cli(capsys, paths, "export", "--format", "csv")
    assert code == 0
    target = tmp_path / "out" / "sessions.csv"
    target.parent.mkdir()

    code, out, err = cli(capsys, paths, "export", "--format", "csv", "-o", target)

    assert code == 0, err
    assert out == ""
    assert target.read_text(encoding="utf-8") == expected


def test_export_to_dash_is_standard_output_and_a_wav_to_dash_is_refused(
    paths: AppPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Both wrote a file named "-" in the current folder, the second over the first.
    log(capsys, paths, "core-six")
    monkeypatch.chdir(tmp_path)
    code, expected, _ = cli(capsys, paths, "export", "--format", "json")
    code, out, err = cli(capsys, paths, "export", "--format", "json", "-o", "-")
    assert (code, out, err) == (0, expected, "")
    code, out, err = cli(capsys, paths, "cues", "core-quick", "--wav", "-", "--seconds", "1")
    assert code != 0 and len(lines(err)) == 1 and "give a file name" in err, err
    assert not (tmp_path / "-").exists()
    # A file named "-" is asked for as "./-", as with other tools.
    code, out, err = cli(capsys, paths, "export", "--format", "json", "-o", "./-")
    assert (code, out, (tmp_path / "-").read_text(encoding="utf-8")) == (0, "", expected)
    code, out, err = cli(capsys, paths, "cues", "core-quick", "--wav", "./-", "--seconds", "1")
    assert (code, err) == (0, "wrote ./-\n") and (tmp_path / "-").read_bytes()[:4] == b"RIFF"


@pytest.mark.parametrize("command", ["export", "wav"])
def test_a_file_written_over_keeps_its_mode_and_a_new_export_is_private(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # Replacing a shared file made it 0600: whoever read it before no longer could.
    log(capsys, paths, "core-six")
    args = {
        "export": ["export", "--format", "csv", "-o"],
        "wav": ["cues", "core-quick", "--seconds", "1", "--wav"],
    }[command]
    shared = tmp_path / "shared.out"
    shared.write_text("old")
    shared.chmod(0o644)
    assert cli(capsys, paths, *args, str(shared))[0] == 0
    assert shared.stat().st_mode & 0o777 == 0o644 and shared.read_text(errors="replace") != "old"
    fresh = tmp_path / "fresh.out"
    assert cli(capsys, paths, *args, str(fresh))[0] == 0
    # An export is the health record: private, as the history is. A WAV is sounds.
    umask = os.umask(0)
    os.umask(umask)
    private = {"export": 0o600, "wav": 0o666 & ~umask}[command]
    assert fresh.stat().st_mode & 0o777 == private


def _can_write_into(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_text("x")
    except OSError:
        return False
    probe.unlink()
    return True


def test_export_into_a_read_only_folder_fails_with_one_clear_line(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log(capsys, paths, "core-six")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if _can_write_into(locked):
            pytest.skip("chmod does not stop this user from writing (root?)")
        target = locked / "sessions.csv"

        code, _, err = cli(capsys, paths, "export", "--format", "csv", "-o", target)

        assert code != 0
        assert len(lines(err)) == 1, err
        assert str(target) in err
        assert "Traceback" not in err
        assert not target.exists()
        assert list(locked.iterdir()) == [], "no temporary file may be left behind"
    finally:
        locked.chmod(0o755)


def test_export_into_a_path_under_a_regular_file_fails_with_one_clear_line(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unwritable even for root: the "folder" is a file."""
    log(capsys, paths, "core-six")
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine\n")
    target = not_a_folder / "sessions.csv"

    code, _, err = cli(capsys, paths, "export", "--format", "csv", "-o", target)

    assert code != 0
    assert len(lines(err)) == 1, err
    assert str(target) in err
    assert "Traceback" not in err
    assert not_a_folder.read_text() == "mine\n"


def test_export_onto_a_folder_fails_with_one_clear_line(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, paths, "export", "--format", "json", "-o", tmp_path)
    assert code != 0
    assert len(lines(err)) == 1, err


# --- merge --------------------------------------------------------------------------------


def test_merge_adds_new_sessions_dedupes_known_ones_and_reports_bad_lines(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = log(capsys, paths, "core-six", "--date", "2025-03-01")
    other = AppPaths(data_dir=tmp_path / "laptop", config_dir=tmp_path / "laptop-config")
    new_one = log(capsys, other, "core-quick", "--date", "2025-03-02")
    new_two = log(capsys, other, "core-six-mat", "--date", "2025-03-03")
    our_line = paths.history_file.read_text().splitlines()[0]
    theirs = other.history_file.read_text().splitlines()
    other.history_file.write_text(
        "\n".join([our_line, "this is not json", theirs[0], '{"id": 3}', theirs[1]]) + "\n"
    )

    code, out, err = cli(capsys, paths, "merge", other.history_file)

    assert code == 0, err
    assert "2 added" in out and "1 unchanged" in out, out
    warnings = lines(err)
    assert len(warnings) == 2, f"one warning per bad line:\n{err}"
    assert "line 2" in warnings[0] and "line 4" in warnings[1], err
    sessions = HistoryStore(paths.history_file).load().sessions
    assert sorted(s.id for s in sessions) == sorted([ours, new_one, new_two])

    # Merging again changes nothing.
    code, out, _ = cli(capsys, paths, "merge", other.history_file)
    assert code == 0
    assert "0 added" in out
    assert history(capsys, paths)["sessions"] == 3
    assert len(lines(paths.history_file.read_text())) == 3, "a re-merge must not append copies"


def test_merge_of_a_missing_file_fails_with_one_line(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log(capsys, paths, "core-six")
    before = paths.history_file.read_bytes()
    missing = tmp_path / "nowhere" / "history.jsonl"

    code, _, err = cli(capsys, paths, "merge", missing)

    assert code != 0
    assert len(lines(err)) == 1, err
    assert str(missing) in err
    assert "Traceback" not in err
    assert paths.history_file.read_bytes() == before


def test_merging_the_history_into_itself_says_so(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "merged ...: 0 added, 0 updated, 4 unchanged", as if another machine's had nothing new.
    log(capsys, paths, "core-six")
    link = tmp_path / "other.jsonl"
    link.symlink_to(paths.history_file)
    code, out, err = cli(capsys, paths, "merge", link)
    assert (code, out) == (1, "")
    assert err == f"coretui: cannot merge {link}: it is this history itself\n"


# --- concurrent writers -------------------------------------------------------------------

WORKERS = 8
LOGS_PER_WORKER = 50


def _log_many(data_dir: str, config_dir: str, count: int) -> list[int]:
    """Run in a worker process: `coretui log core-quick` `count` times."""
    codes: list[int] = []
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        for _ in range(count):
            codes.append(
                main(["--data-dir", data_dir, "--config-dir", config_dir, "log", "core-quick"])
            )
    return codes


def test_concurrent_logs_from_many_processes_all_survive(paths: AppPaths) -> None:
    args = (str(paths.data_dir), str(paths.config_dir), LOGS_PER_WORKER)
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(_log_many, *args) for _ in range(WORKERS)]
        codes = [code for future in futures for code in future.result(timeout=300)]

    total = WORKERS * LOGS_PER_WORKER
    assert codes == [0] * total, f"failed logs: {sum(c != 0 for c in codes)}"
    loaded = HistoryStore(paths.history_file).load()
    assert loaded.bad_lines == [], loaded.bad_lines[:3]
    assert not loaded.torn_tail
    assert len(loaded.sessions) == total
    assert len({s.id for s in loaded.sessions}) == total
    assert all(s.routine_id == "core-quick" for s in loaded.sessions)
    raw_lines = paths.history_file.read_bytes().splitlines()
    assert len(raw_lines) == total, "every log is exactly one line"
    assert not list(paths.data_dir.glob("history.corrupt-*")), "nothing was set aside"
    assert os.stat(paths.history_file).st_size > 0


def test_merging_a_file_that_is_not_a_history_is_one_line_and_adds_nothing(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log(capsys, paths, "core-six")
    before = paths.history_file.read_bytes()
    notes = tmp_path / "README.md"
    notes.write_text("# My notes\n\n" + "Some line of prose.\n" * 600)

    code, out, err = cli(capsys, paths, "merge", notes)

    assert code == 1 and out == ""
    assert lines(err) == [
        f"coretui: cannot merge {notes}: not a coretui history file nor a JSON export (no"
        " line holds a session; line 1: not valid JSON (invalid character at byte 1))"
    ]
    assert paths.history_file.read_bytes() == before
    # One line, no newline: merge says nothing of moving it aside (it never changes it).
    notes.write_text("hello")
    code, out, err = cli(capsys, paths, "merge", notes)
    assert code == 1
    assert lines(err) == [
        f"coretui: cannot merge {notes}: not a coretui history file nor a JSON export (no"
        " line holds a session; line 1: incomplete last line (not valid JSON (invalid"
        " character at byte 1)))"
    ]
    assert notes.read_text() == "hello"


@pytest.mark.parametrize(
    ("junk", "more"),
    [
        (27, "22 more {file} lines skipped (lines {numbers}, …)"),
        (6, "1 more {file} line skipped (line 7)"),  # (it said "1 more ... lines (lines 7)")
    ],
)
def test_history_names_its_file_in_a_warning_of_a_line_skipped(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], junk: int, more: str
) -> None:
    # "warning: history line 2 skipped": which file, with --data-dir or not, was not said.
    log(capsys, paths, "core-quick", "--date", "2025-03-02")
    with paths.history_file.open("a") as file:
        file.write("junk\n" * junk)
    code, _, err = cli(capsys, paths, "history")
    assert code == 0, err
    warnings = lines(err)
    assert warnings[0].startswith(f"warning: {paths.history_file} line 2 skipped: not valid JSON")
    numbers = ", ".join(str(n) for n in range(7, 27))
    said = more.format(file=paths.history_file, numbers=numbers)
    assert warnings[-1] == f"warning: ... and {said}"


def test_merge_names_five_bad_lines_counts_the_rest_and_skips_a_torn_tail(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = AppPaths(data_dir=tmp_path / "laptop", config_dir=tmp_path / "laptop-config")
    log(capsys, other, "core-quick", "--date", "2025-03-02")
    session = other.history_file.read_text()
    other.history_file.write_text(session + "junk\n" * 8 + session.strip()[:40])

    code, out, err = cli(capsys, paths, "merge", other.history_file)

    assert code == 0 and "1 added" in out, err
    assert err.endswith(started(paths))
    warnings = lines(err.removesuffix(started(paths)))
    assert len(warnings) == 6, err
    assert warnings[-1] == (
        f"warning: ... and 4 more {other.history_file} lines skipped (lines 7, 8, 9, 10)"
    )
    assert "moved aside" not in err, "another machine's file is never changed"


def test_history_says_when_the_settings_give_a_weekly_goal_it_cannot_use(
    capsys: pytest.CaptureFixture[str], paths: AppPaths
) -> None:
    # It said "this week 0/3" without a word about the goal of 9 it could not take.
    paths.config_dir.mkdir(parents=True)
    paths.settings_files[0].write_text("weekly_goal = 9\n", encoding="utf-8")
    code, out, err = cli(capsys, paths, "history")
    assert code == 0 and "this week 0/3" in out
    assert err == (
        f"warning: {paths.settings_files[0]}: weekly_goal: must be at most 7, got 9;"
        " using the default\n"
    )


def test_a_routines_folder_that_cannot_be_listed_is_said_not_hidden(
    capsys: pytest.CaptureFixture[str], paths: AppPaths
) -> None:
    # A file in its place (or no permission): the user's routines vanished without a
    # word, and `list` said there were no errors.
    paths.routines_dir.parent.mkdir(parents=True, exist_ok=True)
    paths.routines_dir.write_text("not a folder")
    code, out, err = cli(capsys, paths, "list", "--json")
    assert code == 1, err  # (the routines that load are listed; the problem is an error)
    [error] = json.loads(out)["errors"]
    assert error["message"] == "cannot list your routines: not a folder"


def test_a_routine_saved_with_another_suffix_is_said_not_ignored(
    capsys: pytest.CaptureFixture[str], paths: AppPaths
) -> None:
    # An editor saved "mine.toml.txt": never read, never a word, and `coretui run mine`
    # said only "unknown routine".
    paths.routines_dir.mkdir(parents=True)
    for name in ("mine.toml.txt", "other.YAML", ".mine.toml.swp", "notes.txt", "ok.toml.bak"):
        (paths.routines_dir / name).write_text('id = "mine"\n')
    (paths.routines_dir / "old.yaml").mkdir()  # a folder of the user's own: not a file
    code, _out, err = cli(capsys, paths, "list")
    assert code == 1
    assert lines(err) == [
        f"error: {paths.routines_dir / name}: not read: routine files end in .toml or .json"
        for name in ("mine.toml.txt", "other.YAML")
    ]


def test_new_in_a_routines_folder_that_cannot_be_read_is_one_line(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (a chmod 000 folder, which the root of a test machine reads anyway)
    exists = Path.exists

    def denied(self: Path) -> bool:
        if self.name == "abc.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return exists(self)

    monkeypatch.setattr(Path, "exists", denied)
    code, out, err = cli(capsys, paths, "new", "abc")
    assert code == 1 and out == ""
    assert err.startswith("coretui: ") and "permission denied" in err and len(lines(err)) == 1


def test_export_of_a_note_with_half_a_surrogate_pair_is_valid_utf8_and_reads_back(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A hand edit wrote "\udc80" in a note, which the history reads: export -o failed
    # with a traceback, and export to stdout wrote a byte no UTF-8 reader takes.
    note = "a\udc80b"
    HistoryStore(paths.history_file).append(formula_session(note))
    for fmt in ("json", "csv"):
        target = tmp_path / f"out.{fmt}"
        code, _, err = cli(capsys, paths, "export", "--format", fmt, "-o", target)
        assert code == 0, err
        text = target.read_bytes().decode("utf-8")  # strict
        if fmt == "json":
            assert json.loads(text)[0]["note"] == note, "the same string reads back"
        else:
            [row] = csv.DictReader(io.StringIO(text))
            assert row["note"] == "a\ufffdb"
    # What every --json output is written with: UTF-8 that reads back the same string.
    # (Through the tests' captured stdout a stand-in escape hides the raw character.)
    text = json_text({"routine_name": "Quick \udc80"})
    assert json.loads(text.encode("utf-8").decode("utf-8")) == {"routine_name": "Quick \udc80"}


def test_a_json_export_merges_back_as_the_sessions_it_holds(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A backup made with `export --format json` could not be restored: merge took
    # only history.jsonl and said "not a coretui history file".
    log(capsys, paths, "core-six")
    log(capsys, paths, "core-quick")
    backup = tmp_path / "backup.json"
    assert cli(capsys, paths, "export", "--format", "json", "-o", backup)[0] == 0
    exported = json.loads(backup.read_text())
    restored = AppPaths(tmp_path / "new-data", paths.config_dir, tmp_path / "new-cache")

    code, out, err = cli(capsys, restored, "merge", backup)
    assert (code, out) == (0, f"merged {backup}: 2 added, 0 updated, 0 unchanged\n")
    assert err == started(restored), "a new history, where the first merge made it"
    assert cli(capsys, restored, "export", "--format", "json")[1] == backup.read_text()
    assert cli(capsys, restored, "merge", backup)[1].endswith("0 added, 0 updated, 2 unchanged\n")

    backup.write_text(json.dumps([{"id": "x"}, *exported], indent=2))  # one bad record
    third = AppPaths(tmp_path / "third", paths.config_dir)
    code, out, err = cli(capsys, third, "merge", backup)
    assert code == 0 and out.endswith("2 added, 0 updated, 0 unchanged\n")
    assert lines(err) == [
        f"warning: {backup} record 1 skipped: schema_version: missing",
        started(third).strip(),
    ]


def test_a_csv_export_given_to_merge_is_said_to_be_one(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "not a coretui history file nor a JSON export (...: not valid JSON (invalid
    # character at byte 1))": nothing said which export merges back.
    log(capsys, paths, "core-quick")
    backup = tmp_path / "backup.CSV"
    assert cli(capsys, paths, "export", "--format", "csv", "-o", backup)[0] == 0
    restored = AppPaths(tmp_path / "new-data", paths.config_dir)
    code, out, err = cli(capsys, restored, "merge", backup)
    assert (code, out) == (1, "")
    assert err == (
        f"coretui: cannot merge {backup}: a CSV export is for reading, not merging back;"
        " merge takes a history.jsonl or an export made with --format json\n"
    )
    assert not restored.history_file.exists()


def test_a_json_export_cut_short_merges_the_records_before_the_cut(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A backup copied part-way gave back nothing: "not a coretui history file nor a
    # JSON export (...; line 1: not valid JSON (the line stops part-way))".
    for day in range(1, 4):
        log(capsys, paths, "core-quick", "--date", f"2026-01-{day:02d}")
    backup = tmp_path / "backup.json"
    assert cli(capsys, paths, "export", "--format", "json", "-o", backup)[0] == 0
    whole = backup.read_text()
    third = whole.rindex('"id"')  # into the third record
    backup.write_text(whole[: third + 10])
    restored = AppPaths(tmp_path / "new-data", paths.config_dir, tmp_path / "new-cache")
    code, out, err = cli(capsys, restored, "merge", backup)
    assert code == 0 and out.endswith(": 2 added, 0 updated, 0 unchanged\n"), out + err
    [said, _] = lines(err)
    assert "record 3 skipped: the list stops part-way" in said and "cut short" in said, said
    backup.write_text(whole[:300])  # inside the first session: none whole
    code, out, err = cli(capsys, restored, "merge", backup)
    assert code == 1 and lines(err) == [
        f"coretui: cannot merge {backup}: a JSON export with no whole session (record 1: the"
        " list stops part-way at character 5 of 300 (a copy cut short?))"
    ], err


def test_history_says_when_it_lists_only_the_newest_sessions(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # "11 sessions" over ten rows, and nothing said of the eleventh.
    for day in range(1, 12):
        log(capsys, paths, "core-quick", "--date", f"2026-01-{day:02d}")
    code, out, _ = cli(capsys, paths, "history")
    assert code == 0
    shown = lines(out)
    assert shown[0].startswith("11 sessions")
    assert shown[1] == "the newest 10; coretui export lists them all"
    assert len(shown) == 12 and "2026-01-01" not in out


def test_a_session_is_deleted_by_the_id_history_shows(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # `history` showed no ids, and `delete` took only a whole one, found in an export.
    kept = log(capsys, paths, "core-quick", "--date", "2026-01-01")
    mistaken = log(capsys, paths, "core-quick", "--date", "2026-01-02")
    code, out, _ = cli(capsys, paths, "history")
    assert code == 0
    assert lines(out)[1].startswith(f"{mistaken[:8]}  2026-01-02  completed")
    code, out, err = cli(capsys, paths, "delete", mistaken[:8])
    assert (code, err) == (0, "") and mistaken in out
    _, out, _ = cli(capsys, paths, "history")
    assert mistaken[:8] not in out and kept[:8] in out
    for json_flag in ([], ["--json"]):  # "no session with id": to be looked for elsewhere
        code, out, err = cli(capsys, paths, "history", mistaken[:8], *json_flag)
        assert (code, out) == (1, "")
        assert err == f"coretui: the session '{mistaken[:8]}' was deleted (coretui delete)\n"
    # Too short to be sure of, or the start of no id: one line, nothing deleted.
    # The date the line shows beside the id, typed for it: said to be a date.
    for typed, words in [
        (kept[:3], "give at least 4"),
        ("zzzz", "no session with id 'zzzz'"),
        ("2026-01-01", "'2026-01-01' is a date: give the id 'coretui history' shows before it"),
    ]:
        code, out, err = cli(capsys, paths, "delete", typed)
        assert code != 0 and out == "" and err.count("\n") == 1 and words in err, err
    assert kept[:8] in cli(capsys, paths, "history")[1]
    # Typed in capitals (copied from a note, a spreadsheet), it is the same id.
    code, out, err = cli(capsys, paths, "delete", kept[:8].upper())
    assert (code, err) == (0, "") and kept in out


def test_a_logged_session_lasts_as_long_as_the_routine_runs(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # Stored as its work alone (340 s), a logged Quick core read "6 min" in the history
    # beside the routine's "7 min" in the list, which a real run of it takes.
    from coretui.workout.routines import load_library
    from coretui.workout.timeline import compile_routine

    loaded = load_library(None).get("core-quick")
    assert loaded is not None
    timeline = compile_routine(loaded.routine)
    session_id = log(capsys, paths, "core-quick", "--date", "2026-01-01")
    [line] = [ln for ln in paths.history_file.read_text().splitlines() if session_id in ln]
    record = json.loads(line)
    assert record["duration_s"] == timeline.total_s > record["active_s"]
    assert "  7:00  Quick core" in cli(capsys, paths, "history")[1]  # (the length column)
    # A partial one holds no work: it says that it does not count toward a streak.
    code, out, err = cli(capsys, paths, "log", "core-quick", "--status", "partial")
    assert code == 0 and LOGGED.match(out.strip()) and "not count toward your streak" in err
    # Its page said "0 s · 0 of 0 sets done" over a table's headings and no row.
    partial = out.strip().rsplit("(", 1)[1].rstrip(")")
    code, out, _ = cli(capsys, paths, "history", partial[:8])
    assert out.splitlines()[0].endswith("· logged without its steps"), out
    assert "0 of 0" not in out and "Exercise" not in out


def test_a_logged_session_is_the_routine_as_the_user_runs_it(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # Logged as the file says it: 7 min where the list says 14 (the user's 2-minute
    # rests), a 60 s plank planned where progress made it 65 s (a session done in full
    # then broke the run of three that coaching counts), and no word of the easier
    # side plank the user starts on.
    from coretui.services.start_cache import progress_file

    paths.settings_files[0].parent.mkdir(parents=True, exist_ok=True)
    paths.settings_files[0].write_text(
        "rest_between_sets_s = 120\nrest_between_exercises_s = 120\n", encoding="utf-8"
    )
    progress = {"core-quick": {"Plank": {"seconds": 65}, "Side plank": {"variant": "easier"}}}
    progress_file(paths).write_text(json.dumps(progress), encoding="utf-8")
    code, out, _ = cli(capsys, paths, "list", "--json")
    assert code == 0
    [listed] = [r for r in json.loads(out)["routines"] if r["id"] == "core-quick"]
    session_id = log(capsys, paths, "core-quick", "--date", "2026-01-01")
    [line] = [ln for ln in paths.history_file.read_text().splitlines() if session_id in ln]
    record = json.loads(line)
    assert round(record["duration_s"]) == listed["duration_s"] > 13 * 60
    plank, *_ = record["steps"]
    assert (plank["exercise"], plank["planned_s"], plank["done_s"]) == ("Plank", 65, 65)
    sides = [step for step in record["steps"] if step["exercise"] == "Side plank"]
    assert {step.get("variant") for step in sides} == {"Side plank on knees"}, sides
    # `history ID` says the move done, marked as one ("done · Side plank on knees" read
    # as one more way the step ended).
    shown = cli(capsys, paths, "history", session_id[:8])[1]
    assert shown.count("done · as Side plank on knees") == 2, shown


def test_history_id_cuts_a_long_name_and_lines_up_wide_characters(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # An exercise named at length pushed every column past 100 columns, where each
    # line wrapped; an emoji, two cells wide, pushed its own row's columns one over.
    long = "Glute bridge, a really long name that goes on and on to test the wrapping 🍑"
    session_id = logged_with(capsys, paths, {"exercise": long}, {"exercise": "Plank 🍑"})
    lines = cli(capsys, paths, "history", session_id[:8])[1].splitlines()
    table = lines[lines.index(next(ln for ln in lines if ln.startswith("Exercise"))) :][:4]
    assert all(cell_len(line) <= 100 for line in table), table
    assert table[1].startswith("Glute bridge, a really long na") and "…" in table[1]
    # The Planned column ("1:00") starts at one cell on each row, as under its heading.
    planned = {cell_len(line[: re.search(r"\d+:\d\d", line).start()]) for line in table[1:3]}  # type: ignore[union-attr]
    assert planned == {cell_len(table[0][: table[0].index("Planned")])}, table


def test_history_id_names_the_move_that_hurt_beside_a_variant(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    session_id = logged_with(
        capsys,
        paths,
        {"variant": "Plank on knees", "hurt": True, "hurt_on_standard": True},  # then knees
        {"variant": "Side plank on knees", "hurt": True},
    )
    shown = cli(capsys, paths, "history", session_id[:8])[1]
    assert "done · as Plank on knees · hurt on the full move" in shown, shown
    assert "done · as Side plank on knees · hurt\n" in shown, shown


def test_a_logged_session_skips_what_the_user_lacks_the_equipment_for(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # With only a mat, the list says to skip the Swiss-ball pike and the reverse hip
    # raise (no variant fits); `log` recorded both as done in full, for the streak and
    # for the "done in full" that coaching counts.
    paths.settings_files[0].parent.mkdir(parents=True, exist_ok=True)
    paths.settings_files[0].write_text('equipment = ["mat"]\n', encoding="utf-8")
    code, _, err = cli(capsys, paths, "log", "core-six", "--date", "2026-01-01")
    assert code == 0
    skipped = "note: skipped for the equipment you have: Swiss-ball pike, Reverse hip raise\n"
    assert err == skipped + started(paths)
    [session] = HistoryStore(paths.history_file).load().sessions
    lacking = {"Swiss-ball pike", "Reverse hip raise"}
    skipped = [step for step in session.steps if step.exercise in lacking]
    assert len(skipped) == 6
    assert all(s.ended == "skipped" and s.done_s == 0 and not s.done_reps for s in skipped)
    assert all(s.ended != "skipped" for s in session.steps if s.exercise not in lacking)
    _, listed, _ = cli(capsys, paths, "list", "--json")
    [six] = [r for r in json.loads(listed)["routines"] if r["id"] == "core-six"]
    # As a run of it goes: the two moves and their rests left out, as `list` says too.
    assert round(session.duration_s) == six["duration_s"], "the skipped sets' time is in it"
    assert six["duration_s"] < 21 * 60  # (26 min as written)


def test_a_logged_session_of_a_routine_nothing_fits_claims_no_work_time(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nothing in it fits a mat: nothing is passed over (the user is told to skip), and
    # `log` recorded every set skipped in a session of the routine's whole length.
    paths.settings_files[0].parent.mkdir(parents=True, exist_ok=True)
    paths.settings_files[0].write_text('equipment = ["mat"]\n', encoding="utf-8")
    bench = 'id = "bench"\nname = "Bench"\nlead_in_s = 10\nrest_between_sets_s = 30\n'
    bench += '[[exercises]]\nkind = "hold"\nname = "Bench hold"\nseconds = 60\nsets = 3\n'
    bench += 'equipment = ["bench"]\n'
    paths.routines_dir.mkdir(parents=True, exist_ok=True)
    (paths.routines_dir / "bench.toml").write_text(bench, encoding="utf-8")
    log(capsys, paths, "bench", "--date", "2026-01-01")
    [session] = HistoryStore(paths.history_file).load().sessions
    assert [s.ended for s in session.steps] == ["skipped"] * 3
    assert session.duration_s == 10  # the lead-in: n skips each set's time and its rests


def test_history_warns_of_a_session_dated_after_tomorrow(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # Merged from a machine whose clock said 2099: the newest session, without a word.
    far = logged_session(
        "core-quick",
        "Quick core",
        [],
        date(2099, 1, 1),
        "completed",
        now=datetime(2099, 1, 1, 12, 0).astimezone(),
        total_s=420,
    )
    HistoryStore(paths.history_file).append(far)
    for args in ([], ["--json"]):
        code, _, err = cli(capsys, paths, "history", *args)
        assert code == 0
        assert err == (
            f"warning: 1 session is dated after tomorrow, the latest 2099-01-01 ({far.id[:8]}):"
            " saved where the clock was wrong? 'coretui delete ID' removes one\n"
        )


@pytest.mark.parametrize("command", [["cues", "core-quick"], ["log", "core-quick"]])
def test_a_setting_that_does_not_read_is_warned_of_by_the_commands_that_use_it(
    command: list[str], paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # `lead_in_s = 2.5`: the track and the session used the 10 s default, without a word
    # (`coretui list` and the app said it).
    paths.settings_files[0].parent.mkdir(parents=True, exist_ok=True)
    paths.settings_files[0].write_text("lead_in_s = 2.5\n", encoding="utf-8")
    code, _, err = cli(capsys, paths, *command, *(["--date", "2026-01-01"] * (command[0] == "log")))
    assert code == 0
    [warning] = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert "lead_in_s" in warning, err


def test_delete_at_a_terminal_names_the_session_and_asks_first(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Four characters deleted a session at once, with no question and no undo, where
    # the History screen asks first.
    # Its output to a file or a pipe (`| tee`), it deleted at once too: the question is
    # asked on stderr whenever it is typed at a terminal.
    mistaken = log(capsys, paths, "core-quick", "--date", "2026-01-02")
    monkeypatch.setattr(history_cli, "_to_terminal", lambda: False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    asked: list[str] = []
    answers = iter(["n", "y"])

    def answer() -> str:
        asked.append(capsys.readouterr().err)
        return next(answers)

    monkeypatch.setattr("builtins.input", answer)
    code, out, err = cli(capsys, paths, "delete", mistaken[:4])
    assert (code, out, err) == (1, "", "not deleted\n")
    assert asked == [f"Delete 2026-01-02 Quick core (7 min) ({mistaken})? [y/N] "]
    assert mistaken[:8] in cli(capsys, paths, "history")[1], "still there"
    code, out, _ = cli(capsys, paths, "delete", mistaken[:4])
    assert code == 0 and mistaken in out
    log(capsys, paths, "core-quick", "--date", "2026-01-03")
    other = HistoryStore(paths.history_file).load().sessions[-1].id
    code, out, _ = cli(capsys, paths, "delete", "--yes", other[:8])
    assert code == 0 and other in out and len(asked) == 2, "--yes asks nothing"


def test_delete_at_a_terminal_says_a_deleted_session_is_deleted_as_without_the_question(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = log(capsys, paths, "core-quick", "--date", "2026-01-02")
    assert cli(capsys, paths, "delete", "--yes", gone)[0] == 0
    monkeypatch.setattr(history_cli, "_to_terminal", lambda: True)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    code, _, err = cli(capsys, paths, "delete", gone[:8])
    assert code != 0 and "was deleted already" in err, err


def test_plain_history_names_the_moves_that_hurt_and_the_note_of_each_session(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # The History screen has a Hurt and a Note column; the plain list left both out, so
    # a session where the plank hurt read like any other.
    hurt = logged_with(capsys, paths, {"variant": "Plank on knees", "hurt": True})
    noted = log(capsys, paths, "core-quick", "--date", "2026-01-02", "--note", "x" * 80)
    plain = log(capsys, paths, "core-quick", "--date", "2026-01-03")
    every = log(capsys, paths, "core-quick", "--date", "2026-01-04")
    store = HistoryStore(paths.history_file)
    [session] = [s for s in store.load().sessions if s.id == every]
    hurt_all = [msgspec.structs.replace(step, hurt=True) for step in session.steps]
    store.append(msgspec.structs.replace(session, steps=hurt_all))  # (cut, as on screen)
    code, out, _ = cli(capsys, paths, "history")
    assert code == 0
    rows = {line[:8]: line for line in lines(out)[1:]}
    logged = "note: logged from the command line"  # (what `log` adds to every note)
    assert rows[hurt[:8]].endswith(f"Quick core (7 min)  hurt: Plank on knees  {logged}")
    assert rows[noted[:8]].endswith(f"Quick core (7 min)  note: {'x' * 39}…")
    assert rows[plain[:8]].endswith(f"Quick core (7 min)  {logged}")
    moves = rows[every[:8]].split("  hurt: ")[1].removesuffix(f"  {logged}")
    # (whole names, then how many more: "Prone leg…" read as a move of that name)
    assert moves.startswith("Plank, Side plank, ") and moves.endswith(" more")
    assert len(moves) <= 40 and "…" not in moves


def test_history_says_which_sessions_did_not_count_toward_the_streak(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # "completed" (every step skipped) or "partial" beside "streak 0 days", and no
    # word of why: the History screen says "not counted", and so does the list now.
    counted = log(capsys, paths, "core-quick", "--date", "2026-01-01")
    stopped = log(capsys, paths, "core-quick", "--date", "2026-01-02", "--status", "partial")
    code, out, _ = cli(capsys, paths, "history")
    assert code == 0
    rows = {line[:8]: line for line in lines(out)[1:]}
    assert "  not counted  " in rows[stopped[:8]]
    assert "  completed  " in rows[counted[:8]] and "not counted" not in rows[counted[:8]]


@pytest.mark.parametrize("command", ["log", "merge", "delete"])
def test_a_torn_last_line_moved_aside_by_a_command_is_said(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    # `log` after a crash cut the last line: it was moved to history.corrupt-*.jsonl, the
    # session it held gone from every view, and `log` said only "logged".
    first = log(capsys, paths, "core-quick", "--date", "2026-01-01")
    second = log(capsys, paths, "core-quick", "--date", "2026-01-02")
    history_file = paths.data_dir / "history.jsonl"
    whole = history_file.read_bytes()
    history_file.write_bytes(whole[:-300])  # the last line torn
    args = {
        "log": ("log", "core-quick", "--date", "2026-01-03"),
        "merge": ("merge", tmp_path / "other.jsonl"),
        "delete": ("delete", first, "--yes"),
    }[command]
    # (The other machine's file holds the session torn here: merged back in.)
    (tmp_path / "other.jsonl").write_bytes(whole.split(b"\n")[1] + b"\n")
    code, _, err = cli(capsys, paths, *args)
    assert code == 0, err
    [kept] = paths.data_dir.glob("history.corrupt-*.jsonl")
    assert f"moved to {kept}" in err and "incomplete" in err
    restored = second[:8] in cli(capsys, paths, "history")[1]
    assert restored == (command == "merge")


def test_history_with_an_id_shows_that_session_step_by_step(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # `history` listed ids for `delete`, but nothing showed one session's steps or note
    # outside the History screen.
    logged = log(capsys, paths, "core-quick", "--date", "2026-01-01")
    code, out, err = cli(capsys, paths, "history", logged[:8])
    assert (code, err) == (0, "")
    heading, columns, *rows, note = lines(out)
    assert heading.startswith("2026-01-01 · Quick core (7 min) · completed")
    assert columns.split() == ["Exercise", "Side", "Set", "Planned", "Done", "Ended"]
    assert rows[0].split()[:2] == ["Plank", "1:00"] and rows[0].endswith("done")
    assert any("Left" in row for row in rows) and any("Right" in row for row in rows)
    assert note == "Note: logged from the command line"
    code, out, _ = cli(capsys, paths, "history", logged[:8], "--json")
    assert code == 0 and json.loads(out)["id"] == logged
    for typed in ("zzzz", "core-six"):  # (a routine's id: nothing said of deleting it)
        code, out, err = cli(capsys, paths, "history", typed)
        assert code != 0 and out == "" and err.count("\n") == 1 and "no session with id" in err
        assert "deleted" not in err


def test_history_tells_routines_of_one_name_apart_by_their_ids(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    sessions = [
        msgspec.structs.replace(formula_session(""), routine_id=rid, routine_name=name)
        for rid, name in (("mine", "My routine"), ("mine-2", "My routine"), ("core-quick", "Q"))
    ]
    HistoryStore(paths.history_file).append_many(sessions)
    code, out, err = cli(capsys, paths, "history")
    assert code == 0, err
    listed = [line.split("  ")[-1] for line in out.splitlines()[1:]]
    assert sorted(listed) == ["My routine (mine)", "My routine (mine-2)", "Q"]


def test_log_keeps_the_pain_before_and_after_and_a_note(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    # A session done away from the laptop had no way to carry its pain ratings, and
    # the pain trend stands on them.
    code, out, err = cli(
        capsys,
        paths,
        "log",
        "core-quick",
        "--pain-before",
        "4",
        "--pain-after",
        "2",
        "--note",
        "on the hotel floor",
    )
    assert code == 0, err
    session_id = out.split("(")[-1].rstrip(")\n")
    code, out, _ = cli(capsys, paths, "history", session_id, "--json")
    session = json.loads(out)
    assert (session["pain_before"], session["pain_after"]) == (4, 2)
    assert session["note"] == "on the hotel floor · logged from the command line"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--pain-before", "11"], "argument --pain-before: from 0 (no pain) to 10, not 11"),
        (["--pain-after", "two"], "argument --pain-after: a whole number from 0 to 10, not 'two'"),
        (
            ["--note", "x" * 501],
            "argument --note: a note is at most 500 characters; this one has 501",
        ),
    ],
)
def test_log_refuses_a_rating_or_note_out_of_range_in_one_line(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    code, out, err = cli(capsys, paths, "log", "core-quick", *argv)
    assert code == 2 and out == ""
    assert len(lines(err)) == 1 and said in err, err
    assert history(capsys, paths)["sessions"] == 0

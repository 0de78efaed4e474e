"""Standard output that cannot be written, or cannot hold every character.

A full disk (`>/dev/full`) is one `coretui:` line and exit 1, a reader that stops
early (`| head -1`) is silence, and an ASCII or Latin-1 terminal still gets its
output, with stand-ins for what it lacks. All in the real process: buffering, and
Python's own flush at exit, are part of what is checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from coretui.history import HistoryStore
from tests.sample_history import sample_sessions

FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
LOG = ("log", "core-quick", "--date", "2026-01-05")
"""A session logged for a day gone by: at a minute past midnight "today" has no room
for a 7 min session, and the command says so (exit 2)."""


def coretui(
    tmp_path: Path,
    *args: str,
    env: dict[str, str] | None = None,
    stdout: object = None,
    encoding: str = "utf-8",
) -> subprocess.CompletedProcess[str]:
    """`coretui --data-dir D --config-dir C ARGS` as a shell would start it."""
    folders = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "config")]
    return subprocess.run(
        [sys.executable, "-m", "coretui", *folders, *args],
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        encoding=encoding,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def with_history(tmp_path: Path, count: int = 3) -> Path:
    path = tmp_path / "data" / "history.jsonl"
    HistoryStore(path).append_many(sample_sessions(count, date.today()))
    return path


BUFFERING = pytest.mark.parametrize(
    "unbuffered", ["1", ""], ids=["unbuffered", "buffered"]
)  # a failure comes at print() unbuffered, at the final flush buffered


@needs_dev_full
@BUFFERING
@pytest.mark.parametrize(
    "args",
    [("history",), ("history", "--json"), ("export", "--format", "csv"), ("list", "--json")],
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(
    tmp_path: Path, args: tuple[str, ...], unbuffered: str
) -> None:
    with_history(tmp_path)
    with FULL.open("w") as full:
        result = coretui(tmp_path, *args, env={"PYTHONUNBUFFERED": unbuffered}, stdout=full)
    assert result.returncode == 1
    assert result.stderr == "coretui: could not write the output: no space left on device\n"


@needs_dev_full
@BUFFERING
def test_log_to_a_full_stdout_says_the_session_was_saved(tmp_path: Path, unbuffered: str) -> None:
    with FULL.open("w") as full:
        result = coretui(tmp_path, *LOG, env={"PYTHONUNBUFFERED": unbuffered}, stdout=full)
    assert result.returncode == 1
    assert result.stderr == (
        f"note: no history was at {tmp_path / 'data' / 'history.jsonl'}, so a new one was"
        " started there\n"
        "coretui: the session was saved, but its confirmation could not be printed:"
        " no space left on device\n"
    )
    history = coretui(tmp_path, "history", "--json")
    assert json.loads(history.stdout)["last_session"]["routine_id"] == "core-quick"


@BUFFERING
def test_log_to_a_reader_gone_already_is_quiet_and_a_success(
    tmp_path: Path, unbuffered: str
) -> None:
    # The session is saved before the confirmation is printed: exit 1 read as a failed
    # log, and a script that logged it again counted the workout twice.
    read_end, write_end = os.pipe()
    os.close(read_end)  # `| true`: the reader has left before coretui prints
    try:
        result = coretui(tmp_path, *LOG, env={"PYTHONUNBUFFERED": unbuffered}, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == 0
    assert result.stderr.startswith("note: no history was at"), "(the first log: the only line)"
    assert len(result.stderr.splitlines()) == 1
    history = coretui(tmp_path, "history", "--json")
    assert json.loads(history.stdout)["last_session"]["routine_id"] == "core-quick"


@BUFFERING
def test_a_reader_that_stops_early_gets_silence(tmp_path: Path, unbuffered: str) -> None:
    path = with_history(tmp_path, 400)  # far more than a pipe holds
    assert path.stat().st_size > 256 * 1024
    folders = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "config")]
    with subprocess.Popen(
        [sys.executable, "-m", "coretui", *folders, "export", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": unbuffered},
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline() == b"[\n"
        process.stdout.close()  # `| head -1`
        err = process.stderr.read()
        code = process.wait(timeout=60)
    assert err == b""
    # Buffered, Python's recipe: exit 1. Unbuffered, the one big write comes back short
    # instead of failing, and nothing is written after it: exit 0.
    assert code == (1 if unbuffered == "" else 0)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_history_on_a_terminal_without_unicode_still_prints(tmp_path: Path, encoding: str) -> None:
    with_history(tmp_path)
    result = coretui(tmp_path, "history", env={"PYTHONIOENCODING": encoding}, encoding=encoding)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    first = result.stdout.splitlines()[0]
    assert first.startswith("3 sessions "), first
    assert "streak" in first


def test_show_on_an_ascii_terminal_draws_the_figure_in_ascii(tmp_path: Path) -> None:
    result = coretui(tmp_path, "show", "core-six", "1", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "1. Plank - 60 s hold" in result.stdout
    assert "." in result.stdout.split("[hold]")[1]  # the figure, one character a cell


def test_list_json_on_an_ascii_terminal_stays_valid_and_keeps_a_name_s_letters(
    tmp_path: Path,
) -> None:
    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    name = "Café plank 🙂"  # as JSON escapes; only coretui's own marks (→) become ASCII
    (routines / "cafe.toml").write_text(
        f'id = "cafe"\nname = "{name}"\n\n[[exercises]]\nkind = "hold"\n'
        'name = "Plank"\nseconds = 60\n',
        encoding="utf-8",
    )
    result = coretui(tmp_path, "list", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)["routines"]}
    assert rows["cafe"]["name"] == name


@pytest.mark.parametrize("args", [("list",), LOG, ("--help",)])
def test_a_closed_stdout_is_one_line_and_nothing_done(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    # Started with `>&-`, Python has no sys.stdout: every command ended in a traceback,
    # and `log` saved the session first (a retry logged it twice).
    folders = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "config")]
    result = subprocess.run(
        ["/bin/sh", "-c", '"$@" >&-', "sh", sys.executable, "-m", "coretui", *folders, *args],
        stderr=subprocess.PIPE,
        encoding="utf-8",
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert result.stderr == "coretui: could not write the output: standard output is closed\n"
    assert not (tmp_path / "data" / "history.jsonl").exists()

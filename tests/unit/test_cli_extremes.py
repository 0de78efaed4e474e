"""Every subcommand with wrong, missing and extreme arguments.

The promise (SPEC 7 and 8): a user error is one clear line on stderr and a
non-zero exit, never a traceback, and nothing is written half-way: no partial
output file, the history exactly as it was, the TUI never started.
Most cases run `coretui.cli.main.main` in-process; a handful run the real process.
"""

from __future__ import annotations

import io
import os
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coretui.cli import main
from coretui.paths import AppPaths
from coretui.tui.app import CoreApp
from tests.unit.test_cli import run_cli

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[CoreApp]:
    """Apps the CLI tried to run; the TUI itself never starts in these tests."""
    apps: list[CoreApp] = []

    def fake_run(self: CoreApp, *args: Any, **kwargs: Any) -> None:
        apps.append(self)

    monkeypatch.setattr(CoreApp, "run", fake_run)
    monkeypatch.setattr("coretui.tui.hangup.no_terminal", lambda: None)  # stdin: pytest's
    return apps


def call(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, *args: str | Path
) -> tuple[int, str, str]:
    """`coretui --data-dir D --config-dir C ARGS` in-process: (exit code, stdout, stderr)."""
    argv = ["--data-dir", str(paths.data_dir), "--config-dir", str(paths.config_dir)]
    code = main([*argv, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def tree(*folders: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folders`: to prove nothing changed."""
    found: dict[str, bytes | None] = {}
    for folder in folders:
        if folder.is_file():
            found[str(folder)] = folder.read_bytes()
            continue
        for root, dirs, files in os.walk(folder):
            for name in dirs:
                found[os.path.join(root, name)] = None
            for name in files:
                found[os.path.join(root, name)] = Path(root, name).read_bytes()
    return found


def assert_one_clear_line(code: int, out: str, err: str, *, exit_code: int | None = None) -> str:
    """A non-zero exit, one `coretui: ...` line on stderr, nothing on stdout, no traceback."""
    assert "Traceback" not in err, err
    assert code != 0, f"exit 0 for a user error\n{out}{err}"
    if exit_code is not None:
        assert code == exit_code, f"exit {code}, expected {exit_code}: {err}"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{err}"
    assert lines[0].startswith("coretui: "), lines[0]
    assert not CONTROL.search(lines[0]), repr(lines[0])
    assert out == "", f"nothing belongs on stdout after an error: {out!r}"
    return lines[0]


@pytest.fixture
def logged(capsys: pytest.CaptureFixture[str], paths: AppPaths) -> bytes:
    """A history with one session in it; returns the file's bytes."""
    code, _, err = call(capsys, paths, "log", "core-quick", "--date", "2026-01-05")
    assert code == 0, err
    return paths.history_file.read_bytes()


# --- wrong and extreme arguments: exit 2, one line, nothing touched ------------------------

# (arguments, a word the one line must contain)
BAD_ARGUMENTS: dict[str, tuple[list[str], str]] = {
    "run unknown routine": (["run", "no-such-routine"], "no-such-routine"),
    "run routine with a slash": (["run", "../../etc/passwd"], "../../etc/passwd"),
    "run lead-in -5": (["run", "core-six", "--lead-in", "-5"], "--lead-in"),
    "run lead-in 1e9": (["run", "core-six", "--lead-in", "1e9"], "--lead-in"),
    "run lead-in 301": (["run", "core-six", "--lead-in", "301"], "--lead-in"),
    "run lead-in a half": (["run", "core-six", "--lead-in", "0.5"], "whole seconds"),
    "run lead-in nan": (["run", "core-six", "--lead-in", "nan"], "--lead-in"),
    "run lead-in inf": (["run", "core-six", "--lead-in", "inf"], "--lead-in"),
    "run lead-in words": (["run", "core-six", "--lead-in", "ten"], "--lead-in"),
    # Read by Python's int() and float(), refused in a routine file and by --date:
    "run lead-in in Arabic digits": (["run", "core-six", "--lead-in", "٣"], "--lead-in"),
    "run lead-in with an underscore": (["run", "core-six", "--lead-in", "1_0"], "--lead-in"),
    "show exercise in Arabic digits": (["show", "core-six", "٣"], "exercise number"),
    "cues seconds in Arabic digits": (["cues", "core-six", "--seconds", "٣"], "--seconds"),
    "serve port in Arabic digits": (["serve", "--port", "٨٠٠٠"], "--port"),
    "run lead-in empty": (["run", "core-six", "--lead-in", ""], "--lead-in"),
    "run lead-in missing": (["run", "core-six", "--lead-in"], "--lead-in"),
    "run without routine": (["run"], "ROUTINE_ID"),
    "log unknown routine": (["log", "no-such-routine"], "no-such-routine"),
    "log 2026-02-30": (["log", "core-six", "--date", "2026-02-30"], "2026-02-30"),
    "log 2026-13-01": (["log", "core-six", "--date", "2026-13-01"], "2026-13-01"),
    "log far future": (["log", "core-six", "--date", "9999-12-31"], "9999-12-31"),
    "log before 1970": (["log", "core-six", "--date", "0001-01-01"], "0001-01-01"),
    "log date words": (["log", "core-six", "--date", "yesterday"], "yesterday"),
    "log date without dashes": (["log", "core-six", "--date", "20240101"], "20240101"),
    "log date as an ISO week": (["log", "core-six", "--date", "2024-W01-1"], "2024-W01-1"),
    "log bad status": (["log", "core-six", "--status", "done"], "--status"),
    "log without routine": (["log"], "ROUTINE_ID"),
    "export without format": (["export"], "--format"),
    "export unknown format": (["export", "--format", "xml"], "xml"),
    "export -o missing its file": (["export", "--format", "csv", "-o"], "-o"),
    "merge without file": (["merge"], "FILE"),
    "validate without file": (["validate"], "FILE"),
    "serve port words": (["serve", "--port", "http"], "--port"),
    "unknown command": (["frobnicate"], "frobnicate"),
    "unknown option": (["list", "--jsn"], "--jsn"),
    "extra argument": (["history", "--json", "one-id", "extra"], "extra"),
    "empty data dir": (["--data-dir", "", "history"], "--data-dir: needs a folder"),
    "empty config dir": (["--config-dir", "", "run", "core-six"], "--config-dir: needs a folder"),
}


@pytest.mark.parametrize("case", BAD_ARGUMENTS, ids=str)
def test_a_bad_argument_is_one_line_exit_2_and_changes_nothing(
    case: str,
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    logged: bytes,
    started: list[CoreApp],
) -> None:
    args, mention = BAD_ARGUMENTS[case]
    before = tree(paths.data_dir, paths.config_dir)

    code, out, err = call(capsys, paths, *args)

    line = assert_one_clear_line(code, out, err, exit_code=2)
    assert mention in line, f"the line should name {mention!r}: {line}"
    assert started == [], "the TUI must not start after a user error"
    assert tree(paths.data_dir, paths.config_dir) == before, "nothing may be written"
    assert paths.history_file.read_bytes() == logged


@pytest.mark.parametrize("seconds", ["0", "300", "5.0"])
def test_lead_in_at_the_edges_of_its_range_starts_the_workout(
    seconds: str, capsys: pytest.CaptureFixture[str], paths: AppPaths, started: list[CoreApp]
) -> None:
    code, _, err = call(capsys, paths, "run", "core-six", "--lead-in", seconds)
    assert code == 0, err
    assert [app.options.lead_in_s for app in started] == [int(float(seconds))]


def test_the_app_draws_in_utf8_whatever_pythonioencoding_says(
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    started: list[CoreApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # PYTHONIOENCODING=ascii: the screen Textual writes to stderr came out as \\u2500
    # escapes, every box line and figure dot of it.
    screen = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="backslashreplace")
    monkeypatch.setattr(sys, "__stderr__", screen)
    code, _, err = call(capsys, paths)
    assert (code, len(started)) == (0, 1), err
    screen.write("\u2500\u2847")
    screen.flush()
    assert screen.buffer.getvalue() == "\u2500\u2847".encode()  # type: ignore[attr-defined]


# --- files that are not what they should be -----------------------------------------------


def test_validate_of_a_folder_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, tmp_path: Path
) -> None:
    folder = tmp_path / "routines.toml"
    folder.mkdir()
    code, out, err = call(capsys, paths, "validate", folder)
    assert code == 1
    assert "Traceback" not in err
    assert (out + err).splitlines() == [f"{folder}: (file): not a regular file"]


def test_merge_of_a_folder_is_one_line_and_leaves_history_alone(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, logged: bytes, tmp_path: Path
) -> None:
    folder = tmp_path / "other-history"
    folder.mkdir()
    code, out, err = call(capsys, paths, "merge", folder)
    line = assert_one_clear_line(code, out, err, exit_code=1)
    assert str(folder) in line
    assert paths.history_file.read_bytes() == logged


@pytest.fixture
def unreadable(tmp_path: Path) -> Iterator[Path]:
    file = tmp_path / "secret.toml"
    file.write_text('id = "secret"\n', encoding="utf-8")
    file.chmod(0o000)
    try:
        try:
            file.read_bytes()
        except PermissionError:
            yield file
        else:
            pytest.skip("chmod 000 does not stop this user from reading (root?)")
    finally:
        file.chmod(0o600)


def test_validate_of_an_unreadable_file_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, unreadable: Path
) -> None:
    code, out, err = call(capsys, paths, "validate", unreadable)
    assert code == 1
    assert "Traceback" not in err
    assert (out + err).splitlines() == [f"{unreadable}: (file): permission denied"]


def test_validate_of_a_path_it_cannot_look_at_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, tmp_path: Path
) -> None:
    # Path.is_dir() passes "name too long" and "permission denied" on: a traceback.
    for name, said in [
        ("a" * 300 + ".toml", "(file): file name too long"),
        ("a" * 300, "(file): file name too long"),  # (not "routine files end in .toml")
        ("routnes", "(file): no such file or directory"),  # a folder's name mistyped
    ]:
        code, out, err = call(capsys, paths, "validate", tmp_path / name)
        assert (code, err) == (1, "")
        assert out.splitlines() == [f"{tmp_path / name}: {said}"]


def test_validate_of_a_folder_it_cannot_list_says_so(
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # (chmod 000 does not stop root, who runs the tests in CI: a listing refused instead)
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "mine.toml").write_text('id = "mine"\n', encoding="utf-8")

    listing = Path.iterdir

    def refused(self: Path) -> Iterator[Path]:
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", refused)
    code, out, err = call(capsys, paths, "validate", folder)
    assert (code, err) == (1, "")
    assert out.splitlines() == [f"{folder}: cannot read the folder: permission denied"]


def test_validate_of_a_link_to_nothing_says_where_it_points(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, tmp_path: Path
) -> None:
    link = tmp_path / "mine.toml"
    link.symlink_to(tmp_path / "sync" / "mine.toml")
    code, out, err = call(capsys, paths, "validate", link)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{link}: (file): a link to {tmp_path / 'sync/mine.toml'}, not there"
    ]


def test_merge_of_an_unreadable_file_is_one_line_and_leaves_history_alone(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, logged: bytes, unreadable: Path
) -> None:
    code, out, err = call(capsys, paths, "merge", unreadable)
    line = assert_one_clear_line(code, out, err, exit_code=1)
    assert str(unreadable) in line
    assert paths.history_file.read_bytes() == logged


def test_export_into_a_missing_folder_fails_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, logged: bytes, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "sessions.csv"

    code, out, err = call(capsys, paths, "export", "--format", "csv", "-o", target)

    assert not target.parent.exists(), (
        "a mistyped -o folder was created and the export written into it "
        "(src/coretui/cli/history.py cmd_export: atomic_write(target, text, create_folder=False))"
    )
    line = assert_one_clear_line(code, out, err, exit_code=1)
    assert str(target) in line


def test_export_into_a_read_only_folder_leaves_no_partial_file(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, logged: bytes, tmp_path: Path
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    old = folder / "sessions.json"
    old.write_text("[]\n", encoding="utf-8")
    folder.chmod(0o555)
    try:
        try:
            (folder / ".probe").write_text("x")
        except PermissionError:
            pass
        else:
            pytest.skip("chmod 555 does not stop this user from writing (root?)")
        code, out, err = call(capsys, paths, "export", "--format", "json", "-o", old)
        assert_one_clear_line(code, out, err, exit_code=1)
        assert [p.name for p in folder.iterdir()] == ["sessions.json"], "a temporary file was left"
        assert old.read_text(encoding="utf-8") == "[]\n", "the old export must be untouched"
    finally:
        folder.chmod(0o755)


def test_a_failed_export_replaces_nothing_and_leaves_no_temporary_file(
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    logged: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Unwritable even for root: the disk fills up while the export is written."""
    target = tmp_path / "sessions.csv"
    target.write_text("the previous export\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, out, err = call(capsys, paths, "export", "--format", "csv", "-o", target)
    monkeypatch.undo()

    line = assert_one_clear_line(code, out, err, exit_code=1)
    assert "no space left on device" in line
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".sessions.csv")] == []


# --- serve: a port out of range is refused before anything listens ---------------------------


@pytest.fixture
def fake_serve(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """A stand-in textual_serve, so the port check is tested without the extra installed."""
    servers: list[tuple[str, int]] = []

    class Server:
        def __init__(
            self, command: str, host: str, port: int, title: str, public_url: str | None = None
        ) -> None:
            servers.append((host, port))

        def serve(self) -> None:
            pass

    package = types.ModuleType("textual_serve")
    module = types.ModuleType("textual_serve.server")
    module.Server = Server  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "textual_serve", package)
    monkeypatch.setitem(sys.modules, "textual_serve.server", module)
    return servers


@pytest.mark.parametrize("port", ["0", "-1", "65536", "70000", "99999999999999999999"])
def test_serve_refuses_a_port_out_of_range(
    port: str,
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    fake_serve: list[tuple[str, int]],
) -> None:
    code, out, err = call(capsys, paths, "serve", "--port", port)
    line = assert_one_clear_line(code, out, err, exit_code=2)
    assert "--port" in line and line.endswith("(see 'coretui serve --help')"), line
    assert fake_serve == [], "no server may start on a bad port"


def test_serve_refuses_an_empty_host_and_takes_one_in_brackets(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, fake_serve: list[tuple[str, int]]
) -> None:
    # "" was looked up as a name ("Name or service not known"); "[::1]", an IPv6 address
    # as a link writes it, was refused with --no-token as "a host name".
    code, out, err = call(capsys, paths, "serve", "--host", "")
    line = assert_one_clear_line(code, out, err, exit_code=2)
    assert "--host: needs an address, such as 127.0.0.1" in line
    assert fake_serve == []
    from coretui.cli.arguments import host_value

    assert host_value("[::1]") == "::1"  # (then a loopback --host, as --no-token needs)


def test_serve_says_a_port_in_words_is_not_a_port_number(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, fake_serve: list[tuple[str, int]]
) -> None:
    code, out, err = call(capsys, paths, "serve", "--port", "http")
    line = assert_one_clear_line(code, out, err, exit_code=2)
    assert "--port: not a port number: 'http'" in line  # not Python's "invalid int value"


def test_serve_accepts_the_highest_port(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, fake_serve: list[tuple[str, int]]
) -> None:
    code, _, err = call(capsys, paths, "serve", "--port", "65535")
    assert code == 0, err
    assert fake_serve == [("127.0.0.1", 65535)]


# --- --data-dir pointing at a file -----------------------------------------------------------


@pytest.fixture
def data_dir_is_a_file(paths: AppPaths) -> bytes:
    paths.data_dir.parent.mkdir(parents=True, exist_ok=True)
    paths.data_dir.write_bytes(b"not a folder\n")
    return paths.data_dir.read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["history"],
        ["history", "--json"],
        ["log", "core-six"],
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
        ["merge", "__OTHER__"],
    ],
    ids=" ".join,
)
def test_a_data_dir_that_is_a_file_is_one_clear_line(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    data_dir_is_a_file: bytes,
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text("", encoding="utf-8")
    args = [str(other) if a == "__OTHER__" else a for a in args]

    code, out, err = call(capsys, paths, *args)

    line = assert_one_clear_line(code, out, err, exit_code=2)
    assert line == f"coretui: {paths.data_dir}: not a folder (check --data-dir)", line
    assert paths.data_dir.read_bytes() == data_dir_is_a_file, "the file must be untouched"


@pytest.mark.parametrize("args", [["run", "core-six"], []], ids=["run", "picker"])
def test_the_tui_does_not_start_when_the_data_dir_is_a_file(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    data_dir_is_a_file: bytes,
    started: list[CoreApp],
) -> None:
    """A workout that could never be saved should not begin: say so before the TUI starts."""
    code, out, err = call(capsys, paths, *args)

    assert started == [], (
        "the TUI started although --data-dir is a file, so the workout could never be saved "
        "(src/coretui/cli/main.py cmd_tui does not check the data folder)"
    )
    assert_one_clear_line(code, out, err)
    assert paths.data_dir.read_bytes() == data_dir_is_a_file


# --- the real process: exit code and stderr as a shell sees them ------------------------------


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        (["run", "no-such-routine"], 2),
        (["run", "core-six", "--lead-in", "-5"], 2),
        (["run", "core-six", "--lead-in", "1e9"], 2),
        (["log", "core-six", "--date", "2026-02-30"], 2),
        (["merge", "__FOLDER__"], 1),
        (["serve", "--port", "70000"], None),  # 2, or 1 when the serve extra is missing
        (["--data-dir", "__FILE__", "history"], 2),
        (["--data-dir", "__FILE__", "log", "core-quick"], 2),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_the_real_process_prints_one_line_and_no_traceback(
    args: list[str], exit_code: int | None, tmp_path: Path
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    file = tmp_path / "a-file"
    file.write_text("mine\n", encoding="utf-8")
    args = [str(folder) if a == "__FOLDER__" else str(file) if a == "__FILE__" else a for a in args]

    result = run_cli(*args, cwd=tmp_path)

    assert_one_clear_line(result.returncode, result.stdout, result.stderr, exit_code=exit_code)
    assert file.read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "xdg-data").exists(), "nothing may be written to the data folder"


@pytest.mark.parametrize("command", [["list"], ["show", "core-quick"], ["history"]])
def test_a_config_dir_that_is_a_file_is_one_line_too(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "file"
    file.write_text("mine")
    assert main(["--config-dir", str(file), *command]) == 2
    assert capsys.readouterr().err == f"coretui: {file}: not a folder (check --config-dir)\n"
    assert file.read_text() == "mine"


@pytest.mark.parametrize("flag", ["--data-dir", "--config-dir"])
@pytest.mark.parametrize("command", [["list"], ["history"], ["log", "core-quick"], []])
def test_a_folder_name_too_long_is_one_line_too(
    flag: str, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Checking that the folder was a folder raised ENAMETOOLONG: a traceback.
    folder = tmp_path / ("a" * 300)
    assert main([flag, str(folder), *command]) == 2
    err = capsys.readouterr().err
    assert err == f"coretui: {folder}: file name too long (check {flag})\n"


def test_a_folder_that_cannot_be_looked_into_is_left_to_the_command_that_uses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A data folder under a parent without permission stopped even `schema`, which
    # never uses it.
    folder = tmp_path / "locked" / "data"
    real_stat = Path.stat

    def denied(path: Path, *args: Any, **kwargs: Any) -> os.stat_result:
        if path == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", denied)
    assert main(["--data-dir", str(folder), "schema"]) == 0
    assert '"$defs"' in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [["validate", ""], ["export", "-o", ""], ["cues", "core-quick", "--wav", ""], ["merge", ""]],
    ids=["validate", "export", "cues", "merge"],
)
def test_an_empty_file_name_is_said_to_be_empty_not_taken_for_the_current_folder(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # '' was read as ".": ".: (file): not a regular file", ".: is a folder".
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs a file name, not an empty one" in err, err
    assert main(["validate", " "]) == 1, "a blank is a name a file may have: not found"

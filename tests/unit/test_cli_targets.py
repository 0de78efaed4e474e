"""`export -o FILE` and `cues --wav FILE` never write over coretui's own files (the
history above all), nor replace a folder, pipe, device or socket; through a symlink
they write the file it points to and keep the link."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coretui.cli import main
from coretui.paths import AppPaths
from tests.unit.test_cli_extremes import assert_one_clear_line

# The two ways to have coretui write a file of the user's naming.
WRITERS: dict[str, list[str]] = {
    "export": ["export", "--format", "csv", "-o"],
    "cues --wav": ["cues", "core-quick", "--seconds", "1", "--wav"],
}


def call(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, writer: str, target: Path
) -> tuple[int, str, str]:
    argv = ["--data-dir", str(paths.data_dir), "--config-dir", str(paths.config_dir)]
    code = main([*argv, *WRITERS[writer], str(target)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def history(capsys: pytest.CaptureFixture[str], paths: AppPaths) -> bytes:
    """A history with one session in it; returns the file's bytes."""
    argv = ["--data-dir", str(paths.data_dir), "--config-dir", str(paths.config_dir)]
    assert main([*argv, "log", "core-quick", "--date", "2026-01-05"]) == 0
    capsys.readouterr()
    return paths.history_file.read_bytes()


def _itself(paths: AppPaths, tmp_path: Path) -> Path:
    return paths.history_file


def _symlink(paths: AppPaths, tmp_path: Path) -> Path:
    link = tmp_path / "sessions.csv"
    link.symlink_to(paths.history_file)
    return link


def _hard_link(paths: AppPaths, tmp_path: Path) -> Path:
    link = tmp_path / "sessions.csv"
    os.link(paths.history_file, link)
    return link


def _settings(paths: AppPaths, tmp_path: Path) -> Path:
    paths.settings_files[0].parent.mkdir(parents=True, exist_ok=True)
    paths.settings_files[0].write_text("weekly_goal = 4\n", encoding="utf-8")
    return paths.settings_files[0]


def _settings_copy(paths: AppPaths, tmp_path: Path) -> Path:
    """The hand-written settings kept before coretui first wrote the file."""
    copy = paths.settings_files[0].with_name("settings.toml.bak")
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text("weekly_goal = 4  # mine\n", encoding="utf-8")
    return copy


def _routine(paths: AppPaths, tmp_path: Path) -> Path:
    routine = paths.routines_dir / "mine.toml"
    routine.parent.mkdir(parents=True, exist_ok=True)
    routine.write_text('id = "mine"\n', encoding="utf-8")
    return routine


def _hard_link_to_a_routine(paths: AppPaths, tmp_path: Path) -> Path:
    link = tmp_path / "sessions.csv"
    os.link(_routine(paths, tmp_path), link)
    return link


def _hard_link_to_the_settings_copy(paths: AppPaths, tmp_path: Path) -> Path:
    link = tmp_path / "sessions.csv"
    os.link(_settings_copy(paths, tmp_path), link)
    return link


def _in_progress(paths: AppPaths, tmp_path: Path) -> Path:
    record = paths.data_dir / "in-progress" / "a-session.json"
    record.parent.mkdir()
    record.write_text("{}\n", encoding="utf-8")
    return record


def _history_elsewhere(paths: AppPaths, tmp_path: Path) -> None:
    """history.jsonl a link to a file in another folder: its lock and moved-aside lines
    stay beside the link."""
    elsewhere = tmp_path / "elsewhere" / "sessions.jsonl"
    elsewhere.parent.mkdir()
    paths.history_file.rename(elsewhere)
    paths.history_file.symlink_to(elsewhere)


def _lock_beside_a_linked_history(paths: AppPaths, tmp_path: Path) -> Path:
    _history_elsewhere(paths, tmp_path)
    lock = paths.history_file.with_suffix(".lock")
    assert lock.exists()
    return lock


def _moved_aside_beside_a_linked_history(paths: AppPaths, tmp_path: Path) -> Path:
    _history_elsewhere(paths, tmp_path)
    torn = paths.data_dir / "history.corrupt-20260105T070000.jsonl"
    torn.write_bytes(b'{"id": "torn')
    return torn


OWN_FILES: dict[str, Callable[[AppPaths, Path], Path]] = {
    "the history": _itself,
    "a symlink to the history": _symlink,
    "a hard link to the history": _hard_link,
    "the settings": _settings,
    "the settings' kept copy": _settings_copy,
    "a routine of the user's": _routine,
    "a hard link to a routine": _hard_link_to_a_routine,
    "a hard link to the settings' kept copy": _hard_link_to_the_settings_copy,
    "an in-progress record": _in_progress,
    "the lock of a history that is a link": _lock_beside_a_linked_history,
    "lines moved aside from a history that is a link": _moved_aside_beside_a_linked_history,
}


def snapshot(*folders: Path) -> dict[str, bytes]:
    return {
        str(path): path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("own", OWN_FILES)
def test_coretuis_own_files_are_never_written_over(
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    history: bytes,
    tmp_path: Path,
    writer: str,
    own: str,
) -> None:
    target = OWN_FILES[own](paths, tmp_path)
    before = snapshot(paths.data_dir, paths.config_dir)
    target_before = target.read_bytes()

    code, out, err = call(capsys, paths, writer, target)

    line = assert_one_clear_line(code, out, err, exit_code=1)
    assert "coretui's own files or your routines" in line
    assert snapshot(paths.data_dir, paths.config_dir) == before
    assert target.read_bytes() == target_before
    assert paths.history_file.read_bytes() == history


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        yield path


@pytest.mark.parametrize("writer", WRITERS)
def test_a_pipe_is_refused_not_replaced(
    paths: AppPaths, history: bytes, fifo: Path, writer: str
) -> None:
    """In a real process: opening a pipe nobody reads would wait for ever."""
    folders = ["--data-dir", str(paths.data_dir), "--config-dir", str(paths.config_dir)]
    result = subprocess.run(
        [sys.executable, "-m", "coretui", *folders, *WRITERS[writer], str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    line = assert_one_clear_line(result.returncode, result.stdout, result.stderr, exit_code=1)
    assert "pipe" in line
    assert fifo.is_fifo(), "the pipe was replaced by a file"


@pytest.mark.parametrize("writer", WRITERS)
def test_a_socket_or_a_device_is_refused(
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    history: bytes,
    unix_socket: Path,
    tmp_path: Path,
    writer: str,
) -> None:
    code, out, err = call(capsys, paths, writer, unix_socket)
    assert "device, pipe or socket" in assert_one_clear_line(code, out, err, exit_code=1)
    assert unix_socket.is_socket()
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o600 | 0o020000, os.makedev(1, 3))  # a character device: /dev/null
    except PermissionError:
        return  # only root makes devices
    code, out, err = call(capsys, paths, writer, device)
    assert "device, pipe or socket" in assert_one_clear_line(code, out, err, exit_code=1)
    assert device.is_char_device()


@pytest.mark.parametrize("writer", WRITERS)
def test_a_symlink_to_a_users_file_is_written_through_and_kept(
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    history: bytes,
    tmp_path: Path,
    writer: str,
) -> None:
    real = tmp_path / "exports" / "latest"
    real.parent.mkdir()
    real.write_bytes(b"the previous one\n")
    link = tmp_path / "latest-link"
    link.symlink_to(real)

    code, _, err = call(capsys, paths, writer, link)

    assert code == 0, err
    assert link.is_symlink(), "the link was replaced by a file"
    assert link.resolve() == real
    assert real.read_bytes() != b"the previous one\n"
    assert paths.history_file.read_bytes() == history


def test_dev_stdout_on_a_pipe_is_said_to_be_a_pipe(tmp_path: Path) -> None:
    # /dev/stdout on a pipe has no real path (pipe:[1234]): "cannot write /dev/stdout:
    # No such file or directory", where a FIFO named so was said to be a pipe.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "coretui",
            "--data-dir",
            str(tmp_path),
            "export",
            "--format",
            "csv",
            "-o",
            "/dev/stdout",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == (
        "coretui: /dev/stdout: is a device, pipe or socket, not a file; not written\n"
    )


@pytest.mark.parametrize("writer", WRITERS)
def test_a_folder_that_is_not_there_is_named(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, history: bytes, tmp_path: Path, writer: str
) -> None:
    # "cannot write out/x.csv: No such file or directory" blamed the file; `cues --wav`
    # did not even say it was writing.
    target = tmp_path / "out" / "2026" / "sessions.csv"
    code, out, err = call(capsys, paths, writer, target)
    line = assert_one_clear_line(code, out, err, exit_code=1)
    assert line == f"coretui: cannot write {target}: there is no folder {target.parent}"
    assert not target.parent.exists(), "a mistyped folder is not made"


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_read_only_file_is_not_replaced(
    writer: str, capsys: pytest.CaptureFixture[str], paths: AppPaths, tmp_path: Path
) -> None:
    # Written beside and renamed over it, a chmod 444 file was replaced: "wrote ro.csv".
    target = tmp_path / "ro.csv"
    target.write_text("mine\n", encoding="utf-8")
    target.chmod(0o444)
    code, out, err = call(capsys, paths, writer, target)
    assert (code, out) == (1, "")
    assert err == f"coretui: {target}: is read-only; not written\n"
    assert target.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_file_in_a_folder_that_cannot_be_written_says_the_folder(
    writer: str,
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "permission denied" of a file the user can write (a shell's > would): the copy
    # made beside it first was what the folder refused.
    import errno

    from tests.unit.test_history_faults import fail_writes_to

    target = tmp_path / "out" / "sessions.csv"
    target.parent.mkdir()
    target.write_text("mine\n", encoding="utf-8")
    monkeypatch.setattr(os, "open", fail_writes_to(target, errno.EACCES))
    code, _, err = call(capsys, paths, writer, target)
    assert code == 1
    assert err == (
        f"coretui: cannot write {target}: no file can be made in {target.parent}, where its"
        " new copy is written first (permission denied)\n"
    )

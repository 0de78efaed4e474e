"""Keeping the machine awake: the right command, let go at the end, silent when absent."""

from __future__ import annotations

import stat
import time
from pathlib import Path

from coretui.services.awake import KeepAwake, inhibit_command


def test_the_platform_command_is_chosen() -> None:
    found = {"systemd-inhibit": "/usr/bin/systemd-inhibit", "caffeinate": "/usr/bin/caffeinate"}
    linux = inhibit_command("linux", found.get)
    assert linux is not None and linux[0] == "/usr/bin/systemd-inhibit" and linux[-1] == "cat"
    mac = inhibit_command("darwin", found.get)
    assert mac is not None and mac[:3] == ["/usr/bin/caffeinate", "-di", "-w"]
    assert inhibit_command("linux", lambda name: None) is None
    assert inhibit_command("win32", found.get) is None


def test_start_holds_and_stop_lets_go(tmp_path: Path) -> None:
    marker = tmp_path / "held"
    fake = tmp_path / "fake-inhibit"
    fake.write_text(f'#!/bin/sh\necho "$@" > {marker}\nexec "$@"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    awake = KeepAwake([str(fake), "cat"])
    awake.start()
    process = awake.process
    assert process is not None and process.poll() is None
    awake.stop()
    assert process.wait(timeout=5) is not None
    assert marker.read_text().strip() == "cat"
    assert awake.process is None


def test_a_missing_or_absent_command_never_fails(tmp_path: Path) -> None:
    missing = KeepAwake([str(tmp_path / "no-such-command")])
    missing.start()  # (no FileNotFoundError in the workout)
    assert missing.process is None
    missing.stop()
    nothing = KeepAwake([])
    nothing.command = None
    nothing.start()
    assert nothing.process is None
    nothing.stop()


def test_an_empty_command_holds_nothing() -> None:
    for awake in (KeepAwake([]), KeepAwake.off()):
        awake.start()  # raised IndexError from Popen([]) before
        assert awake.process is None
        awake.stop()


def test_a_command_refused_at_once_leaves_no_zombie() -> None:
    # systemd-inhibit with no system bus (a container) ends at once: it stayed a
    # zombie child of coretui's, in `ps`, until the workout ended.
    awake = KeepAwake(["sh", "-c", "exit 1"])
    awake.start()
    assert awake.process is not None
    left = Path(f"/proc/{awake.process.pid}")  # (a zombie keeps its entry)
    deadline = time.monotonic() + 10
    while left.exists() and time.monotonic() < deadline:
        time.sleep(0.01)  # (a real process ending, not a countdown)
    assert not left.exists(), "reaped: no zombie left"
    awake.stop()

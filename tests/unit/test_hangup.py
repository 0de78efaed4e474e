"""A terminal that hangs up is noticed without reading from it."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import sys
import termios
import threading
import tty
from pathlib import Path
from types import SimpleNamespace

import pytest

from coretui.tui.hangup import HangupWatch, measure_the_screen, no_terminal, terminal_gone


def test_a_closed_terminal_is_gone_and_an_open_one_is_not() -> None:
    master, slave = pty.openpty()
    tty.setraw(slave)  # keys arrive one by one, as Textual sets the terminal up
    try:
        os.write(master, b"q")  # a key waiting to be read is not a hangup
        assert not terminal_gone(slave)
        assert os.read(slave, 10) == b"q"  # and looking did not take the key
        os.close(master)
        assert terminal_gone(slave)
        assert os.read(slave, 10) == b""  # what Textual's input thread spins on
    finally:
        os.close(slave)


def test_the_watch_calls_back_once_when_the_terminal_closes() -> None:
    master, slave = pty.openpty()
    called = threading.Event()
    calls: list[int] = []

    def hung_up() -> None:
        calls.append(1)
        called.set()

    watch = HangupWatch(slave, hung_up, interval_s=0.01)
    try:
        assert HangupWatch.supported(slave)
        assert not HangupWatch.supported(slave, platform="darwin")
        watch.start()
        os.close(master)
        assert called.wait(timeout=10)
        watch._thread.join(timeout=10)
        assert calls == [1]
    finally:
        watch.stop()
        os.close(slave)


def test_the_app_needs_its_screen_on_a_terminal_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `coretui 2>log`: Textual draws on stderr, so the whole screen went into the file
    # and the app ran on, unseen, taking keys.
    primary, secondary = pty.openpty()
    with os.fdopen(secondary, "r") as keys, open(tmp_path / "log", "w") as log:
        monkeypatch.setattr(sys, "__stdin__", keys)
        monkeypatch.setattr(sys, "__stderr__", keys)
        assert no_terminal() is None
        monkeypatch.setattr(sys, "__stderr__", log)
        said = no_terminal()
    os.close(primary)
    assert said is not None and "standard error" in said


def test_the_app_needs_a_terminal_that_can_draw_a_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    # Emacs' M-x shell gives a terminal with TERM=dumb: the app drew its screen there
    # anyway, in escape codes, with no word of why.
    primary, secondary = pty.openpty()
    with os.fdopen(secondary, "r") as terminal:
        monkeypatch.setattr(sys, "__stdin__", terminal)
        monkeypatch.setattr(sys, "__stderr__", terminal)
        monkeypatch.setenv("TERM", "xterm-256color")
        assert no_terminal() is None
        monkeypatch.setenv("TERM", "dumb")
        said = no_terminal()
    os.close(primary)
    assert said is not None and "(TERM=dumb)" in said


def test_the_screen_is_measured_on_the_terminal_it_is_drawn_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `coretui | cat`, or COLUMNS=80 LINES=24 left exported in a 100x30 window: Textual
    # measured stdout (or the variables) and drew 80x24 over the 100x30 terminal.
    from textual.drivers.linux_driver import LinuxDriver

    # (put back after the test: the same function, as Textual has it)
    monkeypatch.setattr(LinuxDriver, "_get_terminal_size", LinuxDriver._get_terminal_size)
    measure_the_screen()
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    with os.fdopen(secondary, "w") as screen:
        driver = SimpleNamespace(_file=screen)
        assert LinuxDriver._get_terminal_size(driver) == (100, 30)  # type: ignore[arg-type]
    os.close(primary)


async def test_the_apps_own_driver_watches_for_the_hangup_with_no_thread_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A driver that says who to tell (the app's input driver) is told: no polling
    # thread is started beside it. If its hook were renamed, the polling thread would
    # come back silently on Linux, and macOS would have no watch at all.
    from coretui.tui import hangup
    from coretui.tui.input_driver import QuietInputDriver

    assert callable(QuietInputDriver.on_hangup)
    started: list[object] = []
    monkeypatch.setattr(hangup.HangupWatch, "start", lambda watch: started.append(watch))
    told: list[object] = []

    class Driver:
        def on_hangup(self, call: object) -> None:
            told.append(call)

    hangup.watch_stdin(lambda signum: None, Driver())
    assert len(told) == 1 and started == []

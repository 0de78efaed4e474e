"""A terminal that hangs up is noticed without reading from it."""

from __future__ import annotations

import os
import pty
import threading
import tty

from coretui.tui.hangup import HangupWatch, terminal_gone


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

"""The input thread that sleeps until input comes (`tui/input_driver.py`), on a real pty."""

from __future__ import annotations

import os
import pty
import queue
import signal
import sys
import threading
import tty
from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Textual's Linux driver")

if sys.platform != "win32":
    from textual import events
    from textual._xterm_parser import XTermParser
    from textual.message import Message

    from coretui.tui.input_driver import QuietInputDriver, _wait_s

    class Recording(QuietInputDriver):
        """The driver, with what it would post to the app kept in a queue."""

        def __init__(self) -> None:
            super().__init__(None)
            self.messages: queue.Queue[Message] = queue.Queue()

        def process_message(self, message: Message) -> None:
            self.messages.put(message)

        def next_key(self) -> str:
            while True:
                message = self.messages.get(timeout=5)
                if isinstance(message, events.Key):
                    return message.key

        def start(self) -> threading.Thread:
            """The input thread, running."""
            thread = threading.Thread(target=self.run_input_thread, daemon=True)
            thread.start()
            return thread

        def stop(self, thread: threading.Thread) -> None:
            """What quitting (or Ctrl+Z) does: the thread's wait must end."""
            self.exit_event.set()
            thread.join(timeout=10)
            assert not thread.is_alive(), "the input thread slept through the app closing"
            self.exit_event.clear()


@pytest.fixture
def terminal() -> Iterator[tuple[int, int]]:
    """A pty in raw mode, as the app sets its terminal (master, slave)."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGTSTP, signal.SIGCONT)}
    master, slave = pty.openpty()
    tty.setraw(slave)
    yield master, slave
    os.close(master)
    os.close(slave)
    for number, handler in saved.items():  # (the driver sets its own for Ctrl+Z)
        signal.signal(number, handler)


async def test_keys_and_a_lone_escape_arrive_and_closing_wakes_the_thread(
    terminal: tuple[int, int],
) -> None:
    master, slave = terminal
    driver = Recording()
    driver.fileno = slave
    # Twice: after Ctrl+Z (the driver closed) and `fg` the thread reads again.
    for _ in range(2):
        thread = driver.start()
        os.write(master, b"a")
        assert driver.next_key() == "a"
        # Escape alone: with no timeout the thread would wait on the rest of a sequence
        # for ever, and Esc would close nothing until the next key.
        os.write(master, b"\x1b")
        assert driver.next_key() == "escape"
        driver.stop(thread)
        driver.close()


async def test_a_byte_that_is_not_utf8_is_read_as_a_replacement_not_a_crash(
    terminal: tuple[int, int],
) -> None:
    # The strict decoder's UnicodeDecodeError ended the app, the workout unsaved.
    master, slave = terminal
    driver = Recording()
    driver.fileno = slave
    thread = driver.start()
    os.write(master, b"\xffa")
    keys = [driver.next_key(), driver.next_key()]
    assert keys[-1] == "a" and thread.is_alive()
    driver.stop(thread)


@pytest.mark.parametrize("told", ["before", "after"])
async def test_a_terminal_that_hangs_up_is_told_once_and_the_thread_ends(told: str) -> None:
    # A closed terminal reads end-of-file (or EIO) for ever: the thread spun on it, and
    # a second thread polled twice a second, for the whole run, to see the hangup.
    master, slave = pty.openpty()
    tty.setraw(slave)
    driver = Recording()
    driver.fileno = slave
    gone: queue.Queue[str] = queue.Queue()
    if told == "before":  # (the app tells the driver whom to call once it has mounted)
        driver.on_hangup(lambda: gone.put("gone"))
    thread = driver.start()
    os.close(master)  # the terminal window closed
    thread.join(timeout=10)
    assert not thread.is_alive(), "the input thread went on reading a terminal gone"
    if told == "after":  # hung up before the app could say whom to call: called then
        driver.on_hangup(lambda: gone.put("gone"))
    assert gone.get(timeout=5) == "gone"
    assert gone.empty()
    os.close(slave)


def test_the_thread_waits_with_no_timeout_unless_a_sequence_is_pending() -> None:
    parser = XTermParser()
    assert _wait_s(parser) is None, "nothing pending: no wake-ups ten times a second"
    list(parser.feed("\x1b"))
    waited = _wait_s(parser)
    assert waited is not None and waited <= 0.1
    # A parser of another Textual, without the timeout read here: Textual's own polling.
    assert _wait_s(object()) == 0.1  # type: ignore[arg-type]


def test_the_app_uses_it_in_a_terminal_and_not_in_the_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual import constants

    from coretui.tui.app import quiet_driver

    assert quiet_driver() is QuietInputDriver
    monkeypatch.setattr(constants, "DRIVER", "textual_serve.driver:WebDriver")
    assert quiet_driver() is None

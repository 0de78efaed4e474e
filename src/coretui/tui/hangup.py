"""Notice a terminal that has gone away when no SIGHUP says so.

Closing a terminal sends SIGHUP to its session leader only. When that is coretui,
or an interactive shell that passes the signal on to its jobs, coretui's SIGHUP
handler saves the workout. When it is something else (`make run` started as the
terminal's command: make catches the signal and waits for coretui; `sh -c
'coretui; true'`: sh dies quietly), coretui hears nothing; its terminal just reads
end-of-file (or EIO) for ever, and Textual's input thread spins on it.

A terminal in that state reports POLLHUP. A thread asks the kernel for exactly
that, and nothing else: it asks for no input events, so it never takes a key
from Textual's reader, and it needs no copy of Textual's input loop (a driver
subclass would). It asks every half second rather than blocking in poll(): a
hangup wakes only the terminal's readers and writers, so a poll that asked for
neither might never be woken.
"""

from __future__ import annotations

import os
import select
import sys
import threading
from collections.abc import Callable

POLL_INTERVAL_S = 0.5


def terminal_gone(fd: int) -> bool:
    """True when the terminal on `fd` has hung up (reads give end-of-file or EIO)."""
    poller = select.poll()
    poller.register(fd, 0)  # no events asked: only a hangup or an error comes back
    gone = select.POLLHUP | select.POLLERR
    return any(mask & gone for _, mask in poller.poll(0))


class HangupWatch:
    """Calls `on_hangup` once, from its own thread, when the terminal on `fd` hangs up."""

    def __init__(
        self, fd: int, on_hangup: Callable[[], None], interval_s: float = POLL_INTERVAL_S
    ) -> None:
        self.fd = fd
        self.on_hangup = on_hangup
        self.interval_s = interval_s
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="coretui-hangup", daemon=True)

    @staticmethod
    def supported(fd: int, platform: str = sys.platform) -> bool:
        """Whether the watch works here: Linux (poll() on a tty is unreliable on macOS)."""
        return platform.startswith("linux") and hasattr(select, "poll") and os.isatty(fd)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (the thread ends within one poll interval)."""
        self._stopped.set()

    def _watch(self) -> None:
        while not self._stopped.wait(self.interval_s):
            if terminal_gone(self.fd):
                self.on_hangup()
                return

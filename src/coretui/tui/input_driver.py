"""Textual's Linux driver, with an input thread that sleeps until there is input.

Textual's input thread waits for keys at most 0.1 s at a time, so it wakes ten times a
second with nothing to read: to see whether the app is closing, and to end a lone
Escape once no rest of a sequence follows it (its parser's timeout). Over a workout
that is 300 wake-ups in 30 s, about 0.02 CPU s: a quarter of what the countdown
itself costs. This driver's thread waits with no timeout while its parser awaits
nothing, and with Textual's 0.1 s (or what is left of the parser's timeout) while it
does; closing writes a byte to a pipe the thread also waits on. The loop is Textual's
(`LinuxDriver.run_input_thread`, 8.2) but for the wait.

A terminal that hangs up reads end-of-file (or EIO) for ever: Textual's thread spins
on it. This one stops there and calls the app's `on_hangup` (see `coretui.tui.hangup`,
which needs no thread of its own to poll for it where this driver runs).

Only where Textual would choose its Linux driver (Linux, macOS): not on Windows, not
for `coretui serve` (TEXTUAL_DRIVER names the web driver), not headless in tests.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import threading
from codecs import getincrementaldecoder
from collections.abc import Callable
from typing import Any

from textual._loop import loop_last
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

POLL_S = 0.1
"""Textual's own wait while a sequence may still be coming (or when its parser changes
and the pending timeout cannot be read)."""


class _WakingEvent(threading.Event):
    """The driver's exit event: setting it wakes the input thread from its wait."""

    def __init__(self, wake_fd: int) -> None:
        super().__init__()
        self._wake_fd = wake_fd

    def set(self) -> None:
        super().set()
        with contextlib.suppress(OSError):  # (full: a wake is waiting already; closed: gone)
            os.write(self._wake_fd, b"\0")


class QuietInputDriver(LinuxDriver):
    """LinuxDriver whose input thread wakes for input, a pending sequence or closing."""

    def __init__(self, app: Any, **options: Any) -> None:
        super().__init__(app, **options)
        read, write = os.pipe()
        for fd in (read, write):
            os.set_blocking(fd, False)
        # Open for the driver's life (closed when it is collected): `close()` is also
        # what Ctrl+Z calls before input starts again on `fg`.
        self._wake_files = (open(read, "rb", buffering=0), open(write, "wb", buffering=0))  # noqa: SIM115
        self._wake_read = read
        self.exit_event = _WakingEvent(write)
        self._hangup_lock = threading.Lock()
        self._hung_up = False
        self._on_hangup: Callable[[], None] | None = None

    def on_hangup(self, call: Callable[[], None]) -> None:
        """Have `call` called once (from the input thread, or now if that has been seen
        already) when the terminal hangs up. It must not wait for the app's loop:
        closing joins the input thread from there."""
        with self._hangup_lock:
            self._on_hangup, now = call, self._hung_up
        if now:
            call()

    def _hangup(self) -> None:
        with self._hangup_lock:
            self._hung_up, call = True, self._on_hangup
        if call is not None:
            call()

    def _drain_wakes(self) -> None:
        with contextlib.suppress(OSError):  # (BlockingIOError: drained)
            while os.read(self._wake_read, 512):
                pass

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop but for the wait)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        selector.register(self._wake_read, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        # A byte that is not UTF-8 (a Latin-1 terminal, a Meta key sending 8-bit, pasted
        # binary) reads as U+FFFD: decoded strictly, one ended the app, the workout unsaved.
        decode = getincrementaldecoder("utf-8")(errors="replace").decode

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> bool:
            """Read and dispatch what came; False when the terminal has hung up."""
            readable = [e for e in events if e[0].fd == self.fileno and e[1] & selectors.EVENT_READ]
            for last, _ in loop_last(readable):
                try:
                    data = os.read(self.fileno, 1024 * 4)
                except (BlockingIOError, InterruptedError):
                    continue  # (another reader took it, or a signal: nothing gone)
                except OSError:  # (EIO: the terminal is gone)
                    data = b""
                if not data:
                    # A raw terminal reads no byte only once it has hung up.
                    return False
                for event in parser.feed(decode(data, final=final and last)):
                    self.process_message(event)
            for event in parser.tick():
                self.process_message(event)
            return True

        try:
            self._drain_wakes()  # (a wake left from the last time input stopped: Ctrl+Z)
            while not self.exit_event.is_set():
                if not process(selector.select(_wait_s(parser))):
                    self._hangup()
                    return
                self._drain_wakes()
            selector.unregister(self._wake_read)
            selector.unregister(self.fileno)
            process(selector.select(POLL_S), final=True)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):  # (the parser closed, as Textual's)
                for _ in parser.feed(""):
                    pass


def _wait_s(parser: XTermParser) -> float | None:
    """How long to wait for input: for ever, unless the parser awaits the rest of a
    sequence (then until its timeout, at most Textual's own 0.1 s)."""
    if not hasattr(parser, "_timeout_time"):  # (Textual's parser changed: poll, as it does)
        return POLL_S
    due = parser._timeout_time
    if due is None:
        return None
    return max(0.0, min(POLL_S, due - get_time()))

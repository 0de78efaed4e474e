"""A model terminal for tests of what coretui writes past Textual's compositor.

`RecordingDriver` stands in for the app's driver: it reports a real full-screen
terminal and sends every byte, through Textual's own writer thread as the real
driver does, to `Terminal`, which replays cursor moves, colours and text.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from textual.app import App
from textual.drivers._writer_thread import WriterThread
from textual.geometry import Region
from textual.pilot import Pilot

TOKEN = re.compile(
    r"\x1b\[(\d*);(\d*)H|\x1b\[([0-9;]*)m|\x1b\[[0-9;?<>=]*[A-Za-z]|\x1b\][^\x07]*\x07|(\n)|(.)"
)


class Terminal:
    """Enough of a terminal to replay Textual's output: cursor moves, colours, text."""

    def __init__(self, width: int, height: int) -> None:
        self.cells = [[" "] * width for _ in range(height)]
        self.styles = [[""] * width for _ in range(height)]
        self.x = self.y = 0
        self.style = ""

    def feed(self, data: str) -> None:
        for match in TOKEN.finditer(data):
            row, column, sgr, newline, char = match.groups()
            if sgr is not None:  # Textual writes each run's whole style, then a reset
                self.style = "" if sgr in ("", "0") else sgr
            elif match.group(0).endswith("H") and match.group(0).startswith("\x1b["):
                self.y, self.x = int(row or 1) - 1, int(column or 1) - 1
            elif newline:
                self.y, self.x = self.y + 1, 0
            elif char is not None:
                if 0 <= self.y < len(self.cells) and 0 <= self.x < len(self.cells[0]):
                    self.cells[self.y][self.x] = char
                    self.styles[self.y][self.x] = self.style
                self.x += 1

    def text(self, region: Region) -> list[str]:
        return [
            "".join(self.cells[y][region.x : region.right]) for y in range(region.y, region.bottom)
        ]

    def styled(self, region: Region) -> list[list[tuple[str, str]]]:
        """Each cell's character and colours."""
        return [
            list(zip(self.cells[y], self.styles[y], strict=True))[region.x : region.right]
            for y in range(region.y, region.bottom)
        ]


class TerminalFile:
    """The terminal's input, as Textual's writer thread and a direct frame write to it.

    Its file descriptor is a pipe's, which says whether the terminal takes output now.
    """

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal
        self.lock = threading.Lock()
        self.from_the_app_thread = 0
        self.slow: threading.Event | None = None
        """When set up, the writer thread's writes wait for it (a terminal slow to read)."""
        self._read_end, self._write_end = os.pipe()

    def write(self, data: str) -> None:
        if self.slow is not None and threading.current_thread() is not threading.main_thread():
            self.slow.wait(5)
        with self.lock:
            self.terminal.feed(data)
        if threading.current_thread() is threading.main_thread():
            self.from_the_app_thread += 1

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return self._write_end

    def stop_reading(self) -> None:
        """The terminal takes no more output (a stalled connection): its buffer fills."""
        os.set_blocking(self._write_end, False)
        with contextlib.suppress(BlockingIOError):
            while True:
                os.write(self._write_end, bytes(65536))

    def close(self) -> None:
        os.close(self._read_end)
        os.close(self._write_end)


class RecordingDriver:
    """The test's driver, reporting a real full-screen terminal and keeping what is written.

    Writes go through Textual's own writer thread, as with the real driver; with
    `threaded=False` the driver writes itself and has no writer thread (as the
    browser's driver of `coretui serve`).
    """

    is_headless = False
    is_inline = False

    def __init__(self, real: Any, terminal: Terminal, *, threaded: bool = True) -> None:
        self._real = real
        self.file = TerminalFile(terminal)
        self.threaded = threaded
        if threaded:
            self._writer_thread = WriterThread(self.file)  # type: ignore[arg-type]
            self._writer_thread.start()

    def write(self, data: str) -> None:
        if self.threaded:
            self._writer_thread.write(data)
        else:
            self.file.write(data)

    def flush(self) -> None:
        pass

    def drain(self) -> None:
        """Wait (briefly) until the writer thread has written everything queued."""
        if not self.threaded:
            return
        queue = self._writer_thread._queue
        deadline = time.monotonic() + 5
        while queue.qsize() or not queue.not_empty._waiters:  # type: ignore[attr-defined]
            assert time.monotonic() < deadline, "Textual's writer thread is stuck"
            time.sleep(0.001)

    def stop(self) -> None:
        if self.file.slow is not None:
            self.file.slow.set()
        if self.threaded:
            self._writer_thread.stop()
        self.file.close()

    def __getattr__(self, name: str) -> Any:
        if name == "_writer_thread":  # not threaded: the real (headless) driver has none either
            raise AttributeError(name)
        return getattr(self._real, name)


@asynccontextmanager
async def recorded(
    app: App[Any], pilot: Pilot[Any], size: tuple[int, int], *, threaded: bool = True
) -> AsyncIterator[RecordingDriver]:
    """From now on, every byte the app writes goes to a model terminal of `size`, which
    first gets the whole screen (`threaded`: as `RecordingDriver`)."""
    real = app._driver
    driver = RecordingDriver(real, Terminal(*size), threaded=threaded)
    app._driver = driver  # type: ignore[assignment]
    try:
        app.screen.refresh()  # the whole screen once, onto the model terminal
        await pilot.pause()
        yield driver
    finally:
        app._driver = real
        driver.stop()

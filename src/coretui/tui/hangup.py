"""Notice a terminal that has gone away when no SIGHUP says so.

Closing a terminal sends SIGHUP to its session leader only. When that is coretui,
or an interactive shell that passes the signal on to its jobs, coretui's SIGHUP
handler saves the workout. When it is something else (`make run` started as the
terminal's command: make catches the signal and waits for coretui; `sh -c
'coretui; true'`: sh dies quietly), coretui hears nothing; its terminal just reads
end-of-file (or EIO) for ever, and Textual's input thread spins on it.

Where the app runs its own input driver (`input_driver`), the thread reading the
keys sees that end of input and says so (`watch_stdin`). Elsewhere, a terminal in
that state reports POLLHUP, and a thread asks the kernel for exactly that, and
nothing else: it asks for no input events, so it never takes a key from the input
thread, and it works whatever that thread does at the end of its input. It asks
every half second rather than blocking in poll(): a hangup wakes only the
terminal's readers and writers, so a poll that asked for neither might never be
woken.

`on_signals`, `watch_stdin` and `exit_after` are what the App uses to save a workout
and leave, whichever way the terminal goes.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import functools
import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import TextIO

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


def on_signals(handler: Callable[[int], None]) -> None:
    """Call `handler(signum)` on the event loop for SIGHUP (terminal closed), SIGTERM, SIGINT."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        # Not the main thread (tests), or no such signal on this platform.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, handler, signum)


def no_terminal() -> str | None:
    """Why the app cannot run here, or None: standard input must be a terminal, and one
    that can draw a screen.

    On anything else (`coretui run x </dev/null`, a pipe, a cron job) Textual's input
    thread reads end-of-file for ever: coretui would spin a core and never see a key.
    A browser session (textual-serve names its driver in TEXTUAL_DRIVER) reads its
    keys from a pipe, as it should.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return None
    if not _is_terminal(sys.__stdin__):
        return (
            "the app (routine list, workouts, editor) needs a terminal, and standard input is "
            "not one (start coretui from a terminal; 'coretui list' and 'coretui history' work "
            "without)"
        )
    if not _is_terminal(sys.__stderr__):  # (`coretui 2>log` ran unseen, its screen in the log)
        return (
            "the app draws its screen on standard error, and that is not a terminal here "
            "(start coretui without redirecting it: no '2>')"
        )
    if os.environ.get("TERM") == "dumb":  # (Emacs' M-x shell: the screen came out as codes)
        return (
            "the app draws a full screen, and this terminal says it cannot (TERM=dumb); "
            "start it in a terminal emulator, or use 'coretui list' and 'coretui history'"
        )
    return None


def _is_terminal(stream: TextIO | None) -> bool:
    with contextlib.suppress(OSError, ValueError):
        return stream is not None and os.isatty(stream.fileno())
    return False


def measure_the_screen() -> None:
    """Measure the terminal the app draws on (Textual draws on stderr).

    Textual's Linux driver asks `shutil.get_terminal_size`, which reads COLUMNS and LINES
    first, then stdout: with stdout piped (`coretui | cat`) or the variables exported by
    an old `eval $(resize)`, a 100x30 terminal was drawn on as 80x24, one layout over
    the other, and a resize was never seen.
    """
    with contextlib.suppress(ImportError):  # (Windows: another driver)
        from textual.drivers.linux_driver import LinuxDriver

        textual_s = LinuxDriver._get_terminal_size
        if getattr(textual_s, "measures_the_screen", False):
            return

        def size(driver: LinuxDriver) -> tuple[int, int]:
            screen = driver._file
            with contextlib.suppress(AttributeError, ValueError, OSError):
                if screen is not None:
                    columns, lines = os.get_terminal_size(screen.fileno())
                    if columns > 0 and lines > 0:
                        return columns, lines
            return textual_s(driver)

        size.measures_the_screen = True  # type: ignore[attr-defined]
        setattr(LinuxDriver, "_get_terminal_size", size)  # noqa: B010  (a method's stand-in)


def draw_in_utf8() -> None:
    """Write the app's screen (Textual writes it to stderr) in UTF-8, whatever
    PYTHONIOENCODING says: under `ascii` every line, box and figure dot was drawn as
    a `\\u2500` escape. The terminal the app runs in reads UTF-8 (Textual's own need)."""
    stream = sys.__stderr__
    with contextlib.suppress(AttributeError, LookupError, ValueError, OSError):
        if stream is not None and codecs.lookup(stream.encoding).name != "utf-8":
            stream.reconfigure(encoding="utf-8")


def read_keys_leniently() -> None:
    """Read a byte from the terminal that is not UTF-8 (a Latin-1 terminal, a Meta key
    sending 8-bit, pasted binary) as U+FFFD: Textual's Linux driver decodes its input
    strictly, and one such byte ended the app with a traceback, the workout unsaved.
    (The driver asks its module's `getincrementaldecoder` for its decoder.)"""
    with contextlib.suppress(ImportError):  # (Windows: another driver)
        from textual.drivers import linux_driver

        def lenient(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
            return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")

        linux_driver.getincrementaldecoder = lenient  # type: ignore[attr-defined,assignment]


def watch_stdin(on_hangup: Callable[[int], None], driver: object = None) -> None:
    """Call `on_hangup(SIGHUP)` on the running loop when the terminal on stdin hangs up,
    where that is seen (as if SIGHUP had come).

    The app's own input driver (`input_driver`) sees it in the thread that reads the
    keys, at once: no second thread waking twice a second for the whole run (about
    0.01 CPU s in 30 s, a sixth of what a countdown costs). That thread is not kept
    waiting for the loop: closing the app joins it from there.
    """
    loop = asyncio.get_running_loop()

    def gone() -> None:
        with contextlib.suppress(RuntimeError):  # (the loop closed: on the way out)
            loop.call_soon_threadsafe(on_hangup, signal.SIGHUP)

    if callable(told := getattr(driver, "on_hangup", None)):
        told(gone)
        return
    stdin = sys.__stdin__
    if stdin is None:
        return
    fd = stdin.fileno()
    if HangupWatch.supported(fd):
        HangupWatch(fd, gone).start()


def exit_after(grace_s: float, code: int) -> None:
    """Leave the process with `code` after `grace_s`, unless it has ended by then.

    When the terminal is gone, restoring it blocks for ever on a pipe nobody reads
    (Textual's writer thread). The workout is saved before this is armed, so after
    the grace period coretui leaves without restoring anything.
    """
    watchdog = threading.Timer(grace_s, os._exit, args=(code,))
    watchdog.daemon = True
    watchdog.start()

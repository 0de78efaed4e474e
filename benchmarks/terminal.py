"""A private tmux server at a fixed size: start a program, read its screen, time it.

Everything is observed from outside the process, as a user would see it: the pane
runs the program itself (`exec`), so the pane's pid is the program's pid, and the
screen is read with `capture-pane`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

WIDTH, HEIGHT = 100, 30
POLL_S = 0.005
TIMEOUT_S = 30.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class BenchError(RuntimeError):
    """A measurement could not be taken (a program never drew, tmux is missing...)."""


class Terminal:
    """One tmux server with one pane of WIDTH x HEIGHT; use it as a context manager."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        found = shutil.which("tmux")
        if found is None:
            raise BenchError("tmux is not installed (apt-get install tmux)")
        self.tmux = found
        self.width, self.height = width, height
        self.socket = f"coretui-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._dir = tempfile.TemporaryDirectory(prefix="coretui-bench-tmux-")
        self.config = Path(self._dir.name) / "tmux.conf"
        # remain-on-exit: a program that exits leaves its pane (and last screen) behind,
        # so a respawn reuses the same pane at the same size.
        self.config.write_text(
            "set -g remain-on-exit on\nset -g exit-empty off\nset -g history-limit 0\n"
            "set -g status off\n"
        )
        self.env = {k: v for k, v in os.environ.items() if k != "TMUX"}
        self.pid: int | None = None

    def __enter__(self) -> Terminal:
        # A placeholder first: starting the server is not part of any measurement.
        self.cmd(
            "new-session", "-d", "-s", "bench", "-x", str(self.width), "-y", str(self.height),
            "exec sleep 100000",
        )  # fmt: skip
        self.pid = self._pane_pid()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        self.cmd("kill-server", check=False)
        self._dir.cleanup()

    def cmd(self, *args: str, check: bool = True) -> str:
        """Run one tmux command against this server; its stdout."""
        done = subprocess.run(
            [self.tmux, "-u", "-L", self.socket, "-f", str(self.config), *args],
            env=self.env,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        if check and done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip()
            raise BenchError(f"tmux {' '.join(args)} failed: {err}")
        return done.stdout.decode("utf-8", "replace")

    def _pane(self, fmt: str) -> str:
        """A tmux format (#{...}) evaluated for the pane."""
        return self.cmd("display-message", "-p", "-t", "bench", fmt).strip()

    def _pane_pid(self) -> int:
        return int(self._pane("#{pane_pid}"))

    def start(self, argv: Sequence[str], env: Mapping[str, str] | None = None) -> float:
        """Run `argv` in the pane (after stopping what ran there); the monotonic start time."""
        self.stop()
        words = ["exec", "env", *(f"{k}={v}" for k, v in (env or {}).items()), *argv]
        started = time.monotonic()
        self.cmd("respawn-pane", "-t", "bench", shlex.join(words))
        self.pid = self._pane_pid()
        return started

    def stop(self) -> None:
        """Kill the program running in the pane (by its pid) and wait until it is gone."""
        pid, self.pid = self.pid, None
        if pid is None or _gone(pid):
            return
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + TIMEOUT_S
        # Gone, and tmux has seen it go: only a dead pane can be respawned.
        while time.monotonic() < deadline:
            if _gone(pid) and self._pane("#{pane_dead}") == "1":
                return
            time.sleep(0.01)
        raise BenchError(f"process {pid} did not end")

    def screen(self) -> str:
        """The visible screen, one line per row."""
        return self.cmd("capture-pane", "-p", "-t", "bench")

    def wait_for(self, check: Callable[[str], bool], what: str, started: float) -> float:
        """Poll the screen until `check` holds; seconds since `started`."""
        while True:
            shown = self.screen()
            now = time.monotonic()
            if check(shown):
                return now - started
            if now - started > TIMEOUT_S:
                raise BenchError(f"timed out waiting for {what}; the screen:\n{shown}")
            time.sleep(POLL_S)

    def cpu_seconds(self) -> float:
        """User plus system CPU seconds the pane's program has used so far."""
        if self.pid is None:
            raise BenchError("nothing is running")
        stat = Path(f"/proc/{self.pid}/stat").read_text()
        # Fields after the command name, which is in parentheses and may hold spaces.
        rest = stat[stat.rindex(")") + 2 :].split()
        return (int(rest[11]) + int(rest[12])) / CLOCK_TICKS

    def peak_rss_mb(self) -> float:
        """VmHWM (the high-water mark of resident memory) of the pane's program, in MB.

        Decimal megabytes (10^6 bytes), the stricter reading of a goal in "MB".
        """
        if self.pid is None:
            raise BenchError("nothing is running")
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6  # the kernel's "kB" are KiB
        raise BenchError("no VmHWM in /proc/<pid>/status")


def _gone(pid: int) -> bool:
    """True once `pid` has exited (a zombie waiting to be reaped counts as exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat[stat.rindex(")") + 2] in "ZX"

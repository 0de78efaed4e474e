"""Drive the real `coretui` process inside tmux and read its screen with capture-pane.

Every test gets its own tmux server (`tmux -L <unique socket>`) and its own
XDG_DATA_HOME / XDG_CONFIG_HOME under tmp_path, so nothing touches the user's
tmux or history. Waits poll the screen until the app has drawn what we expect;
nothing here asserts how long anything takes.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TIMEOUT_S = 10.0
POLL_S = 0.05
APP = "app"  # the tmux session (and window) that runs coretui

TOTAL_LEFT = re.compile(r"(\d+:\d{2}) left")
SET_COUNT = re.compile(r"Set \d+/\d+")
PICKER_TITLE = "coretui · core routines"


def tmux_binary() -> str:
    """tmux on PATH; a missing tmux fails the test (CI installs it), it never skips."""
    found = shutil.which("tmux")
    if found is None:
        pytest.fail(
            "tmux is not installed, and the end-to-end tests run coretui inside tmux: "
            "install it (apt-get install tmux / brew install tmux)",
            pytrace=False,
        )
    return found


def coretui_binary() -> Path:
    """The console script installed next to the Python running the tests."""
    script = Path(sys.executable).parent / "coretui"
    if not script.exists():
        pytest.fail(
            f"{script} does not exist: install the package into this environment "
            "(pip install -e .) before running the end-to-end tests",
            pytrace=False,
        )
    return script


def process_gone(pid: int) -> bool:
    """True once `pid` has exited (a zombie waiting to be reaped counts as exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    except OSError:
        pass
    else:
        # The state letter follows the command name, which is in parentheses.
        return stat[stat.rindex(")") + 2] in "ZX"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Tmux:
    """One private tmux server running coretui, plus the env to run its other commands."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmux = tmux_binary()
        self.coretui = coretui_binary()
        self.socket = f"coretui-e2e-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.data_home = tmp_path / "data"
        self.config_home = tmp_path / "config"
        self.data_home.mkdir(parents=True, exist_ok=True)
        self.config_home.mkdir(parents=True, exist_ok=True)
        self.config = tmp_path / "tmux.conf"
        # remain-on-exit keeps a pane (its last screen and exit status) after coretui
        # exits; exit-empty off keeps the server up, reaping children, until the finalizer.
        self.config.write_text(
            "set -g remain-on-exit on\nset -g exit-empty off\nset -g history-limit 0\n"
        )
        self.app_env = {
            "XDG_DATA_HOME": str(self.data_home),
            "XDG_CONFIG_HOME": str(self.config_home),
            "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
            "TZ": "UTC",
            "PYTHONUTF8": "1",
        }
        self.env = {k: v for k, v in os.environ.items() if k != "TMUX"} | self.app_env
        self.pids: list[int] = []
        self.server_pid: int | None = None

    # -- tmux ------------------------------------------------------------------------

    def cmd(self, *args: str, check: bool = True) -> str:
        """Run one tmux command against this test's server; its stdout."""
        done = subprocess.run(
            [self.tmux, "-u", "-L", self.socket, "-f", str(self.config), *args],
            env=self.env,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        out = done.stdout.decode("utf-8", "replace")
        if check and done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip()
            raise AssertionError(f"tmux {' '.join(args)} failed ({done.returncode}): {err}")
        return out

    def start(self, *args: str, width: int = 100, height: int = 30) -> int:
        """Start `coretui ARGS` in a new session; its pid (the pane runs coretui itself)."""
        env_words = [f"{k}={v}" for k, v in self.app_env.items()]
        command = shlex.join(["exec", "env", *env_words, str(self.coretui), *args])
        self.cmd("kill-session", "-t", APP, check=False)  # a dead pane from an earlier run
        self.cmd("new-session", "-d", "-s", APP, "-x", str(width), "-y", str(height), command)
        pid = int(self.pane("#{pane_pid}"))
        self.server_pid = int(self.pane("#{pid}"))
        self.pids.append(pid)
        return pid

    def start_through(self, command: list[str], width: int = 100, height: int = 30) -> None:
        """Start coretui through a parent (`make run`, a shell) that stays in between."""
        env_words = [f"{k}={v}" for k, v in self.app_env.items()]
        self.cmd("kill-session", "-t", APP, check=False)
        shell_line = shlex.join(["exec", "env", *env_words, *command])
        self.cmd("new-session", "-d", "-s", APP, "-x", str(width), "-y", str(height), shell_line)
        self.server_pid = int(self.pane("#{pid}"))

    def coretui_pids(self) -> list[int]:
        """Running coretui processes started by this test, wherever they are in the tree."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            try:
                # The kernel names a script's process after the script: "coretui".
                name = (entry / "comm").read_text().strip()
            except OSError:
                continue
            if name == "coretui" and self._started_here(pid) and not process_gone(pid):
                found.append(pid)
        self.pids.extend(pid for pid in found if pid not in self.pids)
        return found

    def pane(self, fmt: str) -> str:
        """A tmux format (#{...}) evaluated for the app's pane."""
        return self.cmd("display-message", "-p", "-t", APP, fmt).strip()

    def exit_status(self) -> str | None:
        """None while coretui runs; then "0", "1"... or "signal 15" (remain-on-exit keeps it)."""
        dead, status, sig = self.pane("#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}").split(
            "|"
        )
        if dead != "1":
            return None
        if status:
            return status
        if sig:
            return f"signal {sig}"
        # The pty has closed but tmux has not reaped the process yet. A tmux built with
        # libutempter can miss a SIGCHLD and leave it a zombie for good (tmux issues #311,
        # #4559); a SIGCHLD to this test's own server makes it look again.
        if self.server_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.server_pid, signal.SIGCHLD)
        return None

    def screen(self) -> str:
        """The visible screen, one line per row."""
        return self.cmd("capture-pane", "-p", "-t", APP)

    def press(self, *keys: str) -> None:
        """tmux key names: "n", "Space", "Enter", "Tab", "Escape"..."""
        self.cmd("send-keys", "-t", APP, *keys)

    def answer_pain_prompt(self, rating: str = "") -> None:
        """The one-line "Back pain now" question before a workout: a rating, then Enter."""
        self.wait_for("pain now, 0-10")
        if rating:
            self.press(rating)
        self.press("Enter")

    def close_terminal(self) -> None:
        """Close coretui's window, as closing a terminal would: its pty hangs up (SIGHUP)."""
        self.cmd("kill-window", "-t", APP)

    def kill_server(self) -> None:
        self.cmd("kill-server", check=False)
        for pid in self.pids:  # only coretui processes this test started, still running
            if not process_gone(pid) and self._started_here(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)

    def _started_here(self, pid: int) -> bool:
        """The pid still belongs to a coretui this test started (pids get reused)."""
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            return False
        return f"XDG_DATA_HOME={self.data_home}".encode() in environ.split(b"\0")

    # -- waiting ---------------------------------------------------------------------

    def wait_until(
        self, check: Callable[[str], bool], what: str, timeout: float = TIMEOUT_S
    ) -> str:
        """Poll the screen until `check(screen)` holds; the screen that passed.

        Fails at once, with the last screen (a traceback, say), if coretui has exited.
        """
        deadline = time.monotonic() + timeout
        while True:
            # One tmux call reads the screen and whether the pane's process has gone.
            out = self.cmd(
                "capture-pane",
                "-p",
                "-t",
                APP,
                ";",
                "display-message",
                "-p",
                "-t",
                APP,
                "#{pane_dead}",
            )
            shown, _, dead = out.rstrip("\n").rpartition("\n")
            if check(shown):
                return shown
            if dead == "1":
                raise AssertionError(
                    f"coretui exited while waiting for {what}; the screen:\n{shown}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen:\n{shown}")
            time.sleep(POLL_S)

    def wait_for(self, *texts: str, timeout: float = TIMEOUT_S) -> str:
        """Wait until every text is on screen."""
        return self.wait_until(
            lambda s: all(t in s for t in texts), " and ".join(map(repr, texts)), timeout
        )

    def wait_gone(self, text: str, timeout: float = TIMEOUT_S) -> str:
        """Wait until a text has left the screen."""
        return self.wait_until(lambda s: text not in s, f"{text!r} to go", timeout)

    def cursor(self) -> tuple[int, int]:
        """Where the terminal cursor is (Textual puts it in the focused input)."""
        x, y = self.pane("#{cursor_x} #{cursor_y}").split()
        return int(x), int(y)

    def wait_for_focus(self, label: str) -> None:
        """Wait until the input box drawn right after `label` has the focus (the cursor)."""

        def focused(screen: str) -> bool:
            for row, line in enumerate(screen.splitlines()):
                if label in line:
                    start = line.find("▊", line.index(label))
                    end = line.find("▎", start)
                    x, y = self.cursor()
                    return start >= 0 and y == row and start < x < end
            return False

        self.wait_until(focused, f"the focus in the box after {label!r}")

    def wait_exit(self, timeout: float = TIMEOUT_S) -> tuple[str, str]:
        """Wait until coretui has exited; its exit status and the pane's last screen."""
        deadline = time.monotonic() + timeout
        while (status := self.exit_status()) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"coretui is still running; the screen:\n{self.screen()}")
            time.sleep(POLL_S)
        return status, self.screen()

    # -- the app -----------------------------------------------------------------------

    def coretui_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a coretui subcommand outside tmux with the same folders."""
        return subprocess.run(
            [str(self.coretui), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )

    def history(self) -> dict[str, Any]:
        """`coretui history --json`, parsed."""
        done = self.coretui_cli("history", "--json")
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    @property
    def history_file(self) -> Path:
        return self.data_home / "coretui" / "history.jsonl"

    def records(self) -> list[dict[str, Any]]:
        """The history file's records, the last line for each id winning."""
        if not self.history_file.exists():
            return []
        by_id: dict[str, dict[str, Any]] = {}
        for line in self.history_file.read_text().splitlines():
            if line.strip():
                record = json.loads(line)
                by_id[record["id"]] = record
        return list(by_id.values())


def poll(check: Callable[[], bool], what: str, timeout: float = TIMEOUT_S) -> None:
    """Wait until `check()` holds (a file written, a process gone)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(POLL_S)


def find_total_left(screen: str) -> int | None:
    """The "M:SS left" of the workout's top bar, in seconds; None when not shown."""
    top = screen.splitlines()[0] if screen else ""
    found = TOTAL_LEFT.search(top)
    if found is None:
        return None
    minutes, seconds = found.group(1).split(":")
    return int(minutes) * 60 + int(seconds)


def total_left(screen: str) -> int:
    """The "M:SS left" of the workout's top bar, in seconds; it must be there."""
    seconds = find_total_left(screen)
    assert seconds is not None, f"no 'M:SS left' in the top bar:\n{screen}"
    return seconds


def total_moved_from(seconds: int) -> Callable[[str], bool]:
    """A wait condition: the top bar shows a total left other than `seconds`."""
    return lambda screen: find_total_left(screen) not in (None, seconds)


def step_signature(screen: str) -> tuple[str, ...]:
    """What identifies the current step on screen and stays put while it runs.

    The exercise title (second row), the set number and the "Up next" line; not the
    countdown, the total or a tempo's rep counter, which move on their own.
    """
    lines = screen.splitlines()
    title = lines[1].strip() if len(lines) > 1 else ""
    up_next = next((line.strip() for line in lines if "Up next:" in line), "")
    sets = SET_COUNT.search(screen)
    return (title, up_next, sets.group(0) if sets else "")


def skip_to_summary(tmux: Tmux, max_steps: int = 80) -> str:
    """Press `n` step by step, each time waiting for the step to change, until the summary."""
    tmux.wait_for("Up next:")
    shown = ""
    for _ in range(max_steps):
        screen = tmux.screen()
        before = step_signature(screen)
        if "Up next: the finish" in screen:
            # A press, not the key held down: an `n` under a second after the one
            # before stops at the last step (a held key skipped a workout to its end).
            time.sleep(1.1)
        tmux.press("n")
        shown = tmux.wait_until(
            lambda s, before=before: (
                "Workout complete" in s or ("Up next:" in s and step_signature(s) != before)
            ),
            f"the step after {before}",
        )
        if "Workout complete" in shown:
            return shown
    raise AssertionError(f"no summary after {max_steps} skips; the screen:\n{shown}")

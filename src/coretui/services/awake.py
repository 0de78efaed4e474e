"""Keep the machine awake during a workout, where the platform allows it.

Linux: `systemd-inhibit` holding `cat`, whose stdin is a pipe from coretui, so
the inhibitor ends with coretui even after a kill -9. macOS: `caffeinate -w`
watching coretui's pid. Anywhere else, or when the command is missing or
refuses (no logind in a container), nothing happens and nothing fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable


def inhibit_command(
    platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which
) -> list[str] | None:
    """The command that holds the machine awake here, or None."""
    if platform.startswith("linux") and (path := which("systemd-inhibit")):
        return [
            path,
            "--what=idle:sleep",
            "--who=coretui",
            "--why=Workout in progress",
            "--mode=block",
            "cat",
        ]
    if platform == "darwin" and (path := which("caffeinate")):
        return [path, "-di", "-w", str(os.getpid())]
    return None


class KeepAwake:
    """Start holding the machine awake with `start()`, let go with `stop()`."""

    def __init__(self, command: list[str] | None = None) -> None:
        """`command` holds the machine awake while it runs; None: this platform's, [] none."""
        self.command = command if command is not None else inhibit_command()
        self.process: subprocess.Popen[bytes] | None = None
        self.reaper: threading.Thread | None = None

    @classmethod
    def off(cls) -> KeepAwake:
        """One that never holds anything (tests, and `coretui serve` sessions)."""
        return cls([])

    def start(self) -> None:
        """Hold the machine awake (idempotent); with no command, do nothing."""
        if not self.command or (self.process is not None and self.process.poll() is None):
            return
        try:
            self.process = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            self.process = None
            return
        # Reaped as soon as it ends: refused at once (no system bus in a container),
        # it stayed a zombie of coretui's for the whole workout.
        self.reaper = threading.Thread(target=self.process.wait, name="coretui-awake", daemon=True)
        self.reaper.start()

    def stop(self) -> None:
        """Let the machine sleep again."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()  # `cat` ends, and the inhibitor with it
        try:
            process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            process.terminate()

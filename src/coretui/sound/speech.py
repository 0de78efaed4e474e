"""Spoken guidance through the system's speech command: espeak-ng, spd-say, say, or Windows.

Always an argument list, never a shell: a routine called "$(rm -rf ~)" is only
spoken. A newer phrase cuts off an older one, so speech never overlaps itself.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from coretui.textsafe import speakable

SPEECH_COMMANDS = ("espeak-ng", "spd-say", "say")
NO_SPEECH = "No speech command found (espeak-ng, spd-say or say)."
DEFAULT_RATE = 175
"""Words per minute."""
MAX_PHRASE = 600
PHRASE_ENV = "CORETUI_PHRASE"
# Windows: the phrase comes in through the environment, so PowerShell never parses it.
POWERSHELL_SCRIPT = (
    "Add-Type -AssemblyName System.Speech;"
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer;"
    "$s.Rate = [int]$env:CORETUI_RATE;"
    "$s.Speak($env:CORETUI_PHRASE)"
)


class Speaker(Protocol):
    """Something that can say a short phrase without blocking."""

    def say(self, text: str) -> None:
        """Start saying `text`; return at once."""


class Process(Protocol):
    """The part of `subprocess.Popen` a speaker uses."""

    def poll(self) -> int | None: ...

    def terminate(self) -> None: ...


Spawn = Callable[[list[str], dict[str, str] | None], Process]


def _popen(argv: list[str], env: dict[str, str] | None) -> Process:
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=os.name == "posix",  # a Ctrl+C in the terminal is not for it
    )
    # Waited for as it ends (cut off or not), so that none is left a zombie until
    # Python next starts a process: the last phrase of a workout has no next one.
    threading.Thread(target=process.wait, name="coretui-speech", daemon=True).start()
    return process


def find_speech_command() -> str | None:
    """The first speech command on PATH (PowerShell on Windows), or None."""
    names: Sequence[str] = SPEECH_COMMANDS
    if sys.platform == "win32":
        names = ("powershell", "pwsh")
    return next((path for name in names if (path := shutil.which(name))), None)


def _wpm_to_percent(rate: int) -> int:
    """spd-say's -100..100 scale, with 0 at its default of about 175 words per minute."""
    return max(-100, min(100, round((rate - DEFAULT_RATE) / 2)))


def speech_argv(command: str, phrase: str, rate: int) -> tuple[list[str], dict[str, str] | None]:
    """The argument list (and environment, on Windows) that says `phrase` at `rate` wpm."""
    name = Path(command).stem.lower()
    if name in ("powershell", "pwsh"):
        env = {**os.environ, PHRASE_ENV: phrase, "CORETUI_RATE": str((rate - 175) // 25)}
        return [command, "-NoProfile", "-NonInteractive", "-Command", POWERSHELL_SCRIPT], env
    if name == "spd-say":
        # Speech Dispatcher speaks on after its client ends: the phrase before is
        # cancelled there (-C) by the process that says the next, in that order.
        return [command, "-C", "-r", str(_wpm_to_percent(rate)), phrase], None
    if name == "say":
        return [command, "-r", str(rate), phrase], None
    return [command, "-s", str(rate), phrase], None  # espeak-ng, espeak


class SystemSpeaker:
    """Speaks through the system's speech command; quiet when there is none."""

    def __init__(
        self, command: str | None = None, rate: int = DEFAULT_RATE, spawn: Spawn | None = None
    ) -> None:
        self.command = command or find_speech_command()
        self.rate = rate
        self._spawn = spawn or _popen
        self._process: Process | None = None

    @property
    def available(self) -> bool:
        """True when a speech command was found."""
        return self.command is not None

    def say(self, text: str) -> None:
        """Speak in the background, cutting off a phrase still being spoken."""
        if self.command is None:
            return
        # A leading dash would read as an option of the speech command, so it goes.
        phrase = speakable(text).lstrip("- ")[:MAX_PHRASE]
        if not phrase:
            return
        self._cut_off()
        argv, env = speech_argv(self.command, phrase, self.rate)
        try:
            self._process = self._spawn(argv, env)
        except OSError:
            self._process = None  # the command vanished or cannot run: stay quiet

    @property
    def speaking(self) -> bool:
        """True while a phrase is being said (as far as its process tells)."""
        process = self._process
        return process is not None and process.poll() is None

    @property
    def hands_off(self) -> bool:
        """True when the command hands the phrase over and ends at once (spd-say: Speech
        Dispatcher speaks on), so `speaking` cannot tell."""
        return self.command is not None and Path(self.command).stem.lower() == "spd-say"

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the current phrase to end; True if it did."""
        process = self._process
        if process is None:
            return True
        wait = getattr(process, "wait", None)
        if wait is None:
            return process.poll() is not None
        try:
            wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def stop(self) -> None:
        """Cut off the phrase being spoken, if any."""
        self._cut_off()
        if self.command is not None and self.hands_off:
            with contextlib.suppress(OSError):  # Speech Dispatcher speaks on: cancelled there
                self._spawn([self.command, "-C"], None)

    def _cut_off(self) -> None:
        """End the process saying the phrase before (spd-say's next cancels it too)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):  # it ended on its own meanwhile
                process.terminate()

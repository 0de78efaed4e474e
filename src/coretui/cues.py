"""Sound cues: the terminal bell and optional speech, driven by engine events.

No Textual import: the bell is a callable the app passes in, and speech goes
through a `Speaker`, so tests use a fake and a machine with no speech command
simply stays quiet.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from coretui.engine import (
    Countdown,
    Event,
    Halfway,
    PhaseChanged,
    StepStarted,
    WorkoutFinished,
)
from coretui.textsafe import printable
from coretui.timeline import StepKind

SPEECH_COMMANDS = ("espeak-ng", "spd-say", "say")


class Speaker(Protocol):
    """Something that can say a short phrase without blocking."""

    def say(self, text: str) -> None:
        """Start saying `text`; return at once."""


class SystemSpeaker:
    """Speaks through the first of espeak-ng, spd-say or say found on PATH."""

    def __init__(self, command: str | None = None) -> None:
        self.command = command or next(
            (path for name in SPEECH_COMMANDS if (path := shutil.which(name))), None
        )
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def available(self) -> bool:
        """True when a speech command was found."""
        return self.command is not None

    def say(self, text: str) -> None:
        """Speak in the background, cutting off a phrase still being spoken."""
        if self.command is None:
            return
        # An argument list, never a shell: a routine called "$(rm -rf ~)" is only spoken.
        # A leading dash would read as an option, so it is dropped.
        phrase = printable(text, single_line=True).lstrip("- ")
        if not phrase:
            return
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
        try:
            self._process = subprocess.Popen(
                [self.command, phrase],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            self._process = None  # the command vanished or cannot run: stay quiet


@dataclass
class CuePlayer:
    """Turns engine events into bells and spoken phrases."""

    bell: Callable[[], None]
    speaker: Speaker | None = None
    sound: bool = True
    voice: bool = False
    spoken: list[str] = field(default_factory=list)

    def play(self, events: Iterable[Event]) -> None:
        """Ring and speak for a batch of events (one batch per tick or key)."""
        ring = False
        for event in events:
            if isinstance(event, Countdown | StepStarted | WorkoutFinished):
                ring = True
            phrase = self.phrase(event)
            if phrase:
                self._say(phrase)
        if ring and self.sound:
            self.bell()

    def phrase(self, event: Event) -> str | None:
        """What to say for an event, if anything."""
        match event:
            case StepStarted(step=step):
                if step.kind is StepKind.WORK:
                    side = f", {step.side} side" if step.side else ""
                    return f"{step.label}{side}"
                if step.kind is StepKind.SWITCH:
                    return "Switch sides"
                if step.kind is StepKind.LEAD_IN:
                    return "Get ready"
                return "Rest"
            case Halfway():
                return "Halfway"
            case PhaseChanged(phase="hold"):
                return "Hold"
            case WorkoutFinished(status="completed"):
                return "Workout complete. Well done."
        return None

    def _say(self, phrase: str) -> None:
        if self.voice and self.speaker is not None:
            self.spoken.append(phrase)
            self.speaker.say(phrase)

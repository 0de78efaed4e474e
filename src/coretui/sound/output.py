"""Where cue sounds go (`SoundOutput`), and the terminal bell alone where no sound device
can be used (`BellOnly`): a remote session, a browser. The device itself is
`coretui.sound.player`'s."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from coretui.sound.synth import Sound

BELL_SOUNDS = frozenset(
    {Sound.TICK, Sound.GO, Sound.REST, Sound.REST_NEW_MOVE, Sound.SWITCH, Sound.FINISHED}
)
"""What the bell stands in for: ticks and transitions, not the many tempo tones."""
NO_DEVICE = "No sound device: using the terminal bell"
REMOTE = "Remote session: using the terminal bell"
LOST = "Sound device lost: using the terminal bell"


class SoundOutput(Protocol):
    """Where cue sounds go."""

    def play(self, sound: Sound, rep: int = 0, delay_s: float = 0.0) -> None:
        """Start a sound now (or `delay_s` from now); return at once."""

    def drop_pending(self) -> None:
        """Forget the sounds queued for later that have not started (a pause, a mute,
        leaving the settings); a sound already playing ends as it would."""

    def keep_awake(self, awake: bool) -> None:
        """While `awake` (a workout runs), keep the device running between sounds."""

    @property
    def problem(self) -> str | None:
        """Why sounds cannot play (the bell takes over), or None while they can."""

    def set_volume(self, volume: int) -> None:
        """Loudness 0-100 from now on."""

    def close(self) -> None:
        """Release the device."""


@dataclass
class BellOnly:
    """No in-process sound (remote session, browser): the bell does it all."""

    reason: str = REMOTE

    def play(self, sound: Sound, rep: int = 0, delay_s: float = 0.0) -> None:
        """Nothing to play: the cue player rings the bell instead."""

    def drop_pending(self) -> None:
        """Nothing is ever queued."""

    def keep_awake(self, awake: bool) -> None:
        """There is no device."""

    @property
    def problem(self) -> str | None:
        """Always the reason there is no sound device."""
        return self.reason

    def set_volume(self, volume: int) -> None:
        """The bell has no volume."""

    def close(self) -> None:
        """Nothing to release."""

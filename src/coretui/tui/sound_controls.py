"""The run's one sound output and voice, and the switches that change them.

The App owns one `SoundControls`: the device is opened once (at the first workout
with sound on, or at "Test sound") and kept for the whole run; each workout gets a
`CuePlayer` built from it; the Sound and Voice toggles save the setting and tell a
workout in progress.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel

from coretui.problem_words import os_reason
from coretui.services.trainer import Trainer
from coretui.settings import copy_words
from coretui.sound.speech import NO_SPEECH, Speaker, SystemSpeaker

if TYPE_CHECKING:
    # The cue player and the engine bring the routine types and the sound schedule:
    # they load with the first workout, not before the routine list appears.
    from coretui.sound.cues import CuePlayer
    from coretui.sound.output import SoundOutput
    from coretui.workout.engine import WorkoutEngine

Notify = Callable[[str, SeverityLevel, float], None]
"""A notice for the user: message, severity, seconds shown (never markup)."""


class SoundControls:
    """Tones and voice for every workout of one run."""

    def __init__(
        self,
        trainer: Trainer,
        bell: Callable[[], None],
        notify: Notify,
        *,
        output: SoundOutput | None = None,
        speaker: Speaker | None = None,
        run_voice: bool = False,
    ) -> None:
        self.trainer = trainer
        self.bell = bell
        self.notify = notify
        self.output = output
        """Opened at the first workout (in a thread), then kept for the whole run."""
        self.speaker = speaker
        self.playing: CuePlayer | None = None
        """The cues of the workout in progress, which the toggles change at once."""
        self._said: set[str] = set()
        self._tested = False
        """"Test sound" was pressed since the settings opened (`stop_test`)."""
        self.run_voice = run_voice
        """--voice: this run's workouts speak, whatever the settings say."""
        self._voice_flag_dropped = False
        """`v` was pressed: from then on the settings alone say whether to speak, not
        the run's --voice."""

    def open_output(self) -> SoundOutput:
        """The run's sound output; the first call starts opening the device, off this thread."""
        if self.output is None:
            from coretui.sound import player

            self.output = player.open_output(self.trainer.settings.volume)
        return self.output

    def problem(self) -> str | None:
        """Why there are no tones (no device, device lost) or no voice, or None."""
        problems = [self.output.problem if self.output is not None else None, self._no_voice()]
        said = [p for p in problems if p]
        if len(said) > 1:  # sentences, each ended: "...terminal bell. No speech command..."
            said = [p if p.endswith(".") else f"{p}." for p in said]
        return " ".join(said) or None

    def _no_voice(self) -> str | None:
        """Why voice, turned on, cannot speak; None when it can or is off."""
        if self.trainer.settings.voice and not getattr(self._voice_ready(), "available", True):
            return NO_SPEECH
        return None

    def _voice_ready(self) -> Speaker:
        if self.speaker is None:
            self.speaker = SystemSpeaker(rate=self.trainer.settings.speech_rate)
        return self.speaker

    def cue_player(self, engine: WorkoutEngine, *, mute: bool, voice: bool) -> CuePlayer:
        """The cues of a new workout: `mute` (--mute) silences it, `voice` (--voice) speaks."""
        from coretui.sound.cues import CuePlayer

        settings = self.trainer.settings
        voice = self._speaks(voice)
        if voice:
            self._voice_ready()  # the player says, in the workout, when no command speaks
        # Sound off: no device is opened for this workout (until "Toggle sound" turns
        # it on). Muted, it is: `m` unmutes to the tones, not to the bell.
        output = self.open_output() if settings.sound else self.output
        if output is not None:
            output.set_volume(settings.volume)
        self.playing = CuePlayer(
            engine=engine,
            bell=self.bell,
            output=output,
            speaker=self.speaker,
            notify=self.say_once,
            sound=not mute,
            tones=settings.sound,
            tempo=settings.tempo_sounds,
            voice=voice,
        )
        self.playing.silent = settings.volume == 0
        return self.playing

    def opening(self) -> threading.Event | None:
        """Set once the run's sound device opened or failed to; None when that is known
        (opening it now, if it was not)."""
        opened = getattr(self.open_output(), "opened", None)
        return opened if opened is not None and not opened.is_set() else None

    def test_sound(self) -> str:
        """Settings' "Test sound": each sound once, a phrase when voice is on; what to expect."""
        from coretui.sound.cues import play_test_sounds

        settings = self.trainer.settings
        output = self.open_output()
        output.set_volume(settings.volume)
        no_voice = self._no_voice()
        speaker = self._voice_ready() if settings.voice and no_voice is None else None
        said = [play_test_sounds(output, self.bell, speaker) + ".", no_voice]
        self._tested = True
        if not settings.sound:
            said.append("Sound is off for workouts: turn it on above to hear these there.")
        return " ".join(s for s in said if s)

    def stop_test(self) -> None:
        """The settings closed: the test's sounds and phrase still to come go unheard."""
        if not self._tested:
            return
        self._tested = False
        if self.output is not None:
            self.output.drop_pending()
        stop = getattr(self.speaker, "stop", None)
        if stop is not None:
            stop()

    def say_once(self, message: str) -> None:
        """Why the bell stands in for tones: said once per run, not at every workout."""
        if message not in self._said:
            self._said.add(message)
            self.notify(message, "warning", 6)

    def toggle_sound(self) -> None:
        """Tones (or the bell) on or off, remembered in the settings."""
        if self._toggle("sound"):
            self.settings_changed("sound")

    def settings_changed(self, key: str) -> None:
        """Setting `key` was saved: a workout in progress takes the tones, tempo sounds,
        volume and voice at once (a device opened, if it began with sound off). Voice
        set in Settings holds from then on, over the run's --voice, as `v` does."""
        playing, settings = self.playing, self.trainer.settings
        self._voice_flag_dropped |= key == "voice"
        if playing is None:
            return
        playing.tones, playing.tempo = settings.sound, settings.tempo_sounds
        playing.voice = self._speaks()
        if playing.voice:
            playing.speaker = self._voice_ready()
        if playing.tones and playing.output is None:
            playing.output = self.open_output()
        if playing.output is not None:
            playing.output.set_volume(settings.volume)
        playing.silent = settings.volume == 0

    def toggle_voice(self) -> None:
        """Spoken cues on or off, remembered in the settings. What is heard (or would be,
        outside a workout) is switched: a run with --voice speaks though the setting is
        off, and `v` turns it off (for the rest of the run, as the setting then says)."""
        # (outside a workout: what the next one would do)
        heard = self.playing.voice if self.playing is not None else self._speaks()
        if not heard and not getattr(self._voice_ready(), "available", True):
            # Turned on and saved, it would speak nothing, and say so at every workout.
            self.notify(f"Voice stays off: {NO_SPEECH[0].lower()}{NO_SPEECH[1:]}", "warning", 5)
            return
        if not self._toggle("voice", not heard):
            return
        self._voice_flag_dropped = True
        voice = self.trainer.settings.voice
        if self.playing is not None:
            self.playing.voice = voice
            self.playing.speaker = self.speaker

    def _speaks(self, voice: bool = False) -> bool:
        """Whether a workout speaks: the settings say so, or this run's --voice (or a
        workout's own `voice`) until `v` or Settings turned the voice itself."""
        run_voice = (voice or self.run_voice) and not self._voice_flag_dropped
        return run_voice or self.trainer.settings.voice

    def _toggle(self, key: str, value: bool | None = None) -> bool:
        """Turn setting `key` to `value` (or the other way) and say so; False if it
        could not be saved."""
        if value is None:
            value = not getattr(self.trainer.settings, key)
        try:
            if value != getattr(self.trainer.settings, key):
                self.trainer.change_setting(key, value)
        except OSError as exc:
            # Nothing changed: say so, rather than announce a switch that did not happen.
            self.notify(
                f"{key.capitalize()} still {'off' if value else 'on'}:"
                f" the settings could not be saved ({os_reason(exc)}).",
                "warning",
                5,
            )
            return False
        said = f"{key.capitalize()} {'on' if value else 'off'}"
        if (copy := self.trainer.settings_copy) is not None:  # one line: a workout's notice
            self.notify(f"{said}; {copy_words(copy, short=True)}", "information", 8)
        else:
            self.notify(said, "information", 2)
        return True

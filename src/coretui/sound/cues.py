"""Cues for a workout: engine events to tones (or the bell) and spoken phrases.

No Textual import: the bell and the notice are callables the app passes in,
sounds go to a `SoundOutput` and speech to a `Speaker`, so tests use fakes and
a machine with no device or no speech command still gets its workout.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from coretui.sound.output import BELL_SOUNDS, SoundOutput
from coretui.sound.schedule import Coach, Cue, SoundOptions
from coretui.sound.speech import NO_SPEECH, SPEECH_COMMANDS, Speaker, SystemSpeaker
from coretui.sound.synth import Sound
from coretui.workout.engine import Event, State, StepStarted, WorkoutEngine, WorkoutFinished

__all__ = ["SPEECH_COMMANDS", "CuePlayer", "Speaker", "SystemSpeaker", "play_test_sounds"]

SILENT = "Volume is 0 in the settings: the tones are silent"
SPOKEN_KEPT = 50
"""Recent phrases and tones kept (for tests to read), so a long workout never grows them."""


class CuePlayer:
    """Plays the cues of one workout: tones through `output`, else the bell; phrases aloud."""

    def __init__(
        self,
        *,
        engine: WorkoutEngine,
        bell: Callable[[], None],
        output: SoundOutput | None = None,
        speaker: Speaker | None = None,
        notify: Callable[[str], None] | None = None,
        sound: bool = True,
        tones: bool = True,
        tempo: bool = True,
        voice: bool = False,
    ) -> None:
        self.engine = engine
        self.bell = bell
        self.output = output
        self.speaker = speaker
        self.notify = notify
        self._sound = sound
        self.tones = tones
        """Tones (or the bell); off leaves only the voice."""
        self.tempo = tempo
        self._voice = voice
        self.silent = False
        """The volume is 0: the tones play, and nobody hears them (said once)."""
        self.spoken: deque[str] = deque(maxlen=SPOKEN_KEPT)
        self.played: deque[Cue] = deque(maxlen=SPOKEN_KEPT)
        self._coach = Coach()
        self._told: set[str] = set()
        self._held: tuple[int, list[Event]] | None = None
        """A step entered while paused (n, p, r): its events, to cue when the clock runs."""
        self._saying: int | None = None
        """The step of the phrase said last."""
        self._cut: int | None = None
        """The step whose phrase the pause key cut off (see `_pause_speech`)."""

    @property
    def sound(self) -> bool:
        """False mutes everything for this workout (`m`)."""
        return self._sound

    @sound.setter
    def sound(self, on: bool) -> None:
        self._sound = on
        if not on:
            self._hush()  # a phrase being spoken stops too
            self._drop_pending()

    @property
    def voice(self) -> bool:
        """Spoken guidance (`v`); turned off, a phrase being spoken stops."""
        return self._voice

    @voice.setter
    def voice(self, on: bool) -> None:
        self._voice = on
        if not on:
            self._hush()

    def _hush(self) -> None:
        stop = getattr(self.speaker, "stop", None)
        if stop is not None:
            stop()

    def _pause_speech(self, paused: bool) -> list[str]:
        """Pausing cuts off the phrase being said (the user stepped away, and the next
        move's setup is not said over the pause for 20 s); when the clock runs again in
        the same step, it is said again (`Coach.phrase_again`: fitted to the time left)."""
        coach, engine, speaker = self._coach, self.engine, self.speaker
        if paused:
            # The step's own phrase (not a count), by its estimated length, and as far as
            # the speaker can tell: spd-say hands the phrase over, so cannot.
            heard = getattr(speaker, "speaking", False) or getattr(speaker, "hands_off", False)
            mine = self._saying == engine.index and coach.still_speaking(engine)
            if self._cut is None and mine and heard:
                self._cut = engine.index
                self._hush()
            return []
        cut, self._cut = self._cut, None
        if cut != engine.index or engine.state is not State.RUNNING:
            return []  # (a step gone to while paused is announced anew, or not at all)
        again = coach.phrase_again(engine)
        return [] if again is None else [again.text]

    def _drop_pending(self) -> None:
        """A rep count due 0.25 s after a tone must not sound once the clock stopped."""
        if self.output is not None:
            self.output.drop_pending()

    @property
    def using_bell(self) -> bool:
        """True when the terminal bell stands in for tones (no device, remote, device lost)."""
        return self.output is None or self.output.problem is not None

    def play(self, events: Iterable[Event]) -> None:
        """Sound and speak for a batch of events (one batch per tick or key)."""
        # No speech command found: the ticks stay, rather than counting in silence.
        speaking = (
            self.voice and self.speaker is not None and getattr(self.speaker, "available", True)
        )
        self._coach.options = SoundOptions(
            tones=self.tones,
            tempo=self.tempo and not self.using_bell,  # the bell rings no phase tones
            voice=speaking,
            speech_rate=getattr(self.speaker, "rate", SoundOptions.speech_rate),
        )
        events = list(events)
        if any(isinstance(e, WorkoutFinished) and e.status == "partial" for e in events):
            self._hush()  # stopped early: the phrase of a step left behind goes unsaid
            self._drop_pending()
        cues = self._in_time(events)
        if paused := self.engine.state is State.PAUSED:
            self._drop_pending()
        again = self._pause_speech(paused)
        if self.output is not None:  # (it sleeps when paused, muted, without tones or done)
            self.output.keep_awake(self.engine.state is State.RUNNING and self.sound and self.tones)
        self._tell_problem()
        if not self.sound:
            return
        ring = False
        # (The step announced anew when the clock runs: its phrase, not the one cut off.)
        for phrase in [cue.text for cue in cues if cue.sound is None] or again:
            if speaking and self.speaker is not None:
                self.spoken.append(phrase)
                self._saying = self.engine.index
                self.speaker.say(phrase)
        for cue in cues:
            if cue.sound is None:
                continue
            if not self.tones or (paused and cue.after_s > 0):
                continue  # (a count due after the pause key's own tick: not with the clock stopped)
            self.played.append(cue)
            if self.using_bell:
                ring = ring or cue.sound in BELL_SOUNDS
            elif self.output is not None:
                self.output.play(cue.sound, cue.rep, cue.after_s)
        if ring:
            self.bell()

    def _in_time(self, events: list[Event]) -> list[Cue]:
        """The cues to give now. Of the steps one key passes through (`skip_exercise`:
        its sets, sides and rests), only the last is announced; a step entered while
        paused (skipped to, gone back to) is announced when the clock runs again, as it
        is then (an easier variant chosen meanwhile), not while the user is away."""
        engine = self.engine
        starts = [i for i, e in enumerate(events) if isinstance(e, StepStarted)]
        first, last = (starts[0], starts[-1]) if starts else (len(events), len(events))
        # (The steps between are left out: the last one's start resets all the coach keeps.)
        cues = self._coach.cues(events[:first], engine)
        if engine.state is State.PAUSED and last < len(events):
            self._held = (engine.index, events[last:])
            return cues
        if engine.state is State.RUNNING and self._held is not None:
            index, held = self._held
            self._held = None
            if index == engine.index:  # (not left for another step meanwhile)
                cues += self._coach.cues(held, engine)
        elif engine.state is State.FINISHED:
            self._held = None
        return cues + self._coach.cues(events[last:], engine)

    def _tell_problem(self) -> None:
        """Say once, on the UI thread and in the workout's notice line, why no voice
        speaks and why the bell stands in for tones, or that the volume is 0: once there
        is sound to miss (not while muted, nor of tones while they are off)."""
        if self.notify is None or not self.sound:
            return
        problems = []
        if self.voice and not getattr(self.speaker, "available", self.speaker is not None):
            problems.append(NO_SPEECH)
        if self.tones and self.output is not None and self.output.problem is not None:
            problems.append(self.output.problem)
        elif self.tones and self.silent:  # (not the bell either: a volume chosen is no fault)
            problems.append(SILENT)
        if new := [problem for problem in problems if problem not in self._told]:
            self._told.update(new)
            self.notify(" ".join(new))


TEST_SOUNDS = (
    Sound.TICK,
    Sound.TICK,
    Sound.TICK,
    Sound.GO,
    Sound.PHASE_RISE,
    Sound.PHASE_STEADY,
    Sound.HOLD_TICK,
    Sound.PHASE_FALL,
    Sound.REP_COUNT,
    Sound.HALFWAY,
    Sound.SWITCH,
    Sound.REST,
    Sound.REST_NEW_MOVE,
    Sound.FINISHED,
)
TEST_GAP_S = 0.7
TEST_PHRASE = "Next: plank. Forearms down, body straight from shoulders to ankles."


def play_test_sounds(output: SoundOutput, bell: Callable[[], None], speaker: Speaker | None) -> str:
    """Play every sound once, in turn (and say a phrase if a speaker is given).

    Returns a line for the settings screen saying what the user should hear.
    """
    if speaker is not None:
        speaker.say(TEST_PHRASE)
    output.drop_pending()  # pressed again: the sounds start over, not twice at once
    if output.problem is not None:
        bell()
        return output.problem
    for i, sound in enumerate(TEST_SOUNDS):
        output.play(sound, 5, delay_s=i * TEST_GAP_S)
    heard = (
        "ticks, go, up, hold, down, rep count, halfway, switch, rest, rest before a new move,"
        " finished"
    )
    return f"Playing {heard}" + (", and a phrase" if speaker is not None else "")

"""The cue schedule: which sound (and which spoken phrase) marks each engine event.

`Coach` turns a batch of engine events into cues; the live player and the
offline track (`coretui.sound.track`: `coretui cues`, the WAV renderer, the tests)
use the same Coach, so what the timeline lists is exactly what a workout plays.

The engine has no event for each second of a held tempo phase; the Coach derives
those "hold ticks" from the step's phases at each tick (the workout screen ticks
at every whole second of a phase, and so does the offline track).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from coretui.sound.phrases import (
    exercise_title,
    number_words,
    seconds_words,
    sentences,
    setup_cue,
    speaking_s,
    target_words,
    upcoming_words,
)
from coretui.sound.synth import Sound, phase_sound
from coretui.textsafe import printable, speakable
from coretui.workout.engine import (
    Countdown,
    Event,
    Halfway,
    PhaseChanged,
    RepBeat,
    State,
    StepStarted,
    WorkoutEngine,
    WorkoutFinished,
)
from coretui.workout.routines import Phase
from coretui.workout.step_cues import HALFWAY_MIN_S
from coretui.workout.timeline import Step, StepKind

HOLD_TICK_MIN_S = 2.0
"""Hold phases longer than this get a soft tick each second."""
EPS_S = 1e-6
"""Offline ticks land this far after each planned moment, so every due cue is due."""
REP_COUNT_EVERY = 5
REP_COUNT_AFTER_S = 0.25
"""The rep count sounds this long after the rep's end, past the next rep's first phase
tone (0.15 s), so that the two are heard apart."""
HOLD_PULSE_EVERY_S = 10
"""A timed hold this long or longer gets a soft tick every this many seconds, so that a
user who cannot see the screen hears that the clock runs."""
REST_LENGTH_SAID_MIN_S = 20.0
"""A rest this long says how long it is ("Rest 30 seconds."), unseen from the mat: time
for a drink or not. A shorter one leaves the words to the next move's set-up: its
count, seconds away, says when it ends."""
PHRASE_MARGIN_S = 0.5
"""A pause's phrase ends this long before the next step's first words, by its estimate."""
HOLD_TICK_LATE_S = 0.1
"""A tick that would come later than this after its second is left out, not played late."""


@dataclass(frozen=True)
class SoundOptions:
    """What the user wants to hear."""

    tones: bool = True
    """Synthesised tones (or the bell where they cannot play)."""
    tempo: bool = True
    """Phase tones and hold ticks in tempo-paced sets."""
    voice: bool = False
    """Spoken guidance; "three, two, one" and rep counts replace their tones."""
    speech_rate: int = 175
    """Words a minute the voice speaks: how much of a phrase is said before the count."""


@dataclass(frozen=True)
class Cue:
    """One sound or phrase: `at_s` seconds after the workout started (0 when live)."""

    at_s: float
    kind: str
    text: str
    sound: Sound | None = None
    rep: int = 0
    after_s: float = 0.0
    """Played this long after its moment, so as not to be heard as one with a sound there."""

    @property
    def spoken(self) -> bool:
        """True for a phrase for the speech command."""
        return self.sound is None

    def as_json(self) -> dict[str, object]:
        """The cue as `coretui cues --json` prints it."""
        return {"at_s": round(self.at_s, 3), "kind": self.kind, "text": self.text}


REST = Cue(0.0, "rest", "rest", Sound.REST)
REST_NEW_MOVE = Cue(0.0, "rest-new-move", "rest, a new move next", Sound.REST_NEW_MOVE)


@dataclass
class Coach:
    """Decides the cues for engine events, for one workout."""

    options: SoundOptions = field(default_factory=SoundOptions)
    _hold_mark: tuple[int, int, int, int] | None = None
    _speaking_until: float = 0.0
    """Seconds into the step when the phrase begun at its start will have been said."""
    _ticking: bool = False
    """The step's count began as ticks."""

    def cues(self, events: list[Event], engine: WorkoutEngine) -> list[Cue]:
        """The cues for one batch of events (one engine tick or key), in order."""
        cues: list[Cue] = []
        for event in events:
            cues += self._for_event(event, engine)
        if any(c.sound is Sound.GO for c in cues):
            # The go tone starts the set's first phase: its own tone would be heard as one
            # with it (a set's later phases and reps keep theirs).
            cues = [c for c in cues if not _is_phase_tone(c)]
        cues += self._hold_tick(engine)
        return cues

    # -- events ------------------------------------------------------------------------

    def _for_event(self, event: Event, engine: WorkoutEngine) -> list[Cue]:
        opts = self.options
        match event:
            case StepStarted(index=index, step=step):
                return self._step_started(index, step, engine)
            case Countdown() if self._toned(engine.step) and _in_reps(engine):
                # The set's phase tones mark its last seconds: ticks would fall on them,
                # and "three, two, one" over the last hold would say to lower early. A
                # tempo of seconds per rep alike: ticks between its 2 s rep tones, or
                # over them, sounded as if the pace doubled as the set ended.
                return []
            case Countdown(seconds=n):
                # A count begun as ticks (over a phrase) ends as ticks: "tick, tick, one"
                # read as two sounds for one thing. A count begun again (+) may be said.
                self._ticking &= n < 3
                if opts.voice and not self._ticking and not self.still_speaking(engine):
                    return [self._say(number_words(n))]
                self._ticking = True
                return [Cue(0.0, "tick", str(n), Sound.TICK)]
            case RepBeat(rep=rep) if rep > 1 and (rep - 1) % REP_COUNT_EVERY == 0:
                done = rep - 1  # a new rep began: the one before it is done
                if opts.voice and not self.still_speaking(engine):
                    return [self._say(number_words(done))]
                return [
                    Cue(0.0, "rep-count", f"{done} done", Sound.REP_COUNT, done, REP_COUNT_AFTER_S)
                ]
            case PhaseChanged(phase=phase, rep=rep) if opts.tempo:
                sound = phase_sound(phase)
                # (`cues` lists "hold, rep 1": "hold 1" read as a hold's second 1)
                one = len(engine.step.phases) == 1  # (a tempo of seconds per rep: "rep 2")
                named = "" if one else f"{printable(phase, single_line=True)}, "
                return [Cue(0.0, sound.value, f"{named}rep {rep}", sound)]
            case Halfway():  # (of a hold long enough: the engine's `HALFWAY_MIN_S`)
                cues = [Cue(0.0, "halfway", "halfway", Sound.HALFWAY)]
                return cues + ([self._say("Halfway")] if opts.voice else [])
            case WorkoutFinished(status="completed"):
                cues = [Cue(0.0, "finished", "workout finished", Sound.FINISHED)]
                return cues + ([self._say("Workout complete. Well done.")] if opts.voice else [])
        return []

    def _step_started(self, index: int, step: Step, engine: WorkoutEngine) -> list[Cue]:
        voice = self.options.voice
        self._speaking_until, self._ticking = 0.0, False
        self._hold_mark = None  # (a step done again ticks again)
        if step.kind is StepKind.WORK:
            name = exercise_title(engine, step)
            go = Cue(0.0, "go", name, Sound.GO)
            # A tempo set's name and target would be said over its first rep's tones:
            # the pause before it says them.
            if not voice or self._toned(step):
                return [go]
            return [go, self._spoken(f"{name}. {target_words(step)}.", engine)]
        upcoming, setup = self._next_words(index, step, engine)
        switch = step.kind is StepKind.SWITCH
        # The next step's first words cut off what is still being said: a phrase is as
        # much of itself, a part at a time, as can be said in the pause. (The count
        # within it ticks until the phrase ends, rather than cut it off.)
        length = engine.step_length() or 0.0
        if switch:
            cues = [Cue(0.0, "switch", "switch sides", Sound.SWITCH)]
            opening = "Switch sides."
        elif step.kind is StepKind.LEAD_IN:
            cues, opening = [], "Get ready."
        else:
            cues = [REST_NEW_MOVE if _new_move_after(engine, index) else REST]
            long = length >= REST_LENGTH_SAID_MIN_S
            opening = f"Rest {seconds_words(length)}." if long else "Rest."
        if voice:
            said = self._fitted(opening, upcoming, sentences(setup), length - PHRASE_MARGIN_S)
            cues.append(self._spoken(said, engine))
        return cues

    def _next_words(
        self, index: int, step: Step, engine: WorkoutEngine
    ) -> tuple[tuple[str, ...], str]:
        """What a pause before the next step says of it: its forms of words, longest
        first (`upcoming_words`), and how to set up for it (none at a side switch)."""
        nxt = _step_after(engine, index)
        if nxt is None:
            return (), ""
        switch = step.kind is StepKind.SWITCH
        upcoming = upcoming_words(engine, nxt, toned=self._toned(nxt), switch=switch)
        return upcoming, "" if switch else setup_cue(engine, nxt)

    def phrase_again(self, engine: WorkoutEngine) -> Cue | None:
        """The step's phrase once more, as the clock runs again after the pause key cut it
        off. In a pause between exercises, what comes next, fitted to the time left,
        without its opening ("Rest 30 seconds." no longer is); in an exercise, its name
        (its target may no longer be). None when not even that fits."""
        step = engine.step
        left = (engine.step_remaining() or 0.0) - PHRASE_MARGIN_S
        if step.kind is StepKind.WORK:
            said = f"{exercise_title(engine, step)}."
        else:
            upcoming, setup = self._next_words(engine.index, step, engine)
            said = self._fitted("", upcoming, sentences(setup), left).strip()
        if not said or speaking_s(said, self.options.speech_rate) > left:
            return None
        return self._spoken(said, engine)

    def _toned(self, step: Step) -> bool:
        """A set of reps whose tempo is heard as phase tones (none by bell or voice alone)."""
        opts = self.options
        return opts.tones and opts.tempo and _paced(step)

    def _fitted(
        self, opening: str, upcoming: tuple[str, ...], rest: list[str], seconds: float
    ) -> str:
        """The opening; the fullest form of `upcoming` said with it in `seconds` (else
        its shortest: the next move is always said); then each of the `rest` while all
        of it can be said in `seconds`."""

        def fits(parts: list[str]) -> bool:
            return speaking_s(" ".join(parts), self.options.speech_rate) <= seconds

        kept = [opening]
        if upcoming:
            kept.append(next((form for form in upcoming if fits([*kept, form])), upcoming[-1]))
        for part in rest:
            if not fits([*kept, part]):
                break
            kept.append(part)
        return " ".join(kept)

    def _spoken(self, text: str, engine: WorkoutEngine) -> Cue:
        """A phrase said now, to be let finish: counts tick, not speak, till it ends."""
        said_s = speaking_s(text, self.options.speech_rate)
        self._speaking_until = engine.step_elapsed() + said_s
        return self._say(text)

    def still_speaking(self, engine: WorkoutEngine) -> bool:
        """The phrase begun in this step is still being said (by its estimated length)."""
        return engine.step_elapsed() < self._speaking_until - EPS_S

    @staticmethod
    def _say(text: str) -> Cue:
        return Cue(0.0, "speech", speakable(text))

    # -- hold ticks ----------------------------------------------------------------------

    def _hold_tick(self, engine: WorkoutEngine) -> list[Cue]:
        """Soft ticks: each whole second inside a long hold phase of a tempo (not at its
        edges), and every HOLD_PULSE_EVERY_S of a long timed hold."""
        if not self.options.tempo or engine.state is not State.RUNNING:
            return []
        if engine.step.rep_seconds:
            return self._phase_hold_tick(engine)
        return self._hold_pulse(engine)

    def _hold_pulse(self, engine: WorkoutEngine) -> list[Cue]:
        """A soft tick every ten seconds of a timed hold of twenty or more, but not at its
        halfway tone or within its 3-2-1: the clock heard running, with the eyes closed."""
        step, length = engine.step, engine.step_length()
        if step.kind is not StepKind.WORK or length is None or length < 2 * HOLD_PULSE_EVERY_S:
            return []
        elapsed = engine.step_elapsed()
        second = math.floor(elapsed + 1e-6)
        mark = (engine.index, -1, -1, second)
        if second < 1 or second % HOLD_PULSE_EVERY_S or mark == self._hold_mark:
            return []
        self._hold_mark = mark
        at_halfway = length >= HALFWAY_MIN_S and abs(second - length / 2) < 1
        if length - second <= 3 or at_halfway or elapsed - second > HOLD_TICK_LATE_S:
            return []
        return [Cue(0.0, "hold-tick", f"held {second}s", Sound.HOLD_TICK)]

    def _phase_hold_tick(self, engine: WorkoutEngine) -> list[Cue]:
        step = engine.step
        rep_s = step.rep_seconds or 1.0
        reps = engine.target_reps() or 1
        elapsed = engine.step_elapsed()
        rep_index = min(int(elapsed // rep_s), reps - 1)
        into = elapsed - rep_index * rep_s
        found = _phase_at(step, into)
        if found is None:
            return []
        phase_index, phase, into = found
        if phase.seconds <= HOLD_TICK_MIN_S or phase_sound(phase.name) is not Sound.PHASE_STEADY:
            return []
        second = math.floor(into + 1e-6)
        mark = (engine.index, rep_index, phase_index, second)
        if second < 1 or mark == self._hold_mark:
            return []
        self._hold_mark = mark
        if into - second > HOLD_TICK_LATE_S:
            return []  # a key press mid-second: the tick for this second is past
        name = printable(phase.name, single_line=True)  # (seconds left, as the screen counts)
        return [
            Cue(0.0, "hold-tick", f"{name}, {phase.seconds - second:g} s left", Sound.HOLD_TICK)
        ]


def _paced(step: Step) -> bool:
    """A set of reps paced by a tempo (its phases have tones; a tempo of seconds per rep,
    one phase, a tone at each rep)."""
    return step.reps is not None and bool(step.rep_seconds) and bool(step.phases)


def _in_reps(engine: WorkoutEngine) -> bool:
    """Still within the set's reps (with those + added)."""
    reps = engine.target_reps() or 0
    return engine.step_elapsed() < reps * (engine.step.rep_seconds or 0.0) - EPS_S


def _is_phase_tone(cue: Cue) -> bool:
    return cue.sound is not None and cue.kind.startswith("phase-")


def _phase_at(step: Step, into: float) -> tuple[int, Phase, float] | None:
    """(index, phase, seconds into it) at `into` seconds into a rep."""
    for index, phase in enumerate(step.phases):
        if into < phase.seconds:
            return index, phase, into
        into -= phase.seconds
    return None


def _new_move_after(engine: WorkoutEngine, index: int) -> bool:
    """True when the pause at `index` leads to an exercise's first set."""
    nxt = _step_after(engine, index)
    return nxt is not None and nxt.is_work and nxt.set_number == 1


def _step_after(engine: WorkoutEngine, index: int) -> Step | None:
    steps = engine.timeline.steps
    following = engine.following_index() if index == engine.index else engine.kept_from(index + 1)
    return steps[following] if following < len(steps) else None

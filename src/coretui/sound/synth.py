"""The synthesiser: each cue sound as a short list of notes, rendered to 16-bit samples.

Standard library only (`math`, `array`). Every sound starts with a sharp attack so
its onset is easy to hear (and to find in a WAV file), and each has its own
pitch and shape so it is recognisable without looking: high short ticks for
3-2-1, a longer rising "go", a lower falling "rest", and so on.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache

from coretui.workout.routine_types import FALLING_PHASES, RISING_PHASES, STILL_PHASES

SAMPLE_RATE = 44_100
PEAK = 32_767


class Sound(StrEnum):
    """Every sound coretui makes."""

    TICK = "tick"
    GO = "go"
    REST = "rest"
    REST_NEW_MOVE = "rest-new-move"
    """A rest before another exercise, not another set of the same one."""
    SWITCH = "switch"
    PHASE_RISE = "phase-rise"
    PHASE_FALL = "phase-fall"
    PHASE_STEADY = "phase-steady"
    PHASE_NEUTRAL = "phase-neutral"
    HOLD_TICK = "hold-tick"
    REP_COUNT = "rep-count"
    HALFWAY = "halfway"
    FINISHED = "finished"
    SPEECH = "speech"
    """A marker for a spoken phrase in a rendered WAV (speech is an external program)."""


@dataclass(frozen=True)
class Note:
    """One tone: a pitch glide from `start_hz` to `end_hz`, starting `at_s` into the sound."""

    start_hz: float
    end_hz: float
    seconds: float
    level: float = 0.6
    at_s: float = 0.0


NOTES: dict[Sound, tuple[Note, ...]] = {
    Sound.TICK: (Note(1760, 1760, 0.06, 0.55),),
    Sound.GO: (Note(660, 1320, 0.35, 0.7),),
    # Two level notes, a fifth down (E to A): the octave glide it was (520 to 260 Hz) sounded as a
    # slower "down" just after a tempo set's last one.
    Sound.REST: (Note(659, 659, 0.16, 0.6), Note(440, 440, 0.3, 0.6, at_s=0.18)),
    # Before a new move the rest's two notes come back up: from the mat, with the voice
    # off, "same again" and "something new" sounded alike.
    Sound.REST_NEW_MOVE: (
        Note(659, 659, 0.16, 0.6),
        Note(440, 440, 0.16, 0.6, at_s=0.18),
        Note(659, 659, 0.3, 0.6, at_s=0.36),
    ),
    Sound.SWITCH: (Note(988, 988, 0.07, 0.55), Note(988, 988, 0.07, 0.55, at_s=0.12)),
    # A tempo followed with eyes closed: up sweeps a whole octave up, down an octave
    # down, hold stays level and lasts longer (glides of a third in 0.15 s, up, level
    # and down, were told apart only by their slant). The hold's seconds tick like a
    # clock: far shorter and higher than the rep count's blips.
    Sound.PHASE_RISE: (Note(392, 784, 0.22, 0.5),),
    Sound.PHASE_FALL: (Note(784, 392, 0.22, 0.5),),
    Sound.PHASE_STEADY: (Note(523, 523, 0.3, 0.4),),
    Sound.PHASE_NEUTRAL: (Note(494, 494, 0.1, 0.45),),
    Sound.HOLD_TICK: (Note(2400, 2400, 0.02, 0.2),),
    Sound.REP_COUNT: (Note(1319, 1319, 0.05, 0.4),),
    Sound.HALFWAY: (Note(784, 784, 0.25, 0.3),),
    Sound.FINISHED: (
        Note(523, 523, 0.18, 0.6),
        Note(659, 659, 0.18, 0.6, at_s=0.2),
        Note(784, 784, 0.4, 0.6, at_s=0.4),
    ),
    Sound.SPEECH: (Note(330, 330, 0.08, 0.35),),
}

PHASE_SOUNDS: dict[str, Sound] = {
    **dict.fromkeys(RISING_PHASES, Sound.PHASE_RISE),
    **dict.fromkeys(FALLING_PHASES, Sound.PHASE_FALL),
    **dict.fromkeys(STILL_PHASES, Sound.PHASE_STEADY),
}

ATTACK_S = 0.003
RELEASE_S = 0.02
REP_COUNT_TEN = Note(880, 880, 0.12, 0.45)
"""The rep count's longer, lower blip: one for each ten reps."""
REP_COUNT_TEN_GAP_S = 0.17
"""From one blip of the rep count to the next (the short one follows the long ones)."""
REP_COUNT_TOP = 50
"""Rep counts differ up to here (five tens); above it, they sound as 50 (and 55) do."""


def phase_sound(name: str) -> Sound:
    """The tone for a tempo phase, chosen by its name ("Up", "lower", "hold"...)."""
    return PHASE_SOUNDS.get(name.strip().lower(), Sound.PHASE_NEUTRAL)


def rep_count_key(rep: int) -> int:
    """The rep whose rep-count pattern `rep` has: its five (5, 10, ... 50; 55 above 50)."""
    five = max(5, rep - rep % 5)
    return five if five <= REP_COUNT_TOP else REP_COUNT_TOP + five % 10


def rep_count_notes(rep: int) -> tuple[Note, ...]:
    """The rep-count pattern, to follow by ear: a long low blip for each ten reps done, then
    a short high one for a five (5: short; 10: long; 15: long, short; 20: long, long)."""
    key = rep_count_key(rep)
    tens = [replace(REP_COUNT_TEN, at_s=i * REP_COUNT_TEN_GAP_S) for i in range(key // 10)]
    if key % 10 == 0:
        return tuple(tens)
    five = replace(NOTES[Sound.REP_COUNT][0], at_s=len(tens) * REP_COUNT_TEN_GAP_S)
    return (*tens, five)


def _note_samples(note: Note, rate: int) -> array[float]:
    length = max(1, round(note.seconds * rate))
    attack = max(1, round(ATTACK_S * rate))
    release = min(length, max(1, round(RELEASE_S * rate)))
    phase = 0.0
    out = array("d", bytes(8 * length))
    for i in range(length):
        # Linear glide in frequency; the phase is integrated so the glide has no clicks.
        hz = note.start_hz + (note.end_hz - note.start_hz) * i / length
        phase += 2 * math.pi * hz / rate
        envelope = min(1.0, (i + 1) / attack, (length - i) / release)
        out[i] = note.level * envelope * math.sin(phase)
    return out


def notes_samples(notes: Iterable[Note], rate: int = SAMPLE_RATE) -> array[float]:
    """Notes mixed into one buffer of floats in [-1, 1]."""
    buffer = array("d")
    for note in notes:
        start = round(note.at_s * rate)
        samples = _note_samples(note, rate)
        if len(buffer) < start + len(samples):
            buffer.extend(array("d", bytes(8 * (start + len(samples) - len(buffer)))))
        for i, value in enumerate(samples, start):
            buffer[i] += value
    return buffer


def sound_pcm(sound: Sound, rep: int = 0, rate: int = SAMPLE_RATE) -> array[int]:
    """One sound at full scale as signed 16-bit samples, made once per process.

    `rep` shapes the rep-count pattern. Only the 16-bit samples are kept (2 bytes a
    sample; as Python floats every sound together held about 6 MB). The array is
    shared by every caller: read it, never change it.
    """
    return _sound_pcm(sound, rep_count_key(rep) if sound is Sound.REP_COUNT else 0, rate)


@cache
def _sound_pcm(sound: Sound, rep: int, rate: int) -> array[int]:
    notes = rep_count_notes(rep) if sound is Sound.REP_COUNT else NOTES[sound]
    return array("h", (max(-PEAK, min(PEAK, round(v * PEAK))) for v in notes_samples(notes, rate)))


LIMIT_KNEE = 0.7 * PEAK
"""Mixed samples up to here pass as they are (every sound alone stays under it)."""


def limited(value: float) -> int:
    """A mixed sample within 16 bits without clipping: above `LIMIT_KNEE` it bends
    smoothly towards full scale (two sounds at once, a tick over the go tone, would
    otherwise be cut flat at full scale, and crackle)."""
    size = abs(value)
    if size <= LIMIT_KNEE:
        return round(value)
    room = PEAK - LIMIT_KNEE
    bent = LIMIT_KNEE + room * math.tanh((size - LIMIT_KNEE) / room)
    return round(bent if value > 0 else -bent)


def volume_gain(volume: int) -> float:
    """A 0-100 volume as a gain; the curve is steeper at the bottom, as ears hear it."""
    volume = max(0, min(100, volume))
    return (volume / 100) ** 2

"""Render a cue track to a 16-bit mono WAV file with the same synthesiser the player uses.

Spoken phrases become a short, low marker tone: speech is an external program,
so a WAV can only show where a phrase starts.
"""

from __future__ import annotations

import sys
import wave
from array import array
from collections.abc import Sequence
from pathlib import Path

from coretui.sound.schedule import Cue
from coretui.sound.synth import PEAK, SAMPLE_RATE, Sound, sound_samples

TAIL_S = 1.0
"""Room after the last cue for its sound to ring out."""


def cue_pcm(cue: Cue, rate: int = SAMPLE_RATE) -> array[int]:
    """The samples of one cue at full scale (a phrase as its marker tone)."""
    sound = cue.sound or Sound.SPEECH
    samples = sound_samples(sound, cue.rep if sound is Sound.REP_COUNT else 0, rate)
    return array("h", (round(v * PEAK) for v in samples))


def render(
    cues: Sequence[Cue], seconds: float | None = None, rate: int = SAMPLE_RATE
) -> array[int]:
    """The track as samples: every cue mixed in at its time, none dropped (loud overlaps clip)."""
    if seconds is None:
        seconds = max((c.at_s for c in cues), default=0.0) + TAIL_S
    out = array("h", bytes(2 * max(0, round(seconds * rate))))
    for cue in cues:
        start = round(cue.at_s * rate)
        if start >= len(out):
            continue
        pcm = cue_pcm(cue, rate)
        end = min(len(out), start + len(pcm))
        for i in range(start, end):
            value = out[i] + pcm[i - start]
            out[i] = PEAK if value > PEAK else -PEAK if value < -PEAK else value
    return out


def write_wav(path: Path, samples: array[int], rate: int = SAMPLE_RATE) -> None:
    """Save samples as a 16-bit mono WAV (little-endian, as the format requires)."""
    if samples.itemsize != 2:
        raise ValueError("16-bit samples expected")
    data = array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    # The file is opened first: a missing folder fails before `wave` holds anything.
    with path.open("wb") as file, wave.open(file, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(data.tobytes())

"""Render a cue track to a 16-bit mono WAV file with the same synthesiser the player uses.

Spoken phrases become a short, low marker tone: speech is an external program,
so a WAV can only show where a phrase starts. The track is rendered and written
a few seconds at a time, so a whole 30-minute routine needs little memory.
"""

from __future__ import annotations

import sys
import wave
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from coretui.safe_files import atomic_file
from coretui.sound.schedule import Cue
from coretui.sound.synth import SAMPLE_RATE, Sound, limited, sound_pcm

TAIL_S = 1.0
"""Room after the last cue for its sound to ring out."""
CHUNK_S = 10


def cue_pcm(cue: Cue, rate: int = SAMPLE_RATE, gain: float = 1.0) -> array[int]:
    """The samples of one cue (a phrase as its marker tone), at full scale or `gain`."""
    sound = cue.sound or Sound.SPEECH
    pcm = sound_pcm(sound, cue.rep if sound is Sound.REP_COUNT else 0, rate)
    return pcm if gain == 1.0 else array("h", (round(v * gain) for v in pcm))


def track_length_s(cues: Sequence[Cue]) -> float:
    """The whole track: the last cue, and time for it to ring out."""
    return max((c.at_s for c in cues), default=0.0) + TAIL_S


def render_chunks(
    cues: Sequence[Cue], seconds: float | None = None, rate: int = SAMPLE_RATE, gain: float = 1.0
) -> Iterator[array[int]]:
    """The track as consecutive blocks of samples, every cue mixed in at its time, each
    at `gain` (the volume setting's, as the player scales them).

    Sounds that overlap are added, none dropped, and kept within 16 bits by `limited`.
    """
    total = round((track_length_s(cues) if seconds is None else seconds) * rate)
    pcms = ((round(c.at_s * rate), cue_pcm(c, rate, gain)) for c in cues)
    placed = sorted(pcms, key=lambda p: p[0])
    chunk = CHUNK_S * rate
    for begin in range(0, total, chunk):
        end = min(total, begin + chunk)
        out = array("h", bytes(2 * (end - begin)))
        filled = 0  # out[filled:] is still silent
        for start, pcm in placed:
            if start >= end:
                break
            if start + len(pcm) <= begin:
                continue
            lo, hi = max(start, begin), min(start + len(pcm), end)
            if lo - begin >= filled:  # silence below: a plain copy
                out[lo - begin : hi - begin] = pcm[lo - start : hi - start]
            else:
                for i in range(lo, hi):
                    out[i - begin] = limited(out[i - begin] + pcm[i - start])
            filled = max(filled, hi - begin)
        yield out


def write_wav(path: Path, blocks: Iterable[array[int]], mode: int, rate: int = SAMPLE_RATE) -> None:
    """Save blocks of 16-bit samples as a mono WAV (little-endian, as the format requires),
    the file's permissions `mode`.

    Written to a file beside `path`, then renamed over it: a full disk or an error part
    way leaves the file it would replace as it was, and no half-written one.
    """
    # The file is made first: a missing folder fails before `wave` holds anything.
    with (
        atomic_file(path, create_folder=False, mode=mode) as file,
        wave.open(file, "wb") as handle,  # (closed first: its header, then the rename)
    ):
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        for block in blocks:
            if sys.byteorder == "big":
                block = array("h", block)
                block.byteswap()
            handle.writeframes(block.tobytes())

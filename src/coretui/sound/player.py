"""Playing cue sounds in-process: miniaudio when a device opens, else the terminal bell.

miniaudio is imported and the device opened in a background thread, so neither
the first paint nor a missing or busy device ever holds up the UI. The UI thread
only appends to a queue; the device's callback mixes what is queued into the
stream (sounds that start together are added, none dropped).

While a workout runs the device runs, between its sounds too: a sound server
suspends a sink left silent for a few seconds, and waking it (Bluetooth above all)
would make the next cue late or cut its start. Otherwise (paused, the summary, the
list, Settings' Test sound) it is stopped once the stream has been silent for
`IDLE_S`, and started again, by the same background thread, never the UI's, when a
sound is queued: a running device wakes this process a hundred times a second, and
keeps the sound card and the sound server awake.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import threading
import time
from array import array
from collections import deque
from collections.abc import Callable, Generator
from typing import Any

from coretui.sound.device import open_miniaudio_device
from coretui.sound.output import LOST, NO_DEVICE, REMOTE, BellOnly, SoundOutput
from coretui.sound.synth import (
    PEAK,
    REP_COUNT_TOP,
    Sound,
    limited,
    rep_count_key,
    sound_pcm,
    volume_gain,
)

STALE_S = 0.25
"""A sound still queued this long (the device was slow to open) is dropped, not played late."""
STALLED_S = 1.5
"""No callback for this long while running: the device is gone (unplugged headphones)."""
IDLE_S = 0.1
"""Silence for this long stops the device: longer than what its buffer still holds to
play (a few periods), so the end of the last sound is heard before the stop."""
REP_COUNT_KEYS = (*range(5, REP_COUNT_TOP + 1, 5), REP_COUNT_TOP + 5)
"""The rep-count pattern's shapes (5, 10, ... 50, and 55 for any odd five above)."""
SOUNDS_AT_ONE_VOLUME = len(Sound) - 1 + len(REP_COUNT_KEYS)
"""Distinct sounds the player makes (the rep count in each shape): its cache's unit."""


class AudioOutput:
    """Mixes cue sounds into a miniaudio stream opened in a background thread."""

    def __init__(
        self,
        volume: int = 80,
        *,
        opener: Callable[[], Any] = open_miniaudio_device,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._opener = opener
        self._clock = clock
        self._gain = self._wanted_gain = volume_gain(volume)
        self.volume_set: threading.Thread | None = None
        """Making the sounds at a new volume (`set_volume`), if it was changed."""
        self._lock = threading.Lock()
        self._queued: list[tuple[float, tuple[Sound, int]]] = []
        self._scaled_cache: dict[tuple[tuple[Sound, int], float], bytes] = {}
        self._device: Any = None
        self._problem: str | None = None
        self._last_callback: float | None = None
        """When the running device last called back; None while it is stopped."""
        self._looked_at = -math.inf
        """When `problem` was last read (the cue player reads it at each tick)."""
        self._woken_at = -math.inf
        """When `problem` was read after a gap of its own: the process was stopped."""
        self._wake = threading.Event()
        """Set when the device may need starting or stopping, and on close."""
        self._running = False
        self._idle = False
        """Set by the stream after `IDLE_S` of silence with nothing queued."""
        self._stopping = False
        """Set (under the lock) while the device is being stopped: no sound starts then."""
        self._closed = False
        self._awake = False
        """A workout runs: the device is not stopped between sounds (`keep_awake`)."""
        self._device_lock = threading.Lock()
        self.onset_delays: deque[float] = deque(maxlen=1000)
        """Seconds from each play() to the callback that started mixing it (for benchmarks)."""
        self.opened = threading.Event()
        """Set once the device opened or failed to."""
        self.made = threading.Event()
        """Set once every sound is made at the first volume (`_prepare`)."""
        threading.Thread(target=self._open, name="coretui-audio", daemon=True).start()

    # -- the UI thread -------------------------------------------------------------------

    def play(self, sound: Sound, rep: int = 0, delay_s: float = 0.0) -> None:
        """Queue a sound for the next device period (or later); never blocks on the device."""
        if self._problem is not None:
            return
        key = (sound, rep_count_key(rep) if sound is Sound.REP_COUNT else 0)
        with self._lock:
            self._queued.append((self._clock() + delay_s, key))
        if not self._running:
            self._wake.set()

    def drop_pending(self) -> None:
        """Forget the sounds not yet started (the audio thread takes only due ones)."""
        with self._lock:
            self._queued = []

    def keep_awake(self, awake: bool) -> None:
        """While `awake`, the device runs between sounds; then it may stop in silence."""
        self._awake = awake
        if awake and not self._running:
            self._wake.set()

    @property
    def problem(self) -> str | None:
        """Why sounds cannot play: no device, or the device stopped calling back while
        this process ran. Asked after a gap of its own (the laptop asleep, Ctrl+Z), the
        device is given `STALLED_S` from then: it had no time to call back yet."""
        now = self._clock()
        if now - self._looked_at > STALLED_S:
            self._woken_at = now
        self._looked_at = now
        last = self._last_callback
        stalled = last is not None and now - max(last, self._woken_at) > STALLED_S
        if self._problem is None and self._device is not None and stalled:
            self._problem = LOST
        return self._problem

    def set_volume(self, volume: int) -> None:
        """Loudness 0-100 once its sounds are made, in a thread of their own (made in the
        audio callback at their first play, they took milliseconds of its 10 ms period)."""
        gain = volume_gain(volume)
        with self._lock:
            self._wanted_gain = gain
            if gain == self._gain:
                return
        self.volume_set = threading.Thread(target=self._use_gain, args=(gain,), daemon=True)
        self.volume_set.start()

    def _use_gain(self, gain: float) -> None:
        self._prepare(gain)
        with self._lock:  # (not a volume changed again since: `set_volume` holds it too)
            if self._wanted_gain == gain:
                self._gain = gain

    def close(self) -> None:
        """Stop and release the device (from any thread)."""
        self._closed = True
        self._wake.set()
        with self._device_lock:  # not while the background thread starts or stops it
            device, self._device = self._device, None
            if device is not None:
                with contextlib.suppress(Exception):
                    device.close()

    # -- the audio thread ----------------------------------------------------------------

    def _scaled(self, key: tuple[Sound, int], gain: float) -> bytes:
        """A sound at this volume as the device's bytes, made once per volume."""
        found = self._scaled_cache.get((key, gain))
        if found is None:
            if len(self._scaled_cache) >= 4 * SOUNDS_AT_ONE_VOLUME:
                # The volume changed more than a few times: the sounds at the others go.
                # Not those in use or wanted, which other threads may be making now.
                keep = {self._gain, self._wanted_gain, gain}
                for old in [each for each in list(self._scaled_cache) if each[1] not in keep]:
                    self._scaled_cache.pop(old, None)
            scaled = (round(v * gain) for v in sound_pcm(*key))
            pcm = array("h", (PEAK if v > PEAK else -PEAK if v < -PEAK else v for v in scaled))
            found = self._scaled_cache[key, gain] = pcm.tobytes()
        return found

    def _prepare(self, gain: float) -> None:
        """Make every sound at this volume, those queued first. Synthesis takes tens of
        milliseconds a sound, half a second in all: the callback plays a sound once it
        is made (`_ready`), and a "go" queued as the device opened is heard on time."""
        left = [
            (sound, rep)
            for sound in Sound
            for rep in (REP_COUNT_KEYS if sound is Sound.REP_COUNT else (0,))
        ]
        while left:
            with self._lock:
                wanted = [key for _, key in self._queued if key in left]
            key = wanted[0] if wanted else left[0]
            left.remove(key)
            self._scaled(key, gain)

    def _ready(self, key: tuple[Sound, int]) -> bool:
        """The sound is made at the volume in use (see `_prepare`)."""
        return (key, self._gain) in self._scaled_cache

    def _open(self) -> None:
        device: Any = None
        try:
            device = self._opener()
            stream = self._stream()
            next(stream)
            device.stop_callback = self._stopped
            with self._device_lock:
                if self._closed:  # coretui closed while the device opened: never start it
                    device.close()
                    return
                self._start(device, stream)
                self._device = device
            # A running device thread keeps the interpreter from exiting.
            atexit.register(self.close)
        except Exception:  # any failure to open means: use the bell
            self._problem = NO_DEVICE
            if device is not None:
                with contextlib.suppress(Exception):
                    device.close()
            return
        finally:
            self.opened.set()
        self._prepare(self._gain)  # (not for a device that does not open: nothing plays)
        self.made.set()
        self._run(device, stream)

    def _start(self, device: Any, stream: Generator[bytes, int, None]) -> None:
        self._idle = False
        self._last_callback = self._clock()  # a device that never calls back is lost
        self._running = True
        device.start(stream)

    def _run(self, device: Any, stream: Generator[bytes, int, None]) -> None:
        """Start the device when a sound is queued, stop it once the stream is idle."""
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._device_lock:
                if self._closed or self._problem is not None:
                    return
                try:
                    self._start_or_stop(device, stream)
                except Exception:  # the device went away between two sounds
                    self._problem = LOST
                    return

    def _start_or_stop(self, device: Any, stream: Generator[bytes, int, None]) -> None:
        if self._running:
            with self._lock:
                if not self._idle or self._queued or self._awake:
                    self._idle = False  # (the stream says so again after its next silence)
                    return
                self._stopping = True
            device.stop()  # (miniaudio calls `_stopped`; no callback comes after this)
            self._running = False
            self._last_callback = None
            with self._lock:
                self._stopping = False
                if not (self._queued or self._awake):
                    return
        self._start(device, stream)

    def _stopped(self) -> None:
        if not self._stopping:
            self._problem = LOST

    def _stream(self) -> Generator[bytes, int, None]:
        """The device's callback: each send() asks for frames, each yield gives them.

        It runs a hundred times a second, so the common cases cost no Python work per
        sample: silence is one bytes object, and a sound playing alone is a slice of
        its bytes made at this volume. Only sounds that overlap are mixed sample by
        sample (added at full scale, then scaled, and bent within 16 bits by `limited`).
        """
        active: list[tuple[tuple[Sound, int], int]] = []  # (sound, frames played)
        silence = b""
        silent_since: float | None = None
        frames = yield b""
        while True:
            now = self._clock()
            if self._running:
                self._last_callback = now
            if self._queued:  # a plain read first: most periods have nothing new
                with self._lock:
                    due = [
                        q
                        for q in self._queued
                        if q[0] <= now and self._ready(q[1]) and not self._stopping
                    ]
                    # (and those too late to play, made or not: none is left queued for good)
                    gone = [q for q in self._queued if now - q[0] > STALE_S]
                    if due or gone:
                        self._queued = [q for q in self._queued if q not in due and q not in gone]
                    self._idle = False
                for due_at, key in due:
                    if now - due_at <= STALE_S:
                        active.append((key, 0))
                        self.onset_delays.append(now - due_at)
            if not active:
                if self._queued or self._awake or not self._running:
                    silent_since = None
                elif silent_since is None:
                    silent_since = now
                elif now - silent_since >= IDLE_S and not self._idle:
                    self._idle = True
                    self._wake.set()  # the background thread stops the device
                if len(silence) != 2 * frames:
                    silence = bytes(2 * frames)
                frames = yield silence
                continue
            silent_since = None
            gain = self._gain
            if len(active) == 1:
                key, position = active[0]
                data = self._scaled(key, gain)
                chunk = data[2 * position : 2 * (position + frames)]
                if 2 * (position + frames) < len(data):
                    active = [(key, position + frames)]
                else:
                    active = []
                    chunk += bytes(2 * frames - len(chunk))
                frames = yield chunk
                continue
            mix = [0] * frames
            still: list[tuple[tuple[Sound, int], int]] = []
            for key, position in active:
                samples = sound_pcm(*key)
                chunk_samples = samples[position : position + frames]
                for i, value in enumerate(chunk_samples):
                    mix[i] += value
                if position + frames < len(samples):
                    still.append((key, position + frames))
            active = still
            out = array("h", (limited(v * gain) for v in mix))
            frames = yield out.tobytes()


def open_output(volume: int = 80) -> SoundOutput:
    """The best output here: the bell when remote or in a browser, else the audio device."""
    if os.environ.get("SSH_CONNECTION"):
        return BellOnly(REMOTE)
    if "web_driver" in os.environ.get("TEXTUAL_DRIVER", ""):  # `coretui serve`
        return BellOnly("In the browser: using the terminal bell")
    return AudioOutput(volume)

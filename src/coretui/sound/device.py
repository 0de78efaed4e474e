"""The audio device: miniaudio's default playback device, opened quietly.

miniaudio itself is imported as the device opens, in `player`'s audio thread: never
before the first paint, nor at all without a workout or a sound test.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import sys
import threading
import types
from typing import Any

from coretui.sound.synth import SAMPLE_RATE

BUFFER_MS = 10
"""Device period: a queued sound starts within about this long."""


def _quiet_alsa() -> None:
    """Keep ALSA's C library from printing over the TUI while devices are probed."""
    import ctypes
    import ctypes.util

    try:
        lib = ctypes.CDLL(ctypes.util.find_library("asound") or "libasound.so.2")
    except OSError:
        return
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    handler = handler_type(lambda *_: None)
    _KEEP_ALIVE.append(handler)  # ALSA keeps the pointer: the callback must outlive it
    lib.snd_lib_error_set_handler(handler)


_KEEP_ALIVE: list[Any] = []


_SWAP = threading.RLock()
"""Held while the stand-in goes in or out of `sys.modules` (the audio thread puts it
there; any thread may be the first to use it)."""


class _UrllibRequestLater(types.ModuleType):
    """Stands for urllib.request until something uses it, then imports it in full."""

    def __getattr__(self, name: str) -> Any:
        with _SWAP:
            if sys.modules.get("urllib.request") is self:
                del sys.modules["urllib.request"]
            real = importlib.import_module("urllib.request")
        return getattr(real, name)


def miniaudio_module() -> Any:
    """miniaudio, imported without the urllib.request it imports for streaming from URLs.

    coretui never streams, and urllib.request brings http.client and email with it: 1.6 MB
    of a workout's memory. A stand-in takes its place until something uses it (importlib's
    LazyLoader cannot: an `import` statement reads the module's `__spec__`, which loads it).
    """
    with _SWAP:
        if "urllib.request" not in sys.modules:
            import urllib

            later = _UrllibRequestLater("urllib.request")
            later.__spec__ = importlib.util.find_spec("urllib.request")
            sys.modules["urllib.request"] = later
            urllib.request = later  # type: ignore[attr-defined]  # as `import` sets it
    import miniaudio

    return miniaudio


def open_miniaudio_device() -> Any:
    """Open the default playback device (16-bit mono); raise if none, or only the null one."""
    if os.name == "posix":
        with contextlib.suppress(Exception):
            _quiet_alsa()
    miniaudio = miniaudio_module()

    device = miniaudio.PlaybackDevice(
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=SAMPLE_RATE,
        buffersize_msec=BUFFER_MS,
        app_name="coretui",
    )
    if device.backend.lower() == "null":
        device.close()
        raise OSError("only the silent null backend is available")
    return device

"""Sound: how soon each tone starts after its engine event, and what sound costs in CPU.

    python -m benchmarks.sound_timing [--seconds 30] [--onset-only | --cpu-only]

`make bench` runs the onset part aside (it sleeps between ticks) and the CPU part
in turn with the other measurements.

Onset: the engine runs on `time.monotonic`, ticked as the workout screen ticks it
(`workout_lines.next_change_in`, then a sleep), over a hip-raise tempo set (up 1 /
hold 5 / down 1). Each cue goes through the real `CuePlayer` to an `AudioOutput`
on the default device, or on miniaudio's null backend where there is none. A
tone's onset is the audio callback that starts mixing it, on the same clock; its
event time is the moment the engine's step or phase changed. Onset minus event
is the tick's lateness plus the wait for the next callback (one 10 ms period at
most); the device's own output latency comes after and is not seen here.

CPU: the whole app (headless Textual, 100x30) runs the same tempo set with sound
on (tones through the device) and off (no tones, no device); CPU time of the
process (every thread) over N seconds from 5 s in (the steady state, after the
device opened and the sounds were made), each twice, in turn; and the audio
device alone, fed silence with no app, for as long (what the device's own thread
costs: miniaudio's null backend polls a timer, a sound card's driver waits on the
card).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from coretui.sound.cues import CuePlayer
from coretui.sound.device import BUFFER_MS, open_miniaudio_device
from coretui.sound.player import AudioOutput
from coretui.sound.synth import Sound
from coretui.tui.screens.workout_lines import next_change_in
from coretui.workout.engine import WorkoutEngine
from coretui.workout.routine_models import routine_of
from coretui.workout.routines import Routine
from coretui.workout.timeline import compile_routine

TEMPO_TOML = """
id = "bench-tempo"
name = "Hip raises"
lead_in_s = 0
[[exercises]]
kind = "reps"
name = "Hip raise"
reps = 15
sets = 3
tempo = [
    { name = "up", seconds = 1 },
    { name = "hold", seconds = 5 },
    { name = "down", seconds = 1 },
]
"""


def tempo_routine() -> Routine:
    """The hip-raise tempo set of the benchmark."""
    import tomllib

    return routine_of(tomllib.loads(TEMPO_TOML))


def null_device() -> Any:
    """miniaudio's null backend: callbacks on a timer, no sound."""
    import miniaudio

    return miniaudio.PlaybackDevice(
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=44_100,
        buffersize_msec=BUFFER_MS,  # (as the app opens its device)
        backends=[miniaudio.Backend.NULL],
    )


def open_output() -> tuple[AudioOutput, str]:
    """The default device if one opens, else the null backend."""
    output = AudioOutput(opener=open_miniaudio_device)
    output.opened.wait(10)
    if output.problem is None:
        output.made.wait(10)  # (onsets are measured once every sound is made)
        return output, "default device"
    output = AudioOutput(opener=null_device)
    output.opened.wait(10)
    if output.problem is not None:
        raise SystemExit("miniaudio cannot open even its null backend")
    output.made.wait(10)
    return output, "null backend"


class _Counting:
    """Wraps an output: notes when each sound was queued, against its event time."""

    def __init__(self, output: AudioOutput) -> None:
        self.output = output
        self.event_at = 0.0
        self.queued_late: list[float] = []

    def play(self, sound: Sound, rep: int = 0, delay_s: float = 0.0) -> None:
        self.queued_late.append(time.monotonic() - self.event_at)
        self.output.play(sound, rep, delay_s)

    def drop_pending(self) -> None:
        self.output.drop_pending()

    def keep_awake(self, awake: bool) -> None:
        self.output.keep_awake(awake)

    @property
    def problem(self) -> str | None:
        return self.output.problem

    def set_volume(self, volume: int) -> None:
        self.output.set_volume(volume)

    def close(self) -> None:
        self.output.close()


def onsets(seconds: float) -> dict[str, Any]:
    """Onset minus event time of every tone over `seconds` of the tempo set."""
    output, backend = open_output()
    output.set_volume(0)  # measured, not heard
    counting = _Counting(output)
    engine = WorkoutEngine(compile_routine(tempo_routine()), time.monotonic)
    player = CuePlayer(engine=engine, bell=lambda: None, output=counting)
    counting.event_at = time.monotonic()
    player.play(engine.start())
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        counting.event_at = engine.now + engine.next_cue_moment() - engine.step_elapsed()
        time.sleep(next_change_in(engine))  # as the screen does
        player.play(engine.tick())
    time.sleep(0.1)  # let the last callbacks take what was queued
    output.close()
    delays = [
        (late + wait) * 1000
        for late, wait in zip(counting.queued_late, output.onset_delays, strict=False)
    ]
    return {
        "backend": backend,
        "sounds": len(delays),
        "tick_late_ms": [round(late * 1000, 1) for late in counting.queued_late],
        "callback_wait_ms": [round(wait * 1000, 1) for wait in output.onset_delays],
        "onset_median_ms": round(statistics.median(delays), 2),
        "onset_worst_ms": round(max(delays), 2),
        "goal_ms": 30,
    }


WARM_S = 5.0


async def _app_cpu(seconds: float, sound: bool, home: Path) -> float:
    from coretui.paths import AppPaths
    from coretui.services.awake import KeepAwake
    from coretui.sound.output import BellOnly
    from coretui.tui.app import CoreApp
    from coretui.tui.launch import LaunchOptions

    paths = AppPaths(data_dir=home / "data", config_dir=home / "config")
    paths.routines_dir.mkdir(parents=True, exist_ok=True)
    (paths.routines_dir / "bench-tempo.toml").write_text(TEMPO_TOML, encoding="utf-8")
    if sound:
        output: Any = open_output()[0]
    else:
        output = BellOnly("")
    app = CoreApp(
        paths,
        # No pain question: it held every run before the set (the CPU of an app idle at
        # the question was measured, sound on and off, until the nineteenth session).
        LaunchOptions(routine_id="bench-tempo", lead_in_s=0, mute=not sound, ask_pain=False),
        keep_awake=KeepAwake.off(),
        sound_output=output,
    )
    app.trainer.settings_values = {**app.trainer.settings_values, "sound": sound}
    async with app.run_test(size=(100, 30)):
        # Steady state, as the countdown rows: from WARM_S in, once the device has
        # opened and every sound has been made (a one-off, in its own thread).
        await asyncio.sleep(WARM_S)
        if app.workout is None or app.screen is not app.workout:
            raise RuntimeError(f"the tempo set is not running ({type(app.screen).__name__})")
        before = time.process_time()
        await asyncio.sleep(seconds)
        used = time.process_time() - before
    output.close()
    return used


def device_alone(seconds: float) -> tuple[float, str]:
    """CPU seconds of the audio device alone over `seconds`: opened as the app opens it,
    fed silence by a generator that does nothing else (no app, no mixing)."""

    def silence() -> Any:
        frames = yield b""
        while True:
            frames = yield bytes(2 * frames)

    backend = "default device"
    try:
        device = open_miniaudio_device()
    except Exception:  # no device here: the null backend, as the app's benchmark uses
        device, backend = null_device(), "null backend"
    stream = silence()
    next(stream)
    device.start(stream)
    try:
        before = time.process_time()
        time.sleep(seconds)
        return time.process_time() - before, backend
    finally:
        device.close()


def cpu(seconds: float) -> dict[str, Any]:
    """CPU seconds of the app over `seconds` of the tempo set, sound on against off."""
    runs: dict[str, list[float]] = {"on": [], "off": []}
    for _ in range(2):
        for mode in ("off", "on"):
            with tempfile.TemporaryDirectory() as home:
                used = asyncio.run(_app_cpu(seconds, mode == "on", Path(home)))
            runs[mode].append(used)
    on, off = statistics.median(runs["on"]), statistics.median(runs["off"])
    alone, backend = device_alone(seconds)
    return {
        "seconds": seconds,
        "device_alone_s": round(alone, 3),
        "backend": backend,
        "cpu_on_s": round(on, 3),
        "cpu_off_s": round(off, 3),
        "added_pct": round((on / off - 1) * 100, 1),
        "goal_pct": 10,
        "samples": runs,
    }


def main() -> None:
    """Run the measurements asked for and print them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each run")
    parser.add_argument("--onset-only", action="store_true", help="skip the CPU runs")
    parser.add_argument("--cpu-only", action="store_true", help="skip the onset run")
    args = parser.parse_args()
    result: dict[str, Any] = {}
    if not args.cpu_only:
        result["onset"] = onsets(args.seconds)
    if not args.onset_only:
        result["cpu"] = cpu(args.seconds)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

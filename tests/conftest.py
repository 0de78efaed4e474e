"""Shared fixtures: a fake clock, a fake sound device; no test touches the real folders."""

from __future__ import annotations

import threading
from array import array
from pathlib import Path
from typing import Any

import pytest

from coretui.paths import AppPaths
from coretui.sound import player
from coretui.sound.synth import Sound


class FakeClock:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


LONGEST_FIRST = (
    "tests/ui/test_stress.py::",
    "tests/unit/test_fuzz_routines.py::test_any_mutated_routine",
    "tests/unit/test_fuzz_routines.py::test_random_bytes",
    "tests/unit/test_history_faults.py::test_kill_9",
    "tests/e2e/test_tmux_",
    "tests/ui/test_editor.py::test_reps_tempo_phases_typed_wrong",
    "tests/ui/test_kept_edits.py::test_two_windows_closing",
    "tests/ui/test_figure_direct_paint.py::test_direct_frames_match",
    "tests/ui/test_editor_at_once.py::test_phases_that_do_not_read",
    "tests/ui/test_resume.py::test_a_resumed_session_keeps_the_pain",
    "tests/ui/test_saving.py::test_a_completed_run_of_skips",
)
"""Tests of 7 s or more on four workers (a random walk, a fuzz, real terminals that
wait): run first. The suite ends when its last test does; one of these begun late ran
on alone at the end."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))  # (stable)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point XDG folders at tmp_path so tests never read or write real history."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("CORETUI_TOKEN", raising=False)  # serve's token: each test's own


class FakeDevice:
    """Stands in for a miniaudio device; the test pulls its stream like the callback does.

    Like miniaudio's, it calls its `stop_callback` on every stop, asked for or not.
    """

    def __init__(self) -> None:
        self.stream: Any = None
        self.stop_callback: Any = None
        self.backend = "fake"
        self.running = False
        self.stopping = False
        self.starts = 0
        self.stops = 0
        self.closed = False
        self.changed = threading.Condition()
        self.stop_gate: threading.Event | None = None
        """When set to an Event, `stop` waits for it (as miniaudio's waits for its thread)."""

    def start(self, stream: Any) -> None:
        with self.changed:
            self.stream = stream
            self.running = True
            self.starts += 1
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
        if self.stop_gate is not None:
            self.stop_gate.wait(10)
        with self.changed:
            self.stopping = False
            self.running = False
            self.stops += 1
            self.changed.notify_all()
        if self.stop_callback is not None:
            self.stop_callback()

    def wait_until(self, running: bool, timeout: float = 10) -> bool:
        """Wait (for the player's background thread, not a countdown) until it runs or not."""
        with self.changed:
            return self.changed.wait_for(lambda: self.running is running, timeout=timeout)

    def wait_starts(self, starts: int) -> bool:
        """Wait until the device has been started `starts` times (running now)."""
        with self.changed:
            return self.changed.wait_for(lambda: self.starts >= starts and self.running, 10)

    def wait_stopping(self) -> bool:
        """Wait until the player's background thread is inside `stop`."""
        with self.changed:
            return self.changed.wait_for(lambda: self.stopping, timeout=10)

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.running = False
            self.changed.notify_all()


PERIOD = 441
"""Frames miniaudio's callback asks for a period: 10 ms at 44.1 kHz."""


def opened(volume: int, clock: FakeClock) -> tuple[player.AudioOutput, FakeDevice]:
    """A player on a fake device, opened and with every sound made."""
    device = FakeDevice()
    output = player.AudioOutput(volume, opener=lambda: device, clock=clock)
    assert output.opened.wait(10) and output.made.wait(10) and output.problem is None
    return output, device


def heard(device: FakeDevice, clock: FakeClock, periods: int) -> list[int]:
    """`periods` of the stream, pulled as the callback pulls it, the clock moving 10 ms
    a period."""
    out: list[int] = []
    for _ in range(periods):
        out += array("h", device.stream.send(PERIOD)).tolist()
        clock.advance(PERIOD / 44_100)
    return out


class RecordingOutput:
    """A sound output that records what it was asked to play; no device is touched."""

    problem: str | None = None

    def __init__(self) -> None:
        self.played: list[Sound] = []
        self.delays: list[float] = []
        self.dropped_at: list[int] = []
        """How many sounds had been played at each `drop_pending`."""
        self.volume: int | None = None
        self.awake: list[bool] = []
        """Each `keep_awake` the cue player gave (True while a workout runs)."""

    def play(self, sound: Sound, rep: int = 0, delay_s: float = 0.0) -> None:
        self.played.append(sound)
        self.delays.append(delay_s)

    def drop_pending(self) -> None:
        """Delayed sounds not yet due are forgotten: as a device would, on a pause."""
        self.dropped_at.append(len(self.played))

    def keep_awake(self, awake: bool) -> None:
        self.awake.append(awake)

    def set_volume(self, volume: int) -> None:
        self.volume = volume

    def close(self) -> None:
        pass


@pytest.fixture(autouse=True)
def _no_sound_device(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test opens the machine's sound device: a workout gets a recording output."""
    monkeypatch.setattr(player, "open_output", lambda volume=80: RecordingOutput())


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(data_dir=tmp_path / "data", config_dir=tmp_path / "config")

"""The cue player against a fake device and a fake clock: what a user would hear."""

from __future__ import annotations

import time
from typing import Any

import pytest

from coretui.sound import player
from coretui.sound.player import LOST, STALE_S, AudioOutput
from coretui.sound.synth import Sound
from tests.conftest import FakeClock, FakeDevice

PERIOD = 441  # frames of a 10 ms period at 44.1 kHz


def running_output(clock: FakeClock) -> tuple[AudioOutput, FakeDevice]:
    """A player whose device runs, as it does through a workout."""
    device = FakeDevice()
    output = AudioOutput(opener=lambda: device, clock=clock)
    assert output.opened.wait(10) and output.problem is None
    output.keep_awake(True)
    assert device.wait_until(running=True) and output.made.wait(10)
    return output, device


def heard(device: FakeDevice, periods: int, clock: FakeClock) -> bool:
    """Whether the next `periods` callbacks give anything but silence."""
    sound = False
    for _ in range(periods):
        sound |= any(device.stream.send(PERIOD))
        clock.advance(0.01)
    return sound


def test_a_laptop_asleep_mid_workout_keeps_its_tones_when_it_wakes(clock: FakeClock) -> None:
    # After 30 s asleep the screen's timer ran before the device called back: the
    # device was taken for lost, and the bell stood in for every tone to the end.
    output, device = running_output(clock)
    assert not heard(device, 5, clock)
    clock.advance(30)  # asleep: no callback, no tick of the screen either
    assert output.problem is None
    assert not heard(device, 5, clock)  # the device calls back again
    output.play(Sound.GO)
    assert heard(device, 5, clock) and output.problem is None


def test_a_device_that_stops_calling_back_while_the_screen_ticks_is_lost(
    clock: FakeClock,
) -> None:
    output, device = running_output(clock)
    assert not heard(device, 5, clock)
    clock.advance(30)
    assert output.problem is None  # (asleep: given its time to call back)
    for _ in range(4):  # the screen ticks, and the device never calls back
        clock.advance(0.5)
        output.problem  # noqa: B018  (the cue player reads it each tick)
    assert output.problem == LOST


def test_a_go_queued_as_the_device_opens_is_heard(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `coretui run core-quick --lead-in 0`: every sound was made (half a second) before
    # the device started, and the "go" queued meanwhile was dropped as too late.
    made = player.sound_pcm

    def slow(sound: Sound, rep: int = 0) -> Any:  # each sound takes 30 ms to make
        clock.advance(0.03)
        return made(sound, rep)

    monkeypatch.setattr(player, "sound_pcm", slow)
    device = FakeDevice()
    output = AudioOutput(opener=lambda: device, clock=clock)
    output.play(Sound.GO)
    assert device.wait_until(running=True)
    for _ in range(1000):  # (the callback, until the background thread has made it)
        if any(device.stream.send(PERIOD)):
            break
        time.sleep(0.002)
    else:
        raise AssertionError("the go was never heard")
    assert max(output.onset_delays) <= STALE_S

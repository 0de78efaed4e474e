"""The cue player against a fake device and a fake clock: what a user would hear."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from coretui.sound import player, synth
from coretui.sound.output import LOST
from coretui.sound.player import STALE_S, AudioOutput
from coretui.sound.synth import Sound
from tests.conftest import PERIOD, FakeClock, FakeDevice, heard, opened


def running_output(clock: FakeClock) -> tuple[AudioOutput, FakeDevice]:
    """A player whose device runs, as it does through a workout."""
    output, device = opened(80, clock)
    output.keep_awake(True)
    assert device.wait_until(running=True)
    return output, device


def test_a_laptop_asleep_mid_workout_keeps_its_tones_when_it_wakes(clock: FakeClock) -> None:
    # After 30 s asleep the screen's timer ran before the device called back: the
    # device was taken for lost, and the bell stood in for every tone to the end.
    output, device = running_output(clock)
    assert not any(heard(device, clock, 5))
    clock.advance(30)  # asleep: no callback, no tick of the screen either
    assert output.problem is None
    assert not any(heard(device, clock, 5))  # the device calls back again
    output.play(Sound.GO)
    assert any(heard(device, clock, 5)) and output.problem is None


def test_a_device_that_stops_calling_back_while_the_screen_ticks_is_lost(
    clock: FakeClock,
) -> None:
    output, device = running_output(clock)
    assert not any(heard(device, clock, 5))
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
    made, go_made, others = synth.sound_pcm, threading.Event(), threading.Event()

    def slow(sound: Sound, rep: int = 0) -> Any:  # each sound takes 30 ms to make
        if sound is not Sound.GO:
            go_made.set()  # (the sound made before this one is kept by now)
            others.wait(10)  # (held until the go is heard, or not)
        clock.advance(0.03)
        return made(sound, rep)

    monkeypatch.setattr(player, "sound_pcm", slow)
    device, queued = FakeDevice(), threading.Event()
    output = AudioOutput(opener=lambda: device if queued.wait(10) else None, clock=clock)
    output.play(Sound.GO)
    queued.set()  # the device opens with the go queued
    try:
        assert device.wait_until(running=True), "the device waited for every sound"
        assert go_made.wait(10)
        assert any(device.stream.send(PERIOD)), "the go was not heard"
        assert max(output.onset_delays) <= STALE_S
    finally:
        others.set()
        output.close()


def test_every_sound_is_heard_after_the_volume_is_changed_again_and_again(
    clock: FakeClock,
) -> None:
    # Each change makes the sounds anew in a thread of its own; one emptied the cache
    # while another filled it, the volume came into use with sounds missing, and those
    # were never heard again (and stayed queued: the device never stopped).
    output, device = running_output(clock)
    threads = []
    for volume in (10, 20, 30, 40, 50, 60, 70):
        output.set_volume(volume)
        assert output.volume_set is not None
        threads.append(output.volume_set)
    for thread in threads:
        thread.join(30)
    for sound in Sound:
        output.play(sound, 5)
        assert any(heard(device, clock, 2)), sound
        heard(device, clock, 200)  # (to its end)

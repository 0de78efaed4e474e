"""What the audio device is given: each queued sound, at its volume, mixed, never late.

The stream is pulled as miniaudio's callback pulls it, 441 frames (10 ms) a period;
the expected samples are worked out here the plain way (sum, scale, limit).
"""

from __future__ import annotations

import threading

import pytest

from coretui.sound import player
from coretui.sound.player import AudioOutput
from coretui.sound.synth import (
    LIMIT_KNEE,
    NOTES,
    PEAK,
    Sound,
    limited,
    notes_samples,
    volume_gain,
)
from tests.conftest import PERIOD, FakeClock, FakeDevice, heard, opened


def full_scale(sound: Sound) -> list[int]:
    return [round(v * PEAK) for v in notes_samples(NOTES[sound])]


def expected(parts: list[tuple[list[int], int]], length: int, gain: float) -> list[int]:
    mix = [0] * length
    for samples, start in parts:
        for i, value in enumerate(samples[: max(0, length - start)]):
            mix[start + i] += value
    return [limited(v * gain) for v in mix]


def test_one_sound_plays_whole_at_its_volume_then_silence(clock: FakeClock) -> None:
    output, device = opened(60, clock)
    tick = full_scale(Sound.TICK)
    output.play(Sound.TICK)
    periods = len(tick) // PERIOD + 3
    got = heard(device, clock, periods)
    assert got == expected([(tick, 0)], periods * PERIOD, volume_gain(60))
    assert any(got) and not any(got[len(tick) :])


def test_overlapping_sounds_are_added_and_never_clip(clock: FakeClock) -> None:
    output, device = opened(100, clock)
    go, tick = full_scale(Sound.GO), full_scale(Sound.TICK)
    output.play(Sound.GO)
    output.play(Sound.TICK, delay_s=0.05)  # starts in the fifth period, over the go
    periods = max(len(go), 5 * PERIOD + len(tick)) // PERIOD + 2
    got = heard(device, clock, periods)
    assert got == expected([(go, 0), (tick, 5 * PERIOD)], periods * PERIOD, 1.0)
    # The tick over the go tone went past full scale and was cut flat there (a crackle).
    assert max(map(abs, got)) < PEAK
    assert sum(abs(v) > LIMIT_KNEE for v in got) > 0, "the loud overlap is there, bent"


def test_dropped_sounds_never_start_but_one_playing_ends_whole(clock: FakeClock) -> None:
    output, device = opened(100, clock)
    tick = full_scale(Sound.TICK)
    output.play(Sound.TICK)
    output.play(Sound.GO, delay_s=0.05)
    got = heard(device, clock, 2)
    output.drop_pending()  # paused: the go tone, due in 30 ms, must not come
    periods = len(full_scale(Sound.GO)) // PERIOD + 8
    got += heard(device, clock, periods)
    assert got == expected([(tick, 0)], (periods + 2) * PERIOD, 1.0)


def test_a_new_volume_applies_to_the_next_sound_made_before_it_is_mixed(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its sounds were made at the new volume in the audio callback, at their first play:
    # milliseconds of a 10 ms period (a gap heard, or a cue late).
    output, device = opened(80, clock)
    tick = full_scale(Sound.TICK)
    periods = len(tick) // PERIOD + 2
    output.play(Sound.TICK)
    loud = heard(device, clock, periods)
    output.set_volume(20)
    assert output.volume_set is not None
    output.volume_set.join(10)

    def made_in_the_callback(*args: object) -> object:
        raise AssertionError("a sound made in the audio callback")

    monkeypatch.setattr(player, "sound_pcm", made_in_the_callback)
    output.play(Sound.TICK)
    quiet = heard(device, clock, periods)
    assert loud == expected([(tick, 0)], periods * PERIOD, volume_gain(80))
    assert quiet == expected([(tick, 0)], periods * PERIOD, volume_gain(20))


def test_the_device_stops_in_silence_and_starts_again_for_the_next_sound(
    clock: FakeClock,
) -> None:
    output, device = opened(100, clock)
    tick, go = full_scale(Sound.TICK), full_scale(Sound.GO)
    output.play(Sound.TICK)
    heard(device, clock, len(tick) // PERIOD + 1)
    assert device.running, "a sound is playing: the device runs"
    heard(device, clock, 12)  # 120 ms of silence
    assert device.wait_until(running=False), "nothing to play: the device is stopped"
    clock.advance(30)  # a long rest, the device stopped all along
    assert output.problem is None, "a device stopped on purpose is not a lost one"
    output.play(Sound.GO)
    assert device.wait_until(running=True) and device.starts == 2
    periods = len(go) // PERIOD + 2
    assert heard(device, clock, periods) == expected([(go, 0)], periods * PERIOD, 1.0)
    assert output.problem is None


def test_a_sound_queued_while_the_device_stops_plays_whole_once_it_starts_again(
    clock: FakeClock,
) -> None:
    output, device = opened(100, clock)
    device.stop_gate = gate = threading.Event()
    output.play(Sound.TICK)
    heard(device, clock, len(full_scale(Sound.TICK)) // PERIOD + 12)
    assert device.wait_stopping(), "silence: the device is being stopped"
    output.play(Sound.GO)  # in the middle of the stop
    assert not any(heard(device, clock, 1)), "a period the stopping device asks for is silent"
    gate.set()
    assert device.wait_starts(2), "started again for it"
    go = full_scale(Sound.GO)
    periods = len(go) // PERIOD + 2
    assert heard(device, clock, periods) == expected([(go, 0)], periods * PERIOD, 1.0)


def test_the_device_runs_between_sounds_while_a_workout_keeps_it_awake(
    clock: FakeClock,
) -> None:
    # A sound server suspends a sink left silent for a few seconds, and waking it made
    # the next cue late: while a workout runs, the device runs through its silences.
    output, device = opened(100, clock)
    output.keep_awake(True)
    output.play(Sound.TICK)
    assert not any(heard(device, clock, 300)[len(full_scale(Sound.TICK)) :]), "3 s of silence"
    assert not device.wait_until(running=False, timeout=0.2) and device.stops == 0
    output.keep_awake(False)  # paused, or the workout is over
    heard(device, clock, 12)
    assert device.wait_until(running=False), "then it is let stop"
    output.keep_awake(True)  # resumed: started again before any sound is due
    assert device.wait_starts(2)


def test_closing_while_the_device_opens_leaves_it_closed(clock: FakeClock) -> None:
    # coretui quits in the moment the audio thread opens the device: it must not then
    # be started and left running until the interpreter exits.
    device, may_open = FakeDevice(), threading.Event()

    def slow_opener() -> FakeDevice:
        may_open.wait(10)
        return device

    output = AudioOutput(100, opener=slow_opener, clock=clock)
    output.close()
    may_open.set()
    assert output.opened.wait(10)
    assert device.closed and not device.running and device.starts == 0

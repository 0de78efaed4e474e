"""The cue player: tones or the bell, mute, the voice (what it says, when, and how it is run)."""

from __future__ import annotations

import itertools
import os
import stat
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from coretui.sound import speech
from coretui.sound.cues import CuePlayer
from coretui.sound.output import NO_DEVICE, REMOTE
from coretui.sound.phrases import speaking_s
from coretui.sound.player import open_output as real_open_output
from coretui.sound.schedule import SoundOptions
from coretui.sound.speech import SystemSpeaker
from coretui.sound.synth import Sound
from coretui.sound.track import FakeClock, build_track, drive
from coretui.workout.engine import WorkoutEngine
from coretui.workout.routine_models import routine_of
from coretui.workout.routines import Routine, load_library
from coretui.workout.timeline import StepKind
from tests.conftest import RecordingOutput


def bundled(routine_id: str) -> Routine:
    loaded = load_library(None).get(routine_id)
    assert loaded is not None
    return loaded.routine


@dataclass
class Ear:
    """Counts bells, keeps phrases and notices."""

    bells: int = 0
    said: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def bell(self) -> None:
        self.bells += 1

    def say(self, text: str) -> None:
        self.said.append(text)


def run(player: CuePlayer, clock: FakeClock, until_s: float | None = None) -> None:
    for _, events in drive(player.engine, clock, until_s=until_s):
        player.play(events)


def player_for(
    routine: Routine, ear: Ear, output: RecordingOutput | None = None, **options: bool
) -> tuple[CuePlayer, FakeClock]:
    clock = FakeClock()
    engine = WorkoutEngine.for_routine(routine, clock)
    player = CuePlayer(
        engine=engine,
        bell=ear.bell,
        output=output,
        speaker=ear,
        notify=ear.notices.append,
        **options,
    )
    return player, clock


def test_tones_go_to_the_device_and_the_bell_stays_quiet() -> None:
    ear, output = Ear(), RecordingOutput()
    player, clock = player_for(bundled("core-six"), ear, output)
    run(player, clock, until_s=245)
    assert ear.bells == 0
    assert output.played[:4] == [Sound.TICK, Sound.TICK, Sound.TICK, Sound.GO]
    # (Its first 245 s rest only between exercises: no second set yet.)
    assert Sound.PHASE_RISE in output.played and Sound.REST_NEW_MOVE in output.played


def test_without_a_device_the_bell_rings_for_ticks_and_changes_and_says_so_once() -> None:
    ear, output = Ear(), RecordingOutput()
    output.problem = NO_DEVICE
    player, clock = player_for(bundled("core-quick"), ear, output)
    run(player, clock, until_s=71)  # lead-in 3-2-1, go, plank 3-2-1, rest
    assert ear.bells == 3 + 1 + 3 + 1
    assert ear.notices == [NO_DEVICE]
    assert output.played == []


def test_mute_silences_tones_bell_and_voice() -> None:
    ear, output = Ear(), RecordingOutput()
    player, clock = player_for(bundled("core-quick"), ear, output, sound=False, voice=True)
    run(player, clock, until_s=80)
    assert (ear.bells, ear.said, output.played) == (0, [], [])


def test_the_bell_standing_in_is_said_once_sound_is_on_not_while_muted_or_without_tones() -> None:
    # --mute: "No sound device: using the terminal bell" opened a silent workout.
    ear, output = Ear(), RecordingOutput()
    output.problem = NO_DEVICE
    player, clock = player_for(bundled("core-quick"), ear, output, sound=False)
    run(player, clock, until_s=20)
    assert ear.notices == []
    player.sound = True  # m
    run(player, clock, until_s=25)
    assert ear.notices == [NO_DEVICE]
    ear = Ear()
    player, clock = player_for(bundled("core-quick"), ear, output, tones=False)
    run(player, clock, until_s=20)
    assert ear.notices == [], "no tones, so none stood in for"


def test_sound_off_keeps_the_voice() -> None:
    ear, output = Ear(), RecordingOutput()
    player, clock = player_for(bundled("core-quick"), ear, output, tones=False, voice=True)
    run(player, clock, until_s=12)
    assert output.played == [] and ear.bells == 0
    # "three" falls while the get-ready phrase is said: the count ticks (not played
    # here) to its end, and the next words are the plank's.
    assert ear.said[1:2] == ["Plank. 1 minute."]


def test_the_voice_names_the_variant_in_use() -> None:
    ear = Ear()
    player, clock = player_for(bundled("core-quick"), ear, RecordingOutput(), voice=True)
    player.engine.easier = {0, 1}  # plank on knees, side plank on knees
    run(player, clock, until_s=90)
    assert ear.said[0].startswith("Get ready. Next: Plank on knees. Forearms and knees down")
    assert "Plank on knees. 1 minute." in ear.said
    assert "Side plank on knees, left side. 45 seconds." in ear.said
    assert not [p for p in ear.said if p.startswith("Plank") and "knees" not in p]


def test_a_pause_too_short_for_the_next_move_in_full_still_names_it() -> None:
    # On the easier variants the 5 s pauses said only "Switch sides." and "Rest.": the
    # variant's longer name did not fit, and the whole "Next: ..." went unsaid.
    ear = Ear()
    player, clock = player_for(bundled("core-quick"), ear, RecordingOutput(), voice=True)
    player.engine.easier = {1, 4}  # side plank on knees; opposite arm and leg lift
    run(player, clock)
    assert "Switch sides. Next: right side." in ear.said
    assert "Rest. Next: Opposite arm and leg lift." in ear.said


def test_spoken_phrases_kept_are_bounded() -> None:
    ear = Ear()
    player, clock = player_for(bundled("core-six"), ear, RecordingOutput(), voice=True)
    run(player, clock)
    assert len(ear.said) > 100  # (more than are kept)
    assert list(player.spoken) == ear.said[-len(player.spoken) :]
    assert len(player.spoken) <= 50


class Spawned:
    """A fake speech process: records its arguments and whether it was cut off."""

    def __init__(self, argv: list[str], at: float) -> None:
        self.argv, self.at, self.terminated = argv, at, False

    def poll(self) -> int | None:
        return 0 if self.terminated else None

    def terminate(self) -> None:
        self.terminated = True


def test_core_quick_says_how_to_set_up_each_next_move_during_the_rest_before_it() -> None:
    routine = bundled("core-quick")
    clock = FakeClock()
    engine = WorkoutEngine.for_routine(routine, clock)
    spawned: list[Spawned] = []

    def spawn(argv: list[str], env: dict[str, str] | None) -> Spawned:
        spawned.append(Spawned(argv, clock.now))
        return spawned[-1]

    speaker = SystemSpeaker(command="/usr/bin/espeak-ng", spawn=spawn)
    player = CuePlayer(engine=engine, bell=Ear().bell, speaker=speaker, voice=True)
    starts: list[tuple[float, StepKind, int | None]] = []
    for at_s, events in drive(engine, clock):
        player.play(events)
        if engine.state.value == "running" and engine.step_elapsed() < 1e-3:
            starts.append((at_s, engine.step.kind, engine.step.exercise_index))
    assert spawned and all(s.argv[:3] == ["/usr/bin/espeak-ng", "-s", "175"] for s in spawned)
    # Speech never overlaps itself: each phrase cut off the one before it.
    assert all(earlier.terminated for earlier in spawned[:-1])
    for index, exercise in enumerate(routine.exercises):
        first_work = next(at for at, kind, ex in starts if kind is StepKind.WORK and ex == index)
        rest_start = max(
            at for at, kind, _ in starts if kind is not StepKind.WORK and at < first_work
        )
        said = [s for s in spawned if exercise.cue in s.argv[-1]]
        assert said, f"the cue of {exercise.name} is never said"
        assert any(rest_start <= s.at < first_work for s in said), exercise.name
        assert f"Next: {exercise.name}" in said[0].argv[-1]


@pytest.mark.parametrize("routine_id", ["core-quick", "core-six"])
def test_the_count_never_cuts_off_what_is_being_said(routine_id: str) -> None:
    # Spoken at 175 words a minute (espeak-ng), the get-ready phrase took 8 s of a 10 s
    # lead-in whose spoken "three" came at 7 s and cut it off; so did the next step's
    # name. Each phrase now fits its pause, and the count ticks until it ends.
    track = build_track(bundled(routine_id), SoundOptions(voice=True))
    spoken = [c for c in track if c.spoken]
    for cue, after in itertools.pairwise(spoken):
        ends = cue.at_s + speaking_s(cue.text, 175)
        assert ends <= after.at_s + 0.05, f"{after.text!r} cuts off {cue.text!r}"
    counted = [c for c in track if c.kind == "tick"]
    assert counted, "a count within a phrase ticks instead"
    # A count ticks when it begins within a phrase, and then to its end: "tick, tick,
    # one" read as two sounds for one thing.
    begun = [c for c in counted if c.text == "3"]
    assert all(
        any(s.at_s < c.at_s < s.at_s + speaking_s(s.text, 175) for s in spoken) for c in begun
    )
    assert [c.text for c in counted] == ["3", "2", "1"] * len(begun)
    assert "Superman. 30 seconds." in [c.text for c in spoken], "the voice says the target"


def test_a_speech_command_on_path_gets_the_phrase_as_one_argument_never_a_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "args.log"
    fake = bin_dir / "espeak-ng"
    fake.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a" >> "{log}"; done\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.chdir(tmp_path)
    routine = routine_of(
        {
            "id": "shell",
            "name": "$(touch x)",
            "exercises": [{"kind": "hold", "name": "$(touch x)", "seconds": 5, "cue": "`touch y`"}],
        }
    )
    speaker = SystemSpeaker(rate=200)
    assert speaker.command == str(fake)
    engine = WorkoutEngine.for_routine(routine, FakeClock())
    player = CuePlayer(engine=engine, bell=Ear().bell, speaker=speaker, voice=True)
    player.play(engine.start())
    assert speaker.wait(10)
    assert log.read_text().splitlines() == ["-s", "200", "Get ready. Next: $(touch x). `touch y`"]
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()
    assert sorted(os.listdir(tmp_path)) == ["args.log", "bin"]


def test_no_speech_command_is_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    # No command on the machine: nothing is run (a None in an argument list would raise).
    monkeypatch.setattr(speech, "find_speech_command", lambda: None)
    spawned: list[Sequence[str]] = []

    def spawn(argv: Sequence[str], env: object) -> Any:
        spawned.append(argv)

    speaker = SystemSpeaker(spawn=spawn)
    speaker.say("Plank")
    assert not speaker.available and spawned == []


def test_remote_and_browser_sessions_use_the_bell(monkeypatch: pytest.MonkeyPatch) -> None:
    # `real_open_output` was imported before the suite swapped in its recorder.
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 5000 10.0.0.1 22")
    assert real_open_output().problem == REMOTE
    monkeypatch.delenv("SSH_CONNECTION")
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    problem = real_open_output().problem
    assert problem is not None and "terminal bell" in problem


def test_each_speech_command_gets_an_argument_list_with_its_own_rate_flag() -> None:
    from coretui.sound.speech import PHRASE_ENV, speech_argv

    phrase = "Next: $(touch x); `rm -rf ~`"
    assert speech_argv("/usr/bin/espeak-ng", phrase, 200) == (
        ["/usr/bin/espeak-ng", "-s", "200", phrase],
        None,
    )
    assert speech_argv("/usr/bin/spd-say", phrase, 175)[0] == [
        "/usr/bin/spd-say",
        "-C",
        "-r",
        "0",
        phrase,
    ]
    assert speech_argv("/usr/bin/say", phrase, 150)[0] == ["/usr/bin/say", "-r", "150", phrase]
    argv, env = speech_argv("C:/Windows/powershell.exe", phrase, 175)
    assert phrase not in " ".join(argv)  # PowerShell never parses the phrase...
    assert env is not None and env[PHRASE_ENV] == phrase  # ...it reads it from the environment


def test_rests_between_sets_say_which_set_comes_next() -> None:
    ear = Ear()
    player, clock = player_for(bundled("core-six"), ear, RecordingOutput(), voice=True)
    run(player, clock, until_s=320)
    # (A tempo-paced set's target is said here: at its go it would cover the first rep;
    # its tempo before its first set, what its tones will mark.)
    assert any(
        p.startswith(
            "Rest 30 seconds. Next: Back extension, set 1 of 3, 12 reps, up 2, hold 1, down 2."
        )
        for p in ear.said
    )
    assert any(
        p.startswith("Rest 30 seconds. Next: Back extension, set 2 of 3, 12 reps. ")
        for p in ear.said
    )
    assert not [p for p in ear.said if p.startswith("Back extension.")]


def test_voice_on_without_a_speech_command_keeps_the_ticks() -> None:
    output = RecordingOutput()
    clock = FakeClock()
    engine = WorkoutEngine.for_routine(bundled("core-quick"), clock)
    speaker = SystemSpeaker(command=None)
    speaker.command = None  # as on a machine with none installed
    player = CuePlayer(engine=engine, bell=Ear().bell, output=output, speaker=speaker, voice=True)
    run(player, clock, until_s=11)
    assert output.played == [Sound.TICK, Sound.TICK, Sound.TICK, Sound.GO]


def speaker_of(command: str) -> tuple[SystemSpeaker, list[Spawned]]:
    """A speaker of `command` whose processes are fakes, kept in the list it gives."""
    spawned: list[Spawned] = []

    def spawn(argv: list[str], env: dict[str, str] | None) -> Spawned:
        spawned.append(Spawned(argv, 0.0))
        return spawned[-1]

    return SystemSpeaker(command=command, spawn=spawn), spawned


def test_mute_cuts_off_the_phrase_being_spoken() -> None:
    speaker, spawned = speaker_of("/usr/bin/espeak-ng")
    engine = WorkoutEngine.for_routine(bundled("core-quick"), FakeClock())
    player = CuePlayer(engine=engine, bell=Ear().bell, speaker=speaker, voice=True)
    player.play(engine.start())
    assert len(spawned) == 1 and not spawned[0].terminated
    player.sound = False
    assert spawned[0].terminated


def test_the_pause_key_cuts_off_the_system_speaker_s_phrase_and_resuming_says_it_again() -> None:
    speaker, spawned = speaker_of("/usr/bin/espeak-ng")
    engine = WorkoutEngine.for_routine(bundled("core-quick"), FakeClock())
    player = CuePlayer(engine=engine, bell=Ear().bell, speaker=speaker, voice=True)
    player.play(engine.start())
    assert speaker.speaking
    player.play(engine.pause())
    assert spawned[0].terminated and not speaker.speaking
    player.play(engine.resume())
    first = spawned[0].argv[-1]
    assert [p.argv[-1] for p in spawned] == [first, first.removeprefix("Get ready. ")]


def test_the_pause_key_cancels_what_speech_dispatcher_says_though_spd_say_has_ended() -> None:
    # spd-say hands the phrase over and ends at once: the pause found no process
    # speaking, and Speech Dispatcher went on over it; the phrase was lost.
    speaker, spawned = speaker_of("/usr/bin/spd-say")
    engine = WorkoutEngine.for_routine(bundled("core-quick"), FakeClock())
    player = CuePlayer(engine=engine, bell=Ear().bell, speaker=speaker, voice=True)
    player.play(engine.start())
    spawned[0].terminated = True  # (the client has ended; the daemon speaks on)
    player.play(engine.pause())
    assert spawned[-1].argv[1:] == ["-C"], "cancelled where it is said"
    player.play(engine.resume())
    assert spawned[-1].argv[-1] == spawned[0].argv[-1].removeprefix("Get ready. ")


def test_spd_say_cancels_the_phrase_before_in_the_process_that_says_the_next() -> None:
    # `spd-say -C` ran as a process of its own beside the next phrase's, unwaited: a
    # cancel that reached Speech Dispatcher second cut off the phrase it made way for.
    speaker, spawned = speaker_of("/usr/bin/spd-say")
    speaker.say("three")
    speaker.say("two")
    assert [p.argv[1:] for p in spawned] == [["-C", "-r", "0", "three"], ["-C", "-r", "0", "two"]]
    speaker.stop()  # mute, or the workout stopped: cancelled with nothing after it
    assert spawned[-1].argv[1:] == ["-C"]


@pytest.mark.parametrize("how", ["cut off by the next", "cut off by the workout's end"])
def test_phrases_cut_off_are_not_left_as_zombies(tmp_path: Path, how: str) -> None:
    # Each phrase cut off was terminated and never waited for: its process stayed a
    # zombie until Python happened to start another process (the last phrase of a
    # workout, until the next workout's first).
    talker = tmp_path / "espeak-ng"
    talker.write_text("#!/bin/sh\nexec sleep 30\n")
    talker.chmod(talker.stat().st_mode | stat.S_IXUSR)
    speaker = SystemSpeaker(command=str(talker))
    speaker.say("one")
    first = speaker._process
    assert isinstance(first, subprocess.Popen)
    if how == "cut off by the next":
        speaker.say("two")
    speaker.stop()
    deadline = time.monotonic() + 10
    while first.returncode is None and time.monotonic() < deadline:
        time.sleep(0.02)  # (the process ending, not a countdown)
    assert first.returncode is not None, "the cut-off phrase's process was reaped"


def test_cues_with_sound_off_and_voice_on_lists_what_a_workout_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The listing had tones no workout plays then, and said the hip raise's tempo where
    # the workout counts "three, two, one" to its end and leaves the tempo unsaid.
    import json

    from coretui.cli.main import main

    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text("sound = false\nvoice = true\n")
    folders = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(config)]
    assert main([*folders, "cues", "core-quick", "--json"]) == 0
    out, err = capsys.readouterr()
    listed = json.loads(out)
    assert err == "warning: sound is off in your settings: only the voice is given\n"
    assert {cue["kind"] for cue in listed} == {"speech"}
    ear = Ear()
    player, clock = player_for(bundled("core-quick"), ear, None, tones=False, voice=True)
    run(player, clock)
    assert [cue["text"] for cue in listed] == ear.said

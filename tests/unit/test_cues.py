"""Sound cues: the bell at 3-2-1 and transitions, mute, and speech that never breaks."""

from __future__ import annotations

import stat
from pathlib import Path

from coretui.cues import CuePlayer, SystemSpeaker
from coretui.engine import Countdown, Halfway, RepBeat, StepStarted, WorkoutFinished
from coretui.timeline import Step, StepKind

WORK = Step(StepKind.WORK, "Side plank", exercise_index=0, side="left", seconds=60)
REST = Step(StepKind.REST_SET, "Rest", seconds=30)


class Recorder:
    def __init__(self) -> None:
        self.bells = 0
        self.said: list[str] = []

    def bell(self) -> None:
        self.bells += 1

    def say(self, text: str) -> None:
        self.said.append(text)


def test_bell_rings_at_countdown_and_transitions_only() -> None:
    rec = Recorder()
    cues = CuePlayer(bell=rec.bell)
    cues.play([Countdown(3)])
    cues.play([StepStarted(1, REST)])
    cues.play([RepBeat(2, 15)])  # beats are shown, not rung: a bell per rep would be noise
    cues.play([WorkoutFinished("completed")])
    assert rec.bells == 3


def test_mute_silences_the_bell() -> None:
    rec = Recorder()
    cues = CuePlayer(bell=rec.bell, sound=False)
    cues.play([Countdown(3), StepStarted(0, WORK)])
    assert rec.bells == 0


def test_spoken_cues_only_when_voice_is_on() -> None:
    rec = Recorder()
    cues = CuePlayer(bell=rec.bell, speaker=rec)
    cues.play([StepStarted(0, WORK)])
    assert rec.said == []
    cues.voice = True
    cues.play([StepStarted(0, WORK), Halfway(), StepStarted(1, REST)])
    assert rec.said == ["Side plank, left side", "Halfway", "Rest"]


def test_no_speech_command_is_silently_skipped() -> None:
    speaker = SystemSpeaker(command=None)
    speaker.command = None
    speaker.say("Plank")  # nothing to run, nothing raised
    assert not speaker.available


def test_a_failing_speech_command_is_silently_skipped(tmp_path: Path) -> None:
    speaker = SystemSpeaker(command=str(tmp_path / "missing-espeak"))
    speaker.say("Plank")  # OSError inside: swallowed


def test_speech_gets_the_text_as_one_argument_never_a_shell(tmp_path: Path) -> None:
    out = tmp_path / "args"
    script = tmp_path / "fake-say"
    script.write_text(f'#!/bin/sh\nprintf "%s|" "$@" > {out}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    speaker = SystemSpeaker(command=str(script))
    speaker.say("$(touch pwned) -rf")
    assert speaker._process is not None
    speaker._process.wait(timeout=10)
    assert out.read_text() == "$(touch pwned) -rf|"
    assert not (tmp_path / "pwned").exists()
    assert not Path("pwned").exists()

"""Sound in the workout: no device means the bell and one notice, and the workout goes on."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Button, Input, Label, Switch

from coretui.paths import AppPaths
from coretui.services.awake import KeepAwake
from coretui.sound.output import LOST, NO_DEVICE, BellOnly
from coretui.sound.player import AudioOutput
from coretui.sound.speech import NO_SPEECH
from coretui.sound.synth import Sound
from coretui.tui.app import CoreApp
from coretui.tui.launch import LaunchOptions
from coretui.tui.screens.settings import SettingsScreen
from coretui.tui.widgets.notice import NoticeLine
from coretui.workout.engine import State
from tests.conftest import FakeClock, FakeDevice, RecordingOutput
from tests.ui.conftest import FakeSpeaker, make_app
from tests.ui.scenes import walk

SIZE = (100, 30)


def no_device() -> Any:
    raise OSError("failed to init device")


def with_output(
    app_paths: AppPaths, clock: FakeClock, output: AudioOutput
) -> tuple[CoreApp, list[float]]:
    """An app whose sound goes to `output`, and the times its terminal bell rang."""
    app = make_app(app_paths, clock)
    app.sound.output = output
    return app, ringing(app, clock)


def workout_app(
    app_paths: AppPaths, clock: FakeClock, *, mute: bool = False, sound_output: Any = None
) -> CoreApp:
    """Quick core started at once (5 s to get ready, no pain question), on `clock`."""
    options = LaunchOptions(routine_id="core-quick", lead_in_s=5, mute=mute, ask_pain=False)
    return CoreApp(
        app_paths,
        options,
        clock=clock,
        speaker=FakeSpeaker(),
        keep_awake=KeepAwake.off(),
        sound_output=sound_output,
    )


def ringing(app: CoreApp, clock: FakeClock) -> list[float]:
    """The times the app's terminal bell rings from now on."""
    bells: list[float] = []
    app.bell = lambda: bells.append(clock())  # type: ignore[method-assign]
    return bells


def without_speech(app: CoreApp) -> FakeSpeaker:
    """The app's speaker, as on a machine with no speech command."""
    speaker = FakeSpeaker()
    speaker.available = False  # type: ignore[attr-defined]
    app.sound.speaker = speaker
    return speaker


def record_notices(app: CoreApp) -> list[str]:
    """Every notice the app gives from now on, a toast or the workout's notice line."""
    given: list[str] = []
    original = app.notify

    def notify(message: str, **options: Any) -> None:
        given.append(str(message))
        original(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    return given


async def test_no_audio_device_rings_the_bell_with_one_notice(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    output = AudioOutput(opener=no_device, clock=clock)
    assert output.opened.wait(10)
    app = workout_app(app_paths, clock, sound_output=output)
    bells = ringing(app, clock)
    given = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 72)  # lead-in, plank, into the rest
        assert app.workout is not None and app.workout.engine.state is State.RUNNING
        assert len(bells) == 3 + 1 + 3 + 1  # 3-2-1, go, 3-2-1, rest
        assert given.count(NO_DEVICE) == 1
        await pilot.press("q", "y")
    assert app.return_code in (None, 0)


async def test_a_device_lost_mid_workout_switches_to_the_bell_once(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    device = FakeDevice()
    output = AudioOutput(opener=lambda: device, clock=clock)
    assert output.opened.wait(10) and output.problem is None
    app = workout_app(app_paths, clock, sound_output=output)
    bells = ringing(app, clock)
    given = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 2)
        device.stream.send(441)  # the device calls back: sound works, no bell
        await walk(pilot, app, clock, 8)  # 3-2-1 and go, but the device never calls back
        assert app.workout is not None and app.workout.engine.state is State.RUNNING
        assert given.count(LOST) == 1
        assert bells, "the bell takes over once the device is gone"
        await walk(pilot, app, clock, 60)
        assert given.count(LOST) == 1
        assert app.workout.cues.played[-1].sound is Sound.REST_NEW_MOVE


async def test_test_sound_plays_every_sound_and_says_a_phrase(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock)
    app.trainer.settings_values = {**app.trainer.settings_values, "voice": True}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        volume = app.screen.query_one("#volume", Input)
        volume.focus()
        volume.value = "35"
        await pilot.press("enter")  # a number is saved once it is complete
        app.screen.query_one("#test-sound", Button).press()
        await pilot.pause()
        output = app.sound.output
        assert isinstance(output, RecordingOutput)
        assert set(output.played) == set(Sound) - {Sound.SPEECH, Sound.PHASE_NEUTRAL}
        assert output.volume == 35
        assert isinstance(app.sound.speaker, FakeSpeaker) and app.sound.speaker.said[0].startswith(
            "Next:"
        )
        line = str(app.screen.query_one("#sound-device", Label).render())
        assert line.startswith("Playing ticks, go")


async def test_leaving_the_settings_stops_the_test_s_sounds_still_to_come(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # The test plays 14 sounds 0.7 s apart: Esc at once left them playing for 10 s,
    # over the routine list (and over a workout started meanwhile).
    app = make_app(app_paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.press("escape")
        output = app.sound.output
        assert output is None or not getattr(output, "dropped_at", [])  # nothing to stop
        await pilot.press("s")
        app.screen.query_one("#test-sound", Button).press()
        await pilot.pause()
        output = app.sound.output
        assert isinstance(output, RecordingOutput)
        dropped = len(output.dropped_at)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        assert len(output.dropped_at) == dropped + 1


async def test_settings_say_when_there_is_no_sound_device(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    output = AudioOutput(opener=no_device, clock=clock)
    assert output.opened.wait(10)
    app, bells = with_output(app_paths, clock, output)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        line = str(app.screen.query_one("#sound-device", Label).render())
        assert line == "No sound device: using the terminal bell"
        app.screen.query_one("#test-sound", Button).press()
        await pilot.pause()
        assert len(bells) == 1


async def test_no_speech_command_is_said_in_the_workout_s_notice_line_not_over_its_cue(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # It was a toast, made before the workout screen existed, over the set-up cue.
    app = make_app(app_paths, clock, "core-quick", lead_in=10)
    speaker = without_speech(app)
    app.trainer.settings_values = {**app.trainer.settings_values, "voice": True}
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 1)
        assert app.workout is not None and app.screen is app.workout
        assert [n.message for n in app._notifications] == []
        assert app.workout.query_one(NoticeLine).text == NO_SPEECH
        assert speaker.said == []


async def test_settings_say_when_voice_has_no_command_and_when_sound_is_off(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Settings said nothing of a voice that could not speak, and "Playing ..." with
    # sound turned off, as if workouts would sound.
    app = make_app(app_paths, clock)
    speaker = without_speech(app)
    app.trainer.settings_values = {**app.trainer.settings_values, "sound": False}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        device = app.screen.query_one("#sound-device", Label)
        assert str(device.render()) == ""
        await pilot.click("#voice")
        await pilot.pause()
        assert app.trainer.settings.voice
        assert str(device.render()) == NO_SPEECH
        app.screen.query_one("#test-sound", Button).press()
        await pilot.pause()
        said = " ".join(str(device.render()).split())  # as wrapped
        assert said.startswith("Playing ticks, go")
        assert "and a phrase" not in said
        assert said.endswith(
            f". {NO_SPEECH} Sound is off for workouts: turn it on above to hear these there."
        )
        assert speaker.said == []


async def test_v_in_a_workout_run_with_voice_turns_the_voice_off(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # `coretui run ROUTINE --voice` with voice off in Settings: the first `v` said
    # "Voice on", spoke on, and saved voice = true for good; only a second `v` silenced it.
    app = with_voice_flag(app_paths, clock, "core-quick")
    given = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.workout.cues.voice, "--voice speaks, though Settings say no"
        await pilot.press("v")
        assert given[-1] == "Voice off"
        assert not app.workout.cues.voice
        assert not app.trainer.settings.voice
        assert "voice = true" not in read_settings(app_paths)
        await pilot.press("v")
        assert given[-1] == "Voice on"
        assert app.workout.cues.voice and app.trainer.settings.voice
        assert "voice = true" in read_settings(app_paths)


async def test_toggle_voice_before_a_workout_run_with_voice_turns_it_off(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # From the palette in the routine list, with --voice and voice off in Settings:
    # it said "Voice on" and saved voice = true, though the next workout spoke anyway.
    app = with_voice_flag(app_paths, clock)
    given = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_toggle_voice()
        assert given[-1] == "Voice off"
        assert "voice = true" not in read_settings(app_paths)
        await pilot.press("enter")  # start the first routine
        await pilot.pause()
        assert app.workout is not None and not app.workout.cues.voice


def with_voice_flag(paths: AppPaths, clock: FakeClock, routine_id: str | None = None) -> CoreApp:
    """`coretui --voice` (or `coretui run ROUTINE_ID --voice`), voice off in Settings."""
    options = LaunchOptions(routine_id=routine_id, lead_in_s=10, ask_pain=False, voice=True)
    return CoreApp(paths, options, clock=clock, speaker=FakeSpeaker(), keep_awake=KeepAwake.off())


def read_settings(paths: AppPaths) -> str:
    """The settings file as saved, or "" when none was written."""
    found = [path for path in paths.settings_files if path.is_file()]
    return found[0].read_text() if found else ""


async def test_v_with_no_speech_command_leaves_the_voice_off_and_says_why(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # `v` turned the voice on and saved it, to speak nothing, and every later workout
    # opened with "No speech command found".
    app = make_app(app_paths, clock, "core-quick", lead_in=10)
    without_speech(app)
    given = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 1)
        assert app.workout is not None and app.screen is app.workout
        await pilot.press("v")
        assert app.trainer.settings.voice is False
        assert app.workout.cues.voice is False
        assert given == ["Voice stays off: no speech command found (espeak-ng, spd-say or say)."]


async def test_settings_say_each_sound_problem_as_a_sentence_of_its_own(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # "No sound device: using the terminal bell No speech command found (...)."
    app = make_app(app_paths, clock)
    app.sound.output = BellOnly(NO_DEVICE)
    without_speech(app)
    app.trainer.settings_values = {**app.trainer.settings_values, "voice": True}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        device = app.screen.query_one("#sound-device", Label)
        assert " ".join(str(device.render()).split()) == f"{NO_DEVICE}. {NO_SPEECH}"


async def test_a_running_workout_keeps_the_device_awake_and_a_pause_lets_it_sleep(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    app = make_app(app_paths, clock, "core-quick", lead_in=5)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 1)
        output = app.sound.output
        assert isinstance(output, RecordingOutput) and output.awake[-1] is True
        await pilot.press("space")
        assert output.awake[-1] is False, "paused"
        await pilot.press("space")
        assert output.awake[-1] is True, "running again"
        await pilot.press("m")
        await walk(pilot, app, clock, 1)
        assert output.awake[-1] is False, "muted: no sound to wait for"
        await pilot.press("m")
        app.action_toggle_sound()  # tones off: the voice alone (a speech command) speaks
        await walk(pilot, app, clock, 1)
        assert output.awake[-1] is False, "no tones: the device has nothing to play"


async def test_test_sound_pressed_while_the_device_opens_says_there_is_none_once_known(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Pressed at once, the test said "Playing ticks, go, ..." while the device was still
    # opening; it then failed, nothing played, and the line said so only when the
    # settings were opened again.
    opening = threading.Event()

    def slow_no_device() -> Any:
        opening.wait(10)
        raise OSError("failed to init device")

    output = AudioOutput(opener=slow_no_device, clock=clock)
    app, bells = with_output(app_paths, clock, output)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        tested: list[str] = []
        test_sound = app.sound.test_sound

        def counted_test() -> str:
            tested.append("test")
            return test_sound()

        app.sound.test_sound = counted_test  # type: ignore[method-assign]
        for _ in range(2):  # pressed twice while it waits: the sounds play once
            app.screen.query_one("#test-sound", Button).press()
            await pilot.pause()
        line = app.screen.query_one("#sound-device", Label)
        assert not str(line.render()).startswith("Playing"), "nothing is known to play yet"
        opening.set()
        assert output.opened.wait(10)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(line.render()) == f"{NO_DEVICE}."
        assert tested == ["test"]
        assert len(bells) == 1, "the bell, as when the device was known missing"


@pytest.mark.parametrize("begun", ["muted", "with sound off"])
async def test_sound_turned_on_in_a_workout_plays_the_tones_not_the_bell(
    app_paths: AppPaths, clock: FakeClock, begun: str
) -> None:
    # Begun with --mute, or with sound off in the settings, no device was opened: `m`,
    # or the palette's "Toggle sound", then rang the terminal bell for each tone,
    # without a word of why.
    app = workout_app(app_paths, clock, mute=begun == "muted")
    if begun == "with sound off":
        app.trainer.settings_values = {**app.trainer.settings_values, "sound": False}
    bells = ringing(app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if begun == "muted":
            await pilot.press("m")
        else:
            app.action_toggle_sound()
        await walk(pilot, app, clock, 8)
        output = app.sound.output
        assert isinstance(output, RecordingOutput)
        assert Sound.GO in output.played
        assert not bells


async def test_settings_changed_over_a_workout_reach_it_at_once(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Settings opened from the palette over a workout: volume, sound and tempo sounds
    # were saved, and the workout went on at its old volume, with its old sounds.
    app = make_app(app_paths, clock, "core-quick", lead_in=5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        output = app.sound.output
        assert isinstance(output, RecordingOutput) and output.volume == 80
        app.action_settings()
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        volume = app.screen.query_one("#volume", Input)
        volume.focus()
        volume.value = "30"
        await pilot.press("enter")
        app.screen.query_one("#tempo_sounds", Switch).toggle()
        await pilot.pause()
        playing = app.sound.playing
        assert playing is not None
        assert output.volume == 30 and playing.tempo is False
        app.screen.query_one("#sound", Switch).toggle()
        await pilot.pause()
        assert playing.tones is False
        app.screen.query_one("#voice", Switch).toggle()  # on: the workout speaks at once
        await pilot.pause()
        assert playing.voice is True and playing.speaker is app.sound.speaker
        app.screen.query_one("#voice", Switch).toggle()
        await pilot.pause()
        assert playing.voice is False


async def test_a_workout_at_volume_0_says_its_tones_are_silent(
    app_paths: AppPaths, clock: FakeClock
) -> None:
    # Sound on, volume 0: the workout was silent, with no bell and no word of why.
    app = make_app(app_paths, clock, "core-quick", lead_in=10)
    app.sound.output = RecordingOutput()
    app.trainer.settings_values = {**app.trainer.settings_values, "volume": 0}
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, app, clock, 1)
        assert app.workout is not None and app.screen is app.workout
        said = app.workout.query_one(NoticeLine).text
        assert said == "Volume is 0 in the settings: the tones are silent", said

"""`coretui cues --wav`: the sound track read back from its samples, as an ear would hear it.

The first five minutes of core-six (its first tempo set starts at 235 s) are
rendered through the real command on a fake clock; onsets are found from the
energy of 1 ms blocks and pitches from zero crossings, with the standard library.
"""

from __future__ import annotations

import wave
from array import array
from itertools import pairwise
from pathlib import Path

import pytest

from coretui.cli import main
from coretui.paths import AppPaths
from coretui.sound.schedule import Cue
from coretui.sound.track import build_track
from coretui.sound.wav import render_chunks
from coretui.workout.routines import load_library

RATE = 44_100
BLOCK = RATE // 1000  # 1 ms
LOUD = 1_000
QUIET_BEFORE = 60  # ms of quiet before an onset (notes inside one sound are closer)
SECONDS = 300
HEARD_KINDS = {
    "tick",
    "go",
    "rest",
    "rest-new-move",
    "phase-rise",
    "phase-steady",
    "phase-fall",
    "phase-neutral",
}


def render(cues: list[Cue], seconds: float | None = None) -> array[int]:
    """The whole track as one block of samples, as `cues --wav` writes it in blocks."""
    out = array("h")
    for block in render_chunks(cues, seconds):
        out.extend(block)
    return out


def read_wav(path: Path) -> array[int]:
    with wave.open(str(path), "rb") as handle:
        assert (handle.getnchannels(), handle.getsampwidth()) == (1, 2)
        assert handle.getframerate() == RATE
        samples = array("h", handle.readframes(handle.getnframes()))
    return samples


def onsets(samples: array[int]) -> list[float]:
    """Seconds at which sound starts after at least QUIET_BEFORE ms of silence."""
    found: list[float] = []
    quiet = QUIET_BEFORE
    for start in range(0, len(samples) - BLOCK, BLOCK):
        block = samples[start : start + BLOCK]
        if max(block) > LOUD or -min(block) > LOUD:
            if quiet >= QUIET_BEFORE:
                first = next(i for i, v in enumerate(block) if abs(v) > LOUD)
                found.append((start + first) / RATE)
            quiet = 0
        else:
            quiet += 1
    return found


def pitch(samples: array[int], at_s: float, span_s: float = 0.03) -> float:
    """Dominant frequency (Hz) from zero crossings in `span_s` after `at_s`."""
    start = round(at_s * RATE)
    window = samples[start : start + round(span_s * RATE)]
    crossings = sum(1 for a, b in pairwise(window) if (a < 0) != (b < 0))
    return crossings / 2 / span_s


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> array[int]:
    path = tmp_path_factory.mktemp("wav") / "core-six.wav"
    assert main(["cues", "core-six", "--wav", str(path), "--seconds", str(SECONDS)]) == 0
    return read_wav(path)


def planned() -> list[tuple[float, str]]:
    routine = load_library(None).get("core-six")
    assert routine is not None
    return [(c.at_s, c.kind) for c in build_track(routine.routine, until_s=SECONDS)]


def test_every_tick_go_rest_and_phase_tone_starts_within_10_ms_of_its_time(
    rendered: array[int],
) -> None:
    assert len(rendered) == SECONDS * RATE
    heard = onsets(rendered)
    plan = planned()
    kinds = {kind for _, kind in plan}
    assert {"tick", "go", "rest", "switch", "phase-rise", "phase-steady", "phase-fall"} <= kinds
    assert any(at >= 235 for at, kind in plan if kind == "phase-rise")
    for at, kind in plan:
        if kind in HEARD_KINDS:
            nearest = min(heard, key=lambda h: abs(h - at))
            assert abs(nearest - at) <= 0.010, f"{kind} at {at}: nearest onset {nearest}"
    # And nothing sounds that was not planned: every onset is a cue of the timeline.
    for onset in heard:
        assert min(abs(onset - at) for at, _ in plan) <= 0.010, f"unplanned sound at {onset}"


def test_tick_and_go_differ_in_pitch_and_rest_falls(rendered: array[int]) -> None:
    plan = planned()
    tick = next(at for at, kind in plan if kind == "tick")
    go = next(at for at, kind in plan if kind == "go")
    rest = next(at for at, kind in plan if kind == "rest")
    tick_hz, go_hz = pitch(rendered, tick), pitch(rendered, go)
    assert tick_hz == pytest.approx(1760, rel=0.05)
    assert go_hz < tick_hz / 1.5
    assert pitch(rendered, go + 0.3, 0.04) > go_hz * 1.3  # go rises
    assert pitch(rendered, rest + 0.3, 0.06) < pitch(rendered, rest, 0.06) * 0.75  # rest falls


def test_cues_timeline_and_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["cues", "core-quick", "--seconds", "11"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["7.000", "tick"],
        ["8.000", "tick"],
        ["9.000", "tick"],
        ["10.000", "go"],
    ]
    assert main(["cues", "core-quick", "--seconds", "3"]) == 0  # (printed nothing, no word)
    assert capsys.readouterr() == (
        "",
        "warning: no cues in the first 3 s; a longer --seconds lists some\n",
    )
    assert main(["cues", "no-such-routine"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown routine" in err
    assert main(["cues", "core-quick", "--seconds", "nan"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["cues", "core-quick", "--wav", str(tmp_path / "missing" / "x.wav")]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def frames(path: Path) -> int:
    with wave.open(str(path), "rb") as handle:
        return handle.getnframes()


def test_a_wav_ends_where_the_routine_does_however_many_seconds_are_asked(
    tmp_path: Path,
) -> None:
    whole, asked = tmp_path / "whole.wav", tmp_path / "asked.wav"
    assert main(["cues", "core-quick", "--wav", str(whole)]) == 0
    assert main(["cues", "core-quick", "--wav", str(asked), "--seconds", "14400"]) == 0
    assert frames(asked) == frames(whole) < 10 * 60 * RATE  # not 4 hours of silence
    assert asked.read_bytes() == whole.read_bytes()


def test_a_wav_over_an_hour_is_refused_with_the_limit_named(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, tmp_path: Path
) -> None:
    paths.routines_dir.mkdir(parents=True)
    (paths.routines_dir / "long-hold.toml").write_text(
        'id = "long-hold"\nname = "Two hours"\n\n[[exercises]]\nkind = "hold"\n'
        'name = "Plank"\nseconds = 3600\nsets = 2\n',
        encoding="utf-8",
    )
    wav = tmp_path / "long.wav"
    folders = ["--config-dir", str(paths.config_dir), "--data-dir", str(paths.data_dir)]

    assert main([*folders, "cues", "long-hold", "--wav", str(wav)]) == 1

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("coretui: "), err
    assert "at most 1:00:00" in err and "--seconds" in err
    assert not wav.exists()
    assert main([*folders, "cues", "long-hold", "--wav", str(wav), "--seconds", "20"]) == 0
    assert frames(wav) == 20 * RATE


def test_a_wav_too_long_is_refused_before_its_routine_is_run_and_a_start_runs_only_that(
    capsys: pytest.CaptureFixture[str],
    paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 19 exercises of 50 one-hour sets: a minute of CPU to run it all, then "too long";
    # and as long for its first 20 seconds.
    import coretui.sound.track as track

    paths.routines_dir.mkdir(parents=True)
    (paths.routines_dir / "maxi.toml").write_text(
        'id = "maxi"\nname = "Maxi"\n\n[[exercises]]\nkind = "hold"\n'
        'name = "Plank"\nseconds = 3600\nsets = 50\n',
        encoding="utf-8",
    )
    run_track, asked = track.run_track, []

    def run_only(*args: object, until_s: float | None = None, **kwargs: object) -> object:
        asked.append(until_s)
        assert until_s is not None, "the whole routine run for a WAV of its start"
        return run_track(*args, until_s=until_s, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(track, "run_track", run_only)
    folders = ["--config-dir", str(paths.config_dir), "--data-dir", str(paths.data_dir)]
    wav = tmp_path / "maxi.wav"
    assert main([*folders, "cues", "maxi", "--wav", str(wav)]) == 1
    assert "a WAV of 50:24:40 is too long" in capsys.readouterr().err and asked == []
    assert main([*folders, "cues", "maxi", "--wav", str(wav), "--seconds", "7200"]) == 1
    assert "a WAV of 2:00:00 is too long" in capsys.readouterr().err and asked == []
    assert main([*folders, "cues", "maxi", "--wav", str(wav), "--seconds", "20"]) == 0
    assert asked == [20] and frames(wav) == 20 * RATE


def test_sounds_across_a_block_boundary_and_at_the_same_moment_are_all_kept() -> None:
    from coretui.sound.schedule import Cue
    from coretui.sound.synth import PEAK, Sound, limited
    from coretui.sound.wav import CHUNK_S, cue_pcm

    go = Cue(CHUNK_S - 0.1, "go", "Plank", Sound.GO)
    tick = Cue(CHUNK_S - 0.1, "tick", "1", Sound.TICK)
    alone = render([go], CHUNK_S + 1)
    start = round(go.at_s * RATE)
    pcm = cue_pcm(go)
    assert alone[start : start + len(pcm)] == pcm  # unbroken across the two blocks
    both = render([go, tick], CHUNK_S + 1)
    tick_pcm = cue_pcm(tick)
    mixed = [limited(a + b) for a, b in zip(pcm, tick_pcm, strict=False)]
    assert list(both[start : start + len(tick_pcm)]) == mixed
    assert max(map(abs, both)) < PEAK, "never cut flat at full scale"


def test_a_whole_routine_track_never_clips() -> None:
    # The go tone with the first "up", and the 3-2-1 ticks on tempo tones, added past
    # full scale: 1,416 samples of core-quick's track were cut flat there.
    from coretui.sound.schedule import SoundOptions
    from coretui.sound.synth import PEAK
    from coretui.sound.track import build_track
    from tests.unit.test_cues import bundled

    samples = render(build_track(bundled("core-quick"), SoundOptions()))
    assert min(samples) > -PEAK and max(samples) < PEAK


def test_cues_json_lists_sounds_and_phrases_with_their_times(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    assert main(["cues", "core-quick", "--json", "--voice", "--seconds", "10"]) == 0
    timeline = json.loads(capsys.readouterr().out)
    assert timeline[0]["at_s"] == 0 and timeline[0]["kind"] == "speech"
    assert timeline[0]["text"].startswith("Get ready. Next: Plank. Forearms down")
    assert [(c["at_s"], c["kind"], c["text"]) for c in timeline[1:]] == [
        (7.0, "tick", "3"),  # the get-ready phrase is still being said...
        (8.0, "tick", "2"),
        (9.0, "tick", "1"),  # ...and a count begun as ticks ends as ticks
        (10.0, "go", "Plank"),
        (10.0, "speech", "Plank. 1 minute."),
    ]


def test_cues_take_the_workout_options_given_before_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    def track(*argv: str) -> list[tuple[float, str]]:
        assert main([*argv]) == 0
        return [(c["at_s"], c["kind"]) for c in json.loads(capsys.readouterr().out)]

    after = track("cues", "core-quick", "--json", "--voice", "--seconds", "10")
    before = track("--voice", "cues", "core-quick", "--json", "--seconds", "10")
    assert before == after and ("speech" in {kind for _, kind in before})
    # A 3 s get-ready: the first exercise starts at 3 s, as `coretui --lead-in 3` would run it.
    short = track("--lead-in", "3", "cues", "core-quick", "--json", "--seconds", "5")
    assert (3.0, "go") in short


@pytest.mark.parametrize(
    "argv",
    [
        ["--mute", "cues", "core-quick"],
        ["--voice", "history"],
        ["--lead-in", "0", "history"],  # 0 is given, not absent
        ["--lead-in", "5", "list"],
        ["--mute", "show", "core-quick"],
    ],
)
def test_a_workout_option_for_a_command_without_workouts_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "is for workouts" in err, err


def test_a_wav_that_fails_part_way_leaves_the_file_it_would_replace_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Written over in place: a full disk part-way left a cut-off file where the old
    # one had been, and the message did not say so.
    import errno

    import coretui.sound.wav as wav_module

    target = tmp_path / "keep.wav"
    target.write_bytes(b"the user's own file")
    chunks = wav_module.render_chunks

    def full_disk_after_a_chunk(*args: object, **kwargs: object) -> object:
        blocks = chunks(*args, **kwargs)  # type: ignore[arg-type]
        yield next(blocks)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(wav_module, "render_chunks", full_disk_after_a_chunk)
    assert main(["cues", "core-quick", "--wav", str(target)]) == 1
    assert capsys.readouterr().err == f"coretui: cannot write {target}: no space left on device\n"
    assert target.read_bytes() == b"the user's own file"
    assert not list(tmp_path.glob(".keep.wav*")), "no half-written file left"

    monkeypatch.setattr(wav_module, "render_chunks", chunks)
    target.chmod(0o600)  # a private file stays private when written over
    assert main(["cues", "core-quick", "--wav", str(target), "--seconds", "2"]) == 0
    assert target.stat().st_mode & 0o777 == 0o600
    assert capsys.readouterr().err == f"wrote {target}\n", "said, as export -o says it"
    assert frames(target) > 0


def peak(path: Path) -> int:
    with wave.open(str(path), "rb") as handle:
        samples = array("h", handle.readframes(handle.getnframes()))
    return max(abs(s) for s in samples)


def test_a_wav_is_as_loud_as_the_volume_setting_plays_it(
    capsys: pytest.CaptureFixture[str], paths: AppPaths, tmp_path: Path
) -> None:
    # The WAV was at full scale whatever the volume: 0, 10, 50 or 100 gave one peak.
    folders = ["--config-dir", str(paths.config_dir), "--data-dir", str(paths.data_dir)]
    settings = paths.settings_files[0]
    settings.parent.mkdir(parents=True, exist_ok=True)
    peaks = {}
    for volume in (100, 50, 0):
        settings.write_text(f"volume = {volume}\n", encoding="utf-8")
        wav = tmp_path / f"v{volume}.wav"
        assert main([*folders, "cues", "core-quick", "--wav", str(wav), "--seconds", "12"]) == 0
        peaks[volume] = peak(wav)
        silent = "volume is 0 in your settings: the WAV is silent" in capsys.readouterr().err
        assert silent == (volume == 0)  # (a silent file, and nothing said of it)
    assert peaks[100] > 20000
    assert peaks[50] == pytest.approx(peaks[100] / 4, rel=0.01)  # (50/100) squared, as played
    assert peaks[0] == 0
    # Sound off in the settings: the track is still written, and the user told why.
    settings.write_text("sound = false\n", encoding="utf-8")
    assert main([*folders, "cues", "core-quick", "--seconds", "12"]) == 0
    assert "sound is off in your settings" in capsys.readouterr().err


def test_up_hold_and_down_differ_by_ear() -> None:
    # Up, hold and down were glides of a third in 0.15 s, or level: to a user face down
    # on the mat, three near-identical chirps. Up must sweep an octave up, down an
    # octave down, and hold stay level and last longer than either.
    from coretui.sound.synth import Sound, sound_pcm

    def sweep(sound: Sound) -> tuple[float, float]:
        pcm = sound_pcm(sound)
        length = len(pcm) / RATE
        return pitch(pcm, 0.01, 0.05), pitch(pcm, length - 0.06, 0.05)

    up_start, up_end = sweep(Sound.PHASE_RISE)
    down_start, down_end = sweep(Sound.PHASE_FALL)
    hold_start, hold_end = sweep(Sound.PHASE_STEADY)
    assert up_end > up_start * 1.45  # (each is a 50 ms average: an octave reads 1.6)
    assert down_end < down_start / 1.45
    assert hold_end == pytest.approx(hold_start, rel=0.05)
    shortest_glide = min(len(sound_pcm(Sound.PHASE_RISE)), len(sound_pcm(Sound.PHASE_FALL)))
    assert len(sound_pcm(Sound.PHASE_STEADY)) >= shortest_glide + 0.05 * RATE


def test_the_rest_steps_down_where_a_down_phase_glides() -> None:
    # The rest was an octave glide down, as "down" is: heard just after a tempo set's
    # last "down", a second, slower one. Now two level notes, a fifth apart.
    from coretui.sound.synth import Sound, sound_pcm

    rest, down = sound_pcm(Sound.REST), sound_pcm(Sound.PHASE_FALL)
    first = pitch(rest, 0.01, 0.05), pitch(rest, 0.1, 0.05)
    second = pitch(rest, 0.22, 0.05), pitch(rest, 0.4, 0.05)
    assert first[1] == pytest.approx(first[0], rel=0.05)
    assert second[1] == pytest.approx(second[0], rel=0.05)
    assert second[0] < first[0] / 1.3, "the second lower"
    assert pitch(down, 0.1, 0.05) < pitch(down, 0.01, 0.05) / 1.15, "a glide"


def test_the_rest_before_a_new_move_comes_back_up_where_the_rest_stays_down() -> None:
    from coretui.sound.synth import Sound, sound_pcm

    rest, new_move = sound_pcm(Sound.REST), sound_pcm(Sound.REST_NEW_MOVE)
    first, second, third = (pitch(new_move, at, 0.05) for at in (0.05, 0.22, 0.45))
    assert second < first / 1.3, "down a fifth, as the rest"
    assert third == pytest.approx(first, rel=0.05), "and back up"
    assert pitch(rest, 0.4, 0.05) < pitch(rest, 0.05, 0.05) / 1.3, "the rest ends low"

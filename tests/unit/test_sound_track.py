"""The cue schedule: tempo sets followed by ear, and turning tempo sounds off."""

from __future__ import annotations

from collections import Counter

from coretui.sound.schedule import SoundOptions
from coretui.sound.synth import PEAK, SAMPLE_RATE, Sound, phase_sound, sound_pcm
from coretui.sound.track import build_track
from coretui.workout.routine_models import routine_of
from coretui.workout.routines import Routine, load_library
from coretui.workout.timeline import StepKind, compile_routine

PHASE_KINDS = {"phase-rise", "phase-steady", "phase-fall", "phase-neutral"}


def hip_raises(reps: int = 15) -> Routine:
    return routine_of(
        {
            "id": "hip-raises",
            "name": "Hip raises",
            "lead_in_s": 5,
            "exercises": [
                {
                    "kind": "reps",
                    "name": "Hip raise",
                    "reps": reps,
                    "tempo": [
                        {"name": "up", "seconds": 1},
                        {"name": "hold", "seconds": 5},
                        {"name": "down", "seconds": 1},
                    ],
                }
            ],
        }
    )


def test_a_tempo_set_has_a_tone_per_phase_per_rep_and_ticks_in_the_hold() -> None:
    track = build_track(hip_raises())
    kinds = Counter(c.kind for c in track)
    assert sum(kinds[k] for k in PHASE_KINDS) == 45 - 1  # the go tone starts rep 1's "up"
    assert kinds["phase-rise"] + 1 == kinds["phase-steady"] == kinds["phase-fall"] == 15
    assert kinds["hold-tick"] == 15 * 4  # seconds 1-4 inside each 5 s hold
    rep_one = [(round(c.at_s, 3), c.kind, c.text) for c in track if 5 <= c.at_s < 13]
    # (`cues` said "hold 1" of rep 1's hold tone and of its first second's tick, and
    # counted the ticks up while the screen counts the hold down.)
    assert rep_one == [
        (5.0, "go", "Hip raise"),
        (6.0, "phase-steady", "hold, rep 1"),
        (7.0, "hold-tick", "hold, 4 s left"),
        (8.0, "hold-tick", "hold, 3 s left"),
        (9.0, "hold-tick", "hold, 2 s left"),
        (10.0, "hold-tick", "hold, 1 s left"),
        (11.0, "phase-fall", "down, rep 1"),
        (12.0, "phase-rise", "up, rep 2"),
    ]
    # The rep count once 5 and 10 reps are done (heard as short; long), just after the
    # next rep's "up" so as to be heard apart from it; the set's end says 15 (rest).
    assert [(c.rep, c.at_s) for c in track if c.kind == "rep-count"] == [
        (5, 5 + 5 * 7 + 0.25),
        (10, 5 + 10 * 7 + 0.25),
    ]
    # No 3-2-1 over the last rep's phase tones: they mark the set's last seconds.
    assert not [c for c in track if c.kind == "tick" and c.at_s > 5]


def test_tempo_sounds_off_removes_phase_tones_and_hold_ticks_and_brings_back_the_3_2_1() -> None:
    with_tempo = build_track(hip_raises())
    without = build_track(hip_raises(), SoundOptions(tempo=False))
    kept = [
        (c.at_s, c.kind, c.text)
        for c in with_tempo
        if c.kind not in PHASE_KINDS and c.kind != "hold-tick"
    ]
    end = 5 + 15 * 7
    count = [(float(end - n), "tick", str(n)) for n in (3, 2, 1)]
    assert [(c.at_s, c.kind, c.text) for c in without] == sorted(kept + count)
    assert {"go", "tick", "rep-count", "finished"} <= {c.kind for c in without}


def test_phase_tones_follow_the_phase_name() -> None:
    assert phase_sound("Up") is phase_sound("lift") is phase_sound("in") is Sound.PHASE_RISE
    assert phase_sound("lower") is phase_sound("out") is Sound.PHASE_FALL
    assert phase_sound("pause") is Sound.PHASE_STEADY
    assert phase_sound("squeeze") is Sound.PHASE_NEUTRAL


def test_halfway_only_for_holds_of_thirty_seconds_or_more() -> None:
    def hold(seconds: int) -> Routine:
        return routine_of(
            {
                "id": "hold",
                "name": "Hold",
                "exercises": [{"kind": "hold", "name": "Plank", "seconds": seconds}],
            }
        )

    assert [c.at_s for c in build_track(hold(40)) if c.kind == "halfway"] == [10 + 20]
    assert not [c for c in build_track(hold(25)) if c.kind == "halfway"]


def test_voice_counts_down_in_words_instead_of_ticks() -> None:
    # (A count within a phrase ticks instead: a lead-in long enough to say it first.)
    track = build_track(hip_raises(), SoundOptions(voice=True), lead_in_s=12)
    assert not [c for c in track if c.kind == "tick"]
    spoken = [c.text for c in track if c.spoken]
    # The tempo is said before the set: its tones come unexplained otherwise.
    said = ["Get ready. Next: Hip raise, 15 reps, up 1, hold 5, down 1.", "three", "two", "one"]
    assert spoken[:4] == said
    assert "Hip raise. 15 reps." not in spoken  # at the go it would cover rep 1's tones
    assert {"five", "ten"} <= set(spoken) and "fifteen" not in spoken  # the set's end says it


def blips_heard(rep: int) -> str:
    """The rep count's samples at `rep` as heard: "L" a long blip, "s" a short one."""
    samples = sound_pcm(Sound.REP_COUNT, rep)
    loud = [abs(v) > PEAK // 50 for v in samples]
    heard, run, quiet = "", 0, 0
    for is_loud in [*loud, *[False] * (SAMPLE_RATE // 50)]:
        if is_loud:
            run, quiet = run + 1, 0
        else:
            quiet += 1
            if run and quiet > SAMPLE_RATE // 100:  # 10 ms of silence ends a blip
                heard += "L" if run > 0.1 * SAMPLE_RATE else "s"
                run = 0
    return heard


def test_the_rep_count_tells_every_five_reps_apart_up_to_fifty() -> None:
    # It stopped at four blips: reps 20, 25 and 30 sounded alike to a user on the mat.
    assert [blips_heard(rep) for rep in (5, 10, 15, 20, 25, 30)] == [
        "s",
        "L",
        "Ls",
        "LL",
        "LLs",
        "LLL",
    ]
    patterns = [blips_heard(rep) for rep in range(5, 51, 5)]
    assert len(set(patterns)) == len(patterns) == 10
    assert blips_heard(17) == blips_heard(15), "a rep between counts has the count's pattern"
    assert blips_heard(60) == blips_heard(50) and blips_heard(65) == "LLLLLs"


def test_a_three_second_lead_in_counts_from_three() -> None:
    # `--lead-in 3` counted "two, one": a count is left out at a step's first moment,
    # where a rest's tone sounds, but a lead-in has none.
    track = build_track(hip_raises(), lead_in_s=3)
    assert [(c.at_s, c.text) for c in track if c.kind == "tick"][:3] == [
        (0.0, "3"),
        (1.0, "2"),
        (2.0, "1"),
    ]


def test_a_rest_before_a_new_move_sounds_unlike_a_rest_between_sets() -> None:
    # With the voice off, from the mat, "another set of this" and "a new move next"
    # were one sound.
    found = load_library(None).get("core-six")
    assert found is not None
    rests = {StepKind.REST_SET: "rest", StepKind.REST_EXERCISE: "rest-new-move"}
    steps = compile_routine(found.routine).steps
    heard = [c.kind for c in build_track(found.routine) if c.kind in rests.values()]
    assert heard == [rests[s.kind] for s in steps if s.kind in rests]
    assert set(heard) == {"rest", "rest-new-move"}

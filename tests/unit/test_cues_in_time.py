"""Cues at the right moment for a user who cannot see the screen: a step entered while
paused, a workout stopped mid-phrase, the voice turned off, a hold heard running."""

from __future__ import annotations

from dataclasses import dataclass, field

from coretui.sound.cues import CuePlayer
from coretui.sound.schedule import REP_COUNT_AFTER_S, SoundOptions
from coretui.sound.synth import Sound
from coretui.sound.track import FakeClock, build_track
from coretui.workout.engine import State, WorkoutEngine
from coretui.workout.routine_models import routine_of
from coretui.workout.routines import Routine
from tests.conftest import RecordingOutput


@dataclass
class Ear:
    """Keeps phrases and counts how often speech was cut off."""

    said: list[str] = field(default_factory=list)
    stops: int = 0
    speaking: bool = False
    """A phrase is being said (until a test ends it, or it is stopped)."""

    def say(self, text: str) -> None:
        self.said.append(text)
        self.speaking = True

    def stop(self) -> None:
        self.stops += 1
        self.speaking = False


def routine(*exercises: dict[str, object], name: str = "Ear test") -> Routine:
    return routine_of(
        {
            "id": "ear",
            "name": name,
            "lead_in_s": 10,
            "rest_between_exercises_s": 15,
            "exercises": list(exercises),
        }
    )


PLANK = {"kind": "hold", "name": "Plank", "seconds": 60}
BRIDGE = {
    "kind": "reps",
    "name": "Bridge",
    "reps": 12,
    "tempo": [{"name": "up", "seconds": 1}, {"name": "hold", "seconds": 1}],
}


def player(plan: Routine, **options: bool) -> tuple[CuePlayer, FakeClock, Ear, RecordingOutput]:
    clock, ear, output = FakeClock(), Ear(), RecordingOutput()
    engine = WorkoutEngine.for_routine(plan, clock)
    cues = CuePlayer(engine=engine, bell=lambda: None, output=output, speaker=ear, **options)
    return cues, clock, ear, output


def test_a_step_skipped_to_while_paused_is_announced_when_the_clock_runs_again() -> None:
    cues, clock, ear, output = player(routine(PLANK, BRIDGE), voice=True)
    engine = cues.engine
    cues.play(engine.start())
    clock.now = 3.0
    cues.play(engine.pause())
    heard = (list(output.played), list(ear.said))
    cues.play(engine.skip())  # the lead-in left while paused: the plank is next
    assert engine.state is State.PAUSED and engine.step.label == "Plank"
    assert (output.played, ear.said) == heard, "nothing sounds while the user is away"
    clock.now = 40.0
    cues.play(engine.resume())
    assert output.played[len(heard[0]) :] == [Sound.GO]
    assert ear.said[len(heard[1]) :] == ["Plank. 1 minute."]


def test_a_step_left_again_while_paused_is_never_announced() -> None:
    # Nor the phrase the pause cut off said again there: at a tempo set, where only the
    # go tone sounds, the lead-in's phrase was said.
    cues, _, ear, output = player(routine(PLANK, BRIDGE), voice=True)
    engine = cues.engine
    cues.play(engine.start())
    cues.play(engine.pause())
    for _ in range(3):  # the lead-in, the plank and the rest after it
        cues.play(engine.skip())
    assert engine.step.label == "Bridge"
    played = len(output.played)
    cues.play(engine.resume())
    assert output.played[played:] == [Sound.GO], "the bridge's go only, its 'up' in it"
    assert ear.said == ["Get ready. Next: Plank."], "nothing said again at the bridge"


def test_stopping_a_workout_cuts_off_the_phrase_and_so_does_turning_the_voice_off() -> None:
    cues, clock, ear, _ = player(routine(PLANK, BRIDGE), voice=True)
    engine = cues.engine
    cues.play(engine.start())
    assert ear.said and ear.stops == 0
    cues.voice = False
    assert ear.stops == 1
    cues.voice = True
    clock.now = 2.0
    cues.play(engine.stop())
    assert ear.stops == 2


def test_pausing_cuts_off_the_phrase_and_the_clock_running_again_says_it_again() -> None:
    # The rest's "Next: ..." went on for up to 20 s over the pause, and was lost.
    cues, clock, ear, _ = player(routine(PLANK, BRIDGE), voice=True)
    engine = cues.engine
    cues.play(engine.start())
    assert ear.said == ["Get ready. Next: Plank."] and ear.stops == 0
    clock.now = 0.5
    cues.play(engine.pause())
    assert ear.stops == 1 and not ear.speaking
    clock.now = 30.0
    cues.play(engine.resume())
    # Said again without its opening: "Get ready." was said, and a rest's "Rest 30
    # seconds." would no longer be so.
    assert ear.said[1:] == ["Next: Plank."]
    run_to(cues, clock, 33.0)
    ear.speaking = False  # said to its end, by its process and by its estimated length
    cues.play(engine.pause())
    cues.play(engine.resume())
    assert ear.stops == 1 and ear.said[1:] == ["Next: Plank."], "nothing to cut off or say"


def run_to(cues: CuePlayer, clock: FakeClock, until: float) -> None:
    """The clock read often up to `until` (a gap reads as a sleep, and pauses)."""
    while clock.now < until - 1e-9:
        clock.now = min(until, clock.now + 0.5)
        cues.play(cues.engine.tick())


def test_what_the_pause_cuts_off_is_the_step_s_phrase_alone() -> None:
    # Paused as "three" was said, the next move was said again over the count; paused
    # after espeak-ng had finished (its estimate longer), "Next: Plank." came twice.
    cues, clock, ear, _ = player(routine(PLANK, BRIDGE), voice=True)
    engine = cues.engine
    cues.play(engine.start())
    ear.speaking = False  # its process ended: the phrase was said whole
    clock.now = 0.5
    cues.play(engine.pause())
    cues.play(engine.resume())
    run_to(cues, clock, 7.2)  # "three": a count, not the step's phrase
    assert ear.said[-1] == "three"
    cues.play(engine.pause())
    cues.play(engine.resume())
    assert ear.stops == 0 and ear.said == ["Get ready. Next: Plank.", "three"]


def test_a_name_and_target_cut_off_by_the_pause_are_said_again_as_the_name() -> None:
    # The plank's "Plank. 1 minute.", cut off, was lost: its target may no longer be so.
    cues, clock, ear, _ = player(routine(PLANK, BRIDGE), voice=True)
    engine = cues.engine
    cues.play(engine.start())
    run_to(cues, clock, 10.5)
    assert ear.said[-1] == "Plank. 1 minute."
    cues.play(engine.pause())
    cues.play(engine.resume())
    assert ear.stops == 1 and ear.said[-1] == "Plank."


def test_a_phrase_said_again_is_fitted_to_the_time_left() -> None:
    # Said whole after the pause, the setup went on over the count and the next move.
    plank = {**PLANK, "cue": "Forearms under shoulders. Squeeze the glutes. Breathe out slowly."}
    cues, clock, ear, _ = player(routine(plank), voice=True)
    engine = cues.engine
    cues.play(engine.start())
    assert ear.said == ["Get ready. Next: Plank. " + plank["cue"]]
    clock.now = 1.0
    cues.play(engine.pause())
    cues.play(engine.resume())  # 9 s left: the whole setup again
    assert ear.said[1] == "Next: Plank. " + plank["cue"]
    run_to(cues, clock, 6.0)
    cues.play(engine.pause())
    cues.play(engine.resume())  # 4 s left: the next move, and what of its setup fits
    assert ear.said[2] == "Next: Plank. Forearms under shoulders."


def test_a_finished_workout_lets_its_last_words_be_said() -> None:
    cues, clock, ear, _ = player(routine({"kind": "hold", "name": "Plank", "seconds": 5}))
    cues.voice = True
    engine = cues.engine
    cues.play(engine.start())
    stops = ear.stops
    for second in range(1, 16):
        clock.now = second + 1e-6
        cues.play(engine.tick())
    assert engine.state is State.FINISHED
    assert ear.stops == stops and ear.said[-1] == "Workout complete. Well done."


def test_the_rep_count_is_played_just_after_the_next_rep_s_first_tone() -> None:
    cues, clock, _, output = player(routine(BRIDGE))
    engine = cues.engine
    cues.play(engine.start())
    for second in range(1, 11 + 2 * 12):
        clock.now = second + 1e-6
        cues.play(engine.tick())
    delays = list(zip(output.played, output.delays, strict=True))
    assert [d for s, d in delays if s is Sound.REP_COUNT] == [REP_COUNT_AFTER_S] * 2  # 5, 10
    assert all(d == 0 for s, d in delays if s is not Sound.REP_COUNT)


def test_a_pause_just_after_a_rep_drops_the_rep_count_still_to_come() -> None:
    # The count sounds 0.25 s after the next rep's first tone: paused within that
    # quarter second, it used to sound with the clock stopped.
    cues, clock, _, output = player(routine(BRIDGE))
    engine = cues.engine
    cues.play(engine.start())
    second = 0
    while Sound.REP_COUNT not in output.played:
        second += 1
        clock.now = second + 1e-6
        cues.play(engine.tick())
    assert output.dropped_at == [], "nothing dropped while the clock runs"
    cues.play(engine.pause())
    assert output.dropped_at == [len(output.played)], "the queued count is dropped"


def test_a_long_hold_ticks_softly_every_ten_seconds_but_not_over_halfway_or_the_count() -> None:
    track = build_track(routine(PLANK))
    pulses = [round(c.at_s - 10) for c in track if c.kind == "hold-tick"]
    assert pulses == [10, 20, 40, 50]  # 30 is the halfway tone; 57-59 the 3-2-1
    quiet = build_track(routine(PLANK), SoundOptions(tempo=False))
    assert not [c for c in quiet if c.kind == "hold-tick"]
    short = {"kind": "hold", "name": "Plank", "seconds": 15}
    assert not [c for c in build_track(routine(short)) if c.kind == "hold-tick"]


def test_a_name_with_control_characters_is_spoken_without_them() -> None:
    odd = {"kind": "hold", "name": "Bird\x1bdog\u2028(left)", "seconds": 20}
    cues, _, ear, _ = player(routine(odd), voice=True)
    cues.play(cues.engine.start())
    assert ear.said == ["Get ready. Next: Bird dog (left)."]


def test_where_no_phase_tone_is_heard_a_tempo_set_keeps_its_3_2_1_and_its_spoken_target() -> None:
    # With the bell standing in (no device, SSH) or tones off, the phase tones that
    # mark a tempo set's last seconds are not heard: the count must not go with them.
    bell, _, _, output = player(routine(BRIDGE))
    output.problem = "No sound device: using the terminal bell"
    rings: list[int] = []
    bell.bell = lambda: rings.append(1)
    clock = bell.engine.clock
    assert isinstance(clock, FakeClock)
    bell.play(bell.engine.start())
    for second in range(1, 10 + 24 + 1):
        clock.now = second + 1e-6
        bell.play(bell.engine.tick())
    assert len(rings) == 3 + 1 + 3 + 1  # lead-in 3-2-1, go, the set's 3-2-1, finished
    voiced, clock, ear, _ = player(routine(BRIDGE), tones=False, voice=True)
    voiced.play(voiced.engine.start())
    for second in range(1, 10 + 24 + 1):
        clock.now = second + 1e-6
        voiced.play(voiced.engine.tick())
    assert "Bridge. 12 reps." in ear.said
    assert ear.said[-4:] == ["three", "two", "one", "Workout complete. Well done."]


SIDE_PLANKS = {"kind": "hold", "name": "Side plank", "seconds": 30, "sets": 2, "per_side": True}
EASIER_PLANK = {**PLANK, "easier": {"name": "Knee plank", "cue": "Knees down."}}


def test_skipping_an_exercise_while_paused_announces_only_where_it_lands_on_resume() -> None:
    # Its sets, sides and rests were all cued at once, while paused, ending on the
    # wrong step's phrase ("Side plank, right side. 30 seconds.").
    cues, clock, ear, output = player(routine(SIDE_PLANKS, PLANK), voice=True)
    engine = cues.engine
    cues.play(engine.start())
    for second in range(1, 13):
        clock.now = second + 1e-6
        cues.play(engine.tick())
    assert engine.step.label == "Side plank"
    cues.play(engine.pause())
    heard = (len(output.played), len(ear.said))
    cues.play(engine.skip_exercise())
    assert (len(output.played), len(ear.said)) == heard
    cues.play(engine.resume())
    assert output.played[heard[0] :] == [Sound.REST_NEW_MOVE]
    said = ear.said[heard[1] :]
    assert len(said) == 1 and said[0].startswith("Rest. Next: Plank."), said


def test_a_variant_chosen_while_paused_is_the_one_announced() -> None:
    cues, _, ear, _ = player(routine(EASIER_PLANK), voice=True)
    engine = cues.engine
    cues.play(engine.start())
    cues.play(engine.pause())
    cues.play(engine.skip())  # to the plank...
    cues.play(engine.toggle_easier())  # ...done on the knees
    cues.play(engine.resume())
    assert ear.said[-1] == "Knee plank. 1 minute."


def test_a_hold_done_again_ticks_at_ten_seconds_again() -> None:
    cues, clock, _, output = player(routine(PLANK))
    engine = cues.engine
    cues.play(engine.start())
    for second in range(1, 26):  # 15 s into the plank...
        clock.now = second + 1e-6
        cues.play(engine.tick())
    cues.play(engine.restart_step())  # ...r: the plank from the start
    ticks = len([s for s in output.played if s is Sound.HOLD_TICK])
    for second in range(26, 26 + 21):
        clock.now = second + 1e-6
        cues.play(engine.tick())
    assert len([s for s in output.played if s is Sound.HOLD_TICK]) - ticks == 2  # 10 s, 20 s


def test_plus_on_a_tempo_set_adds_whole_reps_paced_and_counted_like_the_others() -> None:
    # + gave 10 s after the set's last rep: ticks and silence, with nothing to follow
    # with the eyes closed, and the reps done in them were not counted.
    cues, clock, _, output = player(routine(BRIDGE))
    engine = cues.engine
    cues.play(engine.start())
    for second in range(1, 12):
        clock.now = second + 1e-6
        cues.play(engine.tick())
    cues.play(engine.add_time(10))  # 12 reps of 2 s, and 5 more: the nearest 10 s
    assert (engine.target_reps(), engine.step_length()) == (17, 34)
    for second in range(12, 10 + 34 + 1):
        clock.now = second + 1e-6
        cues.play(engine.tick())
    assert output.played.count(Sound.PHASE_RISE) == 17 - 1  # the go tone starts the first
    assert output.played.count(Sound.TICK) == 3  # the lead-in's 3-2-1 only
    [bridge] = [r for r in engine.records if r.step.label == "Bridge"]
    assert (bridge.done_reps, bridge.ended) == (17, "time")


def test_the_live_halfway_tone_falls_where_the_sound_track_has_it() -> None:
    # A 45 s hold: `coretui cues` put the halfway tone at 22.5 s, and the workout
    # screen, waking only at whole seconds of its countdown, played it at 23 s.
    from coretui.tui.screens.workout_lines import next_change_in

    plan = routine({"kind": "hold", "name": "Plank", "seconds": 45})
    [tone] = [c.at_s for c in build_track(plan) if c.kind == "halfway"]
    cues, clock, _, output = player(plan)
    engine = cues.engine
    cues.play(engine.start())
    heard_at = None
    while engine.state is State.RUNNING and heard_at is None:
        clock.now += next_change_in(engine)  # as the screen's timer wakes
        cues.play(engine.tick())
        if Sound.HALFWAY in output.played:
            heard_at = clock.now
    assert heard_at is not None and abs(heard_at - tone) < 0.05, (heard_at, tone)


def test_a_rep_count_due_in_the_pause_key_s_own_tick_is_not_queued() -> None:
    # The pause key ticks the engine first: when that tick finished the 5th rep, the
    # count was queued 0.25 s ahead after the queue had been emptied, and sounded paused.
    cues, clock, _, output = player(routine(BRIDGE))
    engine = cues.engine
    cues.play(engine.start())
    for second in range(1, 20):  # the lead-in, then 4 reps and a half
        clock.now = second + 0.5
        cues.play(engine.tick())
    assert Sound.REP_COUNT not in output.played
    clock.now = 20.1  # the 5th rep done: its count comes with this batch
    cues.play(engine.pause())
    assert engine.state is State.PAUSED
    assert Sound.REP_COUNT not in output.played


def test_a_tempo_of_seconds_per_rep_sounds_each_rep() -> None:
    # `tempo = 3` is one phase: no rep was sounded at all, 30 s of silence but for a
    # rep count at 5 and the 3-2-1, and no pace to follow with eyes closed.
    paced = {"kind": "reps", "name": "Bird dog", "reps": 10, "tempo": 3}
    track = build_track(routine(paced), lead_in_s=0)
    reps = [c for c in track if c.sound is Sound.PHASE_NEUTRAL]
    assert [c.at_s for c in reps] == [3.0 * rep for rep in range(1, 10)]  # (the go: rep 1)
    # No 3-2-1 over them: ticks a second apart, between and over the reps' tones 3 s
    # apart, sounded as if the pace doubled as the set ended (a phased tempo has none).
    assert [c for c in track if c.kind == "tick"] == []
    assert [c.sound for c in track if c.at_s == 30] == [Sound.FINISHED]  # (its end)
    quiet = build_track(routine(paced), SoundOptions(tempo=False), lead_in_s=0)
    assert not [c for c in quiet if c.sound is Sound.PHASE_NEUTRAL]
    assert [c.text for c in quiet if c.kind == "tick"] == ["3", "2", "1"]  # (the count back)
    said = [c.text for c in build_track(routine(paced), SoundOptions(voice=True)) if c.spoken]
    assert said[0] == "Get ready. Next: Bird dog, 10 reps, 3 seconds a rep."  # (was "rep 3")
    assert [c.text for c in reps][:2] == ["rep 2", "rep 3"]  # (`coretui cues`: "rep, rep 2")


def test_the_screen_wakes_for_every_hold_tick_the_track_lists() -> None:
    # A hold phase of 3.5 s: the screen woke on its countdown's half seconds, each tick
    # half a second late, and dropped as late; `coretui cues` listed all three.
    from coretui.tui.screens.workout_lines import next_change_in

    held = {
        "kind": "reps",
        "name": "Bridge",
        "reps": 2,
        "tempo": [
            {"name": "up", "seconds": 1},
            {"name": "hold", "seconds": 3.5},
            {"name": "down", "seconds": 1},
        ],
    }
    plan = routine(held)
    listed = [c for c in build_track(plan, lead_in_s=0) if c.kind == "hold-tick"]
    clock, output = FakeClock(), RecordingOutput()
    engine = WorkoutEngine.for_routine(plan, clock, 0)
    cues = CuePlayer(engine=engine, bell=lambda: None, output=output, speaker=Ear())
    cues.play(engine.start())
    while engine.state is not State.FINISHED:  # as the screen's timer wakes it
        clock.now += next_change_in(engine)
        cues.play(engine.tick())
    assert len(listed) == 6
    assert output.played.count(Sound.HOLD_TICK) == len(listed)


def test_a_hold_made_long_with_plus_has_its_halfway_tone_and_a_short_one_none() -> None:
    # The engine marked the halfway of steps of 20 s or more (as they run, + added); the
    # sound played it for holds planned at 30 s or more: a 25 s hold made 35 s with +
    # had none, and a 25 s one's mark was made only to be dropped.
    # (+ at 24 s of a 25 s hold: its new halfway, 17.5 s, is past, and was not heard then:
    # "halfway" said at once, at 24 of 35 s, would be false.)
    cases = ((25, 10, 10 + 35 / 2, 105), (25, 0, None, 0), (30, 0, 25.0, 0), (25, 10, None, 340))
    for planned, added, halfway_at, plus_at in cases:
        cues, clock, _, output = player(
            routine({"kind": "hold", "name": "Plank", "seconds": planned})
        )
        engine = cues.engine
        cues.play(engine.start())
        heard: list[float] = []
        for tenth in range(1, (10 + planned + added) * 10 + 1):
            clock.now = tenth / 10 + 1e-6
            before = output.played.count(Sound.HALFWAY)
            if tenth == plus_at and added:
                cues.play(engine.add_time(added))
            cues.play(engine.tick())
            if output.played.count(Sound.HALFWAY) > before:
                heard.append(round(clock.now, 1))
        assert heard == ([] if halfway_at is None else [round(halfway_at, 1)]), planned

"""Progression rules, equipment swaps and the user's overlay, on constructed histories."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from coretui.history import Session, StepEntry
from coretui.settings import Settings
from coretui.tui.screens.picker_lines import routine_option
from coretui.workout.coaching import (
    HOLD_CAP_S,
    Suggestion,
    evidence,
    plan_for,
    plan_notes,
    saved_words,
    suggestions,
)
from coretui.workout.equipment import equipment_swaps
from coretui.workout.overlays import Overlays, apply_overlay, exercise_keys
from coretui.workout.routine_models import routine_of
from coretui.workout.routine_summary import routine_card
from coretui.workout.routines import HoldExercise, RepsExercise, Routine, load_library

PLANK: dict[str, Any] = {
    "kind": "hold",
    "name": "Plank",
    "seconds": 60,
    "easier": {"name": "Knee plank", "cue": "Knees down."},
    "harder": {"name": "Plank with leg lift", "cue": "Lift one foot."},
}
BRIDGE: dict[str, Any] = {
    "kind": "reps",
    "name": "Bridge",
    "reps": 15,
    "tempo": 3,
    "equipment": ["bench"],
    "easier": {"name": "Floor bridge", "cue": "Feet on the floor.", "equipment": ["mat"]},
}


def routine(*exercises: dict[str, Any]) -> Routine:
    return routine_of(
        {"id": "r", "name": "R", "equipment": ["mat", "bench"], "exercises": list(exercises)}
    )


def session(
    day: int,
    steps: list[StepEntry],
    *,
    status: str = "completed",
    pain: tuple[int | None, int | None] = (None, None),
) -> Session:
    start = datetime(2026, 5, 1, 8, tzinfo=UTC) + timedelta(days=day)
    return Session(
        id=f"s{day}",
        routine_id="r",
        routine_name="R",
        started_at=start,
        finished_at=start,
        tz="UTC",
        local_date=date(2026, 5, 1) + timedelta(days=day),
        status=status,  # type: ignore[arg-type]
        duration_s=60,
        active_s=60,
        steps=steps,
        pain_before=pain[0],
        pain_after=pain[1],
    )


def hold(
    seconds: float = 60,
    done: float | None = None,
    *,
    ended: str = "time",
    added: float = 0.0,
    variant: str | None = None,
    hurt: bool = False,
    hurt_on_standard: bool = False,
) -> StepEntry:
    return StepEntry(
        exercise="Plank",
        side=None,
        planned_s=seconds,
        planned_reps=None,
        added_s=added,
        done_s=seconds + added if done is None else done,
        done_reps=None,
        ended=ended,  # type: ignore[arg-type]
        variant=variant,
        hurt=hurt,
        hurt_on_standard=hurt_on_standard or msgspec.UNSET,
    )


def test_three_full_sessions_without_more_pain_suggest_a_longer_hold() -> None:
    history = [session(d, [hold()], pain=(3, 2)) for d in range(3)]
    [idea] = suggestions(routine(PLANK), history)
    assert idea.direction == "harder"
    assert idea.change == {"seconds": 65}
    assert "65 s" in idea.text


def test_three_sessions_of_one_day_are_one_day_s_proof() -> None:
    # A workout and two `coretui log`s in one afternoon offered every move harder.
    def on(day: int, hour: int, steps: list[StepEntry]) -> Session:
        at = session(day, steps)
        later = timedelta(hours=hour)
        return msgspec.structs.replace(at, started_at=at.started_at + later, id=f"s{day}-{hour}")

    one_day = [on(0, hour, [hold()]) for hour in (1, 2, 3)]
    assert suggestions(routine(PLANK), one_day) == []
    assert suggestions(routine(PLANK), [on(0, 1, [hold()]), *one_day[1:], on(1, 1, [hold()])]) == []
    [idea] = suggestions(routine(PLANK), [*one_day, on(1, 1, [hold()]), on(2, 1, [hold()])])
    assert idea.text == "Plank: done in full on 3 days. Hold 65 s next time?"
    # The last of each day is that day's proof: a morning in full, an evening cut short.
    cut = on(2, 9, [hold(done=20, ended="done")])
    days = [on(0, 1, [hold()]), on(1, 1, [hold()]), on(2, 1, [hold()]), cut]
    assert [i.direction for i in suggestions(routine(PLANK), days)] == []


def test_the_workout_just_done_is_the_newest_even_when_dated_before_another() -> None:
    # After a flight west the workout just done is dated the day before the one it
    # follows: read by date, "Plank hurt today" was judged on the session before.
    history = [session(d, [hold()]) for d in range(3)]
    newest = msgspec.structs.replace(session(1, [hold(hurt=True)]), id="newest")
    read = evidence([*history, newest])
    assert read[-1] is newest and len(read) == 4  # (every session of the last 3 days)
    [idea] = suggestions(routine(PLANK), read)
    assert idea.text == "Plank hurt today. Switch to Knee plank from next time?"


def test_an_accepted_switch_names_the_move_switched_to() -> None:
    # "Saved: Plank easier variant from next time." named neither move the user chose.
    [idea] = suggestions(routine(PLANK), [session(0, [hold(hurt=True)])])
    assert saved_words(idea) == "Saved: Knee plank in place of Plank from next time."


def test_two_full_sessions_are_not_enough() -> None:
    assert suggestions(routine(PLANK), [session(d, [hold()]) for d in range(2)]) == []


def test_a_cut_short_or_skipped_hold_is_not_done_in_full() -> None:
    assert (
        suggestions(
            routine(PLANK), [session(0, [hold(done=40)]), *[session(d, [hold()]) for d in (1, 2)]]
        )
        == []
    )
    assert (
        suggestions(
            routine(PLANK),
            [session(0, [hold(ended="skipped")]), *[session(d, [hold()]) for d in (1, 2)]],
        )
        == []
    )


def test_more_pain_after_than_before_blocks_a_step_up() -> None:
    history = [session(0, [hold()]), session(1, [hold()], pain=(2, 3)), session(2, [hold()])]
    assert suggestions(routine(PLANK), history) == []


def test_sessions_at_an_older_shorter_hold_do_not_count_for_the_new_one() -> None:
    longer = routine({**PLANK, "seconds": 65})
    history = [session(0, [hold(60)]), session(1, [hold(60)]), session(2, [hold(65)])]
    assert suggestions(longer, history) == []


def test_sessions_with_fewer_sets_or_sides_than_today_do_not_count() -> None:
    # The side plank was one-sided and the plank one set until today: only today's
    # session was done at the plan, yet "done in full 3 times" was offered.
    def steps(side: str | None, count: int) -> list[StepEntry]:
        return [msgspec.structs.replace(hold(30), exercise="Side plank", side=side)] * count

    side_plank = {"kind": "hold", "name": "Side plank", "seconds": 30}
    both_sides = routine({**side_plank, "per_side": True})
    earlier = [session(d, steps(None, 1)) for d in (0, 1)]
    today = session(2, [*steps("left", 1), *steps("right", 1)])
    assert suggestions(both_sides, [*earlier, today]) == []
    at_plan = [session(d, [*steps("left", 1), *steps("right", 1)]) for d in range(3)]
    assert suggestions(both_sides, at_plan) != []
    three_sets = routine({**side_plank, "sets": 3})
    earlier = [session(d, steps(None, 1)) for d in (0, 1)]
    assert suggestions(three_sets, [*earlier, session(2, steps(None, 3))]) == []
    assert suggestions(three_sets, [session(d, steps(None, 3)) for d in range(3)]) != []
    # More sets than today's (a set taken off since) are proof enough.
    two_sets = routine({**side_plank, "sets": 2})
    assert suggestions(two_sets, [session(d, steps(None, 3)) for d in range(3)]) != []


def test_at_the_cap_the_harder_variant_is_suggested() -> None:
    capped = routine({**PLANK, "seconds": HOLD_CAP_S})
    history = [session(d, [hold(HOLD_CAP_S)]) for d in range(3)]
    [idea] = suggestions(capped, history)
    assert idea.change == {"variant": "harder"}
    assert "Plank with leg lift" in idea.text


def test_a_pain_rise_of_two_suggests_the_easier_variant() -> None:
    [idea] = suggestions(routine(PLANK), [session(0, [hold()], pain=(2, 4))])
    assert idea.direction == "easier"
    assert idea.change == {"variant": "easier"}


def test_a_pain_rise_suggests_no_easier_variant_for_an_exercise_not_done() -> None:
    # The plank was skipped whole (here, a resumed sitting that skipped what was left):
    # it cannot have raised the pain, so only the bridge, which was done, is named.
    plank = routine(PLANK, {**BRIDGE, "equipment": ["mat"]})
    bridge = StepEntry(
        exercise="Bridge",
        side=None,
        planned_s=None,
        planned_reps=15,
        done_s=45,
        done_reps=15,
        ended="done",
    )
    skipped = hold(done=0, ended="skipped")
    history = [session(0, [skipped, bridge], pain=(2, 4))]
    [idea] = suggestions(plank, history)
    assert idea.name == "Bridge"
    assert idea.direction == "easier"


def test_swapping_to_easier_suggests_keeping_it() -> None:
    [idea] = suggestions(routine(PLANK), [session(0, [hold(variant="Knee plank")])])
    assert idea.direction == "easier"
    assert "Knee plank" in idea.text


def test_one_set_of_two_on_the_easier_variant_does_not_make_it_the_default() -> None:
    # Set 1 held in full with +, set 2 on the knees: "Plank: you chose Knee plank today.
    # Make it the default?"
    one = [hold(added=10), hold(variant="Knee plank")]
    assert suggestions(routine(PLANK), [session(0, one)]) == []
    both = [hold(variant="Knee plank"), hold(variant="Knee plank")]
    [idea] = suggestions(routine(PLANK), [session(0, both)])
    assert idea.text == "Plank: you chose Knee plank today. Make it the default?"


def test_no_suggestion_after_a_partial_session() -> None:
    history = [session(0, [hold()]), session(1, [hold()]), session(2, [hold()], status="partial")]
    assert suggestions(routine(PLANK), history) == []


def test_already_on_easier_gets_no_repeat_suggestion() -> None:
    history = [session(0, [hold(variant="Knee plank")], pain=(2, 5))]
    assert suggestions(routine(PLANK), history, on_easier={0}) == []


def test_equipment_swaps_pick_a_variant_that_fits() -> None:
    r = routine(PLANK, BRIDGE)
    assert equipment_swaps(r, None) == []
    [swap] = equipment_swaps(r, ["mat"])
    assert swap.exercise == "Bridge" and swap.missing == ("bench",)
    assert swap.variant is not None and swap.variant.name == "Floor bridge"
    [nothing] = equipment_swaps(r, [])
    assert nothing.variant is None  # the floor bridge needs a mat too


def test_plan_starts_swapped_exercises_on_their_variant_and_says_so() -> None:
    plan = plan_for(routine(PLANK, BRIDGE), Settings(equipment=["mat"]), {})
    assert plan.start_easier == {1}
    assert any("No bench" in note and "Floor bridge" in note for note in plan_notes(plan))


def test_the_routine_list_tells_swapped_exercises_from_ones_to_skip() -> None:
    loaded = load_library(None).get("core-six")
    assert loaded is not None
    # a mat alone: the station's move has a mat variant, the ball and bench moves none
    plan = plan_for(loaded.routine, Settings(equipment=["mat"]), {})
    card = routine_card(loaded, plan)
    text = str(routine_option(card, "not yet").prompt)
    assert f"{card.swaps} swapped for your equipment" in text
    assert f"{card.unfit} left out for your equipment" in text
    assert card.swaps >= 1 and card.unfit >= 2


def test_an_exercise_started_on_its_easier_variant_says_so_in_its_own_line() -> None:
    # "Switch to Swiss-ball knee tuck from next time?" accepted: the pike's line still read
    # "easier: Swiss-ball knee tuck" as an option, the change told only above the list.
    from coretui.tui.screens.picker_lines import exercise_items

    loaded = load_library(None).get("core-six")
    assert loaded is not None
    plan = plan_for(loaded.routine, Settings(), {"Swiss-ball pike": {"variant": "easier"}})
    lines = [item.text for item in exercise_items(routine_card(loaded, plan), None)]
    pike = next(line for line in lines if "Swiss-ball pike" in line)
    assert pike.endswith("easier: Swiss-ball knee tuck (you start on it)"), pike
    plank = next(line for line in lines if "Plank" in line)
    assert "(you start on it)" not in plank


def test_the_lead_in_chosen_in_the_settings_is_the_routine_s() -> None:
    loaded = load_library(None).get("core-quick")
    assert loaded is not None
    usual = routine_card(loaded, plan_for(loaded.routine, Settings(), {}))
    shorter = routine_card(loaded, plan_for(loaded.routine, Settings(lead_in_s=5), {}))
    assert shorter.lead_in_s == 5  # what the detail pane says...
    assert shorter.total_s == usual.total_s - (usual.lead_in_s - 5)  # ...and the total


def test_bundled_core_six_has_a_mat_variant_for_the_station() -> None:
    loaded = load_library(None).get("core-six")
    assert loaded is not None
    swaps = {s.exercise: s for s in equipment_swaps(loaded.routine, ["mat"])}
    assert swaps["Back extension"].variant is not None


def test_progress_keeps_a_paced_set_within_an_hour() -> None:
    # 6 reps of a 600 s rep is the hour a set may last; "+2 reps" made it 80 minutes,
    # which no routine file may hold.
    slow = {
        "kind": "reps",
        "name": "Slow",
        "reps": 6,
        "tempo": [{"name": f"p{i}", "seconds": 60} for i in range(10)],
    }
    changed, _ = apply_overlay(routine(slow), {"Slow": {"reps": 8}})
    routine_of(msgspec.to_builtins(changed))
    assert changed.exercises[0].reps == 6  # type: ignore[union-attr]
    done = StepEntry(
        exercise="Slow",
        side=None,
        planned_s=3600.0,
        planned_reps=6,
        done_s=3600.0,
        done_reps=6,
        ended="time",
    )
    full = [session(d, [done]) for d in range(3)]
    assert not [s for s in suggestions(routine(slow), full) if "reps" in s.change]


def test_overlay_applies_longer_holds_and_harder_variants(tmp_path: Path) -> None:
    overlays = Overlays.load(tmp_path / "progress.json")
    overlays.accept("r", "Plank", {"seconds": 65})
    again = Overlays.load(tmp_path / "progress.json")
    changed, easier = apply_overlay(routine(PLANK), again.for_routine("r"))
    assert isinstance(changed.exercises[0], HoldExercise)
    assert changed.exercises[0].seconds == 65
    assert easier == set()
    harder, _ = apply_overlay(routine(PLANK), {"Plank": {"variant": "harder"}})
    assert harder.exercises[0].name == "Plank with leg lift"
    assert harder.exercises[0].easier is not None and harder.exercises[0].easier.name == "Plank"


def test_forgetting_a_routine_s_changes_keeps_every_other_routine_s(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"other": {"Plank": {"seconds": 90}}, "kept": "by hand"}))
    overlays = Overlays.load(path)
    overlays.accept("r", "Plank", {"seconds": 65})
    overlays.accept("r", "Side plank", {"variant": "easier"})
    assert overlays.forget("r") == ["Plank (65 s)", "Side plank (easier variant)"]
    assert overlays.for_routine("r") == {}
    assert json.loads(path.read_text()) == {"other": {"Plank": {"seconds": 90}}, "kept": "by hand"}
    overlays.take_back("r", "Side plank")  # nothing left to take back: no entry comes back
    assert "r" not in json.loads(path.read_text())


def test_an_entry_typed_by_hand_with_nothing_to_apply_is_not_told_as_a_change(
    tmp_path: Path,
) -> None:
    # "Side standard move" was said of {"seconds": "abc"}, a slip coretui ignores.
    path = tmp_path / "progress.json"
    path.write_text(
        json.dumps({"r": {"Side": {"seconds": "abc"}, "Plank": {"variant": "standard"}}})
    )
    assert Overlays.load(path).told("r") == ["Plank (standard move)"]


def test_forgetting_on_a_disk_that_refuses_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    path = tmp_path / "progress.json"
    overlays = Overlays.load(path)
    overlays.accept("r", "Plank", {"seconds": 65})

    def refused(self: Overlays, held: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Overlays, "_save", refused)
    with pytest.raises(OSError):
        overlays.forget("r")
    monkeypatch.undo()
    assert overlays.for_routine("r") == {"Plank": {"seconds": 65}}
    assert Overlays.load(path).for_routine("r") == {"Plank": {"seconds": 65}}


def test_taking_back_a_change_undoes_only_the_last_one_accepted(tmp_path: Path) -> None:
    # 65 s accepted after one workout, 70 s after the next, then taken back as the pain
    # after rose: the 65 s went too, though it was no part of that summary.
    path = tmp_path / "progress.json"
    overlays = Overlays.load(path)
    overlays.accept("r", "Plank", {"seconds": 65})
    overlays.accept("r", "Plank", {"seconds": 70})
    overlays.take_back("r", "Plank")
    assert Overlays.load(path).for_routine("r") == {"Plank": {"seconds": 65}}
    overlays.accept("r", "Side plank", {"seconds": 35})
    overlays.take_back("r", "Side plank")  # none before it: no entry at all
    assert json.loads(path.read_text())["r"] == {"Plank": {"seconds": 65}}


def test_a_damaged_overlay_file_is_reported_and_ignored(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text('{\n"r": {"Plank": {seconds: 65}}}')
    assert Overlays.load(path).problem == (  # (Python's words were "Expecting property...")
        f'{path}: JSON syntax: line 2, column 17: a key in "double quotes" expected;'
        " progress changes ignored"
    )
    path.write_text("[" * 100_000 + "]" * 100_000)  # too deep for Python's JSON reader
    assert Overlays.load(path).problem == f"{path}: nested too deeply; progress changes ignored"

    # A list or a word at the top was ignored without a word.
    for text, found in (("[1, 2]", "a list"), ('"x"', "str")):
        path.write_text(text)
        assert Overlays.load(path).problem == (
            f"{path}: not a table of routines (got {found}); progress changes ignored"
        )
    path.unlink()
    path.mkdir()
    said = f"{path}: is a folder, not a file; progress changes ignored"  # (not "Is a directory")
    assert Overlays.load(path).problem == said
    path.rmdir()
    os.mkfifo(path)  # a named pipe: reading it waited for ever, in the app's start too
    found: list[Overlays] = []
    reader = threading.Thread(target=lambda: found.append(Overlays.load(path)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert [overlays.problem for overlays in found] == [
        f"{path}: not a regular file (a named pipe, socket or device); progress changes ignored"
    ]
    path.unlink()
    path.write_text(json.dumps({"r": {"Plank": {"seconds": -5, "variant": "sideways"}}}))
    assert Overlays.load(path).for_routine("r") == {"Plank": {}}


def test_entries_of_the_progress_file_not_applied_are_said_and_kept(tmp_path: Path) -> None:
    # A hand-written 5000 s plank was dropped without a word, and the next accepted
    # suggestion wrote the file again without it.
    path = tmp_path / "progress.json"
    typed = {"core-quick": {"Plank": {"seconds": 5000}, "Superman": "x"}, "mine": 3}
    path.write_text(json.dumps(typed))
    overlays = Overlays.load(path)
    assert overlays.for_routine("core-quick") == {"Plank": {}}
    assert overlays.problem == (
        f"{path}: ignored core-quick · Plank · seconds: 5000"
        " (expected a whole number from 1 to 3600) (and 2 more)"
    )
    overlays.accept("core-quick", "Hip raise", {"reps": 12})
    assert json.loads(path.read_text()) == {
        "core-quick": {"Plank": {"seconds": 5000}, "Superman": "x", "Hip raise": {"reps": 12}},
        "mine": 3,
    }
    again = Overlays.load(path)
    assert again.for_routine("core-quick") == {"Plank": {}, "Hip raise": {"reps": 12}}
    assert again.problem is not None and "(and 2 more)" in again.problem


@pytest.mark.parametrize(
    "typed",
    [
        '{"core-six": {"Plank": {"seconds": 90}}, "core-quick": {"Plank": {"seconds": 75}},}',
        '[{"core-six": {"Plank": {"seconds": 90}}}]',
    ],
    ids=["a trailing comma", "not a table"],
)
def test_a_progress_file_that_cannot_be_read_is_kept_aside_before_a_change_writes_it(
    tmp_path: Path, typed: str
) -> None:
    # A trailing comma typed by hand: the file was said and ignored, then the next
    # accepted suggestion wrote it with that one change, the progress of every other
    # routine gone.
    path = tmp_path / "progress.json"
    path.write_text(typed)
    overlays = Overlays.load(path)
    assert overlays.problem is not None and overlays.for_routine("core-six") == {}
    overlays.accept("tiny", "Plank", {"seconds": 8})
    assert json.loads(path.read_text()) == {"tiny": {"Plank": {"seconds": 8}}}
    assert overlays.kept == tmp_path / "progress.json.bak"
    assert overlays.kept.read_text() == typed
    idea = Suggestion("tiny", "Plank", "Plank", "harder", "Hold 9s?", {"seconds": 9})
    said = saved_words(idea, overlays.kept)
    assert said.endswith("The progress file as it was is kept as progress.json.bak.")
    overlays.accept("tiny", "Plank", {"seconds": 9})  # (read now: no second copy, no word)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json", "progress.json.bak"]
    assert overlays.kept is None


def test_a_hold_ended_early_with_enter_or_cut_with_minus_never_earns_a_harder_one() -> None:
    for cut in (hold(done=2, ended="done"), hold(added=-30), hold(done=20, ended="stopped")):
        history = [session(0, [cut]), *[session(d, [hold()]) for d in (1, 2)]]
        assert suggestions(routine(PLANK), history) == [], cut


def test_a_hold_made_longer_with_plus_still_counts_as_done_in_full() -> None:
    history = [session(0, [hold(added=10)]), *[session(d, [hold()]) for d in (1, 2)]]
    [idea] = suggestions(routine(PLANK), history)
    assert idea.direction == "harder"


def test_this_hurts_suggests_the_easier_variant_and_never_harder() -> None:
    history = [*[session(d, [hold()]) for d in (0, 1)], session(2, [hold(hurt=True)])]
    [idea] = suggestions(routine(PLANK), history)
    assert idea.direction == "easier"
    assert idea.change == {"variant": "easier"}
    assert "hurt" in idea.text
    # Even a stopped workout (ended from the "this hurts" dialog) gets the suggestion.
    stopped = [session(0, [hold(done=10, ended="stopped", hurt=True)], status="partial")]
    assert [s.direction for s in suggestions(routine(PLANK), stopped)] == ["easier"]


def test_the_easier_variant_that_hurt_is_not_suggested() -> None:
    # Switched to the knee plank, it hurt too: "Plank hurt today. Switch to Knee plank
    # from next time?" offered the very move that hurt as the default.
    on_knees = hold(variant="Knee plank", hurt=True)
    for status in ("completed", "partial"):
        assert suggestions(routine(PLANK), [session(0, [on_knees], status=status)]) == []
    # Hurt on the plank itself, then on the knees too: the knees are no answer either.
    both = [hold(hurt=True), on_knees]
    assert suggestions(routine(PLANK), [session(0, both)]) == []


def test_a_switch_to_the_easier_variant_after_the_move_hurt_suggests_it() -> None:
    # The plank hurt, and the rest of it was done on the knees, without pain there.
    switched = hold(variant="Knee plank", hurt=True, hurt_on_standard=True)
    [idea] = suggestions(routine(PLANK), [session(0, [switched])])
    assert (idea.direction, idea.change) == ("easier", {"variant": "easier"})


def test_after_a_hurt_three_more_full_sessions_are_needed() -> None:
    history = [session(0, [hold(hurt=True)]), *[session(d, [hold()]) for d in (1, 2)]]
    assert suggestions(routine(PLANK), history) == []


def test_a_hurt_in_an_earlier_sitting_of_the_same_day_blocks_a_harder_one() -> None:
    # "This hurts" on the plank in a morning try that was stopped, then the routine done
    # in full that afternoon: "Plank: done in full on 3 days. Hold 65 s next time?".
    # A day's last session was its only word.
    morning = msgspec.structs.replace(
        session(2, [hold(done=10, ended="stopped", hurt=True)], status="partial"), id="am"
    )
    history = [session(0, [hold()]), session(1, [hold()]), morning, session(2, [hold()])]
    assert suggestions(routine(PLANK), history) == []
    assert morning in evidence(history), "the trainer reads it whole, steps and all"
    later = [*history, session(3, [hold()]), session(4, [hold()])]
    assert [s.direction for s in suggestions(routine(PLANK), later)] == []
    assert [s.direction for s in suggestions(routine(PLANK), [*later, session(5, [hold()])])] == [
        "harder"
    ]


@pytest.mark.parametrize("pain", [(8, 8), (None, 9), (7, 5)])
def test_severe_back_pain_earns_no_harder_idea_however_flat(
    pain: tuple[int | None, int | None],
) -> None:
    # Before 8 and after 8, or after 9 with no before: five harder ideas were offered.
    history = [session(0, [hold()]), session(1, [hold()]), session(2, [hold()], pain=pain)]
    assert suggestions(routine(PLANK), history) == []


def test_a_pain_rise_in_an_earlier_sitting_of_the_same_day_blocks_a_harder_one() -> None:
    # Pain 3 to 7 in a morning run, then the routine again at noon, no pain given:
    # "Plank: done in full on 3 days. Hold 65 s next time?" an hour after the rise.
    morning = msgspec.structs.replace(session(2, [hold()], pain=(3, 7)), id="am")
    history = [session(0, [hold()]), session(1, [hold()]), morning, session(2, [hold()])]
    assert suggestions(routine(PLANK), history) == []


def test_a_move_that_hurt_on_the_latest_day_holds_back_every_harder_idea() -> None:
    # "Plank hurt today. Switch to Plank on knees?" beside "Bird dog: 12 reps next time?".
    moves = routine(PLANK, BIRD_DOG)
    full = [hold(), reps_step("Bird dog", 10)]
    history = [session(0, full), session(1, full), session(2, [hold(hurt=True), full[1]])]
    assert [(i.name, i.direction) for i in suggestions(moves, history)] == [("Plank", "easier")]


def test_a_pain_rise_in_a_workout_stopped_early_suggests_the_easier_variant() -> None:
    # Stopped early, pain 2 to 6: nothing was said of the rise.
    stopped = session(0, [hold(done=30, ended="stopped")], status="partial", pain=(2, 6))
    [idea] = suggestions(routine(PLANK), [stopped])
    assert idea.text == "Plank: pain went up from 2 to 6. Switch to Knee plank?"


def test_a_routine_whose_exercises_need_a_mat_does_not_list_no_equipment() -> None:
    # Made in the editor, with "mat" on its exercise: the list said "no equipment".
    from coretui.workout.routines import LoadedRoutine

    routine = routine_of(
        {
            "id": "mine",
            "name": "Mine",
            "exercises": [
                {"kind": "hold", "name": "Plank", "seconds": 30, "equipment": ["mat"]},
                {"kind": "hold", "name": "Wall sit", "seconds": 30, "equipment": ["wall", "mat"]},
            ],
        }
    )
    loaded = LoadedRoutine(routine, "user", "mine.toml")
    card = routine_card(loaded, plan_for(routine, Settings(), {}))
    assert card.equipment == ("mat", "wall")
    assert "no equipment" not in str(routine_option(card, "not yet").prompt)


BIRD_DOG: dict[str, Any] = {
    "kind": "reps",
    "name": "Bird dog",
    "reps": 10,
    "easier": {"name": "Arm reach", "cue": "Reach one arm."},
    "harder": {"name": "Banded bird dog", "cue": "Band round the feet."},
}


def reps_step(name: str, reps: int, *, variant: str | None = None, hurt: bool = False) -> StepEntry:
    return StepEntry(
        exercise=name,
        planned_reps=reps,
        done_s=reps * 3.0,
        done_reps=reps,
        ended="done",
        variant=variant,
        hurt=hurt,
    )


def test_progress_on_the_harder_variant_is_kept_and_it_leads_back_to_the_standard_move(
    tmp_path: Path,
) -> None:
    # Accepted on the harder variant, "12 reps" was kept under its name, which nothing
    # reads: the workout stayed at 10; and "switch back" after a hurt was never applied.
    written = routine(BIRD_DOG)
    overlays = Overlays.load(tmp_path / "progress.json")
    overlays.accept("r", "Bird dog", {"variant": "harder"})
    plan = plan_for(written, Settings(), overlays.for_routine("r"))
    assert plan.routine.exercises[0].name == "Banded bird dog"
    full = [session(d, [reps_step("Banded bird dog", 10)]) for d in range(3)]
    [more] = suggestions(plan.routine, full, written=written)
    assert (more.exercise, more.name, more.change) == ("Bird dog", "Banded bird dog", {"reps": 12})
    overlays.accept(more.routine_id, more.exercise, more.change)
    plan = plan_for(written, Settings(), overlays.for_routine("r"))
    doing = plan.routine.exercises[0]
    assert isinstance(doing, RepsExercise) and (doing.name, doing.reps) == ("Banded bird dog", 12)

    hurt = [session(3, [reps_step("Banded bird dog", 12, hurt=True)])]
    [back] = suggestions(plan.routine, hurt, written=written)
    assert back.text == "Banded bird dog hurt today. Switch to Bird dog from next time?"
    overlays.accept(back.routine_id, back.exercise, back.change)
    assert saved_words(back) == "Saved: Bird dog from next time."
    plan = plan_for(written, Settings(), overlays.for_routine("r"))
    doing = plan.routine.exercises[0]
    assert (doing.name, plan.start_easier) == ("Bird dog", frozenset()), "not its Arm reach"
    assert isinstance(doing, RepsExercise) and doing.reps == 12


def test_two_exercises_of_one_name_keep_their_own_progress() -> None:
    # A circuit's 30 s plank and 60 s plank shared one entry: the 60 s one was never
    # offered more (the 30 s steps were no proof for it), and a longer first plank
    # made the second one 35 s.
    short, long = {**PLANK, "seconds": 30}, {**PLANK, "seconds": 60}
    written = routine(short, long)
    steps = [hold(30), hold(60)]
    ideas = suggestions(written, [session(d, steps) for d in range(3)], written=written)
    assert [(i.exercise, i.change) for i in ideas] == [
        ("Plank", {"seconds": 35}),
        ("Plank #2", {"seconds": 65}),
    ]
    assert "Plank #2: done in full" in ideas[1].text
    changed, _ = apply_overlay(written, {"Plank": {"seconds": 35}})
    assert [getattr(e, "seconds", None) for e in changed.exercises] == [35, 60]
    # The second plank cut short: the first still earns its step up, the second does not.
    cut = [hold(30), hold(60, done=20, ended="done")]
    history = [*[session(d, steps) for d in range(2)], session(2, cut)]
    assert [i.exercise for i in suggestions(written, history, written=written)] == ["Plank"]


def test_a_file_reordered_during_the_workout_gets_no_change_meant_for_another_move() -> None:
    # The plank and the side plank swapped in the file (another window) while the
    # workout ran: "Plank: Hold 65 s next time?" was kept as the side plank's progress.
    side = {"kind": "hold", "name": "Side plank", "seconds": 30}
    ran = routine(PLANK, side)
    steps = [hold(60), msgspec.structs.replace(hold(30), exercise="Side plank")]
    full = [session(d, steps) for d in range(3)]
    ideas = suggestions(ran, full, written=ran)
    assert [(i.name, i.exercise) for i in ideas] == [("Plank", "Plank"), ("Side plank",) * 2]
    # Reordered: each kept under its own name (by a name the file uses once).
    ideas = suggestions(ran, full, written=routine(side, PLANK))
    assert [(i.name, i.exercise) for i in ideas] == [("Plank", "Plank"), ("Side plank",) * 2]
    # A plank added before it: "Plank" is no sure entry any more; the side plank's is.
    ideas = suggestions(ran, full, written=routine({**PLANK, "seconds": 20}, side, PLANK))
    assert [(i.name, i.exercise) for i in ideas] == [("Side plank", "Side plank")]
    # "This hurts" on the plank is still said when the file gained a move meanwhile.
    hurt = [session(0, [hold(hurt=True)])]
    [back] = suggestions(routine(PLANK), hurt, written=routine(PLANK, side))
    assert (back.exercise, back.change) == ("Plank", {"variant": "easier"})


def test_a_harder_variant_of_the_same_name_leads_back_to_the_standard_move(
    tmp_path: Path,
) -> None:
    # "Plank", harder "Plank" (a longer lever, the same name): "switch back" after a
    # hurt started the user on the knee plank.
    same = {**PLANK, "harder": {"name": "Plank", "cue": "Feet on a step."}}
    written = routine(same)
    overlays = Overlays.load(tmp_path / "progress.json")
    overlays.accept("r", "Plank", {"variant": "harder"})
    plan = plan_for(written, Settings(), overlays.for_routine("r"))
    [back] = suggestions(plan.routine, [session(0, [hold(hurt=True)])], written=written)
    assert back.change == {"variant": "standard"}


def test_progress_keys_never_collide() -> None:
    # An exercise named "Plank #2" and a second "Plank" shared an entry.
    names = ["Plank", "Plank #2", "Plank"]
    keyed = routine(*({**PLANK, "name": name} for name in names))
    assert exercise_keys(keyed) == ["Plank", "Plank #2", "Plank #3"]

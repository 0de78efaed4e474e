"""The routines shipped with coretui: they load, and they say what the article says."""

from __future__ import annotations

import pytest

from coretui.workout.routines import (
    HoldExercise,
    Library,
    RepsExercise,
    Routine,
    Variant,
    load_library,
)
from coretui.workout.timeline import StepKind, compile_routine

BUNDLED_IDS = ("core-six", "core-six-mat", "core-quick")
MAX_CUE_CHARS = 160


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


def _routine(library: Library, routine_id: str) -> Routine:
    loaded = library.get(routine_id)
    assert loaded is not None, f"bundled routine {routine_id!r} is missing"
    assert loaded.source == "bundled"
    return loaded.routine


def _exercise(routine: Routine, name: str) -> HoldExercise | RepsExercise:
    matches = [ex for ex in routine.exercises if ex.name == name]
    assert len(matches) == 1, f"{routine.id} should have exactly one {name!r}"
    return matches[0]


def _variants(exercise: HoldExercise | RepsExercise) -> list[Variant]:
    return [v for v in (exercise.easier, exercise.harder) if v is not None]


def test_bundled_library_loads_without_errors(library: Library) -> None:
    assert library.errors == []
    ids = [loaded.routine.id for loaded in library.routines]
    assert set(BUNDLED_IDS) <= set(ids)
    assert len(ids) == len(set(ids)), "bundled routine ids must be unique"


# --- core-six keeps the article's numbers ------------------------------------


def test_core_six_plank_is_one_minute(library: Library) -> None:
    plank = _exercise(_routine(library, "core-six"), "Plank")
    assert isinstance(plank, HoldExercise)
    assert (plank.seconds, plank.sets, plank.per_side) == (60, 1, False)


def test_core_six_side_plank_is_one_minute_each_side_with_a_switch(library: Library) -> None:
    routine = _routine(library, "core-six")
    side = _exercise(routine, "Side plank")
    assert isinstance(side, HoldExercise)
    assert (side.seconds, side.sets, side.per_side) == (60, 1, True)
    assert 0 < side.switch_s <= 10

    index = routine.exercises.index(side)
    steps = [s for s in compile_routine(routine).steps if s.exercise_index == index]
    assert [(s.kind, s.side, s.seconds) for s in steps] == [
        (StepKind.WORK, "left", 60.0),
        (StepKind.SWITCH, None, float(side.switch_s)),
        (StepKind.WORK, "right", 60.0),
    ]


@pytest.mark.parametrize("name", ["Swiss-ball pike", "Reverse hip raise", "Hip raise"])
def test_core_six_rep_moves_are_three_sets_of_fifteen(library: Library, name: str) -> None:
    exercise = _exercise(_routine(library, "core-six"), name)
    assert isinstance(exercise, RepsExercise)
    assert (exercise.sets, exercise.reps) == (3, 15)


def test_core_six_pike_has_knee_tuck_as_the_easier_start(library: Library) -> None:
    pike = _exercise(_routine(library, "core-six"), "Swiss-ball pike")
    assert pike.easier is not None
    assert "knee tuck" in pike.easier.name.lower()
    assert "swiss-ball" in pike.equipment


def test_core_six_reverse_hip_raise_uses_a_bench_with_a_ball_option(library: Library) -> None:
    raise_ = _exercise(_routine(library, "core-six"), "Reverse hip raise")
    assert "bench" in raise_.equipment
    ball = [v for v in _variants(raise_) if "swiss-ball" in v.equipment]
    assert len(ball) == 1
    assert "bench" not in ball[0].equipment


def test_core_six_hip_raise_pauses_five_seconds_at_the_top(library: Library) -> None:
    hip_raise = _exercise(_routine(library, "core-six"), "Hip raise")
    assert isinstance(hip_raise, RepsExercise)
    phases = [(p.name, p.seconds) for p in hip_raise.phases]
    assert [name for name, _ in phases] == ["up", "hold", "down"]
    assert dict(phases)["hold"] == 5


def test_core_six_superman_is_hold_30_relax_5_three_times(library: Library) -> None:
    routine = _routine(library, "core-six")
    superman = _exercise(routine, "Superman")
    assert isinstance(superman, HoldExercise)
    assert (superman.seconds, superman.sets, superman.rest_s) == (30, 3, 5)

    index = routine.exercises.index(superman)
    steps = [s for s in compile_routine(routine).steps if s.exercise_index == index]
    assert [(s.kind, s.seconds) for s in steps] == [
        (StepKind.WORK, 30.0),
        (StepKind.REST_SET, 5.0),
        (StepKind.WORK, 30.0),
        (StepKind.REST_SET, 5.0),
        (StepKind.WORK, 30.0),
    ]


def test_core_six_back_extension_has_a_mat_only_option(library: Library) -> None:
    extension = _exercise(_routine(library, "core-six"), "Back extension")
    assert "back-extension-station" in extension.equipment
    assert extension.easier is not None
    assert extension.easier.equipment == ["mat"]


def test_core_six_follows_the_articles_order(library: Library) -> None:
    names = [ex.name for ex in _routine(library, "core-six").exercises]
    assert names == [
        "Plank",
        "Side plank",
        "Back extension",
        "Swiss-ball pike",
        "Reverse hip raise",
        "Hip raise",
        "Superman",
    ]


# --- core-six-mat and core-quick ---------------------------------------------


def test_core_six_mat_needs_only_a_mat(library: Library) -> None:
    routine = _routine(library, "core-six-mat")
    assert routine.equipment == ["mat"]
    for exercise in routine.exercises:
        assert set(exercise.equipment) <= {"mat"}, exercise.name
        for variant in _variants(exercise):
            assert set(variant.equipment) <= {"mat"}, variant.name


def test_core_six_mat_keeps_the_articles_floor_moves(library: Library) -> None:
    routine = _routine(library, "core-six-mat")
    hip_raise = _exercise(routine, "Hip raise")
    assert isinstance(hip_raise, RepsExercise)
    assert (hip_raise.sets, hip_raise.reps) == (3, 15)
    assert dict((p.name, p.seconds) for p in hip_raise.phases)["hold"] == 5
    superman = _exercise(routine, "Superman")
    assert isinstance(superman, HoldExercise)
    assert (superman.seconds, superman.sets, superman.rest_s) == (30, 3, 5)


def test_quick_routine_fits_in_under_eight_minutes(library: Library) -> None:
    routine = _routine(library, "core-quick")
    timeline = compile_routine(routine)
    assert timeline.steps[0].kind is StepKind.LEAD_IN
    assert all(not step.self_paced for step in timeline.steps)
    assert timeline.total_s < 8 * 60


# --- every bundled routine ---------------------------------------------------


@pytest.mark.parametrize("routine_id", BUNDLED_IDS)
def test_every_exercise_and_variant_has_a_short_cue(library: Library, routine_id: str) -> None:
    for exercise in _routine(library, routine_id).exercises:
        assert exercise.cue.strip(), f"{exercise.name} has no cue"
        assert len(exercise.cue) <= MAX_CUE_CHARS, f"{exercise.name}: cue too long to glance at"
        for variant in _variants(exercise):
            assert variant.cue.strip(), f"{exercise.name} / {variant.name} has no cue"
            assert len(variant.cue) <= MAX_CUE_CHARS, f"{variant.name}: cue too long to glance at"


@pytest.mark.parametrize("routine_id", BUNDLED_IDS)
def test_routine_equipment_lists_everything_its_exercises_use(
    library: Library, routine_id: str
) -> None:
    routine = _routine(library, routine_id)
    used = {
        tag
        for exercise in routine.exercises
        for tag in [*exercise.equipment, *(t for v in _variants(exercise) for t in v.equipment)]
    }
    assert used == set(routine.equipment)


@pytest.mark.parametrize("routine_id", BUNDLED_IDS)
def test_routine_credits_the_article_and_describes_itself(
    library: Library, routine_id: str
) -> None:
    routine = _routine(library, routine_id)
    assert routine.description.strip()
    assert "Jordan Metzl" in routine.credit
    assert "Running Strong" in routine.credit


def test_no_easier_variant_is_told_to_switch_to_itself(library: Library) -> None:
    # On the knee tuck, its pike's safety note still said "Switch to knee tucks if your
    # lower back dips": a variant without a note of its own shows its exercise's.
    for loaded in library.routines:
        for exercise in loaded.routine.exercises:
            if exercise.easier is None:
                continue
            shown = exercise.easier.safety or exercise.safety
            assert "switch to" not in shown.lower(), (loaded.routine.id, exercise.name, shown)

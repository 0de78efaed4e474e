"""The Trainer: the user's version of a routine, an engine built whole, and resuming."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest

from coretui.paths import AppPaths
from coretui.services import start_cache
from coretui.services.trainer import Trainer
from coretui.workout.coaching import Suggestion
from coretui.workout.recording import WorkoutResult
from coretui.workout.timeline import StepKind
from tests.conftest import FakeClock

T0 = datetime(2026, 6, 15, 7, 0, tzinfo=UTC)


def stop_core_quick_at(
    trainer: Trainer, clock: FakeClock, seconds: float, started: datetime = T0
) -> None:
    """Run core-quick with no lead-in for `seconds` (begun at `started`), stop, save it."""
    routine = trainer.library.get("core-quick")
    assert routine is not None
    engine, _ = trainer.engine_for(routine.routine, clock, lead_in_s=0)
    engine.start()
    for _ in range(int(seconds * 2)):
        clock.advance(0.5)
        engine.tick()
    engine.stop()
    ended = started + timedelta(seconds=seconds)
    result = WorkoutResult(routine.routine, engine, started, ended)
    assert not trainer.book.record(result).error


def test_a_stopped_session_is_offered_for_resuming_at_the_step_it_stopped_in(
    paths: AppPaths, clock: FakeClock
) -> None:
    trainer = Trainer.load(paths)
    stop_core_quick_at(trainer, clock, 60 + 15 + 20)  # 20 s into the side plank's left side
    routine = trainer.library.get("core-quick")
    assert routine is not None
    offer = trainer.resume_offer(routine.routine, T0 + timedelta(hours=1))
    assert offer is not None
    assert offer.step == 1
    assert offer.label.startswith("Side plank · Left side (exercise 2 of")
    engine, _ = trainer.engine_for(routine.routine, clock, resume=offer)
    engine.start()
    assert engine.step.kind is StepKind.LEAD_IN
    engine.skip()
    assert engine.step.title == "Side plank · Left side"  # straight there after the lead-in


def test_the_offer_names_the_set_it_resumes_at(paths: AppPaths, clock: FakeClock) -> None:
    # "Resume at Superman (exercise 5 of 5)?" said nothing of which of its two sets.
    trainer = Trainer.load(paths)
    stop_core_quick_at(trainer, clock, 380 + 5)  # 5 s into Superman's second set
    routine = trainer.library.get("core-quick")
    assert routine is not None
    offer = trainer.resume_offer(routine.routine, T0 + timedelta(hours=1))
    assert offer is not None and offer.label == "Superman (exercise 5 of 5, set 2 of 2)"


def test_the_offer_names_the_easier_variant_the_workout_goes_on_on(
    paths: AppPaths, clock: FakeClock
) -> None:
    # The side plank accepted as its easier variant: "Resume at Side plank · Left side?",
    # then the workout went on on the side plank on knees.
    (paths.config_dir / "progress.json").parent.mkdir(parents=True, exist_ok=True)
    (paths.config_dir / "progress.json").write_text(
        '{"core-quick": {"Side plank": {"variant": "easier"}}}'
    )
    trainer = Trainer.load(paths)
    stop_core_quick_at(trainer, clock, 60 + 15 + 20)  # 20 s into the left side, on knees
    routine = trainer.library.get("core-quick")
    assert routine is not None
    offer = trainer.resume_offer(routine.routine, T0 + timedelta(hours=1))
    assert offer is not None
    assert offer.label.startswith("Side plank on knees · Left side (exercise 2 of")
    engine, _ = trainer.engine_for(routine.routine, clock, resume=offer)
    assert engine.easier == {1}


def test_a_step_that_hurt_resumes_on_its_easier_variant(paths: AppPaths, clock: FakeClock) -> None:
    # "This hurts" in the plank, the knees chosen in answer (paused), the terminal closed:
    # the record rightly says the standard plank, 4 s, hurt, and the resume began on it.
    trainer = Trainer.load(paths)
    routine = trainer.library.get("core-quick")
    assert routine is not None
    engine, _ = trainer.engine_for(routine.routine, clock, lead_in_s=0)
    engine.start()
    for _ in range(8):
        clock.advance(0.5)
        engine.tick()
    engine.mark_hurt()  # paused, asking
    engine.toggle_easier()  # "Switch to Plank on knees"
    clock.advance(5)
    engine.stop()
    result = WorkoutResult(routine.routine, engine, T0, T0 + timedelta(seconds=9))
    assert not trainer.book.record(result).error
    [plank] = trainer.book.session(result.session_id or "").steps[:1]  # type: ignore[union-attr]
    assert (plank.done_s, plank.variant, plank.hurt) == (4, None, True)
    offer = trainer.resume_offer(routine.routine, T0 + timedelta(hours=1))
    assert offer is not None and offer.label.startswith("Plank on knees (exercise 1 of")
    resumed, _ = trainer.engine_for(routine.routine, clock, resume=offer)
    assert 0 in resumed.easier


def test_no_offer_after_twelve_hours(paths: AppPaths, clock: FakeClock) -> None:
    trainer = Trainer.load(paths)
    stop_core_quick_at(trainer, clock, 30)
    routine = trainer.library.get("core-quick")
    assert routine is not None
    assert trainer.resume_offer(routine.routine, T0 + timedelta(hours=13)) is None


def test_no_offer_once_the_day_has_changed(
    paths: AppPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stopped at 23:30 in Paris and resumed at 07:00: the morning's work went on the
    # evening's record, dated the day before (a streak day lost, "earlier today" wrong).
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        trainer = Trainer.load(paths)
        evening = datetime(2026, 6, 14, 21, 30, tzinfo=UTC)  # 23:30 in Paris
        stop_core_quick_at(trainer, clock, 20, started=evening)
        routine = trainer.library.get("core-quick")
        assert routine is not None
        later_that_evening = trainer.resume_offer(routine.routine, evening + timedelta(minutes=20))
        next_morning = trainer.resume_offer(
            routine.routine, evening + timedelta(hours=7, minutes=30)
        )
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert later_that_evening is not None
    assert next_morning is None


def test_the_engine_starts_on_the_easier_variants_the_plan_chose(
    paths: AppPaths, clock: FakeClock
) -> None:
    trainer = Trainer.load(paths)
    routine = trainer.library.get("core-six")
    assert routine is not None
    trainer.change_setting("equipment", ["mat"])  # no ball, bench or station
    engine, plan = trainer.engine_for(routine.routine, clock)
    assert plan.start_easier
    assert engine.easier == set(plan.start_easier)
    assert engine.resume_at is None


def test_equipment_in_settings_is_read_as_routines_write_it_and_a_stray_tag_is_told(
    paths: AppPaths,
) -> None:
    # "Mat" and "swiss ball" mean the routines' "mat" and "swiss-ball"; a tag no routine
    # asks for (a misspelling) is told once, after the routines are read, not ignored.
    settings = paths.settings_files[0]
    settings.parent.mkdir(parents=True, exist_ok=True)
    # (" bench " with its spaces, as a hand edit leaves it, was "-bench-")
    settings.write_text('equipment = ["Mat", "swiss ball", "dumbells", " bench "]\n')
    trainer = Trainer.load(paths)
    assert trainer.settings.equipment == ["mat", "swiss-ball", "dumbells", "bench"]
    trainer.load_validated()
    notices = trainer.late_notices()
    assert len(notices) == 1, notices
    assert "'dumbells'" in notices[0] and "'mat'" not in notices[0]
    assert "swiss-ball" in notices[0] and "-bench-" not in notices[0]
    assert trainer.late_notices() == []  # told once
    mat_only = next(c for c in trainer.cards if c.id == "core-six-mat")
    assert not mat_only.swaps and not mat_only.unfit, mat_only.notes  # "Mat" is the mat


def test_settings_cached_before_tags_were_read_as_routines_write_them_raise_no_notice(
    paths: AppPaths,
) -> None:
    # A start cache written by an older coretui holds the file's own "Mat".
    settings = paths.settings_files[0]
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('equipment = ["Mat"]\n')
    trainer = Trainer.load(paths)
    trainer.settings_values = {**trainer.settings_values, "equipment": ["Mat"]}
    trainer._settings = None  # as a start from that cache: the model made from its values
    trainer.load_validated()
    assert trainer.late_notices() == []


def test_looking_for_changed_routine_files_never_waits_for_the_validation(
    paths: AppPaths,
) -> None:
    # The routine list looks every two seconds, on the UI thread; it waited while the
    # validation after the start held the routines, freezing the app for that long.
    trainer = Trainer.load(paths)
    trainer.load_validated()
    (paths.routines_dir / "mine.toml").parent.mkdir(parents=True, exist_ok=True)
    (paths.routines_dir / "mine.toml").write_text(
        'id = "mine"\nname = "Mine"\n[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = 30\n'
    )
    holding, done = threading.Event(), threading.Event()

    def validation() -> None:
        with trainer._lock:
            holding.set()
            done.wait(timeout=30)

    busy = threading.Thread(target=validation, daemon=True)
    busy.start()
    holding.wait(timeout=10)
    answers: list[bool] = []
    looker = threading.Thread(target=lambda: answers.append(trainer.routine_files_changed()))
    looker.start()
    looker.join(timeout=10)
    try:
        assert answers == [False], "answered at once: not now"
    finally:
        done.set()
        busy.join()
        looker.join()
    assert trainer.routine_files_changed(), "and the next look sees the new file"


def test_a_routines_folder_that_cannot_be_listed_is_an_error_read_once(paths: AppPaths) -> None:
    # The folder's own problem is read like a file's: the list's look for changed
    # files must not take it for a change every two seconds.
    paths.routines_dir.parent.mkdir(parents=True, exist_ok=True)
    paths.routines_dir.write_text("a file where the folder goes")
    trainer = Trainer.load(paths)
    trainer.load_validated()
    [error] = trainer.library.errors
    assert error.message == "cannot list your routines: not a folder"
    assert not trainer.routine_files_changed()
    paths.routines_dir.unlink()
    paths.routines_dir.mkdir()
    (paths.routines_dir / "mine.toml").write_text(
        'id = "mine"\nname = "Mine"\n[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = 30\n'
    )
    assert trainer.routine_files_changed(), "mended: its routines are read"


def test_a_dangling_link_among_the_routines_is_not_a_change_every_look(paths: AppPaths) -> None:
    paths.routines_dir.mkdir(parents=True, exist_ok=True)
    (paths.routines_dir / "gone.toml").symlink_to(paths.routines_dir / "nowhere.toml")
    trainer = Trainer.load(paths)
    trainer.load_validated()
    assert trainer.library.errors, "said, as a file that cannot be read"
    assert not trainer.routine_files_changed()


def test_a_file_saved_with_a_name_the_list_never_reads_is_seen_while_coretui_runs(
    paths: AppPaths,
) -> None:
    # "mine.toml.txt" (as some editors save) is said in the list's error pane: only at
    # the next start, when it was saved while coretui showed the list.
    paths.routines_dir.mkdir(parents=True, exist_ok=True)
    trainer = Trainer.load(paths)
    trainer.load_validated()
    assert not trainer.routine_files_changed()
    stray = paths.routines_dir / "mine.toml.txt"
    stray.write_text('id = "mine"\n')
    assert trainer.routine_files_changed()
    trainer.reload_routines()
    assert [error.file for error in trainer.library.errors] == [str(stray)]
    assert not trainer.routine_files_changed()
    stray.rename(paths.routines_dir / "mine.yaml")
    assert trainer.routine_files_changed(), "renamed: another name to say"


def test_the_settings_copy_is_told_by_the_change_that_made_it_only(paths: AppPaths) -> None:
    settings = paths.settings_files[0]
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("# mine\nweekly_goal = 3\n")
    trainer = Trainer.load(paths)

    assert trainer.change_setting("weekly_goal", 4)
    assert trainer.settings_copy == settings.with_name("settings.toml.bak")
    assert not trainer.change_setting("weekly_goal", 4)  # nothing to save: nothing to tell
    assert trainer.settings_copy is None


def test_a_setting_changed_in_another_window_is_kept_by_this_ones_change(
    paths: AppPaths,
) -> None:
    first, second = Trainer.load(paths), Trainer.load(paths)
    assert first.change_setting("weekly_goal", 5)
    assert second.change_setting("sound", False)  # built on the file, not on its start

    again = Trainer.load(paths)
    assert (again.settings.weekly_goal, again.settings.sound) == (5, False)


def test_a_setting_another_window_already_made_is_followed_not_stuck(paths: AppPaths) -> None:
    # The sound toggle asks for the opposite of what this window uses; the file
    # (another window) already said so, so nothing was written, and this window kept
    # playing tones while it said "Sound off", toggle after toggle.
    first, second = Trainer.load(paths), Trainer.load(paths)
    assert second.change_setting("sound", False)

    assert not first.change_setting("sound", not first.settings.sound)
    assert first.settings.sound is False, "this window follows the file"
    assert first.change_setting("sound", not first.settings.sound)  # the next toggle: on
    assert Trainer.load(paths).settings.sound is True


def test_a_change_on_a_file_that_does_not_read_keeps_this_windows_other_settings(
    paths: AppPaths,
) -> None:
    settings = paths.settings_files[0]
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('theme = "nord"\nweekly_goal = 5\nvolume = 30\n')
    trainer = Trainer.load(paths)
    # A hand edit under way: one key does not read, another changed.
    settings.write_text('theme = "nord"\nweekly_goal = 4\nvolume = "loud"\n')

    assert trainer.change_setting("sound", False)
    used = trainer.settings
    assert (used.theme, used.weekly_goal, used.volume, used.sound) == ("nord", 4, 30, False)
    assert Trainer.load(paths).settings == used
    assert 'volume = "loud"' in settings.with_name("settings.toml.bak").read_text()

    settings.write_text("theme = [\n")  # a file that does not parse at all
    assert trainer.change_setting("sound", True)
    assert (trainer.settings.theme, trainer.settings.weekly_goal) == ("nord", 4)


def test_a_setting_changes_after_a_cache_of_another_build(paths: AppPaths) -> None:
    """Commit 7897309 lets a start use cached settings holding a key this build does not
    know; changing a setting (`v`, the Settings screen, the theme) must work then too."""
    started = Trainer.load(paths)
    started.load_validated()  # writes the start cache
    file = paths.start_cache_file
    cache = start_cache.read(file)
    assert cache is not None
    values = {**cache.settings.values, "haptics": True}  # another build's setting
    other = msgspec.structs.replace(
        cache, settings=msgspec.structs.replace(cache.settings, values=values)
    )
    start_cache.write(file, other)
    trainer = Trainer.load(paths)
    assert trainer.settings.voice is False  # the start copes (7897309)
    assert trainer.change_setting("voice", True)  # `v` in a workout
    assert trainer.settings.voice is True


def test_an_unusable_theme_mended_in_the_file_meanwhile_is_not_written_over(
    paths: AppPaths,
) -> None:
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.settings_files[0].write_text('theme = "draculaa"\n', encoding="utf-8")
    trainer = Trainer.load(paths)
    trainer.cannot_use("theme", "textual-dark")  # as the app does at its start
    paths.settings_files[0].write_text('theme = "dracula"\n', encoding="utf-8")  # mended
    assert trainer.change_setting("volume", 50)
    assert (Trainer.load(paths).settings.theme, Trainer.load(paths).settings.volume) == (
        "dracula",
        50,
    )


SHORT = 'id = "short"\nname = "Short"\n[[exercises]]\nkind = "hold"\nname = "Plank"\n'
LIFT = '[[exercises]]\nkind = "reps"\nname = "Lift"\nreps = 8\n'


def write_short(paths: AppPaths, plank_s: int, *, lift: bool = False) -> Path:
    """The user's routine "short": a plank of `plank_s` (then an 8-rep lift)."""
    routine = paths.routines_dir / "short.toml"
    routine.parent.mkdir(parents=True, exist_ok=True)
    routine.write_text(f"{SHORT}seconds = {plank_s}\n{LIFT if lift else ''}")
    return routine


def test_a_number_edited_in_the_routine_file_replaces_the_progress_accepted_for_it(
    paths: AppPaths,
) -> None:
    # A 4 s plank, 9 s accepted from a suggestion, then 20 s typed in the editor: the
    # list and the workout went on with 9 s, and nothing said why.
    write_short(paths, 4, lift=True)
    progress = start_cache.progress_file(paths)
    progress.write_text('{"short": {"Plank": {"seconds": 9}, "Lift": {"reps": 10}}}')
    trainer = Trainer.load(paths)
    loaded = trainer.library.get("short")
    assert loaded is not None
    assert [e.seconds for e in trainer.plan(loaded.routine).routine.exercises[:1]] == [9]
    write_short(paths, 20, lift=True)
    trainer.reload_routines()
    loaded = trainer.library.get("short")
    assert loaded is not None
    plank, lift = trainer.plan(loaded.routine).routine.exercises
    assert plank.seconds == 20 and lift.reps == 10  # (the reps were not edited: kept)
    assert trainer.late_notices() == [
        "Short: the numbers now in its file replace your accepted Plank (9 s)"
    ]
    assert msgspec.json.decode(progress.read_bytes()) == {"short": {"Lift": {"reps": 10}}}
    assert loaded.routine.id in [card.id for card in trainer.cards]
    [card] = [card for card in trainer.cards if card.id == "short"]
    assert card.has_progress, "the reps accepted for the lift are still its progress"


def test_a_progression_the_disk_refused_changes_nothing(paths: AppPaths) -> None:
    # "Not saved: ..." was said, yet the next workout held the plank 9 s, the list still
    # said 4 s, and the next accepted change wrote the refused one to the file as well.
    write_short(paths, 4)
    progress = start_cache.progress_file(paths)
    progress.mkdir(parents=True)  # a folder where the file goes: no file can be written
    trainer = Trainer.load(paths)
    loaded = trainer.library.get("short")
    assert loaded is not None
    idea = Suggestion("short", "Plank", "Plank", "harder", "Hold 9 s?", {"seconds": 9})
    assert trainer.accept(idea) == "Not saved: is a folder, not a file"
    assert [e.seconds for e in trainer.plan(loaded.routine).routine.exercises] == [4]
    progress.rmdir()
    lift = Suggestion("short", "Plank", "Plank", "harder", "Hold 5 s?", {"seconds": 5})
    trainer.accept(lift)
    assert msgspec.json.decode(progress.read_bytes()) == {"short": {"Plank": {"seconds": 5}}}


def test_a_number_edited_while_coretui_was_closed_replaces_the_progress_accepted_for_it(
    paths: AppPaths,
) -> None:
    # The usual way to edit by hand: coretui closed. The start cache holds the routine
    # as it was, so the next start sees the new number and lets it win.
    write_short(paths, 4)
    start_cache.progress_file(paths).write_text('{"short": {"Plank": {"seconds": 9}}}')
    first = Trainer.load(paths)
    first.load_validated()  # (the run before: its cache holds the 4 s plank)
    routine = write_short(paths, 30)
    os.utime(routine, ns=(time.time_ns(), time.time_ns() + 10**9))  # (seen as changed)
    trainer = Trainer.load(paths)
    trainer.load_validated()
    loaded = trainer.library.get("short")
    assert loaded is not None
    [plank] = trainer.plan(loaded.routine).routine.exercises
    assert plank.seconds == 30
    assert trainer.late_notices() == [
        "Short: the numbers now in its file replace your accepted Plank (9 s)"
    ]
    [card] = [card for card in trainer.cards if card.id == "short"]
    assert not card.has_progress, "nothing accepted is left to say 'your progress'"


@pytest.mark.parametrize("after", ["", 'kind = "hold"\nname = "Dead bug"\nseconds = 10\n'])
def test_a_resume_passes_over_a_move_the_equipment_no_longer_fits(
    paths: AppPaths, clock: FakeClock, after: str
) -> None:
    # Stopped in the ball pike, then Settings said no ball: the resume was offered at the
    # pike, and a run of it without a lead-in recorded a set of 5 reps never done.
    text = 'id = "ball"\nname = "Ball"\nlead_in_s = 0\nrest_between_exercises_s = 15\n'
    text += '[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = 10\n'
    text += '[[exercises]]\nkind = "reps"\nname = "Ball pike"\nreps = 5\nsets = 2\ntempo = 3\n'
    text += 'equipment = ["swiss-ball"]\n'
    text += f"[[exercises]]\n{after}" if after else ""
    paths.routines_dir.mkdir(parents=True)
    (paths.routines_dir / "ball.toml").write_text(text, encoding="utf-8")
    trainer = Trainer.load(paths)
    loaded = trainer.library.get("ball")
    assert loaded is not None
    engine, _ = trainer.engine_for(loaded.routine, clock)
    engine.start()
    for _ in range(2 * (10 + 15 + 4)):  # the plank, the rest, a rep of the pike
        clock.advance(0.5)
        engine.tick()
    assert engine.step.label == "Ball pike"
    engine.stop()
    assert not trainer.book.record(WorkoutResult(loaded.routine, engine, T0, T0)).error
    paths.settings_files[0].write_text('equipment = ["mat"]\n', encoding="utf-8")
    trainer = Trainer.load(paths)
    loaded = trainer.library.get("ball")
    assert loaded is not None
    offer = trainer.resume_offer(loaded.routine, T0 + timedelta(hours=1))
    if not after:
        assert offer is None, "nothing left it can do"
        return
    assert offer is not None and offer.label.startswith("Dead bug (exercise 3 of 3")
    resumed, _ = trainer.engine_for(loaded.routine, clock, resume=offer)
    resumed.start()
    assert resumed.step.label == "Dead bug"

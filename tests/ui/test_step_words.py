"""The words the summary and the session screen use for what each step came to."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from coretui.history import StepEntry
from coretui.history.session_words import set_numbers, step_counts


def entry(
    ended: str, done_s: float, planned_s: float | None = 30.0, added_s: float = 0.0
) -> StepEntry:
    return StepEntry(
        exercise="Plank",
        side=None,
        planned_s=planned_s,
        planned_reps=None,
        added_s=added_s,
        done_s=done_s,
        done_reps=None,
        ended=ended,  # type: ignore[arg-type]
    )


def test_a_timed_set_ended_with_enter_is_counted_as_ended_early_not_done() -> None:
    steps = [
        entry("time", 30),  # ran to its end
        entry("done", 40, planned_s=None),  # a self-paced set marked done
        entry("done", 2),  # Enter two seconds into a 30 s hold
        entry("skipped", 0),
        entry("stopped", 0),
    ]
    assert [s.outcome for s in steps] == [
        "done",
        "done",
        "ended early",
        "skipped",
        "not reached",
    ]
    assert step_counts(steps) == "2 of 5 sets done · 1 ended early · 1 skipped · 1 not done"


def test_a_set_shortened_with_minus_ended_early_and_the_csv_counts_as_the_summary() -> None:
    # It ran to its (shortened) end, and the summary and the history said "done"; the
    # CSV export counted every step not skipped, a timed set ended with Enter too.
    import csv
    from datetime import date

    from msgspec.structs import replace

    from coretui.cli.history import export_text
    from tests.sample_history import sample_sessions

    steps = [
        entry("time", 20, added_s=-10),  # - took 10 s off a 30 s hold
        entry("time", 40, added_s=10),  # + added 10 s: done, and more
        entry("done", 2),  # Enter: ended early
        entry("done", 40, planned_s=None),
    ]
    assert [s.outcome for s in steps] == ["ended early", "done", "ended early", "done"]
    assert step_counts(steps) == "2 of 4 sets done · 2 ended early"
    session = replace(sample_sessions(1, date(2026, 12, 1))[0], steps=steps)
    [row] = csv.DictReader(export_text([session], "csv").splitlines())
    assert (row["steps_done"], row["steps_skipped"]) == ("2", "0")
    assert (row["steps_ended_early"], row["steps_not_done"]) == ("2", "0")


def test_the_csv_counts_steps_never_reached_as_not_done_as_the_summary_does() -> None:
    # A workout stopped in its second step, one skipped before: the CSV said 3 skipped
    # where the summary said "1 skipped · 2 not done".
    import csv
    from datetime import date

    from msgspec.structs import replace

    from coretui.cli.history import export_text
    from tests.sample_history import sample_sessions

    steps = [
        entry("skipped", 0),
        entry("stopped", 12),  # the workout stopped in it
        entry("stopped", 0),  # never reached
    ]
    assert step_counts(steps) == "0 of 3 sets done · 1 skipped · 2 not done"
    session = replace(sample_sessions(1, date(2026, 12, 1))[0], steps=steps)
    [row] = csv.DictReader(export_text([session], "csv").splitlines())
    counts = ("steps_done", "steps_skipped", "steps_ended_early", "steps_not_done")
    assert [row[c] for c in counts] == ["0", "1", "0", "2"]


def test_a_rest_between_sets_says_which_set_comes_next() -> None:
    # "Up next: Floor back extension, 12 reps" in the rest after set 1 of 3: from the
    # mat, which set was next went unsaid until it began, in small text.
    from coretui.tui.screens.workout_lines import up_next
    from coretui.workout.engine import WorkoutEngine
    from tests.conftest import FakeClock
    from tests.unit.test_engine import PLANK, TEMPO, make_routine, walk

    clock = FakeClock()
    engine = WorkoutEngine.for_routine(make_routine(TEMPO, lead_in_s=0), clock)
    engine.start()
    assert up_next(engine) == "Up next: Rest 0:10, then Pike, set 2 of 3"  # in set 1
    walk(engine, clock, 45 + 1)  # set 1 done (15 reps of 3 s), into the rest
    assert engine.step.is_rest
    assert up_next(engine) == "Up next: Pike, 15 reps, set 2 of 3"
    walk(engine, clock, 10 + 45 - 10)  # set 2 under way: the rest before set 3, then it
    assert up_next(engine) == "Up next: Rest 0:10, then Pike, set 3 of 3"
    # A hold's sets: its time, then which set ("Superman, set 2 of 3 0:30" read badly).
    engine = WorkoutEngine.for_routine(make_routine({**PLANK, "sets": 2}, lead_in_s=0), clock)
    engine.start()
    walk(engine, clock, 60 + 1)
    assert up_next(engine) == "Up next: Plank 1:00, set 2 of 2"


@pytest.mark.parametrize(
    ("room", "rest", "work"),
    [
        (40, "Next: exercise 2 of 5 · 5:35 left", "Exercise 2 of 5 · 5:35 left"),
        (24, "Next: 2 of 5 · 5:35 left", "2 of 5 · 5:35 left"),
        (20, "Next 2/5 · 5:35 left", "2 of 5 · 5:35 left"),
        (15, "Next 2/5 · 5:3…", "2/5 · 5:35 left"),
    ],
)
def test_the_top_bar_keeps_next_in_a_rest_however_narrow(room: int, rest: str, work: str) -> None:
    # Paused in a rest at 60 columns it read "2 of 5 · 5:35 left": the exercise coming
    # up, read as the one under way.
    from coretui.tui.screens.workout_lines import Place, time_left

    assert time_left(Place(2, 5, ahead=True), "5:35", room) == rest
    assert time_left(Place(2, 5, ahead=False), "5:35", room) == work
    assert time_left(None, "5:35", room) == "5:35 left"  # (the finish: no exercise)


def test_a_long_name_up_next_is_cut_never_its_side_or_time() -> None:
    # At 80 columns, a 70-letter side plank's "Up next" ended in "…": which side came
    # next, and for how long, went unsaid.
    from coretui.tui.screens.workout_lines import up_next
    from coretui.workout.engine import WorkoutEngine
    from tests.conftest import FakeClock
    from tests.unit.test_engine import PLANK, SIDE, make_routine, walk

    long = "Side plank with an extraordinarily long exercise name to test the cut"
    clock = FakeClock()
    routine = make_routine({**PLANK, "name": "P" * 70}, {**SIDE, "name": long}, lead_in_s=0)
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()  # the plank: a rest, then the side plank's left side
    said = up_next(engine, 80)
    assert len(said) <= 80 and said.endswith(" · Left side"), said
    assert said.startswith("Up next: Rest 0:15, then Side plank with"), said
    walk(engine, clock, 60 + 1)  # the rest: the left side, and its time
    said = up_next(engine, 80)
    assert len(said) <= 80 and said.endswith("… · Left side 0:30"), said
    assert up_next(engine) == f"Up next: {long} · Left side 0:30"  # room: whole
    # Narrow: a name of one cell ("…") before the side goes, the step after first.
    engine = WorkoutEngine.for_routine(routine, clock)
    engine.start()
    for width in range(38, 60):
        said = up_next(engine, width)
        assert len(said) <= width and said.endswith(" · Left side"), (width, said)
        assert said.startswith("Up next: Rest 0:15, then "), said  # the long name is cut
    assert up_next(engine, 37) == "Up next: Rest 0:15"


def test_sets_are_numbered_within_their_exercise_not_across_the_session() -> None:
    # A routine that comes back to the plank at its end: the session page numbered the
    # two planks "1/2" and "2/2", one set each, where the summary said neither.
    def step(name: str, side: str | None = None) -> StepEntry:
        return replace(entry("time", 30), exercise=name, side=side)

    steps = [
        step("Plank"),
        *(step("Side plank", side) for _ in range(2) for side in ("left", "right")),
        step("Plank"),
    ]
    assert set_numbers(steps) == ["", "1/2", "1/2", "2/2", "2/2", ""]


def test_two_exercises_of_one_name_side_by_side_are_not_taken_for_sets() -> None:
    # A plank duplicated in the editor and made 10 reps at your pace: the summary and
    # History said "Plank 1/2 ... Plank 2/2", one exercise of two sets. The sets of one
    # exercise share its plan; another plan is another exercise.
    reps = replace(entry("done", 7, planned_s=None), planned_reps=10, done_reps=10)
    hold = replace(entry("time", 20, planned_s=20))
    assert set_numbers([reps, hold]) == ["", ""]
    assert set_numbers([reps, reps, hold, hold, hold]) == ["1/2", "2/2", "1/3", "2/3", "3/3"]
    # A version 1 record kept the +10 of its second set in `planned_s`: still its sets.
    longer = replace(hold, planned_s=30.0)
    assert set_numbers([hold, longer, hold]) == ["1/3", "2/3", "3/3"]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_each_step_keeps_some_of_its_name_beside_a_long_variant(
    size: tuple[int, int],
) -> None:
    # A summary at 80x24 with a variant's long name under a step: the Exercise column
    # gave way to 7 cells, " (right)" with no name at all, "Reverse…" for the rest.
    # At 60 columns the side plank's right side was "(right)" again: " (R)" there.
    from textual.app import App, ComposeResult

    from coretui.tui.screens.step_words import step_row
    from coretui.tui.widgets.row_table import RowTable

    sides = [replace(entry("time", 30), exercise="Side plank", side=s) for s in ("left", "right")]
    raised = replace(
        entry("time", 60, planned_s=60),
        exercise="Reverse hip raise",
        planned_reps=15,
        done_reps=15,
        variant="Reverse hip raise on a Swiss ball",
    )
    steps = [*sides, raised, raised, raised]

    class Summary(App[None]):
        def compose(self) -> ComposeResult:
            yield RowTable(id="steps")

        def on_mount(self) -> None:
            rows = [
                step_row(e, n, earlier=False)
                for e, n in zip(steps, set_numbers(steps), strict=True)
            ]
            heads = ("Exercise", "Set", "Planned", "Done", "Ended")
            self.query_one(RowTable).fill(heads, rows, giving=[(0, 12)])

    app = Summary()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        names = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
        assert names[0].startswith("Sid") and names[1].startswith("Sid"), names
        assert names[0].endswith(("(left)", "(L)")) and names[1].endswith(("(right)", "(R)"))
        assert all(name.startswith("Rev") for name in names[2:]), names
        if size[0] >= 80:  # (narrower, the other columns do not give way: it scrolls)
            widths = [column.get_render_width(table) for column in table.columns.values()]
            assert sum(widths) <= size[0]

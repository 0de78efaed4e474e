"""The words the summary and the session screen use for what each step came to."""

from __future__ import annotations

from coretui.history import StepEntry
from coretui.tui.screens.step_words import outcome_text, step_counts


def entry(ended: str, done_s: float, planned_s: float | None = 30.0) -> StepEntry:
    return StepEntry(
        exercise="Plank",
        side=None,
        planned_s=planned_s,
        planned_reps=None,
        added_s=0.0,
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
    assert [outcome_text(s) for s in steps] == [
        "done",
        "done",
        "ended early",
        "skipped",
        "not reached",
    ]
    assert step_counts(steps) == "2 of 5 sets done · 1 ended early · 1 skipped · 1 not done"

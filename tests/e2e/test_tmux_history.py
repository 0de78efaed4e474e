"""The real coretui in tmux: every way a workout ends leaves a record in the history.

Run a routine, skip to the end, rate the pain 4 -> 2, quit: `coretui history --json`
shows 1 completed session and a streak of 0 (every step was skipped). Run again and
quit mid-way: a second, partial, record. Close the terminal mid-workout (SIGHUP), or
kill coretui (SIGTERM): a partial record each time.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

from tests.e2e.tmux import (
    PICKER_TITLE,
    Tmux,
    poll,
    process_gone,
    skip_to_summary,
)


def start_workout(tmux: Tmux, *, start_over: bool = False) -> int:
    """coretui run core-quick, straight into the first exercise; its pid. `start_over`:
    an unfinished session is offered first, and a new one is started instead."""
    pid = tmux.start("run", "core-quick", "--lead-in", "0")
    if start_over:
        tmux.wait_for("Resume at Plank (exercise 1 of 5)?")
        tmux.press("n")
    tmux.answer_pain_prompt()
    tmux.wait_for("WORK", "Plank")
    return pid


def wait_for_records(tmux: Tmux, count: int) -> list[dict[str, object]]:
    poll(lambda: len(tmux.records()) >= count, f"{count} records in {tmux.history_file}")
    return tmux.records()


def test_completed_quit_and_closed_terminal_each_leave_a_record(tmux: Tmux) -> None:
    # 1. Skip to the end, rate the pain 4 before and 2 after, back to the list, quit.
    start_workout(tmux)
    shown = skip_to_summary(tmux)
    assert "Workout complete: Quick core" in shown
    tmux.wait_for("Saved to history.")  # saved as soon as the summary appears
    # Pain before was asked (and skipped) before the workout: "after" comes next.
    tmux.wait_for_focus("after")
    tmux.press("2")
    tmux.wait_until(lambda s: re.search(r"after\W+2\W", s) is not None, "after = 2")
    tmux.press("BTab")  # back to "before", to give it after all
    tmux.wait_for_focus("before")
    tmux.press("4")
    tmux.wait_until(lambda s: re.search(r"before\W+4\W+after", s) is not None, "before = 4")
    tmux.press("Enter")
    poll(
        lambda: [(r["pain_before"], r["pain_after"]) for r in tmux.records()] == [(4, 2)],
        "the pain ratings in the session record",
    )
    tmux.wait_for("Saved with the workout just done: pain before 4, pain after 2.")
    tmux.press("Escape")
    tmux.wait_for(PICKER_TITLE)
    tmux.press("q")
    status, shown = tmux.wait_exit()
    assert status == "0", shown
    assert "Traceback" not in shown

    history = tmux.history()
    assert history["sessions"] == 1
    assert history["completed"] == 1
    assert history["current_streak"] == 0  # every step skipped: completed, but no work done
    last = history["last_session"]
    assert last["routine_id"] == "core-quick"
    assert last["status"] == "completed"
    assert (last["pain_before"], last["pain_after"]) == (4, 2)

    # 2. Quit mid-way: asked first, then the summary of the partial session, then the list.
    start_workout(tmux)
    tmux.press("q")
    tmux.wait_for("Quit this workout?")
    tmux.press("y")
    tmux.wait_for("Workout stopped early: Quick core", "Saved as partial")
    tmux.press("Escape")
    tmux.wait_for(PICKER_TITLE)
    tmux.press("q")
    status, shown = tmux.wait_exit()
    assert status == "0", shown

    history = tmux.history()
    assert history["sessions"] == 2
    assert (history["completed"], history["partial"]) == (1, 1)
    assert history["last_session"]["status"] == "partial"
    assert history["current_streak"] == 0  # nothing done in either

    # 3. Close the terminal mid-workout: SIGHUP saves a third, partial, record (the
    # second, stopped at once, is offered to resume: started over instead).
    start_workout(tmux, start_over=True)
    tmux.close_terminal()
    records = wait_for_records(tmux, 3)
    assert [r["status"] for r in records] == ["completed", "partial", "partial"]
    assert records[-1]["routine_id"] == "core-quick"

    history = tmux.history()
    assert history["sessions"] == 3
    assert (history["completed"], history["partial"]) == (1, 2)
    assert history["current_streak"] == 0


def test_closing_the_terminal_saves_a_partial_session_and_ends_coretui(tmux: Tmux) -> None:
    pid = start_workout(tmux)
    tmux.close_terminal()
    records = wait_for_records(tmux, 1)
    assert [r["status"] for r in records] == ["partial"]
    poll(
        lambda: process_gone(pid),
        f"coretui (pid {pid}) to exit after its terminal closed; it saved the partial"
        " session but is still running",
    )


def test_sigterm_saves_a_partial_session_and_ends_coretui(tmux: Tmux) -> None:
    pid = start_workout(tmux)
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes() if Path("/proc").is_dir() else b"coretui"
    assert b"coretui" in cmdline, "the pane's process is coretui itself (exec)"
    os.kill(pid, signal.SIGTERM)
    status, shown = tmux.wait_exit()
    assert status == str(128 + signal.SIGTERM), shown  # the shell's convention for a signal
    assert "Traceback" not in shown
    assert process_gone(pid)

    records = tmux.records()
    assert [r["status"] for r in records] == ["partial"]
    assert records[0]["routine_id"] == "core-quick"
    history = tmux.history()
    assert (history["sessions"], history["partial"], history["current_streak"]) == (1, 1, 0)

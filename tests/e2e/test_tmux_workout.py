"""The real coretui in tmux: a workout counts down, pauses, resumes and ends in the summary."""

from __future__ import annotations

import time

from tests.e2e.tmux import APP, Tmux, skip_to_summary, total_left, total_moved_from


def test_countdown_pause_resume_and_skip_to_the_summary(tmux: Tmux) -> None:
    tmux.start("run", "core-six", "--lead-in", "0")
    tmux.answer_pain_prompt("3")
    shown = tmux.wait_for("WORK", "Plank")
    assert "█" in shown, "the big countdown is drawn in block characters"

    # The total time left counts down on its own.
    first = total_left(shown)
    shown = tmux.wait_until(total_moved_from(first), f"the total to move from {first}")
    assert total_left(shown) < first

    # Space pauses: the top bar says so and the time stands still.
    tmux.press("Space")
    tmux.wait_for("PAUSED")
    time.sleep(0.3)  # let the frame that shows the pause finish drawing
    paused_at = total_left(tmux.screen())
    time.sleep(2)
    shown = tmux.screen()
    assert "PAUSED" in shown
    assert total_left(shown) == paused_at, shown

    # Space again resumes: the clock moves on from where it stood.
    tmux.press("Space")
    shown = tmux.wait_gone("PAUSED")
    assert "WORK" in shown
    tmux.wait_until(total_moved_from(paused_at), f"the total to move from {paused_at}")

    shown = skip_to_summary(tmux)
    assert "Workout complete: Core six" in shown
    assert "skipped" in shown
    tmux.wait_for("Saved to history.")  # the session is saved as the summary appears


def test_a_byte_that_is_not_utf8_from_the_terminal_is_no_crash(tmux: Tmux) -> None:
    # One 0xff byte (a Latin-1 terminal, an 8-bit Meta key, pasted binary) ended the
    # app with a traceback, exit status 0, and the workout unsaved.
    tmux.start("run", "core-quick", "--lead-in", "0")
    tmux.answer_pain_prompt()
    tmux.wait_for("WORK", "Plank")
    tmux.cmd("send-keys", "-t", APP, "-H", "ff", "c3", "41")
    tmux.press("Space")
    shown = tmux.wait_for("PAUSED")
    assert "Traceback" not in shown and tmux.exit_status() is None, shown

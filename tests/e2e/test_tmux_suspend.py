"""Ctrl+Z and `fg` from a shell with job control: the workout comes back whole, paused."""

from __future__ import annotations

import shlex

from tests.e2e.tmux import Tmux, total_left, total_moved_from

PLANK_CUE = "Forearms down, body straight"


def test_after_ctrl_z_and_fg_every_line_is_back(tmux: Tmux) -> None:
    tmux.start_through(["bash", "--norc", "--noprofile", "-i"])
    tmux.press(shlex.join([str(tmux.coretui), "run", "core-quick", "--lead-in", "0"]), "Enter")
    tmux.answer_pain_prompt()
    shown = tmux.wait_for("WORK", "Plank", PLANK_CUE, "Up next:")
    # A second or two in, so the lines have been drawn and left alone since.
    first = total_left(shown)
    shown = tmux.wait_until(total_moved_from(first), f"the total to move from {first}")
    tmux.wait_until(total_moved_from(total_left(shown)), "the total to move again")

    tmux.press("C-z")
    tmux.wait_for("Stopped")  # the shell's own screen, and its word on the job
    tmux.press("fg", "Enter")

    # Lines that did not change while away are drawn again, not only the digits.
    shown = tmux.wait_for("PAUSED", "Plank", PLANK_CUE, "Up next: Rest")
    assert "█" in shown
